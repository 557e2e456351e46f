/*
 * The recuperation programme's checks (CONTRACTS.md §7): a valid programme
 * passes, and each broken member is refused as programme.invalid naming
 * exactly that member, arrays by index ("programme.routes[1].groups[0].end").
 */
#include "testlib.h"
#include "stats/recuperation.h"

#include <stdlib.h>
#include <string.h>

static const char valid[] =
	"{\"name\": \"2026年度疗养\", \"year\": 2026, \"places\": 10, \"front_line_min_pct\": 80,"
	" \"branch_min_members\": 3, \"unit_share_max_pct\": 20, \"exclude_attended_within_years\": 3,"
	" \"score\": {\"model\": 100, \"merit_1\": 60, \"per_year_of_service\": 1},"
	" \"routes\": [{\"code\": \"hainan\", \"name\": \"海南\", \"theme\": \"健康休养\","
	"   \"groups\": [{\"code\": \"H1\", \"start\": \"2026-10-10\", \"end\": \"2026-10-16\", \"size_max\": 25}]},"
	"  {\"code\": \"hunan\", \"name\": \"湖南\", \"theme\": \"红色教育\","
	"   \"groups\": [{\"code\": \"N1\", \"start\": \"2026-10-12\", \"end\": \"2026-10-18\", \"size_max\": 25}]}]}";

/* The member at a dotted path ("routes.1.groups.0"; "" is the root). */
static json_t *at(json_t *o, const char *path)
{
	while (*path && o) {
		char seg[32];
		size_t n = strcspn(path, ".");
		snprintf(seg, sizeof seg, "%.*s", (int)n, path);
		o = json_is_array(o) ? json_array_get(o, strtoul(seg, NULL, 10)) : json_object_get(o, seg);
		path += n + (path[n] == '.');
	}
	return o;
}

struct bad_case {
	const char *path, *key, *value; /* value: JSON text, or NULL to remove the member */
	const char *field;
};

static const struct bad_case cases[] = {
	{ "", "name", NULL, "programme.name" },
	{ "", "name", "\"\"", "programme.name" },
	{ "", "year", "\"2026\"", "programme.year" },
	{ "", "places", "0", "programme.places" },
	{ "", "places", "\"many\"", "programme.places" },
	{ "", "front_line_min_pct", "101", "programme.front_line_min_pct" },
	{ "", "branch_min_members", NULL, "programme.branch_min_members" },
	{ "", "unit_share_max_pct", "0", "programme.unit_share_max_pct" },
	{ "", "exclude_attended_within_years", "-1", "programme.exclude_attended_within_years" },
	{ "", "place", "3", "programme.place" },
	{ "", "score", "[]", "programme.score" },
	{ "score", "modle", "100", "programme.score.modle" },
	{ "score", "model", "-5", "programme.score.model" },
	{ "score", "per_year_of_service", "1.5", "programme.score.per_year_of_service" },
	{ "", "routes", "[]", "programme.routes" },
	{ "routes.1", "code", "\"hainan\"", "programme.routes[1].code" },
	{ "routes.0", "name", NULL, "programme.routes[0].name" },
	{ "routes.0", "groups", "{}", "programme.routes[0].groups" },
	{ "routes.0.groups.0", "start", "\"2026-13-01\"", "programme.routes[0].groups[0].start" },
	{ "routes.1.groups.0", "end", "\"2026-10-01\"", "programme.routes[1].groups[0].end" },
	{ "routes.1.groups.0", "code", "\"H1\"", "programme.routes[1].groups[0].code" },
	{ "routes.0.groups.0", "start", "\"2001-01-01\"", "programme.routes[0].groups[0].start" },
	{ "routes.1.groups.0", "end", "\"2099-12-31\"", "programme.routes[1].groups[0].end" },
	{ "routes.0.groups.0", "size_max", "0", "programme.routes[0].groups[0].size_max" },
	{ "routes.0.groups.0", "seats", "3", "programme.routes[0].groups[0].seats" },
};

static void valid_programme_passes(void **state)
{
	(void)state;
	json_t *p = json_loads(valid, 0, NULL);
	assert_non_null(p);
	struct err e;
	err_clear(&e);
	assert_int_equal(recup_programme_check(p, &e), 0);
	/* a route without groups is fine while another has some */
	json_array_clear(json_object_get(at(p, "routes.1"), "groups"));
	assert_int_equal(recup_programme_check(p, &e), 0);
	/* but no group at all is not */
	json_array_clear(json_object_get(at(p, "routes.0"), "groups"));
	assert_int_equal(recup_programme_check(p, &e), -1);
	assert_string_equal(e.field, "programme.routes");
	json_decref(p);
	err_clear(&e);
	json_t *a = json_array();
	assert_int_equal(recup_programme_check(a, &e), -1);
	assert_string_equal(e.field, "programme");
	json_decref(a);
}

static void each_bad_member_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct bad_case *c = &cases[i];
		json_t *p = json_loads(valid, 0, NULL), *o = at(p, c->path);
		assert_non_null(o);
		if (c->value)
			json_object_set_new(o, c->key, json_loads(c->value, JSON_DECODE_ANY, NULL));
		else
			json_object_del(o, c->key);
		struct err e;
		err_clear(&e);
		if (recup_programme_check(p, &e) != -1 || strcmp(e.field, c->field) || strcmp(e.code, "programme.invalid") ||
		    e.kind != ERR_INVALID)
			fail_msg("%s.%s = %s: want %s, got %s %s", c->path, c->key, c->value ? c->value : "(none)", c->field,
				 e.code, e.field);
		assert_non_null(strstr(e.message, c->field)); /* the message names it too */
		json_decref(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_programme_passes),
		cmocka_unit_test(each_bad_member_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
