/*
 * record_internal — what the pieces of the generic record code share, and
 * nothing else includes: value.c (values in memory), record_sql.c (the SQL
 * assembled from descriptors), record.c (check, save, load, void, list) and
 * record_bulk.c (an import's inserts).  Other layers use record.h.
 */
#ifndef FQ_MODEL_RECORD_INTERNAL_H
#define FQ_MODEL_RECORD_INTERNAL_H

#include "base/text.h"
#include "model/record.h"

/* ---- value.c ------------------------------------------------------------ */

/* Forget a value, keeping its storage for the next one. */
void value_unset(struct value *v);
/* Set a value to `len` bytes of text (which may lie in its own buffer). */
int value_set_text_n(struct value *v, const char *s, size_t len, struct err *e);
int value_set_text(struct value *v, const char *s, struct err *e);

/*
 * The rules every value of a field obeys beyond its type, checked once by
 * record_check (so stored rows too, by `fengqiao check`): no control
 * characters in text (tab and line feed only in FF_MULTILINE fields), and
 * FF_NOT_FUTURE dates not after today, times not after now + 5 minutes
 * (with $FENGQIAO_TODAY fixed: the end of that day).
 */
int value_check_rules(const struct field *f, const struct value *v, struct err *e);

/*
 * Call `each` for every key of a canonical key list ("a;b;c"), in order,
 * until it returns non-zero (that is the answer).  -1 with `e` set when
 * memory runs out before the first call.
 */
int keylist_each(const char *list, int (*each)(void *ctx, const char *key), void *ctx, struct err *e);

/* ---- record_sql.c ------------------------------------------------------- */

/*
 * The statements every record type needs, assembled from its descriptor
 * once per connection and cached under the descriptor's address plus the
 * operation (see db_prepare_keyed).
 */
enum record_op {
	OP_REF_EXISTS,        /* a live record with key ?: SELECT 1 */
	OP_REF_EXISTS_UNIT,   /* the same within station ? (scope_sql[SCOPE_UNIT]) */
	OP_REF_EXISTS_PARTNER, /* the same within partner ? (scope_sql[SCOPE_PARTNER]): next to _UNIT */
	OP_REF_EXISTS_GRID,   /* the same within grid ? (scope_sql[SCOPE_GRID]): next to _PARTNER */
	OP_FIND_ID,           /* the id of the record with the key fields ? ... */
	OP_INSERT,            /* stored fields, created_at, updated_at */
	OP_INSERT_NEW,        /* the same, doing nothing when the key exists */
	OP_INSERT_CHUNK,      /* RECORD_CHUNK rows of OP_INSERT_NEW in one statement */
	OP_UPDATE,            /* stored fields, updated_at, then WHERE id = ? */
	OP_LOAD,              /* the select list of record id ? */
	OP_LOAD_UNIT,         /* the same within station ? */
	OP_LOAD_PARTNER,      /* the same within partner ?: next to _UNIT */
	OP_LOAD_GRID,         /* the same within grid ?: next to _PARTNER */
	OP_IN_SCOPE_UNIT,     /* SELECT 1 for record id ? within station ? */
	OP_IN_SCOPE_PARTNER,  /* the same within partner ?: next to _UNIT */
	OP_IN_SCOPE_GRID,     /* the same within grid ?: next to _PARTNER */
	OP_INSERT_CHUNK_RETURNING, /* OP_INSERT_CHUNK yielding each new row's id and key (db_returning_ids) */
	OP_INSERT_CHUNK_FRESH, /* the same without ON CONFLICT: any stored key fails it whole */
	OP_COUNT
};

struct db_stmt *record_stmt(struct db *db, const struct record_type *t, enum record_op op, struct err *e);

/* Is the field a column of the type's table (not a link table)? */
bool field_stored(const struct field *f);
/* "SELECT id, <stored fields>, created_at, updated_at, voided_at, void_reason FROM <table>" */
void record_select_list(struct buf *sql, const struct record_type *t);

/* Bind value `v` of field `f` at parameter `idx` (unset binds NULL), without copying text. */
void record_bind_value(struct db_stmt *st, int idx, const struct field *f, const struct value *v);
/* Bind r's stored fields from parameter n + 1 on, then `a` and `b` (the
 * times of a new row, or the time and id of an update); returns the last
 * parameter bound. */
int record_bind_row(struct db_stmt *st, const struct record *r, int n, int64_t a, int64_t b);

/*
 * How `scope` confines type t: SCOPE_OPEN (no condition: every record),
 * SCOPE_CLOSED (t is confined, but not for this kind of scope: no record),
 * or the kind whose t->scope_sql applies, its `?` bound to scope->unit.
 * The one place a scope becomes a condition.
 */
#define SCOPE_OPEN (-1)
#define SCOPE_CLOSED (-2)
int record_scope_of(const struct record_type *t, const struct scope *scope);
/* The statement of a scoped operation (OP_REF_EXISTS_UNIT, OP_LOAD_UNIT, OP_IN_SCOPE_UNIT) for that kind. */
enum record_op record_scoped_op(enum record_op unit_op, int kind);

/*
 * A WHERE clause and its bound values, written together: each condition is
 * added with the values its `?`s take, in one call, so the SQL and the
 * binds cannot disagree on order.
 */
struct sql_bind {
	const char *text; /* a text value (NULL binds NULL) */
	int64_t num;      /* the value when is_num */
	bool is_num;
};

struct sql_where {
	struct buf sql;         /* " WHERE 1 = 1 AND (...) AND (...)" */
	struct sql_bind *binds; /* in the order of the `?`s */
	int n, cap;
	char *like;             /* the search pattern the binds point at (owned) */
	bool failed;            /* out of memory, or a condition whose `?`s and values differ in number */
};

void sql_where_init(struct sql_where *w);
void sql_where_free(struct sql_where *w);
/* " AND (cond)", its `?`s taking binds[0..n-1] in order. */
void sql_where_and(struct sql_where *w, const char *cond, int n, const struct sql_bind *binds);
/* Bind the values from parameter 1 on; returns the last parameter bound. */
int sql_where_bind(const struct sql_where *w, struct db_stmt *st);

/* The WHERE clause of a record list: voided, scope, code's own conditions,
 * search, filters and the main-date range.  -1 with `e` set for a filter,
 * range or search the type does not allow, or out of memory. */
int record_where(struct sql_where *w, const struct record_type *t, const struct record_query *q, struct err *e);

/* ---- record.c and record_bulk.c ------------------------------------------ */

/* A new record went in as `id`: its handle and times, its cells (to
 * `sink`), its links. */
int record_inserted_as(struct db *db, struct record *r, int64_t id, int64_t now, const struct cell_sink *sink,
		       struct err *e);

/*
 * Insert r unless its key is stored (INSERT ... ON CONFLICT DO NOTHING):
 * *id is then the new row's id and *inserted true; else *id is the stored
 * record's id (looked up only now) and *inserted false.
 */
int record_insert_new(struct db *db, struct record *r, int64_t now, int64_t *id, bool *inserted, struct err *e);

#endif
