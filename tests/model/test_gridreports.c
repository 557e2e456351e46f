/*
 * Grids and grid reports (CONTRACTS.md §6): the grid division's code and
 * place in the tree, a grid worker's unit, each rule of a grid report, the
 * link a report keeps with the dispute or incident it became, and the
 * overdue items of the to-do list after 24 hours and 7 days.
 */
#include "testlib.h"

#include "base/date.h"
#include "model/access.h"
#include "model/dispute.h"
#include "model/gridreport.h"
#include "model/ledger.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/todo.h"

#include <stdio.h>

#define GRID "152921110001001"
#define GRID2 "152921112001001"

static struct db *setup_db(void)
{
	struct db *db = test_db();
	test_two_stations(db);
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921112001", "name", "吉兰泰社区", "parent_code", "152921112000");
	assert_put_ok(db, &division_type, "code", GRID, "name", "和平社区第一网格", "parent_code", "152921110001");
	assert_put_ok(db, &division_type, "code", GRID2, "name", "吉兰泰社区第一网格", "parent_code", "152921112001");
	assert_put_ok(db, &dispute_type, "dispute_no", "JF1", "registered_on", "2026-03-01", "station", "S01", "type",
		      "neighbour", "source", "grid");
	assert_put_ok(db, &hazard_type, "hazard_no", "YH1", "found_on", "2026-03-01", "station", "S01", "type", "fire", "place",
		      "和平社区3号楼", "deadline", "2026-03-31");
	assert_put_ok(db, &hazard_type, "hazard_no", "YH2", "found_on", "2026-03-01", "station", "S02", "type", "fire", "place",
		      "吉兰泰社区", "deadline", "2026-03-31");
	assert_put_ok(db, &dispute_type, "dispute_no", "JF2", "registered_on", "2026-03-01", "station", "S02", "type",
		      "neighbour", "source", "grid");
	return db;
}

static const char *text_of(struct db *db, const char *sql, const char *key)
{
	static char out[64];
	struct err e;
	err_clear(&e);
	assert_true(db_text_of(db, sql, key, out, sizeof out, &e) >= 0);
	return out;
}

static void grid_divisions(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_string_equal(text_of(db, "SELECT kind FROM divisions WHERE code = ?", GRID), "grid");
	/* the kind from the name; under a gacha too */
	assert_put_ok(db, &division_type, "code", "152921110201", "name", "巴彦霍德嘎查", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921110201002", "name", "巴彦霍德嘎查第二网格", "parent_code", "152921110201");
	assert_put_refused(db, &division_type, "division.parent_kind", "code", "152921110000003", "name", "镇下网格",
			   "parent_code", "152921110000");
	assert_put_refused(db, &division_type, "division.code", "code", "152921110001", "name", "十二位网格", "kind", "grid",
			   "parent_code", "152921110001");
	assert_put_refused(db, &division_type, "division.code_structure", "code", "152921110002001", "name", "别处网格",
			   "parent_code", "152921110001");
	assert_put_refused(db, &division_type, "division.code_structure", "code", "152921110001000", "name", "零号网格",
			   "parent_code", "152921110001");
	/* a grid's station is its community's */
	char station[24];
	struct err e;
	assert_int_equal(division_station(db, GRID, station, &e), 0);
	assert_string_equal(station, "S01");
	assert_int_equal(division_station(db, GRID2, station, &e), 0);
	assert_string_equal(station, "S02");
	db_close(db);
}

static void grid_worker_unit(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_put_refused(db, &user_type, "user.unit_required", "username", "g0", "role", "grid");
	assert_put_refused(db, &user_type, "user.unit_not_grid", "username", "g1", "role", "grid", "unit", "152921110001");
	assert_put_refused(db, &user_type, "user.unit_not_grid", "username", "g1", "role", "grid", "unit", "S01");
	assert_put_ok(db, &user_type, "username", "g1", "role", "grid", "unit", GRID);
	db_close(db);
}

#define REPORT(...) "report_no", "G1", "reported_at", "2026-03-01 10:00", "kind", "dispute", "summary", "邻里纠纷", __VA_ARGS__

static void rules(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_put_refused(db, &gridreport_type, "gridreport.not_grid", REPORT("grid", "152921110001"));
	assert_put_refused(db, &gridreport_type, "gridreport.accepted_before_reported",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 09:59"));
	assert_put_refused(db, &gridreport_type, "gridreport.feedback_before_accepted",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "no_action", "feedback_at",
				  "2026-03-01 10:30"));
	assert_put_refused(db, &gridreport_type, "gridreport.not_accepted", REPORT("grid", GRID, "outcome", "no_action"));
	assert_put_refused(db, &gridreport_type, "field.future", REPORT("grid", GRID, "accepted_at", "2099-01-01 10:00"));
	assert_put_refused(db, &gridreport_type, "gridreport.outcome_no_required",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "dispute"));
	assert_put_refused(db, &gridreport_type, "gridreport.outcome_no_unexpected",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "no_action", "outcome_no", "JF1"));
	assert_put_refused(db, &gridreport_type, "gridreport.outcome_unknown",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "hazard", "outcome_no", "YH9"));
	assert_put_refused(db, &gridreport_type, "gridreport.outcome_station",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "hazard", "outcome_no", "YH2"));
	assert_put_refused(db, &gridreport_type, "gridreport.outcome_unknown",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "incident", "outcome_no", "JF1"));
	assert_put_refused(db, &gridreport_type, "gridreport.outcome_station",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "dispute", "outcome_no", "JF2"));
	assert_put_refused(db, &gridreport_type, "gridreport.feedback_time",
			   REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "feedback", "已处理"));
	assert_put_ok(db, &gridreport_type, REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "dispute",
						    "outcome_no", "JF1", "feedback_at", "2026-03-02 09:00", "feedback", "已调解"));
	assert_string_equal(text_of(db, "SELECT status FROM gridreports WHERE report_no = ?", "G1"), "closed");
	db_close(db);
}

/* The dispute names the report that became it, and forgets it when the report names another. */
static void linked_both_ways(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_put_ok(db, &dispute_type, "dispute_no", "JF3", "registered_on", "2026-03-01", "station", "S01", "type",
		      "family", "source", "grid");
	assert_put_ok(db, &gridreport_type, REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "dispute",
						    "outcome_no", "JF1"));
	assert_string_equal(text_of(db, "SELECT COALESCE(gridreport_no, '') FROM disputes WHERE dispute_no = ?", "JF1"), "G1");
	/* a dispute saved again keeps the link (derived from the report) */
	assert_put_ok(db, &dispute_type, "dispute_no", "JF1", "registered_on", "2026-03-01", "station", "S01", "type",
		      "family", "source", "grid");
	assert_string_equal(text_of(db, "SELECT COALESCE(gridreport_no, '') FROM disputes WHERE dispute_no = ?", "JF1"), "G1");
	assert_put_ok(db, &gridreport_type, REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "dispute",
						    "outcome_no", "JF3"));
	assert_string_equal(text_of(db, "SELECT COALESCE(gridreport_no, '') FROM disputes WHERE dispute_no = ?", "JF1"), "");
	assert_string_equal(text_of(db, "SELECT COALESCE(gridreport_no, '') FROM disputes WHERE dispute_no = ?", "JF3"), "G1");
	/* turned into a hazard: the hazard names it, the dispute no longer does; saved again, it keeps the link */
	assert_put_ok(db, &gridreport_type, REPORT("grid", GRID, "accepted_at", "2026-03-01 11:00", "outcome", "hazard",
						    "outcome_no", "YH1"));
	assert_string_equal(text_of(db, "SELECT COALESCE(gridreport_no, '') FROM hazards WHERE hazard_no = ?", "YH1"), "G1");
	assert_string_equal(text_of(db, "SELECT COALESCE(gridreport_no, '') FROM disputes WHERE dispute_no = ?", "JF3"), "");
	assert_put_ok(db, &hazard_type, "hazard_no", "YH1", "found_on", "2026-03-01", "station", "S01", "type", "fire", "place",
		      "和平社区3号楼", "deadline", "2026-03-31", "fixed_on", "2026-03-20");
	assert_string_equal(text_of(db, "SELECT COALESCE(gridreport_no, '') FROM hazards WHERE hazard_no = ?", "YH1"), "G1");
	db_close(db);
}

static int64_t at(const char *local)
{
	int64_t t;
	struct err e;
	assert_int_equal(instant_parse(local, "t", 480, &t, &e), 0);
	return t;
}

/* The first grid report item of the list (the disputes of the fixture are listed too). */
static const struct todo_item *first_report(const struct todo *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].kind == TODO_GRIDREPORT)
			return &t->items[i];
	fail_msg("no grid report listed");
	return NULL;
}

static void overdue(void **state)
{
	(void)state;
	struct db *db = setup_db();
	/* G1 waits for acceptance since 09-13 10:00; G2 was accepted, no feedback since 09-07 09:00 */
	assert_put_ok(db, &gridreport_type, "report_no", "G1", "reported_at", "2026-09-13 10:00", "grid", GRID, "kind", "help",
		      "summary", "求助");
	assert_put_ok(db, &gridreport_type, "report_no", "G2", "reported_at", "2026-09-07 09:00", "grid", GRID, "kind", "help",
		      "summary", "求助", "accepted_at", "2026-09-07 10:00", "outcome", "no_action");
	struct todo t;
	struct err e;
	int32_t day;
	assert_int_equal(date_parse("2026-09-14", "d", &day, &e), 0);
	/* 09-14 08:59: neither is late yet, both due today */
	struct todo_query q = { .as_of = day, .now = at("2026-09-14 08:59") };
	assert_int_equal(todo_compute(db, &q, &t, &e), 0);
	assert_int_equal(t.total.overdue[TODO_GRIDREPORT], 0);
	assert_int_equal(t.total.due_soon[TODO_GRIDREPORT], 2);
	todo_free(&t);
	/* 09:01: G2's 7 days without feedback have passed */
	q.now = at("2026-09-14 09:01");
	assert_int_equal(todo_compute(db, &q, &t, &e), 0);
	assert_int_equal(t.total.overdue[TODO_GRIDREPORT], 1);
	assert_string_equal(first_report(&t)->key, "G2");
	assert_true(first_report(&t)->overdue);
	todo_free(&t);
	/* 10:01: G1's 24 hours without acceptance too */
	q.now = at("2026-09-14 10:01");
	assert_int_equal(todo_compute(db, &q, &t, &e), 0);
	assert_int_equal(t.total.overdue[TODO_GRIDREPORT], 2);
	todo_free(&t);
	/* another day's list: as of its end */
	q.now = 0;
	assert_int_equal(todo_compute(db, &q, &t, &e), 0);
	assert_int_equal(t.total.overdue[TODO_GRIDREPORT], 2);
	assert_string_equal(first_report(&t)->station, "S01");
	todo_free(&t);
	/* G3 was fed back on 09-14 at noon, two days late: overdue on 09-13's list, gone from 09-15's */
	assert_put_ok(db, &gridreport_type, "report_no", "G3", "reported_at", "2026-09-05 09:00", "grid", GRID, "kind", "help",
		      "summary", "求助", "accepted_at", "2026-09-05 10:00", "outcome", "no_action", "feedback_at",
		      "2026-09-14 12:00", "feedback", "已处理");
	q.as_of = day - 1;
	assert_int_equal(todo_compute(db, &q, &t, &e), 0);
	assert_int_equal(t.total.overdue[TODO_GRIDREPORT], 1); /* G3 (G1 is due on 09-14 10:00, G2 on 09-14 09:00) */
	assert_string_equal(first_report(&t)->key, "G3");
	todo_free(&t);
	q.as_of = day + 1;
	assert_int_equal(todo_compute(db, &q, &t, &e), 0);
	assert_int_equal(t.total.overdue[TODO_GRIDREPORT], 2); /* G1, G2 */
	todo_free(&t);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grid_divisions), cmocka_unit_test(grid_worker_unit), cmocka_unit_test(rules),
		cmocka_unit_test(linked_both_ways), cmocka_unit_test(overdue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
