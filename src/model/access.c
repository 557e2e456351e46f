/*
 * access.c — users, passwords, sessions, throttling and scope.
 */
#include "model/access.h"
#include "model/org.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static int user_derive(struct db *db, struct record *r, struct err *e)
{
	int i = field_index(r->type, "disabled");
	return r->v[i].set ? 0 : record_set(r, i, "0", 0, e);
}

/* A grid worker's unit: a live division of kind grid (CONTRACTS §6). */
static int user_grid_unit(struct db *db, const struct record *r, const char *unit, struct err *e)
{
	(void)r;
	if (!unit)
		return err_set(e, ERR_INVALID, "user.unit_required", "unit",
			       "所属单位：网格员须指定所在网格的编码（a grid worker needs its grid's code）");
	char kind[16];
	if (db_text_of(db, "SELECT kind FROM divisions WHERE code = ? AND voided_at IS NULL", unit, kind, sizeof kind, e) < 0)
		return -1;
	if (strcmp(kind, "grid"))
		return err_set(e, ERR_INVALID, "user.unit_not_grid", "unit",
			       "所属单位：“%s”不是现有的网格（a grid worker's unit is a live division of kind grid）", unit);
	return 0;
}

/* The unit a role needs. */
static int user_check_unit(struct db *db, const struct record *r, struct err *e)
{
	const char *role = record_get(r, "role"), *unit = record_get(r, "unit");
	/* a role confined to a unit needs one: any unit (it sees the unit and below), or for a
	 * partner's mediator its partner body; a leader may have a unit (then it sees that subtree) */
	const struct record_type *of = NULL;
	switch (role_scope(role_from_code(role))) {
	case SCOPE_UNIT:
		of = &unit_type;
		break;
	case SCOPE_PARTNER:
		of = &partner_type;
		break;
	case SCOPE_GRID:
		return user_grid_unit(db, r, unit, e);
	case SCOPE_ALL:
		if (role_from_code(role) != ROLE_LEADER || !unit)
			return 0;
		of = &unit_type;
		break;
	case SCOPE_NONE:
	case SCOPE_KINDS:
		return 0;
	}
	if (!unit)
		return err_set(e, ERR_INVALID, "user.unit_required", "unit", "所属单位：该角色须指定%s（this role needs a %s）",
			       of->zh, of->en);
	return record_ref_check(db, r, &r->type->fields[field_index(r->type, "unit")], of, unit, e);
}

/* The username's characters; the last administrator kept; the unit a role needs. */
static int user_check(struct db *db, const struct record *r, struct rules *rs)
{
	const char *name = record_get(r, "username");
	if (rule_has(rs, r, "username") &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(name))
		rule_broken(rs, ERR_INVALID, "user.username", "username",
			    "用户名只能包含字母、数字和 . _ -（letters, digits, '.', '_' and '-' only）");
	if (!rule_has(rs, r, "role"))
		return 0;
	bool active_admin = !strcmp(record_get(r, "role"), "admin") && !r->v[field_index(r->type, "disabled")].i;
	if (r->id && !active_admin && rule_outcome(rs, user_keeps_admin(db, r->id, &rs->e)))
		return -1;
	if (record_get(r, "unit") && !rule_has(rs, r, "unit"))
		return 0;
	return rule_outcome(rs, user_check_unit(db, r, &rs->e));
}

/* A disabled or void account's sessions end with the change; the last administrator is not voided. */
static int user_after_change(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	(void)now;
	if (r->voided_at && user_keeps_admin(db, r->id, e))
		return -1;
	if (r->voided_at || r->v[field_index(r->type, "disabled")].i)
		return sessions_end(db, r->id, NULL, e);
	return 0;
}

static const struct field user_fields[] = {
	{ .name = "username", .zh = "用户名", .en = "Username", .type = FT_TEXT, .flags = FF_REQUIRED | FF_KEY | FF_FILTER,
	  .max_len = 40 },
	{ .name = "display_name", .zh = "姓名", .en = "Display name", .type = FT_TEXT, .max_len = 40 },
	{ .name = "role", .zh = "角色", .en = "Role", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER, .codes = &roles },
	{ .name = "unit", .zh = "所属单位", .en = "Unit", .type = FT_TEXT, .flags = FF_FILTER, .max_len = 24 },
	{ .name = "disabled", .zh = "停用", .en = "Disabled", .type = FT_BOOL, .flags = FF_FILTER },
};

const struct record_type user_type = {
	.kind = "users", .table = "users", .zh = "用户", .en = "user",
	.fields = user_fields, .nfields = sizeof user_fields / sizeof user_fields[0],
	.derive = user_derive, .check = user_check, .after_change = user_after_change,
};

/*
 * Each Argon2id computation takes 64 MiB for a moment.  At most
 * PWHASH_AT_ONCE run together, however many server threads take logins, so
 * a flood of logins queues here instead of taking threads × 64 MiB.
 */
#define PWHASH_AT_ONCE 2
static pthread_mutex_t pwhash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pwhash_freed = PTHREAD_COND_INITIALIZER;
static int pwhash_running;

static void pwhash_enter(void)
{
	pthread_mutex_lock(&pwhash_lock);
	while (pwhash_running >= PWHASH_AT_ONCE)
		pthread_cond_wait(&pwhash_freed, &pwhash_lock);
	pwhash_running++;
	pthread_mutex_unlock(&pwhash_lock);
}

static void pwhash_leave(void)
{
	pthread_mutex_lock(&pwhash_lock);
	pwhash_running--;
	pthread_cond_signal(&pwhash_freed);
	pthread_mutex_unlock(&pwhash_lock);
}

int password_hash(const char *password, char out[128], struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "libsodium unavailable");
	pwhash_enter();
	int rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	pwhash_leave();
	if (rc != 0)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory hashing a password");
	return 0;
}

bool password_ok(const char *hash, const char *password)
{
	if (!hash || !*hash)
		return false;
	pwhash_enter();
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	pwhash_leave();
	return ok;
}

int user_set_password(struct db *db, const char *username, const char *password, int64_t now, struct err *e)
{
	return user_change_password(db, username, password, now, NULL, e);
}

int user_change_password(struct db *db, const char *username, const char *password, int64_t now,
			 const char *keep_token, struct err *e)
{
	char hash[128];
	if (password_acceptable(password, username, e) || password_hash(password, hash, e))
		return -1;
	struct db_stmt *st = db_prepare(db, "UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?"
					    " WHERE username = ? RETURNING id", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, now);
	db_bind_text(st, 4, username);
	int rc = db_step(st, e);
	int64_t id = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	sodium_memzero(hash, sizeof hash);
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "user.not_found", "username", "用户“%s”不存在（no such user）", username);
	/* whoever knew the old password is signed out */
	return rc < 0 || sessions_end(db, id, keep_token, e) ? -1 : 0;
}

static void read_user(struct db_stmt *st, int c, struct user *u)
{
	u->id = db_col_int(st, c);
	snprintf(u->username, sizeof u->username, "%s", db_col_text(st, c + 1));
	text_copy(u->display_name, sizeof u->display_name, db_col_text(st, c + 2));
	u->role = role_from_code(db_col_text(st, c + 3)); /* resolved once: rights are looked up by enum */
	snprintf(u->unit, sizeof u->unit, "%s", db_col_text(st, c + 4));
	u->disabled = db_col_int(st, c + 5) != 0;
}

int user_find(struct db *db, const char *username, struct user *u, char *hash, size_t hashlen, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, username, display_name, role, unit, disabled, password_hash"
					    " FROM users WHERE username = ? AND voided_at IS NULL", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, username);
	int rc = db_step(st, e);
	if (rc == 1) {
		read_user(st, 0, u);
		if (hash)
			text_copy(hash, hashlen, db_col_text(st, 6)); /* none yet: "" */
	}
	db_done(st);
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "user.not_found", "username", "用户“%s”不存在（no such user）", username);
	return rc < 0 ? -1 : 0;
}

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char out[65])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2hex(out, 65, b, sizeof b);
}

static int record_failure(struct db *db, const char *username, const char *ip, int64_t now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, ip);
	db_bind_int(st, 3, now);
	int rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int session_login(struct db *db, const char *username, const char *password, const char *ip, int64_t now,
		  struct user *u, char token[65], char csrf[65], struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "libsodium unavailable");
	/*
	 * Count and record in one write transaction, before the password is
	 * checked: parallel attempts each take their turn, so at most
	 * LOGIN_MAX_FAILURES of them reach the check.  The attempt counts as a
	 * failure until the password proves right (then all are cleared).
	 */
	if (db_begin(db, e))
		return -1;
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM login_failures WHERE username = ? AND ip = ? AND at > ?", e);
	if (!st) {
		db_rollback(db);
		return -1;
	}
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, ip);
	db_bind_int(st, 3, now - LOGIN_LOCK_SECONDS);
	int rc = db_step(st, e);
	int64_t failures = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc >= 0 && failures >= LOGIN_MAX_FAILURES) {
		db_rollback(db);
		return err_set(e, ERR_THROTTLED, "login.throttled", NULL,
			       "登录失败次数过多，请 15 分钟后再试（too many failed logins: try again in 15 minutes）");
	}
	if (rc < 0 || record_failure(db, username, ip, now, e) || db_commit(db, e)) {
		db_rollback(db);
		return -1;
	}

	char hash[128] = "";
	struct err fe;
	err_clear(&fe);
	bool found = user_find(db, username, u, hash, sizeof hash, &fe) == 0;
	if (!found && fe.kind != ERR_NOT_FOUND) {
		*e = fe;
		return -1;
	}
	if (!found) {
		/* spend the same time as a real check, so names cannot be probed by timing */
		char dummy[128];
		password_hash("timing-equaliser", dummy, &fe);
	}
	if (!found || !password_ok(hash, password) || u->disabled) {
		bool disabled = found && u->disabled && password_ok(hash, password); /* failure recorded above */
		if (disabled)
			return err_set(e, ERR_AUTH, "login.disabled", NULL, "账号已停用，请联系管理员（account disabled）");
		return err_set(e, ERR_AUTH, "login.failed", NULL, "用户名或密码错误（wrong username or password）");
	}
	st = db_prepare(db, "DELETE FROM login_failures WHERE username = ? AND ip = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, ip);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0 || sessions_purge(db, now, e))
		return -1;

	char token_hash[65];
	random_hex(token);
	random_hex(csrf);
	sha256_hex(token, token_hash);
	st = db_prepare(db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, ip)"
			    " VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, u->id);
	db_bind_text(st, 3, csrf);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now);
	db_bind_text(st, 6, ip);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int session_resolve(struct db *db, const char *token, int64_t now, struct user *u, char csrf[65], struct err *e)
{
	if (!token || strlen(token) != 64)
		return err_set(e, ERR_AUTH, "session.none", NULL, "请先登录（please log in）");
	char token_hash[65];
	sha256_hex(token, token_hash);
	struct db_stmt *st = db_prepare(db,
		"SELECT u.id, u.username, u.display_name, u.role, u.unit, u.disabled, s.csrf_token, s.created_at, s.last_seen"
		" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.voided_at IS NULL", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, token_hash);
	int rc = db_step(st, e);
	int64_t created = 0, seen = 0;
	if (rc == 1) {
		read_user(st, 0, u);
		snprintf(csrf, 65, "%s", db_col_text(st, 6));
		created = db_col_int(st, 7);
		seen = db_col_int(st, 8);
	}
	db_done(st);
	if (rc < 0)
		return -1;
	if (rc == 0 || u->disabled || now - seen > SESSION_IDLE_SECONDS || now - created > SESSION_ABSOLUTE_SECONDS) {
		if (rc == 1)
			session_logout(db, token, e);
		return err_set(e, ERR_AUTH, "session.expired", NULL, "登录已过期，请重新登录（session expired: please log in）");
	}
	/* Touch at most once a minute: a write per request would serialise readers.
	 * Best effort: when another writer holds the store (a long import), the
	 * touch waits for the next request rather than fail this one. */
	if (now - seen >= 60) {
		struct err te;
		err_clear(&te);
		st = db_prepare(db, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?", &te);
		if (st) {
			db_bind_int(st, 1, now);
			db_bind_text(st, 2, token_hash);
			db_busy_wait(db, 0);
			db_step_done(st, &te);
			db_busy_wait(db, DB_BUSY_WAIT_MS);
		}
	}
	return 0;
}

int session_logout(struct db *db, const char *token, struct err *e)
{
	if (!token)
		return 0;
	char token_hash[65];
	sha256_hex(token, token_hash);
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, token_hash);
	int rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int sessions_end(struct db *db, int64_t user_id, const char *keep_token, struct err *e)
{
	char keep[65] = "";
	if (keep_token)
		sha256_hex(keep_token, keep);
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, keep);
	return db_step_done(st, e) < 0 ? -1 : 0;
}

int sessions_purge(struct db *db, int64_t now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, now - SESSION_IDLE_SECONDS);
	db_bind_int(st, 2, now - SESSION_ABSOLUTE_SECONDS);
	return db_step_done(st, e) < 0 ? -1 : 0;
}

/* A login with the current password, throttled and counted as every login, whose session ends at once. */
int password_check_current(struct db *db, const struct user *u, const char *current, const char *ip, int64_t now,
			   struct err *e)
{
	struct user again;
	char token[65], csrf[65];
	if (session_login(db, u->username, current, ip, now, &again, token, csrf, e) == 0)
		return session_logout(db, token, e);
	if (e->kind == ERR_THROTTLED)
		return err_set(e, ERR_THROTTLED, "password.throttled", "current",
			       "原密码错误次数过多，请 15 分钟后再试（too many wrong passwords: try again in 15 minutes）");
	if (e->kind == ERR_AUTH) /* not 401: this session goes on */
		return err_set(e, ERR_INVALID, "password.current_wrong", "current", "原密码不正确（the current password is wrong）");
	return -1;
}

int user_keeps_admin(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT (SELECT COUNT(*) FROM users WHERE id = ? AND role = 'admin' AND disabled = 0),"
		" (SELECT COUNT(*) FROM users WHERE id <> ? AND role = 'admin' AND disabled = 0 AND voided_at IS NULL)", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, id);
	int rc = db_step(st, e);
	bool last = rc == 1 && db_col_int(st, 0) > 0 && db_col_int(st, 1) == 0;
	db_done(st);
	if (rc < 0)
		return -1;
	if (last)
		return err_set(e, ERR_CONFLICT, "user.last_admin", NULL,
			       "这是最后一个在用的管理员，不能停用、作废或改为其他角色；请先另设一个管理员"
			       "（the last active administrator: make another administrator first）");
	return 0;
}
