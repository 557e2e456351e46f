/* The generic record code: parsing by descriptor, save/update by key, load, void, list. */
#include "testlib.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/record_internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

static void kind_from_name(void **state)
{
	(void)state;
	assert_string_equal(division_kind_from_name("阿拉善左旗"), "county");
	assert_string_equal(division_kind_from_name("巴彦浩特镇"), "town");
	assert_string_equal(division_kind_from_name("乌力吉苏木"), "town");
	assert_string_equal(division_kind_from_name("新华街道办事处"), "town");
	assert_string_equal(division_kind_from_name("孪井滩生态移民示范区"), "town");
	assert_string_equal(division_kind_from_name("营盘水社区居民委员会"), "community");
	assert_string_equal(division_kind_from_name("腰坝社区"), "community");
	assert_string_equal(division_kind_from_name("乌兰套勒盖嘎查村民委员会"), "gacha");
	assert_string_equal(division_kind_from_name("查干嘎查"), "gacha");
	assert_string_equal(division_kind_from_name("上海村"), "gacha");
	assert_null(division_kind_from_name("某某单位"));
}

static void top_category_positions(void **state)
{
	(void)state;
	assert_int_equal(top_category_index("criminal"), 0);
	assert_int_equal(top_category_index("public_order"), 1);
	assert_int_equal(top_category_index("other"), (int)top_categories.n - 1);
	assert_int_equal(top_category_index("criminal.theft"), -1);
	assert_int_equal(top_category_index(""), -1);
	assert_int_equal(top_category_index(NULL), -1);
}

static void values_by_type(void **state)
{
	(void)state;
	struct record *r = record_new(&personnel_type);
	struct err e;
	err_clear(&e);
	assert_int_equal(record_set_by_name(r, "position", "社区民警", 480, &e), 0);
	assert_string_equal(record_get(r, "position"), "community_officer");
	assert_int_equal(record_set_by_name(r, "position", "Community officer", 480, &e), 0);
	assert_string_equal(record_get(r, "position"), "community_officer");
	assert_int_equal(record_set_by_name(r, "position", "警长", 480, &e), -1);
	assert_string_equal(e.code, "field.unknown_code");
	assert_string_equal(e.field, "position");
	assert_null(record_get(r, "position"));
	/* empty and blank (with an ideographic space) mean "not given" */
	assert_int_equal(record_set_by_name(r, "hired_on", " \xe3\x80\x80 ", 480, &e), 0);
	assert_null(record_get(r, "hired_on"));
	assert_int_equal(record_set_by_name(r, "hired_on", "2024/2/29", 480, &e), 0);
	assert_string_equal(record_get(r, "hired_on"), "2024-02-29");
	assert_int_equal(record_set_by_name(r, "hired_on", "2023-02-29", 480, &e), -1);
	assert_int_equal(record_set_by_name(r, "name", "  张三  ", 480, &e), 0);
	assert_string_equal(record_get(r, "name"), "张三");
	char longname[200];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	assert_int_equal(record_set_by_name(r, "name", longname, 480, &e), -1);
	assert_string_equal(e.code, "field.too_long");
	assert_int_equal(record_set_by_name(r, "name", "\xff\xfe", 480, &e), -1);
	assert_int_equal(record_set_by_name(r, "nosuch", "x", 480, &e), -1);
	record_free(r);

	r = record_new(&station_type);
	assert_int_equal(record_set_by_name(r, "divisions", " 152921110000；152921112000、152921113000 ;", 480, &e), 0);
	assert_string_equal(record_get(r, "divisions"), "152921110000;152921112000;152921113000");
	record_free(r);
}

static int count_cb(void *ctx, const struct record *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static void save_load_void_list(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct err e;
	err_clear(&e);
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "吉兰泰镇", "parent_code", "152921000000");
	/* a town must lie under a county; a division needs a known parent */
	assert_put_refused(db, &division_type, "division.parent_kind", "code", "152921110001", "name", "X镇", "parent_code", "152921110000");
	assert_put_refused(db, &division_type, "field.unknown_ref", "code", "152921110001", "name", "X社区", "parent_code", "152921999000");
	assert_put_refused(db, &division_type, "division.code", "code", "15292111", "name", "X镇", "parent_code", "152921000000");
	assert_put_refused(db, &division_type, "division.kind_unknown", "code", "152921110009", "name", "某某单位", "parent_code", "152921110000");

	assert_put_ok(db, &station_type, "code", "S01", "name", "巴彦浩特派出所", "model", "standard", "divisions", "152921110000");
	/* update by key: the jurisdiction list is replaced */
	assert_put_ok(db, &station_type, "code", "S01", "name", "巴彦浩特派出所", "model", "一警多能", "divisions", "152921110000;152921112000");
	int64_t n;
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM stations", &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM station_divisions", &n, &e), 0);
	assert_int_equal(n, 2);

	struct record *r = record_new(&station_type);
	assert_int_equal(record_set_by_name(r, "code", "S01", 480, &e), 0);
	int64_t id = 0;
	assert_int_equal(record_find_id(db, r, &id, &e), 0);
	assert_true(id > 0);
	assert_int_equal(record_load(db, r, id, NULL, &e), 0);
	assert_string_equal(record_get(r, "model"), "multi_skill");
	assert_string_equal(record_get(r, "divisions"), "152921110000;152921112000");
	assert_int_equal(record_load(db, r, id + 100, NULL, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);

	int count = 0;
	struct record_filter f = { "kind", "town" };
	struct record_query q = { .filters = &f, .nfilters = 1 };
	int64_t total = 0;
	assert_int_equal(record_list(db, &division_type, &q, count_cb, &count, &total, &e), 0);
	assert_int_equal(count, 2);
	assert_int_equal(total, 2);
	q.limit = 1;
	q.offset = 1;
	count = 0;
	assert_int_equal(record_list(db, &division_type, &q, count_cb, &count, &total, &e), 0);
	assert_int_equal(count, 1);
	assert_int_equal(total, 2);
	struct record_filter bad = { "nosuch", "x" };
	struct record_query qb = { .filters = &bad, .nfilters = 1 };
	assert_int_equal(record_list(db, &division_type, &qb, count_cb, &count, NULL, &e), -1);
	assert_string_equal(e.code, "filter.unknown");

	/* void: needs a reason, hides the record from lists and references */
	assert_int_equal(record_void(db, &station_type, id, "", 1700000001, &e), -1);
	assert_int_equal(record_void(db, &station_type, id, "撤并", 1700000001, &e), 0);
	assert_int_equal(record_void(db, &station_type, id, "撤并", 1700000002, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);
	count = 0;
	assert_int_equal(record_list(db, &station_type, NULL, count_cb, &count, NULL, &e), 0);
	assert_int_equal(count, 0);
	assert_int_equal(record_load(db, r, id, NULL, &e), 0);
	assert_true(r->voided_at > 0);
	assert_string_equal(r->void_reason, "撤并");
	assert_put_refused(db, &personnel_type, "field.unknown_ref", "badge_no", "1", "name", "甲", "type", "police",
			   "position", "other", "party", "none", "station", "S01");
	record_free(r);
	db_close(db);
}

/* A list's WHERE clause and its binds are written together: every kind of condition at once. */
static void list_conditions_bind_in_order(void **state)
{
	(void)state;
	struct db *db = test_db();
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "吉兰泰镇", "parent_code", "152921000000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &station_type, "code", "S02", "name", "二所", "model", "standard", "divisions", "152921112000");
	const char *const people[][4] = {
		{ "P1", "张三", "S01", "2020-01-01" }, { "P2", "张四", "S01", "2021-06-01" },
		{ "P3", "张五", "S02", "2021-06-01" }, { "P4", "李四", "S01", "2021-07-01" },
		{ "P5", "张六", "S01", "2023-01-01" },
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
		assert_put_ok(db, &personnel_type, "badge_no", people[i][0], "name", people[i][1], "type", "police",
			      "position", "other", "party", "none", "station", people[i][2], "hired_on", people[i][3]);
	struct record_filter f = { "type", "police" };
	struct record_query q = { .filters = &f, .nfilters = 1, .from = "2021-01-01", .to = "2022-12-31",
				  .scope = &(struct scope){ SCOPE_UNIT, "S01" }, .search = "张", .extra_text_sql = "badge_no <> ?", .extra_text = "P9",
				  .extra_int_sql = "id > ?", .extra_int = 0 };
	int count = 0;
	int64_t total = 0;
	struct err e;
	err_clear(&e);
	assert_int_equal(record_list(db, &personnel_type, &q, count_cb, &count, &total, &e), 0);
	assert_int_equal(total, 1); /* P2 only */
	assert_int_equal(count, 1);

	/* a condition whose values do not match its placeholders is refused, not bound out of order */
	struct sql_where w;
	sql_where_init(&w);
	sql_where_and(&w, "a = ? AND b = ?", 1, &(struct sql_bind){ .text = "x" });
	assert_true(w.failed);
	sql_where_free(&w);
	db_close(db);
}

static void personnel_rules(void **state)
{
	(void)state;
	struct db *db = test_db();
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &station_type, "code", "S01", "name", "所", "model", "standard", "divisions", "152921000000");
	assert_put_refused(db, &personnel_type, "personnel.auxiliary_position", "badge_no", "F1", "name", "甲",
			   "type", "辅警", "position", "所长", "party", "群众", "station", "S01");
	assert_put_refused(db, &personnel_type, "personnel.police_position", "badge_no", "P1", "name", "乙",
			   "type", "民警", "position", "辅警", "party", "群众", "station", "S01");
	assert_put_refused(db, &personnel_type, "field.required", "badge_no", "P1", "name", "乙");
	db_close(db);
}

/*
 * A reference looked up while another connection holds the database is
 * "unavailable" (try again: 503), not bad input quoting SQLite (400).
 */
static void reference_check_busy(void **state)
{
	(void)state;
	char path[] = "/tmp/fq-busy-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct err e;
	err_clear(&e);
	struct db *db = db_open(path, &e);
	assert_non_null(db);
	assert_int_equal(db_migrate(db, NULL, &e), 0);
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &station_type, "code", "S01", "name", "所", "model", "standard", "divisions", "152921000000");
	/* a rollback journal, where a writer's exclusive lock keeps readers out; a short wait */
	assert_int_equal(db_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA busy_timeout=20", &e), 0);
	sqlite3 *other = NULL;
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);

	struct record *r = record_new(&personnel_type);
	const char *kv[] = { "badge_no", "P1", "name", "甲", "type", "police", "position", "other",
			     "party", "none", "station", "S01", NULL };
	for (int i = 0; kv[i]; i += 2)
		assert_int_equal(record_set_by_name(r, kv[i], kv[i + 1], 480, &e), 0);
	struct err first;
	err_clear(&first);
	struct problem_sink sink = { test_first_problem, &first };
	assert_int_equal(record_check(db, r, &sink), 1);
	assert_int_equal(first.kind, ERR_UNAVAILABLE);
	assert_string_equal(err_kind_name(first.kind), "unavailable");
	assert_string_equal(first.code, "db.busy");
	assert_non_null(strstr(first.message, "数据库繁忙"));
	assert_null(strstr(first.message, "locked"));

	/* the lock gone, the same record checks out */
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	err_clear(&first);
	assert_int_equal(record_check(db, r, &sink), 0);
	record_free(r);
	db_close(db);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kind_from_name),
		cmocka_unit_test(top_category_positions),
		cmocka_unit_test(values_by_type),
		cmocka_unit_test(save_load_void_list),
		cmocka_unit_test(personnel_rules),
		cmocka_unit_test(list_conditions_bind_in_order),
		cmocka_unit_test(reference_check_busy),
	};
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
