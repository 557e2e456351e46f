/*
 * GET /api/v1/disputes?overdue=1: the disputes past the 30-day deadline for
 * a result (CONTRACTS.md §5) without one, as of the bureau's today (fixed
 * here at 2026-09-15, so the deadline day is 2026-08-16), within the
 * caller's scope, for the list and the export alike.
 */
#include "apitest.h"

#include "base/config.h"
#include "base/date.h"
#include "model/dispute.h"
#include "model/org.h"

static struct apitest t;
static struct apitest_who admin, chief;
static struct config saved;

static void dispute(struct db *db, const char *no, const char *registered, const char *station)
{
	assert_put_ok(db, &dispute_type, "dispute_no", no, "registered_on", registered, "station", station, "type",
		      "neighbour", "source", "walk_in");
}

static int setup(void **state)
{
	saved = *config();
	struct config fixed = saved;
	fixed.today_fixed = true;
	fixed.today = days_from_civil(2026, 9, 15);
	config_set(&fixed);
	apitest_open(&t);
	struct db *db = db_pool_get(t.api.pool);
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "王府街道", "parent_code", "152921000000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &station_type, "code", "S02", "name", "二所", "model", "standard", "divisions", "152921112000");
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

static void overdue_refused(void **state)
{
	(void)state;
	struct apitest_res r = apitest_call(&t, &admin, "GET", "/api/v1/disputes?overdue=yes", NULL);
	assert_error(r, 400, "filter.unknown");
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "GET", "/api/v1/incidents?overdue=1", NULL);
	assert_error(r, 400, "filter.unknown");
	apitest_res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overdue_list),
		cmocka_unit_test(overdue_export),
		cmocka_unit_test(overdue_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
