/* The password policy; what ends sessions (a new password, disabling, voiding, age); the last administrator. */
#include "testlib.h"
#include "base/embed.h"
#include "model/access.h"
#include "model/org.h"

#include <stdio.h>

#define T0 1700000000

static struct db *setup_db(void)
{
	struct db *db = test_db();
	assert_put_ok(db, &user_type, "username", "root", "role", "admin");
	assert_put_ok(db, &user_type, "username", "boss", "role", "leader");
	struct err e;
	err_clear(&e);
	assert_int_equal(user_set_password(db, "root", "keeper-pass-1", T0, &e), 0);
	assert_int_equal(user_set_password(db, "boss", "another-pass-2", T0, &e), 0);
	return db;
}

static int64_t sessions_of(struct db *db, const char *username)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = '%s'",
		 username);
	int64_t n = -1;
	struct err e;
	assert_int_equal(db_query_int(db, sql, &n, &e), 0);
	return n;
}

static void login(struct db *db, const char *name, const char *password, int64_t at, char token[65])
{
	struct user u;
	char csrf[65];
	struct err e;
	err_clear(&e);
	if (session_login(db, name, password, "10.0.0.1", at, &u, token, csrf, &e))
		fail_msg("login %s: %s", name, e.message);
}

static bool resolves(struct db *db, const char *token, int64_t at)
{
	struct user u;
	char csrf[65];
	struct err e;
	return session_resolve(db, token, at, &u, csrf, &e) == 0;
}

static void policy_refuses_weak_passwords(void **state)
{
	(void)state;
	static const struct {
		const char *password, *username, *code;
	} cases[] = {
		{ "short-1", NULL, "password.too_short" },
		{ "Abc-12345", NULL, "password.too_short" },    /* 9 characters */
		{ "12345678901234567890", NULL, "password.digits_only" },
		{ "abcdefghijklmno", NULL, "password.one_class" }, /* 15 letters */
		{ "password2024!", NULL, "password.common" },
		{ "PassWord123", NULL, "password.common" },     /* any case */
		{ "P@ssw0rd!!", NULL, "password.common" },
		{ "woaini1314", NULL, "password.common" },
		{ "Qwertyuiop1", NULL, "password.common" },
		{ "1qaz2wsx3edc", NULL, "password.common" },
		{ "Zhangwei1985", NULL, "password.common" },
		{ "a1b2c3d4e5", NULL, "password.common" },
		{ "admin-pass-1", "admin", "password.username" },
		{ "nimda-pass-1", "admin", "password.username" },  /* reversed */
		{ "chief01-2024", "chief01", "password.username" },
		{ "Liwei-station-7", "liwei-station-7x", "password.username" }, /* within the name */
		{ "x", NULL, "password.too_short" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e;
		err_clear(&e);
		if (password_acceptable(cases[i].password, cases[i].username, &e) != -1 || strcmp(e.code, cases[i].code))
			fail_msg("%s: want %s, got %s", cases[i].password, cases[i].code, e.code);
	}
	static const char *const fine[] = { "keeper-pass-1", "Harbor-lamp-31", "quiet river under old bridge",
					    "长城脚下的小河流水潺潺", "chief-pass-01", "Bayan-chief-pw" };
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		struct err e;
		err_clear(&e);
		if (password_acceptable(fine[i], "chief01", &e))
			fail_msg("%s refused: %s", fine[i], e.message);
	}
}

/* The list is searched by halves: it must be sorted, lower case, one a line, and thousands long. */
static void common_list_is_sorted(void **state)
{
	(void)state;
	const struct embedded_file *f = embed_find("data/common-passwords.txt");
	assert_non_null(f);
	const char *prev = NULL, *p = (const char *)f->data, *end = p + f->len;
	size_t prevlen = 0, lines = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		for (size_t i = 0; i < n; i++)
			assert_false(p[i] >= 'A' && p[i] <= 'Z');
		if (prev) {
			int c = memcmp(prev, p, prevlen < n ? prevlen : n);
			if (!(c < 0 || (c == 0 && prevlen < n)))
				fail_msg("not sorted at %.*s", (int)n, p);
		}
		prev = p;
		prevlen = n;
		lines++;
		p += n + 1;
	}
	assert_true(lines > 3000);
}

static void a_new_password_ends_other_sessions(void **state)
{
	(void)state;
	struct db *db = setup_db();
	char a[65], b[65], c[65];
	struct err e;
	err_clear(&e);
	login(db, "boss", "another-pass-2", T0, a);
	login(db, "boss", "another-pass-2", T0, b);
	login(db, "root", "keeper-pass-1", T0, c);
	/* changing one's own: this session stays, the other ends; nobody else's */
	assert_int_equal(user_change_password(db, "boss", "Harbor-lamp-31", T0 + 5, a, &e), 0);
	assert_true(resolves(db, a, T0 + 10));
	assert_false(resolves(db, b, T0 + 10));
	assert_true(resolves(db, c, T0 + 10));
	/* an administrator's reset ends them all */
	assert_int_equal(user_set_password(db, "boss", "Lantern-hill-42", T0 + 20, &e), 0);
	assert_false(resolves(db, a, T0 + 30));
	assert_int_equal(sessions_of(db, "boss"), 0);
	/* a refused password changes nothing and ends nothing */
	login(db, "boss", "Lantern-hill-42", T0 + 40, a);
	assert_int_equal(user_change_password(db, "boss", "password123", T0 + 50, NULL, &e), -1);
	assert_string_equal(e.code, "password.common");
	assert_true(resolves(db, a, T0 + 60));
	db_close(db);
}

static void disabling_or_voiding_ends_sessions(void **state)
{
	(void)state;
	struct db *db = setup_db();
	char a[65];
	struct err e;
	err_clear(&e);
	login(db, "boss", "another-pass-2", T0, a);
	assert_put_ok(db, &user_type, "username", "boss", "role", "leader", "disabled", "1");
	assert_int_equal(sessions_of(db, "boss"), 0);
	assert_put_ok(db, &user_type, "username", "boss", "role", "leader", "disabled", "0");
	login(db, "boss", "another-pass-2", T0 + 1, a);
	int64_t id = 0;
	assert_int_equal(db_query_int(db, "SELECT id FROM users WHERE username = 'boss'", &id, &e), 0);
	assert_int_equal(record_void(db, &user_type, id, "离职", T0 + 2, &e), 0);
	assert_int_equal(sessions_of(db, "boss"), 0);
	db_close(db);
}

static void expired_sessions_are_deleted(void **state)
{
	(void)state;
	struct db *db = setup_db();
	char a[65], b[65], c[65];
	struct err e;
	err_clear(&e);
	login(db, "boss", "another-pass-2", T0, a);                               /* idle too long */
	login(db, "boss", "another-pass-2", T0 + SESSION_IDLE_SECONDS - 60, b);   /* still fresh */
	assert_int_equal(sessions_of(db, "boss"), 2);
	assert_int_equal(sessions_purge(db, T0 + SESSION_IDLE_SECONDS + 1, &e), 0);
	assert_int_equal(sessions_of(db, "boss"), 1);
	assert_true(resolves(db, b, T0 + SESSION_IDLE_SECONDS + 2));
	/* a login deletes the expired ones of everybody: b is past its absolute limit though used */
	char sql[120];
	snprintf(sql, sizeof sql, "UPDATE sessions SET created_at = %d, last_seen = %d", T0, T0 + SESSION_ABSOLUTE_SECONDS);
	assert_int_equal(db_exec(db, sql, &e), 0);
	login(db, "root", "keeper-pass-1", T0 + SESSION_ABSOLUTE_SECONDS + 10, c);
	assert_int_equal(sessions_of(db, "boss"), 0);
	assert_int_equal(sessions_of(db, "root"), 1);
	db_close(db);
}

static void the_last_administrator_stays(void **state)
{
	(void)state;
	struct db *db = setup_db();
	struct err e;
	err_clear(&e);
	int64_t root = 0;
	assert_int_equal(db_query_int(db, "SELECT id FROM users WHERE username = 'root'", &root, &e), 0);
	assert_put_refused(db, &user_type, "user.last_admin", "username", "root", "role", "admin", "disabled", "1");
	assert_put_refused(db, &user_type, "user.last_admin", "username", "root", "role", "leader");
	assert_int_equal(user_keeps_admin(db, root, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_string_equal(e.code, "user.last_admin");
	/* a void is refused within its transaction: nothing changes */
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(record_void(db, &user_type, root, "test", T0, &e), -1);
	assert_string_equal(e.code, "user.last_admin");
	db_rollback(db);
	/* other users change freely; a disabled administrator does not count */
	assert_put_ok(db, &user_type, "username", "boss", "role", "leader", "disabled", "1");
	assert_put_ok(db, &user_type, "username", "second", "role", "admin", "disabled", "1");
	assert_put_refused(db, &user_type, "user.last_admin", "username", "root", "role", "admin", "disabled", "1");
	/* with another active administrator, root may go; then that one is the last */
	assert_put_ok(db, &user_type, "username", "second", "role", "admin", "disabled", "0");
	assert_put_ok(db, &user_type, "username", "root", "role", "admin", "disabled", "1");
	assert_put_refused(db, &user_type, "user.last_admin", "username", "second", "role", "station");
	db_close(db);
}

static void the_current_password_is_checked_and_throttled(void **state)
{
	(void)state;
	struct db *db = setup_db();
	struct user u;
	struct err e;
	err_clear(&e);
	assert_int_equal(user_find(db, "boss", &u, NULL, 0, &e), 0);
	assert_int_equal(password_check_current(db, &u, "another-pass-2", "10.0.0.9", T0, &e), 0);
	for (int i = 0; i < LOGIN_MAX_FAILURES; i++) {
		assert_int_equal(password_check_current(db, &u, "guess-guess-1", "10.0.0.9", T0 + i, &e), -1);
		assert_string_equal(e.code, "password.current_wrong");
	}
	assert_int_equal(password_check_current(db, &u, "another-pass-2", "10.0.0.9", T0 + 10, &e), -1);
	assert_int_equal(e.kind, ERR_THROTTLED);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_refuses_weak_passwords),
		cmocka_unit_test(common_list_is_sorted),
		cmocka_unit_test(a_new_password_ends_other_sessions),
		cmocka_unit_test(disabling_or_voiding_ends_sessions),
		cmocka_unit_test(expired_sessions_are_deleted),
		cmocka_unit_test(the_last_administrator_stays),
		cmocka_unit_test(the_current_password_is_checked_and_throttled),
	};
	return cmocka_run_group_tests_name("sessions", tests, NULL, NULL);
}
