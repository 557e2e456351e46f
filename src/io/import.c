/*
 * import.c — rows of a CSV file or an XLSX sheet into described records,
 * checked and saved in one transaction.  Both readers give rows the same
 * way (struct csv_row: fields and the line or sheet row number), through a
 * struct row_source; the rest of the import does not know which it reads.
 */
#include "io/import.h"
#include "base/config.h"
#include "base/text.h"
#include "io/xlsx_read.h"
#include "model/memo.h"
#include "model/rollup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_COLUMNS 256
#define PROGRESS_EVERY 10000
#define BATCH_MAX_CELLS 200000 /* about 40 MiB of pending deltas */
#define IMPORT_LOCK_WAIT_MS 2000 /* a short write from the server can finish first */

struct column_map {
	int ncols;
	int field[MAX_COLUMNS];     /* field index per column, -1 = ignored */
	char *header[MAX_COLUMNS];  /* as written */
	int column_of[MAX_COLUMNS]; /* column per field, -1 = absent */
};

static bool header_matches(const struct field *f, const char *h)
{
	if (text_eq_icase_ascii(f->name, h) || !strcmp(f->zh, h) || text_eq_icase_ascii(f->en, h))
		return true;
	if (!f->aliases)
		return false;
	size_t n = strlen(h);
	for (const char *a = f->aliases; *a;) {
		const char *bar = strchr(a, '|');
		size_t len = bar ? (size_t)(bar - a) : strlen(a);
		if (len == n && !memcmp(a, h, n))
			return true;
		if (!bar)
			break;
		a = bar + 1;
	}
	return false;
}

/* One import's state, as the helpers below need it. */
struct ctx {
	const struct record_type *t;
	struct db *db;
	int64_t now;
	const struct cell_sink *cells; /* the rollup batch, or NULL for a type without cells */
	const struct import_report *rep;
	struct import_result *res;
	const struct column_map *map;
	long line;
	uint64_t refused; /* bit i: the row's cell for field i was refused (its problem told already) */
};

static void problem(struct ctx *c, long line, const char *column, const char *message)
{
	c->res->problems++;
	if (c->rep && c->rep->problem)
		c->rep->problem(c->rep->ctx, line, column, message);
}

static int read_header(const struct record_type *t, const struct csv_row *row, struct column_map *map,
		       struct ctx *c, struct import_result *res)
{
	for (int i = 0; i < t->nfields; i++)
		map->column_of[i] = -1;
	if (row->n > MAX_COLUMNS) {
		problem(c, row->line, "-", "表头列数过多（too many columns）");
		return -1;
	}
	map->ncols = (int)row->n;
	int bad = 0;
	for (int i = 0; i < map->ncols; i++) {
		map->header[i] = strdup(text_trim(row->fields[i]));
		map->field[i] = -1;
		if (!map->header[i]) {
			/* a problem like any other: the file is refused, never half read */
			problem(c, row->line, "-", "内存不足（out of memory）");
			return -1;
		}
		for (int k = 0; k < t->nfields; k++) {
			if ((t->fields[k].flags & FF_DERIVED) || !header_matches(&t->fields[k], map->header[i]))
				continue;
			if (map->column_of[k] >= 0) {
				char msg[300];
				snprintf(msg, sizeof msg, "与第 %d 列重复，都是“%s”（duplicate column）", map->column_of[k] + 1,
					 t->fields[k].zh);
				problem(c, row->line, map->header[i], msg);
				bad++;
			} else {
				map->field[i] = k;
				map->column_of[k] = i;
			}
			break;
		}
		if (map->field[i] < 0)
			res->ignored_columns++;
	}
	for (int k = 0; k < t->nfields; k++) {
		if ((t->fields[k].flags & FF_REQUIRED) && map->column_of[k] < 0) {
			char msg[300];
			snprintf(msg, sizeof msg, "缺少必需的列“%s”（%s）（missing required column）", t->fields[k].zh,
				 t->fields[k].name);
			problem(c, row->line, t->fields[k].name, msg);
			bad++;
		}
	}
	return bad ? -1 : 0;
}

/* The column header as written for a field name, or the name itself. */
static const char *written_column(const struct record_type *t, const struct column_map *map, const char *field)
{
	int k = field_index(t, field);
	if (k >= 0 && map->column_of[k] >= 0)
		return map->header[map->column_of[k]];
	return field[0] ? field : "-";
}

static void row_problem(void *vctx, const struct err *e)
{
	struct ctx *c = vctx;
	int i = e->field[0] ? field_index(c->t, e->field) : -1;
	if (i >= 0 && i < 64 && (c->refused >> i & 1))
		return; /* the cell's own problem says it */
	problem(c, c->line, written_column(c->t, c->map, e->field), e->message);
}

/*
 * Checked rows waiting to be saved: one at a time, or RECORD_CHUNK at a
 * time for types whose rows stand alone (a row's checks never read rows of
 * its own type, so they need not wait for the rows above to be stored).
 */
struct pending {
	struct record *r[RECORD_CHUNK];
	long line[RECORD_CHUNK];
	int n, cap;
};

/* Save one checked row as record_save_to does; its problems name its line. */
/* Is the row's record, as stored now, within the caller's scope?  1 yes (or none stored), 0 no, -1 error. */
static int stored_in_scope(struct ctx *c, const struct record *r, int64_t id, struct err *e)
{
	if (!id && record_find_id(c->db, r, &id, e))
		return -1;
	return id ? record_in_scope(c->db, c->t, id, c->rep->scope, e) : 1;
}

static void scope_problem(struct ctx *c, long line)
{
	problem(c, line, written_column(c->t, c->map, "station"),
		"超出您的数据范围，不能导入这一行（outside your unit's records）");
}

static int save_one(struct ctx *c, struct record *r, long line, struct err *e)
{
	bool created = false;
	struct err se;
	err_clear(&se);
	c->line = line;
	bool scoped = c->rep && c->rep->scope;
	if (scoped) {
		/* a row may not take over a record the caller cannot see */
		int in = stored_in_scope(c, r, 0, e);
		if (in < 0)
			return -1;
		if (!in) {
			scope_problem(c, line);
			return 0;
		}
	}
	if (record_save_to(c->db, r, c->now, &created, c->cells, &se)) {
		if (se.kind != ERR_CONFLICT && se.kind != ERR_INVALID) {
			*e = se;
			return -1;
		}
		problem(c, line, written_column(c->t, c->map, se.field), se.message);
		return 0;
	}
	if (scoped) {
		/* nor write one outside it (the transaction is refused then) */
		int in = stored_in_scope(c, r, r->id, e);
		if (in < 0)
			return -1;
		if (!in)
			scope_problem(c, line);
	}
	if (created)
		c->res->inserted++;
	else
		c->res->updated++;
	return 0;
}

static int save_pending(struct ctx *c, struct pending *p, struct err *e)
{
	bool inserted[RECORD_CHUNK] = { false };
	if (p->n == RECORD_CHUNK) {
		int rc = record_insert_chunk(c->db, p->r, c->now, c->cells, inserted, e);
		if (rc < 0)
			return -1;
		for (int i = 0; i < p->n; i++)
			c->res->inserted += inserted[i];
	}
	/* the rest (keys already stored, or the whole chunk after a refusal) in order */
	for (int i = 0; i < p->n; i++)
		if (!inserted[i] && save_one(c, p->r[i], p->line[i], e))
			return -1;
	p->n = 0;
	return 0;
}

static long file_size(FILE *f)
{
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode))
		return (long)sb.st_size;
	return -1;
}

/* Where rows come from: a CSV reader or an XLSX sheet. */
struct row_source {
	int (*next)(void *src, struct csv_row *row, struct err *e);
	double (*fraction)(void *src); /* of the input read, or -1 */
	void *src;
	/* XLSX leaves out trailing empty cells: a short row is padded with empty fields */
	bool pad;
};

/*
 * The rows of a type whose rows refer to rows of the same type (a unit's
 * parent): the whole file read first, then given parents first, so a file
 * may list a child before its parent.  A row in a cycle within the file
 * still comes before the row it needs, and is refused on its own line.
 */
struct tree_rows {
	struct csv_row *rows; /* in file order; fields owned */
	size_t n, at;
	size_t *order; /* indices into rows, parents first */
	int end;       /* what the source said after its last row: 0, or -1 with err */
	struct err err;
	int key_col, parent_col;
	/* each row's key and parent as the fields read them (trimmed, canonical), as
	 * the reference check will compare them: [2 * i] the key, [2 * i + 1] the parent */
	const struct record_type *t;
	int key_field, parent_field;
	char **norm;
};

static int tree_rows_next(void *src, struct csv_row *row, struct err *e)
{
	struct tree_rows *b = src;
	if (b->at < b->n) {
		*row = b->rows[b->order[b->at++]];
		return 1;
	}
	if (b->end < 0)
		*e = b->err;
	return b->end;
}

static double tree_rows_fraction(void *src)
{
	struct tree_rows *b = src;
	return b->n ? (double)b->at / (double)b->n : -1;
}

static void tree_rows_free(struct tree_rows *b)
{
	for (size_t i = 0; i < b->n; i++) {
		for (size_t k = 0; k < b->rows[i].n; k++)
			free(b->rows[i].fields[k]);
		free(b->rows[i].fields);
		free(b->rows[i].lens);
	}
	for (size_t i = 0; b->norm && i < 2 * b->n; i++)
		free(b->norm[i]);
	free(b->norm);
	free(b->rows);
	free(b->order);
}

static const char *tree_cell(const struct tree_rows *b, size_t i, int col)
{
	return col >= 0 && (size_t)col < b->rows[i].n ? b->rows[i].fields[col] : "";
}

/* Row i's key (parent false) or parent, as its field reads it ("" when empty). */
static const char *tree_value(const struct tree_rows *b, size_t i, bool parent)
{
	const char *v = b->norm[2 * i + parent];
	return v ? v : "";
}

/* Each row's key and parent through the field's parser (a cell it refuses is kept as it is). */
static int tree_rows_normalise(struct tree_rows *b, struct err *e)
{
	if (!(b->norm = calloc(2 * (b->n ? b->n : 1), sizeof *b->norm)))
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	struct record *r = record_new(b->t);
	if (!r)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = 0;
	for (size_t i = 0; i < b->n && !rc; i++)
		for (int k = 0; k < 2 && !rc; k++) {
			int field = k ? b->parent_field : b->key_field;
			const char *cell = tree_cell(b, i, k ? b->parent_col : b->key_col);
			struct err pe;
			err_clear(&pe);
			const char *v = cell;
			if (record_set(r, field, cell, config()->tz_minutes, &pe) == 0)
				v = r->v[field].set ? r->v[field].s : "";
			if (!(b->norm[2 * i + (size_t)k] = strdup(v)))
				rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		}
	record_free(r);
	return rc;
}

/* The first row of the file with key `code`, or -1 (keys sorted in `by_key`). */
static long tree_find(const struct tree_rows *b, const size_t *by_key, const char *code)
{
	size_t lo = 0, hi = b->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(tree_value(b, by_key[mid], false), code);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->n && !strcmp(tree_value(b, by_key[lo], false), code) ? (long)by_key[lo] : -1;
}

static int by_key_cmp(const void *x, const void *y, void *ctx)
{
	const struct tree_rows *b = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = strcmp(tree_value(b, i, false), tree_value(b, j, false));
	return c ? c : (i > j) - (i < j);
}

/* Parents first: each row after the row of the file it names as parent, else in file order. */
static int tree_rows_order(struct tree_rows *b, struct err *e)
{
	size_t *by_key = malloc((b->n ? b->n : 1) * sizeof *by_key);
	unsigned char *state = calloc(b->n ? b->n : 1, 1); /* 1 on the way, 2 placed */
	size_t *stack = malloc((b->n ? b->n : 1) * sizeof *stack);
	b->order = malloc((b->n ? b->n : 1) * sizeof *b->order);
	if (!by_key || !state || !stack || !b->order) {
		free(by_key);
		free(state);
		free(stack);
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	}
	for (size_t i = 0; i < b->n; i++)
		by_key[i] = i;
	qsort_r(by_key, b->n, sizeof *by_key, by_key_cmp, b);
	size_t placed = 0;
	for (size_t i = 0; i < b->n; i++) {
		/* walk up the parents within the file, then place them from the top down */
		size_t depth = 0;
		for (long at = (long)i; at >= 0 && !state[at];) {
			state[at] = 1;
			stack[depth++] = (size_t)at;
			const char *parent = tree_value(b, (size_t)at, true);
			at = *parent ? tree_find(b, by_key, parent) : -1;
		}
		while (depth) {
			size_t r = stack[--depth];
			state[r] = 2;
			b->order[placed++] = r;
		}
	}
	free(by_key);
	free(state);
	free(stack);
	return 0;
}

/* Read the rest of `rs` into `b`, parents first. */
static int tree_rows_read(struct tree_rows *b, const struct row_source *rs, struct err *e)
{
	size_t cap = 0;
	struct csv_row row;
	int got;
	while ((got = rs->next(rs->src, &row, e)) == 1) {
		if (b->n == cap) {
			cap = cap ? cap * 2 : 64;
			struct csv_row *more = realloc(b->rows, cap * sizeof *more);
			if (!more)
				return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			b->rows = more;
		}
		struct csv_row *c = &b->rows[b->n];
		*c = (struct csv_row){ .line = row.line };
		c->fields = calloc(row.n ? row.n : 1, sizeof *c->fields);
		c->lens = calloc(row.n ? row.n : 1, sizeof *c->lens);
		b->n++;
		if (!c->fields || !c->lens)
			return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		for (size_t k = 0; k < row.n; k++) {
			if (!(c->fields[k] = malloc(row.lens[k] + 1)))
				return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			memcpy(c->fields[k], row.fields[k], row.lens[k]);
			c->fields[k][row.lens[k]] = '\0';
			c->lens[k] = row.lens[k];
			c->n = k + 1;
		}
	}
	b->end = got;
	if (got < 0)
		b->err = *e;
	return tree_rows_normalise(b, e) || tree_rows_order(b, e) ? -1 : 0;
}

/* The field of t that refers to t itself (a unit's parent), or -1. */
static int self_ref(const struct record_type *t)
{
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].type == FT_REF && t->fields[i].ref == t)
			return i;
	return -1;
}

/* The one key field of t, or -1. */
static int only_key(const struct record_type *t)
{
	int key = -1;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY) {
			if (key >= 0)
				return -1;
			key = i;
		}
	return key;
}

static int import_rows(struct db *db, const struct record_type *t, const struct row_source *rs, bool dry_run,
		       const struct import_report *rep, struct import_result *res, struct err *e)
{
	struct column_map map = { 0 };
	struct ctx c = { .t = t, .db = db, .now = (int64_t)time(NULL), .rep = rep, .res = res, .map = &map };
	struct problem_sink sink = { .report = row_problem, .ctx = &c };
	/* rows of a caller with a scope are saved one by one, each checked against it */
	bool chunked = record_save_strategy(t, true) == SAVE_CHUNKED && !(rep && rep->scope);
	struct pending pend = { .cap = chunked ? RECORD_CHUNK : 1 };
	struct rollup_batch *batch = NULL;
	struct memo *memo = NULL;
	struct csv_row row;
	int status = -1;
	bool in_tx = false, indexes_deferred = false;
	struct tree_rows tree = { .key_col = -1 };
	struct row_source tree_src;

	int got = rs->next(rs->src, &row, e);
	if (got <= 0) {
		if (got == 0)
			err_set(e, ERR_INVALID, "import.empty", NULL, "文件为空，缺少表头行（the file is empty: a header row is required）");
		goto out;
	}
	c.line = row.line;
	if (read_header(t, &row, &map, &c, res))
		goto done;
	int self = self_ref(t), key = only_key(t);
	if (self >= 0 && key >= 0 && map.column_of[self] >= 0 && map.column_of[key] >= 0) {
		/* a tree's rows in any order: parents first */
		tree.key_col = map.column_of[key];
		tree.parent_col = map.column_of[self];
		tree.t = t;
		tree.key_field = key;
		tree.parent_field = self;
		if (tree_rows_read(&tree, rs, e))
			goto out;
		tree_src = (struct row_source){ tree_rows_next, tree_rows_fraction, &tree, rs->pad };
		rs = &tree_src;
	}

	for (int i = 0; i < pend.cap; i++)
		if (!(pend.r[i] = record_new(t)))
			break;
	memo = memo_new();
	batch = t->cells ? rollup_batch_new() : NULL;
	if (!pend.r[pend.cap - 1] || !memo || (t->cells && !batch)) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	/* rollup deltas gather in memory and each cell is written once, at the end */
	struct cell_sink cells = batch ? rollup_batch_sink(batch) : (struct cell_sink){ 0 };
	c.cells = batch ? &cells : NULL;
	/* every reference is looked up by record_check in this transaction; a
	 * second import does not queue behind a long one: it says so and stops */
	db_busy_wait(db, IMPORT_LOCK_WAIT_MS);
	int began = db_begin_bulk(db, e);
	db_busy_wait(db, DB_BUSY_WAIT_MS);
	if (began) {
		if (e->kind == ERR_UNAVAILABLE)
			err_set(e, ERR_UNAVAILABLE, "import.busy", NULL,
				"另一个导入（或其他写入）正在进行，请等它结束后再导入（another import or write is running:"
				" wait for it to finish, then import again）");
		goto out;
	}
	in_tx = true;

	while ((got = rs->next(rs->src, &row, e)) == 1) {
		c.line = row.line;
		res->rows++;
		if (rep && rep->progress && res->rows % PROGRESS_EVERY == 0)
			rep->progress(rep->ctx, res->rows, rs->fraction(rs->src));
		if ((int)row.n > map.ncols || (!rs->pad && (int)row.n != map.ncols)) {
			char msg[200];
			snprintf(msg, sizeof msg, "本行有 %zu 列，表头有 %d 列（%zu fields, the header has %d）", row.n,
				 map.ncols, row.n, map.ncols);
			problem(&c, row.line, "-", msg);
			continue;
		}
		/* Once a problem is found the file is refused: rows are then saved as
		 * they come, so a saving problem of a waiting row (rare: a key clash
		 * or a constraint of the store) follows later lines' problems by at
		 * most one chunk. */
		if (res->problems && pend.cap > 1) {
			if (pend.n && save_pending(&c, &pend, e))
				goto out;
			pend.cap = 1;
		}
		struct record *r = pend.r[pend.n];
		record_clear(r);
		r->memo = memo;
		r->bulk = true;
		r->end_dependents = rep ? rep->end_dependents : NULL;
		r->scope = rep ? rep->scope : NULL;
		/* A refused row is a problem even when none reached the report (out
		 * of memory on the way): it must never be skipped silently.  A row
		 * with refused cells is still checked without them, so its broken
		 * rules are listed with them. */
		long reported = res->problems;
		int bad = 0;
		c.refused = 0;
		for (int i = 0; i < map.ncols; i++) {
			if (map.field[i] < 0)
				continue;
			struct err fe; /* filled only on failure */
			const char *cell = (size_t)i < row.n ? row.fields[i] : "";
			if (record_set(r, map.field[i], cell, config()->tz_minutes, &fe)) {
				problem(&c, row.line, map.header[i], fe.message);
				bad++;
				c.refused |= map.field[i] < 64 ? UINT64_C(1) << map.field[i] : 0;
			}
		}
		if (record_check(db, r, &sink) || bad) {
			if (res->problems == reported)
				problem(&c, row.line, "-", "本行未通过检查（the row was refused）");
			continue;
		}
		pend.line[pend.n++] = row.line;
		if (pend.n < pend.cap)
			continue;
		if (save_pending(&c, &pend, e))
			goto out;
		/* a load that at least doubles the table builds its plain indexes at the end, by one sort */
		if (chunked && !indexes_deferred) {
			int d = db_bulk_defer_indexes(db, t->table, res->inserted, e);
			if (d < 0)
				goto out;
			indexes_deferred = d == 1;
		}
		/* a file touching very many cells writes them out early, so memory stays bounded */
		if (batch && rollup_batch_cells(batch) > BATCH_MAX_CELLS && rollup_batch_flush(batch, db, e))
			goto out;
	}
	if (got < 0) {
		/* a malformed file: report it where it is, like any other problem */
		problem(&c, e->line, "-", e->message);
	}
	if (pend.n && save_pending(&c, &pend, e))
		goto out;
done:
	if (res->problems) {
		err_set(e, ERR_INVALID, "import.rejected", NULL,
			"发现 %ld 处问题，未导入任何数据（%ld problems: nothing was imported）", res->problems, res->problems);
		goto out;
	}
	if (dry_run) {
		status = 0;
		goto out;
	}
	if (batch && rollup_batch_flush(batch, db, e))
		goto out;
	rollup_batch_free(batch); /* its memory back before the indexes are sorted */
	batch = NULL;
	if (db_bulk_build_indexes(db, e) || (rep && rep->before_commit && rep->before_commit(rep->ctx, db, res, e)) ||
	    db_commit(db, e))
		goto out;
	in_tx = false;
	status = 0;
out:
	if (in_tx)
		db_rollback(db);
	for (int i = 0; i < RECORD_CHUNK; i++)
		record_free(pend.r[i]); /* NULL past those made */
	rollup_batch_free(batch);
	memo_free(memo);
	tree_rows_free(&tree);
	for (int i = 0; i < map.ncols; i++)
		free(map.header[i]);
	return status;
}

struct csv_src {
	struct csv_reader *csv;
	FILE *f;
	long size;
};

static int csv_src_next(void *src, struct csv_row *row, struct err *e)
{
	return csv_next(((struct csv_src *)src)->csv, row, e);
}

static double csv_src_fraction(void *src)
{
	struct csv_src *s = src;
	return s->size > 0 ? (double)ftell(s->f) / (double)s->size : -1;
}

int import_csv(struct db *db, const struct record_type *t, FILE *f, bool dry_run,
	       const struct import_report *rep, struct import_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	struct csv_src s = { .csv = csv_open(f, e), .f = f, .size = file_size(f) };
	if (!s.csv)
		return -1;
	res->encoding = csv_encoding(s.csv);
	struct row_source rs = { .next = csv_src_next, .fraction = csv_src_fraction, .src = &s };
	int rc = import_rows(db, t, &rs, dry_run, rep, res, e);
	csv_close(s.csv);
	return rc;
}

static int xlsx_src_next(void *src, struct csv_row *row, struct err *e)
{
	return xlsx_next(src, row, e);
}

static double xlsx_src_fraction(void *src)
{
	return xlsx_fraction(src);
}

static int import_xlsx(struct db *db, const struct record_type *t, struct xlsx_reader *x, bool dry_run,
		       const struct import_report *rep, struct import_result *res, struct err *e)
{
	if (!x)
		return -1;
	struct row_source rs = { .next = xlsx_src_next, .fraction = xlsx_src_fraction, .src = x, .pad = true };
	int rc = import_rows(db, t, &rs, dry_run, rep, res, e);
	xlsx_close(x);
	return rc;
}

static int sheet_of_csv(const char *sheet, struct err *e)
{
	return err_set(e, ERR_INVALID, "import.sheet_csv", "sheet",
		       "文件是 CSV，没有工作表“%.100s”（--sheet applies to XLSX workbooks only）", sheet);
}

int import_buffer(struct db *db, const struct record_type *t, const void *buf, size_t len, const char *sheet,
		  bool dry_run, const struct import_report *rep, struct import_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	if (xlsx_sniff(buf, len)) {
		res->xlsx = true;
		struct xlsx_read_opts o = { .sheet = sheet };
		return import_xlsx(db, t, xlsx_open_buffer(buf, len, &o, e), dry_run, rep, res, e);
	}
	if (sheet)
		return sheet_of_csv(sheet, e);
	if (len == 0)
		return err_set(e, ERR_INVALID, "import.empty", NULL, "文件为空，缺少表头行（the file is empty: a header row is required）");
	FILE *f = fmemopen((void *)(uintptr_t)buf, len, "rb");
	if (!f)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = import_csv(db, t, f, dry_run, rep, res, e);
	fclose(f);
	return rc;
}

/* The leading bytes read from a pipe, then the rest of it (fopencookie). */
struct prefixed {
	FILE *f;
	char head[4];
	size_t n, at;
};

static ssize_t prefixed_read(void *cookie, char *b, size_t size)
{
	struct prefixed *p = cookie;
	if (p->at < p->n) {
		size_t k = p->n - p->at < size ? p->n - p->at : size;
		memcpy(b, p->head + p->at, k);
		p->at += k;
		return (ssize_t)k;
	}
	size_t got = fread(b, 1, size, p->f);
	return got == 0 && ferror(p->f) ? -1 : (ssize_t)got;
}

/* All of a non-seekable input (a workbook piped in), at most XLSX_MAX_INFLATED bytes. */
static char *slurp(FILE *f, const char *head, size_t n, size_t *len, struct err *e)
{
	size_t cap = 1u << 20;
	char *p = malloc(cap);
	if (!p) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	memcpy(p, head, n);
	size_t got;
	while ((got = fread(p + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *q = cap < XLSX_MAX_INFLATED ? realloc(p, cap * 2) : NULL;
			if (!q) {
				free(p);
				err_set(e, ERR_TOO_LARGE, "xlsx.too_large", NULL, "XLSX 文件过大（the workbook is too large）");
				return NULL;
			}
			p = q;
			cap *= 2;
		}
	}
	*len = n;
	return p;
}

int import_file(struct db *db, const struct record_type *t, FILE *f, const char *sheet, bool dry_run,
		const struct import_report *rep, struct import_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	char head[4];
	size_t n = fread(head, 1, sizeof head, f);
	bool xlsx = xlsx_sniff(head, n);
	if (!xlsx && sheet)
		return sheet_of_csv(sheet, e);
	if (fseek(f, 0, SEEK_SET) == 0) {
		if (!xlsx)
			return import_csv(db, t, f, dry_run, rep, res, e);
		res->xlsx = true;
		struct xlsx_read_opts o = { .sheet = sheet };
		return import_xlsx(db, t, xlsx_open_file(f, &o, e), dry_run, rep, res, e);
	}
	if (xlsx) {
		size_t len;
		char *all = slurp(f, head, n, &len, e);
		if (!all)
			return -1;
		int rc = import_buffer(db, t, all, len, sheet, dry_run, rep, res, e);
		free(all);
		return rc;
	}
	struct prefixed p = { .f = f, .n = n };
	memcpy(p.head, head, n);
	FILE *pf = fopencookie(&p, "rb", (cookie_io_functions_t){ .read = prefixed_read });
	if (!pf)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = import_csv(db, t, pf, dry_run, rep, res, e);
	fclose(pf);
	return rc;
}
