/*
 * GET /api/v1/disputes?overdue=1: the disputes past the 30-day deadline for
 * a result (CONTRACTS.md §5) without one, as of the bureau's today (fixed
 * here at 2026-09-15, so the deadline day is 2026-08-16), within the
 * caller's scope, for the list and the export alike.  The same on the other
 * kinds with deadlines (§6): hazards not fixed by their deadline, action
 * items not done by their due day, grid reports not accepted within 24
 * hours or without feedback within 7 days (the moment: noon that day); each
 * list's total is the to-do list's overdue count (its drill-down).
 */
#include "apitest.h"

#include "base/config.h"
#include "base/date.h"
#include "model/dispute.h"
#include "model/gridreport.h"
#include "model/ledger.h"
#include "model/org.h"

static struct apitest t;
static struct apitest_who admin, chief;
static struct config saved;

static void dispute(struct db *db, const char *no, const char *registered, const char *station)
{
	assert_put_ok(db, &dispute_type, "dispute_no", no, "registered_on", registered, "station", station, "type",
		      "neighbour", "source", "walk_in");
}

static void hazard(struct db *db, const char *no, const char *station, const char *deadline, const char *fixed)
{
	assert_put_ok(db, &hazard_type, "hazard_no", no, "found_on", "2026-07-01", "station", station, "type", "fire",
		      "place", "楼道", "deadline", deadline, "fixed_on", fixed ? fixed : "");
}

static void action(struct db *db, const char *item, const char *due, const char *done)
{
	assert_put_ok(db, &action_type, "division", "152921110001", "held_on", "2026-08-01", "item", item, "owner",
		      "居委会", "due_on", due, "done_on", done ? done : "");
}

static void report(struct db *db, const char *no, const char *grid, const char *at, const char *accepted,
		   const char *feedback)
{
	assert_put_ok(db, &gridreport_type, "report_no", no, "reported_at", at, "grid", grid, "kind", "help", "summary",
		      "测试", "accepted_at", accepted ? accepted : "", "outcome", feedback ? "no_action" : "", "feedback_at",
		      feedback ? feedback : "", "feedback", feedback ? "已处理" : "");
}

static int setup(void **state)
{
	saved = *config();
	struct config fixed = saved;
	fixed.today_fixed = true;
	fixed.today = days_from_civil(2026, 9, 15);
	config_set(&fixed);
	apitest_open(&t);
	t.api.now = ((int64_t)fixed.today * 86400) + 4 * 3600; /* 2026-09-15 12:00 +08:00 */
	struct db *db = db_pool_get(t.api.pool);
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "王府街道", "parent_code", "152921000000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &station_type, "code", "S02", "name", "二所", "model", "standard", "divisions", "152921112000");
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921110001001", "name", "和平社区第一网格", "parent_code", "152921110001");
	assert_put_ok(db, &division_type, "code", "152921112001", "name", "吉兰泰社区", "parent_code", "152921112000");
	assert_put_ok(db, &division_type, "code", "152921112001001", "name", "吉兰泰社区第一网格", "parent_code", "152921112001");
	assert_put_ok(db, &personnel_type, "badge_no", "H1", "name", "社区民警甲", "type", "police", "position",
		      "community_officer", "party", "member", "station", "S01");
	assert_put_ok(db, &post_type, "badge_no", "H1", "kind", "village_committee", "division", "152921110001", "start",
		      "2020-01-01");
	assert_put_ok(db, &meeting_type, "held_on", "2026-08-01", "division", "152921110001", "kind", "joint", "attendee", "H1");
	hazard(db, "YH1", "S01", "2026-09-14", NULL);         /* its deadline passed yesterday: overdue */
	hazard(db, "YH2", "S01", "2026-09-15", NULL);         /* due today: not yet */
	hazard(db, "YH3", "S01", "2026-09-01", "2026-09-10"); /* fixed late: no longer open */
	hazard(db, "YH4", "S02", "2026-08-01", NULL);         /* overdue, another station's */
	action(db, "事项一", "2026-09-10", NULL);              /* overdue */
	action(db, "事项二", "2026-09-10", "2026-09-12");      /* done late: no longer open */
	action(db, "事项三", "2026-09-20", NULL);              /* not due yet */
	report(db, "GR1", "152921110001001", "2026-09-14 10:00", NULL, NULL); /* 26 hours, not accepted: overdue */
	report(db, "GR2", "152921110001001", "2026-09-15 08:00", NULL, NULL); /* 4 hours: not yet */
	report(db, "GR3", "152921110001001", "2026-09-01 10:00", "2026-09-01 12:00", NULL); /* 14 days, no feedback */
	report(db, "GR4", "152921110001001", "2026-09-10 10:00", "2026-09-10 12:00", NULL); /* 5 days: not yet */
	report(db, "GR5", "152921110001001", "2026-09-01 10:00", "2026-09-01 12:00", "2026-09-03 10:00"); /* answered */
	report(db, "GR6", "152921112001001", "2026-09-01 10:00", NULL, NULL); /* overdue, another station's grid */
	dispute(db, "D1", "2026-08-15", "S01"); /* 31 days ago, no result: overdue */
	dispute(db, "D2", "2026-08-16", "S01"); /* 30 days ago: due today, not overdue yet */
	dispute(db, "D3", "2026-07-01", "S01"); /* a failed session is a result: not overdue */
	dispute(db, "D4", "2026-07-01", "S01"); /* a session to continue is no result: overdue */
	dispute(db, "D5", "2026-06-01", "S02"); /* overdue, another station's */
	assert_put_ok(db, &mediation_type, "dispute_no", "D3", "held_on", "2026-07-05", "mode", "station", "result", "failed");
	assert_put_ok(db, &mediation_type, "dispute_no", "D4", "held_on", "2026-07-02", "mode", "station", "result",
		      "continue");
	db_pool_put(t.api.pool, db);
	apitest_user(&t, "root", "admin", NULL, "admin-pass-1");
	apitest_user(&t, "chief01", "station", "S01", "chief-pass-1");
	apitest_login(&t, "root", "admin-pass-1", &admin);
	apitest_login(&t, "chief01", "chief-pass-1", &chief);
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	apitest_close(&t);
	config_set(&saved);
	return 0;
}

/* The dispute numbers of a list answer, in key order, joined by spaces. */
static void keys_of(const struct apitest_res *r, char *out, size_t n)
{
	json_t *items = json_object_get(r->json, "items");
	if (!json_is_array(items))
		fail_msg("no items: %.300s", r->body);
	out[0] = 0;
	for (const char *want = "D1 D2 D3 D4 D5"; *want; want += want[2] ? 3 : 2) {
		char key[3] = { want[0], want[1], 0 };
		for (size_t i = 0; i < json_array_size(items); i++)
			if (!strcmp(json_string_value(json_object_get(json_array_get(items, i), "dispute_no")), key)) {
				size_t len = strlen(out);
				snprintf(out + len, n - len, "%s%s", len ? " " : "", key);
			}
	}
}

static void expect(const struct apitest_who *who, const char *target, const char *want_keys)
{
	struct apitest_res r = apitest_call(&t, who, "GET", target, NULL);
	assert_status(r, 200);
	char keys[64];
	keys_of(&r, keys, sizeof keys);
	if (strcmp(keys, want_keys))
		fail_msg("%s: want [%s], got [%s]", target, want_keys, keys);
	size_t want_total = want_keys[0] ? (strlen(want_keys) + 1) / 3 : 0;
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), want_total);
	apitest_res_free(&r);
}

static void overdue_list(void **state)
{
	(void)state;
	expect(&admin, "/api/v1/disputes", "D1 D2 D3 D4 D5");
	expect(&admin, "/api/v1/disputes?overdue=1", "D1 D4 D5");
	expect(&admin, "/api/v1/disputes?overdue=0", "D1 D2 D3 D4 D5");
	expect(&admin, "/api/v1/disputes?overdue=1&station=S01", "D1 D4");
	expect(&admin, "/api/v1/disputes?overdue=1&from=2026-07-01", "D1 D4");
	/* a station's user: its own station's only */
	expect(&chief, "/api/v1/disputes?overdue=1", "D1 D4");
}

static void overdue_export(void **state)
{
	(void)state;
	struct apitest_res r = apitest_call(&t, &admin, "GET", "/api/v1/disputes/export?overdue=1&format=csv", NULL);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, "D1,"));
	assert_non_null(strstr(r.body, "D4,"));
	assert_non_null(strstr(r.body, "D5,"));
	assert_null(strstr(r.body, "D2,"));
	assert_null(strstr(r.body, "D3,"));
	apitest_res_free(&r);
}

/* The list's keys (field `key`), in the list's order, joined by spaces; asserts the total is their number. */
static void expect_keys(const struct apitest_who *who, const char *target, const char *key, const char *want)
{
	struct apitest_res r = apitest_call(&t, who, "GET", target, NULL);
	assert_status(r, 200);
	json_t *items = json_object_get(r.json, "items");
	char got[256] = "";
	for (size_t i = 0; i < json_array_size(items); i++) {
		size_t len = strlen(got);
		snprintf(got + len, sizeof got - len, "%s%s", len ? " " : "",
			 json_string_value(json_object_get(json_array_get(items, i), key)));
	}
	if (strcmp(got, want) || (size_t)json_integer_value(json_object_get(r.json, "total")) != json_array_size(items))
		fail_msg("%s: want [%s], got [%s] %.300s", target, want, got, r.body);
	apitest_res_free(&r);
}

static void overdue_lists(void **state)
{
	(void)state;
	expect_keys(&admin, "/api/v1/hazards?overdue=1&sort=hazard_no", "hazard_no", "YH1 YH4");
	expect_keys(&admin, "/api/v1/hazards?overdue=0&sort=hazard_no", "hazard_no", "YH1 YH2 YH3 YH4");
	expect_keys(&chief, "/api/v1/hazards?overdue=1", "hazard_no", "YH1");
	expect_keys(&admin, "/api/v1/actions?overdue=1", "item", "事项一");
	expect_keys(&admin, "/api/v1/gridreports?overdue=1&sort=report_no", "report_no", "GR1 GR3 GR6");
	expect_keys(&chief, "/api/v1/gridreports?overdue=1&sort=report_no", "report_no", "GR1 GR3");
	/* the export takes the same filter */
	struct apitest_res r = apitest_call(&t, &chief, "GET", "/api/v1/hazards/export?overdue=1&format=csv", NULL);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, "YH1,"));
	assert_null(strstr(r.body, "YH2,"));
	assert_null(strstr(r.body, "YH3,"));
	apitest_res_free(&r);
}

/* Each list's overdue total is the to-do list's overdue count of its kind: the dashboard's figure leads to it. */
static void same_as_the_todo_list(void **state)
{
	(void)state;
	static const char *const kinds[] = { "disputes", "hazards", "actions", "gridreports" };
	const struct apitest_who *who[] = { &admin, &chief };
	for (size_t w = 0; w < 2; w++) {
		struct apitest_res todo = apitest_call(&t, who[w], "GET", "/api/v1/todo", NULL);
		assert_status(todo, 200);
		json_t *overdue = json_object_get(json_object_get(todo.json, "counts"), "overdue");
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			char path[80];
			snprintf(path, sizeof path, "/api/v1/%s?overdue=1", kinds[k]);
			struct apitest_res r = apitest_call(&t, who[w], "GET", path, NULL);
			assert_status(r, 200);
			json_int_t want = json_integer_value(json_object_get(overdue, kinds[k]));
			if (json_integer_value(json_object_get(r.json, "total")) != want)
				fail_msg("%s: total %lld, the to-do list counts %lld overdue (%s)", path,
					 (long long)json_integer_value(json_object_get(r.json, "total")), (long long)want,
					 todo.body);
			apitest_res_free(&r);
		}
		apitest_res_free(&todo);
	}
}

static void overdue_refused(void **state)
{
	(void)state;
	struct apitest_res r = apitest_call(&t, &admin, "GET", "/api/v1/disputes?overdue=yes", NULL);
	assert_error(r, 400, "filter.unknown");
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "GET", "/api/v1/incidents?overdue=1", NULL);
	assert_error(r, 400, "filter.unknown");
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "GET", "/api/v1/visits?overdue=1", NULL);
	assert_error(r, 400, "filter.unknown");
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "GET", "/api/v1/hazards?overdue=yes", NULL);
	assert_error(r, 400, "filter.unknown");
	apitest_res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overdue_list),
		cmocka_unit_test(overdue_export),
		cmocka_unit_test(overdue_lists),
		cmocka_unit_test(same_as_the_todo_list),
		cmocka_unit_test(overdue_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
