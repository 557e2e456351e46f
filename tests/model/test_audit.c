/*
 * The audit chain, keyed and checkpointed: edits, gaps, truncation, a chain
 * under another key and a tampered checkpoint file are each named.
 *
 * Under concurrency: entries appended on their own (an
 * export, a reveal, a login) by several connections at once each take
 * their own id, and the chain stays intact.  Before audit_append took the
 * write lock for its read of the last entry, two at once took the same id
 * (a UNIQUE failure answered 409 to the user).
 */
#include "testlib.h"

#include "model/audit.h"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREADS 4
#define EACH 150

struct worker {
	const char *path;
	int failures;
	char first_error[600];
};

static void *append_many(void *arg)
{
	struct worker *w = arg;
	struct err e;
	err_clear(&e);
	struct db *db = db_open(w->path, &e);
	if (!db) {
		w->failures = EACH;
		snprintf(w->first_error, sizeof w->first_error, "%s", e.message);
		return NULL;
	}
	for (int i = 0; i < EACH; i++) {
		struct audit_entry a = { .actor = "t", .ip = "127.0.0.1", .action = "export", .kind = "posts",
					 .detail = "{\"rows\":1}" };
		if (audit_append(db, &a, 1700000000 + i, &e) && w->failures++ == 0)
			snprintf(w->first_error, sizeof w->first_error, "%s (%s)", e.message, e.code);
	}
	db_close(db);
	return NULL;
}

#define PROCESSES 2

static void exec(struct db *db, const char *sql);
static struct audit_report refused(struct db *db, const char *code);

/*
 * Several threads and processes append at once, each commit writing its
 * checkpoint line: the lines land out of order (and a line repeated, as a
 * retried checkpoint is), and verify still finds one per commit, the newest
 * at the last entry, and nothing unconfirmed.
 */
static void concurrent_appends_keep_the_chain(void **state)
{
	(void)state;
	char dir[] = "/tmp/fq-audit-XXXXXX", path[64], cp[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.db", dir);
	snprintf(cp, sizeof cp, "%s/a.audit", dir);
	static const unsigned char secret[AUDIT_SECRET_BYTES] = { 5 };
	struct err e;
	err_clear(&e);
	struct db *db = db_open(path, &e);
	assert_non_null(db);
	assert_int_equal(db_migrate(db, NULL, &e), 0);
	assert_int_equal(audit_keys_use(secret, cp, &e), 0);

	pid_t child[PROCESSES];
	for (int i = 0; i < PROCESSES; i++) {
		child[i] = fork();
		assert_true(child[i] >= 0);
		if (child[i] == 0) {
			struct worker w = { .path = path };
			if (audit_keys_use(secret, cp, &e)) /* its own descriptor, as another process has */
				_exit(2);
			append_many(&w);
			_exit(w.failures ? 1 : 0);
		}
	}
	pthread_t th[THREADS];
	struct worker w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .path = path };
		assert_int_equal(pthread_create(&th[i], NULL, append_many, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < THREADS; i++)
		if (w[i].failures)
			fail_msg("thread %d: %d appends failed, first: %s", i, w[i].failures, w[i].first_error);
	for (int i = 0; i < PROCESSES; i++) {
		int status;
		assert_int_equal(waitpid(child[i], &status, 0), child[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			fail_msg("process %d failed: status %d", i, status);
	}

	const int64_t total = (THREADS + PROCESSES) * EACH;
	struct audit_report r;
	if (audit_verify(db, &r, &e))
		fail_msg("chain broken at %lld: %s", (long long)r.broken_id, e.message);
	assert_int_equal(r.entries, total);
	assert_int_equal(r.checkpoints, total);
	assert_int_equal(r.checkpoint_id, total);
	assert_int_equal(r.unconfirmed_from, 0);

	/* a line repeated further down: still one checkpoint more, nothing else */
	FILE *f = fopen(cp, "r+");
	assert_non_null(f);
	char line[400];
	assert_non_null(fgets(line, sizeof line, f));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	fputs(line, f);
	fclose(f);
	if (audit_verify(db, &r, &e))
		fail_msg("a repeated line: %s", e.message);
	assert_int_equal(r.checkpoints, total + 1);
	assert_int_equal(r.checkpoint_id, total);
	/* and a signed entry rewritten in the middle is still found there */
	exec(db, "UPDATE audit_log SET actor = 'x' WHERE id = 100");
	assert_int_equal(refused(db, "audit.edited").broken_id, 100);

	db_close(db);
	assert_int_equal(audit_keys_use(secret, NULL, &e), 0);
	char p[96];
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
	unlink(cp);
	rmdir(dir);
}

/* Inside the caller's transaction the entry is part of it: a rollback takes it away. */
static void append_inside_a_transaction(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct err e;
	err_clear(&e);
	struct audit_entry a = { .actor = "t", .action = "create", .kind = "posts", .record_id = 1 };
	assert_int_equal(db_begin(db, &e), 0);
	assert_true(db_in_transaction(db));
	assert_int_equal(audit_append(db, &a, 1700000000, &e), 0);
	assert_true(db_in_transaction(db)); /* the caller's transaction is still its own */
	db_rollback(db);
	struct audit_report r;
	assert_int_equal(audit_verify(db, &r, &e), 0);
	assert_int_equal(r.entries, 0);
	assert_int_equal(audit_append(db, &a, 1700000000, &e), 0);
	assert_false(db_in_transaction(db));
	assert_int_equal(audit_verify(db, &r, &e), 0);
	assert_int_equal(r.entries, 1);
	db_close(db);
}

/* A folder with a database, its key (made by audit_keys_open) and checkpoint file. */
struct keyed {
	char dir[32], db[48], key[64], pub[72], cp[64];
};

static struct db *keyed_open_in(struct keyed *k);

static struct db *keyed_open(struct keyed *k)
{
	snprintf(k->dir, sizeof k->dir, "/tmp/fq-audit-XXXXXX");
	assert_non_null(mkdtemp(k->dir));
	return keyed_open_in(k);
}

/* The same, in k->dir as it is. */
static struct db *keyed_open_in(struct keyed *k)
{
	snprintf(k->db, sizeof k->db, "%s/a.db", k->dir);
	snprintf(k->key, sizeof k->key, "%s.key", k->db);
	snprintf(k->pub, sizeof k->pub, "%s.key.pub", k->db);
	snprintf(k->cp, sizeof k->cp, "%s.audit", k->db);
	struct err e;
	err_clear(&e);
	struct db *db = db_open(k->db, &e);
	assert_non_null(db);
	assert_int_equal(db_migrate(db, NULL, &e), 0);
	if (audit_keys_open(db, k->key, k->cp, false, &e))
		fail_msg("keys: %s", e.message);
	return db;
}

static void keyed_close(struct keyed *k, struct db *db)
{
	db_close(db);
	audit_keys_use((const unsigned char[AUDIT_SECRET_BYTES]){ 1 }, NULL, &(struct err){ 0 });
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char p[96];
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", k->db, suffix[i]);
		unlink(p);
	}
	unlink(k->key);
	unlink(k->pub);
	unlink(k->cp);
	rmdir(k->dir);
}

static void append_n(struct db *db, int n)
{
	struct err e;
	err_clear(&e);
	for (int i = 0; i < n; i++) {
		struct audit_entry a = { .actor = "t", .action = "export", .kind = "posts", .detail = "{\"rows\":1}" };
		if (audit_append(db, &a, 1700000000 + i, &e))
			fail_msg("append: %s", e.message);
	}
}

static void exec(struct db *db, const char *sql)
{
	struct err e;
	err_clear(&e);
	if (db_exec(db, sql, &e))
		fail_msg("%s: %s", sql, e.message);
}

/* verify must fail with `code`; the report is returned */
static struct audit_report refused(struct db *db, const char *code)
{
	struct audit_report r;
	struct err e;
	err_clear(&e);
	if (audit_verify(db, &r, &e) == 0)
		fail_msg("verify passed, want %s", code);
	assert_string_equal(e.code, code);
	return r;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 0777;
}

static void files_are_the_owners_alone(void **state)
{
	(void)state;
	struct keyed k;
	struct db *db = keyed_open(&k);
	append_n(db, 1);
	assert_int_equal(mode_of(k.db), 0600);
	assert_int_equal(mode_of(k.key), 0600);
	assert_int_equal(mode_of(k.cp), 0600);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", k.db);
	assert_int_equal(mode_of(wal), 0600);
	keyed_close(&k, db);
}

/* A key others can read is refused, not used. */
static void a_key_others_can_read_is_refused(void **state)
{
	(void)state;
	struct keyed k;
	struct db *db = keyed_open(&k);
	struct err e;
	err_clear(&e);
	assert_int_equal(chmod(k.key, 0640), 0);
	assert_int_equal(audit_keys_open(db, k.key, k.cp, false, &e), -1);
	assert_string_equal(e.code, "audit.key_mode");
	assert_int_equal(chmod(k.key, 0600), 0);
	err_clear(&e);
	assert_int_equal(audit_keys_open(db, k.key, k.cp, false, &e), 0);
	keyed_close(&k, db);
}

/* A creation that stopped after it committed (the seal, or entry 0's
 * checkpoint) but before the key was put in place: KEY.new is taken. */
static void a_key_left_pending_is_taken(void **state)
{
	(void)state;
	for (int n = 0; n <= 2; n += 2) {
		struct keyed k;
		struct db *db = keyed_open(&k);
		append_n(db, n);
		char pending[80];
		snprintf(pending, sizeof pending, "%s.new", k.key);
		assert_int_equal(rename(k.key, pending), 0);
		struct err e;
		err_clear(&e);
		if (audit_keys_open(db, k.key, k.cp, false, &e))
			fail_msg("%d entries: %s: %s", n, e.code, e.message);
		assert_int_equal(access(pending, F_OK), -1);
		struct audit_report r;
		if (audit_verify(db, &r, &e))
			fail_msg("%s", e.message);
		assert_int_equal(r.entries, n);
		assert_int_equal(r.checkpoint_id, n);
		keyed_close(&k, db);
	}
}

/* One that stopped before it committed: KEY.new is dropped, a key made anew. */
static void a_key_left_uncommitted_is_dropped(void **state)
{
	(void)state;
	struct keyed k;
	struct db *db = keyed_open(&k);
	keyed_close(&k, db);
	assert_int_equal(mkdir(k.dir, 0700), 0);
	char pending[80];
	snprintf(pending, sizeof pending, "%s.new", k.key);
	FILE *f = fopen(pending, "w");
	assert_non_null(f);
	fputs("0101010101010101010101010101010101010101010101010101010101010101\n", f);
	fclose(f);
	assert_int_equal(chmod(pending, 0600), 0);
	db = keyed_open_in(&k);
	assert_int_equal(access(pending, F_OK), -1);
	struct audit_report r;
	struct err e;
	err_clear(&e);
	append_n(db, 1);
	if (audit_verify(db, &r, &e))
		fail_msg("%s", e.message);
	assert_int_equal(r.checkpoints, 2);
	keyed_close(&k, db);
}

/* Several processes start on a new database at once: one key, put in place
 * whole (never read half written), one checkpoint of entry 0. */
static void a_first_start_in_several_processes(void **state)
{
	(void)state;
	for (int round = 0; round < 3; round++) {
		struct keyed k;
		struct db *db = keyed_open(&k);
		keyed_close(&k, db);
		assert_int_equal(mkdir(k.dir, 0700), 0);
		db = db_open(k.db, &(struct err){ 0 });
		assert_non_null(db);
		assert_int_equal(db_migrate(db, NULL, &(struct err){ 0 }), 0);
		db_close(db);
		pid_t child[4];
		for (int i = 0; i < 4; i++) {
			child[i] = fork();
			assert_true(child[i] >= 0);
			if (child[i] == 0) {
				struct err e;
				err_clear(&e);
				struct db *c = db_open(k.db, &e);
				if (!c || audit_keys_open(c, k.key, k.cp, false, &e)) {
					fprintf(stderr, "process %d: %s: %s\n", i, e.code, e.message);
					_exit(1);
				}
				struct audit_entry a = { .actor = "t", .action = "login" };
				for (int j = 0; j < 5; j++)
					if (audit_append(c, &a, 1700000000, &e))
						_exit(2);
				db_close(c);
				_exit(0);
			}
		}
		for (int i = 0; i < 4; i++) {
			int status;
			assert_int_equal(waitpid(child[i], &status, 0), child[i]);
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				fail_msg("round %d, process %d failed: status %d", round, i, status);
		}
		db = keyed_open_in(&k);
		struct audit_report r;
		struct err e;
		err_clear(&e);
		if (audit_verify(db, &r, &e))
			fail_msg("%s", e.message);
		assert_int_equal(r.entries, 20);
		assert_int_equal(r.checkpoints, 21);
		keyed_close(&k, db);
	}
}

static void truncation_and_deletion_are_named(void **state)
{
	(void)state;
	struct keyed k;
	struct db *db = keyed_open(&k);
	append_n(db, 5);
	struct audit_report r;
	struct err e;
	err_clear(&e);
	assert_int_equal(audit_verify(db, &r, &e), 0);
	assert_int_equal(r.entries, 5);
	assert_int_equal(r.checkpoint_id, 5);
	assert_int_equal(r.checkpoints, 6); /* entry 0 at the key's creation, then one per commit */
	assert_int_equal(r.unconfirmed_from, 0);

	exec(db, "DELETE FROM audit_log WHERE id >= 4");
	r = refused(db, "audit.truncated");
	assert_int_equal(r.missing_from, 4);
	assert_int_equal(r.missing_to, 5);
	exec(db, "DELETE FROM audit_log WHERE id = 2");
	r = refused(db, "audit.gap");
	assert_int_equal(r.missing_from, 2);
	assert_int_equal(r.missing_to, 2);
	exec(db, "DELETE FROM audit_log");
	r = refused(db, "audit.truncated");
	assert_int_equal(r.missing_from, 1);
	assert_int_equal(r.missing_to, 5);
	keyed_close(&k, db);
}

static void edits_and_forgeries_are_named(void **state)
{
	(void)state;
	struct keyed k;
	struct db *db = keyed_open(&k);
	append_n(db, 4);
	exec(db, "UPDATE audit_log SET actor = 'mallory' WHERE id = 2");
	assert_int_equal(refused(db, "audit.edited").broken_id, 2);
	exec(db, "UPDATE audit_log SET actor = 't' WHERE id = 2");
	exec(db, "UPDATE audit_log SET detail = '{}' WHERE id = 4");
	assert_int_equal(refused(db, "audit.edited").broken_id, 4);
	keyed_close(&k, db);

	/* a whole chain written under another key: forged from its first entry */
	db = keyed_open(&k);
	const unsigned char other[AUDIT_SECRET_BYTES] = { 7 };
	struct err e;
	err_clear(&e);
	exec(db, "DELETE FROM audit_log");
	assert_int_equal(audit_keys_use(other, NULL, &e), 0);
	append_n(db, 3);
	assert_int_equal(audit_keys_open(db, k.key, k.cp, false, &e), 0);
	assert_int_equal(refused(db, "audit.forged").broken_id, 1);
	keyed_close(&k, db);
}

/* Keyed, a NULL field is not "" and no record is not record 0. */
static void null_is_not_empty(void **state)
{
	(void)state;
	static const char *const edits[] = {
		"UPDATE audit_log SET ip = '' WHERE id = 1", "UPDATE audit_log SET kind = '' WHERE id = 1",
		"UPDATE audit_log SET detail = '' WHERE id = 1", "UPDATE audit_log SET record_id = 0 WHERE id = 1",
	};
	for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
		struct keyed k;
		struct db *db = keyed_open(&k);
		struct err e;
		err_clear(&e);
		struct audit_entry a = { .actor = "t", .action = "login_failed" }; /* ip, kind, record, detail: none */
		assert_int_equal(audit_append(db, &a, 1700000000, &e), 0);
		append_n(db, 1);
		exec(db, edits[i]);
		struct audit_report r = refused(db, "audit.edited");
		assert_int_equal(r.broken_id, 1);
		keyed_close(&k, db);
	}
}

static void a_tampered_checkpoint_file_is_named(void **state)
{
	(void)state;
	struct keyed k;
	struct db *db = keyed_open(&k);
	append_n(db, 2);
	FILE *f = fopen(k.cp, "r+");
	assert_non_null(f);
	char line[400];
	assert_non_null(fgets(line, sizeof line, f)); /* "v1 0 ..." */
	assert_int_equal(fseek(f, (long)strlen(line) + 3, SEEK_SET), 0); /* line 2: "v1 1 ..." becomes "v1 2 ..." */
	fputc('2', f);
	fclose(f);
	assert_int_equal(refused(db, "audit.checkpoint_bad").bad_line, 2);
	assert_int_equal(truncate(k.cp, 0), 0);
	assert_int_equal(refused(db, "audit.checkpoint_bad").bad_line, 0);
	keyed_close(&k, db);
}

/* A commit whose checkpoint was never written (a crash between the two) is
 * not a forgery: verify passes and says which entries are unconfirmed. */
static void entries_after_the_last_checkpoint_are_reported(void **state)
{
	(void)state;
	struct keyed k;
	struct db *db = keyed_open(&k);
	append_n(db, 2);
	struct err e;
	err_clear(&e);
	/* the same key, no checkpoint file: as if the process stopped after each commit */
	unsigned char secret[AUDIT_SECRET_BYTES];
	char hex[80];
	FILE *f = fopen(k.key, "r");
	assert_non_null(f);
	assert_non_null(fgets(hex, sizeof hex, f));
	fclose(f);
	assert_int_equal(sodium_hex2bin(secret, sizeof secret, hex, 64, NULL, NULL, NULL), 0);
	assert_int_equal(audit_keys_use(secret, NULL, &e), 0);
	append_n(db, 2);
	assert_int_equal(audit_keys_open(db, k.key, k.cp, false, &e), 0);
	struct audit_report r;
	if (audit_verify(db, &r, &e))
		fail_msg("%s", e.message);
	assert_int_equal(r.entries, 4);
	assert_int_equal(r.unconfirmed_from, 3);
	assert_int_equal(r.unconfirmed_to, 4);
	keyed_close(&k, db);
}

/* Nothing is appended, and no checkpoint written, for a transaction rolled
 * back; nor by a bare ROLLBACK (not db_rollback): the next transaction's
 * commit would then sign an entry the database never held (truncated). */
static void no_checkpoint_for_a_rollback(void **state)
{
	(void)state;
	struct keyed k;
	struct db *db = keyed_open(&k);
	struct err e;
	err_clear(&e);
	struct audit_entry a = { .actor = "t", .action = "create", .kind = "posts", .record_id = 1 };
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(audit_append(db, &a, 1700000000, &e), 0);
	db_rollback(db);
	append_n(db, 1);
	struct audit_report r;
	assert_int_equal(audit_verify(db, &r, &e), 0);
	assert_int_equal(r.checkpoints, 2);
	assert_int_equal(r.checkpoint_id, 1);
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(audit_append(db, &a, 1700000000, &e), 0);
	exec(db, "ROLLBACK");
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	if (audit_verify(db, &r, &e))
		fail_msg("%s: %s", e.code, e.message);
	assert_int_equal(r.checkpoints, 2);
	keyed_close(&k, db);
}

/* A commit is on disk before its checkpoint line is (WAL with
 * synchronous=NORMAL could lose a commit whose checkpoint was synced). */
static void commits_are_durable_before_their_checkpoint(void **state)
{
	(void)state;
	struct db *db = test_db();
	struct err e;
	err_clear(&e);
	struct db_stmt *st = db_prepare(db, "PRAGMA synchronous", &e);
	assert_non_null(st);
	assert_int_equal(db_step(st, &e), 1);
	assert_int_equal(db_col_int(st, 0), 2); /* FULL */
	db_done(st);
	db_close(db);
}

/* A checkpoint that cannot be written (here: past the file size limit, as
 * on a full disk) stops audited writes with 503 audit.checkpoint_failed
 * until it can be written again; then the lost one is written first. */
static void a_lost_checkpoint_stops_audited_writes(void **state)
{
	(void)state;
	char dir[] = "/tmp/fq-audit-XXXXXX", cp[64];
	assert_non_null(mkdtemp(dir));
	snprintf(cp, sizeof cp, "%s/a.audit", dir);
	static const unsigned char secret[AUDIT_SECRET_BYTES] = { 9 };
	struct err e;
	err_clear(&e);
	struct db *db = test_db();
	assert_int_equal(audit_keys_use(secret, cp, &e), 0);
	append_n(db, 1);
	struct stat sb;
	assert_int_equal(stat(cp, &sb), 0);
	struct rlimit was, small;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	small = (struct rlimit){ .rlim_cur = (rlim_t)sb.st_size, .rlim_max = was.rlim_max };
	void (*sig)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	append_n(db, 1); /* committed; its checkpoint lost */
	struct audit_entry a = { .actor = "t", .action = "export", .kind = "posts" };
	int rc = audit_append(db, &a, 1700000000, &e);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	signal(SIGXFSZ, sig);
	assert_int_equal(rc, -1);
	assert_string_equal(e.code, "audit.checkpoint_failed");
	assert_int_equal(e.kind, ERR_UNAVAILABLE);
	err_clear(&e);
	append_n(db, 1); /* the lost checkpoint first, then its own */
	struct audit_report r;
	if (audit_verify(db, &r, &e))
		fail_msg("%s: %s", e.code, e.message);
	assert_int_equal(r.entries, 3);
	assert_int_equal(r.checkpoints, 3);
	assert_int_equal(r.checkpoint_id, 3);
	db_close(db);
	assert_int_equal(audit_keys_use(secret, NULL, &e), 0);
	unlink(cp);
	rmdir(dir);
}

static int keys_setup(void **state)
{
	(void)state;
	static const unsigned char secret[AUDIT_SECRET_BYTES] = { 1, 2, 3 };
	struct err e;
	err_clear(&e);
	return audit_keys_use(secret, NULL, &e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent_appends_keep_the_chain),
		cmocka_unit_test(append_inside_a_transaction),
		cmocka_unit_test(files_are_the_owners_alone),
		cmocka_unit_test(a_key_others_can_read_is_refused),
		cmocka_unit_test(a_key_left_pending_is_taken),
		cmocka_unit_test(a_key_left_uncommitted_is_dropped),
		cmocka_unit_test(a_first_start_in_several_processes),
		cmocka_unit_test(truncation_and_deletion_are_named),
		cmocka_unit_test(edits_and_forgeries_are_named),
		cmocka_unit_test(null_is_not_empty),
		cmocka_unit_test(a_tampered_checkpoint_file_is_named),
		cmocka_unit_test(entries_after_the_last_checkpoint_are_reported),
		cmocka_unit_test(no_checkpoint_for_a_rollback),
		cmocka_unit_test(commits_are_durable_before_their_checkpoint),
		cmocka_unit_test(a_lost_checkpoint_stops_audited_writes),
	};
	return cmocka_run_group_tests(tests, keys_setup, NULL);
}
