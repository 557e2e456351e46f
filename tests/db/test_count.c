/* db_count: a remembered count is the database's current answer, never a stale one. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

static struct db *open_file(void)
{
	struct err e;
	struct db *db = db_open(path, &e);
	if (!db)
		fail_msg("open: %s", e.message);
	return db;
}

static int64_t count(struct db *db, const char *sql, const char *bind)
{
	struct err e;
	struct db_stmt *st = db_prepare(db, sql, &e);
	assert_non_null(st);
	if (bind)
		db_bind_text(st, 1, bind);
	int64_t n = -1;
	assert_int_equal(db_count(db, st, &n, &e), 0);
	return n;
}

static void exec(struct db *db, const char *sql)
{
	struct err e;
	if (db_exec(db, sql, &e))
		fail_msg("%s: %s", sql, e.message);
}

static void counts_follow_every_change(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/fq-test-count-%d.db", (int)getpid());
	struct db *a = open_file(), *b = open_file();
	exec(a, "CREATE TABLE t (x TEXT)");
	const char *all = "SELECT COUNT(*) FROM t", *some = "SELECT COUNT(*) FROM t WHERE x = ?";
	assert_int_equal(count(a, all, NULL), 0);
	exec(a, "INSERT INTO t VALUES ('1'), ('1'), ('2')");
	assert_int_equal(count(a, all, NULL), 3);         /* this connection's change */
	assert_int_equal(count(a, some, "1"), 2);         /* bound values are part of the key */
	assert_int_equal(count(a, some, "2"), 1);
	exec(b, "INSERT INTO t VALUES ('2')");
	assert_int_equal(count(a, all, NULL), 4);         /* another connection's commit */
	assert_int_equal(count(a, some, "2"), 2);
	exec(a, "BEGIN");
	exec(a, "INSERT INTO t VALUES ('2')");
	assert_int_equal(count(a, all, NULL), 5);         /* inside a transaction: counted */
	exec(a, "ROLLBACK");
	assert_int_equal(count(a, all, NULL), 4);         /* and not remembered */
	exec(b, "DELETE FROM t WHERE x = '1'");
	assert_int_equal(count(a, all, NULL), 2);
	assert_int_equal(count(a, some, "1"), 0);

	/* a table dropped and made again on the same connection */
	exec(a, "DROP TABLE t");
	exec(a, "CREATE TABLE t (x TEXT)");
	assert_int_equal(count(a, all, NULL), 0);

	/* unchanged database: the answer is remembered (a random "count" stays put) */
	const char *dice = "SELECT abs(random()) % 1000000000";
	int64_t first = count(a, dice, NULL);
	assert_int_equal(count(a, dice, NULL), first);
	exec(b, "INSERT INTO t VALUES ('3')");
	int64_t again = count(a, dice, NULL);
	assert_int_not_equal(again, first); /* recounted after a change (1 in 10^9 to collide) */
	db_close(a);
	db_close(b);
	unlink(path);
	char side[80];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_follow_every_change),
	};
	return cmocka_run_group_tests_name("count", tests, NULL, NULL);
}
