/*
 * The ledgers' rules (CONTRACTS.md §6): each broken rule of a hazard,
 * visit, outreach event, dissuasion, meeting or action item is reported
 * with the others; the stations visits, meetings and actions derive.
 */
#include "testlib.h"
#include "model/ledger.h"
#include "model/org.h"

#include <stdio.h>

/* "field:code" of each problem, space separated, as reported. */
static void add_problem(void *ctx, const struct err *e)
{
	char *list = ctx;
	size_t n = strlen(list);
	snprintf(list + n, 1024 - n, "%s%s:%s", n ? " " : "", e->field, e->code);
}

/* Check a record of t built from name/value pairs: its problems, "" when none; *keep keeps it when asked. */
static void expect_v(struct db *db, const struct record_type *t, const char *want, struct record **keep,
		     const char *const *kv)
{
	char got[1024] = "";
	struct record *r = record_new(t);
	for (struct err e; kv[0]; kv += 2)
		if (record_set_by_name(r, kv[0], kv[1], 480, &e))
			add_problem(got, &e);
	struct problem_sink sink = { add_problem, got };
	record_check(db, r, &sink);
	bool same = !strcmp(got, want);
	if (keep && same)
		*keep = r;
	else
		record_free(r);
	if (!same)
		fail_msg("%s: want [%s], got [%s]", t->kind, want, got);
}

#define expect(db, t, want, ...) expect_v(db, t, want, NULL, (const char *const[]){ __VA_ARGS__, NULL })

static int setup(void **state)
{
	struct db *db = test_db();
	test_two_stations(db); /* S01: 152921110000, S02: 152921112000 */
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &personnel_type, "badge_no", "150101", "name", "张建国", "type", "police", "position", "chief",
		      "party", "member", "station", "S01");
	assert_put_ok(db, &personnel_type, "badge_no", "150104", "name", "巴特尔", "type", "police", "position",
		      "community_officer", "party", "member", "station", "S01");
	assert_put_ok(db, &post_type, "badge_no", "150101", "kind", "township_committee", "division", "152921110000",
		      "start", "2021-03-01");
	assert_put_ok(db, &post_type, "badge_no", "150104", "kind", "village_committee", "division", "152921110001",
		      "start", "2021-05-01", "end", "2026-06-30");
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

static void hazard_rules(void **state)
{
	/* deadline and fix before the find, in another station's town */
	expect(*state, &hazard_type,
	       "deadline:hazard.deadline_before_found fixed_on:hazard.fixed_before_found division:hazard.outside_jurisdiction",
	       "hazard_no", "H1", "found_on", "2026-03-05", "station", "S01", "type", "fire", "place", "楼道",
	       "deadline", "2026-03-01", "fixed_on", "2026-03-02", "division", "152921112000");
	expect(*state, &hazard_type, "level:field.unknown_code found_on:field.future", "hazard_no", "H2", "found_on",
	       "2099-03-05", "station", "S01", "type", "消防", "place", "楼道", "deadline", "2099-04-01", "level", "huge");
	expect(*state, &hazard_type, "", "hazard_no", "H3", "found_on", "2026-03-05", "station", "S01", "type", "消防",
	       "place", "楼道", "deadline", "2026-03-05", "fixed_on", "2026-03-05", "division", "152921110001");
}

static void visit_rules(void **state)
{
	expect(*state, &visit_type, "households:visit.negative unsatisfied:visit.negative", "visited_on", "2026-03-02",
	       "officer", "150104", "division", "152921110001", "households", "-1", "people", "5", "unsatisfied", "-2");
	/* more answers than people, more resolved than collected, and a division outside the officer's station */
	expect(*state, &visit_type,
	       "satisfied:visit.satisfaction_over_people resolved:visit.resolved_over_opinions division:visit.outside_jurisdiction",
	       "visited_on", "2026-03-02", "officer", "150104", "division", "152921112000", "households", "3", "people",
	       "5", "satisfied", "4", "basic", "1", "unsatisfied", "1", "opinions", "1", "resolved", "2");
	struct record *r;
	expect_v(*state, &visit_type, "", &r, (const char *const[]){ "visited_on", "2026-03-02", "officer", "150104",
		 "division", "152921110001", "households", "3", "people", "5", "satisfied", "5", NULL });
	assert_string_equal(record_get(r, "station"), "S01");
	record_free(r);
}

static void outreach_rules(void **state)
{
	expect(*state, &outreach_type,
	       "audience:outreach.negative app_registrations:outreach.negative division:outreach.outside_jurisdiction",
	       "held_on", "2026-03-15", "station", "S01", "kind", "law", "place", "广场", "audience", "-1",
	       "app_registrations", "-3", "division", "152921112000");
}

static void dissuasion_rules(void **state)
{
	expect(*state, &dissuasion_type,
	       "dissuaded_at:dissuasion.dissuaded_before_received loss:dissuasion.loss_not_defrauded",
	       "warning_no", "W1", "received_at", "2026-03-01 09:30", "station", "S01", "kind", "funds", "risk", "high",
	       "method", "call", "dissuaded_at", "2026-03-01 09:00", "result", "dissuaded", "loss", "100");
	expect(*state, &dissuasion_type, "loss:dissuasion.negative_loss", "warning_no", "W2", "received_at",
	       "2026-03-01 09:30", "station", "S01", "kind", "funds", "risk", "high", "method", "call", "result",
	       "被骗", "loss", "-1");
	expect(*state, &dissuasion_type, "loss:dissuasion.loss_not_defrauded dissuaded_at:dissuasion.dissuaded_at_required",
	       "warning_no", "W3", "received_at", "2026-03-01 09:30", "station", "S01", "kind", "funds", "risk", "high",
	       "method", "call", "result", "dissuaded", "loss", "0");
	expect(*state, &dissuasion_type, "loss:dissuasion.loss_not_defrauded", "warning_no", "W4", "received_at",
	       "2026-03-01 09:30", "station", "S01", "kind", "funds", "risk", "high", "method", "call", "loss", "5");
	expect(*state, &dissuasion_type, "", "warning_no", "W5", "received_at", "2026-03-01 09:30", "station", "S01",
	       "kind", "funds", "risk", "high", "method", "call", "result", "defrauded");
}

static void meeting_attendee_holds_a_post(void **state)
{
	struct db *db = *state;
	/* in the community while the post lasts; not after it ended; not in the town without a township post */
	expect(db, &meeting_type, "", "held_on", "2026-03-12", "division", "152921110001", "kind", "two_committees",
	       "attendee", "150104");
	expect(db, &meeting_type, "attendee:meeting.attendee_no_post", "held_on", "2026-07-01", "division",
	       "152921110001", "kind", "two_committees", "attendee", "150104");
	expect(db, &meeting_type, "attendee:meeting.attendee_no_post", "held_on", "2026-03-12", "division",
	       "152921110000", "kind", "party_committee", "attendee", "150104");
	expect(db, &meeting_type, "attendee:meeting.attendee_no_post", "held_on", "2021-02-28", "division",
	       "152921110000", "kind", "party_committee", "attendee", "150101");
	struct record *r;
	expect_v(db, &meeting_type, "", &r, (const char *const[]){ "held_on", "2026-03-10", "division", "152921110000",
		 "kind", "party_committee", "attendee", "150101", NULL });
	assert_string_equal(record_get(r, "station"), "S01");
	assert_string_equal(record_get(r, "briefed"), "0");
	record_free(r);
}

static void action_rules(void **state)
{
	struct db *db = *state;
	/* two meetings of the town on one day: an item belongs to that day's sitting */
	assert_put_ok(db, &meeting_type, "held_on", "2026-03-10", "division", "152921110000", "kind", "party_committee",
		      "attendee", "150101");
	assert_put_ok(db, &meeting_type, "held_on", "2026-03-10", "division", "152921110000", "kind", "joint",
		      "attendee", "150101");
	expect(db, &action_type, "held_on:action.no_meeting", "division", "152921110000", "held_on", "2026-03-11", "item",
	       "排查", "owner", "综治办", "due_on", "2026-04-01");
	expect(db, &action_type, "due_on:action.due_before_meeting done_on:action.done_before_meeting", "division",
	       "152921110000", "held_on", "2026-03-10", "item", "排查", "owner", "综治办", "due_on", "2026-03-01",
	       "done_on", "2026-03-09");
	struct record *r;
	expect_v(db, &action_type, "", &r, (const char *const[]){ "division", "152921110000", "held_on", "2026-03-10",
		 "item", "排查", "owner", "综治办", "due_on", "2026-04-01", NULL });
	assert_string_equal(record_get(r, "station"), "S01");
	record_free(r);
}

/* Voiding a day's last meeting takes its items with it; moving the meeting away from them is refused. */
static void meeting_change_and_its_items(void **state)
{
	struct db *db = *state;
	assert_put_ok(db, &meeting_type, "held_on", "2026-04-01", "division", "152921110001", "kind", "two_committees",
		      "attendee", "150104");
	assert_put_ok(db, &action_type, "division", "152921110001", "held_on", "2026-04-01", "item", "装路灯", "owner",
		      "居委会", "due_on", "2026-05-01");
	int64_t meeting = 0, item = 0;
	struct err e;
	assert_int_equal(db_query_int(db, "SELECT id FROM meetings WHERE held_on = '2026-04-01'", &meeting, &e), 0);
	assert_int_equal(db_query_int(db, "SELECT id FROM actions WHERE item = '装路灯'", &item, &e), 0);
	struct record *m = record_new(&meeting_type);
	assert_int_equal(record_load(db, m, meeting, NULL, &e), 0);
	assert_int_equal(record_set_by_name(m, "held_on", "2026-04-02", 480, &e), 0);
	assert_int_equal(db_begin(db, &e), 0); /* as the API and the import save: the refusal rolls back */
	assert_int_equal(record_save(db, m, 1, NULL, &e), -1);
	db_rollback(db);
	assert_string_equal(e.code, "meeting.actions_orphaned");
	record_free(m);
	assert_int_equal(record_void(db, &meeting_type, meeting, "录入错误", 2, &e), 0);
	int64_t voided = 0;
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM actions WHERE item = '装路灯' AND voided_at IS NOT NULL",
				      &voided, &e), 0);
	assert_int_equal(voided, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hazard_rules),
		cmocka_unit_test(visit_rules),
		cmocka_unit_test(outreach_rules),
		cmocka_unit_test(dissuasion_rules),
		cmocka_unit_test(meeting_attendee_holds_a_post),
		cmocka_unit_test(action_rules),
		cmocka_unit_test(meeting_change_and_its_items),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
