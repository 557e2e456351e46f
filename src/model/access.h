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

#include "base/text.h"
#include "db/db.h"
#include "model/perm.h"
#include "model/record.h"

extern const struct record_type user_type;

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
#define LOGIN_MAX_FAILURES 5
#define LOGIN_LOCK_SECONDS (15 * 60)
/* Expired sessions are deleted at each login and at most this often while serving. */
#define SESSION_PURGE_SECONDS (5 * 60)
#define PASSWORD_MIN_CHARS 10
#define PASSWORD_PASSPHRASE_CHARS 16 /* from here on, one kind of character (a phrase of words) will do */

struct user {
	int64_t id;
	char username[64], display_name[TEXT_BYTES(40)], unit[24];
	enum role role;
	bool disabled;
};

/* Hash a password (Argon2id, interactive limits) into `out` (128 bytes). */
int password_hash(const char *password, char out[128], struct err *e);
bool password_ok(const char *hash, const char *password);
/*
 * The password policy (model/password.c): at least PASSWORD_MIN_CHARS
 * characters, not all digits, two kinds of character unless
 * PASSWORD_PASSPHRASE_CHARS or more, not a common password
 * (data/common-passwords.txt, also with its tail of digits and punctuation
 * taken off), not the username (NULL: not known yet) nor its reverse.
 */
int password_acceptable(const char *password, const char *username, struct err *e);

/* Set a user's password (after the policy check) and end all of their sessions (an administrator's reset). */
int user_set_password(struct db *db, const char *username, const char *password, int64_t now, struct err *e);
/* The same, ending every session of theirs but `keep_token`'s (changing one's own password). */
int user_change_password(struct db *db, const char *username, const char *password, int64_t now,
			 const char *keep_token, struct err *e);
/*
 * Before a user changes their own password: `current` must be theirs,
 * checked as a login is (throttled, failures counted): ERR_THROTTLED
 * "password.throttled", or ERR_INVALID "password.current_wrong".
 */
int password_check_current(struct db *db, const struct user *u, const char *current, const char *ip, int64_t now,
			   struct err *e);
/*
 * ERR_CONFLICT "user.last_admin" when user `id` is an active administrator
 * (role admin, not disabled) and no other active one exists: before it is
 * disabled, voided or given another role.
 */
int user_keeps_admin(struct db *db, int64_t id, struct err *e);
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
/* End a user's sessions, all but `keep_token`'s (NULL: all). */
int sessions_end(struct db *db, int64_t user_id, const char *keep_token, struct err *e);
/* Delete the sessions idle or old beyond their limits. */
int sessions_purge(struct db *db, int64_t now, struct err *e);

#endif
