/* CSV import of described records: headers, problems, all or nothing, update by key. */
#include "testlib.h"
#include "io/import.h"
#include "model/org.h"

#include <stdio.h>

struct seen {
	int n;
	long line[16];
	char column[16][64];
	char message[16][512];
};

static void on_problem(void *ctx, long line, const char *column, const char *message)
{
	struct seen *s = ctx;
	if (s->n < 16) {
		s->line[s->n] = line;
		snprintf(s->column[s->n], sizeof s->column[0], "%s", column);
		snprintf(s->message[s->n], sizeof s->message[0], "%s", message);
	}
	s->n++;
}

static int run(struct db *db, const struct record_type *t, const char *csv, bool dry, struct seen *s,
	       struct import_result *res)
{
	FILE *f = fmemopen((void *)csv, strlen(csv), "rb");
	struct import_report rep = { .problem = on_problem, .ctx = s };
	struct err e;
	err_clear(&e);
	memset(s, 0, sizeof *s);
	int rc = import_csv(db, t, f, dry, &rep, res, &e);
	fclose(f);
	return rc;
}

static int64_t count(struct db *db, const char *sql)
{
	struct err e;
	int64_t n = -1;
	db_query_int(db, sql, &n, &e);
	return n;
}

static void chinese_headers_any_order_and_references_within_file(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct seen s;
	struct import_result res;
	const char *csv = "名称,上级编码,编码,序号\n"
			  "阿拉善左旗,,152921000000,1\n"
			  "巴彦浩特镇,152921000000,152921110000,2\n"
			  "\"和平社区居民委员会\",152921110000,152921110001,3\n";
	assert_int_equal(run(db, &division_type, csv, false, &s, &res), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.inserted, 3);
	assert_int_equal(res.ignored_columns, 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions WHERE kind = 'community'"), 1);
	/* again: every row updates */
	assert_int_equal(run(db, &division_type, csv, false, &s, &res), 0);
	assert_int_equal(res.inserted, 0);
	assert_int_equal(res.updated, 3);
	db_close(db);
}

static void all_or_nothing_with_every_problem(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct seen s;
	struct import_result res;
	const char *csv = "code,name,kind,parent_code\n"
			  "152921000000,阿拉善左旗,county,\n"
			  "152921110000,巴彦浩特镇,city,152921000000\n"  /* bad kind */
			  "152921112000,吉兰泰镇,,\n"                   /* no parent */
			  "152921113000,宗别立镇,town\n"                /* ragged */
			  "152921114000,敖伦布拉格镇,,152921000000\n";
	assert_int_equal(run(db, &division_type, csv, false, &s, &res), -1);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.line[0], 3);
	assert_string_equal(s.column[0], "kind");
	assert_int_equal(s.line[1], 4);
	assert_string_equal(s.column[1], "parent_code");
	assert_int_equal(s.line[2], 5);
	assert_string_equal(s.column[2], "-");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions"), 0);
	db_close(db);
}

static void header_problems(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct seen s;
	struct import_result res;
	assert_int_equal(run(db, &division_type, "code,编码,name\n1,2,3\n", false, &s, &res), -1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.line[0], 1);
	assert_string_equal(s.column[0], "编码");
	assert_int_equal(run(db, &personnel_type, "警号,姓名\n1,甲\n", false, &s, &res), -1);
	assert_int_equal(s.n, 4); /* type, position, party, station missing */
	assert_int_equal(run(db, &division_type, "", false, &s, &res), -1);
	db_close(db);
}

static void dry_run_writes_nothing(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct seen s;
	struct import_result res;
	assert_int_equal(run(db, &division_type, "code,name\n152921000000,阿拉善左旗\n", true, &s, &res), 0);
	assert_int_equal(res.inserted, 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions"), 0);
	db_close(db);
}

static void malformed_csv_is_a_problem_with_a_line(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct seen s;
	struct import_result res;
	assert_int_equal(run(db, &division_type, "code,name\n152921000000,阿拉善左旗\n\"152921110000,x\n", false, &s, &res), -1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.line[0], 3);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions"), 0);
	db_close(db);
}

/* Imports skip SQLite's own foreign-key checks (record_check looks every
 * reference up): a dangling one is still refused, and the checks are on
 * again after a commit, a refusal and a dry run. */
static void references_checked_while_foreign_keys_rest(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct seen s;
	struct import_result res;
	assert_int_equal(count(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(run(db, &division_type, "code,name,parent_code\n152921110000,巴彦浩特镇,152921999999\n", false, &s,
			     &res),
			 -1);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.column[0], "parent_code");
	assert_int_equal(count(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(run(db, &division_type, "code,name\n152921000000,阿拉善左旗\n", true, &s, &res), 0);
	assert_int_equal(count(db, "PRAGMA foreign_keys"), 1);
	const char *csv = "code,name,parent_code\n152921000000,阿拉善左旗,\n152921110000,巴彦浩特镇,152921000000\n";
	assert_int_equal(run(db, &division_type, csv, false, &s, &res), 0);
	assert_int_equal(count(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
	/* and the store enforces them again outside imports */
	struct err e;
	err_clear(&e);
	assert_int_equal(db_exec(db, "UPDATE divisions SET parent_code = '152921999999' WHERE code = '152921110000'", &e), -1);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chinese_headers_any_order_and_references_within_file),
		cmocka_unit_test(all_or_nothing_with_every_problem),
		cmocka_unit_test(header_problems),
		cmocka_unit_test(dry_run_writes_nothing),
		cmocka_unit_test(malformed_csv_is_a_problem_with_a_line),
		cmocka_unit_test(references_checked_while_foreign_keys_rest),
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
