/*
 * testlib.h — shared helpers for the C unit tests: cmocka, a fresh
 * migrated in-memory database, and putting records by name/value pairs
 * through the same checks an import uses.
 */
#ifndef FQ_TESTLIB_H
#define FQ_TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "db/db.h"
#include "model/record.h"

/* A fixed-seed xorshift: 0 <= test_below(n) < n, the same sequence every run. */
static inline int test_below(int n)
{
	static uint64_t s = 0x1234567887654321ull;
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (int)(s % (uint64_t)n);
}

static inline struct db *test_db(void)
{
	struct err e;
	err_clear(&e);
	struct db *db = db_open(":memory:", &e);
	if (!db)
		fail_msg("open: %s", e.message);
	if (db_migrate(db, NULL, &e))
		fail_msg("migrate: %s", e.message);
	return db;
}

static inline void test_first_problem(void *ctx, const struct err *e)
{
	struct err *first = ctx;
	if (first->kind == ERR_NONE)
		*first = *e;
}

/*
 * Check and save a record given as name/value pairs (NULL-terminated).
 * Returns 0 when saved; else -1 with *out holding the first problem.
 */
static inline int test_put_v(struct db *db, const struct record_type *t, struct err *out, const char *const *kv)
{
	struct record *r = record_new(t);
	struct err e;
	err_clear(&e);
	err_clear(out);
	int rc = 0;
	for (; kv[0]; kv += 2)
		if (record_set_by_name(r, kv[0], kv[1], 480, &e)) {
			*out = e;
			rc = -1;
			goto done;
		}
	struct problem_sink sink = { test_first_problem, out };
	if (record_check(db, r, &sink)) {
		rc = -1;
		goto done;
	}
	if (record_save(db, r, 1700000000, NULL, &e)) {
		*out = e;
		rc = -1;
	}
done:
	record_free(r);
	return rc;
}

#define test_put(db, t, out, ...) test_put_v(db, t, out, (const char *const[]){ __VA_ARGS__, NULL })

/* Assert that a put succeeds, showing the problem when it does not. */
#define assert_put_ok(db, t, ...)                                                             \
	do {                                                                                  \
		struct err e_;                                                                \
		if (test_put(db, t, &e_, __VA_ARGS__))                                        \
			fail_msg("%s:%d: %s: %s (%s)", __FILE__, __LINE__, e_.field, e_.message, e_.code); \
	} while (0)

/*
 * Two stations whose jurisdictions do not overlap (as none may): S01 holds
 * 巴彦浩特镇 152921110000, S02 吉兰泰镇 152921112000, both under the county
 * 152921000000.  Needs model/org.h.
 */
#define test_two_stations(db)                                                                                       \
	do {                                                                                                        \
		assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");                    \
		assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code",      \
			      "152921000000");                                                                      \
		assert_put_ok(db, &division_type, "code", "152921112000", "name", "吉兰泰镇", "parent_code",        \
			      "152921000000");                                                                      \
		assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions",   \
			      "152921110000");                                                                      \
		assert_put_ok(db, &station_type, "code", "S02", "name", "二所", "model", "standard", "divisions",   \
			      "152921112000");                                                                      \
	} while (0)

/* Assert that a put is refused with this error code. */
#define assert_put_refused(db, t, want_code, ...)                                             \
	do {                                                                                  \
		struct err e_;                                                                \
		assert_int_equal(test_put(db, t, &e_, __VA_ARGS__), -1);                      \
		if (strcmp(e_.code, want_code))                                               \
			fail_msg("%s:%d: want %s, got %s: %s", __FILE__, __LINE__, want_code, e_.code, e_.message); \
	} while (0)

#endif
