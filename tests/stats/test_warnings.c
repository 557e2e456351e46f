/*
 * Early warnings (CONTRACTS.md §5) on hand-made disputes, parties,
 * follow-ups and incidents whose warnings were worked out by hand, as of
 * 2026-08-31: the 180-day window starts on 2026-03-05 (2026-03-04 is out),
 * the 90-day window on 2026-06-03 (2026-06-02 is out; an incident at 23:59
 * local time that day too, one at 00:10 on 2026-09-01 is after as_of);
 * "和平路１２号", "和平路 12号" and "和平路12号" are one address; the latest
 * done follow-up decides (by due_on); a station counts only its records.
 */
#include "testlib.h"
#include "base/date.h"
#include "model/dispute.h"
#include "model/incident.h"
#include "model/org.h"
#include "stats/warnings.h"

#include <stdio.h>

#define ID_A "152921198001010019"
#define ID_C "152921198502020020"
#define ID_E "152921199003030034"
#define ID_F "152921197512120047"
#define ID_G "152921199511110057"

static void dispute(struct db *db, const char *no, const char *on, const char *station, const char *address)
{
	assert_put_ok(db, &dispute_type, "dispute_no", no, "registered_on", on, "station", station, "type", "neighbour",
		      "source", "walk_in", "address", address ? address : "");
}

static void party(struct db *db, const char *no, const char *name, const char *id_no, const char *phone)
{
	assert_put_ok(db, &party_type, "dispute_no", no, "role", "applicant", "name", name, "id_no", id_no ? id_no : "",
		      "phone", phone ? phone : "");
}

static void mediation(struct db *db, const char *no, const char *on, const char *result)
{
	char agreement[32];
	snprintf(agreement, sizeof agreement, "XY-%s", no);
	assert_put_ok(db, &mediation_type, "dispute_no", no, "held_on", on, "mode", "station", "result", result,
		      "agreement_no", strcmp(result, "agreement") ? "" : agreement);
}

static void followup(struct db *db, const char *no, const char *due, const char *done, const char *performed,
		     const char *risk)
{
	assert_put_ok(db, &followup_type, "dispute_no", no, "due_on", due, "done_on", done, "performed", performed,
		      "risk", risk);
}

static void incident(struct db *db, const char *no, const char *at, const char *station, const char *category,
		     const char *address)
{
	assert_put_ok(db, &incident_type, "incident_no", no, "received_at", at, "station", station, "category", category,
		      "address", address);
}

static int setup(void **state)
{
	struct db *db = test_db();
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "吉兰泰镇", "parent_code", "152921000000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &station_type, "code", "S02", "name", "二所", "model", "standard", "divisions", "152921112000");

	/* person A (张三丰): D0 one day before the window, D1 on its first day, D2: yellow */
	dispute(db, "JF-D0", "2026-03-04", "S01", NULL);
	dispute(db, "JF-D1", "2026-03-05", "S01", NULL);
	dispute(db, "JF-D2", "2026-06-01", "S01", "和平路１２号");
	/* person B (李四, no ID: name and phone, one written "李 四"): 3 disputes, orange */
	dispute(db, "JF-D3", "2026-06-05", "S01", "查干路5号");
	dispute(db, "JF-D4", "2026-06-03", "S01", "和平路 12号");
	dispute(db, "JF-D5", "2026-07-10", "S01", "查干路 5 号");
	/* person C (王五六): one dispute in S02, one failed in S01: red */
	dispute(db, "JF-D6", "2026-04-01", "S02", NULL);
	dispute(db, "JF-D7", "2026-05-01", "S01", NULL);
	/* person E (赵六): both settled, risky follow-ups: red; D8's latest follow-up risky: unresolved */
	dispute(db, "JF-D8", "2026-04-20", "S01", NULL);
	dispute(db, "JF-D9", "2026-04-21", "S01", NULL);
	/* F: 31 days without a result (yellow); G: 30 days, the deadline is today (none) */
	dispute(db, "JF-D10", "2026-07-31", "S01", NULL);
	dispute(db, "JF-D11", "2026-08-01", "S01", NULL);

	party(db, "JF-D0", "张三丰", ID_A, NULL);
	party(db, "JF-D1", "张三丰", ID_A, NULL);
	party(db, "JF-D2", "张三丰", ID_A, "13900002222");
	party(db, "JF-D3", "李四", NULL, "13800001111");
	party(db, "JF-D4", "李 四", NULL, "13800001111");
	party(db, "JF-D5", "李四", NULL, "13800001111");
	party(db, "JF-D6", "王五六", ID_C, NULL);
	party(db, "JF-D7", "王五六", ID_C, NULL);
	party(db, "JF-D8", "赵六", ID_E, NULL);
	party(db, "JF-D9", "赵六", ID_E, NULL);
	party(db, "JF-D10", "钱七", ID_F, NULL);
	party(db, "JF-D11", "孙八", ID_G, NULL);
	/* someone else with B's name but another phone is another person */
	party(db, "JF-D1", "李四", NULL, "13800009999");

	mediation(db, "JF-D0", "2026-03-10", "agreement");
	mediation(db, "JF-D1", "2026-03-10", "agreement");
	mediation(db, "JF-D2", "2026-06-05", "agreement");
	mediation(db, "JF-D3", "2026-06-06", "agreement");
	mediation(db, "JF-D4", "2026-06-06", "agreement");
	mediation(db, "JF-D5", "2026-07-11", "agreement");
	mediation(db, "JF-D6", "2026-04-02", "agreement");
	mediation(db, "JF-D7", "2026-05-02", "failed");
	mediation(db, "JF-D8", "2026-05-01", "agreement");
	mediation(db, "JF-D9", "2026-05-01", "agreement");
	/* follow-ups were made due 05-08 and 05-31; D8: fine then risky; D9: risky then fine */
	followup(db, "JF-D8", "2026-05-08", "2026-05-08", "yes", "0");
	followup(db, "JF-D8", "2026-05-31", "2026-06-01", "yes", "1");
	followup(db, "JF-D9", "2026-05-08", "2026-05-08", "yes", "1");
	followup(db, "JF-D9", "2026-05-31", "2026-06-01", "yes", "0");

	/* address X: D2 out (06-01), D4 in, I0 out (06-02 23:59), I1, I2 traffic (not counted), I3, I4 after as_of */
	incident(db, "JJ-I0", "2026-06-02 23:59:00", "S01", "criminal", "和平路12号");
	incident(db, "JJ-I1", "2026-06-10 12:00:00", "S01", "criminal.theft", "和平路12号");
	incident(db, "JJ-I2", "2026-07-01 09:00:00", "S01", "traffic.accident", "和平路12号");
	incident(db, "JJ-I3", "2026-08-31T15:30:00Z", "S01", "public_order.assault", "和平路１２号");
	incident(db, "JJ-I4", "2026-09-01 00:10:00", "S01", "criminal", "和平路12号");
	/* address Y: D3, D5, I5, I6 in S01 and I7 in S02: red for the bureau, orange (4) for S01 */
	incident(db, "JJ-I5", "2026-07-20 08:00:00", "S01", "dispute.neighbour", "查干路5号");
	incident(db, "JJ-I6", "2026-08-01 08:00:00", "S01", "public_order", "查干路５号");
	incident(db, "JJ-I7", "2026-08-15 08:00:00", "S02", "criminal", "查 干路5号");
	/* a voided incident counts nowhere */
	incident(db, "JJ-I8", "2026-08-16 08:00:00", "S01", "criminal", "查干路5号");
	struct err e;
	err_clear(&e);
	assert_int_equal(db_exec(db, "UPDATE incidents SET voided_at = 1 WHERE incident_no = 'JJ-I8'", &e), 0);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

struct expect {
	const char *level, *kind, *subject, *station, *reasons, *records;
};

/* reasons joined by "|", records as "kind:key" joined by " " */
static void check_list(const struct warnings *w, const struct expect *want, size_t n)
{
	for (size_t i = 0; i < w->n && i < n; i++) {
		const struct warning *x = &w->list[i];
		char reasons[512] = "", records[1024] = "";
		for (int k = 0; k < x->nreasons; k++)
			snprintf(reasons + strlen(reasons), sizeof reasons - strlen(reasons), "%s%s", k ? "|" : "", x->reasons[k]);
		for (size_t k = 0; k < x->nrecords; k++)
			snprintf(records + strlen(records), sizeof records - strlen(records), "%s%s:%s", k ? " " : "",
				 x->records[k].kind, x->records[k].key);
		if (strcmp(warn_levels.items[x->level].code, want[i].level) || strcmp(warn_kinds.items[x->kind].code, want[i].kind) ||
		    strcmp(x->subject, want[i].subject) || strcmp(x->station, want[i].station) ||
		    strcmp(reasons, want[i].reasons) || strcmp(records, want[i].records))
			fail_msg("warning %zu: got %s %s [%s] %s {%s} {%s}; want %s %s [%s] %s {%s} {%s}", i,
				 warn_levels.items[x->level].code, warn_kinds.items[x->kind].code, x->subject, x->station, reasons, records,
				 want[i].level, want[i].kind, want[i].subject, want[i].station, want[i].reasons, want[i].records);
	}
	assert_int_equal(w->n, n);
}

static struct warnings run(struct db *db, const char *as_of, const char *station, bool reveal)
{
	struct warnings w;
	struct err e;
	err_clear(&e);
	if (warnings_compute(db, as_of, station, reveal, &w, &e))
		fail_msg("warnings: %s", e.message);
	/* the counts alone (the indicators') are those of the list, in every case below */
	int64_t want[2] = { 0, 0 }, party = -1, address = -1;
	for (size_t i = 0; i < w.n; i++)
		if (w.list[i].kind != WARN_UNRESOLVED)
			want[w.list[i].kind == WARN_REPEAT_ADDRESS]++;
	int32_t day;
	assert_int_equal(date_parse(as_of, "as_of", &day, &e), 0);
	assert_int_equal(warnings_count(db, day, station, &party, &address, &e), 0);
	assert_int_equal(party, want[0]);
	assert_int_equal(address, want[1]);
	return w;
}

static void bureau_masked(void **state)
{
	static const struct expect want[] = {
		{ "red", "repeat_party", "王某某 152921********0020", "S01", "180 天内 2 起纠纷|1 起调解不成",
		  "disputes:JF-D6 disputes:JF-D7" },
		{ "red", "repeat_party", "赵某 152921********0034", "S01", "180 天内 2 起纠纷|2 起回访仍有激化风险",
		  "disputes:JF-D8 disputes:JF-D9" },
		{ "red", "repeat_address", "查 干路5号", "S02", "90 天内同一地址 5 起|纠纷 2 起，警情 3 起",
		  "disputes:JF-D3 disputes:JF-D5 incidents:JJ-I5 incidents:JJ-I6 incidents:JJ-I7" },
		{ "orange", "repeat_party", "李某 138****1111", "S01", "180 天内 3 起纠纷",
		  "disputes:JF-D4 disputes:JF-D3 disputes:JF-D5" },
		{ "orange", "repeat_address", "和平路１２号", "S01", "90 天内同一地址 3 起|纠纷 1 起，警情 2 起",
		  "disputes:JF-D4 incidents:JJ-I1 incidents:JJ-I3" },
		{ "orange", "unresolved", "JF-D8", "S01", "已调解成功|最近一次回访（应回访 2026-05-31）仍有激化风险",
		  "disputes:JF-D8" },
		{ "yellow", "repeat_party", "张某某 152921********0019", "S01", "180 天内 2 起纠纷",
		  "disputes:JF-D1 disputes:JF-D2" },
		{ "yellow", "unresolved", "JF-D10", "S01", "登记 31 天仍无调处结果（超过 30 天期限）", "disputes:JF-D10" },
	};
	struct warnings w = run(*state, "2026-08-31", NULL, false);
	check_list(&w, want, sizeof want / sizeof want[0]);
	warnings_free(&w);
}

static void station_scope_and_reveal(void **state)
{
	/* S01 alone: C has one dispute here, Y four records */
	static const struct expect want[] = {
		{ "red", "repeat_party", "赵六 152921199003030034", "S01", "180 天内 2 起纠纷|2 起回访仍有激化风险",
		  "disputes:JF-D8 disputes:JF-D9" },
		{ "orange", "repeat_party", "李四 13800001111", "S01", "180 天内 3 起纠纷",
		  "disputes:JF-D4 disputes:JF-D3 disputes:JF-D5" },
		{ "orange", "repeat_address", "查干路５号", "S01", "90 天内同一地址 4 起|纠纷 2 起，警情 2 起",
		  "disputes:JF-D3 disputes:JF-D5 incidents:JJ-I5 incidents:JJ-I6" },
		{ "orange", "repeat_address", "和平路１２号", "S01", "90 天内同一地址 3 起|纠纷 1 起，警情 2 起",
		  "disputes:JF-D4 incidents:JJ-I1 incidents:JJ-I3" },
		{ "orange", "unresolved", "JF-D8", "S01", "已调解成功|最近一次回访（应回访 2026-05-31）仍有激化风险",
		  "disputes:JF-D8" },
		{ "yellow", "repeat_party", "张三丰 152921198001010019", "S01", "180 天内 2 起纠纷",
		  "disputes:JF-D1 disputes:JF-D2" },
		{ "yellow", "unresolved", "JF-D10", "S01", "登记 31 天仍无调处结果（超过 30 天期限）", "disputes:JF-D10" },
	};
	struct warnings w = run(*state, "2026-08-31", "S01", true);
	check_list(&w, want, sizeof want / sizeof want[0]);
	warnings_free(&w);
	/* S02: I7 and D6 alone there; nothing repeats */
	w = run(*state, "2026-08-31", "S02", false);
	assert_int_equal(w.n, 0);
	warnings_free(&w);
	struct err e;
	err_clear(&e);
	assert_int_equal(warnings_compute(*state, "2026-08-31", "S99", false, &w, &e), -1);
	assert_string_equal(e.code, "station.not_found");
}

static void windows_move(void **state)
{
	/*
	 * A day later (2026-09-01): the 180 days start on 03-06 (D1 is out: A
	 * has D2 alone); the 90 days on 06-04 (D4 out, I4 in: X is I1, I3, I4);
	 * D11 is past its deadline now.
	 */
	struct warnings w = run(*state, "2026-09-01", NULL, false);
	bool a = false, x = false, d11 = false;
	for (size_t i = 0; i < w.n; i++) {
		const struct warning *y = &w.list[i];
		if (y->kind == WARN_REPEAT_PARTY && !strcmp(y->sort_key, "id:" ID_A))
			a = true;
		if (y->kind == WARN_REPEAT_ADDRESS && !strcmp(y->sort_key, "和平路12号")) {
			x = true;
			assert_int_equal(y->nrecords, 3);
			assert_string_equal(y->records[0].key, "JJ-I1");
			assert_string_equal(y->records[2].key, "JJ-I4");
		}
		if (y->kind == WARN_UNRESOLVED && !strcmp(y->sort_key, "JF-D11"))
			d11 = true;
	}
	assert_false(a);
	assert_true(x);
	assert_true(d11);
	assert_int_equal(w.n, 8);
	warnings_free(&w);
	/*
	 * As of 2026-04-30: A has D0 and D1 (yellow); C has D6 alone (D7 is
	 * 05-01); E has D8 and D9, settled only on 05-01 and no follow-up done
	 * yet (yellow); nothing is past its deadline.
	 */
	w = run(*state, "2026-04-30", NULL, false);
	assert_int_equal(w.n, 2);
	assert_string_equal(warn_levels.items[w.list[0].level].code, "yellow");
	assert_string_equal(w.list[0].sort_key, "id:" ID_A);
	assert_string_equal(w.list[1].sort_key, "id:" ID_E);
	warnings_free(&w);
}

/* A party carries its dispute's day; a voided dispute counts nowhere, though its parties live on. */
static void dispute_day_and_void(void **state)
{
	struct db *db = *state;
	struct err e;
	err_clear(&e);
	int64_t n = -1;
	/* D1 moved a day earlier, out of the window: its party moves with it, and A has D2 alone */
	dispute(db, "JF-D1", "2026-03-04", "S01", NULL);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM parties WHERE dispute_no = 'JF-D1' AND registered_on = '2026-03-04'", &n, &e), 0);
	assert_int_equal(n, 2);
	struct warnings w = run(db, "2026-08-31", NULL, false);
	assert_int_equal(w.n, 7);
	warnings_free(&w);
	/* B's D5 voided: B has 2 (yellow), Y loses D5 (4 records, orange) */
	assert_int_equal(db_exec(db, "UPDATE disputes SET voided_at = 1 WHERE dispute_no = 'JF-D5'", &e), 0);
	w = run(db, "2026-08-31", NULL, false);
	assert_int_equal(w.n, 7);
	for (size_t i = 0; i < w.n; i++)
		if (w.list[i].kind != WARN_UNRESOLVED && strstr(w.list[i].sort_key, "13800001111")) {
			assert_int_equal(w.list[i].level, WARN_YELLOW);
			assert_int_equal(w.list[i].nrecords, 2);
		} else if (w.list[i].kind == WARN_REPEAT_ADDRESS && !strcmp(w.list[i].sort_key, "查干路5号")) {
			assert_int_equal(w.list[i].level, WARN_ORANGE);
			assert_int_equal(w.list[i].nrecords, 4);
		}
	warnings_free(&w);
	/* F twice in one dispute is one dispute (no warning); B's D4 voided too leaves B one (run() counts alike) */
	party(db, "JF-D10", "钱小七", ID_F, NULL); /* another name, the same ID: the same person */
	assert_int_equal(db_exec(db, "UPDATE disputes SET voided_at = 1 WHERE dispute_no = 'JF-D4'", &e), 0);
	w = run(db, "2026-08-31", NULL, false);
	for (size_t i = 0; i < w.n; i++)
		assert_true(w.list[i].kind == WARN_UNRESOLVED || (!strstr(w.list[i].sort_key, "13800001111") &&
								   strcmp(w.list[i].sort_key, "id:" ID_F)));
	warnings_free(&w);
}

/* An agreement not performed at the latest follow-up; two disputes of a person on one day (a tie). */
static void not_performed_and_ties(void **state)
{
	struct db *db = *state;
	followup(db, "JF-D9", "2026-05-31", "2026-06-01", "no", "0");
	/* A's third dispute on D2's day, in S02: orange; the latest by (day, number) is JF-D2, so S01 */
	dispute(db, "JF-D12", "2026-06-01", "S02", NULL);
	party(db, "JF-D12", "张三丰", ID_A, NULL);
	mediation(db, "JF-D12", "2026-06-02", "agreement");
	struct warnings w = run(db, "2026-08-31", NULL, false);
	bool d9 = false, a = false;
	for (size_t i = 0; i < w.n; i++) {
		const struct warning *x = &w.list[i];
		if (x->kind == WARN_UNRESOLVED && !strcmp(x->sort_key, "JF-D9")) {
			d9 = true;
			assert_int_equal(x->level, WARN_ORANGE);
			assert_int_equal(x->nreasons, 2);
			assert_string_equal(x->reasons[1], "最近一次回访（应回访 2026-05-31）协议未履行");
		}
		if (x->kind == WARN_REPEAT_PARTY && !strcmp(x->sort_key, "id:" ID_A)) {
			a = true;
			assert_int_equal(x->level, WARN_ORANGE);
			assert_int_equal(x->nrecords, 3);
			assert_string_equal(x->records[1].key, "JF-D12");
			assert_string_equal(x->records[2].key, "JF-D2");
			assert_string_equal(x->station, "S01");
		}
	}
	assert_true(d9);
	assert_true(a);
	assert_int_equal(w.n, 9);
	warnings_free(&w);
}

/* Incidents stored before migration 007 get their key once, from C's fold. */
static void backfill(void **state)
{
	struct db *db = *state;
	struct err e;
	err_clear(&e);
	assert_int_equal(db_exec(db, "UPDATE incidents SET address_key = NULL", &e), 0);
	int64_t n = -1;
	/* a migrated database says the backfill is still to do */
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM pending_backfills", &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(incident_backfill_address_keys(db, &e), 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM incidents WHERE address_key = '和平路12号'", &n, &e), 0);
	assert_int_equal(n, 5); /* I0 to I4 */
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM pending_backfills", &n, &e), 0);
	assert_int_equal(n, 0);
	struct warnings w = run(db, "2026-08-31", NULL, false);
	assert_int_equal(w.n, 8);
	warnings_free(&w);
}

static void masks(void **state)
{
	(void)state;
	char out[64];
	mask_name_mou("张三丰", out, sizeof out);
	assert_string_equal(out, "张某某");
	mask_name_mou("李四", out, sizeof out);
	assert_string_equal(out, "李某");
	mask_name_mou("欧阳娜娜", out, sizeof out);
	assert_string_equal(out, "欧某某");
	mask_name_mou("", out, sizeof out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(bureau_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(station_scope_and_reveal, setup, teardown),
		cmocka_unit_test_setup_teardown(windows_move, setup, teardown),
		cmocka_unit_test_setup_teardown(dispute_day_and_void, setup, teardown),
		cmocka_unit_test_setup_teardown(not_performed_and_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(backfill, setup, teardown),
		cmocka_unit_test(masks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
