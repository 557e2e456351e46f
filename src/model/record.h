/*
 * record — one schema, many faces.
 *
 * Every record type (division, station, personnel, post, incident, ...) is
 * described once, as a static table of field descriptors: name, type,
 * required, code list, zh/en labels and CSV header aliases, sensitivity,
 * filterable, and where it lives in the database.  Generic code turns
 * text into checked values (value.c), checks references, loads and saves
 * (insert or update by key, with link tables for list fields), voids, and
 * lists with filters (record.c, on the SQL of record_sql.c; an import's
 * inserts in record_bulk.c).  io/ builds CSV import and JSON from the same tables; the
 * interface builds its forms from them.  What is truly specific to a type
 * (who may hold a party post) lives beside its descriptor as a plain
 * `check` function.
 */
#ifndef FQ_MODEL_RECORD_H
#define FQ_MODEL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "db/db.h"

enum field_type {
	FT_TEXT,
	FT_INT,
	FT_REAL,
	FT_BOOL,    /* 0/1; also true/false, 是/否 */
	FT_DATE,    /* civil date, stored TEXT YYYY-MM-DD; value.i is the day number */
	FT_INSTANT, /* stored INTEGER Unix seconds; value.i */
	FT_ENUM,    /* one code of `codes`, given by code or by its Chinese label */
	FT_REF,     /* the key of another record type (`ref`) */
	FT_REFLIST, /* several keys of `ref`, separated by ';', kept in a link table */
};

enum field_flag {
	FF_REQUIRED = 1 << 0,
	FF_KEY = 1 << 1,       /* part of the natural key: import updates by it */
	FF_FILTER = 1 << 2,    /* lists may filter by equality on it */
	FF_MAIN_DATE = 1 << 3, /* from/to filters apply to it */
	FF_DERIVED = 1 << 4,   /* computed by `derive`: shown, never taken as input */
	FF_HIDDEN = 1 << 5,    /* stored for queries (a day number), never shown */
	FF_NOT_FUTURE = 1 << 6, /* an event's time or a date of birth, hire, award, start: not after
				 * now (times: 5 minutes of clock skew; dates: today) */
	FF_MULTILINE = 1 << 7, /* FT_TEXT that may hold tabs and line breaks (a summary, a note) */
};

enum sensitivity {
	SENS_NONE,
	SENS_NAME,  /* a resident's name: masked to its first character */
	SENS_PHONE, /* masked to 138****5678 */
	SENS_IDNO,  /* resident ID number: masked to 152921********123X */
};

struct code_item {
	const char *code, *zh, *en;
};

struct code_list {
	const struct code_item *items;
	size_t n;
};

#define CODE_LIST(arr) { arr, sizeof(arr) / sizeof((arr)[0]) }

struct record_type;
struct record;
struct memo;

/*
 * Where a caller's records end.  model/perm.c decides each role's kind of
 * scope; the record layer applies it, for every list, load, reference check
 * and save, through the type's scope_sql for that kind.
 */
enum scope_kind {
	SCOPE_ALL,     /* the whole bureau */
	SCOPE_UNIT,    /* the records of one station (unit = its code) */
	SCOPE_PARTNER, /* the records referred to one partner body (unit = its code) */
	SCOPE_GRID,    /* the records of one grid (unit = the grid division's code): a grid worker's */
	SCOPE_NONE,    /* nothing at all, not even unconfined kinds (an unknown role) */
	SCOPE_KINDS,
};

struct scope {
	enum scope_kind kind;
	const char *unit; /* the station, partner or grid code; unused for SCOPE_ALL */
};

/*
 * Rollup cells: a record that feeds statistics says which cells it counts
 * in; saving and voiding move the counts in the same transaction.  A cell
 * is a rollup table, three text keys and two integer keys (days).
 */
struct cell_delta {
	const char *table; /* rollup family, e.g. "incident" (see model/rollup.c) */
	const char *k1, *k2, *k3;
	int32_t d1, d2;
	int64_t n;
};

struct cell_sink {
	int (*add)(void *ctx, const struct cell_delta *c, struct err *e);
	void *ctx;
};

struct field {
	const char *name;    /* English name: JSON key, CSV header, filter parameter */
	const char *zh;      /* Chinese label: CSV header and forms */
	const char *en;      /* English label */
	const char *aliases; /* more accepted CSV headers, '|' separated, or NULL */
	enum field_type type;
	unsigned flags;
	const struct code_list *codes;  /* FT_ENUM */
	const struct record_type *ref;  /* FT_REF, FT_REFLIST */
	const char *column;  /* database column when not `name` */
	int max_len;         /* FT_TEXT: characters; 0 = 200 */
	enum sensitivity sens;
	/* FT_REFLIST: link table and its columns for this record and the other */
	const char *link_table, *link_self, *link_other;
	/* FT_INSTANT with FF_MAIN_DATE: the column holding its local day number,
	 * which from/to (civil dates) filter on */
	const char *day_column;
};

struct value {
	bool set;
	char *s;   /* canonical text (codes, YYYY-MM-DD, keys joined by ';') when set, else NULL */
	int64_t i; /* FT_INT, FT_BOOL, FT_DATE (day number), FT_INSTANT */
	double d;  /* FT_REAL */
	/* s's storage, kept when the value is unset or the record cleared, so a
	 * record reused row after row (imports, list pages) does not allocate per field */
	char *buf;
	size_t cap;
};

/*
 * What a change may do to the records that rest on the changed one (a
 * person's or a station's posts, CONTRACTS §2): without it a change that
 * would break them is refused; with it they end the day before `on`, each
 * change audited as `actor` from `ip`.
 */
struct end_dependents {
	int32_t on; /* day number of the change */
	const char *actor, *ip;
};

/*
 * Who makes a change (the caller's name and address): the changes that
 * follow from it in other records (a station's unit renamed or voided with
 * it) are audited as theirs, through record_follow_audit.  A change refused
 * because it would break dependents (409 post.would_break) also names each
 * of them to `broken`, when given: one report a post, its rule's code and
 * who, where and what (the API lists them as the answer's "problems").
 */
struct problem_sink;
struct change_by {
	const char *actor, *ip;
	const struct problem_sink *broken; /* NULL: the refusal's message alone names them */
};

struct record {
	const struct record_type *type;
	int64_t id;        /* 0 until saved or loaded */
	bool id_known;     /* record_check looked the key up: id is the answer */
	struct memo *memo; /* an import's remembered lookups, or NULL (not owned) */
	bool bulk;         /* an import row (see record_save_strategy) */
	const struct scope *scope; /* the caller's: references outside it do not exist; NULL = all */
	const struct end_dependents *end_dependents; /* NULL: refuse breaking a dependent (not owned) */
	const struct change_by *by; /* NULL: nobody to audit (an import row, a test; not owned) */
	int64_t *was_broken; /* before_change's: dependents broken before this change (owned; until after_change) */
	long nwas_broken;
	int64_t created_at, updated_at, voided_at;
	char *void_reason;
	struct value *v;   /* one per field, in descriptor order */
	char *scratch;     /* record_set's working copy of its input, reused */
	size_t scratch_cap;
};

/* Where a record's problems go: one call per problem. */
struct problem_sink {
	void (*report)(void *ctx, const struct err *e);
	void *ctx;
};

/*
 * A type's rules at work on one record (record_check gives them to its
 * `check`): each broken rule is reported to `sink` at once, so a form shows
 * all of them, not only the first.
 */
struct rules {
	const struct problem_sink *sink;
	uint64_t refused; /* bit i: field i is required and missing, or its value or reference was refused */
	int broken;       /* rules reported broken so far */
	struct err e;     /* where a rule helper describes its problem, or the store its failure */
};

/* Report a broken rule and go on checking. */
void rule_broken(struct rules *rs, enum err_kind kind, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * The outcome `rc` of a rule helper that fills rs->e: 0 when it held; a
 * broken rule (bad input, a conflict, a refusal) is reported and counted,
 * and 0 returned so the check goes on; a failure of the store is reported
 * and -1 returned: the check stops.
 */
int rule_outcome(struct rules *rs, int rc);
/* May a rule read field `idx` of r: set, and not refused? */
bool rule_usable(const struct rules *rs, const struct record *r, int idx);
/* The same by name; `name` must be a field of r's type. */
bool rule_has(const struct rules *rs, const struct record *r, const char *name);

struct record_type {
	const char *kind;  /* plural, as in URLs and `fengqiao import KIND` */
	const char *table;
	const char *zh, *en;
	const struct field *fields;
	int nfields;
	/* Fill derived or defaulted fields once the given ones are parsed. */
	int (*derive)(struct db *db, struct record *r, struct err *e);
	/*
	 * The type's own rules, after fields and references were checked:
	 * every broken rule goes to `rs` (rule_broken, rule_outcome) and the
	 * check goes on, skipping the rules whose fields were refused
	 * (rule_usable) or that rest on a rule already broken.  Returns 0, or
	 * -1 when the store failed (reported by rule_outcome): stop.
	 */
	int (*check)(struct db *db, const struct record *r, struct rules *rs);
	/*
	 * Data scope, per kind of scope: an SQL condition on this table with one
	 * `?` for the unit's code (a station's, a partner body's), true for the
	 * records that unit may see and change.  A type with no condition at
	 * all is not confined (everyone in the bureau sees it); a type confined
	 * for some kinds of scope shows nothing to the others.
	 */
	const char *scope_sql[SCOPE_KINDS];
	bool check_needs_id; /* `check` compares with other records (posts): find the key first */
	/*
	 * No row's derive or check reads records of its own type (incidents,
	 * cases; not divisions, whose parents may come a few lines up), so an
	 * import may insert RECORD_CHUNK checked rows with one statement.
	 */
	bool rows_stand_alone;
	/*
	 * After a record was inserted, updated or voided (r as stored; a void
	 * one has voided_at), in the same transaction: what other records
	 * derive from this one follows it (a mediation settles its dispute).
	 */
	int (*after_change)(struct db *db, const struct record *r, int64_t now, struct err *e);
	/*
	 * Before a stored record is changed or voided (r with the change, the
	 * database as it was), in the same transaction: what after_change must
	 * compare with, left in r->was_broken (posts broken already are not
	 * the change's doing).  NULL: nothing to compare.
	 */
	int (*before_change)(struct db *db, struct record *r, struct err *e);
	/* The rollup cells a live record counts in, each with n = sign. */
	int (*cells)(const struct record *r, int sign, const struct cell_sink *sink, struct err *e);
	/*
	 * ?overdue=1 on the type's list: what the to-do list counts overdue
	 * (model/todo.c), still open and past its deadline.  An SQL condition
	 * with one `?`: the bureau's today less overdue_days (text YYYY-MM-DD),
	 * or, for deadlines that are instants (overdue_at_moment), the moment
	 * of the list (Unix seconds, todo_moment).  NULL: the type has none.
	 */
	const char *overdue_sql;
	int overdue_days;
	bool overdue_at_moment;
};

/* Every record type, for lookup by kind. */
const struct record_type *record_type_find(const char *kind);
extern const struct record_type *const record_types[];

int field_index(const struct record_type *t, const char *name);
const char *field_column(const struct field *f);
/* The label of a code in a code list (zh), or the code itself. */
const char *code_label(const struct code_list *cl, const char *code);
/* The first key field (the one references point at). */
const struct field *record_key_field(const struct record_type *t);

struct record *record_new(const struct record_type *t);
void record_free(struct record *r);
/* Forget every value (keep the allocation for the next row). */
void record_clear(struct record *r);

/*
 * Parse `text` into field `idx`, checking it against the field's type:
 * empty text (after trimming) leaves the field unset.  `tz_minutes` is the
 * bureau's zone for local times.  On failure fills `e` (field = the field's
 * name) and leaves the field unset.
 */
int record_set(struct record *r, int idx, const char *text, int tz_minutes, struct err *e);
int record_set_by_name(struct record *r, const char *name, const char *text, int tz_minutes, struct err *e);

/*
 * The canonical text of a value for field `name` (a Chinese label becomes
 * its code, 2023/9/1 becomes 2023-09-01), as a filter compares it.  *out is
 * malloc'd, NULL for an empty value.
 */
int record_canonical(const struct record_type *t, const char *name, const char *text, char **out, struct err *e);

/* Set an FT_INT field to a number (derived day numbers), without text parsing. */
int record_set_int(struct record *r, int idx, int64_t v, struct err *e);
/*
 * Set a field to `len` bytes of text that is canonical already, without
 * parsing: for derive callbacks, whose values come from code or from the
 * database (a category's code and top level), never from input.
 */
int record_put(struct record *r, int idx, const char *canonical, size_t len, struct err *e);

/* Convenience for code that builds records directly. */
const char *record_get(const struct record *r, const char *name);

/*
 * Check a parsed record: derive, required fields, references, then the
 * type's rules (all of them, even when fields were refused: rules reading
 * a refused field are skipped).  Each problem goes to `sink`.  Returns the
 * number of problems (0: the record may be saved).
 */
int record_check(struct db *db, struct record *r, const struct problem_sink *sink);

/*
 * How a record is saved: whether its key is looked up before the insert or
 * after a clash, and whether rows are inserted one by one or by chunks.
 * record_save_strategy chooses, from the type and whether the record is an
 * import row (r->bulk); record_check, record_save_to and the import follow it.
 */
enum save_strategy {
	SAVE_LOOKUP_FIRST, /* find the key's id, then update or insert (one record; rules that compare siblings) */
	SAVE_INSERT_FIRST, /* INSERT ... ON CONFLICT DO NOTHING, find the key only on a clash (import rows) */
	SAVE_CHUNKED,      /* RECORD_CHUNK rows by one statement, record_insert_chunk (rows that stand alone) */
};
enum save_strategy record_save_strategy(const struct record_type *t, bool bulk);

/*
 * The reference check record_check runs on every FT_REF field, for a `type`
 * check whose referenced kind depends on the record (a user's unit is a
 * station or a partner body, by role): does a live `ref` record with this
 * key exist within r's scope?  0 yes; -1 with `e` the field's
 * "field.unknown_ref" problem, or the store's failure.
 */
int record_ref_check(struct db *db, const struct record *r, const struct field *f, const struct record_type *ref,
		     const char *key, struct err *e);

/*
 * Save a checked record: update the record with the same key, or insert a
 * new one.  Sets r->id; *created tells which happened.  `now` is Unix time.
 */
int record_save(struct db *db, struct record *r, int64_t now, bool *created, struct err *e);
/* The same, with rollup deltas going to `sink` (NULL: straight to the tables). */
int record_save_to(struct db *db, struct record *r, int64_t now, bool *created, const struct cell_sink *sink,
		   struct err *e);

/*
 * Insert RECORD_CHUNK checked records of a rows_stand_alone type with one
 * statement, each only if its key is new.  inserted[i] tells which went in
 * (their ids set, their cells sent to `sink`, NULL: straight to the tables);
 * the others (a key already stored, or met earlier in the chunk) carry the
 * id their key has and are left for record_save_to, in order, which updates
 * them.  Returns 0; 1 when the statement was refused as a whole (nothing
 * written: save the rows one by one to learn which is at fault); -1 on a
 * storage failure.  256 rows (~4 000 parameters for incidents): on
 * PostgreSQL each statement is a round trip, 64 rows a statement spent
 * more time waiting than 256 (bench/RESULTS.md); SQLite is as fast either way.
 */
#define RECORD_CHUNK 256
int record_insert_chunk(struct db *db, struct record *const *rs, int64_t now, const struct cell_sink *sink,
			bool inserted[RECORD_CHUNK], struct err *e);

/*
 * Load by id (voided ones too), within `scope` (NULL for all): a record
 * outside the scope is ERR_NOT_FOUND, like a missing one.
 */
int record_load(struct db *db, struct record *r, int64_t id, const struct scope *scope, struct err *e);
/* Find the id of the record with r's key (0 when none). */
int record_find_id(struct db *db, const struct record *r, int64_t *id, struct err *e);
/* Is record `id` within `scope`?  1 yes, 0 no, -1 error. */
int record_in_scope(struct db *db, const struct record_type *t, int64_t id, const struct scope *scope, struct err *e);

/*
 * Check every live stored record of type t again, as record_check checks
 * new input, against today's data and rules: `each` gets each problem of
 * each failing record (non-zero from it stops).  Returns the number of
 * records with problems, or -1 with `e` (the store failed).
 */
int record_recheck(struct db *db, const struct record_type *t,
		   int (*each)(void *ctx, const struct record *r, const struct err *problem), void *ctx, struct err *e);

/* A void's reason: required, no control characters, at most this many characters. */
#define VOID_REASON_MAX 500

/* Void a record with a reason (never deleted). */
int record_void(struct db *db, const struct record_type *t, int64_t id, const char *reason,
		int64_t now, struct err *e);
/*
 * The text rule every stored text obeys (value.c): no control characters (C0,
 * DEL, C1), but tab and line feed when `multiline`.  -1 with `e` naming the
 * field `name` (`label` for people) and the character.
 */
int text_check_controls(const char *s, const char *name, const char *label, bool multiline, struct err *e);

/*
 * Restore a voided record (its void undone, updated_at now): it counts in
 * its cells again and its after_change runs.  ERR_NOT_FOUND when no void
 * record has this id.  The caller audits it.
 */
int record_restore(struct db *db, const struct record_type *t, int64_t id, int64_t now, struct err *e);

/* The same, ending the records that rest on it when `end` says so (see struct end_dependents). */
int record_void_ending(struct db *db, const struct record_type *t, int64_t id, const char *reason,
		       const struct end_dependents *end, int64_t now, struct err *e);
/* The same on behalf of `by` (what follows from the void is audited as theirs, see struct change_by). */
int record_void_by(struct db *db, const struct record_type *t, int64_t id, const char *reason,
		   const struct end_dependents *end, const struct change_by *by, int64_t now, struct err *e);

/*
 * A change that followed from another one (an after_change writing a copy
 * through the record layer): record `id` of type `t` changed by `action`
 * ("create", "update", "void") because `cause` changed, audited as `by`'s:
 * detail {"before": {FIELD: BEFORE}, "after": {FIELD: AFTER}, "follows":
 * "KIND/ID"} (no "before" for a create; {"reason": AFTER, "follows": ...}
 * when `field` is NULL, a void).  Nothing when `by` is NULL.
 */
int record_follow_audit(struct db *db, const struct change_by *by, const char *action, const struct record_type *t,
			int64_t id, const char *field, const char *before, const char *after, const struct record *cause,
			int64_t now, struct err *e);

/* Equality filters on FF_FILTER fields, and a main-date range. */
struct record_filter {
	const char *field; /* field name */
	const char *value; /* canonical text */
};

struct record_query {
	const struct record_filter *filters;
	int nfilters;
	const char *from, *to; /* inclusive, on the FF_MAIN_DATE field; NULL = open */
	bool include_voided;
	int64_t offset, limit; /* limit 0 = all */
	const struct scope *scope; /* where the caller's records end; NULL = all */
	const char *search;    /* substring of the name-like text fields; NULL = none */
	const char *sort;      /* field name, "-name" for descending; NULL = key order */
	/* Conditions written by code (never by a caller): SQL with one `?`
	 * bound to the text, and SQL with one `?` bound to the number. */
	const char *extra_text_sql, *extra_text;
	const char *extra_int_sql;
	int64_t extra_int;
};

/*
 * Call `each` for every record matching `q`, in key order; `each` returning
 * non-zero stops the walk.  *total (may be NULL) receives the count of all
 * matches regardless of offset/limit.
 */
int record_list(struct db *db, const struct record_type *t, const struct record_query *q,
		int (*each)(void *ctx, const struct record *r), void *ctx, int64_t *total,
		struct err *e);

#endif
