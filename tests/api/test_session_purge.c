/*
 * Expired sessions are deleted while the server runs: at most every
 * SESSION_PURGE_SECONDS, one request (any, a login or not) deletes them.
 * A password set through /users ends that user's sessions, but for the
 * caller's own when it sets its own.  A purge never waits for another
 * writer: busy, it is left to the next request.
 */
#include "apitest.h"

#include "model/access.h"

#include <time.h>

#define T0 1700000000

static int64_t stale_rows(struct apitest *t)
{
	struct db *db = db_pool_get(t->api.pool);
	int64_t n = -1;
	struct err e;
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM sessions WHERE token_hash LIKE 'stale%'", &n, &e), 0);
	db_pool_put(t->api.pool, db);
	return n;
}

/* A session last used long before `now`: idle beyond its limit. */
static void add_stale(struct apitest *t, const char *name, int64_t now)
{
	struct db *db = db_pool_get(t->api.pool);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen)"
		 " SELECT '%s', id, 'x', %lld, %lld FROM users WHERE username = 'root'",
		 name, (long long)(now - SESSION_IDLE_SECONDS - 10), (long long)(now - SESSION_IDLE_SECONDS - 10));
	struct err e;
	if (db_exec(db, sql, &e))
		fail_msg("%s", e.message);
	db_pool_put(t->api.pool, db);
}

static void healthz_at(struct apitest *t, int64_t now)
{
	t->api.now = now;
	struct apitest_res r = apitest_call(t, NULL, "GET", "/healthz", NULL);
	assert_status(r, 200);
	apitest_res_free(&r);
}

static void expired_sessions_are_purged_now_and_then(void **state)
{
	(void)state;
	struct apitest t;
	apitest_open(&t);
	apitest_user(&t, "root", "admin", NULL, "keeper-pass-1");
	add_stale(&t, "stale1", T0);
	healthz_at(&t, T0); /* the first request of a server purges */
	assert_int_equal(stale_rows(&t), 0);
	add_stale(&t, "stale2", T0 + 60);
	healthz_at(&t, T0 + 60); /* too soon: left for later */
	assert_int_equal(stale_rows(&t), 1);
	healthz_at(&t, T0 + SESSION_PURGE_SECONDS);
	assert_int_equal(stale_rows(&t), 0);
	/* a live session stays */
	struct apitest_who root;
	t.api.now = T0 + 2 * SESSION_PURGE_SECONDS;
	apitest_login(&t, "root", "keeper-pass-1", &root);
	healthz_at(&t, T0 + 3 * SESSION_PURGE_SECONDS);
	struct apitest_res r = apitest_call(&t, &root, "GET", "/api/v1/session", NULL);
	assert_status(r, 200);
	apitest_res_free(&r);
	apitest_close(&t);
}

/* A purge never waits behind another writer (an import): the request it rides on may be a read. */
static void a_purge_does_not_wait_for_a_writer(void **state)
{
	(void)state;
	struct apitest t;
	apitest_open(&t);
	apitest_user(&t, "root", "admin", NULL, "keeper-pass-1");
	add_stale(&t, "stale1", T0);
	struct err e;
	struct db *writer = db_open(t.path, &e);
	assert_non_null(writer);
	assert_int_equal(db_begin(writer, &e), 0); /* holds the write lock, as an import does */
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	healthz_at(&t, T0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double took = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	if (took > 1.0)
		fail_msg("the request waited %.1f s for the purge", took);
	assert_int_equal(stale_rows(&t), 1);
	db_rollback(writer);
	db_close(writer);
	healthz_at(&t, T0 + 1); /* skipped while busy: the next request purges */
	assert_int_equal(stale_rows(&t), 0);
	apitest_close(&t);
}

/* "/api/v1/users/ID" of user `name`, as `who` finds it. */
static void user_path(struct apitest *t, struct apitest_who *who, const char *name, char *path, size_t n)
{
	char url[80];
	snprintf(url, sizeof url, "/api/v1/users?username=%s", name);
	struct apitest_res r = apitest_call(t, who, "GET", url, NULL);
	assert_status(r, 200);
	json_t *item = json_array_get(json_object_get(r.json, "items"), 0);
	snprintf(path, n, "/api/v1/users/%lld", (long long)json_integer_value(json_object_get(item, "id")));
	apitest_res_free(&r);
}

static void a_password_set_through_users_ends_sessions(void **state)
{
	(void)state;
	struct apitest t;
	apitest_open(&t);
	t.api.now = T0;
	apitest_user(&t, "root", "admin", NULL, "keeper-pass-1");
	apitest_user(&t, "boss", "leader", NULL, "another-pass-2");
	struct apitest_who root, root2, boss;
	apitest_login(&t, "root", "keeper-pass-1", &root);
	apitest_login(&t, "root", "keeper-pass-1", &root2);
	apitest_login(&t, "boss", "another-pass-2", &boss);
	char path[64];
	user_path(&t, &root, "boss", path, sizeof path);
	/* the policy, once, with the username as saved: a PATCH body carries none */
	struct apitest_res r = apitest_call(&t, &root, "PATCH", path, "{\"password\":\"boss-of-the-hill-42\"}");
	assert_error(r, 400, "password.username");
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "POST", "/api/v1/users", "{\"username\":\"clerk\",\"role\":\"leader\",\"password\":\"short-1\"}");
	assert_error(r, 400, "password.too_short");
	apitest_res_free(&r);
	/* an administrator resets another's: all of that user's sessions end */
	r = apitest_call(&t, &root, "PATCH", path, "{\"password\":\"Lantern-hill-42\"}");
	assert_status(r, 200);
	apitest_res_free(&r);
	r = apitest_call(&t, &boss, "GET", "/api/v1/session", NULL);
	assert_error(r, 401, "session.expired");
	apitest_res_free(&r);
	/* its own: this session goes on, its other one ends */
	user_path(&t, &root, "root", path, sizeof path);
	r = apitest_call(&t, &root, "PATCH", path, "{\"password\":\"Harbor-lamp-31\"}");
	assert_status(r, 200);
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "GET", "/api/v1/session", NULL);
	assert_status(r, 200);
	apitest_res_free(&r);
	r = apitest_call(&t, &root2, "GET", "/api/v1/session", NULL);
	assert_error(r, 401, "session.expired");
	apitest_res_free(&r);
	apitest_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expired_sessions_are_purged_now_and_then),
		cmocka_unit_test(a_purge_does_not_wait_for_a_writer),
		cmocka_unit_test(a_password_set_through_users_ends_sessions),
	};
	return cmocka_run_group_tests_name("session purge", tests, NULL, NULL);
}
