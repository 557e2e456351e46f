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
 *     and the same values: what the API answers, a client may send back.
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
		json_decref(masked);

		json_t *shown = record_to_json(r, true);
		check_output(r, shown, true);

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
