/*
 * The CompStat report on hand-made records whose answers were worked out by
 * hand: local-day boundaries, Z times that fall on the next local day,
 * month/day cell splits, zero bases, 29 February, mom, closure.
 */
#include "testlib.h"
#include "base/date.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/rollup.h"
#include "stats/compstat.h"

static int setup(void **state)
{
	struct db *db = test_db();
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921110200", "name", "查干嘎查", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "吉兰泰镇", "parent_code", "152921000000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &station_type, "code", "S02", "name", "二所", "model", "standard", "divisions", "152921112000");
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

static void incident(struct db *db, const char *no, const char *at, const char *station, const char *category)
{
	assert_put_ok(db, &incident_type, "incident_no", no, "received_at", at, "station", station, "category", category);
}

static int32_t day(const char *s)
{
	int32_t d;
	struct err e;
	assert_int_equal(date_parse(s, "d", &d, &e), 0);
	return d;
}

static struct compstat run(struct db *db, const char *from, const char *to, enum compare cmp, const char *station)
{
	struct compstat c;
	struct err e;
	err_clear(&e);
	struct compstat_query q = { day(from), day(to), cmp, station, NULL };
	if (compstat_compute(db, &q, &c, &e))
		fail_msg("compstat: %s", e.message);
	return c;
}

static void rounding_and_zero_bases(void **state)
{
	(void)state;
	int64_t v;
	assert_true(change_pct_x100(2395, 2520, &v));
	assert_int_equal(v, -496); /* -4.96 */
	assert_true(change_pct_x100(182, 270, &v));
	assert_int_equal(v, -3259);
	assert_true(change_pct_x100(196, 346, &v));
	assert_int_equal(v, -4335);
	assert_true(change_pct_x100(3, 8, &v)); /* -62.5 exactly */
	assert_int_equal(v, -6250);
	assert_true(change_pct_x100(1, 3, &v)); /* -66.666.. */
	assert_int_equal(v, -6667);
	assert_true(change_pct_x100(201, 8000, &v)); /* -97.4875: half away from zero at the 3rd decimal */
	assert_int_equal(v, -9749);
	assert_true(change_pct_x100(8039, 8000, &v)); /* +0.4875 */
	assert_int_equal(v, 49);
	assert_false(change_pct_x100(5, 0, &v));
	assert_false(change_pct_x100(0, 0, &v));
	assert_true(rate_x100(246, 302, &v));
	assert_int_equal(v, 8146);
	assert_true(rate_x100(120, 200, &v));
	assert_int_equal(v, 6000);
	assert_false(rate_x100(0, 0, &v));
}

static void periods(void **state)
{
	(void)state;
	int32_t f, t;
	compare_period(COMPARE_YOY, day("2024-02-29"), day("2024-03-31"), &f, &t);
	assert_int_equal(f, day("2023-02-28"));
	assert_int_equal(t, day("2023-03-31"));
	compare_period(COMPARE_YOY, day("2023-01-01"), day("2023-08-31"), &f, &t);
	assert_int_equal(f, day("2022-01-01"));
	assert_int_equal(t, day("2022-08-31"));
	compare_period(COMPARE_MOM, day("2023-03-01"), day("2023-03-31"), &f, &t);
	assert_int_equal(f, day("2023-01-29"));
	assert_int_equal(t, day("2023-02-28"));
}

static void boundaries(void **state)
{
	struct db *db = *state;
	/* local midnight belongs to the new day */
	incident(db, "A1", "2023-01-01 00:00:00", "S01", "criminal.theft");
	/* 16:00Z on 31 Dec is 00:00 on 1 Jan in UTC+8 */
	incident(db, "A2", "2022-12-31T16:00:00Z", "S01", "盗窃");
	/* 15:59:59Z is still 31 Dec locally */
	incident(db, "A3", "2022-12-31T15:59:59Z", "S01", "criminal.fraud.telecom");
	incident(db, "A4", "2023-08-31 23:59:59", "S01", "殴打他人");
	incident(db, "A5", "2023-09-01T00:00:00+08:00", "S01", "public_order");
	incident(db, "A6", "2023-03-15 10:00", "S02", "dispute.family");
	/* last year */
	incident(db, "B1", "2022-01-01 08:00", "S01", "criminal");
	incident(db, "B2", "2022-08-31 23:00", "S01", "public_order.gambling");
	incident(db, "B3", "2022-09-01 01:00", "S01", "public_order");

	struct compstat c = run(db, "2023-01-01", "2023-08-31", COMPARE_YOY, NULL);
	assert_int_equal(c.current[0], 4);  /* A1 A2 A4 A6 */
	assert_int_equal(c.current[1], 2);  /* criminal: A1 A2 */
	assert_int_equal(c.current[2], 1);  /* public order: A4 */
	assert_int_equal(c.current[6], 1);  /* dispute: A6 */
	assert_int_equal(c.previous[0], 2); /* B1 B2 (A3 is 2022-12-31, outside) */
	assert_int_equal(c.previous[1], 1);
	assert_int_equal(c.previous[2], 1);
	compstat_free(&c);

	c = run(db, "2023-01-01", "2023-08-31", COMPARE_YOY, "S01");
	assert_int_equal(c.current[0], 3);
	assert_int_equal(c.nstations, 1);
	compstat_free(&c);

	/* ragged ends only (no whole month), and a single day */
	c = run(db, "2022-12-31", "2023-01-01", COMPARE_NONE, NULL);
	assert_int_equal(c.current[0], 3); /* A3 A1 A2 */
	compstat_free(&c);
	c = run(db, "2023-08-31", "2023-09-01", COMPARE_MOM, NULL);
	assert_int_equal(c.current[0], 2); /* A4 A5 */
	assert_int_equal(c.prev_from, day("2023-08-29"));
	assert_int_equal(c.previous[0], 0);
	compstat_free(&c);
	/* a month plus ragged ends on both sides */
	c = run(db, "2022-08-31", "2023-01-01", COMPARE_NONE, NULL);
	assert_int_equal(c.current[0], 5); /* B2 B3 A3 A1 A2 */
	compstat_free(&c);
}

static void leap_day(void **state)
{
	struct db *db = *state;
	incident(db, "L1", "2024-02-29 12:00", "S01", "fire");
	incident(db, "L2", "2023-02-28 12:00", "S01", "fire");
	incident(db, "L3", "2023-03-01 12:00", "S01", "fire");
	struct compstat c = run(db, "2024-02-29", "2024-02-29", COMPARE_YOY, NULL);
	assert_int_equal(c.prev_from, day("2023-02-28"));
	assert_int_equal(c.prev_to, day("2023-02-28"));
	assert_int_equal(c.current[4], 1);
	assert_int_equal(c.previous[4], 1); /* L2, not L3 */
	compstat_free(&c);
}

static void closure(void **state)
{
	struct db *db = *state;
	/* accepted in the period; closed on the last day counts, the day after does not */
	assert_put_ok(db, &case_type, "case_no", "Z1", "kind", "治安", "station", "S01", "accepted_at", "2023-03-01 09:00",
		      "closed_at", "2023-08-31 23:59");
	assert_put_ok(db, &case_type, "case_no", "Z2", "kind", "public_order", "station", "S01", "accepted_at",
		      "2023-03-01 09:00", "closed_at", "2023-09-01 00:00");
	assert_put_ok(db, &case_type, "case_no", "Z3", "kind", "public_order", "station", "S01", "accepted_at",
		      "2023-04-01 09:00", "revoked_at", "2023-04-02 09:00");
	assert_put_ok(db, &case_type, "case_no", "Z4", "kind", "public_order", "station", "S02", "accepted_at",
		      "2023-05-01 09:00");
	/* accepted before the period: not in the base even though closed inside it */
	assert_put_ok(db, &case_type, "case_no", "Z5", "kind", "public_order", "station", "S01", "accepted_at",
		      "2022-12-31 09:00", "closed_at", "2023-01-05 09:00");
	assert_put_ok(db, &case_type, "case_no", "X1", "kind", "criminal", "station", "S01", "accepted_at",
		      "2022-02-01 09:00", "investigating_at", "2022-02-02 09:00", "closed_at", "2022-06-01 09:00");
	/* steps out of order are refused */
	assert_put_refused(db, &case_type, "case.step_order", "case_no", "X2", "kind", "criminal", "station", "S01",
			   "accepted_at", "2022-02-01 09:00", "closed_at", "2022-01-01 09:00");
	assert_put_refused(db, &case_type, "case.closed_and_revoked", "case_no", "X3", "kind", "criminal", "station",
			   "S01", "accepted_at", "2022-02-01 09:00", "closed_at", "2022-03-01 09:00", "revoked_at",
			   "2022-03-01 09:00");
	struct compstat c = run(db, "2023-01-01", "2023-08-31", COMPARE_YOY, NULL);
	assert_int_equal(c.closure[0].accepted, 4);
	assert_int_equal(c.closure[0].closed, 2); /* Z1, Z3 */
	assert_int_equal(c.closure[1].accepted, 0);
	assert_int_equal(c.closure[1].prev_accepted, 1);
	assert_int_equal(c.closure[1].prev_closed, 1);
	json_t *j = compstat_json(&c);
	assert_true(json_real_value(json_object_get(json_object_get(json_object_get(j, "closure"), "public_order"), "rate")) == 50.0);
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(j, "closure"), "criminal"), "rate")));
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(j, "closure"), "criminal"), "change_pp")));
	assert_int_equal(json_array_size(json_object_get(j, "rows")), 10);
	json_decref(j);
	compstat_free(&c);
}

static void unknown_station_or_division(void **state)
{
	struct db *db = *state;
	struct compstat c;
	struct err e;
	struct compstat_query q = { day("2023-01-01"), day("2023-01-31"), COMPARE_YOY, "S99", NULL };
	assert_int_equal(compstat_compute(db, &q, &c, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);
	q.station = NULL;
	q.division = "152921999999";
	assert_int_equal(compstat_compute(db, &q, &c, &e), -1);
	q.division = NULL;
	q.from = day("2023-02-01");
	assert_int_equal(compstat_compute(db, &q, &c, &e), -1);
	assert_int_equal(e.kind, ERR_INVALID);
}

static void by_division(void **state)
{
	struct db *db = *state;
	assert_put_ok(db, &incident_type, "incident_no", "D1", "received_at", "2023-05-05 10:00", "station", "S01",
		      "category", "traffic", "division", "152921110200");
	incident(db, "D2", "2023-05-05 11:00", "S01", "traffic");
	/* a place outside the station's jurisdiction is refused */
	assert_put_refused(db, &incident_type, "incident.outside_jurisdiction", "incident_no", "D3", "received_at",
			   "2023-05-05 10:00", "station", "S02", "category", "traffic", "division", "152921110200");
	struct compstat c;
	struct err e;
	struct compstat_query q = { day("2023-05-01"), day("2023-05-31"), COMPARE_NONE, NULL, "152921110000" };
	assert_int_equal(compstat_compute(db, &q, &c, &e), 0);
	assert_int_equal(c.current[0], 1); /* the town covers its gacha; D2 has no place */
	compstat_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rounding_and_zero_bases),
		cmocka_unit_test(periods),
		cmocka_unit_test_setup_teardown(boundaries, setup, teardown),
		cmocka_unit_test_setup_teardown(leap_day, setup, teardown),
		cmocka_unit_test_setup_teardown(closure, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_station_or_division, setup, teardown),
		cmocka_unit_test_setup_teardown(by_division, setup, teardown),
	};
	return cmocka_run_group_tests_name("compstat", tests, NULL, NULL);
}
