/*
 * todo_fixture.h — the deadlines fixture shared by tests/model/test_todo.c
 * and tests/api/test_todo.c (tests/cli/fixtures/todo-*.csv hold the same
 * records).  As of 2026-09-15, with the 30-day and 3-day deadlines and the
 * follow-ups 7 and 30 days after an agreement, by hand:
 *
 *   JF1 S01 registered 08-16, no result: due 09-15, due today (0)
 *   JF2 S01 registered 08-15, no result: due 09-14, overdue 1
 *   JF3 S01 registered 08-01, agreement 08-31 (day 30, on time): done;
 *       its follow-ups due 09-07 (not done: overdue 8) and 09-30 (later)
 *   JF4 S02 registered 08-20, no result: due 09-19, due in 4 days
 *   JF5 S02 registered 07-01, no result: due 07-31, overdue 46
 *   JF6 S02 registered 09-01: due 10-01, later
 *   JF7 S01 registered 08-01, failed 09-10 (late, but done); as of 09-09
 *       it is overdue 9
 *   JF8 S02 registered 08-01, agreement 09-10: follow-ups due 09-17 (in 2
 *       days) and 10-10 (later)
 *   JF9 S01 registered 07-01, voided: nobody's work
 *   YJ1 JF2 -> LF01 referred 09-12, not accepted: due 09-15, due today (0)
 *   YJ2 JF5 -> SF01 referred 09-11, not accepted: due 09-14, overdue 1
 *   YJ3 JF4 -> LF01 referred 09-01, accepted 09-04 (day 3, on time): done
 *
 * Totals: overdue disputes 2 (JF2, JF5), referrals 1 (YJ2), follow-ups 1
 * (JF3); due soon disputes 2 (JF1, JF4), referrals 1 (YJ1), follow-ups 1
 * (JF8).  S01: overdue 1/0/1, due soon 1/1/0; S02: overdue 1/1/0, due soon
 * 1/0/1.  Partner LF01 sees JF2 (overdue), JF4 (due soon), YJ1 (due soon);
 * SF01 sees JF5 and YJ2 (both overdue).
 */
#ifndef FQ_TESTS_TODO_FIXTURE_H
#define FQ_TESTS_TODO_FIXTURE_H

#include "testlib.h"

#include "model/dispute.h"
#include "model/org.h"

static inline void todo_fixture(struct db *db)
{
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "吉兰泰镇", "parent_code", "152921000000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &station_type, "code", "S02", "name", "二所", "model", "standard", "divisions", "152921112000");
	assert_put_ok(db, &partner_type, "code", "SF01", "name", "巴彦浩特司法所", "kind", "judicial_office");
	assert_put_ok(db, &partner_type, "code", "LF01", "name", "律师事务所", "kind", "law_firm");
	static const char *const disputes[][3] = {
		{ "JF1", "2026-08-16", "S01" }, { "JF2", "2026-08-15", "S01" }, { "JF3", "2026-08-01", "S01" },
		{ "JF4", "2026-08-20", "S02" }, { "JF5", "2026-07-01", "S02" }, { "JF6", "2026-09-01", "S02" },
		{ "JF7", "2026-08-01", "S01" }, { "JF8", "2026-08-01", "S02" }, { "JF9", "2026-07-01", "S01" },
	};
	for (size_t i = 0; i < sizeof disputes / sizeof disputes[0]; i++)
		assert_put_ok(db, &dispute_type, "dispute_no", disputes[i][0], "registered_on", disputes[i][1], "station",
			      disputes[i][2], "type", "neighbour", "source", "walk_in");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF3", "held_on", "2026-08-31", "mode", "joint", "partner", "SF01",
		      "result", "agreement", "agreement_no", "XY-3");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF7", "held_on", "2026-09-10", "mode", "station", "result",
		      "failed");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF8", "held_on", "2026-09-10", "mode", "station", "result",
		      "agreement", "agreement_no", "XY-8");
	assert_put_ok(db, &referral_type, "referral_no", "YJ1", "dispute_no", "JF2", "partner", "LF01", "referred_on",
		      "2026-09-12");
	assert_put_ok(db, &referral_type, "referral_no", "YJ2", "dispute_no", "JF5", "partner", "SF01", "referred_on",
		      "2026-09-11");
	assert_put_ok(db, &referral_type, "referral_no", "YJ3", "dispute_no", "JF4", "partner", "LF01", "referred_on",
		      "2026-09-01", "accepted_on", "2026-09-04");
	struct err e;
	err_clear(&e);
	int64_t id = 0;
	assert_int_equal(db_query_int(db, "SELECT id FROM disputes WHERE dispute_no = 'JF9'", &id, &e), 0);
	assert_int_equal(record_void(db, &dispute_type, id, "重复登记", 1700000000, &e), 0);
}

#endif
