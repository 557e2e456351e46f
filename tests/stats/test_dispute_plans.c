/*
 * The disputes report's heavy statements read their indexes (schema 017)
 * and not every record: bench/disputes.sh measured 6.9 s for a year of the
 * whole bureau at 1M disputes when the overdue counts read every dispute
 * registered before the last day.  SQLite's plans on a new database (no
 * ANALYZE, as the program leaves it): the overdue conditions are the
 * program's own (dispute_measure, as count_overdue and the records behind a
 * figure use them); the other statements have the shape of count_modes,
 * followups_periods and sum_cells with a division.
 */
#include "testlib.h"
#include "model/dispute.h"
#include "model/org.h"
#include "model/unit.h"
#include "stats/disputes.h"

#include <stdio.h>

/* The plan's details joined by " | ". */
static void plan(struct db *db, const char *sql, char *out, size_t n)
{
	char q[2048];
	struct err e;
	err_clear(&e);
	snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
	struct db_stmt *st = db_prepare(db, q, &e);
	if (!st)
		fail_msg("%s: %s", sql, e.message);
	out[0] = '\0';
	while (db_step(st, &e) == 1)
		snprintf(out + strlen(out), n - strlen(out), "%s | ", db_col_text(st, 3));
	db_done(st);
}

static void assert_reads(struct db *db, const char *sql, const char *index)
{
	char p[2048];
	plan(db, sql, p, sizeof p);
	if (!strstr(p, index))
		fail_msg("%s\n  reads %s\n  not %s", sql, p, index);
}

static void overdue_reads_the_open_records(void **state)
{
	(void)state;
	struct db *db = test_db();
	static const struct {
		const char *measure, *day, *index;
	} want[] = { { "overdue_disputes", "registered_on", "USING INDEX disputes_open" },
		     { "overdue_referrals", "referred_on", "USING INDEX referrals_open" },
		     { "overdue_followups", "due_on", "USING INDEX followups_open" } };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct dispute_cell c;
		struct err e;
		err_clear(&e);
		assert_int_equal(dispute_measure(want[i].measure, 20454, 20818, &c, &e), 0);
		char sql[1024];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE voided_at IS NULL AND %s <= ? AND %s",
			 c.type->table, want[i].day, c.extra_sql);
		assert_reads(db, sql, want[i].index);
	}
	db_close(db);
}

static void period_statements_read_covering_indexes(void **state)
{
	(void)state;
	struct db *db = test_db();
	assert_reads(db,
		     "SELECT mode, COUNT(*), COALESCE(SUM(CASE WHEN result = 'agreement' THEN 1 ELSE 0 END), 0) FROM mediations"
		     " WHERE voided_at IS NULL AND held_on BETWEEN ? AND ? GROUP BY mode",
		     "COVERING INDEX mediations_report");
	assert_reads(db,
		     "SELECT due_on, COALESCE(done_on, '9999-12-31'), COALESCE(satisfaction, ''), COUNT(*) FROM followups"
		     " WHERE voided_at IS NULL AND due_on BETWEEN ? AND ? GROUP BY due_on, done_on, satisfaction",
		     "COVERING INDEX followups_report");
	/* with a division: the report's rows from the disputes, and the scope of the other tables */
	assert_reads(db,
		     "SELECT type, COUNT(*), COALESCE(SUM(CASE WHEN " DR_HANDLED " THEN 1 ELSE 0 END), 0) FROM disputes"
		     " WHERE voided_at IS NULL AND registered_on BETWEEN ? AND ? AND division IN (" DIVISIONS_BELOW_SQL
		     ") GROUP BY type",
		     "COVERING INDEX disputes_division");
	assert_reads(db, "SELECT COUNT(*) FROM followups WHERE due_on BETWEEN ? AND ? AND " DISPUTE_OF_STATION,
		     "COVERING INDEX disputes_station_no");
	assert_reads(db,
		     "SELECT COUNT(*) FROM followups WHERE due_on BETWEEN ? AND ? AND dispute_no IN (SELECT dispute_no FROM"
		     " disputes WHERE division IN (" DIVISIONS_BELOW_SQL "))",
		     "COVERING INDEX disputes_division_no");
	/* a scope's overdue disputes: SQLite takes the scope's index, which holds what the count reads */
	assert_reads(db,
		     "SELECT COUNT(*) FROM disputes WHERE voided_at IS NULL AND registered_on <= ? AND " DR_DISPUTE_OPEN
		     " AND station IN " UNIT_SUBTREE,
		     "COVERING INDEX disputes_station_open");
	assert_reads(db,
		     "SELECT COUNT(*) FROM disputes WHERE voided_at IS NULL AND registered_on <= ? AND " DR_DISPUTE_OPEN
		     " AND division IN (" DIVISIONS_BELOW_SQL ")",
		     "COVERING INDEX disputes_division");
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overdue_reads_the_open_records),
		cmocka_unit_test(period_statements_read_covering_indexes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
