/*
 * libFuzzer harness for the JSON face of records (io/record_json.c), which
 * is what the HTTP API feeds with request bodies.
 *
 * The bytes go to jansson's json_loadb; when they make an object, it is
 * applied with record_from_json to a fresh record of every type in
 * record_types[], then written back with record_to_json, masked and
 * revealed.  Whatever the bytes, nothing may crash or leak, and:
 *
 *   - every problem reported is well formed (kind, code, message, field),
 *     and their number is what record_from_json returns;
 *   - every field set holds valid UTF-8 canonical text;
 *   - the output is an object with "id" and one key per shown field (a
 *     value jansson cannot represent must not silently drop the field);
 *   - the revealed output read back into a fresh record gives no problem
 *     and the same values: what the API answers, a client may send back;
 *   - the fast list writer (record_write_json) prints what the tree writer
 *     prints as the API dumps it (15 significant digits), masked and
 *     revealed: the same JSON value, so key order and the spelling of a
 *     number (10 or 10.0) may differ, nothing else.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/date.h"
#include "base/text.h"
#include "io/record_json.h"
#include "model/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* the parsed objects keep their keys' order, so runs are reproducible */
	json_object_seed(1);
	return 0;
}

struct count {
	int n;
};

static void check_problem(void *ctx, const struct err *e)
{
	struct count *c = ctx;
	c->n++;
	if (e->kind == ERR_NONE || !e->code[0] || !e->message[0])
		abort();
	if (strnlen(e->message, sizeof e->message) >= sizeof e->message)
		abort();
}

/* The fields a client sends and gets back: neither hidden nor derived. */
static bool echoed(const struct field *f)
{
	return !(f->flags & (FF_HIDDEN | FF_DERIVED));
}

static void check_record(const struct record *r)
{
	for (int i = 0; i < r->type->nfields; i++) {
		const struct value *v = &r->v[i];
		if (!v->set)
			continue;
		if (!v->s || !utf8_valid(v->s, strlen(v->s)))
			abort();
		/* "" means not given: a set field has something in it */
		if (!v->s[0])
			abort();
	}
}

static void check_output(const struct record *r, json_t *out, bool reveal)
{
	if (!json_is_object(out) || !json_is_integer(json_object_get(out, "id")))
		abort();
	for (int i = 0; i < r->type->nfields; i++) {
		const struct field *f = &r->type->fields[i];
		json_t *j = json_object_get(out, f->name);
		if (f->flags & FF_HIDDEN) {
			if (j)
				abort();
			continue;
		}
		if (!j)
			abort(); /* a field the output lost */
		if (j && !r->v[i].set != json_is_null(j))
			abort();
	}
	char *text = json_dumps(out, JSON_COMPACT);
	if (!text)
		abort();
	free(text);
}

/* The same JSON value; a number by its value, whether written as an integer or a real. */
static bool same_json(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	if (json_is_object(a) && json_is_object(b)) {
		if (json_object_size(a) != json_object_size(b))
			return false;
		const char *key;
		json_t *v;
		json_object_foreach((json_t *)a, key, v)
		{
			json_t *w = json_object_get(b, key);
			if (!w || !same_json(v, w))
				return false;
		}
		return true;
	}
	if (json_is_array(a) && json_is_array(b)) {
		if (json_array_size(a) != json_array_size(b))
			return false;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!same_json(json_array_get(a, i), json_array_get(b, i)))
				return false;
		return true;
	}
	return json_equal(a, b);
}

/* record_write_json's text parses to the value record_to_json built. */
static void check_fast_writer(const struct record *r, const json_t *tree, bool reveal)
{
	struct buf out;
	buf_init(&out);
	record_write_json(&out, r, reveal);
	if (out.failed)
		abort();
	/* the tree as the API prints it (reply_json: 15 significant digits), read back */
	char *want = json_dumps(tree, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (!want)
		abort();
	json_error_t je;
	json_t *printed = json_loads(want, JSON_ALLOW_NUL, &je);
	json_t *fast = json_loadb(out.p ? out.p : "", out.len, JSON_ALLOW_NUL, &je);
	if (!printed || !fast || !same_json(fast, printed)) {
		fprintf(stderr, "fast writer: %.*s\ntree writer: %s\n", (int)out.len, out.p ? out.p : "", want);
		abort();
	}
	json_decref(printed);
	json_decref(fast);
	free(want);
	buf_free(&out);
}

/* The two records agree on every field a client echoes. */
static void check_same(const struct record *a, const struct record *b)
{
	for (int i = 0; i < a->type->nfields; i++) {
		const struct field *f = &a->type->fields[i];
		const struct value *x = &a->v[i], *y = &b->v[i];
		if (!echoed(f))
			continue;
		if (x->set != y->set)
			abort();
		if (!x->set)
			continue;
		switch (f->type) {
		case FT_INT:
		case FT_BOOL:
		case FT_DATE:
		case FT_INSTANT:
			if (x->i != y->i)
				abort();
			break;
		case FT_REAL:
			if (x->d != y->d)
				abort();
			break;
		default:
			if (strcmp(x->s, y->s))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (!in)
		return 0;
	if (!json_is_object(in)) {
		json_decref(in);
		return 0;
	}
	for (const struct record_type *const *t = record_types; *t; t++) {
		struct record *r = record_new(*t);
		if (!r)
			abort();
		struct count c = { 0 };
		struct problem_sink sink = { check_problem, &c };
		int problems = record_from_json(r, in, TZ_DEFAULT_MINUTES, &sink);
		if (problems != c.n || problems < 0)
			abort();
		check_record(r);

		json_t *masked = record_to_json(r, false);
		check_output(r, masked, false);
		check_fast_writer(r, masked, false);
		json_decref(masked);

		json_t *shown = record_to_json(r, true);
		check_output(r, shown, true);
		check_fast_writer(r, shown, true);

		/* read back what was shown: no problem, the same values */
		struct record *back = record_new(*t);
		if (!back)
			abort();
		struct count c2 = { 0 };
		struct problem_sink sink2 = { check_problem, &c2 };
		if (record_from_json(back, shown, TZ_DEFAULT_MINUTES, &sink2) != 0)
			abort();
		check_same(r, back);
		record_free(back);
		json_decref(shown);

		/* a second application over the first (a PATCH) is as safe */
		struct count c3 = { 0 };
		struct problem_sink sink3 = { check_problem, &c3 };
		record_from_json(r, in, TZ_DEFAULT_MINUTES, &sink3);
		check_record(r);
		record_free(r);
	}
	json_decref(in);
	return 0;
}
