/*
 * Expired sessions are deleted while the server runs: at most every
 * SESSION_PURGE_SECONDS, one request (any, a login or not) deletes them.
 */
#include "apitest.h"

#include "model/access.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expired_sessions_are_purged_now_and_then),
	};
	return cmocka_run_group_tests_name("session purge", tests, NULL, NULL);
}
