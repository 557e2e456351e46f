/*
 * audit.c — the chain: hash_n = SHA-256(hash_{n-1} | id | at | actor | ip |
 * action | kind | record_id | detail), hex, with "0"*64 before the first.
 * The id is inside the hash so entries cannot be reordered or renumbered.
 */
#include "model/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void field(crypto_hash_sha256_state *st, const char *s)
{
	/* length-prefixed, so "ab|c" and "a|bc" cannot collide */
	char len[24];
	size_t n = s ? strlen(s) : 0;
	snprintf(len, sizeof len, "%zu:", n);
	crypto_hash_sha256_update(st, (const unsigned char *)len, strlen(len));
	if (n)
		crypto_hash_sha256_update(st, (const unsigned char *)s, n);
}

static void entry_hash(const char *prev, int64_t id, int64_t at, const char *actor, const char *ip,
		       const char *action, const char *kind, int64_t record_id, const char *detail, char out[65])
{
	crypto_hash_sha256_state st;
	char num[3][24];
	snprintf(num[0], sizeof num[0], "%lld", (long long)id);
	snprintf(num[1], sizeof num[1], "%lld", (long long)at);
	snprintf(num[2], sizeof num[2], "%lld", (long long)record_id);
	crypto_hash_sha256_init(&st);
	field(&st, prev);
	field(&st, num[0]);
	field(&st, num[1]);
	field(&st, actor);
	field(&st, ip);
	field(&st, action);
	field(&st, kind);
	field(&st, num[2]);
	field(&st, detail);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static int append_locked(struct db *db, const struct audit_entry *a, int64_t now, struct err *e);

int audit_append(struct db *db, const struct audit_entry *a, int64_t now, struct err *e)
{
	if (db_in_transaction(db))
		return append_locked(db, a, now, e);
	/*
	 * On its own (an export, a reveal, a login): the next id is read and
	 * written under the write lock, or two requests at once would both take
	 * the same one.
	 */
	if (db_begin(db, e))
		return -1;
	if (append_locked(db, a, now, e) || db_commit(db, e)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* Append inside a write transaction, so nobody else appends meanwhile. */
static int append_locked(struct db *db, const struct audit_entry *a, int64_t now, struct err *e)
{
	/* the last entry */
	struct db_stmt *st = db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", e);
	if (!st)
		return -1;
	int rc = db_step(st, e);
	int64_t last = 0;
	char prev[65] = GENESIS;
	if (rc == 1) {
		last = db_col_int(st, 0);
		snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0)
		return -1;
	int64_t id = last + 1;
	char hash[65];
	entry_hash(prev, id, now, a->actor, a->ip, a->action, a->kind, a->record_id, a->detail, hash);
	st = db_prepare(db, "INSERT INTO audit_log (id, at, actor, ip, action, kind, record_id, detail, prev_hash, hash)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, a->actor);
	db_bind_text(st, 4, a->ip);
	db_bind_text(st, 5, a->action);
	db_bind_text(st, 6, a->kind);
	if (a->record_id)
		db_bind_int(st, 7, a->record_id);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, a->detail);
	db_bind_text(st, 9, prev);
	db_bind_text(st, 10, hash);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int audit_verify(struct db *db, int64_t *entries, int64_t *broken_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, at, actor, ip, action, kind, record_id, detail, prev_hash, hash"
					    " FROM audit_log ORDER BY id", e);
	if (!st)
		return -1;
	char prev[65] = GENESIS;
	int64_t n = 0, expect_id = 1;
	int rc;
	*broken_id = 0;
	while ((rc = db_step(st, e)) == 1) {
		int64_t id = db_col_int(st, 0);
		char hash[65];
		entry_hash(prev, id, db_col_int(st, 1), db_col_text(st, 2), db_col_null(st, 3) ? NULL : db_col_text(st, 3),
			   db_col_text(st, 4), db_col_null(st, 5) ? NULL : db_col_text(st, 5),
			   db_col_null(st, 6) ? 0 : db_col_int(st, 6), db_col_null(st, 7) ? NULL : db_col_text(st, 7), hash);
		if (id != expect_id || strcmp(db_col_text(st, 8), prev) || strcmp(db_col_text(st, 9), hash)) {
			*broken_id = id;
			db_done(st);
			return err_set(e, ERR_CONFLICT, "audit.broken", NULL,
				       "审计链在第 %lld 条断开：该条或其前一条被改动或删除（audit chain broken at entry %lld）",
				       (long long)id, (long long)id);
		}
		snprintf(prev, sizeof prev, "%s", hash);
		n++;
		expect_id++;
	}
	db_done(st);
	if (rc < 0)
		return -1;
	*entries = n;
	return 0;
}

#define AUDIT_WHERE                                                                  \
	" WHERE (? IS NULL OR actor = ?) AND (? IS NULL OR action = ?) AND (? IS NULL OR kind = ?)" \
	" AND (? = 0 OR record_id = ?) AND (? = 0 OR at >= ?) AND (? = 0 OR at < ?)"

static int bind_audit(struct db_stmt *st, const struct audit_query *q)
{
	int n = 0;
	const char *texts[] = { q->actor, q->action, q->kind };
	for (int i = 0; i < 3; i++) {
		db_bind_text(st, ++n, texts[i]);
		db_bind_text(st, ++n, texts[i]);
	}
	int64_t nums[] = { q->record_id, q->since, q->until };
	for (int i = 0; i < 3; i++) {
		db_bind_int(st, ++n, nums[i]);
		db_bind_int(st, ++n, nums[i]);
	}
	return n;
}

int audit_list(struct db *db, const struct audit_query *q, int (*each)(void *ctx, const struct audit_row *row),
	       void *ctx, int64_t *total, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM audit_log" AUDIT_WHERE, e);
	if (!st)
		return -1;
	bind_audit(st, q);
	if (db_count(db, st, total, e))
		return -1;
	st = db_prepare(db, "SELECT id, at, actor, ip, action, kind, record_id, detail, hash FROM audit_log" AUDIT_WHERE
			    " ORDER BY id DESC LIMIT ? OFFSET ?", e);
	if (!st)
		return -1;
	int n = bind_audit(st, q);
	db_bind_int(st, ++n, q->limit > 0 ? q->limit : INT64_MAX);
	db_bind_int(st, ++n, q->offset);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct audit_row row = {
			.id = db_col_int(st, 0), .at = db_col_int(st, 1), .actor = db_col_text(st, 2),
			.ip = db_col_text(st, 3), .action = db_col_text(st, 4), .kind = db_col_text(st, 5),
			.record_id = db_col_int(st, 6), .detail = db_col_text(st, 7), .hash = db_col_text(st, 8),
		};
		if (each(ctx, &row))
			break;
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}
