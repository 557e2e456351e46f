/*
 * value.c — records in memory, without a database: making, clearing and
 * freeing them, and turning text into checked values by field descriptor
 * (trimmed; dates strict; codes by code or label; lengths, phone and ID
 * numbers checked; key lists normalised), with the canonical text a filter
 * compares.  The storing half is record.c; the SQL it runs, record_sql.c.
 */
#include "model/record_internal.h"
#include "base/config.h"
#include "base/date.h"
#include "base/idno.h"
#include "base/text.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
void value_unset(struct value *v)
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
	free(r->was_broken);
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

int value_set_text_n(struct value *v, const char *s, size_t len, struct err *e)
{
	if (reserve(&v->buf, &v->cap, len + 1))
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	memmove(v->buf, s, len); /* s may lie in buf itself */
	v->buf[len] = 0;
	v->s = v->buf;
	v->set = true;
	return 0;
}

int value_set_text(struct value *v, const char *s, struct err *e)
{
	return value_set_text_n(v, s, strlen(s), e);
}

int record_put(struct record *r, int idx, const char *canonical, size_t len, struct err *e)
{
	value_unset(&r->v[idx]);
	return value_set_text_n(&r->v[idx], canonical, len, e);
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
		/* each key trimmed as the whole text is (form feed, U+3000 ...), so a written list reads back the same */
		size_t tlen = strlen(tok);
		tok = text_trim_n(tok, &tlen);
		if (!tlen)
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
	int rc = value_set_text(v, out.p, e);
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
		rc = value_set_text_n(v, s, len, e);
		break;
	}
	case FT_INT:
	case FT_REAL: {
		/* the whole text one number: an integer, or a finite real */
		bool integer = f->type == FT_INT;
		char *end = s;
		errno = 0;
		long long n = integer ? strtoll(s, &end, 10) : 0;
		double d = integer ? 0 : strtod(s, &end);
		if (errno || *end || !isfinite(d)) {
			rc = integer ? bad(e, f, "field.not_integer", "“%s”不是整数（not an integer）", s)
				     : bad(e, f, "field.not_number", "“%s”不是数字（not a number）", s);
			break;
		}
		rc = value_set_text_n(v, s, len, e);
		v->i = n;
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
		rc = value_set_text(v, b ? "1" : "0", e);
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
		rc = value_set_text(v, out, e);
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
		rc = value_set_text(v, out, e);
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
		rc = value_set_text(v, it->code, e);
		break;
	}
	case FT_REF:
		rc = value_set_text_n(v, s, len, e);
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
	if (value_set_text(val, p, e))
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

/* The latest instant an event may carry: now and 5 minutes of clock skew, or,
 * when today is fixed ($FENGQIAO_TODAY), the end of that day. */
static int64_t latest_instant(void)
{
	const struct config *c = config();
	if (c->today_fixed)
		return local_day_end(c->today, c->tz_minutes) - 1;
	return (int64_t)time(NULL) + 5 * 60;
}

/* The first control character in s (C0 but the tab and line feed a multi-line
 * field may hold, DEL, C1 U+0080-U+009F; the bidi embeddings and overrides
 * U+202A-U+202E and isolates U+2066-U+2069, which reorder what is shown; the
 * line and paragraph separators U+2028/U+2029 unless multi-line), its code
 * point in *code, or NULL. */
static const char *control_char(const char *s, bool multiline, unsigned *code)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		*code = *p;
		if ((*p < 0x20 && !(multiline && (*p == '\t' || *p == '\n'))) || *p == 0x7f)
			return (const char *)p;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			*code = p[1];
			return (const char *)p;
		}
		if (*p == 0xe2 && (p[1] == 0x80 || p[1] == 0x81) && p[2] >= 0x80 && p[2] <= 0xbf) {
			*code = 0x2000u | (unsigned)(p[1] & 0x3f) << 6 | (unsigned)(p[2] & 0x3f);
			if ((*code >= 0x202a && *code <= 0x202e) || (*code >= 0x2066 && *code <= 0x2069) ||
			    (!multiline && (*code == 0x2028 || *code == 0x2029)))
				return (const char *)p;
		}
	}
	return NULL;
}

int text_check_controls(const char *s, const char *name, const char *label, bool multiline, struct err *e)
{
	unsigned code = 0;
	const char *c = s ? control_char(s, multiline, &code) : NULL;
	if (!c)
		return 0;
	return err_set(e, ERR_INVALID, "field.control_char", name,
		       "%s：含有控制字符 U+%04X（第 %d 个字节），请删除（control character not allowed）", label, code,
		       (int)(c - s) + 1);
}

int value_check_rules(const struct field *f, const struct value *v, struct err *e)
{
	if (!v->set)
		return 0;
	if ((f->type == FT_TEXT || f->type == FT_REF || f->type == FT_REFLIST) &&
	    text_check_controls(v->s, f->name, f->zh, f->flags & FF_MULTILINE, e))
		return -1;
	if (!(f->flags & FF_NOT_FUTURE))
		return 0;
	if (f->type == FT_DATE && v->i > date_today(config()->tz_minutes)) {
		char today[11];
		date_format(date_today(config()->tz_minutes), today);
		return bad(e, f, "field.future", "%s 晚于今天 %s（a date in the future）", v->s, today);
	}
	if (f->type == FT_INSTANT && v->i > latest_instant())
		return bad(e, f, "field.future", "%s 晚于当前时间（a time in the future）", v->s);
	return 0;
}

int keylist_each(const char *list, int (*each)(void *ctx, const char *key), void *ctx, struct err *e)
{
	char *copy = strdup(list);
	if (!copy)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "内存不足（out of memory）");
	int rc = 0;
	for (char *k = copy, *next; k && !rc; k = next) {
		next = strchr(k, ';');
		if (next)
			*next++ = 0;
		if (*k)
			rc = each(ctx, k);
	}
	free(copy);
	return rc;
}
