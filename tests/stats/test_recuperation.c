/*
 * The recuperation programme's checks (CONTRACTS.md §7): a valid programme
 * passes, and each broken member is refused as programme.invalid naming
 * exactly that member, arrays by index ("programme.routes[1].groups[0].end").
 * Two threads listing the eligible people of their own databases at once each
 * get their own order (the sort has no shared state: run it under TSan too).
 */
#include "testlib.h"
#include "stats/recuperation.h"
#include "model/welfare.h"

#include <pthread.h>
#include <stdio.h>
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
	/* each honour kind of the one code list (model/honour.c) is a score key */
	for (size_t k = 0; k < honour_kinds.n; k++)
		json_object_set_new(json_object_get(p, "score"), honour_kinds.items[k].code, json_integer(1));
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

/* A database of `n` eligible people P000..: hired in year_of(i), one model honour each. */
static struct db *people_db(int n, const char *year_of)
{
	struct db *db = test_db();
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO stations (code, name, model, created_at, updated_at) VALUES ('S1', 'S1', 'standard', 0, 0);"
		 "INSERT INTO personnel (badge_no, name, type, position, party, station, hired_on, created_at, updated_at) "
		 "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
		 "SELECT printf('P%%03d', i), 'x', 'police', 'other', 'none', 'S1', printf('%%04d-06-01', %s), 0, 0 FROM n;"
		 "INSERT INTO honours (badge_no, title, kind, awarded_on, created_at, updated_at) "
		 "SELECT badge_no, 't', 'model', '2020-01-01', 0, 0 FROM personnel;",
		 n - 1, year_of);
	struct err e;
	err_clear(&e);
	if (db_exec(db, sql, &e))
		fail_msg("fixture: %s", e.message);
	return db;
}

struct lister {
	struct db *db;
	int n;		   /* people expected */
	const char *first; /* the highest score */
	char problem[160]; /* empty when every round had the right order */
};

/* List the eligible people many times; each list must be this database's own order. */
static void *list_eligible(void *arg)
{
	struct lister *t = arg;
	json_t *q = json_pack("{s:i, s:i}", "year", 2026, "exclude_attended_within_years", 0);
	for (int round = 0; round < 500 && !t->problem[0]; round++) {
		struct err e;
		err_clear(&e);
		json_t *items = NULL;
		if (recup_eligible(t->db, q, &items, &e)) {
			snprintf(t->problem, sizeof t->problem, "round %d: %.100s", round, e.message);
			break;
		}
		size_t i;
		json_t *o;
		json_int_t prev = INT64_MAX;
		const char *prev_badge = "";
		if (json_array_size(items) != (size_t)t->n ||
		    strcmp(json_string_value(json_object_get(json_array_get(items, 0), "badge_no")), t->first))
			snprintf(t->problem, sizeof t->problem, "round %d: %zu people, first %s", round, json_array_size(items),
				 json_string_value(json_object_get(json_array_get(items, 0), "badge_no")));
		json_array_foreach(items, i, o) {
			json_int_t sc = json_integer_value(json_object_get(o, "score"));
			const char *b = json_string_value(json_object_get(o, "badge_no"));
			if (!t->problem[0] && (sc > prev || (sc == prev && strcmp(b, prev_badge) < 0)))
				snprintf(t->problem, sizeof t->problem, "round %d: %s (%lld) after %s (%lld)", round, b,
					 (long long)sc, prev_badge, (long long)prev);
			prev = sc;
			prev_badge = b;
		}
		json_decref(items);
	}
	json_decref(q);
	return NULL;
}

static void concurrent_lists_keep_their_order(void **state)
{
	(void)state;
	/* A: 300 people, the earlier badges the longer served; B: 40, the later badges the longer */
	struct lister a = { people_db(300, "1980 + i / 10"), 300, "P000", "" };
	struct lister b = { people_db(40, "2024 - i"), 40, "P039", "" };
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, list_eligible, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, list_eligible, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	db_close(a.db);
	db_close(b.db);
	if (a.problem[0] || b.problem[0])
		fail_msg("A: %s; B: %s", a.problem, b.problem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_programme_passes),
		cmocka_unit_test(each_bad_member_named),
		cmocka_unit_test(concurrent_lists_keep_their_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
