/*
 * audit.c — the chain: hash_n = HMAC-SHA-256_k(hash_{n-1} | id | at |
 * actor | ip | action | kind | record_id | detail), hex, with "0"*64 before
 * the first, k derived from the secret (audit_keys_open).  The id is inside
 * the MAC so entries cannot be reordered or renumbered.  Entries before an
 * "audit_rekey" entry (databases from before keys) used SHA-256 of the
 * same fields; the rekey entry, keyed, covers their head.
 *
 * Checkpoint lines: "v1 ID HASH UNIX-TIME SIGNATURE", the signature
 * (Ed25519, hex) over "fengqiao-audit-checkpoint v1 ID HASH UNIX-TIME".
 */
#include "model/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define REKEY "audit_rekey"
#define SIGNED_PREFIX "fengqiao-audit-checkpoint v1 "

/* Set once before threads start (audit_keys_open); read-only after. */
static struct {
	bool loaded, syslog;
	unsigned char mac[crypto_auth_hmacsha256_KEYBYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	int fd; /* the checkpoint file, -1: none */
	char path[PATH_MAX]; /* its path, "" none */
} keys = { .fd = -1 };

/* Either formula: the keyed one, or the old SHA-256 one. */
struct hasher {
	bool keyed;
	crypto_hash_sha256_state sha;
	crypto_auth_hmacsha256_state mac;
};

static void update(struct hasher *h, const void *p, size_t n)
{
	if (h->keyed)
		crypto_auth_hmacsha256_update(&h->mac, p, n);
	else
		crypto_hash_sha256_update(&h->sha, p, n);
}

static void field(struct hasher *h, const char *s)
{
	/* length-prefixed, so "ab|c" and "a|bc" cannot collide; keyed, NULL is
	 * "-" (no length has that form), so NULL, "" and 0 differ.  The old
	 * unkeyed formula wrote "0:" for NULL: kept for sealed old chains. */
	if (!s && h->keyed) {
		update(h, "-", 1);
		return;
	}
	char len[24];
	size_t n = s ? strlen(s) : 0;
	snprintf(len, sizeof len, "%zu:", n);
	update(h, len, strlen(len));
	if (n)
		update(h, s, n);
}

/* record_id NULL: none (the unkeyed formula hashed it as 0). */
static void entry_hash(bool keyed, const char *prev, int64_t id, int64_t at, const char *actor, const char *ip,
		       const char *action, const char *kind, const int64_t *record_id, const char *detail, char out[65])
{
	struct hasher h = { .keyed = keyed };
	char num[3][24];
	snprintf(num[0], sizeof num[0], "%lld", (long long)id);
	snprintf(num[1], sizeof num[1], "%lld", (long long)at);
	snprintf(num[2], sizeof num[2], "%lld", record_id ? (long long)*record_id : 0LL);
	if (keyed)
		crypto_auth_hmacsha256_init(&h.mac, keys.mac, sizeof keys.mac);
	else
		crypto_hash_sha256_init(&h.sha);
	field(&h, prev);
	field(&h, num[0]);
	field(&h, num[1]);
	field(&h, actor);
	field(&h, ip);
	field(&h, action);
	field(&h, kind);
	field(&h, record_id || !keyed ? num[2] : NULL);
	field(&h, detail);
	unsigned char d[crypto_hash_sha256_BYTES];
	if (keyed)
		crypto_auth_hmacsha256_final(&h.mac, d);
	else
		crypto_hash_sha256_final(&h.sha, d);
	sodium_bin2hex(out, 65, d, sizeof d);
	sodium_memzero(&h, sizeof h);
}

static const char *col_text_or_null(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? NULL : db_col_text(st, col);
}

/* The hash of the row "id, at, actor, ip, action, kind, record_id, detail, ..." after `prev`. */
static void row_hash(bool keyed, const char *prev, struct db_stmt *st, char out[65])
{
	int64_t record_id = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
	entry_hash(keyed, prev, db_col_int(st, 0), db_col_int(st, 1), col_text_or_null(st, 2), col_text_or_null(st, 3),
		   col_text_or_null(st, 4), col_text_or_null(st, 5), db_col_null(st, 6) ? NULL : &record_id,
		   col_text_or_null(st, 7), out);
}

/* ---- checkpoints ---------------------------------------------------------------------------- */

struct head {
	int64_t id;
	char hash[65];
};

static int signed_text(char *out, size_t n, int64_t id, const char *hash, int64_t at)
{
	return snprintf(out, n, SIGNED_PREFIX "%lld %s %lld", (long long)id, hash, (long long)at);
}

/*
 * A checkpoint that could not be written (disk full, I/O error): its head,
 * until one is written.  Meanwhile audit_append first tries it again, and
 * refuses (503 audit.checkpoint_failed) while it still fails: an audited
 * write is not taken that no checkpoint would confirm.
 */
static struct {
	pthread_mutex_t lock;
	bool failed;
	struct head head;
} lost = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int write_line(const struct head *h);

/* After a commit that appended (db_after_commit), or at a new key: one line, appended and synced. */
static void write_checkpoint(const void *arg)
{
	const struct head *h = arg;
	bool ok = write_line(h) == 0;
	pthread_mutex_lock(&lost.lock);
	if (!ok && (!lost.failed || h->id > lost.head.id))
		lost.head = *h;
	if (!ok)
		lost.failed = true;
	else if (h->id >= lost.head.id)
		lost.failed = false; /* a newer checkpoint confirms the lost one's entries too */
	pthread_mutex_unlock(&lost.lock);
}

/* 0: written, or nowhere to write; -1: failed (reported on stderr and to the system log). */
static int write_line(const struct head *h)
{
	if (!keys.loaded || (keys.fd < 0 && !keys.syslog))
		return 0;
	int64_t at = (int64_t)time(NULL);
	char msg[256], sig_hex[crypto_sign_BYTES * 2 + 1], line[512];
	int n = signed_text(msg, sizeof msg, h->id, h->hash, at);
	unsigned char sig[crypto_sign_BYTES];
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, (unsigned long long)n, keys.sk);
	sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
	int len = snprintf(line, sizeof line, "v1 %lld %s %lld %s\n", (long long)h->id, h->hash, (long long)at, sig_hex);
	if (keys.syslog)
		syslog(LOG_AUTHPRIV | LOG_NOTICE, "audit checkpoint %.*s", len - 1, line);
	if (keys.fd < 0)
		return 0;
	/* one write with O_APPEND: lines of concurrent commits do not interleave */
	ssize_t w = write(keys.fd, line, (size_t)len);
	if (w == len && fsync(keys.fd) == 0)
		return 0;
	/* the entries are committed; verify will list them as after the newest checkpoint */
	char buf[ERR_ERRNO_TEXT];
	const char *why = err_errno_text(w < 0 || w == len ? errno : ENOSPC, buf, sizeof buf);
	fprintf(stderr, "fengqiao: 无法写入审计检查点 %s（cannot write the audit checkpoint）: %s\n", keys.path, why);
	syslog(LOG_AUTHPRIV | LOG_ERR, "cannot write the audit checkpoint %s: %s; audited writes refused until it can",
	       keys.path, why);
	return -1;
}

/* ---- keys ----------------------------------------------------------------------------------- */

static int append_locked(struct db *db, const struct audit_entry *a, int64_t now, struct err *e);

static void derive(const unsigned char secret[AUDIT_SECRET_BYTES])
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	crypto_kdf_derive_from_key(keys.mac, sizeof keys.mac, 1, "fqaudit_", secret);
	crypto_kdf_derive_from_key(seed, sizeof seed, 2, "fqaudit_", secret);
	crypto_sign_seed_keypair(keys.pk, keys.sk, seed);
	sodium_memzero(seed, sizeof seed);
	keys.loaded = true;
}

/* The keys and the checkpoint file forgotten; where checkpoints go (syslog) kept. */
static void forget_keys(void)
{
	pthread_mutex_lock(&lost.lock);
	lost.failed = false;
	pthread_mutex_unlock(&lost.lock);
	if (keys.fd >= 0)
		close(keys.fd);
	bool syslog_too = keys.syslog;
	sodium_memzero(&keys, sizeof keys);
	keys.fd = -1;
	keys.syslog = syslog_too;
}

void audit_keys_close(void)
{
	forget_keys();
	keys.syslog = false;
}

/*
 * Created with the key only: a checkpoint file gone later stays gone (no
 * checkpoints are written, verify says it is missing) until it is restored.
 */
static int open_checkpoints(const char *path, bool create, struct err *e)
{
	keys.path[0] = 0;
	if (!path)
		return 0;
	snprintf(keys.path, sizeof keys.path, "%s", path);
	keys.fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
	if (keys.fd < 0 && errno == ENOENT) {
		fprintf(stderr, "fengqiao: 审计检查点文件 %s 缺失：请从备份恢复（the audit checkpoint file is missing: restore it "
				"from the backup）\n", path);
		return 0;
	}
	if (keys.fd < 0) {
		char buf[ERR_ERRNO_TEXT];
		return err_set(e, ERR_IO, "audit.checkpoints", NULL, "无法打开审计检查点文件 %s（cannot open the audit checkpoint file）: %s",
			       path, err_errno_text(errno, buf, sizeof buf));
	}
	return 0;
}

int audit_keys_use(const unsigned char secret[AUDIT_SECRET_BYTES], const char *checkpoint_path, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "libsodium init failed");
	audit_keys_close();
	derive(secret);
	return open_checkpoints(checkpoint_path, true, e);
}

static int io_fail(struct err *e, const char *what, const char *path)
{
	char buf[ERR_ERRNO_TEXT];
	return err_set(e, ERR_IO, "audit.key", NULL, "无法%s审计密钥 %s（cannot %s the audit key）: %s",
		       !strcmp(what, "read") ? "读取" : "写入", path, what, err_errno_text(errno, buf, sizeof buf));
}

/* 1: read; 0: no such file; -1: error. */
static int read_secret(const char *path, unsigned char secret[AUDIT_SECRET_BYTES], struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : io_fail(e, "read", path);
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return io_fail(e, "read", path);
	}
	if ((sb.st_mode & 077) || sb.st_uid != geteuid()) {
		close(fd);
		return err_set(e, ERR_CONFLICT, "audit.key_mode", NULL,
			       "审计密钥文件 %s 须归本账户所有且权限为 0600（现为 %04o）：他人可读即可伪造审计链（the audit key "
			       "file must be owned by this account, mode 0600: readable by others it lets them forge the log）",
			       path, (unsigned)(sb.st_mode & 07777));
	}
	char hex[AUDIT_SECRET_BYTES * 2 + 2];
	ssize_t n = read(fd, hex, sizeof hex);
	close(fd);
	size_t len;
	if (n < 0)
		return io_fail(e, "read", path);
	len = (size_t)n;
	if (len && hex[len - 1] == '\n')
		len--;
	int ok = len == AUDIT_SECRET_BYTES * 2 &&
		 sodium_hex2bin(secret, AUDIT_SECRET_BYTES, hex, len, NULL, NULL, NULL) == 0;
	sodium_memzero(hex, sizeof hex);
	if (!ok)
		return err_set(e, ERR_INVALID, "audit.key", NULL,
			       "审计密钥文件 %s 应为 64 个十六进制字符（the audit key file must hold 64 hex digits）", path);
	return 1;
}

static int write_file(const char *path, const char *text, mode_t mode, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return io_fail(e, "write", path);
	size_t len = strlen(text);
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		int saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return io_fail(e, "write", path);
	}
	close(fd);
	return 0;
}

/* The audit_rekey entry's detail: the old chain's length and head. */
#define REKEY_DETAIL 160
static void rekey_detail(char out[REKEY_DETAIL], int64_t entries, const char *head)
{
	snprintf(out, REKEY_DETAIL, "{\"legacy_entries\":%lld,\"legacy_head\":\"%s\"}", (long long)entries, head);
}

/* The log's entries, and whether all of them hold with the old unkeyed formula. */
static int legacy_chain(struct db *db, int64_t *entries, bool *legacy, char head[65], struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, at, actor, ip, action, kind, record_id, detail, prev_hash, hash"
					    " FROM audit_log ORDER BY id", e);
	if (!st)
		return -1;
	snprintf(head, 65, "%s", GENESIS);
	*entries = 0;
	*legacy = true;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		char hash[65];
		int64_t id = db_col_int(st, 0);
		row_hash(false, head, st, hash);
		if (id != ++*entries || strcmp(db_col_text(st, 8), head) || strcmp(db_col_text(st, 9), hash))
			*legacy = false;
		snprintf(head, 65, "%s", db_col_text(st, 9));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int rekey_boundary(struct db *db, int64_t *rekey, struct err *e);

/* The directory entry of a file just linked or renamed, on disk. */
static void sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/*
 * A key written to KEY.new by a creation that stopped before putting it in
 * place: it is the key if the log was sealed or checkpointed under it (a
 * valid audit_rekey entry, or a chain that verifies).  1: it is, put in
 * place; 0: it is not (removed: nothing was committed under it); -1: error.
 */
static int adopt_pending(struct db *db, const char *key_path, const char *pending, const char *checkpoint_path,
			 struct err *e)
{
	unsigned char secret[AUDIT_SECRET_BYTES];
	int rc = read_secret(pending, secret, e);
	if (rc <= 0)
		return rc;
	derive(secret);
	sodium_memzero(secret, sizeof secret);
	struct audit_report r;
	struct err ignored;
	int64_t rekey = 0;
	bool ok = ((!checkpoint_path || access(checkpoint_path, F_OK) == 0) &&
		   open_checkpoints(checkpoint_path, false, &ignored) == 0 && audit_verify(db, &r, &ignored) == 0) ||
		  (rekey_boundary(db, &rekey, &ignored) == 0 && rekey > 0);
	forget_keys();
	if (!ok) {
		unlink(pending);
		return 0;
	}
	if (link(pending, key_path) != 0 && errno != EEXIST)
		return io_fail(e, "write", key_path);
	unlink(pending);
	sync_dir_of(key_path);
	return 1;
}

/* Under the write lock: the checks, then KEY.new, the public key, the
 * checkpoint file and its first line or the seal, then the key in place.
 * 1: the key is in place (made here or by another process); -1: refused or failed. */
static int create_key_locked(struct db *db, const char *key_path, const char *checkpoint_path, struct err *e)
{
	unsigned char secret[AUDIT_SECRET_BYTES];
	int rc = read_secret(key_path, secret, e); /* another process may have made it meanwhile */
	sodium_memzero(secret, sizeof secret);
	if (rc != 0)
		return rc;
	char pending[PATH_MAX], pub_path[PATH_MAX], pub_tmp[PATH_MAX];
	snprintf(pending, sizeof pending, "%s.new", key_path);
	snprintf(pub_path, sizeof pub_path, "%s.pub", key_path);
	snprintf(pub_tmp, sizeof pub_tmp, "%s.pub.new", key_path);
	if ((rc = adopt_pending(db, key_path, pending, checkpoint_path, e)) != 0)
		return rc;
	/* No KEY.new: another process that made the key may have put it in place (link, then unlink
	 * KEY.new, after its commit) between the first read above and adopt_pending's: read again. */
	rc = read_secret(key_path, secret, e);
	sodium_memzero(secret, sizeof secret);
	if (rc != 0)
		return rc;
	struct stat sb;
	if (checkpoint_path && stat(checkpoint_path, &sb) == 0 && sb.st_size > 0)
		return err_set(e, ERR_CONFLICT, "audit.key_missing", NULL,
			       "审计密钥 %s 缺失，而检查点文件 %s 已有记录：请从备份恢复密钥文件（the audit key is missing but "
			       "checkpoints exist: restore the key file from the backup）",
			       key_path, checkpoint_path);
	int64_t entries;
	bool legacy;
	char head[65];
	if (legacy_chain(db, &entries, &legacy, head, e))
		return -1;
	if (!legacy)
		return err_set(e, ERR_CONFLICT, "audit.key_missing", NULL,
			       "审计密钥 %s 缺失，而审计日志不是未加密钥的旧链：请从备份恢复密钥文件（the audit key is missing and "
			       "the log is not an unkeyed chain from before keys: restore the key file）",
			       key_path);
	char hex[AUDIT_SECRET_BYTES * 2 + 2];
	randombytes_buf(secret, sizeof secret);
	sodium_bin2hex(hex, sizeof hex - 1, secret, sizeof secret);
	hex[sizeof hex - 2] = '\n';
	hex[sizeof hex - 1] = 0;
	unlink(pending);
	rc = write_file(pending, hex, 0600, e);
	sodium_memzero(hex, sizeof hex);
	if (rc) {
		sodium_memzero(secret, sizeof secret);
		return -1;
	}
	derive(secret);
	sodium_memzero(secret, sizeof secret);
	char pub[crypto_sign_PUBLICKEYBYTES * 2 + 2];
	sodium_bin2hex(pub, sizeof pub - 1, keys.pk, sizeof keys.pk);
	pub[sizeof pub - 2] = '\n';
	pub[sizeof pub - 1] = 0;
	unlink(pub_tmp);
	if (write_file(pub_tmp, pub, 0644, e))
		return -1;
	if (rename(pub_tmp, pub_path) != 0)
		return io_fail(e, "write", pub_path);
	if (open_checkpoints(checkpoint_path, true, e))
		return -1;
	if (entries == 0) {
		/* a new log: a checkpoint of entry 0, so an empty checkpoint file is never normal */
		struct head h = { .id = 0 };
		snprintf(h.hash, sizeof h.hash, "%s", GENESIS);
		if (write_line(&h))
			return err_set(e, ERR_IO, "audit.checkpoints", NULL, "无法写入审计检查点文件 %s（cannot write the audit "
				       "checkpoint file）", checkpoint_path);
	} else {
		/* an existing unkeyed chain: sealed by a keyed entry over its head, committed by the caller */
		char detail[REKEY_DETAIL];
		rekey_detail(detail, entries, head);
		struct audit_entry a = { .actor = "system", .action = REKEY, .detail = detail };
		if (append_locked(db, &a, (int64_t)time(NULL), e))
			return -1;
	}
	return 2; /* KEY.new made: in place once committed */
}

/* 1: the key is in place (made here or by another process); -1: refused or failed. */
static int create_key(struct db *db, const char *key_path, const char *checkpoint_path, struct err *e)
{
	if (db_begin(db, e))
		return -1;
	int rc = create_key_locked(db, key_path, checkpoint_path, e);
	if (rc < 0 || (rc == 2 && db_commit(db, e))) {
		db_rollback(db);
		forget_keys();
		return -1;
	}
	if (rc == 1) {
		db_rollback(db); /* nothing written */
		return 1;
	}
	/* committed (the seal's checkpoint written after it): now the key, whole, in place */
	forget_keys();
	char pending[PATH_MAX];
	snprintf(pending, sizeof pending, "%s.new", key_path);
	if (link(pending, key_path) != 0 && errno != EEXIST) {
		struct stat sb;
		if (errno != ENOENT || stat(key_path, &sb) != 0) /* ENOENT: another process put it in place */
			return io_fail(e, "write", key_path);
	}
	unlink(pending);
	sync_dir_of(key_path);
	return 1;
}

int audit_keys_open(struct db *db, const char *key_path, const char *checkpoint_path, bool use_syslog,
		    struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "libsodium init failed");
	audit_keys_close();
	keys.syslog = use_syslog;
	if (use_syslog)
		openlog("fengqiao", LOG_PID, LOG_AUTHPRIV);
	unsigned char secret[AUDIT_SECRET_BYTES];
	int rc = read_secret(key_path, secret, e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (create_key(db, key_path, checkpoint_path, e) < 0 || read_secret(key_path, secret, e) != 1)
			return -1;
	}
	derive(secret);
	sodium_memzero(secret, sizeof secret);
	return open_checkpoints(checkpoint_path, false, e);
}

/* ---- appending ------------------------------------------------------------------------------ */

int audit_append(struct db *db, const struct audit_entry *a, int64_t now, struct err *e)
{
	if (!keys.loaded)
		return err_set(e, ERR_INTERNAL, "audit.no_key", NULL, "审计密钥未载入（audit key not loaded）");
	pthread_mutex_lock(&lost.lock);
	bool failed = lost.failed && write_line(&lost.head) != 0;
	lost.failed = failed;
	pthread_mutex_unlock(&lost.lock);
	if (failed)
		return err_set(e, ERR_UNAVAILABLE, "audit.checkpoint_failed", NULL,
			       "无法写入审计检查点文件 %s，暂停受审计的操作（cannot write the audit checkpoint file: audited "
			       "actions are refused until it can be written）",
			       keys.path);
	if (db_in_transaction(db))
		return append_locked(db, a, now, e);
	/*
	 * On its own (a caller without a transaction): the next id is read and
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
	struct head h = { .id = last + 1 };
	entry_hash(true, prev, h.id, now, a->actor, a->ip, a->action, a->kind, a->record_id ? &a->record_id : NULL, a->detail,
		   h.hash);
	st = db_prepare(db, "INSERT INTO audit_log (id, at, actor, ip, action, kind, record_id, detail, prev_hash, hash)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, h.id);
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
	db_bind_text(st, 10, h.hash);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return -1;
	db_after_commit(db, write_checkpoint, &h, sizeof h); /* the newest entry of the transaction */
	return 0;
}

/* ---- verifying ------------------------------------------------------------------------------ */

static int bad_checkpoint(struct err *e, struct audit_report *r, int64_t line, const char *why)
{
	r->bad_line = line;
	if (!line)
		return err_set(e, ERR_CONFLICT, "audit.checkpoint_bad", NULL,
			       "审计检查点文件 %s %s（audit checkpoint file %s）", keys.path, why,
			       !strcmp(why, "缺失") ? "missing" : "holds no checkpoint");
	return err_set(e, ERR_CONFLICT, "audit.checkpoint_bad", NULL,
		       "审计检查点文件 %s 第 %lld 行被改动：%s（audit checkpoint file line %lld was tampered with: %s）", keys.path,
		       (long long)line, why, (long long)line,
		       !strcmp(why, "签名无效") ? "bad signature" : "not a checkpoint line");
}

/* The hash stored for entry `id`: 1 found, 0 none, -1 error. */
static int stored_hash(struct db *db, int64_t id, char out[65], struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT hash FROM audit_log WHERE id = ?", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, e);
	if (rc == 1)
		snprintf(out, 65, "%s", db_col_text(st, 0));
	db_done(st);
	return rc;
}

/*
 * Read the checkpoint file line by line (lines may be out of order, ids
 * repeated: concurrent commits), checking each signature and comparing the
 * signed hash with the one the database holds for that id.  Kept: the
 * count, the newest id, and *mismatch, the lowest id whose stored hash is
 * not the signed one (0: none).
 */
static int read_checkpoints(struct db *db, int64_t *mismatch, struct audit_report *r, struct err *e)
{
	*mismatch = 0;
	FILE *f = fopen(keys.path, "re");
	if (!f) {
		if (errno == ENOENT)
			return bad_checkpoint(e, r, 0, "缺失");
		char buf[ERR_ERRNO_TEXT];
		return err_set(e, ERR_IO, "audit.checkpoints", NULL, "无法读取审计检查点文件 %s（cannot read the checkpoint file）: %s",
			       keys.path, err_errno_text(errno, buf, sizeof buf));
	}
	char line[600];
	int64_t lineno = 0;
	int rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		long long id, at;
		char hash[65], sig_hex[crypto_sign_BYTES * 2 + 1], stored[65];
		int used = 0;
		unsigned char sig[crypto_sign_BYTES];
		size_t len = strlen(line);
		if (len == 0 || line[len - 1] != '\n' ||
		    sscanf(line, "v1 %lld %64[0-9a-f] %lld %128[0-9a-f]%n", &id, hash, &at, sig_hex, &used) != 4 ||
		    (size_t)used != len - 1 || strlen(hash) != 64 || strlen(sig_hex) != sizeof sig_hex - 1 ||
		    sodium_hex2bin(sig, sizeof sig, sig_hex, sizeof sig_hex - 1, NULL, NULL, NULL) != 0) {
			rc = bad_checkpoint(e, r, lineno, "格式不符");
			break;
		}
		char msg[256];
		int n = signed_text(msg, sizeof msg, id, hash, at);
		if (crypto_sign_verify_detached(sig, (const unsigned char *)msg, (unsigned long long)n, keys.pk) != 0) {
			rc = bad_checkpoint(e, r, lineno, "签名无效");
			break;
		}
		if (!r->checkpoints++ || id > r->checkpoint_id)
			r->checkpoint_id = id;
		int found = id > 0 ? stored_hash(db, id, stored, e) : 0;
		if (found < 0) {
			rc = -1;
			break;
		}
		if (found && strcmp(stored, hash) && (!*mismatch || id < *mismatch))
			*mismatch = id;
	}
	fclose(f);
	if (!rc && r->checkpoints == 0)
		rc = bad_checkpoint(e, r, 0, "为空");
	return rc ? -1 : 0;
}

static int edited(struct err *e, struct audit_report *r, int64_t id)
{
	r->broken_id = id;
	return err_set(e, ERR_CONFLICT, "audit.edited", NULL,
		       "审计日志第 %lld 条被改动（audit entry %lld was edited: its MAC does not match）", (long long)id,
		       (long long)id);
}

static int forged(struct err *e, struct audit_report *r, int64_t id)
{
	r->broken_id = id;
	return err_set(e, ERR_CONFLICT, "audit.forged", NULL,
		       "审计链自第 %lld 条起被不持密钥者重算，系伪造（audit chain recomputed without the key from entry %lld: forged）",
		       (long long)id, (long long)id);
}

/*
 * Where the old unkeyed chain ends: the first audit_rekey entry, if it is
 * the seal create_key wrote: its keyed MAC holds and its detail names the
 * entries before it and the hash it follows.  Anything else is no boundary
 * (0: every entry keyed): the data cannot choose which entries escape the key.
 */
static int rekey_boundary(struct db *db, int64_t *rekey, struct err *e)
{
	*rekey = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id, at, actor, ip, action, kind, record_id, detail, prev_hash, hash"
					    " FROM audit_log WHERE action = '" REKEY "' ORDER BY id LIMIT 1", e);
	if (!st)
		return -1;
	int rc = db_step(st, e);
	if (rc == 1) {
		char hash[65], detail[REKEY_DETAIL];
		int64_t id = db_col_int(st, 0);
		row_hash(true, db_col_text(st, 8), st, hash);
		rekey_detail(detail, id - 1, db_col_text(st, 8));
		const char *stored_detail = col_text_or_null(st, 7);
		if (!strcmp(hash, db_col_text(st, 9)) && stored_detail && !strcmp(stored_detail, detail))
			*rekey = id;
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int audit_verify(struct db *db, struct audit_report *r, struct err *e)
{
	*r = (struct audit_report){ 0 };
	if (!keys.loaded)
		return err_set(e, ERR_INTERNAL, "audit.no_key", NULL, "审计密钥未载入（audit key not loaded）");
	int64_t mismatch = 0; /* the lowest id whose hash is not the signed one */
	if (keys.path[0] && read_checkpoints(db, &mismatch, r, e))
		return -1;
	bool ncp = r->checkpoints > 0;
	int64_t rekey = 0;
	if (rekey_boundary(db, &rekey, e))
		return -1;
	struct db_stmt *st;
	st = db_prepare(db, "SELECT id, at, actor, ip, action, kind, record_id, detail, prev_hash, hash FROM audit_log ORDER BY id", e);
	if (!st)
		return -1;
	char prev[65] = GENESIS;
	int64_t expect_id = 1, suspect = 0; /* suspect: an entry whose MAC failed, waiting on the next */
	int rc, fault = 0;
	while ((rc = db_step(st, e)) == 1) {
		int64_t id = db_col_int(st, 0);
		const char *stored_prev = db_col_text(st, 8), *stored = db_col_text(st, 9);
		bool keyed = id >= rekey;
		char hash[65];
		row_hash(keyed, stored_prev, st, hash);
		bool mac_ok = !strcmp(hash, stored);
		if (suspect) {
			/* the one before failed: a chain recomputed without the key fails on and on, an edit once */
			fault = mac_ok ? edited(e, r, suspect) : forged(e, r, suspect);
			break;
		}
		if (id != expect_id) {
			r->missing_from = expect_id;
			r->missing_to = id - 1;
			fault = err_set(e, ERR_CONFLICT, "audit.gap", NULL,
					"审计日志中间缺少第 %lld–%lld 条：被删除（audit entries %lld..%lld deleted from the middle）",
					(long long)expect_id, (long long)(id - 1), (long long)expect_id, (long long)(id - 1));
			break;
		}
		if (strcmp(stored_prev, prev)) {
			fault = edited(e, r, id - 1); /* the hash the next entry holds is not the one before it */
			break;
		}
		if (!mac_ok) {
			char plain[65];
			row_hash(false, stored_prev, st, plain);
			if (keyed && !strcmp(plain, stored)) {
				fault = forged(e, r, id); /* recomputed with the unkeyed formula */
				break;
			}
			suspect = id;
		}
		if (!suspect && id == mismatch) {
			fault = forged(e, r, id); /* a valid chain, but not the one that was signed */
			break;
		}
		snprintf(prev, sizeof prev, "%s", stored);
		r->entries++;
		if (!keyed)
			r->legacy++;
		expect_id++;
	}
	db_done(st);
	if (rc >= 0 && !fault && suspect)
		fault = edited(e, r, suspect); /* the last entry */
	if (rc < 0 || fault)
		return -1;
	int64_t last = expect_id - 1;
	if (ncp && r->checkpoint_id > last) {
		r->missing_from = last + 1;
		r->missing_to = r->checkpoint_id;
		if (last == 0)
			return err_set(e, ERR_CONFLICT, "audit.truncated", NULL,
				       "审计日志被清空：最新检查点记到第 %lld 条，库中一条不剩（all audit entries deleted: the newest "
				       "checkpoint covers entry %lld）",
				       (long long)r->checkpoint_id, (long long)r->checkpoint_id);
		return err_set(e, ERR_CONFLICT, "audit.truncated", NULL,
			       "审计日志末尾缺少第 %lld–%lld 条：最新检查点记到第 %lld 条（entries %lld..%lld missing: the newest "
			       "checkpoint covers entry %lld）",
			       (long long)(last + 1), (long long)r->checkpoint_id, (long long)r->checkpoint_id, (long long)(last + 1),
			       (long long)r->checkpoint_id, (long long)r->checkpoint_id);
	}
	if (ncp && last > r->checkpoint_id) {
		r->unconfirmed_from = r->checkpoint_id + 1;
		r->unconfirmed_to = last;
	}
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
