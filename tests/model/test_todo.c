/*
 * Deadlines and the to-do list (CONTRACTS.md §5, model/todo.h): the edges
 * of each deadline, the list as of a day on the fixture of
 * tests/todo_fixture.h (figures by hand there), scope per kind, and the
 * follow-up days as a setting.
 */
#include "todo_fixture.h"

#include "base/config.h"
#include "base/date.h"
#include "model/ledger.h"
#include "model/todo.h"

#include <stdio.h>

static int32_t day(const char *s)
{
	int32_t d;
	struct err e;
	err_clear(&e);
	assert_int_equal(date_parse(s, "d", &d, &e), 0);
	return d;
}

static void deadline_edges(void **state)
{
	(void)state;
	int32_t reg = day("2026-08-01");
	int32_t due = todo_result_due(reg);
	assert_int_equal(due, day("2026-08-31")); /* 30 days after registration */
	/* a result on day 30 is on time; day 31 without one is overdue */
	assert_int_equal(todo_state(due, due, due), TODO_DONE);
	assert_int_equal(todo_state(due, due, due + 40), TODO_DONE);
	assert_int_equal(todo_state(due, -1, due), TODO_DUE_SOON);
	assert_int_equal(todo_state(due, -1, due + 1), TODO_OVERDUE);
	/* done after the day asked about: not done then */
	assert_int_equal(todo_state(due, due + 3, due + 1), TODO_OVERDUE);
	assert_int_equal(todo_state(due, due + 3, due + 3), TODO_DONE);
	/* the horizon: 7 days ahead is listed, 8 is not */
	assert_int_equal(todo_state(due, -1, due - 7), TODO_DUE_SOON);
	assert_int_equal(todo_state(due, -1, due - 8), TODO_LATER);
	/* a referral accepted within 3 days */
	int32_t ref = day("2026-09-01");
	assert_int_equal(todo_accept_due(ref), day("2026-09-04"));
	assert_int_equal(todo_state(todo_accept_due(ref), day("2026-09-04"), day("2026-09-04")), TODO_DONE);
	assert_int_equal(todo_state(todo_accept_due(ref), -1, day("2026-09-05")), TODO_OVERDUE);
}

static void compute(struct db *db, const char *as_of, const struct scope *scope, const char *station, const char *unit,
		    struct todo *t)
{
	struct err e;
	err_clear(&e);
	struct todo_query q = { .as_of = day(as_of), .scope = scope, .station = station, .unit = unit };
	if (todo_compute(db, &q, t, &e))
		fail_msg("todo: %s", e.message);
}

static void expect_counts(const struct todo_counts *c, int64_t od, int64_t orf, int64_t of, int64_t sd, int64_t sr,
			  int64_t sf)
{
	assert_int_equal(c->overdue[TODO_DISPUTE], od);
	assert_int_equal(c->overdue[TODO_REFERRAL], orf);
	assert_int_equal(c->overdue[TODO_FOLLOWUP], of);
	assert_int_equal(c->due_soon[TODO_DISPUTE], sd);
	assert_int_equal(c->due_soon[TODO_REFERRAL], sr);
	assert_int_equal(c->due_soon[TODO_FOLLOWUP], sf);
}

static void the_list_as_of_a_day(void **state)
{
	(void)state;
	struct db *db = test_db();
	todo_fixture(db);
	struct todo t;
	compute(db, "2026-09-15", NULL, NULL, NULL, &t);
	expect_counts(&t.total, 2, 1, 1, 2, 1, 1);
	/* most overdue first, then by kind and key; due soon by how soon */
	static const struct {
		enum todo_kind kind;
		const char *key, *station;
		int late;
	} want[] = {
		{ TODO_DISPUTE, "JF5", "S02", 46 }, { TODO_FOLLOWUP, "JF3", "S01", 8 }, { TODO_DISPUTE, "JF2", "S01", 1 },
		{ TODO_REFERRAL, "YJ2", "S02", 1 }, { TODO_DISPUTE, "JF1", "S01", 0 }, { TODO_REFERRAL, "YJ1", "S01", 0 },
		{ TODO_FOLLOWUP, "JF8", "S02", -2 }, { TODO_DISPUTE, "JF4", "S02", -4 },
	};
	assert_int_equal(t.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < t.n; i++) {
		assert_int_equal(t.items[i].kind, want[i].kind);
		assert_string_equal(t.items[i].key, want[i].key);
		assert_string_equal(t.items[i].station, want[i].station);
		assert_int_equal(t.items[i].days_overdue, want[i].late);
		assert_true(t.items[i].id > 0);
	}
	char due[11];
	date_format(t.items[1].due, due);
	assert_string_equal(due, "2026-09-07");
	assert_string_equal(t.items[3].dispute_no, "JF5");
	assert_non_null(strstr(t.items[0].label, "已逾期 46 天"));
	assert_non_null(strstr(t.items[5].label, "移交 YJ1（纠纷 JF2）应于 2026-09-15 前接收"));
	assert_int_equal(t.nstations, 2);
	assert_string_equal(t.stations[0].station, "S01");
	expect_counts(&t.stations[0].c, 1, 0, 1, 1, 1, 0);
	expect_counts(&t.stations[1].c, 1, 1, 0, 1, 0, 1);
	assert_false(t.has_mine);
	todo_free(&t);

	/* one station, and "mine" as the caller's unit */
	compute(db, "2026-09-15", NULL, "S02", "S02", &t);
	assert_int_equal(t.n, 4);
	expect_counts(&t.total, 1, 1, 0, 1, 0, 1);
	assert_true(t.has_mine);
	expect_counts(&t.mine, 1, 1, 0, 1, 0, 1);
	todo_free(&t);

	/* earlier: JF7's late result is not in yet; JF3's result on day 30 is on time */
	compute(db, "2026-09-09", NULL, "S01", NULL, &t);
	bool jf7 = false;
	for (size_t i = 0; i < t.n; i++)
		if (!strcmp(t.items[i].key, "JF7")) {
			jf7 = true;
			assert_int_equal(t.items[i].days_overdue, 9);
		}
	assert_true(jf7);
	todo_free(&t);
	compute(db, "2026-08-31", NULL, "S01", NULL, &t);
	for (size_t i = 0; i < t.n; i++) /* its follow-up due 09-07 is listed, as due soon */
		if (!strcmp(t.items[i].key, "JF3"))
			assert_int_equal(t.items[i].kind, TODO_FOLLOWUP);
	todo_free(&t);
	compute(db, "2026-08-30", NULL, "S01", NULL, &t);
	bool jf3 = false;
	for (size_t i = 0; i < t.n; i++)
		jf3 |= !strcmp(t.items[i].key, "JF3") && t.items[i].kind == TODO_DISPUTE && t.items[i].days_overdue == -1;
	assert_true(jf3);
	todo_free(&t);
	db_close(db);
}

static void scope_per_kind(void **state)
{
	(void)state;
	struct db *db = test_db();
	todo_fixture(db);
	struct todo t;
	struct scope s01 = { SCOPE_UNIT, "S01" }, lf01 = { SCOPE_PARTNER, "LF01" }, sf01 = { SCOPE_PARTNER, "SF01" };
	compute(db, "2026-09-15", &s01, NULL, "S01", &t);
	assert_int_equal(t.n, 4);
	expect_counts(&t.total, 1, 0, 1, 1, 1, 0);
	expect_counts(&t.mine, 1, 0, 1, 1, 1, 0);
	assert_int_equal(t.nstations, 1);
	todo_free(&t);
	/* another station's filter inside a station's scope: nothing */
	compute(db, "2026-09-15", &s01, "S02", "S01", &t);
	assert_int_equal(t.n, 0);
	todo_free(&t);
	/* a partner's mediator: the disputes referred to it and its referrals, all of them its own */
	compute(db, "2026-09-15", &lf01, NULL, "LF01", &t);
	assert_int_equal(t.n, 3);
	expect_counts(&t.total, 1, 0, 0, 1, 1, 0);
	expect_counts(&t.mine, 1, 0, 0, 1, 1, 0);
	todo_free(&t);
	compute(db, "2026-09-15", &sf01, NULL, "SF01", &t);
	assert_int_equal(t.n, 2);
	expect_counts(&t.total, 1, 1, 0, 0, 0, 0);
	assert_string_equal(t.items[0].key, "JF5");
	assert_string_equal(t.items[1].key, "YJ2");
	todo_free(&t);
	db_close(db);
}

static void followup_days_are_a_setting(void **state)
{
	(void)state;
	int days[CONFIG_FOLLOWUPS];
	struct err e;
	err_clear(&e);
	assert_int_equal(config_parse_followup_days("10,20", "X", days, &e), 0);
	assert_int_equal(days[0], 10);
	assert_int_equal(days[1], 20);
	static const char *const bad[] = { "", "7", "7,", "30,7", "7,7", "0,30", "7,30,60", "7;30", "-7,30", "7,400", " 7,30" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		if (config_parse_followup_days(bad[i], "X", days, &e) != -1 || strcmp(e.code, "config.followup_days"))
			fail_msg("accepted %s", bad[i]);
	}
	struct config saved = *config(), c = saved;
	c.followup_days[0] = 10;
	c.followup_days[1] = 20;
	config_set(&c);
	struct db *db = test_db();
	todo_fixture(db);
	config_set(&saved);
	int64_t n = 0;
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM followups WHERE dispute_no = 'JF3' AND due_on IN ('2026-09-10', '2026-09-20')", &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM followups", &n, &e), 0);
	assert_int_equal(n, 4);
	db_close(db);
}

/*
 * Hazards and meeting action items on the list, as of 2026-09-15 (S01 is
 * 152921110000, S02 152921112000, both from todo_fixture):
 *   YH1 S01 deadline 09-10, not fixed: overdue 5
 *   YH2 S02 deadline 09-01, fixed 09-12 (late, but done); as of 09-05 overdue 4
 *   YH3 S01 deadline 09-20, not fixed: due in 5 days
 *   YH4 S02 deadline 10-30: later
 *   the town 152921110000's meeting of 08-20: 排查出租屋 due 09-12 (not done:
 *   overdue 3), 装路灯 due 09-01 done 09-01 (done)
 */
static void ledger_items(void **state)
{
	(void)state;
	struct db *db = test_db();
	todo_fixture(db);
	assert_put_ok(db, &personnel_type, "badge_no", "150101", "name", "张建国", "type", "police", "position", "chief",
		      "party", "member", "station", "S01");
	assert_put_ok(db, &post_type, "badge_no", "150101", "kind", "township_committee", "division", "152921110000",
		      "start", "2021-03-01");
	static const char *const hazards[][5] = {
		{ "YH1", "S01", "2026-09-10", "", "152921110000" }, { "YH2", "S02", "2026-09-01", "2026-09-12", "152921112000" },
		{ "YH3", "S01", "2026-09-20", "", "152921110000" }, { "YH4", "S02", "2026-10-30", "", "152921112000" },
	};
	for (size_t i = 0; i < sizeof hazards / sizeof hazards[0]; i++)
		assert_put_ok(db, &hazard_type, "hazard_no", hazards[i][0], "found_on", "2026-08-20", "station", hazards[i][1],
			      "type", "fire", "place", "库房", "deadline", hazards[i][2], "fixed_on", hazards[i][3], "division",
			      hazards[i][4]);
	assert_put_ok(db, &meeting_type, "held_on", "2026-08-20", "division", "152921110000", "kind", "party_committee",
		      "attendee", "150101");
	assert_put_ok(db, &action_type, "division", "152921110000", "held_on", "2026-08-20", "item", "排查出租屋", "owner",
		      "综治办", "due_on", "2026-09-12");
	assert_put_ok(db, &action_type, "division", "152921110000", "held_on", "2026-08-20", "item", "装路灯", "owner",
		      "村委会", "due_on", "2026-09-01", "done_on", "2026-09-01");
	struct todo t;
	compute(db, "2026-09-15", NULL, NULL, NULL, &t);
	expect_counts(&t.total, 2, 1, 1, 2, 1, 1); /* the fixture's own, unchanged */
	assert_int_equal(t.total.overdue[TODO_HAZARD], 1);
	assert_int_equal(t.total.due_soon[TODO_HAZARD], 1);
	assert_int_equal(t.total.overdue[TODO_ACTION], 1);
	assert_int_equal(t.total.due_soon[TODO_ACTION], 0);
	int seen = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct todo_item *it = &t.items[i];
		if (it->kind == TODO_HAZARD && !strcmp(it->key, "YH1")) {
			assert_true(it->overdue);
			assert_int_equal(it->days_overdue, 5);
			assert_string_equal(it->station, "S01");
			assert_non_null(strstr(it->label, "隐患 YH1"));
			seen++;
		}
		if (it->kind == TODO_HAZARD && !strcmp(it->key, "YH3")) {
			assert_false(it->overdue);
			assert_int_equal(it->days_overdue, -5);
			seen++;
		}
		if (it->kind == TODO_ACTION) {
			assert_string_equal(it->key, "152921110000 2026-08-20");
			assert_int_equal(it->days_overdue, 3);
			assert_string_equal(it->station, "S01");
			assert_non_null(strstr(it->label, "排查出租屋"));
			assert_non_null(strstr(it->label, "会议 巴彦浩特镇 2026-08-20 议定事项")); /* by its name */
			seen++;
		}
		assert_true(it->kind != TODO_HAZARD || (strcmp(it->key, "YH2") && strcmp(it->key, "YH4")));
	}
	assert_int_equal(seen, 3);
	todo_free(&t);
	/* a hazard fixed late was overdue before it was fixed */
	compute(db, "2026-09-05", NULL, "S02", NULL, &t);
	assert_int_equal(t.total.overdue[TODO_HAZARD], 1);
	todo_free(&t);
	/* a station sees its own: S02 has no item; S01's scope has both */
	struct scope s02 = { SCOPE_UNIT, "S02" }, s01 = { SCOPE_UNIT, "S01" };
	compute(db, "2026-09-15", &s02, NULL, "S02", &t);
	assert_int_equal(t.mine.overdue[TODO_HAZARD] + t.mine.due_soon[TODO_HAZARD] + t.mine.overdue[TODO_ACTION], 0);
	todo_free(&t);
	compute(db, "2026-09-15", &s01, NULL, "S01", &t);
	assert_int_equal(t.mine.overdue[TODO_HAZARD], 1);
	assert_int_equal(t.mine.due_soon[TODO_HAZARD], 1);
	assert_int_equal(t.mine.overdue[TODO_ACTION], 1);
	todo_free(&t);
	db_close(db);
}

/*
 * A referral returned by the partner without acceptance or closing day is no one's work any
 * more: not on the list (it stayed there, overdue, for ever), as the disputes report and the
 * case file count it.
 */
static void a_returned_referral_is_done(void **state)
{
	(void)state;
	struct db *db = test_db();
	todo_fixture(db);
	assert_put_ok(db, &referral_type, "referral_no", "YJ4", "dispute_no", "JF4", "partner", "SF01", "referred_on",
		      "2026-09-02", "result", "returned");
	struct todo t;
	compute(db, "2026-09-15", NULL, NULL, NULL, &t);
	for (size_t i = 0; i < t.n; i++)
		if (!strcmp(t.items[i].key, "YJ4"))
			fail_msg("the returned referral YJ4 is listed, %d days overdue", t.items[i].days_overdue);
	expect_counts(&t.total, 2, 1, 1, 2, 1, 1); /* as without it */
	todo_free(&t);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deadline_edges),
		cmocka_unit_test(the_list_as_of_a_day),
		cmocka_unit_test(scope_per_kind),
		cmocka_unit_test(followup_days_are_a_setting),
		cmocka_unit_test(ledger_items),
		cmocka_unit_test(a_returned_referral_is_done),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
