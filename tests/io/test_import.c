/* CSV import of described records: headers, problems, all or nothing, update by key. */
#include "testlib.h"
#include "base/text.h"
#include "io/import.h"
#include "io/xlsx.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/rollup.h"

#include <stdio.h>
#include <stdlib.h>

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
	assert_int_equal(s.n, 3); /* type, position, party missing (unit or station: each row, see personnel.c) */
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

static struct db *incident_db(void)
{
	struct db *db = test_db();
	test_two_stations(db); /* S01 and S02 */
	return db;
}


/* Every stored incident as one line of text, in key order. */
static char *table_text(struct db *db)
{
	struct err e;
	struct buf b;
	buf_init(&b);
	struct db_stmt *st = db_prepare(db, "SELECT incident_no, received_at, station, category, top_category,"
					    " IFNULL(division, '-'), major FROM incidents ORDER BY incident_no", &e);
	while (db_step(st, &e) == 1)
		buf_printf(&b, "%s %lld %s %s %s %s %lld\n", db_col_text(st, 0), (long long)db_col_int(st, 1),
			   db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
			   (long long)db_col_int(st, 6));
	db_done(st);
	return b.p ? b.p : strdup("");
}

/*
 * Incidents go in RECORD_CHUNK rows a statement.  Property: whatever mix of
 * new keys, stored keys and keys repeated within one chunk a file holds,
 * the import ends as saving its rows one by one would (the later row wins),
 * counts inserted and updated rows the same way, and keeps the rollups
 * equal to a recount.
 */
static void chunked_import_equals_rows_one_by_one(void **state)
{
	(void)state;
	struct db *chunked = incident_db(), *one_by_one = incident_db();
	static const char *const cats[] = { "criminal.theft", "盗窃", "fire", "public_order.assault", "other" };
	char seen[400] = { 0 }; /* keys stored so far */
	for (int file = 0; file < 12; file++) {
		/* sizes around the chunk: less than one, exactly one, several and a remainder */
		static const int sizes[] = { 5, RECORD_CHUNK, RECORD_CHUNK + 1, 3 * RECORD_CHUNK + 7 };
		int rows = sizes[file % 4];
		int span = file < 4 ? 400 : 60 + test_below(300); /* small key spaces repeat keys */
		struct buf csv;
		buf_init(&csv);
		buf_puts(&csv, "incident_no,received_at,station,category,division,major\n");
		long want_inserted = 0;
		for (int i = 0; i < rows; i++) {
			int key = test_below(span);
			char no[16], at[32];
			snprintf(no, sizeof no, "K%03d", key);
			snprintf(at, sizeof at, "2023-%02d-%02d %02d:%02d", 1 + test_below(12), 1 + test_below(28), test_below(24), test_below(60));
			const char *cat = cats[test_below(5)], *station = test_below(2) ? "S01" : "S02";
			/* a place in the station's own town: jurisdictions do not overlap */
			const char *division = test_below(3) ? "" : station[2] == '1' ? "152921110000" : "152921112000";
			const char *major = test_below(2) ? "0" : "1";
			buf_printf(&csv, "%s,%s,%s,%s,%s,%s\n", no, at, station, cat, division, major);
			if (!seen[key]) {
				seen[key] = 1;
				want_inserted++;
			}
			const char *kv[] = { "incident_no", no, "received_at", at, "station", station, "category", cat,
					     "division", division, "major", major, NULL };
			struct err pe;
			if (test_put_v(one_by_one, &incident_type, &pe, kv))
				fail_msg("one by one: %s", pe.message);
		}
		struct seen s;
		struct import_result res;
		assert_int_equal(run(chunked, &incident_type, csv.p, false, &s, &res), 0);
		assert_int_equal(s.n, 0);
		assert_int_equal(res.inserted, want_inserted);
		assert_int_equal(res.updated, rows - want_inserted);
		buf_free(&csv);

		char *a = table_text(chunked), *b = table_text(one_by_one);
		assert_string_equal(a, b);
		free(a);
		free(b);
		struct err e;
		int64_t differences = -1;
		assert_int_equal(rollup_check(chunked, &differences, &e), 0);
		assert_int_equal(differences, 0);
	}
	assert_int_equal(count(chunked, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
	db_close(chunked);
	db_close(one_by_one);
}

/* N incidents in random time order as CSV; the last row names an unknown
 * station when `bad`. */
static char *random_order_csv(int n, bool bad)
{
	struct buf csv;
	buf_init(&csv);
	buf_puts(&csv, "incident_no,received_at,station,category,division,major\n");
	for (int i = 0; i < n; i++)
		buf_printf(&csv, "R%06d,2023-%02d-%02d %02d:%02d,%s,criminal.theft,,0\n", i, 1 + test_below(12),
			   1 + test_below(28), test_below(24), test_below(60),
			   bad && i == n - 1 ? "S99" : test_below(2) ? "S01" : "S02");
	return csv.p;
}

/*
 * A load that at least doubles a table drops the table's plain indexes after
 * its first chunks and builds them again by one sort before it commits
 * (SQLite): rows in random order no longer cost an index a cache miss each.
 * The sorted build leaves the index's pages full, which inserting row by
 * row in random order never does; a refused load keeps them all, and the
 * indexes answer as a scan does.
 */
static void large_load_builds_plain_indexes_by_one_sort(void **state)
{
	(void)state;
	struct db *db = incident_db();
	const char *indexes = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'incidents'";
	int64_t before = count(db, indexes);
	assert_true(before >= 3); /* the key's, (station, day), and the warning windows' */
	struct seen s;
	struct import_result res;
	char *csv = random_order_csv(12000, true);
	assert_int_equal(run(db, &incident_type, csv, false, &s, &res), -1);
	free(csv);
	assert_int_equal(s.n, 1);
	assert_int_equal(count(db, indexes), before);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM incidents"), 0);

	csv = random_order_csv(12000, false);
	assert_int_equal(run(db, &incident_type, csv, false, &s, &res), 0);
	free(csv);
	assert_int_equal(res.inserted, 12000);
	assert_int_equal(count(db, indexes), before);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
	/* pages at least 97 % full: built by a sort (row by row in random order: about 70-90 %) */
	assert_true(count(db, "SELECT 100 * SUM(pgsize - unused) / SUM(pgsize) FROM dbstat"
			      " WHERE name = 'incidents_station_day' AND pagetype = 'leaf'") >= 97);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM incidents INDEXED BY incidents_station_day"
				   " WHERE station = 'S01' AND received_day BETWEEN 19400 AND 19500"),
			 count(db, "SELECT COUNT(*) FROM incidents NOT INDEXED"
				   " WHERE station = 'S01' AND received_day BETWEEN 19400 AND 19500"));
	struct err e;
	int64_t differences = -1;
	assert_int_equal(rollup_check(db, &differences, &e), 0);
	assert_int_equal(differences, 0);

	/* a load smaller than the table: the indexes stay and take its rows as they come */
	csv = random_order_csv(3000, false);
	assert_int_equal(run(db, &incident_type, csv, false, &s, &res), 0);
	free(csv);
	assert_int_equal(res.updated, 3000);
	assert_int_equal(count(db, indexes), before);
	db_close(db);
}

/* A chunk the store refuses as a whole is saved row by row, so the problem
 * names the row at fault, and nothing of the file stays. */
static void refused_chunk_names_its_row(void **state)
{
	(void)state;
	struct db *db = incident_db();
	struct err e;
	assert_int_equal(db_exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON incidents WHEN NEW.incident_no = 'R40'"
				     " BEGIN SELECT RAISE(ABORT, 'refused by a rule of the store'); END", &e), 0);
	struct buf csv;
	buf_init(&csv);
	buf_puts(&csv, "incident_no,received_at,station,category\n");
	for (int i = 0; i < 2 * RECORD_CHUNK; i++)
		buf_printf(&csv, "R%02d,%s,S01,fire\n", i, i == 41 ? "2023-02-30 10:00" : "2023-05-01 10:00");
	struct seen s;
	struct import_result res;
	assert_int_equal(run(db, &incident_type, csv.p, false, &s, &res), -1);
	buf_free(&csv);
	/* R40 (line 42) refused by the store, R41 (line 43) a bad date: both named,
	 * the store's refusal after the later line's problem (it waited in its chunk) */
	assert_int_equal(s.n, 2);
	int refused = s.line[0] == 42 ? 0 : 1;
	assert_int_equal(s.line[refused], 42);
	assert_non_null(strstr(s.message[refused], "refused by a rule of the store"));
	assert_int_equal(s.line[1 - refused], 43);
	assert_string_equal(s.column[1 - refused], "received_at");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM incidents"), 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM incident_day"), 0);
	db_close(db);
}

/* Station codes are letters, digits, '_' and '-': every code fits the rollup keys. */
static void station_codes_are_ascii(void **state)
{
	(void)state;
	struct db *db = incident_db();
	struct seen s;
	struct import_result res;
	assert_int_equal(run(db, &station_type, "code,name,model,divisions\n巴彦浩特派出所第一警务室甲,一所,standard,152921110000\n",
			     false, &s, &res),
			 -1);
	/* and, every problem at once, S01's town it lists */
	assert_int_equal(s.n, 2);
	assert_string_equal(s.column[0], "code");
	assert_string_equal(s.column[1], "divisions");
	assert_put_ok(db, &division_type, "code", "152921113000", "name", "新镇", "parent_code", "152921000000");
	assert_int_equal(run(db, &station_type, "code,name,model,divisions\nS-03_a,三所,standard,152921113000\n", false, &s, &res), 0);
	db_close(db);
}

/* strdup of this text fails, as if memory ran out there (strdup is interposed below); NULL: never */
static const char *strdup_fails_on;

char *strdup(const char *s)
{
	if (strdup_fails_on && !strcmp(s, strdup_fails_on))
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	return p ? memcpy(p, s, n) : NULL;
}

/*
 * Memory running out while a row is checked (the copy of a station's
 * jurisdiction list the reference check walks) or while the header is read
 * must not let the import skip the row silently: it counts as a problem and
 * the file is refused.
 */
static void out_of_memory_is_a_problem(void **state)
{
	(void)state;
	struct db *db = incident_db();
	struct seen s;
	struct import_result res;
	assert_put_ok(db, &division_type, "code", "152921113000", "name", "新镇", "parent_code", "152921000000");
	strdup_fails_on = "152921000000;152921110000";
	int rc = run(db, &station_type, "code,name,model,divisions\nS08,八所,standard,152921113000\n"
				       "S09,九所,standard,152921000000;152921110000\n",
		     false, &s, &res);
	strdup_fails_on = NULL;
	assert_int_equal(rc, -1);
	assert_int_equal(res.problems, 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.line[0], 3);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM stations WHERE code IN ('S08', 'S09')"), 0);

	strdup_fails_on = "model";
	rc = run(db, &station_type, "code,name,model,divisions\nS08,八所,standard,152921113000\n", true, &s, &res);
	strdup_fails_on = NULL;
	assert_int_equal(rc, -1);
	assert_true(res.problems >= 1);
	assert_int_equal(res.inserted, 0);
	db_close(db);
}

/* A workbook from the XLSX writer: a header and two towns, the second after an
 * empty row 3 and without its trailing (empty) cell. */
static char *division_book(const char *name, size_t *len)
{
	struct xlsx *x = xlsx_new();
	xlsx_header(x);
	static const char *const cells[] = { "编码",	     "名称",	       "上级编码",	   "类型",
					     "152921110000", "巴彦浩特镇", "152921000000", "town",
					     "152921100000", NULL,	       "152921000000" };
	for (int i = 0; i < 11; i++) {
		if (i == 4 || i == 8)
			xlsx_row(x);
		if (i == 8)
			xlsx_row(x);
		xlsx_text(x, cells[i] ? cells[i] : name);
	}
	char *book = NULL;
	struct err e;
	FILE *f = open_memstream(&book, len);
	assert_int_equal(xlsx_write(x, "区划", f, &e), 0);
	fclose(f);
	xlsx_free(x);
	return book;
}

/* import_buffer tells CSV from XLSX by content; a workbook from the XLSX writer reads back. */
static void buffer_csv_or_xlsx(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct seen s = { 0 };
	struct import_report rep = { .problem = on_problem, .ctx = &s };
	struct import_result res;
	struct err e;
	err_clear(&e);
	const char *csv = "code,name,parent_code\n152921000000,阿拉善左旗,\n";
	assert_int_equal(import_buffer(db, &division_type, csv, strlen(csv), NULL, false, &rep, &res, &e), 0);
	assert_false(res.xlsx);
	assert_int_equal(res.inserted, 1);
	assert_int_equal(import_buffer(db, &division_type, csv, strlen(csv), "Sheet1", false, &rep, &res, &e), -1);
	assert_string_equal(e.code, "import.sheet_csv");
	assert_int_equal(import_buffer(db, &division_type, "", 0, NULL, false, &rep, &res, &e), -1);
	assert_string_equal(e.code, "import.empty");

	/* a bad code named by its sheet row and column */
	size_t len;
	char *book = division_book("=HYPERLINK(\"x\")", &len);
	assert_int_equal(import_buffer(db, &division_type, book, len, NULL, false, &rep, &res, &e), -1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.line[0], 4);
	assert_string_equal(s.column[0], "类型");
	assert_string_equal(e.code, "import.rejected");
	free(book);

	book = division_book("=HYPERLINK(\"x\")镇", &len);
	memset(&s, 0, sizeof s);
	assert_int_equal(import_buffer(db, &division_type, book, len, "区划", false, &rep, &res, &e), 0);
	assert_true(res.xlsx);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.inserted, 2);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions WHERE name = '=HYPERLINK(\"x\")镇'"), 1);
	assert_int_equal(import_buffer(db, &division_type, book, len, "无此表", false, &rep, &res, &e), -1);
	assert_string_equal(e.code, "xlsx.no_sheet");
	free(book);
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
		cmocka_unit_test(chunked_import_equals_rows_one_by_one),
		cmocka_unit_test(refused_chunk_names_its_row),
		cmocka_unit_test(large_load_builds_plain_indexes_by_one_sort),
		cmocka_unit_test(station_codes_are_ascii),
		cmocka_unit_test(out_of_memory_is_a_problem),
		cmocka_unit_test(buffer_csv_or_xlsx),
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
