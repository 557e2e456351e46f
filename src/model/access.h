/*
 * access — who may do what: users and roles, passwords (Argon2id via
 * libsodium), sessions kept in the database (so several server processes
 * share them) and login throttling.  What each role may do and see is
 * model/perm.h's table; a session's user carries its role resolved to
 * `enum role`.
 */
#ifndef FQ_MODEL_ACCESS_H
#define FQ_MODEL_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "model/perm.h"
#include "model/record.h"

extern const struct record_type user_type;

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
#define LOGIN_MAX_FAILURES 5
#define LOGIN_LOCK_SECONDS (15 * 60)

struct user {
	int64_t id;
	char username[64], display_name[64], unit[24];
	enum role role;
	bool disabled;
};

/* Hash a password (Argon2id, interactive limits) into `out` (128 bytes). */
int password_hash(const char *password, char out[128], struct err *e);
bool password_ok(const char *hash, const char *password);
/* The password policy: at least 8 characters, not all digits. */
int password_acceptable(const char *password, struct err *e);

/* Set a user's password (after the policy check). */
int user_set_password(struct db *db, const char *username, const char *password, int64_t now, struct err *e);
int user_find(struct db *db, const char *username, struct user *u, char *hash, size_t hashlen, struct err *e);

/*
 * Log in: checks throttling (ERR_THROTTLED), the password (ERR_AUTH, the
 * same answer for a wrong name or a wrong password), a disabled account.
 * On success creates a session: `token` (64 hex) for the cookie and `csrf`
 * (64 hex).  Failures are recorded for throttling.
 */
int session_login(struct db *db, const char *username, const char *password, const char *ip, int64_t now,
		  struct user *u, char token[65], char csrf[65], struct err *e);
/* Resolve a cookie token to its user and CSRF token; ERR_AUTH when expired or unknown. */
int session_resolve(struct db *db, const char *token, int64_t now, struct user *u, char csrf[65], struct err *e);
int session_logout(struct db *db, const char *token, struct err *e);

#endif
