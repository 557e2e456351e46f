/*
 * rollup.c — cells: writing deltas, batching them, recounting.
 *
 * A family delta ("incident", "case") expands to the physical cells it
 * moves: an incident counts in its day's cell and its month's cell.
 */
#include "model/rollup.h"
#include "base/date.h"
#include "base/text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int32_t month_of_day(int32_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	return y * 12 + m - 1;
}

int32_t month_first_day(int32_t month)
{
	return days_from_civil(month / 12, month % 12 + 1, 1);
}

struct phys {
	const char *sql; /* upsert with binds k1, k2, k3, d1, d2, n (unused binds omitted) */
	int nkeys_text, nkeys_int;
	const char *k[3];
	int32_t d[2];
};

static const char incident_day_sql[] =
	"INSERT INTO incident_day (station, division, category, day, n) VALUES (?, ?, ?, ?, ?)"
	" ON CONFLICT (station, day, category, division) DO UPDATE SET n = incident_day.n + excluded.n";
static const char incident_month_sql[] =
	"INSERT INTO incident_month (station, division, category, month, n) VALUES (?, ?, ?, ?, ?)"
	" ON CONFLICT (station, month, category, division) DO UPDATE SET n = incident_month.n + excluded.n";
static const char case_sql[] =
	"INSERT INTO case_cells (station, kind, accepted_day, closed_day, n) VALUES (?, ?, ?, ?, ?)"
	" ON CONFLICT (station, kind, accepted_day, closed_day) DO UPDATE SET n = case_cells.n + excluded.n";

static const char dispute_handled_sql[] =
	"INSERT INTO dispute_handled_cells (station, type, registered_day, handled_day, n) VALUES (?, ?, ?, ?, ?)"
	" ON CONFLICT (station, registered_day, type, handled_day) DO UPDATE SET n = dispute_handled_cells.n + excluded.n";
static const char dispute_settled_sql[] =
	"INSERT INTO dispute_settled_cells (station, type, registered_day, settled_day, n) VALUES (?, ?, ?, ?, ?)"
	" ON CONFLICT (station, registered_day, type, settled_day) DO UPDATE SET n = dispute_settled_cells.n + excluded.n";

/* The physical cells a family delta moves; returns how many (0: unknown family). */
static int expand(const struct cell_delta *c, struct phys out[2])
{
	if (!strcmp(c->table, "incident")) {
		out[0] = (struct phys){ incident_day_sql, 3, 1, { c->k1, c->k2, c->k3 }, { c->d1, 0 } };
		out[1] = (struct phys){ incident_month_sql, 3, 1, { c->k1, c->k2, c->k3 }, { month_of_day(c->d1), 0 } };
		return 2;
	}
	const char *sql = !strcmp(c->table, "case")		 ? case_sql
			  : !strcmp(c->table, "dispute_handled") ? dispute_handled_sql
			  : !strcmp(c->table, "dispute_settled") ? dispute_settled_sql
								 : NULL;
	if (sql) {
		out[0] = (struct phys){ sql, 2, 2, { c->k1, c->k2, "" }, { c->d1, c->d2 } };
		return 1;
	}
	return 0;
}

static int write_phys(struct db *db, const struct phys *p, int64_t n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, p->sql, e);
	if (!st)
		return -1;
	int b = 0;
	for (int i = 0; i < p->nkeys_text; i++)
		db_bind_text_static(st, ++b, p->k[i] ? p->k[i] : ""); /* the keys outlive this statement */
	for (int i = 0; i < p->nkeys_int; i++)
		db_bind_int(st, ++b, p->d[i]);
	db_bind_int(st, ++b, n);
	int rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int rollup_apply_cell(void *ctx, const struct cell_delta *c, struct err *e)
{
	struct phys p[2];
	int np = expand(c, p);
	if (!np)
		return err_set(e, ERR_INTERNAL, "rollup.family", NULL, "unknown rollup family %s", c->table);
	for (int i = 0; i < np; i++)
		if (write_phys(ctx, &p[i], c->n, e))
			return -1;
	return 0;
}

/* ---- batches: an open-addressed map from physical cell to delta ---------- */

/* Keys are codes: a station's (at most 20 ASCII characters, see station_check),
 * a division's (12 digits), a top-level category or a case kind (a word). */
#define KEY_TEXT 40

/* A physical cell's identity, compared and hashed as plain bytes. */
struct cell_key {
	const char *sql; /* which table (its upsert statement) */
	char k[3][KEY_TEXT];
	int32_t d[2];
};
_Static_assert(sizeof(struct cell_key) % 8 == 0, "hash_key reads whole words");

struct entry {
	bool used;
	uint64_t hash; /* compared before the key: most probes end there */
	struct cell_key key;
	int ntext, nint;
	int64_t n;
};

struct rollup_batch {
	struct entry *slots;
	size_t cap, used;
};

struct rollup_batch *rollup_batch_new(void)
{
	struct rollup_batch *b = calloc(1, sizeof *b);
	if (b && !(b->slots = calloc(b->cap = 1024, sizeof *b->slots))) {
		free(b);
		return NULL;
	}
	return b;
}

void rollup_batch_free(struct rollup_batch *b)
{
	if (!b)
		return;
	free(b->slots);
	free(b);
}

/* A word at a time: the key is a multiple of 8 bytes, zero-filled. */
static uint64_t hash_key(const struct cell_key *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ull, w;
	const unsigned char *p = (const unsigned char *)k;
	for (size_t i = 0; i + 8 <= sizeof *k; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return h;
}

static struct entry *slot(struct entry *slots, size_t cap, const struct cell_key *key, uint64_t h)
{
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1))
		if (!slots[i].used || (slots[i].hash == h && !memcmp(&slots[i].key, key, sizeof *key)))
			return &slots[i];
}

static int grow(struct rollup_batch *b)
{
	size_t cap = b->cap * 2;
	struct entry *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < b->cap; i++)
		if (b->slots[i].used)
			*slot(slots, cap, &b->slots[i].key, b->slots[i].hash) = b->slots[i];
	free(b->slots);
	b->slots = slots;
	b->cap = cap;
	return 0;
}

static int batch_add_phys(struct rollup_batch *b, const struct phys *p, int64_t n, struct err *e)
{
	struct cell_key key;
	memset(&key, 0, sizeof key); /* padding and unused bytes too: keys compare as bytes */
	key.sql = p->sql;
	for (int i = 0; i < 3; i++) {
		size_t len = p->k[i] ? strlen(p->k[i]) : 0;
		if (len >= KEY_TEXT)
			return err_set(e, ERR_INVALID, "rollup.key", NULL, "统计键过长（rollup key too long）: %.60s", p->k[i]);
		if (len)
			memcpy(key.k[i], p->k[i], len);
	}
	key.d[0] = p->d[0];
	key.d[1] = p->d[1];
	if ((b->used + 1) * 2 > b->cap && grow(b))
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	uint64_t h = hash_key(&key);
	struct entry *s = slot(b->slots, b->cap, &key, h);
	if (!s->used) {
		s->used = true;
		s->hash = h;
		s->key = key;
		s->ntext = p->nkeys_text;
		s->nint = p->nkeys_int;
		b->used++;
	}
	s->n += n;
	return 0;
}

/*
 * A batch holds an incident's day cell only: its month cell is the sum of
 * the month's day cells, added once per day cell by add_months() when the
 * batch is written or compared, not once per record.
 */
static int batch_add(void *ctx, const struct cell_delta *c, struct err *e)
{
	struct phys p[2];
	int np = expand(c, p);
	if (!np)
		return err_set(e, ERR_INTERNAL, "rollup.family", NULL, "unknown rollup family %s", c->table);
	if (p[0].sql == incident_day_sql)
		np = 1;
	for (int i = 0; i < np; i++)
		if (batch_add_phys(ctx, &p[i], c->n, e))
			return -1;
	return 0;
}

static int add_months(struct rollup_batch *b, struct err *e)
{
	/* copy the day cells first: adding entries may move the table */
	size_t n = 0;
	struct entry *days = malloc((b->used ? b->used : 1) * sizeof *days);
	if (!days)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	for (size_t i = 0; i < b->cap; i++)
		if (b->slots[i].used && b->slots[i].n && b->slots[i].key.sql == incident_day_sql)
			days[n++] = b->slots[i];
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct phys p = { incident_month_sql, 3, 1, { days[i].key.k[0], days[i].key.k[1], days[i].key.k[2] },
				  { month_of_day(days[i].key.d[0]), 0 } };
		rc = batch_add_phys(b, &p, days[i].n, e);
	}
	free(days);
	return rc;
}

struct cell_sink rollup_batch_sink(struct rollup_batch *b)
{
	return (struct cell_sink){ batch_add, b };
}

long rollup_batch_cells(const struct rollup_batch *b)
{
	return (long)b->used;
}

static void batch_clear(struct rollup_batch *b)
{
	memset(b->slots, 0, b->cap * sizeof *b->slots);
	b->used = 0;
}

/* Cells in the order of the tables' keys (station, then day), so the upserts walk each B-tree forwards. */
static int by_table_key(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
	if (x->key.sql != y->key.sql)
		return x->key.sql < y->key.sql ? -1 : 1;
	int c = strcmp(x->key.k[0], y->key.k[0]);
	if (c)
		return c;
	if (x->key.d[0] != y->key.d[0])
		return x->key.d[0] < y->key.d[0] ? -1 : 1;
	for (int i = 1; i < 3; i++)
		if ((c = strcmp(x->key.k[i], y->key.k[i])))
			return c;
	return x->key.d[1] < y->key.d[1] ? -1 : x->key.d[1] > y->key.d[1];
}

/*
 * FLUSH_ROWS cells of one table by one upsert (one round trip on
 * PostgreSQL instead of FLUSH_ROWS): the single-row statement with one more
 * "(?, ...)" group a row.  The cells' keys differ, so no row is hit twice.
 */
#define FLUSH_ROWS 64

static void build_many(const void *arg, struct buf *sql)
{
	const char *one = arg;
	const char *values = strstr(one, " VALUES ("), *rest = strstr(one, " ON CONFLICT");
	size_t group = (size_t)(rest - values) - strlen(" VALUES ");
	buf_add(sql, one, (size_t)(values - one) + strlen(" VALUES "));
	for (int k = 0; k < FLUSH_ROWS; k++) {
		if (k)
			buf_puts(sql, ", ");
		buf_add(sql, values + strlen(" VALUES "), group);
	}
	buf_puts(sql, rest);
}

static int write_many(struct db *db, struct entry *const *cells, struct err *e)
{
	/* cached under an address inside the single-row statement's text: one per table */
	const char *one = cells[0]->key.sql;
	struct db_stmt *st = db_prepare_keyed(db, one + 1, build_many, one, e);
	if (!st)
		return -1;
	int b = 0;
	for (int k = 0; k < FLUSH_ROWS; k++) {
		const struct entry *s = cells[k];
		for (int i = 0; i < s->ntext; i++)
			db_bind_text_static(st, ++b, s->key.k[i]); /* the batch outlives this statement */
		for (int i = 0; i < s->nint; i++)
			db_bind_int(st, ++b, s->key.d[i]);
		db_bind_int(st, ++b, s->n);
	}
	int rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int rollup_batch_flush(struct rollup_batch *b, struct db *db, struct err *e)
{
	if (add_months(b, e))
		return -1;
	struct entry **order = malloc((b->used ? b->used : 1) * sizeof *order);
	if (!order)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < b->cap; i++)
		if (b->slots[i].used && b->slots[i].n)
			order[n++] = &b->slots[i];
	qsort(order, n, sizeof *order, by_table_key);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0;) {
		size_t run = 1;
		while (i + run < n && run < FLUSH_ROWS && order[i + run]->key.sql == order[i]->key.sql)
			run++;
		if (run == FLUSH_ROWS) {
			rc = write_many(db, order + i, e);
		} else {
			/* the last cells of a table, one statement each */
			for (size_t j = i; j < i + run && rc == 0; j++) {
				const struct entry *s = order[j];
				struct phys p = { s->key.sql, s->ntext, s->nint, { s->key.k[0], s->key.k[1], s->key.k[2] },
						  { s->key.d[0], s->key.d[1] } };
				rc = write_phys(db, &p, s->n, e);
			}
		}
		i += run;
	}
	free(order);
	if (rc)
		return -1;
	batch_clear(b);
	return 0;
}

/* ---- recount ---------------------------------------------------------------- */

/* Expected cells, from the records, into `b` (positive). */
static int recount(struct db *db, struct rollup_batch *b, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT station, COALESCE(division, ''), top_category, received_day, COUNT(*)"
					    " FROM incidents WHERE voided_at IS NULL GROUP BY 1, 2, 3, 4", e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct cell_delta c = { "incident", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
					(int32_t)db_col_int(st, 3), 0, db_col_int(st, 4) };
		if (batch_add(b, &c, e)) {
			rc = -1;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return -1;
	st = db_prepare(db, "SELECT station, kind, accepted_day, COALESCE(closed_day, -1), COUNT(*)"
			    " FROM cases WHERE voided_at IS NULL GROUP BY 1, 2, 3, 4", e);
	if (!st)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		struct cell_delta c = { "case", db_col_text(st, 0), db_col_text(st, 1), "", (int32_t)db_col_int(st, 2),
					(int32_t)db_col_int(st, 3), db_col_int(st, 4) };
		if (batch_add(b, &c, e)) {
			rc = -1;
			break;
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* A stored date's day number, -1 when empty. */
static int32_t stored_day(const char *s)
{
	int32_t day;
	struct err e;
	return s && *s && date_parse(s, "day", &day, &e) == 0 ? day : -1;
}

/* Each live dispute's two cells. */
static int recount_disputes(struct db *db, struct rollup_batch *b, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT station, type, registered_on, COALESCE(handled_on, ''),"
					    " COALESCE(settled_on, ''), COUNT(*) FROM disputes WHERE voided_at IS NULL"
					    " GROUP BY 1, 2, 3, 4, 5", e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		int32_t reg = stored_day(db_col_text(st, 2));
		struct cell_delta h = { "dispute_handled", db_col_text(st, 0), db_col_text(st, 1), "", reg,
					stored_day(db_col_text(st, 3)), db_col_int(st, 5) };
		struct cell_delta s = h;
		s.table = "dispute_settled";
		s.d2 = stored_day(db_col_text(st, 4));
		if (batch_add(b, &h, e) || batch_add(b, &s, e)) {
			rc = -1;
			break;
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* Subtract what the cell tables hold. */
static int subtract_tables(struct db *db, struct rollup_batch *b, struct err *e)
{
	static const struct {
		const char *select, *sql;
		int ntext, nint;
	} tables[] = {
		{ "SELECT station, division, category, day, n FROM incident_day WHERE n <> 0", incident_day_sql, 3, 1 },
		{ "SELECT station, division, category, month, n FROM incident_month WHERE n <> 0", incident_month_sql, 3, 1 },
		{ "SELECT station, kind, accepted_day, closed_day, n FROM case_cells WHERE n <> 0", case_sql, 2, 2 },
		{ "SELECT station, type, registered_day, handled_day, n FROM dispute_handled_cells WHERE n <> 0",
		  dispute_handled_sql, 2, 2 },
		{ "SELECT station, type, registered_day, settled_day, n FROM dispute_settled_cells WHERE n <> 0",
		  dispute_settled_sql, 2, 2 },
	};
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		struct db_stmt *st = db_prepare(db, tables[t].select, e);
		if (!st)
			return -1;
		int rc;
		while ((rc = db_step(st, e)) == 1) {
			struct phys p = { tables[t].sql, tables[t].ntext, tables[t].nint, { "", "", "" }, { 0, 0 } };
			int c = 0;
			for (int i = 0; i < p.nkeys_text; i++)
				p.k[i] = db_col_text(st, c++);
			for (int i = 0; i < p.nkeys_int; i++)
				p.d[i] = (int32_t)db_col_int(st, c++);
			if (batch_add_phys(b, &p, -db_col_int(st, c), e)) {
				rc = -1;
				break;
			}
		}
		db_done(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int rollup_check(struct db *db, int64_t *differences, struct err *e)
{
	struct rollup_batch *b = rollup_batch_new();
	if (!b)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = recount(db, b, e) || recount_disputes(db, b, e) || add_months(b, e) || subtract_tables(db, b, e) ? -1 : 0;
	*differences = 0;
	for (size_t i = 0; rc == 0 && i < b->cap; i++)
		if (b->slots[i].used && b->slots[i].n)
			(*differences)++;
	rollup_batch_free(b);
	return rc;
}

int rollup_rebuild(struct db *db, struct err *e)
{
	struct rollup_batch *b = rollup_batch_new();
	if (!b)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = db_begin(db, e);
	if (rc == 0) {
		rc = db_exec(db,
			     "DELETE FROM incident_day; DELETE FROM incident_month; DELETE FROM case_cells;"
			     " DELETE FROM dispute_handled_cells; DELETE FROM dispute_settled_cells;",
			     e) ||
				     recount(db, b, e) || recount_disputes(db, b, e) || rollup_batch_flush(b, db, e) ||
				     db_commit(db, e)
			     ? -1
			     : 0;
		if (rc)
			db_rollback(db);
	}
	rollup_batch_free(b);
	return rc;
}
