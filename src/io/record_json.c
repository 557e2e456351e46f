#include "io/record_json.h"
#include "base/idno.h"

#include <stdio.h>
#include <string.h>

const char *record_text_out(const struct record *r, int idx, bool reveal, char *buf, size_t n)
{
	const struct field *f = &r->type->fields[idx];
	const struct value *v = &r->v[idx];
	if (!v->set)
		return NULL;
	if (reveal || f->sens == SENS_NONE)
		return v->s;
	switch (f->sens) {
	case SENS_NAME:
		mask_name(v->s, buf, n);
		break;
	case SENS_PHONE:
		mask_phone(v->s, buf, n);
		break;
	case SENS_IDNO:
		mask_idno(v->s, buf, n);
		break;
	default:
		return v->s;
	}
	return buf;
}

json_t *record_to_json(const struct record *r, bool reveal)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	for (int i = 0; i < r->type->nfields; i++) {
		const struct field *f = &r->type->fields[i];
		const struct value *v = &r->v[i];
		json_t *j;
		char buf[128];
		if (f->flags & FF_HIDDEN)
			continue;
		if (!v->set)
			j = json_null();
		else if (f->type == FT_INT)
			j = json_integer(v->i);
		else if (f->type == FT_REAL)
			j = json_real(v->d);
		else if (f->type == FT_BOOL)
			j = json_boolean(v->i);
		else
			j = json_string(record_text_out(r, i, reveal, buf, sizeof buf));
		json_object_set_new(o, f->name, j);
	}
	if (r->voided_at) {
		json_object_set_new(o, "voided", json_true());
		json_object_set_new(o, "void_reason", json_string(r->void_reason ? r->void_reason : ""));
	}
	return o;
}

static void write_string(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_add(out, "\"", 1);
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(out, run, (size_t)(s - run));
		run = s + 1;
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			buf_add(out, esc, 2);
		} else {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			buf_add(out, u, 6);
		}
	}
	buf_add(out, run, (size_t)(s - run));
	buf_add(out, "\"", 1);
}

void record_write_json(struct buf *out, const struct record *r, bool reveal)
{
	buf_printf(out, "{\"id\":%lld", (long long)r->id);
	for (int i = 0; i < r->type->nfields; i++) {
		const struct field *f = &r->type->fields[i];
		const struct value *v = &r->v[i];
		char text[128];
		if (f->flags & FF_HIDDEN)
			continue;
		buf_add(out, ",", 1);
		write_string(out, f->name);
		buf_add(out, ":", 1);
		if (!v->set)
			buf_puts(out, "null");
		else if (f->type == FT_INT)
			buf_printf(out, "%lld", (long long)v->i);
		else if (f->type == FT_REAL)
			buf_printf(out, "%.15g", v->d);
		else if (f->type == FT_BOOL)
			buf_puts(out, v->i ? "true" : "false");
		else
			write_string(out, record_text_out(r, i, reveal, text, sizeof text));
	}
	if (r->voided_at) {
		buf_puts(out, ",\"voided\":true,\"void_reason\":");
		write_string(out, r->void_reason ? r->void_reason : "");
	}
	buf_add(out, "}", 1);
}

int record_from_json(struct record *r, json_t *obj, int tz_minutes, const struct problem_sink *sink)
{
	const char *key;
	json_t *v;
	int problems = 0;
	json_object_foreach(obj, key, v) {
		struct err e;
		err_clear(&e);
		if (!strcmp(key, "id") || !strcmp(key, "voided") || !strcmp(key, "void_reason"))
			continue;
		int i = field_index(r->type, key);
		if (i >= 0 && (r->type->fields[i].flags & FF_DERIVED))
			continue; /* computed: a client echoing a record back is not an error */
		char num[64];
		const char *text = NULL;
		if (i < 0) {
			char shown[48];
			err_set(&e, ERR_INVALID, "field.unknown", key, "未知字段“%s”（unknown field）",
				text_quote(shown, sizeof shown, key, 40));
		} else if (json_is_string(v)) {
			text = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			text = num;
		} else if (json_is_real(v)) {
			snprintf(num, sizeof num, "%.17g", json_real_value(v));
			text = num;
		} else if (json_is_boolean(v)) {
			text = json_is_true(v) ? "1" : "0";
		} else if (json_is_null(v)) {
			text = "";
		} else {
			err_set(&e, ERR_INVALID, "field.type", key, "%s：应为文本、数字或布尔值（expected a scalar）",
				r->type->fields[i].zh);
		}
		if (text && strlen(text) != (json_is_string(v) ? json_string_length(v) : strlen(text)))
			err_set(&e, ERR_INVALID, "field.nul", key, "%s：不能包含 NUL 字符（NUL character）", r->type->fields[i].zh);
		else if (text)
			record_set(r, i, text, tz_minutes, &e);
		if (e.kind != ERR_NONE) {
			problems++;
			if (sink && sink->report)
				sink->report(sink->ctx, &e);
		}
	}
	return problems;
}
