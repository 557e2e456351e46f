/*
 * The four indicators on a fixture whose figures were worked out by hand.
 * Period 2026-03-01..2026-03-31, previous 2025-03-01..2025-03-31.
 *
 *   incidents  C1 S01 03-05 criminal, major, 团结路1号; C2 S01 03-10 criminal,
 *              团结路1号; C3 S02 03-20 criminal; C4 S01 04-01 criminal (after);
 *              C5 S01 2025-03-15 criminal; P1 S01 03-02 public_order, major,
 *              团结路1号; P2 S02 03-31 public_order; P3, P4 S02 2025-03
 *              public_order; T1 S01 03-03 traffic, major
 *   hazards    H1 S01 found 03-01 deadline 03-10 fixed 03-09 (on time);
 *              H2 S01 03-02/03-10 fixed 03-12 (late); H3 S01 03-03/04-30 open;
 *              H4 S01 03-20/03-25 fixed 03-25 (on time); H5 S02 03-05/04-10
 *              fixed 04-02 (after the period's end); H6 S01 2025-03-10/03-20
 *              fixed 2025-03-15 (on time)
 *   visits     S01 03-02 satisfied 6 basic 2 unsatisfied 2; S02 03-15
 *              satisfied 5; S01 2025-03-05 satisfied 2 basic 1 unsatisfied 1
 *   disputes   JF1 S01 03-02 agreement 03-10 (follow-up due 03-17 done 03-16
 *              basic); JF2 S01 03-05 open; JF3 S02 03-06 agreement 04-02;
 *              JF4 S01 2025-03-03 agreement 2025-03-10 (follow-up due
 *              2025-03-17 done, unsatisfied); JF1 and JF2 share a party
 *
 * Bureau: criminal 3 / 1 (+200.00%), public order 2 / 2 (0.00%), major 3 / 0,
 * hazards on time 2/5 = 40.00 / 1/1 = 100.00 (-60.00 points), settled 1/3 =
 * 33.33 / 100.00, repeat party 1 / 0, repeat address 1 / 0 (C1, C2, P1),
 * visits 13/15 = 86.67 / 3/4 = 75.00, follow-ups 1/1 = 100.00 / 0/1 = 0.00,
 * satisfaction 14/16 = 87.50 / 3/5 = 60.00.
 * S01: criminal 2, public order 1, major 3, hazards 2/4 = 50.00, settled 1/2 =
 * 50.00, party 1, address 1, visits 8/10 = 80.00, satisfaction 9/11 = 81.82.
 * S02: criminal 1, public order 1, major 0, hazards 0/1 = 0.00, settled 0/1 =
 * 0.00, party 0, address 0, visits 5/5 = 100.00, follow-ups none (null),
 * satisfaction 100.00.
 */
#include "testlib.h"
#include "base/date.h"
#include "model/dispute.h"
#include "model/incident.h"
#include "model/ledger.h"
#include "model/org.h"
#include "stats/compstat.h"
#include "stats/disputes.h"
#include "stats/kpi.h"
#include "stats/ledger_counts.h"

#include <math.h>

static void incident(struct db *db, const char *no, const char *at, const char *station, const char *category,
		     const char *major, const char *address)
{
	assert_put_ok(db, &incident_type, "incident_no", no, "received_at", at, "station", station, "category", category,
		      "major", major, "address", address);
}

static void hazard(struct db *db, const char *no, const char *station, const char *found, const char *deadline,
		   const char *fixed)
{
	assert_put_ok(db, &hazard_type, "hazard_no", no, "found_on", found, "station", station, "type", "fire", "place",
		      "楼道", "deadline", deadline, "fixed_on", fixed);
}

static int setup(void **state)
{
	struct db *db = test_db();
	test_two_stations(db);
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &personnel_type, "badge_no", "150104", "name", "巴特尔", "type", "police", "position",
		      "community_officer", "party", "member", "station", "S01");
	assert_put_ok(db, &personnel_type, "badge_no", "150201", "name", "李明", "type", "police", "position",
		      "community_officer", "party", "member", "station", "S02");
	incident(db, "C1", "2026-03-05 10:00:00", "S01", "criminal.theft", "1", "团结路1号");
	incident(db, "C2", "2026-03-10 10:00:00", "S01", "criminal.fraud.telecom", "0", "团结路1号");
	incident(db, "C3", "2026-03-20 10:00:00", "S02", "criminal.theft", "0", "");
	incident(db, "C4", "2026-04-01 10:00:00", "S01", "criminal.theft", "0", "");
	incident(db, "C5", "2025-03-15 10:00:00", "S01", "criminal.theft", "0", "");
	incident(db, "P1", "2026-03-02 10:00:00", "S01", "public_order", "1", "团结路1号");
	incident(db, "P2", "2026-03-31 23:00:00", "S02", "public_order", "0", "");
	incident(db, "P3", "2025-03-03 10:00:00", "S02", "public_order", "0", "");
	incident(db, "P4", "2025-03-04 10:00:00", "S02", "public_order", "0", "");
	incident(db, "T1", "2026-03-03 10:00:00", "S01", "traffic", "1", "");
	hazard(db, "H1", "S01", "2026-03-01", "2026-03-10", "2026-03-09");
	hazard(db, "H2", "S01", "2026-03-02", "2026-03-10", "2026-03-12");
	hazard(db, "H3", "S01", "2026-03-03", "2026-04-30", "");
	hazard(db, "H4", "S01", "2026-03-20", "2026-03-25", "2026-03-25");
	hazard(db, "H5", "S02", "2026-03-05", "2026-04-10", "2026-04-02");
	hazard(db, "H6", "S01", "2025-03-10", "2025-03-20", "2025-03-15");
	assert_put_ok(db, &visit_type, "visited_on", "2026-03-02", "officer", "150104", "division", "152921110001",
		      "households", "3", "people", "10", "satisfied", "6", "basic", "2", "unsatisfied", "2");
	assert_put_ok(db, &visit_type, "visited_on", "2026-03-15", "officer", "150201", "division", "152921112000",
		      "households", "2", "people", "5", "satisfied", "5");
	assert_put_ok(db, &visit_type, "visited_on", "2025-03-05", "officer", "150104", "division", "152921110001",
		      "households", "2", "people", "4", "satisfied", "2", "basic", "1", "unsatisfied", "1");
	static const char *const disputes[][3] = { { "JF1", "2026-03-02", "S01" }, { "JF2", "2026-03-05", "S01" },
						   { "JF3", "2026-03-06", "S02" }, { "JF4", "2025-03-03", "S01" } };
	for (size_t i = 0; i < 4; i++)
		assert_put_ok(db, &dispute_type, "dispute_no", disputes[i][0], "registered_on", disputes[i][1], "station",
			      disputes[i][2], "type", "neighbour", "source", "walk_in");
	assert_put_ok(db, &party_type, "dispute_no", "JF1", "role", "applicant", "name", "张三", "id_no", "11010519491231002X");
	assert_put_ok(db, &party_type, "dispute_no", "JF2", "role", "applicant", "name", "张三", "id_no", "11010519491231002X");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF1", "held_on", "2026-03-10", "mode", "station", "result",
		      "agreement", "agreement_no", "XY-1");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF3", "held_on", "2026-04-02", "mode", "station", "result",
		      "agreement", "agreement_no", "XY-3");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF4", "held_on", "2025-03-10", "mode", "station", "result",
		      "agreement", "agreement_no", "XY-4");
	assert_put_ok(db, &followup_type, "dispute_no", "JF1", "due_on", "2026-03-17", "done_on", "2026-03-16",
		      "performed", "yes", "satisfaction", "basic");
	/* due in March, done in April: not March's (by its last day), nor April's (not due in it) */
	assert_put_ok(db, &followup_type, "dispute_no", "JF2", "due_on", "2026-03-28", "done_on", "2026-04-03",
		      "performed", "yes", "satisfaction", "satisfied");
	assert_put_ok(db, &followup_type, "dispute_no", "JF4", "due_on", "2025-03-17", "done_on", "2025-03-17",
		      "performed", "yes", "satisfaction", "unsatisfied");
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

static json_t *run(struct db *db, const char *station)
{
	struct kpi k;
	struct err e;
	err_clear(&e);
	int32_t from, to;
	assert_int_equal(date_parse("2026-03-01", "from", &from, &e), 0);
	assert_int_equal(date_parse("2026-03-31", "to", &to, &e), 0);
	if (kpi_compute(db, from, to, station, &k, &e))
		fail_msg("kpi: %s", e.message);
	return kpi_json(&k);
}

static json_t *indicator(json_t *o, const char *key)
{
	size_t g, i;
	json_t *grp, *ind;
	json_array_foreach(json_object_get(o, "groups"), g, grp)
		json_array_foreach(json_object_get(grp, "indicators"), i, ind)
			if (!strcmp(json_string_value(json_object_get(ind, "key")), key))
				return ind;
	fail_msg("no indicator %s", key);
	return NULL;
}

/* A figure: a count, a percentage (to the hundredth), or -1 for null. */
static double figure(json_t *v)
{
	return json_is_null(v) ? -1 : json_number_value(v);
}

static void expect(json_t *o, const char *key, double value, double previous, double change)
{
	json_t *ind = indicator(o, key);
	double got[3] = { figure(json_object_get(ind, "value")), figure(json_object_get(ind, "previous")),
			  figure(json_object_get(ind, "change")) };
	double want[3] = { value, previous, change };
	for (int i = 0; i < 3; i++)
		if (fabs(got[i] - want[i]) > 0.001)
			fail_msg("%s[%d]: want %.2f, got %.2f", key, i, want[i], got[i]);
	/* the last month of the series is March, the whole period */
	json_t *series = json_object_get(ind, "series");
	assert_int_equal(json_array_size(series), KPI_MONTHS);
	assert_true(fabs(figure(json_array_get(series, KPI_MONTHS - 1)) - value) < 0.001);
}

static void bureau(void **state)
{
	json_t *o = run(*state, NULL);
	assert_int_equal(json_array_size(json_object_get(o, "groups")), 4);
	expect(o, "criminal_incidents", 3, 1, 200);
	expect(o, "public_order_incidents", 2, 2, 0);
	expect(o, "major_incidents", 3, 0, -1);
	expect(o, "hazards_on_time", 40, 100, -60);
	expect(o, "disputes_settled", 33.33, 100, -66.67);
	expect(o, "repeat_party_warnings", 1, 0, -1);
	expect(o, "repeat_address_warnings", 1, 0, -1);
	expect(o, "visit_satisfaction", 86.67, 75, 11.67);
	expect(o, "followup_satisfaction", 100, 0, 100);
	expect(o, "satisfaction", 87.5, 60, 27.5);
	json_t *h = indicator(o, "hazards_on_time");
	assert_int_equal(json_integer_value(json_object_get(h, "part")), 2);
	assert_int_equal(json_integer_value(json_object_get(h, "base")), 5);
	assert_string_equal(json_string_value(json_object_get(h, "drill")), "/api/v1/hazards?from=2026-03-01&to=2026-03-31");
	/* April 2025 (the series' first month) had nothing */
	assert_int_equal(json_integer_value(json_array_get(json_object_get(indicator(o, "criminal_incidents"), "series"), 0)), 0);
	json_decref(o);
}

static void stations(void **state)
{
	json_t *o = run(*state, "S01");
	expect(o, "criminal_incidents", 2, 1, 100);
	expect(o, "public_order_incidents", 1, 0, -1);
	expect(o, "major_incidents", 3, 0, -1);
	expect(o, "hazards_on_time", 50, 100, -50);
	expect(o, "disputes_settled", 50, 100, -50);
	expect(o, "repeat_party_warnings", 1, 0, -1);
	expect(o, "repeat_address_warnings", 1, 0, -1);
	expect(o, "visit_satisfaction", 80, 75, 5);
	expect(o, "satisfaction", 81.82, 60, 21.82);
	assert_string_equal(json_string_value(json_object_get(indicator(o, "criminal_incidents"), "drill")),
			    "/api/v1/reports/incidents/records?category=criminal&from=2026-03-01&to=2026-03-31&station=S01");
	assert_string_equal(json_string_value(json_object_get(indicator(o, "repeat_party_warnings"), "drill")),
			    "/api/v1/reports/warnings?kind=repeat_party&as_of=2026-03-31&station=S01");
	json_decref(o);
	o = run(*state, "S02");
	expect(o, "criminal_incidents", 1, 0, -1);
	expect(o, "public_order_incidents", 1, 2, -50);
	expect(o, "major_incidents", 0, 0, -1);
	expect(o, "hazards_on_time", 0, -1, -1);
	expect(o, "disputes_settled", 0, -1, -1);
	expect(o, "repeat_party_warnings", 0, 0, -1);
	expect(o, "repeat_address_warnings", 0, 0, -1);
	expect(o, "visit_satisfaction", 100, -1, -1);
	expect(o, "followup_satisfaction", -1, -1, -1);
	expect(o, "satisfaction", 100, -1, -1);
	json_decref(o);
}

/* The monthly series (grouped statements) are each month's counts as kpi_raw_compute gives them alone. */
static void series_are_the_months(void **state)
{
	static const char *const periods[][2] = { { "2026-03-01", "2026-03-31" }, { "2026-01-15", "2026-04-20" },
						  { "2025-05-01", "2026-03-12" }, { "2026-04-01", "2026-04-01" } };
	static const char *const stations_asked[] = { NULL, "S01", "S02" };
	struct err e;
	err_clear(&e);
	for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++)
		for (size_t s = 0; s < sizeof stations_asked / sizeof stations_asked[0]; s++) {
			int32_t from, to;
			assert_int_equal(date_parse(periods[p][0], "from", &from, &e), 0);
			assert_int_equal(date_parse(periods[p][1], "to", &to, &e), 0);
			struct kpi k;
			if (kpi_compute(*state, from, to, stations_asked[s], &k, &e))
				fail_msg("kpi: %s", e.message);
			for (int i = 0; i < KPI_MONTHS; i++) {
				struct kpi_raw alone;
				assert_int_equal(kpi_raw_compute(*state, stations_asked[s], k.month_from[i], k.month_to[i], &alone, &e), 0);
				if (memcmp(&alone, &k.month[i], sizeof alone))
					fail_msg("%s..%s %s month %d: the series differs from the month alone", periods[p][0],
						 periods[p][1], stations_asked[s] ? stations_asked[s] : "all", i);
			}
		}
}

/*
 * A period's counts (the many-period counts with one period) are the
 * reports' for it: compstat, the disputes report, the ledger counts the
 * briefing uses; whole months, cut months, longer periods, and periods ending
 * on the day a hazard is fixed, a dispute settled, a follow-up due.
 */
static void counts_are_the_reports(void **state)
{
	static const char *const periods[][2] = { { "2026-03-01", "2026-03-31" }, { "2026-01-15", "2026-04-20" },
						  { "2025-03-01", "2026-03-31" }, { "2026-03-05", "2026-03-10" },
						  { "2025-03-10", "2025-03-17" }, { "2026-03-20", "2026-03-25" },
						  { "2026-03-02", "2026-03-10" }, { "2026-03-16", "2026-03-17" } };
	static const char *const stations_asked[] = { NULL, "S01", "S02" };
	struct err e;
	err_clear(&e);
	for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++)
		for (size_t s = 0; s < sizeof stations_asked / sizeof stations_asked[0]; s++) {
			const char *st = stations_asked[s];
			int32_t from, to;
			assert_int_equal(date_parse(periods[p][0], "from", &from, &e), 0);
			assert_int_equal(date_parse(periods[p][1], "to", &to, &e), 0);
			struct kpi_raw r;
			int64_t c[COMPSTAT_ROWS] = { 0 };
			struct dispute_report d;
			struct ledger_scope ls = { .from = from, .to = to, .station = st };
			struct hazard_counts hz;
			struct visit_counts vi;
			assert_int_equal(kpi_raw_compute(*state, st, from, to, &r, &e), 0);
			assert_int_equal(compstat_count(*state, st, NULL, from, to, c, &e), 0);
			assert_int_equal(dispute_report_compute(*state, from, to, COMPARE_NONE, st, &d, &e), 0);
			assert_int_equal(hazard_counts(*state, &ls, &hz, &e), 0);
			assert_int_equal(visit_counts(*state, &ls, &vi, &e), 0);
			const int64_t want[] = { c[top_category_index("criminal") + 1], c[top_category_index("public_order") + 1],
						 d.rows[0].registered, d.rows[0].settled, d.fu_satisfied, d.fu_basic,
						 d.fu_unsatisfied, hz.found, hz.on_time, vi.satisfied, vi.basic, vi.unsatisfied };
			const int64_t got[] = { r.criminal, r.public_order, r.d_registered, r.d_settled, r.fu[0], r.fu[1],
						r.fu[2], r.hz_found, r.hz_on_time, r.visit[0], r.visit[1], r.visit[2] };
			dispute_report_free(&d);
			for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
				if (want[i] != got[i])
					fail_msg("%s..%s %s count %zu: %lld, the report's %lld", periods[p][0], periods[p][1],
						 st ? st : "all", i, (long long)got[i], (long long)want[i]);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(bureau, setup, teardown),
		cmocka_unit_test_setup_teardown(stations, setup, teardown),
		cmocka_unit_test_setup_teardown(series_are_the_months, setup, teardown),
		cmocka_unit_test_setup_teardown(counts_are_the_reports, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
