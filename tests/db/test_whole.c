/* Whole-database operations of db.h: tables in dependency order, stored column types, the
 * online backup while another connection writes, and the refusals of backends without them;
 * and db_text_of, which reads one text into a buffer. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void exec(struct db *db, const char *sql)
{
	struct err e;
	if (db_exec(db, sql, &e))
		fail_msg("%s: %s", sql, e.message);
}

static int position(char **names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	fail_msg("table %s not listed", name);
	return -1;
}

/* Children named before their parents in the catalogue (and by name) still come after them. */
static void tables_come_after_their_parents(void **state)
{
	(void)state;
	struct err e;
	struct db *db = db_open(":memory:", &e);
	assert_non_null(db);
	char **names;
	int n;
	assert_int_equal(db_tables(db, &names, &n, &e), 0);
	assert_int_equal(n, 0); /* an empty database has none */
	db_tables_free(names, n);
	exec(db, "CREATE TABLE a_child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES m_parent(id), g INTEGER REFERENCES z_grand(id));"
		 "CREATE TABLE m_parent (id INTEGER PRIMARY KEY, up INTEGER REFERENCES m_parent(id), g INTEGER REFERENCES z_grand(id));"
		 "CREATE TABLE z_grand (id INTEGER PRIMARY KEY);"
		 "CREATE TABLE b_alone (x TEXT)");
	assert_int_equal(db_tables(db, &names, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_true(position(names, n, "z_grand") < position(names, n, "m_parent"));
	assert_true(position(names, n, "m_parent") < position(names, n, "a_child"));
	db_tables_free(names, n);
	db_close(db);
}

/* A row read back names its columns and keeps each value's stored type. */
static void columns_keep_their_types(void **state)
{
	(void)state;
	struct err e;
	struct db *db = db_open(":memory:", &e);
	assert_non_null(db);
	exec(db, "CREATE TABLE t (i INTEGER, d REAL, s TEXT, n TEXT); INSERT INTO t VALUES (7, 0.1, '07', NULL)");
	struct db_stmt *st = db_prepare(db, "SELECT * FROM t", &e);
	assert_non_null(st);
	assert_int_equal(db_step(st, &e), 1);
	assert_string_equal(db_col_name(st, 2), "s");
	assert_int_equal(db_col_type(st, 0), DB_TYPE_INT);
	assert_int_equal(db_col_type(st, 1), DB_TYPE_DOUBLE);
	assert_true(db_col_double(st, 1) == 0.1);
	assert_int_equal(db_col_type(st, 2), DB_TYPE_TEXT);
	assert_int_equal(db_col_type(st, 3), DB_TYPE_NULL);
	db_done(st);
	db_close(db);
}

/* The backup is the committed database as of its moment, taken while another connection
 * holds an open write transaction (not in it); an existing file is never overwritten. */
static void backup_is_one_snapshot(void **state)
{
	(void)state;
	char path[64], copy[80];
	snprintf(path, sizeof path, "/tmp/fq-test-whole-%d.db", (int)getpid());
	snprintf(copy, sizeof copy, "%s.backup", path);
	struct err e;
	struct db *a = db_open(path, &e), *b = db_open(path, &e);
	assert_non_null(a);
	assert_non_null(b);
	exec(a, "CREATE TABLE t (x INTEGER); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
		" INSERT INTO t SELECT i FROM n");
	exec(b, "BEGIN; INSERT INTO t VALUES (-1)"); /* open, not committed: not in the backup */
	assert_int_equal(db_backup(a, copy, &e), 0);
	exec(b, "COMMIT");
	assert_int_equal(db_backup(a, copy, &e), -1); /* exists */
	assert_string_equal(e.code, "backup.create");
	struct db *c = db_open(copy, &e);
	assert_non_null(c);
	int64_t n = 0;
	assert_int_equal(db_query_int(c, "SELECT COUNT(*) FROM t", &n, &e), 0);
	assert_int_equal(n, 20000);
	db_close(c);
	assert_int_equal(access(copy, R_OK), 0);
	db_close(a);
	db_close(b);
	for (const char *suffix = ""; suffix; suffix = !*suffix ? "-wal" : !strcmp(suffix, "-wal") ? "-shm" : NULL) {
		char f[100];
		snprintf(f, sizeof f, "%s%s", path, suffix);
		unlink(f);
		snprintf(f, sizeof f, "%s%s", copy, suffix);
		unlink(f);
	}
}

/* A scratch database is PostgreSQL's way (tests/cli/run on PostgreSQL): SQLite stages a file. */
static void restore_staging_is_postgresql_only(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	char staged[200];
	assert_int_equal(db_restore_stage("sqlite:/tmp/x.db", "backup.db", staged, sizeof staged, &e), -1);
	assert_string_equal(e.code, "restore.unsupported");
}

/* A text longer than the buffer is cut at a character, never inside one; NULL reads as "". */
static void text_of_cuts_at_a_character(void **state)
{
	(void)state;
	struct err e;
	struct db *db = db_open(":memory:", &e);
	assert_non_null(db);
	char out[8];
	/* 阿拉善 is 9 bytes: 7 bytes of room keep 阿拉 (6) */
	assert_int_equal(db_text_of(db, "SELECT ?", "阿拉善", out, sizeof out, &e), 1);
	assert_string_equal(out, "阿拉");
	assert_int_equal(db_text_of(db, "SELECT NULL WHERE ? IS NOT NULL", "x", out, sizeof out, &e), 1);
	assert_string_equal(out, "");
	assert_int_equal(db_text_of(db, "SELECT ? WHERE 0", "x", out, sizeof out, &e), 0);
	assert_string_equal(out, "");
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tables_come_after_their_parents),
		cmocka_unit_test(columns_keep_their_types),
		cmocka_unit_test(backup_is_one_snapshot),
		cmocka_unit_test(restore_staging_is_postgresql_only),
		cmocka_unit_test(text_of_cuts_at_a_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
