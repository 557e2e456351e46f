/*
 * Property: any sequence of disputes, mediation sessions, referrals (with
 * acceptance, results and returns) and voids leaves the dispute rollup
 * cells equal to a recount of the records, and the disputes report's
 * registered, handled and settled figures equal to a direct count of the
 * disputes over a random period.
 */
#include "testlib.h"
#include "base/date.h"
#include "model/dispute.h"
#include "model/org.h"
#include "model/rollup.h"
#include "stats/disputes.h"

#include <stdio.h>
#include <string.h>

static const char *const stations[] = { "S01", "S02" };
static const char *const types[] = { "neighbour", "family", "debt" };

/* Disputes registered in [from, to] (station NULL: all) and, of those, handled / settled by `to`. */
static int64_t direct_count(struct db *db, const char *station, const char *type, int32_t from, int32_t to,
			    const char *measure)
{
	char sql[512], dfrom[11], dto[11];
	date_format(from, dfrom);
	date_format(to, dto);
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM disputes WHERE voided_at IS NULL AND registered_on BETWEEN ?1 AND ?2"
		 " AND (?3 IS NULL OR station = ?3) AND (?4 IS NULL OR type = ?4)%s",
		 !strcmp(measure, "handled")   ? " AND handled_on <= ?2"
		 : !strcmp(measure, "settled") ? " AND settled_on <= ?2"
					       : "");
	struct err e;
	err_clear(&e);
	struct db_stmt *st = db_prepare(db, sql, &e);
	assert_non_null(st);
	db_bind_text(st, 1, dfrom);
	db_bind_text(st, 2, dto);
	db_bind_text(st, 3, station);
	db_bind_text(st, 4, type);
	assert_int_equal(db_step(st, &e), 1);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* A day of 2026 from January to June, as text. */
static void day_2026(char out[11], int32_t base, int spread)
{
	date_format(base + test_below(spread), out);
}

static void check_report(struct db *db, int step)
{
	struct err e;
	err_clear(&e);
	int64_t diff = -1;
	assert_int_equal(rollup_check(db, &diff, &e), 0);
	if (diff)
		fail_msg("step %d: %lld cells differ from a recount", step, (long long)diff);
	int32_t from = days_from_civil(2026, 1, 1) + test_below(150);
	int32_t to = from + test_below(120);
	const char *station = test_below(3) ? stations[test_below(2)] : NULL;
	struct dispute_report r;
	assert_int_equal(dispute_report_compute(db, from, to, COMPARE_MOM, station, &r, &e), 0);
	for (int i = 0; i < DISPUTE_ROWS; i++) {
		const char *type = i ? r.keys[i] : NULL;
		assert_int_equal(r.rows[i].registered, direct_count(db, station, type, from, to, "registered"));
		assert_int_equal(r.rows[i].handled, direct_count(db, station, type, from, to, "handled"));
		assert_int_equal(r.rows[i].settled, direct_count(db, station, type, from, to, "settled"));
		assert_int_equal(r.rows[i].previous, direct_count(db, station, type, r.prev_from, r.prev_to, "registered"));
	}
	dispute_report_free(&r);
}

static void random_sessions_keep_dispute_cells_exact(void **state)
{
	(void)state;
	struct db *db = test_db();
	test_two_stations(db); /* S01 and S02 */
	assert_put_ok(db, &partner_type, "code", "SF01", "name", "巴彦浩特司法所", "kind", "judicial_office");
	assert_put_ok(db, &partner_type, "code", "LF01", "name", "律师事务所", "kind", "law_firm");
	int32_t jan1 = days_from_civil(2026, 1, 1);
	int disputes = 0, referrals = 0, saved = 0;
	for (int step = 0; step < 500; step++) {
		int op = test_below(12);
		char no[16], day[11], later[11], closed[11], agreement[16];
		struct err pe;
		if (op < 3 || disputes == 0) {
			/* a new dispute, or a re-registration of an old one (new day, station or type) */
			snprintf(no, sizeof no, "JF%d", op == 0 && disputes ? test_below(disputes) : disputes++);
			day_2026(day, jan1, 150);
			const char *kv[] = { "dispute_no", no, "registered_on", day, "station", stations[test_below(2)], "type",
					     types[test_below(3)], "source", "walk_in", NULL };
			saved += test_put_v(db, &dispute_type, &pe, kv) == 0;
		} else if (op < 7) {
			/* a session some days after a random day: refused when it precedes the registration */
			snprintf(no, sizeof no, "JF%d", test_below(disputes));
			day_2026(day, jan1 + 30, 150);
			static const char *const results[] = { "agreement", "failed", "continue" };
			const char *result = results[test_below(3)];
			bool joint = test_below(2);
			snprintf(agreement, sizeof agreement, "XY%d", step);
			const char *kv[] = { "dispute_no", no, "held_on", day, "mode", joint ? "joint" : "station", "result", result,
					     "partner", joint ? "SF01" : "", "agreement_no",
					     strcmp(result, "agreement") ? "" : agreement, NULL };
			saved += test_put_v(db, &mediation_type, &pe, kv) == 0;
		} else if (op < 10) {
			char rno[16];
			snprintf(rno, sizeof rno, "YJ%d", op == 7 && referrals ? test_below(referrals) : referrals++);
			snprintf(no, sizeof no, "JF%d", test_below(disputes));
			day_2026(day, jan1 + 30, 150);
			int32_t referred;
			assert_int_equal(date_parse(day, "d", &referred, &pe), 0);
			date_format(referred + test_below(4), later);
			date_format(referred + 5 + test_below(40), closed);
			static const char *const results[] = { "", "agreement", "failed", "filed", "returned" };
			const char *result = results[test_below(5)];
			const char *kv[] = { "referral_no", rno, "dispute_no", no, "partner", test_below(2) ? "SF01" : "LF01",
					     "referred_on", day, "accepted_on", test_below(3) ? later : "", "result", result,
					     "closed_on", *result ? closed : "", NULL };
			saved += test_put_v(db, &referral_type, &pe, kv) == 0;
		} else {
			/* void a random dispute, session or referral (again: nothing happens) */
			const struct record_type *t = op == 10 ? &dispute_type : test_below(2) ? &mediation_type : &referral_type;
			record_void(db, t, 1 + test_below(disputes), "测试作废", 1700000000 + step, &pe);
		}
		if (step % 20 == 0 || step == 499)
			check_report(db, step);
	}
	assert_true(saved > 250); /* most steps changed something (a session before its registration, or filed under a void dispute, is refused) */
	/* rebuild gives the same cells; a cell changed by hand is found */
	struct err e;
	err_clear(&e);
	int64_t diff = -1;
	assert_int_equal(rollup_rebuild(db, &e), 0);
	assert_int_equal(rollup_check(db, &diff, &e), 0);
	assert_int_equal(diff, 0);
	assert_int_equal(db_exec(db, "UPDATE dispute_settled_cells SET n = n + 1 WHERE rowid = (SELECT MIN(rowid) FROM dispute_settled_cells)", &e), 0);
	assert_int_equal(rollup_check(db, &diff, &e), 0);
	assert_int_equal(diff, 1);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_sessions_keep_dispute_cells_exact),
	};
	return cmocka_run_group_tests_name("dispute_rollup", tests, NULL, NULL);
}
