/*
 * Property: any sequence of inserts, updates (station, category, time,
 * place, closure) and voids leaves the rollup cells equal to a recount of
 * the records, and the report's figures equal to a direct count.
 */
#include "testlib.h"
#include "base/date.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/rollup.h"
#include "stats/compstat.h"

#include <stdio.h>
#include <stdlib.h>


static const char *const categories[] = { "criminal.theft", "public_order.assault", "fire", "dispute.family", "other" };
static const char *const stations[] = { "S01", "S02" };
/* the places of each station's town (jurisdictions do not overlap) */
static const char *const places[][3] = { { "", "152921110200", "152921110001" }, { "", "152921112200", "152921112001" } };

static void random_incident(char *kv_at, size_t n)
{
	snprintf(kv_at, n, "2023-%02d-%02d %02d:%02d", 1 + test_below(12), 1 + test_below(28), test_below(24), test_below(60));
}

static int64_t direct_count(struct db *db, const char *station, int32_t from, int32_t to)
{
	struct err e;
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM incidents WHERE voided_at IS NULL AND station = ?"
					    " AND received_day BETWEEN ? AND ?", &e);
	db_bind_text(st, 1, station);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	assert_int_equal(db_step(st, &e), 1);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static void random_sequences_keep_rollups_exact(void **state)
{
	(void)state;
	struct db *db = test_db();
	test_two_stations(db); /* S01 and S02 */
	assert_put_ok(db, &division_type, "code", "152921110200", "name", "查干嘎查", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921112200", "name", "乌兰布和嘎查", "parent_code", "152921112000");
	assert_put_ok(db, &division_type, "code", "152921112001", "name", "盐湖社区", "parent_code", "152921112000");
	struct err e;
	int made = 0, cases = 0;
	for (int step = 0; step < 600; step++) {
		int op = test_below(10);
		char no[16], at[32];
		if (op < 5 || made == 0) {
			snprintf(no, sizeof no, "P%d", made++);
		} else {
			snprintf(no, sizeof no, "P%d", test_below(made)); /* an existing key: an update */
		}
		random_incident(at, sizeof at);
		if (op == 9 && made > 0) {
			/* void a random record (may already be void: then nothing happens) */
			int64_t id = 1 + test_below(made);
			struct err ve;
			record_void(db, &incident_type, id, "测试作废", 1700000000 + step, &ve);
		} else {
			struct err pe;
			int s = test_below(2);
			const char *kv[] = { "incident_no", no, "received_at", at, "station", stations[s], "category",
					     categories[test_below(5)], "division", places[s][test_below(3)], NULL };
			/* updating a voided record is allowed by the record layer; it stays void */
			if (test_put_v(db, &incident_type, &pe, kv))
				fail_msg("put: %s", pe.message);
		}
		if (op == 8) {
			char cno[16], acc[32], closed[32] = "";
			snprintf(cno, sizeof cno, "C%d", test_below(cases + 1));
			if (!strcmp(cno + 1, "0") || atoi(cno + 1) == cases)
				cases++;
			snprintf(acc, sizeof acc, "2023-%02d-10 09:00", 1 + test_below(6));
			if (test_below(2))
				snprintf(closed, sizeof closed, "2023-%02d-20 09:00", 7 + test_below(6));
			const char *kv[] = { "case_no", cno, "kind", test_below(2) ? "criminal" : "public_order", "station",
					     stations[test_below(2)], "accepted_at", acc, "closed_at", closed, NULL };
			struct err pe;
			if (test_put_v(db, &case_type, &pe, kv))
				fail_msg("case: %s", pe.message);
		}
		if (step % 25 == 0 || step == 599) {
			int64_t diff = -1;
			assert_int_equal(rollup_check(db, &diff, &e), 0);
			if (diff)
				fail_msg("step %d: %lld cells differ", step, (long long)diff);
			/* and the report agrees with a direct count over a random period */
			int32_t from = days_from_civil(2023, 1 + test_below(12), 1 + test_below(28));
			int32_t to = from + test_below(200);
			int64_t counts[COMPSTAT_ROWS] = { 0 };
			assert_int_equal(compstat_count(db, "S01", NULL, from, to, counts, &e), 0);
			assert_int_equal(counts[0], direct_count(db, "S01", from, to));
		}
	}
	/* rebuild gives the same cells */
	assert_int_equal(rollup_rebuild(db, &e), 0);
	int64_t diff = -1;
	assert_int_equal(rollup_check(db, &diff, &e), 0);
	assert_int_equal(diff, 0);
	/* a cell changed by hand is found */
	assert_int_equal(db_exec(db, "UPDATE incident_month SET n = n + 1 WHERE rowid = (SELECT MIN(rowid) FROM incident_month)", &e), 0);
	assert_int_equal(rollup_check(db, &diff, &e), 0);
	assert_int_equal(diff, 1);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_sequences_keep_rollups_exact),
	};
	return cmocka_run_group_tests_name("rollup", tests, NULL, NULL);
}
