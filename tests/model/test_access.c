/* Passwords, sessions (idle and absolute timeouts), throttling, scope. */
#include "testlib.h"
#include "base/text.h"
#include "model/access.h"
#include "model/org.h"

static struct db *setup_db(void)
{
	struct db *db = test_db();
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921000000");
	assert_put_ok(db, &user_type, "username", "chief", "role", "station", "unit", "S01");
	assert_put_ok(db, &user_type, "username", "boss", "role", "leader");
	struct err e;
	err_clear(&e);
	assert_int_equal(user_set_password(db, "chief", "correct-horse-1", 1000, &e), 0);
	assert_int_equal(user_set_password(db, "boss", "another-pass-2", 1000, &e), 0);
	return db;
}

static void password_policy_and_hashing(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(password_acceptable("short", NULL, &e), -1);
	assert_int_equal(password_acceptable("12345678", NULL, &e), -1);
	assert_int_equal(password_acceptable("long-enough-1", NULL, &e), 0);
	char hash[128];
	assert_int_equal(password_hash("long-enough-1", hash, &e), 0);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_true(password_ok(hash, "long-enough-1"));
	assert_false(password_ok(hash, "long-enough-2"));
	assert_false(password_ok("", "x"));
}

static void users_need_a_station_when_confined(void **state)
{
	(void)state;
	struct db *db = setup_db();
	assert_put_refused(db, &user_type, "user.unit_required", "username", "x1", "role", "station");
	assert_put_refused(db, &user_type, "field.unknown_ref", "username", "x2", "role", "station", "unit", "S99");
	assert_put_refused(db, &user_type, "user.username", "username", "bad name", "role", "admin");
	/* a partner's mediator belongs to a partner body, not a station */
	assert_put_ok(db, &partner_type, "code", "SF01", "name", "巴彦浩特司法所", "kind", "judicial_office");
	assert_put_refused(db, &user_type, "user.unit_required", "username", "m1", "role", "mediator");
	assert_put_refused(db, &user_type, "field.unknown_ref", "username", "m2", "role", "mediator", "unit", "S01");
	assert_put_ok(db, &user_type, "username", "m3", "role", "mediator", "unit", "SF01");
	assert_put_refused(db, &user_type, "user.unit_not_grid", "username", "g1", "role", "grid", "unit", "SF01");
	db_close(db);
}

static void sessions_expire(void **state)
{
	(void)state;
	struct db *db = setup_db();
	struct user u;
	char token[65], csrf[65], csrf2[65];
	struct err e;
	err_clear(&e);
	int64_t t0 = 1700000000;
	assert_int_equal(session_login(db, "chief", "correct-horse-1", "10.0.0.1", t0, &u, token, csrf, &e), 0);
	assert_int_equal(u.role, ROLE_STATION);
	struct scope sc = perm_scope(u.role, u.unit);
	assert_string_equal(scope_station(&sc), "S01");
	/* used every 29 minutes, it lives until the absolute limit */
	int64_t t = t0;
	for (int i = 0; i < 24; i++) {
		t += 29 * 60;
		assert_int_equal(session_resolve(db, token, t, &u, csrf2, &e), 0);
		assert_string_equal(csrf, csrf2);
	}
	assert_int_equal(session_resolve(db, token, t0 + SESSION_ABSOLUTE_SECONDS + 1, &u, csrf2, &e), -1);
	assert_int_equal(e.kind, ERR_AUTH);
	/* idle for 31 minutes: gone */
	assert_int_equal(session_login(db, "chief", "correct-horse-1", "10.0.0.1", t0, &u, token, csrf, &e), 0);
	assert_int_equal(session_resolve(db, token, t0 + 31 * 60, &u, csrf2, &e), -1);
	/* and a gone session stays gone */
	assert_int_equal(session_resolve(db, token, t0 + 32 * 60, &u, csrf2, &e), -1);
	/* logout ends it at once */
	assert_int_equal(session_login(db, "boss", "another-pass-2", "10.0.0.1", t0, &u, token, csrf, &e), 0);
	sc = perm_scope(u.role, u.unit);
	assert_string_equal(scope_station(&sc), "");
	assert_int_equal(session_logout(db, token, &e), 0);
	assert_int_equal(session_resolve(db, token, t0 + 1, &u, csrf2, &e), -1);
	assert_int_equal(session_resolve(db, "not-a-token", t0, &u, csrf2, &e), -1);
	db_close(db);
}

static void logins_are_throttled(void **state)
{
	(void)state;
	struct db *db = setup_db();
	struct user u;
	char token[65], csrf[65];
	struct err e;
	int64_t t0 = 1700000000;
	for (int i = 0; i < LOGIN_MAX_FAILURES; i++) {
		assert_int_equal(session_login(db, "chief", "wrong-wrong", "10.0.0.2", t0 + i, &u, token, csrf, &e), -1);
		assert_int_equal(e.kind, ERR_AUTH);
	}
	/* the right password is refused too while locked, from that address */
	assert_int_equal(session_login(db, "chief", "correct-horse-1", "10.0.0.2", t0 + 10, &u, token, csrf, &e), -1);
	assert_int_equal(e.kind, ERR_THROTTLED);
	/* another address is not locked */
	assert_int_equal(session_login(db, "chief", "correct-horse-1", "10.0.0.3", t0 + 10, &u, token, csrf, &e), 0);
	/* 15 minutes later the lock is over */
	assert_int_equal(session_login(db, "chief", "correct-horse-1", "10.0.0.2", t0 + LOGIN_LOCK_SECONDS + 10, &u,
				       token, csrf, &e), 0);
	/* an unknown name answers like a wrong password */
	assert_int_equal(session_login(db, "nobody", "whatever-1", "10.0.0.4", t0, &u, token, csrf, &e), -1);
	assert_string_equal(e.code, "login.failed");
	db_close(db);
}

/* A display name of its 40 characters, some ASCII, is read back whole (it was cut at 63 bytes). */
static void a_long_display_name_is_read_whole(void **state)
{
	(void)state;
	struct db *db = setup_db();
	const char *name = "阿拉善左旗公安局巴彦浩特派出所 Community 警务室民警乌兰";
	assert_true(utf8_chars(name) <= 40 && strlen(name) > 64);
	assert_put_ok(db, &user_type, "username", "long1", "role", "leader", "display_name", name);
	struct user u;
	char hash[256];
	struct err e;
	assert_int_equal(user_find(db, "long1", &u, hash, sizeof hash, &e), 0);
	assert_string_equal(u.display_name, name);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(password_policy_and_hashing),
		cmocka_unit_test(users_need_a_station_when_confined),
		cmocka_unit_test(sessions_expire),
		cmocka_unit_test(logins_are_throttled),
		cmocka_unit_test(a_long_display_name_is_read_whole),
	};
	return cmocka_run_group_tests_name("access", tests, NULL, NULL);
}
