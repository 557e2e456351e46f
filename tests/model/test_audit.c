/*
 * The audit chain under concurrency: entries appended on their own (an
 * export, a reveal, a login) by several connections at once each take
 * their own id, and the chain stays intact.  Before audit_append took the
 * write lock for its read of the last entry, two at once took the same id
 * (a UNIQUE failure answered 409 to the user).
 */
#include "testlib.h"

#include "model/audit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define THREADS 4
#define EACH 150

struct worker {
	const char *path;
	int failures;
	char first_error[600];
};

static void *append_many(void *arg)
{
	struct worker *w = arg;
	struct err e;
	err_clear(&e);
	struct db *db = db_open(w->path, &e);
	if (!db) {
		w->failures = EACH;
		snprintf(w->first_error, sizeof w->first_error, "%s", e.message);
		return NULL;
	}
	for (int i = 0; i < EACH; i++) {
		struct audit_entry a = { .actor = "t", .ip = "127.0.0.1", .action = "export", .kind = "posts",
					 .detail = "{\"rows\":1}" };
		if (audit_append(db, &a, 1700000000 + i, &e) && w->failures++ == 0)
			snprintf(w->first_error, sizeof w->first_error, "%s (%s)", e.message, e.code);
	}
	db_close(db);
	return NULL;
}

static void concurrent_appends_keep_the_chain(void **state)
{
	(void)state;
	char dir[] = "/tmp/fq-audit-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.db", dir);
	struct err e;
	err_clear(&e);
	struct db *db = db_open(path, &e);
	assert_non_null(db);
	assert_int_equal(db_migrate(db, NULL, &e), 0);

	pthread_t th[THREADS];
	struct worker w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .path = path };
		assert_int_equal(pthread_create(&th[i], NULL, append_many, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < THREADS; i++)
		if (w[i].failures)
			fail_msg("thread %d: %d appends failed, first: %s", i, w[i].failures, w[i].first_error);

	int64_t entries = 0, broken = 0;
	if (audit_verify(db, &entries, &broken, &e))
		fail_msg("chain broken at %lld: %s", (long long)broken, e.message);
	assert_int_equal(entries, THREADS * EACH);
	db_close(db);
	char p[96];
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* Inside the caller's transaction the entry is part of it: a rollback takes it away. */
static void append_inside_a_transaction(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct err e;
	err_clear(&e);
	struct audit_entry a = { .actor = "t", .action = "create", .kind = "posts", .record_id = 1 };
	assert_int_equal(db_begin(db, &e), 0);
	assert_true(db_in_transaction(db));
	assert_int_equal(audit_append(db, &a, 1700000000, &e), 0);
	assert_true(db_in_transaction(db)); /* the caller's transaction is still its own */
	db_rollback(db);
	int64_t entries = -1, broken = 0;
	assert_int_equal(audit_verify(db, &entries, &broken, &e), 0);
	assert_int_equal(entries, 0);
	assert_int_equal(audit_append(db, &a, 1700000000, &e), 0);
	assert_false(db_in_transaction(db));
	assert_int_equal(audit_verify(db, &entries, &broken, &e), 0);
	assert_int_equal(entries, 1);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent_appends_keep_the_chain),
		cmocka_unit_test(append_inside_a_transaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
