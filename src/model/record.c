/*
 * record.c — the generic half of "one schema, many faces": parsing,
 * checking, saving, loading, voiding and listing any described record.
 * SQL is assembled from the descriptors (column names come only from the
 * static tables, values only through binds).
 */
#include "model/record.h"
#include "base/config.h"
#include "base/date.h"
#include "base/idno.h"
#include "base/text.h"
#include "model/memo.h"
#include "model/rollup.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_LEN 200

int field_index(const struct record_type *t, const char *name)
{
	for (int i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return i;
	return -1;
}

const char *field_column(const struct field *f)
{
	return f->column ? f->column : f->name;
}

const char *code_label(const struct code_list *cl, const char *code)
{
	for (size_t i = 0; cl && i < cl->n; i++)
		if (strcmp(cl->items[i].code, code) == 0)
			return cl->items[i].zh;
	return code;
}

const struct field *record_key_field(const struct record_type *t)
{
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY)
			return &t->fields[i];
	/* every type has a key (tests/model/test_record.c checks each descriptor) */
	return &t->fields[0];
}

const struct record_type *record_type_find(const char *kind)
{
	for (int i = 0; record_types[i]; i++)
		if (strcmp(record_types[i]->kind, kind) == 0)
			return record_types[i];
	return NULL;
}

struct record *record_new(const struct record_type *t)
{
	struct record *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->type = t;
	r->v = calloc((size_t)t->nfields, sizeof *r->v);
	if (!r->v) {
		free(r);
		return NULL;
	}
	return r;
}

/* Forget a value, keeping its storage for the next one. */
static void value_unset(struct value *v)
{
	v->set = false;
	v->s = NULL;
	v->i = 0;
	v->d = 0;
}

void record_clear(struct record *r)
{
	for (int i = 0; i < r->type->nfields; i++)
		value_unset(&r->v[i]);
	free(r->void_reason);
	r->void_reason = NULL;
	r->id = r->created_at = r->updated_at = r->voided_at = 0;
	r->id_known = false;
	r->bulk = false;
}

void record_free(struct record *r)
{
	if (!r)
		return;
	record_clear(r);
	for (int i = 0; i < r->type->nfields; i++)
		free(r->v[i].buf);
	free(r->v);
	free(r->scratch);
	free(r);
}

const char *record_get(const struct record *r, const char *name)
{
	int i = field_index(r->type, name);
	return i >= 0 && r->v[i].set ? r->v[i].s : NULL;
}

/* Make room for `need` bytes in a reusable buffer. */
static int reserve(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 32;
	while (n < need)
		n *= 2;
	char *p = realloc(*buf, n);
	if (!p)
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

static int set_text_n(struct value *v, const char *s, size_t len, struct err *e)
{
	if (reserve(&v->buf, &v->cap, len + 1))
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	memmove(v->buf, s, len); /* s may lie in buf itself */
	v->buf[len] = 0;
	v->s = v->buf;
	v->set = true;
	return 0;
}

static int set_text(struct value *v, const char *s, struct err *e)
{
	return set_text_n(v, s, strlen(s), e);
}

int record_put(struct record *r, int idx, const char *canonical, size_t len, struct err *e)
{
	value_unset(&r->v[idx]);
	return set_text_n(&r->v[idx], canonical, len, e);
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Match a code list entry by code, Chinese label or English label. */
static const struct code_item *code_match(const struct code_list *cl, const char *s)
{
	for (size_t i = 0; i < cl->n; i++)
		if (strcmp(cl->items[i].code, s) == 0 || strcmp(cl->items[i].zh, s) == 0 ||
		    text_eq_icase_ascii(cl->items[i].en, s))
			return &cl->items[i];
	return NULL;
}

__attribute__((format(printf, 4, 5)))
static int bad(struct err *e, const struct field *f, const char *code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(e, ERR_INVALID, code, f->name, "%s：%s", f->zh, msg);
}

/* Normalise a list of keys: separators ';' '；' ',' '，' '、' and spaces. */
static int parse_keylist(char *s, struct value *v, struct err *e)
{
	struct buf out;
	buf_init(&out);
	static const char *const seps[] = { "；", "，", "、" };
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
		char *p;
		while ((p = strstr(s, seps[k]))) {
			/* each separator is 3 bytes of UTF-8: turn it into ";  " */
			p[0] = ';';
			p[1] = ' ';
			p[2] = ' ';
		}
	}
	char *save = NULL;
	for (char *tok = strtok_r(s, ";, \t", &save); tok; tok = strtok_r(NULL, ";, \t", &save)) {
		if (!*tok)
			continue;
		if (out.len && buf_puts(&out, ";"))
			goto oom;
		if (buf_puts(&out, tok))
			goto oom;
	}
	if (out.len == 0) {
		buf_free(&out);
		return 0;
	}
	int rc = set_text(v, out.p, e);
	buf_free(&out);
	return rc;
oom:
	buf_free(&out);
	return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
}

int record_set(struct record *r, int idx, const char *text, int tz_minutes, struct err *e)
{
	const struct field *f = &r->type->fields[idx];
	struct value *v = &r->v[idx];
	value_unset(v);

	/* a working copy to trim and parse: the record's scratch buffer, reused */
	if (!text)
		text = "";
	size_t tlen = strlen(text);
	if (reserve(&r->scratch, &r->scratch_cap, tlen + 1))
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	memcpy(r->scratch, text, tlen + 1);
	size_t len = tlen;
	char *s = text_trim_n(r->scratch, &len);
	int rc = 0;
	if (!len)
		goto out; /* empty means "not given" */
	if (!utf8_valid(s, len)) {
		rc = bad(e, f, "field.encoding", "不是有效的 UTF-8 文本（not valid UTF-8）%s", "");
		goto out;
	}

	switch (f->type) {
	case FT_TEXT: {
		int max = f->max_len ? f->max_len : DEFAULT_MAX_LEN;
		if (len > (size_t)max && utf8_chars(s) > (size_t)max) { /* bytes >= characters */
			char lim[32];
			snprintf(lim, sizeof lim, "%d", max);
			rc = bad(e, f, "field.too_long", "超过 %s 个字（text too long）", lim);
			break;
		}
		/* personal identifiers are checked, so a masked or mistyped one is refused */
		if (f->sens == SENS_PHONE && !phone_valid(s)) {
			rc = bad(e, f, "field.phone", "“%s”不是有效的电话号码，应为 11 位手机号或 0483-8221234 式固定电话（invalid phone number）", s);
			break;
		}
		if (f->sens == SENS_IDNO && !idno_valid(s)) {
			rc = bad(e, f, "field.idno", "身份证号码“%s”无效：长度、出生日期或校验位不对（invalid resident ID number）", s);
			break;
		}
		rc = set_text_n(v, s, len, e);
		break;
	}
	case FT_INT: {
		char *end;
		errno = 0;
		long long n = strtoll(s, &end, 10);
		if (errno || *end) {
			rc = bad(e, f, "field.not_integer", "“%s”不是整数（not an integer）", s);
			break;
		}
		rc = set_text_n(v, s, len, e);
		v->i = n;
		break;
	}
	case FT_REAL: {
		char *end;
		errno = 0;
		double d = strtod(s, &end);
		if (errno || *end || !isfinite(d)) {
			rc = bad(e, f, "field.not_number", "“%s”不是数字（not a number）", s);
			break;
		}
		rc = set_text_n(v, s, len, e);
		v->d = d;
		break;
	}
	case FT_BOOL: {
		int b = -1;
		if (!strcmp(s, "1") || text_eq_icase_ascii(s, "true") || !strcmp(s, "是"))
			b = 1;
		else if (!strcmp(s, "0") || text_eq_icase_ascii(s, "false") || !strcmp(s, "否"))
			b = 0;
		if (b < 0) {
			rc = bad(e, f, "field.not_bool", "“%s”应为 0/1 或 是/否（expected 0 or 1）", s);
			break;
		}
		rc = set_text(v, b ? "1" : "0", e);
		v->i = b;
		break;
	}
	case FT_DATE: {
		int32_t days;
		if (date_parse(s, f->name, &days, e)) {
			rc = -1;
			break;
		}
		char out[11];
		date_format(days, out);
		rc = set_text(v, out, e);
		v->i = days;
		break;
	}
	case FT_INSTANT: {
		int64_t t;
		if (instant_parse(s, f->name, tz_minutes, &t, e)) {
			rc = -1;
			break;
		}
		char out[26];
		instant_format_iso(t, tz_minutes, out);
		rc = set_text(v, out, e);
		v->i = t;
		break;
	}
	case FT_ENUM: {
		const struct code_item *it = code_match(f->codes, s);
		if (!it) {
			char allowed[300] = "";
			size_t used = 0;
			for (size_t i = 0; i < f->codes->n && used < sizeof allowed - 40; i++)
				used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s%s %s",
							 i ? "、" : "", f->codes->items[i].code, f->codes->items[i].zh);
			char msg[480];
			snprintf(msg, sizeof msg, "“%.60s”不在可选值中，应为：%.300s（unknown code）", s, allowed);
			rc = err_set(e, ERR_INVALID, "field.unknown_code", f->name, "%s：%s", f->zh, msg);
			break;
		}
		rc = set_text(v, it->code, e);
		break;
	}
	case FT_REF:
		rc = set_text_n(v, s, len, e);
		break;
	case FT_REFLIST:
		rc = parse_keylist(s, v, e);
		break;
	}
out:
	if (rc)
		value_unset(v);
	return rc;
}

int record_set_int(struct record *r, int idx, int64_t v, struct err *e)
{
	char num[24], *p = num + sizeof num;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	*--p = 0;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		*--p = '-';
	struct value *val = &r->v[idx];
	value_unset(val);
	if (set_text(val, p, e))
		return -1;
	val->i = v;
	return 0;
}

int record_set_by_name(struct record *r, const char *name, const char *text, int tz_minutes, struct err *e)
{
	int i = field_index(r->type, name);
	if (i < 0)
		return err_set(e, ERR_INVALID, "field.unknown", name, "未知字段 %s（unknown field）", name);
	return record_set(r, i, text, tz_minutes, e);
}

int record_canonical(const struct record_type *t, const char *name, const char *text, char **out, struct err *e)
{
	*out = NULL;
	struct record *r = record_new(t);
	if (!r)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = record_set_by_name(r, name, text, config()->tz_minutes, e);
	int i = field_index(t, name);
	if (rc == 0 && r->v[i].set && !(*out = strdup(r->v[i].s)))
		rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	record_free(r);
	return rc;
}

/*
 * The statements every record type needs are assembled from its descriptor
 * once per connection: each is cached under the descriptor's address plus
 * an operation number (see db_prepare_keyed).
 */
enum record_op { OP_REF_EXISTS, OP_FIND_ID, OP_INSERT, OP_UPDATE, OP_LOAD, OP_LOAD_SCOPED, OP_INSERT_NEW,
		 OP_REF_EXISTS_SCOPED, OP_INSERT_CHUNK };

static const void *op_key(const struct record_type *t, enum record_op op)
{
	return (const char *)t + op; /* distinct addresses inside the descriptor */
}

static bool stored(const struct field *f)
{
	return f->type != FT_REFLIST;
}

static void build_ref_exists(const void *arg, struct buf *sql)
{
	const struct record_type *t = arg;
	buf_printf(sql, "SELECT 1 FROM %s WHERE %s = ? AND voided_at IS NULL", t->table, field_column(record_key_field(t)));
}

static void build_ref_exists_scoped(const void *arg, struct buf *sql)
{
	const struct record_type *t = arg;
	build_ref_exists(t, sql);
	buf_printf(sql, " AND (%s)", t->scope_sql);
}

static void build_find_id(const void *arg, struct buf *sql)
{
	const struct record_type *t = arg;
	buf_printf(sql, "SELECT id FROM %s WHERE ", t->table);
	int n = 0;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY)
			buf_printf(sql, "%s%s = ?", n++ ? " AND " : "", field_column(&t->fields[i]));
}

/* One row's placeholders: "(?, ..., ?)" for the stored fields, created_at and updated_at. */
static void values_group(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, "(");
	for (int i = 0; i < t->nfields; i++)
		if (stored(&t->fields[i]))
			buf_printf(sql, "?, ");
	buf_printf(sql, "?, ?)");
}

static void build_insert(const void *arg, struct buf *sql)
{
	const struct record_type *t = arg;
	buf_printf(sql, "INSERT INTO %s (", t->table);
	for (int i = 0; i < t->nfields; i++)
		if (stored(&t->fields[i]))
			buf_printf(sql, "%s, ", field_column(&t->fields[i]));
	buf_printf(sql, "created_at, updated_at) VALUES ");
	values_group(t, sql);
}

static void on_conflict_do_nothing(const struct record_type *t, struct buf *sql)
{
	buf_printf(sql, " ON CONFLICT (");
	int n = 0;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY)
			buf_printf(sql, "%s%s", n++ ? ", " : "", field_column(&t->fields[i]));
	buf_printf(sql, ") DO NOTHING");
}

/* An insert that does nothing when the key exists (then no row comes back). */
static void build_insert_new(const void *arg, struct buf *sql)
{
	const struct record_type *t = arg;
	build_insert(t, sql);
	on_conflict_do_nothing(t, sql);
}

/* The same for RECORD_CHUNK rows: one more "(?, ...)" group a row. */
static void build_insert_chunk(const void *arg, struct buf *sql)
{
	const struct record_type *t = arg;
	build_insert(t, sql);
	for (int k = 1; k < RECORD_CHUNK; k++) {
		buf_printf(sql, ", ");
		values_group(t, sql);
	}
	on_conflict_do_nothing(t, sql);
}

static void build_update(const void *arg, struct buf *sql)
{
	const struct record_type *t = arg;
	buf_printf(sql, "UPDATE %s SET ", t->table);
	for (int i = 0; i < t->nfields; i++)
		if (stored(&t->fields[i]))
			buf_printf(sql, "%s = ?, ", field_column(&t->fields[i]));
	buf_printf(sql, "updated_at = ? WHERE id = ?");
}

/* SELECT list for a record: every stored column, then the bookkeeping. */
static void select_list(struct buf *sql, const struct record_type *t)
{
	buf_printf(sql, "SELECT id");
	for (int i = 0; i < t->nfields; i++)
		if (stored(&t->fields[i]))
			buf_printf(sql, ", %s", field_column(&t->fields[i]));
	buf_printf(sql, ", created_at, updated_at, voided_at, void_reason FROM %s", t->table);
}

static void build_load(const void *arg, struct buf *sql)
{
	select_list(sql, arg);
	buf_printf(sql, " WHERE id = ?");
}

static void build_load_scoped(const void *arg, struct buf *sql)
{
	const struct record_type *t = arg;
	build_load(t, sql);
	buf_printf(sql, " AND (%s)", t->scope_sql);
}

/*
 * Does a live record of type `t` with this key exist, within `scope` (a
 * station code, or NULL / "" for all)?  A record outside the caller's scope
 * does not exist for it: no rule may then run on it and quote its details.
 */
static int ref_exists(struct db *db, const struct record_type *t, const char *key, const char *scope, struct err *e)
{
	bool sc = scope && *scope && t->scope_sql;
	struct db_stmt *st = sc ? db_prepare_keyed(db, op_key(t, OP_REF_EXISTS_SCOPED), build_ref_exists_scoped, t, e)
				: db_prepare_keyed(db, op_key(t, OP_REF_EXISTS), build_ref_exists, t, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	if (sc)
		db_bind_text(st, 2, scope);
	int rc = db_step(st, e);
	db_done(st);
	return rc;
}

static void report(const struct problem_sink *sink, const struct err *e)
{
	if (sink && sink->report)
		sink->report(sink->ctx, e);
}

static int check_ref(struct db *db, const struct record *r, const struct field *f, const char *key,
		     const struct problem_sink *sink)
{
	struct memo *memo = r->memo;
	if (memo_get(memo, f->ref->table, key))
		return 0;
	struct err e;
	err_clear(&e);
	int rc = ref_exists(db, f->ref, key, r->scope, &e);
	if (rc == 1) {
		memo_put(memo, f->ref->table, key, "1");
		return 0;
	}
	if (rc == 0)
		err_set(&e, ERR_INVALID, "field.unknown_ref", f->name, "%s：找不到%s“%s”（no such %s）",
			f->zh, f->ref->zh, key, f->ref->en);
	report(sink, &e);
	return 1;
}

int record_check(struct db *db, struct record *r, const struct problem_sink *sink)
{
	const struct record_type *t = r->type;
	struct err e;
	int problems = 0;

	err_clear(&e);
	if (t->derive && t->derive(db, r, &e)) {
		report(sink, &e);
		return 1;
	}
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		if ((f->flags & FF_REQUIRED) && !r->v[i].set) {
			err_set(&e, ERR_INVALID, "field.required", f->name, "%s：必填（required）", f->zh);
			report(sink, &e);
			problems++;
		}
	}
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		if (!r->v[i].set)
			continue;
		if (f->type == FT_REF) {
			problems += check_ref(db, r, f, r->v[i].s, sink);
		} else if (f->type == FT_REFLIST) {
			char *list = strdup(r->v[i].s);
			if (!list) {
				err_set(&e, ERR_INTERNAL, NULL, f->name, "内存不足（out of memory）");
				report(sink, &e);
				return problems + 1;
			}
			char *save = NULL;
			for (char *k = strtok_r(list, ";", &save); k; k = strtok_r(NULL, ";", &save))
				problems += check_ref(db, r, f, k, sink);
			free(list);
		}
	}
	/* An existing record with this key is updated: its rules must not
	 * count it against itself (posts overlapping with their old dates). */
	if (problems == 0 && r->id == 0 && !(r->bulk && !t->check_needs_id)) {
		int64_t id = 0;
		err_clear(&e);
		if (record_find_id(db, r, &id, &e)) {
			report(sink, &e);
			return problems + 1;
		}
		r->id = id;
		r->id_known = true;
	}
	if (problems == 0 && t->check) {
		err_clear(&e);
		if (t->check(db, r, &e)) {
			report(sink, &e);
			problems++;
		}
	}
	return problems;
}

/* Bind value `v` of field `f` at `idx` (unset binds NULL).  The record
 * outlives the statement's use (every caller steps and db_done()s before
 * the record changes), so text is bound without a copy. */
static void bind_value(struct db_stmt *st, int idx, const struct field *f, const struct value *v)
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

/* Bind r's stored fields from parameter n + 1 on, then `a` and `b` (the
 * times of a new row, or the time and id of an update); returns the last
 * parameter bound. */
static int bind_row(struct db_stmt *st, const struct record *r, int n, int64_t a, int64_t b)
{
	const struct record_type *t = r->type;
	for (int i = 0; i < t->nfields; i++)
		if (stored(&t->fields[i]))
			bind_value(st, ++n, &t->fields[i], &r->v[i]);
	db_bind_int(st, ++n, a);
	db_bind_int(st, ++n, b);
	return n;
}

int record_find_id(struct db *db, const struct record *r, int64_t *id, struct err *e)
{
	const struct record_type *t = r->type;
	struct db_stmt *st = db_prepare_keyed(db, op_key(t, OP_FIND_ID), build_find_id, t, e);
	if (!st)
		return -1;
	int n = 0;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY)
			bind_value(st, ++n, &t->fields[i], &r->v[i]);
	int rc = db_step(st, e);
	*id = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? -1 : 0;
}

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
		struct db_stmt *st = db_prepare(db, sql, e);
		if (!st)
			return -1;
		db_bind_text(st, 1, self);
		int rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return -1;
		if (!r->v[i].set)
			continue;
		snprintf(sql, sizeof sql, "INSERT INTO %s (%s, %s) VALUES (?, ?) ON CONFLICT DO NOTHING",
			 f->link_table, f->link_self, f->link_other);
		char *list = strdup(r->v[i].s);
		if (!list)
			return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		char *save = NULL;
		for (char *k = strtok_r(list, ";", &save); k; k = strtok_r(NULL, ";", &save)) {
			st = db_prepare(db, sql, e);
			if (!st) {
				free(list);
				return -1;
			}
			db_bind_text(st, 1, self);
			db_bind_text(st, 2, k);
			rc = db_step(st, e);
			db_done(st);
			if (rc < 0) {
				free(list);
				return -1;
			}
		}
		free(list);
	}
	return 0;
}

/* A new record went in as `id`: its handle and times, its cells, its links. */
static int inserted_as(struct db *db, struct record *r, int64_t id, int64_t now, const struct cell_sink *sink,
		       struct err *e)
{
	r->id = id;
	r->created_at = r->updated_at = now;
	if (r->type->cells && r->type->cells(r, +1, sink, e))
		return -1;
	return save_links(db, r, e);
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
	int64_t id;
	bool inserted = false;
	if (r->id || r->id_known) {
		id = r->id;
	} else if (r->bulk) {
		/* most rows of an import are new: try the insert first, look up only on a clash */
		struct db_stmt *st = db_prepare_keyed(db, op_key(t, OP_INSERT_NEW), build_insert_new, t, e);
		if (!st)
			return -1;
		bind_row(st, r, 0, now, now);
		int rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return -1;
		inserted = db_changes(db) == 1;
		id = inserted ? db_last_insert_id(db) : 0;
		if (!inserted && record_find_id(db, r, &id, e))
			return -1;
	} else if (record_find_id(db, r, &id, e)) {
		return -1;
	}
	if (inserted) {
		if (created)
			*created = true;
		return inserted_as(db, r, id, now, sink, e);
	}
	/* a void record stays void when its fields change: it counts nowhere */
	if (uncount(db, t, id, sink, &r->voided_at, e))
		return -1;

	struct db_stmt *st = id ? db_prepare_keyed(db, op_key(t, OP_UPDATE), build_update, t, e)
				: db_prepare_keyed(db, op_key(t, OP_INSERT), build_insert, t, e);
	if (!st)
		return -1;
	bind_row(st, r, 0, now, id ? id : now);
	int rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return -1;
	if (created)
		*created = id == 0;
	if (!id)
		return inserted_as(db, r, db_last_insert_id(db), now, sink, e);
	r->id = id;
	r->updated_at = now;
	if (t->cells && !r->voided_at && t->cells(r, +1, sink, e))
		return -1;
	return save_links(db, r, e);
}

int record_insert_chunk(struct db *db, struct record *const *rs, int64_t now, const struct cell_sink *sink,
			bool inserted[RECORD_CHUNK], struct err *e)
{
	const struct record_type *t = rs[0]->type;
	struct cell_sink direct = { rollup_apply_cell, db };
	if (!sink)
		sink = &direct;
	struct err pe;
	struct db_stmt *st = db_prepare_keyed(db, op_key(t, OP_INSERT_CHUNK), build_insert_chunk, t, &pe);
	if (!st)
		return 1; /* e.g. more parameters than this SQLite allows: row by row, which reports any real fault */
	for (int k = 0, n = 0; k < RECORD_CHUNK; k++)
		n = bind_row(st, rs[k], n, now, now);
	struct err se;
	int rc = db_step(st, &se);
	db_done(st);
	if (rc < 0) {
		if (se.kind == ERR_CONFLICT)
			return 1; /* a constraint: the statement undid itself, the rows go one by one */
		*e = se;
		return -1;
	}
	/* The rows that went in got consecutive ids, in the chunk's order: the
	 * table's largest id plus one, two, ... (we hold the write lock). */
	int64_t m = db_changes(db);
	int64_t last = m ? db_last_insert_id(db) : 0, first = last - m + 1;
	for (int k = 0; k < RECORD_CHUNK; k++) {
		struct record *r = rs[k];
		int64_t id = first + k;
		inserted[k] = m == RECORD_CHUNK;
		if (!inserted[k]) {
			/* Some keys clashed: a row went in if its key's id is new and
			 * no earlier row of the chunk claimed it (the first of two rows
			 * with one key is inserted, the second updates it).  A row that
			 * did not go in keeps the id it found, so record_save_to updates
			 * it straight away. */
			if (record_find_id(db, r, &id, e))
				return -1;
			inserted[k] = id >= first && id <= last;
			for (int j = 0; j < k && inserted[k]; j++)
				inserted[k] = !(inserted[j] && rs[j]->id == id);
			if (!inserted[k]) {
				r->id = id;
				r->id_known = true;
				continue;
			}
		}
		/* cannot fail for a checked record (its codes fit the rollup keys): if it does, a bug */
		if (inserted_as(db, r, id, now, sink, e))
			return -1;
	}
	return 0;
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
		rc = set_text(&r->v[idx], b.p, e);
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
		if (!stored(f))
			continue;
		int col = c++;
		if (db_col_null(st, col))
			continue;
		struct value *v = &r->v[i];
		if (f->type == FT_INSTANT) {
			v->i = db_col_int(st, col);
			char out[26];
			instant_format_iso(v->i, config()->tz_minutes, out);
			if (set_text(v, out, e))
				return -1;
			continue;
		}
		if (set_text(v, db_col_text(st, col), e))
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

static bool scoped(const struct record_type *t, const char *scope)
{
	return scope && *scope && t->scope_sql;
}

int record_load(struct db *db, struct record *r, int64_t id, const char *scope, struct err *e)
{
	bool sc = scoped(r->type, scope);
	struct db_stmt *st = db_prepare_keyed(db, op_key(r->type, sc ? OP_LOAD_SCOPED : OP_LOAD),
					      sc ? build_load_scoped : build_load, r->type, e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	if (scoped(r->type, scope))
		db_bind_text(st, 2, scope);
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
	if (!reason || !*reason)
		return err_set(e, ERR_INVALID, "void.reason_required", "reason", "作废须填写原因（a reason is required）");
	struct cell_sink direct = { rollup_apply_cell, db };
	int64_t live = 0;
	char sql[200];
	if (t->cells) {
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE id = ? AND voided_at IS NULL", t->table);
		struct db_stmt *q = db_prepare(db, sql, e);
		if (!q)
			return -1;
		db_bind_int(q, 1, id);
		int rc = db_step(q, e);
		live = rc == 1 ? db_col_int(q, 0) : 0;
		db_done(q);
		if (rc < 0 || (live && uncount(db, t, id, &direct, NULL, e)))
			return -1;
	}
	snprintf(sql, sizeof sql, "UPDATE %s SET voided_at = ?, void_reason = ?, updated_at = ? "
				  "WHERE id = ? AND voided_at IS NULL RETURNING id", t->table);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, reason);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, id);
	int rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "record.not_found", NULL, "%s不存在或已作废（not found or already void）", t->zh);
	return 0;
}

int record_in_scope(struct db *db, const struct record_type *t, int64_t id, const char *scope, struct err *e)
{
	if (!scoped(t, scope))
		return 1;
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ? AND (%s)", t->table, t->scope_sql);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, scope);
	int rc = db_step(st, e);
	db_done(st);
	return rc;
}

/* WHERE clause for a query; binds follow in the same order (see bind_query). */
static int where_clause(struct buf *sql, const struct record_type *t, const struct record_query *q, struct err *e)
{
	buf_printf(sql, " WHERE 1 = 1");
	if (!q->include_voided)
		buf_printf(sql, " AND voided_at IS NULL");
	if (scoped(t, q->scope))
		buf_printf(sql, " AND (%s)", t->scope_sql);
	if (q->extra_text_sql)
		buf_printf(sql, " AND (%s)", q->extra_text_sql);
	if (q->extra_int_sql)
		buf_printf(sql, " AND (%s)", q->extra_int_sql);
	if (q->search && *q->search) {
		buf_printf(sql, " AND (1 = 0");
		for (int i = 0; i < t->nfields; i++)
			if (t->fields[i].type == FT_TEXT && t->fields[i].sens == SENS_NONE)
				buf_printf(sql, " OR %s LIKE ? ESCAPE '\\'", field_column(&t->fields[i]));
		buf_printf(sql, ")");
	}
	for (int k = 0; k < q->nfilters; k++) {
		int i = field_index(t, q->filters[k].field);
		if (i < 0 || !(t->fields[i].flags & FF_FILTER))
			return err_set(e, ERR_INVALID, "filter.unknown", q->filters[k].field,
				       "不能按“%s”筛选（cannot filter by this field）", q->filters[k].field);
		buf_printf(sql, " AND %s = ?", field_column(&t->fields[i]));
	}
	const struct field *main = NULL;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_MAIN_DATE)
			main = &t->fields[i];
	if ((q->from || q->to) && !main)
		return err_set(e, ERR_INVALID, "filter.no_date", "from", "%s没有可按日期筛选的字段（no date to filter by）", t->zh);
	const char *date_col = main ? (main->day_column ? main->day_column : field_column(main)) : NULL;
	if (q->from)
		buf_printf(sql, " AND %s >= ?", date_col);
	if (q->to)
		buf_printf(sql, " AND %s <= ?", date_col);
	return 0;
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

static int bind_query(struct db_stmt *st, const struct record_type *t, const struct record_query *q)
{
	int n = 0;
	if (scoped(t, q->scope))
		db_bind_text(st, ++n, q->scope);
	if (q->extra_text_sql)
		db_bind_text(st, ++n, q->extra_text);
	if (q->extra_int_sql)
		db_bind_int(st, ++n, q->extra_int);
	if (q->search && *q->search) {
		char *pat = like_pattern(q->search);
		for (int i = 0; i < t->nfields; i++)
			if (t->fields[i].type == FT_TEXT && t->fields[i].sens == SENS_NONE)
				db_bind_text(st, ++n, pat ? pat : "");
		free(pat);
	}
	for (int k = 0; k < q->nfilters; k++)
		db_bind_text(st, ++n, q->filters[k].value);
	/* an instant's main date filters on its day number, a date on its text */
	const struct field *main = NULL;
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_MAIN_DATE)
			main = &t->fields[i];
	const char *bounds[2] = { q->from, q->to };
	for (int k = 0; k < 2; k++) {
		if (!bounds[k])
			continue;
		int32_t day = 0;
		struct err ignored;
		if (main && main->day_column && date_parse(bounds[k], k ? "to" : "from", &day, &ignored) == 0)
			db_bind_int(st, ++n, day);
		else
			db_bind_text(st, ++n, bounds[k]);
	}
	return n;
}

int record_list(struct db *db, const struct record_type *t, const struct record_query *q,
		int (*each)(void *ctx, const struct record *r), void *ctx, int64_t *total, struct err *e)
{
	static const struct record_query all = { 0 };
	if (!q)
		q = &all;
	struct buf sql;
	buf_init(&sql);
	int rc = -1;
	struct record *r = NULL;
	if (total) {
		buf_printf(&sql, "SELECT COUNT(*) FROM %s", t->table);
		if (where_clause(&sql, t, q, e))
			goto out;
		struct db_stmt *st = db_prepare(db, sql.p, e);
		if (!st)
			goto out;
		bind_query(st, t, q);
		if (db_count(db, st, total, e))
			goto out;
		buf_reset(&sql);
	}
	select_list(&sql, t);
	if (where_clause(&sql, t, q, e))
		goto out;
	buf_printf(&sql, " ORDER BY ");
	if (q->sort && *q->sort) {
		bool desc = q->sort[0] == '-';
		int si = field_index(t, q->sort + desc);
		if (si < 0 || t->fields[si].type == FT_REFLIST) {
			err_set(e, ERR_INVALID, "sort.unknown", "sort", "不能按“%s”排序（cannot sort by this field）", q->sort);
			goto out;
		}
		buf_printf(&sql, "%s %s, ", field_column(&t->fields[si]), desc ? "DESC" : "ASC");
	}
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].flags & FF_KEY)
			buf_printf(&sql, "%s, ", field_column(&t->fields[i]));
	buf_printf(&sql, "id LIMIT ? OFFSET ?");
	if (sql.failed || !sql.p) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	struct db_stmt *st = db_prepare(db, sql.p, e);
	if (!st)
		goto out;
	int n = bind_query(st, t, q);
	db_bind_int(st, ++n, q->limit > 0 ? q->limit : INT64_MAX);
	db_bind_int(st, ++n, q->offset > 0 ? q->offset : 0);
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
	return rc;
}
