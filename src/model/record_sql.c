/*
 * record_sql.c — the SQL of the generic record code, assembled from the
 * descriptors: column names come only from the static tables, values only
 * through binds.  The statements every type needs (look-ups, insert,
 * update, load), how a record's values are bound to them, and the one
 * walker that writes a list's WHERE clause together with its binds.
 */
#include "model/record_internal.h"
#include "base/date.h"
#include "model/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool field_stored(const struct field *f)
{
	return f->type != FT_REFLIST;
}

int record_scope_of(const struct record_type *t, const struct scope *scope)
{
	if (!scope || scope->kind == SCOPE_ALL)
		return SCOPE_OPEN;
	if (scope->kind >= SCOPE_NONE)
		return SCOPE_CLOSED;
	if (t->scope_sql[scope->kind])
		return (int)scope->kind;
	for (int k = 0; k < SCOPE_KINDS; k++)
		if (t->scope_sql[k])
			return SCOPE_CLOSED; /* confined, but not to this kind of unit */
	return SCOPE_OPEN;
}

/* each scoped operation's partner variant follows its unit variant */
_Static_assert(OP_REF_EXISTS_PARTNER == OP_REF_EXISTS_UNIT + (SCOPE_PARTNER - SCOPE_UNIT), "op order");
_Static_assert(OP_LOAD_PARTNER == OP_LOAD_UNIT + (SCOPE_PARTNER - SCOPE_UNIT), "op order");
_Static_assert(OP_IN_SCOPE_PARTNER == OP_IN_SCOPE_UNIT + (SCOPE_PARTNER - SCOPE_UNIT), "op order");
_Static_assert(OP_REF_EXISTS_GRID == OP_REF_EXISTS_UNIT + (SCOPE_GRID - SCOPE_UNIT), "op order");
_Static_assert(OP_LOAD_GRID == OP_LOAD_UNIT + (SCOPE_GRID - SCOPE_UNIT), "op order");
_Static_assert(OP_IN_SCOPE_GRID == OP_IN_SCOPE_UNIT + (SCOPE_GRID - SCOPE_UNIT), "op order");

enum record_op record_scoped_op(enum record_op unit_op, int kind)
{
	return (enum record_op)((int)unit_op + (kind - SCOPE_UNIT));
}

/* "a = ? AND b = ?" over the key fields, or "a, b" (`sep` between them, `eq` after each). */
static void key_columns(const struct record_type *t, struct buf *sql, const char *sep, const char *eq)
{
	int n = 0;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY)
			buf_printf(sql, "%s%s%s", n++ ? sep : "", field_column(&t->fields[i]), eq);
}

/* For each stored field: `before`, its column, `after`; with before NULL, only `after`. */
static void stored_columns(const struct record_type *t, struct buf *sql, const char *before, const char *after)
{
	for (int i = 0; i < t->nfields; i++)
		if (field_stored(&t->fields[i]))
			buf_printf(sql, "%s%s%s", before ? before : "", before ? field_column(&t->fields[i]) : "", after);
}

static void build_ref_exists(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, "SELECT 1 FROM %s WHERE %s = ? AND voided_at IS NULL", t->table, field_column(record_key_field(t)));
}

static void build_find_id(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, "SELECT id FROM %s WHERE ", t->table);
	key_columns(t, sql, " AND ", " = ?");
}

/* One row's placeholders: "(?, ..., ?)" for the stored fields, created_at and updated_at. */
static void values_group(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, "(");
	stored_columns(t, sql, NULL, "?, ");
	buf_printf(sql, "?, ?)");
}

static void build_insert(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, "INSERT INTO %s (", t->table);
	stored_columns(t, sql, "", ", ");
	buf_printf(sql, "created_at, updated_at) VALUES ");
	values_group(t, sql);
}

static void on_conflict_do_nothing(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, " ON CONFLICT (");
	key_columns(t, sql, ", ", "");
	buf_printf(sql, ") DO NOTHING");
}

/* An insert that does nothing when the key exists (then no row changes). */
static void build_insert_new(const struct record_type *t, struct buf *sql)
{
	build_insert(t, sql);
	on_conflict_do_nothing(t, sql);
}

/* An insert of RECORD_CHUNK rows: one more "(?, ...)" group a row. */
static void build_insert_rows(const struct record_type *t, struct buf *sql)
{
	build_insert(t, sql);
	for (int k = 1; k < RECORD_CHUNK; k++) {
		buf_printf(sql, ", ");
		values_group(t, sql);
	}
}

/* The same for RECORD_CHUNK rows of OP_INSERT_NEW. */
static void build_insert_chunk(const struct record_type *t, struct buf *sql)
{
	build_insert_rows(t, sql);
	on_conflict_do_nothing(t, sql);
}

static void returning_id_key(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, " RETURNING id, ");
	key_columns(t, sql, ", ", "");
}

/* The same yielding what went in: id, then the key columns. */
static void build_insert_chunk_returning(const struct record_type *t, struct buf *sql)
{
	build_insert_chunk(t, sql);
	returning_id_key(t, sql);
}

/* That without ON CONFLICT, whose speculative insertion costs PostgreSQL
 * about a quarter more a row (bench/RESULTS.md). */
static void build_insert_chunk_fresh(const struct record_type *t, struct buf *sql)
{
	build_insert_rows(t, sql);
	returning_id_key(t, sql);
}

static void build_update(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, "UPDATE %s SET ", t->table);
	stored_columns(t, sql, "", " = ?, ");
	buf_printf(sql, "updated_at = ? WHERE id = ?");
}

void record_select_list(struct buf *sql, const struct record_type *t)
{
	buf_printf(sql, "SELECT id");
	stored_columns(t, sql, ", ", "");
	buf_printf(sql, ", created_at, updated_at, voided_at, void_reason FROM %s", t->table);
}

static void build_load(const struct record_type *t, struct buf *sql)
{
	record_select_list(sql, t);
	buf_printf(sql, " WHERE id = ?");
}

static void build_in_scope(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, "SELECT 1 FROM %s WHERE id = ?", t->table);
}

static void (*const builders[OP_COUNT])(const struct record_type *t, struct buf *sql) = {
	[OP_REF_EXISTS] = build_ref_exists,   [OP_REF_EXISTS_UNIT] = build_ref_exists,
	[OP_REF_EXISTS_PARTNER] = build_ref_exists, [OP_REF_EXISTS_GRID] = build_ref_exists,
	[OP_FIND_ID] = build_find_id,         [OP_INSERT] = build_insert,
	[OP_INSERT_NEW] = build_insert_new,   [OP_INSERT_CHUNK] = build_insert_chunk,
	[OP_UPDATE] = build_update,           [OP_LOAD] = build_load,
	[OP_LOAD_UNIT] = build_load,          [OP_LOAD_PARTNER] = build_load,
	[OP_LOAD_GRID] = build_load,
	[OP_IN_SCOPE_UNIT] = build_in_scope,  [OP_IN_SCOPE_PARTNER] = build_in_scope,
	[OP_INSERT_CHUNK_RETURNING] = build_insert_chunk_returning,
	[OP_INSERT_CHUNK_FRESH] = build_insert_chunk_fresh,
	[OP_IN_SCOPE_GRID] = build_in_scope,
};

/* The kind of scope a scoped operation adds its condition for (each kind's variant follows _UNIT), or -1. */
static int op_scope_kind(enum record_op op)
{
	static const enum record_op scoped[] = { OP_REF_EXISTS_UNIT, OP_LOAD_UNIT, OP_IN_SCOPE_UNIT };
	for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++)
		if (op >= scoped[i] && op <= scoped[i] + (SCOPE_GRID - SCOPE_UNIT))
			return SCOPE_UNIT + (int)(op - scoped[i]);
	return -1;
}

/* The address a statement is cached under: distinct per operation, inside the descriptor. */
_Static_assert(OP_COUNT <= sizeof(struct record_type), "a statement's cache address lies inside its descriptor");
struct stmt_key {
	const struct record_type *t;
	enum record_op op;
};

static void build(const void *arg, struct buf *sql)
{
	const struct stmt_key *k = arg;
	builders[k->op](k->t, sql);
	int kind = op_scope_kind(k->op);
	if (kind >= 0)
		buf_printf(sql, " AND (%s)", k->t->scope_sql[kind]);
}

struct db_stmt *record_stmt(struct db *db, const struct record_type *t, enum record_op op, struct err *e)
{
	struct stmt_key k = { t, op };
	return db_prepare_keyed(db, (const char *)t + op, build, &k, e);
}

/* The record outlives the statement's use (every caller steps and
 * db_done()s before the record changes), so text is bound without a copy. */
void record_bind_value(struct db_stmt *st, int idx, const struct field *f, const struct value *v)
{
	if (!v->set) {
		db_bind_null(st, idx);
		return;
	}
	switch (f->type) {
	case FT_INT:
	case FT_BOOL:
	case FT_INSTANT:
		db_bind_int(st, idx, v->i);
		break;
	case FT_REAL:
		db_bind_double(st, idx, v->d);
		break;
	default:
		db_bind_text_static(st, idx, v->s);
	}
}

int record_bind_row(struct db_stmt *st, const struct record *r, int n, int64_t a, int64_t b)
{
	const struct record_type *t = r->type;
	for (int i = 0; i < t->nfields; i++)
		if (field_stored(&t->fields[i]))
			record_bind_value(st, ++n, &t->fields[i], &r->v[i]);
	db_bind_int(st, ++n, a);
	db_bind_int(st, ++n, b);
	return n;
}

/* ---- WHERE clauses -------------------------------------------------------- */

void sql_where_init(struct sql_where *w)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->sql);
	buf_puts(&w->sql, " WHERE 1 = 1");
}

void sql_where_free(struct sql_where *w)
{
	buf_free(&w->sql);
	free(w->binds);
	free(w->like);
}

void sql_where_and(struct sql_where *w, const char *cond, int n, const struct sql_bind *binds)
{
	int marks = 0;
	for (const char *p = cond; *p; p++)
		marks += *p == '?';
	if (marks != n) {
		w->failed = true; /* a bug in the caller: refuse rather than bind out of order */
		return;
	}
	if (w->n + n > w->cap) {
		int cap = w->cap ? w->cap * 2 : 16;
		while (cap < w->n + n)
			cap *= 2;
		struct sql_bind *b = realloc(w->binds, (size_t)cap * sizeof *b);
		if (!b) {
			w->failed = true;
			return;
		}
		w->binds = b;
		w->cap = cap;
	}
	for (int k = 0; k < n; k++)
		w->binds[w->n++] = binds[k];
	if (buf_printf(&w->sql, " AND (%s)", cond))
		w->failed = true;
}

int sql_where_bind(const struct sql_where *w, struct db_stmt *st)
{
	for (int k = 0; k < w->n; k++) {
		if (w->binds[k].is_num)
			db_bind_int(st, k + 1, w->binds[k].num);
		else
			db_bind_text(st, k + 1, w->binds[k].text);
	}
	return w->n;
}

/* "%text%" for LIKE, with the wildcards in the text escaped. */
static char *like_pattern(const char *s)
{
	char *out = malloc(strlen(s) * 2 + 3);
	if (!out)
		return NULL;
	char *o = out;
	*o++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = 0;
	return out;
}

/* A substring of any name-like text field (not personal data). */
static void where_search(struct sql_where *w, const struct record_type *t, const char *search)
{
	struct buf cond;
	buf_init(&cond);
	buf_puts(&cond, "1 = 0");
	struct sql_bind *binds = calloc((size_t)t->nfields + 1, sizeof *binds);
	free(w->like);
	w->like = like_pattern(search);
	int n = 0;
	for (int i = 0; binds && w->like && i < t->nfields; i++)
		/* never personal data, nor a hidden key that holds it (a party's ID number folded) */
		if (t->fields[i].type == FT_TEXT && t->fields[i].sens == SENS_NONE && !(t->fields[i].flags & FF_HIDDEN)) {
			/* case ignored on both backends: SQLite's LIKE ignores ASCII case, PostgreSQL's none */
			buf_printf(&cond, " OR LOWER(%s) LIKE LOWER(?) ESCAPE '\\'", field_column(&t->fields[i]));
			binds[n++] = (struct sql_bind){ .text = w->like };
		}
	if (!binds || !w->like || cond.failed)
		w->failed = true;
	else
		sql_where_and(w, cond.p, n, binds);
	free(binds);
	buf_free(&cond);
}

static const struct field *main_date(const struct record_type *t)
{
	const struct field *main = NULL;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_MAIN_DATE)
			main = &t->fields[i];
	return main;
}

/* from / to on the main date: an instant's on its local day number, a date's on its text. */
static void where_date_bound(struct sql_where *w, const struct field *main, const char *bound, const char *op,
			     const char *name)
{
	const char *col = main->day_column ? main->day_column : field_column(main);
	char cond[160];
	snprintf(cond, sizeof cond, "%s %s ?", col, op);
	int32_t day = 0;
	struct err ignored;
	if (main->day_column && date_parse(bound, name, &day, &ignored) == 0)
		sql_where_and(w, cond, 1, &(struct sql_bind){ .num = day, .is_num = true });
	else
		sql_where_and(w, cond, 1, &(struct sql_bind){ .text = bound });
}

/*
 * Does a filter on field f mean "this unit and below"?  The `station` of a
 * type scoped by station subtree (incidents, cases, disputes, hazards ...):
 * ?station=GAJ lists a county bureau's records as its figures count them.
 */
static bool by_unit_subtree(const struct record_type *t, const struct field *f)
{
	const char *scope = t->scope_sql[SCOPE_UNIT];
	return !strcmp(f->name, "station") && scope && !strcmp(scope, "station IN " UNIT_SUBTREE);
}

int record_where(struct sql_where *w, const struct record_type *t, const struct record_query *q, struct err *e)
{
	if (!q->include_voided)
		sql_where_and(w, "voided_at IS NULL", 0, NULL);
	int sk = record_scope_of(t, q->scope);
	if (sk == SCOPE_CLOSED)
		sql_where_and(w, "1 = 0", 0, NULL);
	else if (sk != SCOPE_OPEN)
		sql_where_and(w, t->scope_sql[sk], 1, &(struct sql_bind){ .text = q->scope->unit });
	if (q->extra_text_sql)
		sql_where_and(w, q->extra_text_sql, 1, &(struct sql_bind){ .text = q->extra_text });
	if (q->extra_int_sql)
		sql_where_and(w, q->extra_int_sql, 1, &(struct sql_bind){ .num = q->extra_int, .is_num = true });
	if (q->search && *q->search)
		where_search(w, t, q->search);
	for (int k = 0; k < q->nfilters; k++) {
		int i = field_index(t, q->filters[k].field);
		if (i < 0 || !(t->fields[i].flags & FF_FILTER))
			return err_set(e, ERR_INVALID, "filter.unknown", q->filters[k].field,
				       "不能按“%s”筛选（cannot filter by this field）", q->filters[k].field);
		if (by_unit_subtree(t, &t->fields[i])) {
			/* a unit's records are its subtree's, as its scope is: a station's its own */
			const struct sql_bind twice[2] = { { .text = q->filters[k].value }, { .text = q->filters[k].value } };
			sql_where_and(w, "station IN (SELECT descendant FROM unit_tree WHERE ancestor = ?"
					 " UNION ALL SELECT CAST(? AS TEXT))", 2, twice);
			continue;
		}
		char cond[160];
		snprintf(cond, sizeof cond, "%s = ?", field_column(&t->fields[i]));
		sql_where_and(w, cond, 1, &(struct sql_bind){ .text = q->filters[k].value });
	}
	const struct field *main = main_date(t);
	if ((q->from || q->to) && !main)
		return err_set(e, ERR_INVALID, "filter.no_date", "from", "%s没有可按日期筛选的字段（no date to filter by）", t->zh);
	if (q->from)
		where_date_bound(w, main, q->from, ">=", "from");
	if (q->to)
		where_date_bound(w, main, q->to, "<=", "to");
	if (w->failed || w->sql.failed)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	return 0;
}
