/*
 * GET /api/v1/todo in-process: the to-do list of tests/todo_fixture.h
 * (figures by hand there) for every role, each within its scope: leaders
 * the bureau, a station its own (another station's is 404), a partner's
 * mediator the items of the referrals to its body only; a role that may
 * not read a kind gets none of it.
 */
#include "apitest.h"
#include "todo_fixture.h"

#include "base/config.h"
#include "base/date.h"
#include "model/perm.h"

static struct apitest t;
static struct apitest_who root, boss, s01, officer, grid, lf01, sf01;

static int setup(void **state)
{
	apitest_open(&t);
	struct db *db = db_pool_get(t.api.pool);
	todo_fixture(db);
	/* the grid worker's grid, in S02's jurisdiction */
	assert_put_ok(db, &division_type, "code", "152921112001", "name", "吉兰泰社区", "parent_code", "152921112000");
	assert_put_ok(db, &division_type, "code", "152921112001001", "name", "吉兰泰社区第一网格", "parent_code", "152921112001");
	db_pool_put(t.api.pool, db);
	apitest_user(&t, "root", "admin", NULL, "pass-word-1");
	apitest_user(&t, "boss", "leader", NULL, "pass-word-1");
	apitest_user(&t, "s01", "station", "S01", "pass-word-1");
	apitest_user(&t, "off", "officer", "S01", "pass-word-1");
	apitest_user(&t, "grid", "grid", "152921112001001", "pass-word-1");
	apitest_user(&t, "lf01", "mediator", "LF01", "pass-word-1");
	apitest_user(&t, "sf01", "mediator", "SF01", "pass-word-1");
	apitest_login(&t, "root", "pass-word-1", &root);
	apitest_login(&t, "boss", "pass-word-1", &boss);
	apitest_login(&t, "s01", "pass-word-1", &s01);
	apitest_login(&t, "off", "pass-word-1", &officer);
	apitest_login(&t, "grid", "pass-word-1", &grid);
	apitest_login(&t, "lf01", "pass-word-1", &lf01);
	apitest_login(&t, "sf01", "pass-word-1", &sf01);
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	apitest_close(&t);
	return 0;
}

static int64_t num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(json_object_get(o, a), b);
	if (!json_is_integer(v))
		fail_msg("no %s.%s", a, b);
	return json_integer_value(v);
}

/* "overdue" and "due_soon" per kind of a counts object, as "d/r/f d/r/f". */
static const char *counts(json_t *c)
{
	static char out[64];
	snprintf(out, sizeof out, "%lld/%lld/%lld %lld/%lld/%lld", (long long)num(c, "overdue", "disputes"),
		 (long long)num(c, "overdue", "referrals"), (long long)num(c, "overdue", "followups"),
		 (long long)num(c, "due_soon", "disputes"), (long long)num(c, "due_soon", "referrals"),
		 (long long)num(c, "due_soon", "followups"));
	return out;
}

/* The items' keys, "JF5 JF3 ...". */
static const char *keys(json_t *o)
{
	static char out[256];
	out[0] = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(o, "items"), i, it)
	{
		size_t n = strlen(out);
		snprintf(out + n, sizeof out - n, "%s%s", n ? " " : "", json_string_value(json_object_get(it, "key")));
	}
	return out;
}

static void leaders_see_the_bureau(void **state)
{
	(void)state;
	const struct apitest_who *who[] = { &root, &boss };
	for (size_t w = 0; w < 2; w++) {
		struct apitest_res r = apitest_call(&t, who[w], "GET", "/api/v1/todo?as_of=2026-09-15", NULL);
		assert_status(r, 200);
		assert_string_equal(json_string_value(json_object_get(r.json, "as_of")), "2026-09-15");
		assert_string_equal(counts(json_object_get(r.json, "counts")), "2/1/1 2/1/1");
		assert_string_equal(keys(r.json), "JF5 JF3 JF2 YJ2 JF1 YJ1 JF8 JF4");
		assert_true(json_is_null(json_object_get(r.json, "mine")));
		assert_null(json_object_get(r.json, "demo")); /* not made by init --demo */
		json_t *st = json_object_get(r.json, "by_station");
		assert_int_equal(json_array_size(st), 2);
		assert_string_equal(json_string_value(json_object_get(json_array_get(st, 0), "station")), "S01");
		assert_string_equal(counts(json_array_get(st, 0)), "1/0/1 1/1/0");
		assert_string_equal(counts(json_array_get(st, 1)), "1/1/0 1/0/1");
		json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
		assert_string_equal(json_string_value(json_object_get(first, "kind")), "disputes");
		assert_string_equal(json_string_value(json_object_get(first, "station")), "S02");
		assert_string_equal(json_string_value(json_object_get(first, "due_on")), "2026-07-31");
		assert_int_equal(json_integer_value(json_object_get(first, "days_overdue")), 46);
		assert_true(json_is_true(json_object_get(first, "overdue")));
		assert_true(json_integer_value(json_object_get(first, "id")) > 0);
		assert_non_null(strstr(json_string_value(json_object_get(first, "label")), "纠纷 JF5"));
		apitest_res_free(&r);
	}
	/* nor do the warnings of the same database say demo */
	struct apitest_res wr = apitest_call(&t, &boss, "GET", "/api/v1/reports/warnings?as_of=2026-09-15", NULL);
	assert_status(wr, 200);
	assert_null(json_object_get(wr.json, "demo"));
	apitest_res_free(&wr);
	/* a leader narrows to a station */
	struct apitest_res r = apitest_call(&t, &boss, "GET", "/api/v1/todo?as_of=2026-09-15&station=S02", NULL);
	assert_status(r, 200);
	assert_string_equal(keys(r.json), "JF5 YJ2 JF8 JF4");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "scope"), "station")), "S02");
	apitest_res_free(&r);
	/* as_of defaults to today (FENGQIAO_TODAY) */
	struct config saved = *config(), c = saved;
	c.today_fixed = true;
	c.today = days_from_civil(2026, 9, 9);
	config_set(&c);
	r = apitest_call(&t, &boss, "GET", "/api/v1/todo", NULL);
	config_set(&saved);
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "as_of")), "2026-09-09");
	assert_non_null(strstr(keys(r.json), "JF7"));
	apitest_res_free(&r);
	r = apitest_call(&t, &boss, "GET", "/api/v1/todo?as_of=2026-02-30", NULL);
	assert_error(r, 400, "date.invalid");
	apitest_res_free(&r);
}

static void a_station_sees_its_own(void **state)
{
	(void)state;
	const struct apitest_who *who[] = { &s01, &officer };
	for (size_t w = 0; w < 2; w++) {
		struct apitest_res r = apitest_call(&t, who[w], "GET", "/api/v1/todo?as_of=2026-09-15", NULL);
		assert_status(r, 200);
		assert_string_equal(keys(r.json), "JF3 JF2 JF1 YJ1");
		assert_string_equal(counts(json_object_get(r.json, "counts")), "1/0/1 1/1/0");
		json_t *mine = json_object_get(r.json, "mine");
		assert_string_equal(json_string_value(json_object_get(mine, "unit")), "S01");
		assert_string_equal(counts(mine), "1/0/1 1/1/0");
		apitest_res_free(&r);
		r = apitest_call(&t, who[w], "GET", "/api/v1/todo?as_of=2026-09-15&station=S02", NULL);
		assert_error(r, 404, "station.not_found");
		apitest_res_free(&r);
	}
	/* a grid worker may read no dispute, referral or follow-up: nothing listed, all counts 0 */
	struct apitest_res r = apitest_call(&t, &grid, "GET", "/api/v1/todo?as_of=2026-09-15", NULL);
	assert_status(r, 200);
	assert_false(perm_allows(ROLE_GRID, "disputes", ACT_READ));
	assert_string_equal(keys(r.json), "");
	assert_string_equal(counts(json_object_get(r.json, "counts")), "0/0/0 0/0/0");
	apitest_res_free(&r);
}

static void a_mediator_sees_its_referrals(void **state)
{
	(void)state;
	struct apitest_res r = apitest_call(&t, &lf01, "GET", "/api/v1/todo?as_of=2026-09-15", NULL);
	assert_status(r, 200);
	assert_string_equal(keys(r.json), "JF2 YJ1 JF4");
	assert_string_equal(counts(json_object_get(r.json, "counts")), "1/0/0 1/1/0");
	assert_string_equal(counts(json_object_get(r.json, "mine")), "1/0/0 1/1/0");
	apitest_res_free(&r);
	r = apitest_call(&t, &sf01, "GET", "/api/v1/todo?as_of=2026-09-15", NULL);
	assert_status(r, 200);
	assert_string_equal(keys(r.json), "JF5 YJ2");
	apitest_res_free(&r);
	/* a station filter narrows within its referrals, never widens */
	r = apitest_call(&t, &sf01, "GET", "/api/v1/todo?as_of=2026-09-15&station=S01", NULL);
	assert_status(r, 200);
	assert_string_equal(keys(r.json), "");
	apitest_res_free(&r);
	/* every role may read it (the scope does the rest); meta says so */
	for (int role = 0; role < ROLE_COUNT; role++)
		assert_true(perm_allows((enum role)role, RES_TODO, ACT_READ));
	r = apitest_call(&t, &lf01, "GET", "/api/v1/meta", NULL);
	assert_status(r, 200);
	json_t *acts = json_object_get(json_object_get(r.json, "resources"), RES_TODO);
	assert_string_equal(json_string_value(json_array_get(acts, 0)), "read");
	apitest_res_free(&r);
	r = apitest_call(&t, NULL, "GET", "/api/v1/todo", NULL);
	assert_error(r, 401, "session.none");
	apitest_res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(leaders_see_the_bureau),
		cmocka_unit_test(a_station_sees_its_own),
		cmocka_unit_test(a_mediator_sees_its_referrals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
