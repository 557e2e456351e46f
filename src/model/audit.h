/*
 * audit — the append-only, keyed chain of every login, write, export and
 * reveal of personal data.  Each entry's hash is an HMAC-SHA-256, under a
 * key derived from a secret kept outside the database, of the previous
 * entry's hash and its own fields: altering an entry, or recomputing the
 * chain without the secret, breaks it at that point.  After every commit
 * that appends, a checkpoint of the chain's head (last id, its hash, the
 * time), signed with an Ed25519 key derived from the same secret, is
 * appended to a file beside the database (and to the system log where
 * configured): deleting the newest entries, or all of them, leaves the log
 * shorter than its newest checkpoint.  audit_verify() says which of these
 * happened.  Entries are written in the same transaction as the change
 * they describe; the checkpoint once it has committed (db_after_commit).
 */
#ifndef FQ_MODEL_AUDIT_H
#define FQ_MODEL_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

struct audit_entry {
	const char *actor;  /* username, or "system" / "cli:<user>" */
	const char *ip;     /* may be NULL */
	const char *action; /* "login", "login_failed", "create", "update", "void", "export", "reveal", "import", ... */
	const char *kind;   /* record kind, may be NULL */
	int64_t record_id;  /* 0 = none */
	const char *detail; /* JSON text (before/after, filters, counts), may be NULL */
};

int audit_append(struct db *db, const struct audit_entry *a, int64_t now, struct err *e);

#define AUDIT_SECRET_BYTES 32

/*
 * The secret and the checkpoint file, process-wide like config(): opened
 * once by main's commands (cli_open_db, init) before any thread starts.
 * The secret is `key_path` (64 hex digits, mode 0600; its public
 * checkpoint key in `key_path`.pub).  When it is missing it is created if
 * the log can take a new key: empty (a new database: a checkpoint of
 * entry 0 is written), or an unkeyed chain from before keys (an existing
 * database: it is checked with the old formula, then an "audit_rekey"
 * entry, keyed, seals its head).  Otherwise (entries keyed, or a
 * checkpoint file already written) it refuses with "audit.key_missing".
 * Made under the write lock, and put in place (from `key_path`.new) only
 * once its first checkpoint or seal is committed.  A key file others can
 * read, or another account owns, is refused ("audit.key_mode").
 * `checkpoint_path` is opened for appending (mode 0600).  With
 * `use_syslog` every checkpoint also goes to the system log (LOG_AUTHPRIV).
 */
int audit_keys_open(struct db *db, const char *key_path, const char *checkpoint_path, bool use_syslog,
		    struct err *e);
/* Tests: this secret, checkpoints in `checkpoint_path` (NULL: none, and
 * verify checks the chain alone). */
int audit_keys_use(const unsigned char secret[AUDIT_SECRET_BYTES], const char *checkpoint_path, struct err *e);
void audit_keys_close(void);

/* What audit_verify() found. */
struct audit_report {
	int64_t entries;      /* entries read */
	int64_t legacy;       /* of them, before the "audit_rekey" entry (old unkeyed formula) */
	int64_t checkpoints;  /* valid checkpoint lines */
	int64_t checkpoint_id; /* the newest checkpoint's entry */
	/* the fault (-1 from audit_verify): */
	int64_t broken_id;    /* audit.edited / audit.forged: the first entry that fails */
	int64_t missing_from, missing_to; /* audit.gap / audit.truncated */
	int64_t bad_line;     /* audit.checkpoint_bad: the line of the checkpoint file (0: file missing) */
	/* not a fault: entries after the newest checkpoint (a crash between a
	 * commit and its checkpoint), 0 when none */
	int64_t unconfirmed_from, unconfirmed_to;
};

/*
 * Walk the chain against the key and the checkpoints.  0 when intact; -1
 * with `e` naming the first fault by its code: "audit.edited" (an entry's
 * MAC fails: changed in place), "audit.forged" (the chain recomputed
 * without the key, from report->broken_id), "audit.gap" (ids missing in
 * the middle), "audit.truncated" (the log ends before the newest
 * checkpoint, or is empty), "audit.checkpoint_bad" (a checkpoint line
 * whose signature or form is wrong, or the file missing), or a storage
 * error (report->... all 0).
 */
int audit_verify(struct db *db, struct audit_report *report, struct err *e);

struct audit_query {
	const char *actor, *action, *kind; /* NULL = any */
	int64_t record_id;                 /* 0 = any */
	int64_t since, until;              /* Unix seconds, [since, until); 0 = open */
	int64_t offset, limit;
};

struct audit_row {
	int64_t id, at, record_id;
	const char *actor, *ip, *action, *kind, *detail, *hash;
};

/* Newest first; `each` returning non-zero stops.  *total counts all matches. */
int audit_list(struct db *db, const struct audit_query *q, int (*each)(void *ctx, const struct audit_row *row),
	       void *ctx, int64_t *total, struct err *e);

#endif
