/*
 * record.c — storing described records: check (derive, required fields,
 * references, the type's rules), save (insert or update by natural key, by
 * the strategy record_save_strategy chooses, with list fields in link
 * tables and rollup cells moved), load, void (never delete) and list.
 * Values in memory are value.c's; the SQL is record_sql.c's; an import's
 * many-row inserts are record_bulk.c's.
 */
#include "base/text.h"
#include "model/record_internal.h"
#include "base/config.h"
#include "base/date.h"
#include "model/memo.h"
#include "model/rollup.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum save_strategy record_save_strategy(const struct record_type *t, bool bulk)
{
	/* One record at a time (API, command line): look its key up first.  An
	 * import of a type whose rules compare a record with its siblings (posts
	 * may not overlap): the same, so the rules know the record's own id. */
	if (!bulk || t->check_needs_id)
		return SAVE_LOOKUP_FIRST;
	/* An import whose rows never read rows of their own type: they need not
	 * wait for the rows above to be stored, so they go in chunks. */
	if (t->rows_stand_alone)
		return SAVE_CHUNKED;
	/* Any other import row: most are new, so insert and look up only on a clash. */
	return SAVE_INSERT_FIRST;
}

/*
 * Does a live record of type `t` with this key exist, within `scope` (a
 * station code, or NULL / "" for all)?  A record outside the caller's scope
 * does not exist for it: no rule may then run on it and quote its details.
 */
static int ref_exists(struct db *db, const struct record_type *t, const char *key, const struct scope *scope,
		      struct err *e)
{
	int sk = record_scope_of(t, scope);
	if (sk == SCOPE_CLOSED)
		return 0;
	struct db_stmt *st = record_stmt(db, t, sk == SCOPE_OPEN ? OP_REF_EXISTS : record_scoped_op(OP_REF_EXISTS_UNIT, sk), e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	if (sk != SCOPE_OPEN)
		db_bind_text(st, 2, scope->unit);
	return db_step_done(st, e);
}

static void report(const struct problem_sink *sink, const struct err *e)
{
	if (sink && sink->report)
		sink->report(sink->ctx, e);
}

/* One reference field of a record being checked, and the problems it found. */
struct ref_check {
	struct db *db;
	const struct record *r;
	const struct field *f;
	const struct problem_sink *sink;
	int problems;
	bool store_failed; /* a look-up failed: the check stops */
};

/* Is this problem the store's failure (locked, broken, out of memory) rather than the record's? */
static bool store_failure(const struct err *e)
{
	return e->kind != ERR_INVALID && e->kind != ERR_FORBIDDEN && e->kind != ERR_NOT_FOUND && e->kind != ERR_CONFLICT;
}

/* A missing key is bad input; a failed look-up is the store's (a locked
 * database is ERR_UNAVAILABLE: try again). */
int record_ref_check(struct db *db, const struct record *r, const struct field *f, const struct record_type *ref,
		     const char *key, struct err *e)
{
	if (memo_get(r->memo, ref->table, key))
		return 0;
	int rc = ref_exists(db, ref, key, r->scope, e);
	if (rc == 1) {
		memo_put(r->memo, ref->table, key, "1");
		return 0;
	}
	if (rc == 0)
		err_set(e, ERR_INVALID, "field.unknown_ref", f->name, "%s：找不到%s“%s”（no such %s）", f->zh, ref->zh, key,
			ref->en);
	return -1;
}

static int check_ref(void *ctx, const char *key)
{
	struct ref_check *c = ctx;
	struct err e;
	err_clear(&e);
	if (record_ref_check(c->db, c->r, c->f, c->f->ref, key, &e)) {
		report(c->sink, &e);
		c->problems++;
		c->store_failed |= store_failure(&e);
	}
	return c->store_failed;
}

void rule_broken(struct rules *rs, enum err_kind kind, const char *code, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(&rs->e, kind, code, field, fmt, ap);
	va_end(ap);
	report(rs->sink, &rs->e);
	rs->broken++;
}

int rule_outcome(struct rules *rs, int rc)
{
	if (rc == 0)
		return 0;
	report(rs->sink, &rs->e);
	if (store_failure(&rs->e))
		return -1;
	rs->broken++;
	return 0;
}

static uint64_t field_bit(int idx)
{
	return idx >= 0 && idx < 64 ? UINT64_C(1) << idx : 0;
}

bool rule_usable(const struct rules *rs, const struct record *r, int idx)
{
	return r->v[idx].set && !(rs->refused & field_bit(idx));
}

bool rule_has(const struct rules *rs, const struct record *r, const char *name)
{
	return rule_usable(rs, r, field_index(r->type, name));
}

/*
 * Every problem at once: the required fields, the value rules and the
 * references of all fields, then the type's rules, each of which runs
 * unless a field it reads was refused (bit i of `refused`).
 */
int record_check(struct db *db, struct record *r, const struct problem_sink *sink)
{
	const struct record_type *t = r->type;
	struct err e;
	int problems = 0;
	uint64_t refused = 0;

	err_clear(&e);
	if (t->derive && t->derive(db, r, &e)) {
		report(sink, &e);
		/* a value the derive could not resolve (an unknown category) is a
		 * refused field like any other; the store's failure ends the check */
		if (store_failure(&e) || !e.field[0])
			return 1;
		problems++;
		refused |= field_bit(field_index(t, e.field));
	}
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		if ((f->flags & FF_REQUIRED) && !r->v[i].set && !(refused & field_bit(i))) {
			err_set(&e, ERR_INVALID, "field.required", f->name, "%s：必填（required）", f->zh);
			report(sink, &e);
			problems++;
			refused |= field_bit(i);
		}
		if (value_check_rules(f, &r->v[i], &e)) {
			report(sink, &e);
			problems++;
			refused |= field_bit(i);
		}
	}
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		if (!r->v[i].set || (f->type != FT_REF && f->type != FT_REFLIST))
			continue;
		struct ref_check c = { db, r, f, sink, 0, false };
		if (f->type == FT_REF)
			check_ref(&c, r->v[i].s);
		else if (keylist_each(r->v[i].s, check_ref, &c, &e) < 0) {
			/* out of memory: a problem like any other, so the record is refused */
			snprintf(e.field, sizeof e.field, "%s", f->name);
			report(sink, &e);
			return problems + c.problems + 1;
		}
		problems += c.problems;
		if (c.store_failed)
			return problems;
		if (c.problems)
			refused |= field_bit(i);
	}
	/* An existing record with this key is updated: its rules must not
	 * count it against itself (posts overlapping with their old dates). */
	bool key_usable = true;
	for (int i = 0; i < t->nfields; i++)
		if ((t->fields[i].flags & FF_KEY) && (!r->v[i].set || (refused & field_bit(i))))
			key_usable = false;
	if (key_usable && r->id == 0 && record_save_strategy(t, r->bulk) == SAVE_LOOKUP_FIRST) {
		int64_t id = 0;
		err_clear(&e);
		if (record_find_id(db, r, &id, &e)) {
			report(sink, &e);
			return problems + 1;
		}
		r->id = id;
		r->id_known = true;
	}
	if (t->check) {
		struct rules rs = { sink, refused, 0, { 0 } };
		err_clear(&rs.e);
		if (t->check(db, r, &rs))
			problems++;
		problems += rs.broken;
	}
	return problems;
}

int record_find_id(struct db *db, const struct record *r, int64_t *id, struct err *e)
{
	const struct record_type *t = r->type;
	struct db_stmt *st = record_stmt(db, t, OP_FIND_ID, e);
	if (!st)
		return -1;
	int n = 0;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY)
			record_bind_value(st, ++n, &t->fields[i], &r->v[i]);
	int rc = db_step(st, e);
	*id = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* One list field's link rows being written. */
struct link_save {
	struct db *db;
	const char *sql, *self;
	struct err *e;
};

/* Run a link table's `sql` with the record's key `self` and, unless NULL, the other's `key`. */
static int run_link_sql(struct db *db, const char *sql, const char *self, const char *key, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, self);
	if (key)
		db_bind_text(st, 2, key);
	return db_step_done(st, e) < 0 ? -1 : 0;
}

static int save_link(void *ctx, const char *key)
{
	struct link_save *l = ctx;
	return run_link_sql(l->db, l->sql, l->self, key, l->e);
}

/* Replace the rows of r's list fields in their link tables. */
static int save_links(struct db *db, const struct record *r, struct err *e)
{
	const struct record_type *t = r->type;
	const char *self = r->v[record_key_field(t) - t->fields].s;
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		if (f->type != FT_REFLIST)
			continue;
		char sql[256];
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = ?", f->link_table, f->link_self);
		if (run_link_sql(db, sql, self, NULL, e))
			return -1;
		if (!r->v[i].set)
			continue;
		snprintf(sql, sizeof sql, "INSERT INTO %s (%s, %s) VALUES (?, ?) ON CONFLICT DO NOTHING",
			 f->link_table, f->link_self, f->link_other);
		struct link_save l = { db, sql, self, e };
		if (keylist_each(r->v[i].s, save_link, &l, e))
			return -1;
	}
	return 0;
}

/* Before a stored record changes: what its after_change compares with (see before_change). */
static int before_change(struct db *db, struct record *r, struct err *e)
{
	free(r->was_broken);
	r->was_broken = NULL;
	r->nwas_broken = 0;
	return r->type->before_change ? r->type->before_change(db, r, e) : 0;
}

/* After r was inserted, changed or voided; before_change's answer is spent then. */
static int after_change(struct db *db, struct record *r, int64_t now, struct err *e)
{
	int rc = r->type->after_change ? r->type->after_change(db, r, now, e) : 0;
	free(r->was_broken);
	r->was_broken = NULL;
	r->nwas_broken = 0;
	return rc;
}

int record_inserted_as(struct db *db, struct record *r, int64_t id, int64_t now, const struct cell_sink *sink,
		       struct err *e)
{
	r->id = id;
	r->created_at = r->updated_at = now;
	if (r->type->cells && r->type->cells(r, +1, sink, e))
		return -1;
	if (save_links(db, r, e))
		return -1;
	return after_change(db, r, now, e);
}

int record_save(struct db *db, struct record *r, int64_t now, bool *created, struct err *e)
{
	return record_save_to(db, r, now, created, NULL, e);
}

/* Take a stored record's cells out of the rollups (before a change or a void). */
static int uncount(struct db *db, const struct record_type *t, int64_t id, const struct cell_sink *sink,
		   int64_t *voided_at, struct err *e)
{
	if (!t->cells || !id)
		return 0;
	struct record *old = record_new(t);
	if (!old)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = record_load(db, old, id, NULL, e);
	if (rc == 0 && !old->voided_at)
		rc = t->cells(old, -1, sink, e);
	if (voided_at)
		*voided_at = old->voided_at;
	record_free(old);
	return rc;
}

int record_save_to(struct db *db, struct record *r, int64_t now, bool *created, const struct cell_sink *sink,
		   struct err *e)
{
	const struct record_type *t = r->type;
	struct cell_sink direct = { rollup_apply_cell, db };
	if (!sink)
		sink = &direct;
	/* Is the key stored?  record_check may have looked already (id_known);
	 * else the strategy says whether to look first or to insert first. */
	int64_t id = r->id;
	if (!r->id && !r->id_known) {
		if (record_save_strategy(t, r->bulk) == SAVE_LOOKUP_FIRST) {
			if (record_find_id(db, r, &id, e))
				return -1;
		} else {
			bool inserted = false;
			if (record_insert_new(db, r, now, &id, &inserted, e))
				return -1;
			if (inserted) {
				if (created)
					*created = true;
				return record_inserted_as(db, r, id, now, sink, e);
			}
		}
	}
	if (id) {
		r->id = id;
		if (before_change(db, r, e))
			return -1;
	}
	/* a void record stays void when its fields change: it counts nowhere */
	if (uncount(db, t, id, sink, &r->voided_at, e))
		return -1;

	struct db_stmt *st = record_stmt(db, t, id ? OP_UPDATE : OP_INSERT, e);
	if (!st)
		return -1;
	record_bind_row(st, r, 0, now, id ? id : now);
	if (db_step_done(st, e) < 0)
		return -1;
	if (created)
		*created = id == 0;
	if (!id)
		return record_inserted_as(db, r, db_last_insert_id(db), now, sink, e);
	r->id = id;
	r->updated_at = now;
	if (t->cells && !r->voided_at && t->cells(r, +1, sink, e))
		return -1;
	if (save_links(db, r, e))
		return -1;
	return after_change(db, r, now, e);
}

/* Read a REFLIST field back from its link table. */
static int load_links(struct db *db, struct record *r, int idx, struct err *e)
{
	const struct field *f = &r->type->fields[idx];
	const char *self = r->v[record_key_field(r->type) - r->type->fields].s;
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s = ? ORDER BY %s", f->link_other, f->link_table,
		 f->link_self, f->link_other);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, self);
	struct buf b;
	buf_init(&b);
	int rc;
	while ((rc = db_step(st, e)) == 1)
		buf_printf(&b, "%s%s", b.len ? ";" : "", db_col_text(st, 0));
	db_done(st);
	if (rc == 0 && b.len)
		rc = value_set_text(&r->v[idx], b.p, e);
	buf_free(&b);
	return rc < 0 ? -1 : 0;
}

static int read_row(struct db *db, struct db_stmt *st, struct record *r, struct err *e)
{
	const struct record_type *t = r->type;
	record_clear(r);
	int c = 0;
	r->id = db_col_int(st, c++);
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		if (!field_stored(f))
			continue;
		int col = c++;
		if (db_col_null(st, col))
			continue;
		struct value *v = &r->v[i];
		if (f->type == FT_INSTANT) {
			v->i = db_col_int(st, col);
			char out[26];
			instant_format_iso(v->i, config()->tz_minutes, out);
			if (value_set_text(v, out, e))
				return -1;
			continue;
		}
		if (value_set_text(v, db_col_text(st, col), e))
			return -1;
		if (f->type == FT_INT || f->type == FT_BOOL)
			v->i = db_col_int(st, col);
		else if (f->type == FT_REAL)
			v->d = db_col_double(st, col);
		else if (f->type == FT_DATE) {
			int32_t days = 0;
			struct err ignored;
			date_parse(v->s, f->name, &days, &ignored);
			v->i = days;
		}
	}
	r->created_at = db_col_int(st, c++);
	r->updated_at = db_col_int(st, c++);
	r->voided_at = db_col_null(st, c) ? 0 : db_col_int(st, c);
	c++;
	if (!db_col_null(st, c)) {
		r->void_reason = strdup(db_col_text(st, c));
	}
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].type == FT_REFLIST && load_links(db, r, i, e))
			return -1;
	return 0;
}

int record_load(struct db *db, struct record *r, int64_t id, const struct scope *scope, struct err *e)
{
	int sk = record_scope_of(r->type, scope);
	if (sk == SCOPE_CLOSED)
		return err_set(e, ERR_NOT_FOUND, "record.not_found", NULL, "%s不存在（%s not found）", r->type->zh, r->type->en);
	struct db_stmt *st = record_stmt(db, r->type, sk == SCOPE_OPEN ? OP_LOAD : record_scoped_op(OP_LOAD_UNIT, sk), e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	if (sk != SCOPE_OPEN)
		db_bind_text(st, 2, scope->unit);
	int rc = db_step(st, e);
	if (rc == 1)
		rc = read_row(db, st, r, e) ? -1 : 1;
	db_done(st);
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "record.not_found", NULL, "%s不存在（%s not found）", r->type->zh, r->type->en);
	return rc < 0 ? -1 : 0;
}

int record_void(struct db *db, const struct record_type *t, int64_t id, const char *reason, int64_t now,
		struct err *e)
{
	return record_void_ending(db, t, id, reason, NULL, now, e);
}

int record_void_ending(struct db *db, const struct record_type *t, int64_t id, const char *reason,
		       const struct end_dependents *end, int64_t now, struct err *e)
{
	return record_void_by(db, t, id, reason, end, NULL, now, e);
}

int record_void_by(struct db *db, const struct record_type *t, int64_t id, const char *reason,
		   const struct end_dependents *end, const struct change_by *by, int64_t now, struct err *e)
{
	if (!reason || !*reason)
		return err_set(e, ERR_INVALID, "void.reason_required", "reason", "作废须填写原因（a reason is required）");
	if (text_check_controls(reason, "reason", "作废原因", true, e))
		return -1;
	if (utf8_chars(reason) > VOID_REASON_MAX)
		return err_set(e, ERR_INVALID, "void.reason_too_long", "reason", "作废原因过长，至多 %d 个字（reason too long）",
			       VOID_REASON_MAX);
	struct cell_sink direct = { rollup_apply_cell, db };
	int64_t live = 0;
	char sql[200];
	/* the record as it is, for before_change now and after_change once void */
	struct record *r = NULL;
	if (t->after_change) {
		if (!(r = record_new(t)))
			return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		r->end_dependents = end;
		r->by = by;
	}
	int rc = -1;
	if (r && (record_load(db, r, id, NULL, e) || before_change(db, r, e)))
		goto out;
	if (t->cells) {
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE id = ? AND voided_at IS NULL", t->table);
		struct db_stmt *q = db_prepare(db, sql, e);
		if (!q)
			goto out;
		db_bind_int(q, 1, id);
		int step = db_step(q, e);
		live = step == 1 ? db_col_int(q, 0) : 0;
		db_done(q);
		if (step < 0 || (live && uncount(db, t, id, &direct, NULL, e)))
			goto out;
	}
	snprintf(sql, sizeof sql, "UPDATE %s SET voided_at = ?, void_reason = ?, updated_at = ? "
				  "WHERE id = ? AND voided_at IS NULL RETURNING id", t->table);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		goto out;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, reason);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, id);
	int done = db_step_done(st, e);
	if (done < 0)
		goto out;
	if (done == 0) {
		err_set(e, ERR_NOT_FOUND, "record.not_found", NULL, "%s不存在或已作废（not found or already void）", t->zh);
		goto out;
	}
	rc = r && (record_load(db, r, id, NULL, e) || after_change(db, r, now, e)) ? -1 : 0;
out:
	record_free(r);
	return rc;
}

int record_restore(struct db *db, const struct record_type *t, int64_t id, int64_t now, struct err *e)
{
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE %s SET voided_at = NULL, void_reason = NULL, updated_at = ? "
				  "WHERE id = ? AND voided_at IS NOT NULL RETURNING id", t->table);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	int done = db_step_done(st, e);
	if (done <= 0)
		return done < 0 ? -1
				: err_set(e, ERR_NOT_FOUND, "record.not_found", NULL,
					  "%s不存在或未作废（not found or not void）", t->zh);
	if (!t->cells && !t->after_change)
		return 0;
	struct cell_sink direct = { rollup_apply_cell, db };
	struct record *r = record_new(t);
	if (!r)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = record_load(db, r, id, NULL, e) || (t->cells && t->cells(r, +1, &direct, e)) ||
			 after_change(db, r, now, e)
		 ? -1
		 : 0;
	record_free(r);
	return rc;
}

int record_in_scope(struct db *db, const struct record_type *t, int64_t id, const struct scope *scope, struct err *e)
{
	int sk = record_scope_of(t, scope);
	if (sk == SCOPE_OPEN)
		return 1;
	if (sk == SCOPE_CLOSED)
		return 0;
	struct db_stmt *st = record_stmt(db, t, record_scoped_op(OP_IN_SCOPE_UNIT, sk), e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, scope->unit);
	return db_step_done(st, e);
}

/* Prepare the SQL in `sql`, unless writing it ran out of memory. */
static struct db_stmt *prepare_buf(struct db *db, const struct buf *sql, struct err *e)
{
	if (sql->failed || !sql->p) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	return db_prepare(db, sql->p, e);
}

int record_list(struct db *db, const struct record_type *t, const struct record_query *q,
		int (*each)(void *ctx, const struct record *r), void *ctx, int64_t *total, struct err *e)
{
	static const struct record_query all = { 0 };
	if (!q)
		q = &all;
	struct sql_where w;
	sql_where_init(&w);
	struct buf sql;
	buf_init(&sql);
	int rc = -1;
	struct record *r = NULL;
	if (record_where(&w, t, q, e))
		goto out;
	if (total) {
		buf_printf(&sql, "SELECT COUNT(*) FROM %s%s", t->table, w.sql.p);
		struct db_stmt *st = prepare_buf(db, &sql, e);
		if (!st)
			goto out;
		sql_where_bind(&w, st);
		if (db_count(db, st, total, e))
			goto out;
		buf_reset(&sql);
	}
	record_select_list(&sql, t);
	buf_puts(&sql, w.sql.p);
	buf_printf(&sql, " ORDER BY ");
	if (q->sort && *q->sort) {
		bool desc = q->sort[0] == '-';
		int si = field_index(t, q->sort + desc);
		/* hidden fields are keys for code (a folded ID number, a day number), not for people */
		if (si < 0 || t->fields[si].type == FT_REFLIST || (t->fields[si].flags & FF_HIDDEN)) {
			err_set(e, ERR_INVALID, "sort.unknown", "sort", "不能按“%s”排序（cannot sort by this field）", q->sort);
			goto out;
		}
		/* empty values first ascending, last descending: SQLite's way, which PostgreSQL
		 * turns round unless told (the same pages on both backends) */
		buf_printf(&sql, "%s %s, ", field_column(&t->fields[si]), desc ? "DESC NULLS LAST" : "ASC NULLS FIRST");
	}
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY)
			buf_printf(&sql, "%s, ", field_column(&t->fields[i]));
	buf_printf(&sql, "id LIMIT ? OFFSET ?");
	struct db_stmt *st = prepare_buf(db, &sql, e);
	if (!st)
		goto out;
	int n = sql_where_bind(&w, st);
	db_bind_int(st, ++n, q->limit > 0 ? q->limit : INT64_MAX);
	db_bind_int(st, ++n, q->offset > 0 ? q->offset : 0);
	if (q->limit <= 0)
		db_many_rows(st); /* every match: an export may be millions of rows */
	r = record_new(t);
	if (!r) {
		db_done(st);
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	int s;
	rc = 0;
	while ((s = db_step(st, e)) == 1) {
		if (read_row(db, st, r, e)) {
			rc = -1;
			break;
		}
		if (each(ctx, r))
			break;
	}
	if (s < 0)
		rc = -1;
	db_done(st);
out:
	record_free(r);
	buf_free(&sql);
	sql_where_free(&w);
	return rc;
}
