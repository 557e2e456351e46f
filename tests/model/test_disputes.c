/*
 * Disputes (CONTRACTS.md §5): the status and dates a dispute derives from
 * its mediations and referrals, the follow-ups its settlement creates, and
 * the rules of each record filed under it.
 */
#include "testlib.h"

#include "model/dispute.h"
#include "model/org.h"

#include <stdio.h>

static struct db *setup_db(void)
{
	struct db *db = test_db();
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &partner_type, "code", "SF01", "name", "巴彦浩特司法所", "kind", "judicial_office");
	assert_put_ok(db, &partner_type, "code", "LF01", "name", "律师事务所", "kind", "law_firm");
	assert_put_ok(db, &dispute_type, "dispute_no", "JF1", "registered_on", "2026-03-01", "station", "S01", "type",
		      "neighbour", "source", "walk_in", "address", "巴彦浩特镇　和平路　１２号");
	return db;
}

/* A dispute's derived field, or "" when unset. */
static const char *derived(struct db *db, const char *dispute_no, const char *field)
{
	static char out[64];
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COALESCE(%s, '') FROM disputes WHERE dispute_no = ?", field);
	struct err e;
	err_clear(&e);
	struct db_stmt *st = db_prepare(db, sql, &e);
	assert_non_null(st);
	db_bind_text(st, 1, dispute_no);
	assert_int_equal(db_step(st, &e), 1);
	snprintf(out, sizeof out, "%s", db_col_text(st, 0));
	db_done(st);
	return out;
}

static int64_t count(struct db *db, const char *sql)
{
	struct err e;
	err_clear(&e);
	struct db_stmt *st = db_prepare(db, sql, &e);
	assert_non_null(st);
	assert_int_equal(db_step(st, &e), 1);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static void status_follows_sessions_and_referrals(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_string_equal(derived(db, "JF1", "status"), "registered");
	assert_string_equal(derived(db, "JF1", "address_key"), "巴彦浩特镇和平路12号");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF1", "held_on", "2026-03-03", "mode", "station", "result",
		      "continue");
	assert_string_equal(derived(db, "JF1", "status"), "mediating");
	assert_string_equal(derived(db, "JF1", "handled_on"), "2026-03-03");
	assert_string_equal(derived(db, "JF1", "result_on"), "");
	assert_put_ok(db, &referral_type, "referral_no", "YJ1", "dispute_no", "JF1", "partner", "LF01", "referred_on",
		      "2026-03-05");
	assert_string_equal(derived(db, "JF1", "status"), "referred");
	/* a session that fails, then the referral returned: failed, and no result from the return */
	assert_put_ok(db, &mediation_type, "dispute_no", "JF1", "held_on", "2026-03-06", "mode", "joint", "partner",
		      "SF01", "result", "failed");
	assert_put_ok(db, &referral_type, "referral_no", "YJ1", "dispute_no", "JF1", "partner", "LF01", "referred_on",
		      "2026-03-05", "accepted_on", "2026-03-06", "result", "returned", "closed_on", "2026-03-08");
	assert_string_equal(derived(db, "JF1", "status"), "failed");
	assert_string_equal(derived(db, "JF1", "result_on"), "2026-03-06");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM followups"), 0);
	/* an agreement later: settled on that day, follow-ups due 7 and 30 days after */
	assert_put_ok(db, &referral_type, "referral_no", "YJ2", "dispute_no", "JF1", "partner", "SF01", "referred_on",
		      "2026-03-09", "accepted_on", "2026-03-09", "result", "agreement", "closed_on", "2026-03-12");
	assert_string_equal(derived(db, "JF1", "status"), "settled");
	assert_string_equal(derived(db, "JF1", "settled_on"), "2026-03-12");
	assert_string_equal(derived(db, "JF1", "handled_on"), "2026-03-03");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM followups WHERE dispute_no = 'JF1' AND due_on IN ('2026-03-19', '2026-04-11') AND risk = 0"), 2);
	/* saved again: no second pair */
	assert_put_ok(db, &referral_type, "referral_no", "YJ2", "dispute_no", "JF1", "partner", "SF01", "referred_on",
		      "2026-03-09", "accepted_on", "2026-03-10", "result", "agreement", "closed_on", "2026-03-12");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM followups"), 2);
	/* the agreement voided: failed again */
	struct err e;
	err_clear(&e);
	int64_t id = count(db, "SELECT id FROM referrals WHERE referral_no = 'YJ2'");
	assert_int_equal(record_void(db, &referral_type, id, "录入错误", 1700000000, &e), 0);
	assert_string_equal(derived(db, "JF1", "status"), "failed");
	assert_string_equal(derived(db, "JF1", "settled_on"), "");
	/* and its planned visits, not yet made, are withdrawn */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM followups WHERE voided_at IS NULL"), 0);
	db_close(db);
}

/* An earlier agreement moves the settlement: the planned visits move with it; a visit made stays. */
static void settlement_moves_its_visits(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_put_ok(db, &mediation_type, "dispute_no", "JF1", "held_on", "2026-03-20", "mode", "station", "result",
		      "agreement", "agreement_no", "XY-2");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM followups WHERE voided_at IS NULL AND scheduled = 1 AND due_on IN ('2026-03-27', '2026-04-19')"), 2);
	/* the first visit is made */
	assert_put_ok(db, &followup_type, "dispute_no", "JF1", "due_on", "2026-03-27", "done_on", "2026-03-26",
		      "performed", "yes", "satisfaction", "satisfied");
	assert_put_ok(db, &referral_type, "referral_no", "YJ9", "dispute_no", "JF1", "partner", "SF01", "referred_on",
		      "2026-03-02", "result", "agreement", "closed_on", "2026-03-10");
	assert_string_equal(derived(db, "JF1", "settled_on"), "2026-03-10");
	/* live: the visit made (27 March), the new pair (17 March, 9 April); withdrawn: 19 April */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM followups WHERE voided_at IS NULL"), 3);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM followups WHERE voided_at IS NULL AND due_on IN ('2026-03-17', '2026-04-09', '2026-03-27')"), 3);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM followups WHERE voided_at IS NOT NULL AND due_on = '2026-04-19'"), 1);
	db_close(db);
}

static void precedence_and_reopening(void **state)
{
	(void)state;
	struct db *db = setup_db();
	/* only a returned referral: handled, no result */
	assert_put_ok(db, &referral_type, "referral_no", "YJ1", "dispute_no", "JF1", "partner", "LF01", "referred_on",
		      "2026-03-02", "result", "returned", "closed_on", "2026-03-03");
	assert_string_equal(derived(db, "JF1", "status"), "mediating");
	assert_string_equal(derived(db, "JF1", "result_on"), "");
	/* filed outranks a later failure */
	assert_put_ok(db, &referral_type, "referral_no", "YJ2", "dispute_no", "JF1", "partner", "LF01", "referred_on",
		      "2026-03-04", "result", "filed", "closed_on", "2026-03-05");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF1", "held_on", "2026-03-06", "mode", "station", "result", "failed");
	assert_string_equal(derived(db, "JF1", "status"), "filed");
	assert_string_equal(derived(db, "JF1", "result_on"), "2026-03-05");
	/* the filing voided: the latest result is the failure */
	struct err e;
	err_clear(&e);
	assert_int_equal(record_void(db, &referral_type, count(db, "SELECT id FROM referrals WHERE referral_no = 'YJ2'"),
				     "录入错误", 1700000000, &e), 0);
	assert_string_equal(derived(db, "JF1", "status"), "failed");
	/* the failure voided too: back in mediation (the returned referral) */
	assert_int_equal(record_void(db, &mediation_type, count(db, "SELECT id FROM mediations WHERE result = 'failed'"),
				     "录入错误", 1700000000, &e), 0);
	assert_string_equal(derived(db, "JF1", "status"), "mediating");
	/* a referral stays with its dispute */
	assert_put_ok(db, &dispute_type, "dispute_no", "JF2", "registered_on", "2026-03-01", "station", "S01", "type",
		      "debt", "source", "screening");
	assert_put_refused(db, &referral_type, "referral.dispute_fixed", "referral_no", "YJ1", "dispute_no", "JF2",
			   "partner", "LF01", "referred_on", "2026-03-02");
	assert_put_refused(db, &referral_type, "referral.closed_before", "referral_no", "YJ3", "dispute_no", "JF2",
			   "partner", "LF01", "referred_on", "2026-03-04", "result", "failed", "closed_on", "2026-03-03");
	/* a dispute voided takes what is filed under it along */
	assert_put_ok(db, &party_type, "dispute_no", "JF1", "role", "applicant", "name", "王五");
	assert_int_equal(record_void(db, &dispute_type, count(db, "SELECT id FROM disputes WHERE dispute_no = 'JF1'"),
				     "重复登记", 1700000000, &e), 0);
	assert_int_equal(count(db, "SELECT (SELECT COUNT(*) FROM parties WHERE dispute_no = 'JF1' AND voided_at IS NULL)"
				   " + (SELECT COUNT(*) FROM referrals WHERE dispute_no = 'JF1' AND voided_at IS NULL)"
				   " + (SELECT COUNT(*) FROM mediations WHERE dispute_no = 'JF1' AND voided_at IS NULL)"),
			 0);
	db_close(db);
}

static void filed_and_agreement_by_session(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_put_ok(db, &dispute_type, "dispute_no", "JF2", "registered_on", "2026-03-01", "station", "S01", "type",
		      "debt", "source", "screening");
	assert_put_ok(db, &referral_type, "referral_no", "YJ3", "dispute_no", "JF2", "partner", "LF01", "referred_on",
		      "2026-03-02", "result", "filed", "closed_on", "2026-03-20");
	assert_string_equal(derived(db, "JF2", "status"), "filed");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF1", "held_on", "2026-03-02", "mode", "lawyer", "partner", "LF01",
		      "result", "agreement", "agreement_no", "XY-1", "perform_by", "2026-04-01");
	assert_string_equal(derived(db, "JF1", "status"), "settled");
	assert_string_equal(derived(db, "JF1", "settled_on"), "2026-03-02");
	db_close(db);
}

static void rules_of_the_records(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_put_refused(db, &mediation_type, "mediation.partner_required", "dispute_no", "JF1", "held_on", "2026-03-03",
			   "mode", "joint", "result", "continue");
	assert_put_refused(db, &mediation_type, "mediation.agreement_no", "dispute_no", "JF1", "held_on", "2026-03-03",
			   "mode", "station", "result", "agreement");
	assert_put_refused(db, &mediation_type, "dispute.before_registration", "dispute_no", "JF1", "held_on",
			   "2026-02-27", "mode", "station", "result", "continue");
	assert_put_refused(db, &mediation_type, "mediation.perform_by", "dispute_no", "JF1", "held_on", "2026-03-03",
			   "mode", "station", "result", "agreement", "agreement_no", "X", "perform_by", "2026-03-02");
	assert_put_refused(db, &mediation_type, "field.unknown_code", "dispute_no", "JF1", "held_on", "2026-03-03", "mode",
			   "telepathy", "result", "continue");
	assert_put_refused(db, &referral_type, "referral.closed_required", "referral_no", "Y1", "dispute_no", "JF1",
			   "partner", "SF01", "referred_on", "2026-03-02", "result", "agreement");
	assert_put_refused(db, &referral_type, "referral.result_required", "referral_no", "Y1", "dispute_no", "JF1",
			   "partner", "SF01", "referred_on", "2026-03-02", "closed_on", "2026-03-04");
	assert_put_refused(db, &referral_type, "referral.accepted_before", "referral_no", "Y1", "dispute_no", "JF1",
			   "partner", "SF01", "referred_on", "2026-03-02", "accepted_on", "2026-03-01");
	assert_put_refused(db, &referral_type, "field.unknown_ref", "referral_no", "Y1", "dispute_no", "JF9", "partner",
			   "SF01", "referred_on", "2026-03-02");
	assert_put_refused(db, &followup_type, "followup.done_required", "dispute_no", "JF1", "due_on", "2026-04-01",
			   "satisfaction", "satisfied");
	assert_put_refused(db, &dispute_type, "dispute.amount", "dispute_no", "JF3", "registered_on", "2026-03-01",
			   "station", "S01", "type", "debt", "source", "walk_in", "amount", "-1");
	/* judicial confirmation: of an agreement, at a people's tribunal, ruled after it was applied for */
	assert_put_ok(db, &partner_type, "code", "FT01", "name", "巴彦浩特人民法庭", "kind", "court");
	assert_put_refused(db, &mediation_type, "mediation.confirm_agreement", "dispute_no", "JF1", "held_on",
			   "2026-03-03", "mode", "station", "result", "continue", "confirm_applied_on", "2026-03-04",
			   "confirm_court", "FT01");
	assert_put_refused(db, &mediation_type, "mediation.confirm_court", "dispute_no", "JF1", "held_on", "2026-03-03",
			   "mode", "station", "result", "agreement", "agreement_no", "XY-9", "confirm_applied_on",
			   "2026-03-04", "confirm_court", "LF01");
	assert_put_refused(db, &mediation_type, "mediation.confirm_ruling", "dispute_no", "JF1", "held_on", "2026-03-03",
			   "mode", "station", "result", "agreement", "agreement_no", "XY-9", "confirm_applied_on",
			   "2026-03-04", "confirm_court", "FT01", "confirm_ruling", "(2026)内2921民特1号");
	assert_put_refused(db, &mediation_type, "mediation.confirm_before", "dispute_no", "JF1", "held_on", "2026-03-03",
			   "mode", "station", "result", "agreement", "agreement_no", "XY-9", "confirm_applied_on",
			   "2026-03-04", "confirm_court", "FT01", "confirm_ruling", "(2026)内2921民特1号", "confirmed_on",
			   "2026-03-02");
	assert_put_ok(db, &mediation_type, "dispute_no", "JF1", "held_on", "2026-03-03", "mode", "station", "result",
		      "agreement", "agreement_no", "XY-9", "confirm_applied_on", "2026-03-04", "confirm_court", "FT01",
		      "confirm_ruling", "(2026)内2921民特1号", "confirmed_on", "2026-03-10");
	/* parties: the ID number is checked (GB 11643: birth date and check digit) */
	assert_put_refused(db, &party_type, "field.idno", "dispute_no", "JF1", "role", "applicant", "name", "张三",
			   "id_no", "152921198001011235");
	assert_put_ok(db, &party_type, "dispute_no", "JF1", "role", "applicant", "name", "张三", "id_no",
		      "11010519491231002X");
	assert_put_ok(db, &party_type, "dispute_no", "JF1", "role", "respondent", "name", "李 四", "phone", "13900000001");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM parties WHERE person_key IN ('id:11010519491231002X', 'np:李四|13900000001')"), 2);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_follows_sessions_and_referrals),
		cmocka_unit_test(filed_and_agreement_by_session),
		cmocka_unit_test(rules_of_the_records),
		cmocka_unit_test(settlement_moves_its_visits),
		cmocka_unit_test(precedence_and_reopening),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
