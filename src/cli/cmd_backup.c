/*
 * cmd_backup.c — whole databases (CONTRACTS.md §8, docs/operations.md):
 *
 *   fengqiao backup FILE    a consistent copy while the server runs and writes
 *   fengqiao restore FILE   checked first, then put in place atomically
 *   fengqiao copy --to URL  every table, ids kept, into another (empty) database
 *
 * A backup is three files: FILE (the database, SQLite's online backup: one
 * snapshot), FILE.audit (the signed audit checkpoints, complete lines as
 * they were just before the snapshot, so every one names an entry the
 * snapshot holds) and FILE.manifest (JSON: each file's size and SHA-256, the
 * migration level, the audit log's last entry), written last: a backup
 * without it is unfinished.  The audit key (DB.key) is NOT in it: the
 * operator keeps the key apart (it signs; whoever holds it with a backup
 * could forge a history), and restore verifies the chain with the key of
 * the database it replaces.
 */
#include "cli/cli.h"
#include "base/config.h"
#include "base/embed.h"
#include "base/text.h"
#include "model/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MANIFEST_FORMAT "fengqiao-backup/1"

static int io_fail(struct err *e, const char *code, const char *what, const char *path, int errnum)
{
	return err_set(e, ERR_IO, code, NULL, "%s %s: %s", what, path,
		       err_errno_text(errnum, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
}

/* A file's SHA-256 (hex) and size. */
static int file_digest(const char *path, char hex[65], int64_t *bytes, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return io_fail(e, "backup.read", "无法读取（cannot read）", path, errno);
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	static unsigned char buf[1 << 16];
	*bytes = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		crypto_hash_sha256_update(&h, buf, (unsigned long long)n);
		*bytes += n;
	}
	int saved = errno;
	close(fd);
	if (n < 0)
		return io_fail(e, "backup.read", "无法读取（cannot read）", path, saved);
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, 65, d, sizeof d);
	return 0;
}

/*
 * Copy `from` to the new file `to` (mode 0600), synced.  `whole_lines`:
 * only up to the last line break (a checkpoint line being appended at that
 * moment is left out).  A missing `from` is ENOENT in *missing when given.
 */
static int copy_file(const char *from, const char *to, bool whole_lines, bool *missing, struct err *e)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		if (missing && errno == ENOENT) {
			*missing = true;
			return 0;
		}
		return io_fail(e, "backup.read", "无法读取（cannot read）", from, errno);
	}
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		int saved = errno;
		close(in);
		return io_fail(e, "backup.create", "无法创建（cannot create）", to, saved);
	}
	static unsigned char buf[1 << 16];
	off_t written = 0, whole = 0;
	ssize_t n;
	int rc = 0;
	while ((n = read(in, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\n')
				whole = written + i + 1;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w < 0) {
				rc = io_fail(e, "backup.write", "无法写入（cannot write）", to, errno);
				break;
			}
			done += w;
		}
		if (rc)
			break;
		written += n;
	}
	if (n < 0 && !rc)
		rc = io_fail(e, "backup.read", "无法读取（cannot read）", from, errno);
	if (!rc && whole_lines && whole != written && ftruncate(out, whole) != 0)
		rc = io_fail(e, "backup.write", "无法写入（cannot write）", to, errno);
	if (!rc && fsync(out) != 0)
		rc = io_fail(e, "backup.write", "无法写盘（cannot sync）", to, errno);
	close(in);
	close(out);
	return rc;
}

static int sync_folder_of(const char *path, struct err *e)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	snprintf(dir, sizeof dir, "%.*s", slash ? (slash == path ? 1 : (int)(slash - path)) : 1, slash ? path : ".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		return io_fail(e, "backup.write", "无法写盘（cannot sync）", dir, saved);
	}
	close(fd);
	return 0;
}

static int put_in_place(const char *from, const char *to, struct err *e)
{
	return rename(from, to) == 0 ? 0 : io_fail(e, "backup.rename", "无法改名为（cannot rename to）", to, errno);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* What a database holds, for the manifest and the messages: its newest
 * migration and how many, its audit log's last entry and how many. */
struct db_facts {
	char migration[128];
	int64_t migrations, audit_entries, audit_last;
};

static int read_facts(struct db *db, struct db_facts *f, struct err *e)
{
	memset(f, 0, sizeof *f);
	if (db_text_of(db, "SELECT MAX(version) FROM schema_migrations WHERE version <> ?", "", f->migration,
		       sizeof f->migration, e) < 0 ||
	    db_query_int(db, "SELECT COUNT(*) FROM schema_migrations", &f->migrations, e) ||
	    db_query_int(db, "SELECT COUNT(*) FROM audit_log", &f->audit_entries, e) ||
	    db_query_int(db, "SELECT IFNULL(MAX(id), 0) FROM audit_log", &f->audit_last, e))
		return -1;
	return 0;
}

/* db_integrity's problems: the first one's words kept, the rest left unread. */
static int first_problem(void *ctx, const char *problem)
{
	snprintf(ctx, 200, "%s", problem);
	return 1;
}

/* ---- backup --------------------------------------------------------------------------------- */

struct backup_files {
	char db[PATH_MAX], audit[PATH_MAX], manifest[PATH_MAX];
};

static int backup_names(const char *file, const char *suffix, struct backup_files *f, struct err *e)
{
	if (snprintf(f->db, sizeof f->db, "%s%s", file, suffix) >= (int)sizeof f->db ||
	    snprintf(f->audit, sizeof f->audit, "%s.audit%s", file, suffix) >= (int)sizeof f->audit ||
	    snprintf(f->manifest, sizeof f->manifest, "%s.manifest%s", file, suffix) >= (int)sizeof f->manifest)
		return err_set(e, ERR_INVALID, "backup.path", NULL, "路径过长（path too long）: %s", file);
	return 0;
}

static void remove_files(const struct backup_files *f)
{
	unlink(f->db);
	unlink(f->audit);
	unlink(f->manifest);
}

/* The backup written under `part` names, checked and described. */
static int backup_write(struct db *db, const char *checkpoints, const struct backup_files *part,
			const struct backup_files *done, json_t **manifest, struct err *e)
{
	/* the checkpoints first: each then names an entry the snapshot holds */
	bool no_checkpoints = false;
	if (copy_file(checkpoints, part->audit, true, &no_checkpoints, e))
		return -1;
	if (no_checkpoints)
		return err_set(e, ERR_IO, "backup.checkpoints", NULL,
			       "审计检查点文件 %s 缺失，无法备份可核验的审计链（the audit checkpoint file is missing）", checkpoints);
	if (db_backup(db, part->db, e))
		return -1;
	/* the copy read back: whole, and what it holds */
	struct db *copy = db_open(part->db, e);
	if (!copy)
		return -1;
	struct db_facts facts;
	char first[200] = "";
	int problems = db_integrity(copy, first_problem, first, e);
	int rc = problems < 0 || read_facts(copy, &facts, e) ? -1 : 0;
	db_close(copy);
	if (rc)
		return -1;
	if (problems)
		return err_set(e, ERR_DB, "backup.damaged", NULL, "备份副本未通过完整性检查（the copy fails its integrity check）: %s",
			       first);
	char db_sum[65], audit_sum[65];
	int64_t db_bytes, audit_bytes;
	if (file_digest(part->db, db_sum, &db_bytes, e) || file_digest(part->audit, audit_sum, &audit_bytes, e))
		return -1;
	*manifest = json_pack("{s:s, s:I, s:{s:s, s:I, s:s}, s:{s:s, s:I, s:s}, s:s, s:I, s:{s:I, s:I}, s:s}",
			      "format", MANIFEST_FORMAT, "created_at", (json_int_t)time(NULL),
			      "database", "file", base_name(done->db), "bytes", (json_int_t)db_bytes, "sha256", db_sum,
			      "checkpoints", "file", base_name(done->audit), "bytes", (json_int_t)audit_bytes, "sha256",
			      audit_sum, "migration", facts.migration, "migrations", (json_int_t)facts.migrations,
			      "audit", "entries", (json_int_t)facts.audit_entries, "last_id", (json_int_t)facts.audit_last,
			      "key", "not included: keep the audit key (DB.key) apart");
	if (!*manifest)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int fd = open(part->manifest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_fail(e, "backup.create", "无法创建（cannot create）", part->manifest, errno);
	rc = json_dumpfd(*manifest, fd, JSON_INDENT(2) | JSON_PRESERVE_ORDER) || write(fd, "\n", 1) != 1 || fsync(fd);
	close(fd);
	return rc ? io_fail(e, "backup.write", "无法写入（cannot write）", part->manifest, errno) : 0;
}

int cmd_backup(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao backup FILE   (writes FILE, FILE.audit, FILE.manifest)\n";
	if (cli->argc != 2 || cli->argv[1][0] == '-')
		return cli_usage(usage);
	const char *file = cli->argv[1];
	struct err e;
	err_clear(&e);
	struct backup_files part, done;
	char key[PATH_MAX], checkpoints[PATH_MAX];
	if (backup_names(file, ".part", &part, &e) || backup_names(file, "", &done, &e) ||
	    config_audit_paths(cli->db_url, key, sizeof key, checkpoints, sizeof checkpoints, &e))
		return cli_fail(&e);
	if (access(done.db, F_OK) == 0 || access(done.manifest, F_OK) == 0) {
		fprintf(stderr, "fengqiao: [backup.exists] %s 已存在，请换一个文件名（already exists: choose another name）\n", file);
		return 1;
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	remove_files(&part); /* left by an interrupted run */
	json_t *m = NULL;
	int rc = backup_write(db, checkpoints, &part, &done, &m, &e);
	if (!rc)
		rc = put_in_place(part.audit, done.audit, &e) || put_in_place(part.db, done.db, &e) ||
		     put_in_place(part.manifest, done.manifest, &e) || sync_folder_of(done.db, &e) ? -1 : 0;
	if (!rc) {
		char *detail = json_dumps(json_object_get(m, "database"), JSON_COMPACT | JSON_SORT_KEYS);
		rc = cli_audit(db, "backup", NULL, 0, detail, &e);
		free(detail);
	}
	db_close(db);
	if (rc) {
		remove_files(&part);
		json_decref(m);
		fprintf(stderr, "fengqiao: [%s] %s\n", e.code[0] ? e.code : "backup.failed", e.message);
		return e.kind == ERR_UNAVAILABLE ? CLI_EXIT_TRY_AGAIN : 1;
	}
	json_t *d = json_object_get(m, "database");
	printf("备份完成 backup written: %s（%lld 字节 bytes，sha256 %s），迁移 migration %s，审计日志至第 %lld 条 audit log up to entry %lld\n",
	       file, (long long)json_integer_value(json_object_get(d, "bytes")),
	       json_string_value(json_object_get(d, "sha256")), json_string_value(json_object_get(m, "migration")),
	       (long long)json_integer_value(json_object_get(json_object_get(m, "audit"), "last_id")),
	       (long long)json_integer_value(json_object_get(json_object_get(m, "audit"), "last_id")));
	printf("另有 also: %s（签名检查点 signed checkpoints）, %s（清单 manifest）\n", done.audit, done.manifest);
	printf("审计密钥不在备份中，请另行妥善保管 %s（the audit key is not in the backup: keep a copy of it apart）\n", key);
	json_decref(m);
	return 0;
}

/* ---- restore -------------------------------------------------------------------------------- */

/* A refusal of restore: its code and words, printed as "fengqiao: [code] message". */
#define refuse(e, code, ...) err_set(e, ERR_INVALID, code, NULL, __VA_ARGS__)

static bool known_migration(const char *version)
{
	char path[160];
	snprintf(path, sizeof path, "schema/%s", version);
	return embed_find(path) != NULL;
}

/* The staged copy, opened: a Fengqiao database of a level this program knows, whole, passing every check. */
static int restore_check(const char *staged, const char *staged_audit, const char *key, struct db_facts *facts,
			 struct err *e)
{
	struct err why;
	err_clear(&why);
	struct db *db = db_open(staged, &why);
	if (!db)
		return refuse(e, "restore.damaged", "备份文件不是可读的 SQLite 数据库（not a readable SQLite database）: %s",
			      why.message);
	int rc = 0;
	char first[200] = "";
	int problems = db_integrity(db, first_problem, first, &why);
	if (problems != 0) {
		rc = refuse(e, "restore.damaged", "备份文件已损坏，未通过完整性检查（damaged: fails the integrity check）: %s",
			    problems < 0 ? why.message : first);
		goto out;
	}
	struct db_stmt *st = db_prepare(db, "SELECT version FROM schema_migrations ORDER BY version", &why);
	int n = 0, step = st ? 0 : -1;
	while (st && (step = db_step(st, &why)) == 1) {
		n++;
		if (!known_migration(db_col_text(st, 0))) {
			refuse(e, "restore.newer", "备份来自更新版本的 fengqiao（迁移 %s 本程序不认识），请用该版本恢复（written by a newer "
						   "fengqiao: restore it with that version）", db_col_text(st, 0));
			step = -2;
			break;
		}
	}
	db_done(st);
	if (step == -2 || step == -1 || n == 0) {
		if (step != -2)
			refuse(e, "restore.foreign", "这不是 fengqiao 数据库（没有迁移记录）（not a fengqiao database: no migrations）");
		rc = -1;
		goto out;
	}
	if (db_migrate(db, NULL, e) || read_facts(db, facts, e)) {
		rc = -1;
		goto out;
	}
	if (access(key, R_OK) != 0) {
		rc = refuse(e, "restore.key_missing", "审计密钥 %s 缺失：请先放回原密钥，再恢复（the audit key is missing: put it back "
						      "first）", key);
		goto out;
	}
	if (audit_keys_open(db, key, staged_audit, false, e)) {
		rc = -1;
		goto out;
	}
	json_t *checks = NULL, *found = NULL;
	rc = cli_check_db(db, false, &checks, &found, e);
	if (rc == 0 && json_array_size(found)) {
		char failed[64];
		cli_check_failed(checks, failed, sizeof failed);
		json_t *one = json_array_get(found, 0);
		rc = refuse(e, "restore.check_failed", "备份未通过检查：%s（fails fengqiao check），例如 e.g. %s",
			    failed, json_string_value(json_object_get(one, "message")));
	}
	json_decref(checks);
	json_decref(found);
	audit_keys_close();
out:
	db_close(db);
	return rc;
}

struct restore_place {
	const char *staged_audit, *checkpoints;
};

/* While the database is ours: the backup's checkpoints in place, the
 * current ones kept aside (they witness the history the restore goes
 * back from). */
static int place_checkpoints(void *ctx, struct err *e)
{
	const struct restore_place *p = ctx;
	if (access(p->checkpoints, F_OK) == 0) {
		char aside[PATH_MAX + 40];
		snprintf(aside, sizeof aside, "%s.before-restore-%lld", p->checkpoints, (long long)time(NULL));
		if (put_in_place(p->checkpoints, aside, e))
			return -1;
	}
	return put_in_place(p->staged_audit, p->checkpoints, e);
}

static const char *sqlite_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) ? url : url + 7;
}

int cmd_restore(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao restore FILE [--no-manifest]   (stop the server first)\n";
	const char *file = NULL;
	bool no_manifest = false;
	for (int i = 1; i < cli->argc; i++) {
		if (!strcmp(cli->argv[i], "--no-manifest"))
			no_manifest = true;
		else if (cli->argv[i][0] != '-' && !file)
			file = cli->argv[i];
		else
			return cli_usage(usage);
	}
	if (!file)
		return cli_usage(usage);
	struct err e;
	err_clear(&e);
	const char *target = sqlite_path(cli->db_url);
	char key[PATH_MAX], checkpoints[PATH_MAX], staged[PATH_MAX] = "", staged_audit[PATH_MAX + 8] = "", side[PATH_MAX + 8];
	struct backup_files given;
	json_t *m = NULL;
	int rc = 0;
	if (strstr(target, "://"))
		rc = db_restore(cli->db_url, NULL, NULL, NULL, &e); /* says what to use instead */
	else if (config_audit_paths(cli->db_url, key, sizeof key, checkpoints, sizeof checkpoints, &e) ||
		 backup_names(file, "", &given, &e))
		rc = -1;
	if (rc)
		goto fail;
	snprintf(staged, sizeof staged, "%s.restore-%ld", target, (long)getpid());
	snprintf(staged_audit, sizeof staged_audit, "%s.audit", staged);
	if (!no_manifest) {
		json_error_t je;
		m = json_load_file(given.manifest, 0, &je);
		if (!m && access(given.manifest, F_OK) != 0) {
			rc = refuse(&e, "restore.manifest_missing", "缺少清单 %s：不是 fengqiao backup 写成的备份，或不完整；确认无误可加 --no-manifest"
				    "（no manifest: not a complete fengqiao backup; --no-manifest to restore it anyway）",
				    given.manifest);
			goto fail;
		}
		if (!m || strcmp(json_string_value(json_object_get(m, "format")) ? json_string_value(json_object_get(m, "format")) : "",
				 MANIFEST_FORMAT)) {
			rc = refuse(&e, "restore.manifest_bad", "清单 %s 格式不符（the manifest is not one fengqiao wrote）",
				    given.manifest);
			goto fail;
		}
	}
	if (copy_file(file, staged, false, NULL, &e)) {
		rc = -1;
		goto fail;
	}
	bool no_audit = false;
	rc = copy_file(given.audit, staged_audit, false, &no_audit, &e);
	if (rc)
		goto fail;
	/* the checksums: the file as the backup wrote it */
	for (int f = 0; m && f < 2; f++) {
		json_t *want = json_object_get(m, f ? "checkpoints" : "database");
		const char *path = f ? staged_audit : staged;
		char sum[65];
		int64_t bytes = 0;
		if (f && no_audit) {
			rc = refuse(&e, "restore.truncated", "备份缺少检查点文件 %s（the checkpoint file is missing）", given.audit);
			goto fail;
		}
		if (file_digest(path, sum, &bytes, &e)) {
			rc = -1;
			goto fail;
		}
		json_int_t want_bytes = json_integer_value(json_object_get(want, "bytes"));
		const char *want_sum = json_string_value(json_object_get(want, "sha256"));
		if (bytes < want_bytes) {
			rc = refuse(&e, "restore.truncated", "备份文件 %s 不完整：比清单记载的短（truncated: shorter than its manifest says）",
				    f ? given.audit : file);
			goto fail;
		}
		if (bytes != want_bytes || !want_sum || strcmp(sum, want_sum)) {
			rc = refuse(&e, "restore.checksum", "备份文件 %s 已损坏：校验和与清单不符（damaged: its SHA-256 differs from the "
							   "manifest's）", f ? given.audit : file);
			goto fail;
		}
	}
	struct db_facts facts;
	if (restore_check(staged, staged_audit, key, &facts, &e)) {
		rc = -1;
		goto fail;
	}
	struct restore_place place = { staged_audit, checkpoints };
	if (db_restore(target, staged, place_checkpoints, &place, &e)) {
		rc = -1;
		goto fail;
	}
	printf("已恢复 restored: %s → %s（迁移 migration %s，审计日志至第 %lld 条 audit log up to entry %lld）\n", file, target,
	       facts.migration, (long long)facts.audit_last, (long long)facts.audit_last);
	json_decref(m);
	return 0;
fail:
	unlink(staged);
	unlink(staged_audit);
	snprintf(side, sizeof side, "%s-wal", staged);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", staged);
	unlink(side);
	json_decref(m);
	fprintf(stderr, "fengqiao: [%s] %s\n", e.code[0] ? e.code : "restore.failed", e.message);
	fprintf(stderr, "fengqiao: 未作任何改动（nothing was changed）\n");
	return e.kind == ERR_UNAVAILABLE ? CLI_EXIT_TRY_AGAIN : 1;
}

/* ---- copy ----------------------------------------------------------------------------------- */

/* SQL naming `table` (from the database's own catalogue), quoted. */
static int table_sql(struct buf *b, const char *fmt_before, const char *table, const char *after, struct err *e)
{
	buf_reset(b);
	if (strchr(table, '"'))
		return err_set(e, ERR_INVALID, "copy.table", NULL, "表名含引号（a table name with a quote）: %s", table);
	buf_printf(b, "%s\"%s\"%s", fmt_before, table, after);
	return b->failed ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory") : 0;
}

static int count_rows(struct db *db, const char *table, int64_t *out, struct err *e)
{
	struct buf b;
	buf_init(&b);
	int rc = table_sql(&b, "SELECT COUNT(*) FROM ", table, "", e) || db_query_int(db, b.p, out, e) ? -1 : 0;
	buf_free(&b);
	return rc;
}

/* Every row of `table` from `src` into `dst`, column by column as stored. */
static int copy_table(struct db *src, struct db *dst, const char *table, int64_t *rows, struct err *e)
{
	struct buf sel, ins;
	buf_init(&sel);
	buf_init(&ins);
	*rows = 0;
	int rc = table_sql(&sel, "SELECT * FROM ", table, "", e);
	struct db_stmt *st = rc ? NULL : db_prepare(src, sel.p, e);
	int step = st ? 0 : -1;
	while (st && (step = db_step(st, e)) == 1) {
		int cols = db_col_count(st);
		if (!*rows) {
			if (table_sql(&ins, "INSERT INTO ", table, " (", e)) {
				step = -1;
				break;
			}
			for (int c = 0; c < cols; c++)
				buf_printf(&ins, "%s\"%s\"", c ? ", " : "", db_col_name(st, c));
			buf_puts(&ins, ") VALUES (");
			for (int c = 0; c < cols; c++)
				buf_puts(&ins, c ? ", ?" : "?");
			buf_puts(&ins, ")");
			if (ins.failed) {
				step = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
				break;
			}
		}
		struct db_stmt *w = db_prepare(dst, ins.p, e);
		if (!w) {
			step = -1;
			break;
		}
		for (int c = 0; c < cols; c++) {
			switch (db_col_type(st, c)) {
			case DB_TYPE_NULL:
				db_bind_null(w, c + 1);
				break;
			case DB_TYPE_INT:
				db_bind_int(w, c + 1, db_col_int(st, c));
				break;
			case DB_TYPE_DOUBLE:
				db_bind_double(w, c + 1, db_col_double(st, c));
				break;
			case DB_TYPE_TEXT:
				db_bind_text(w, c + 1, db_col_text(st, c));
				break;
			}
		}
		if (db_step_done(w, e) < 0) {
			step = -1;
			break;
		}
		++*rows;
	}
	db_done(st);
	buf_free(&sel);
	buf_free(&ins);
	return step < 0 || db_ids_taken(dst, table, e) ? -1 : 0;
}

/*
 * Is `dst` empty: no table holds more rows than a database just made by
 * this program's migrations does (their seed rows, counted on one in
 * memory)?  A target left by a copy that failed half way passes again.
 */
static int target_empty(struct db *dst, char **tables, int n, const char *url, struct err *e)
{
	struct db *fresh = db_open(":memory:", e);
	if (!fresh || db_migrate(fresh, NULL, e)) {
		db_close(fresh);
		return -1;
	}
	int rc = 0;
	for (int t = 0; t < n && rc == 0; t++) {
		int64_t have = 0, seeded = 0;
		rc = count_rows(dst, tables[t], &have, e) || count_rows(fresh, tables[t], &seeded, e) ? -1 : 0;
		if (rc == 0 && have > seeded)
			rc = err_set(e, ERR_CONFLICT, "copy.target_not_empty", NULL,
				     "目标数据库 %s 不是空的（表 %s 有 %lld 行）：请复制到新建的空库（the target is not empty: copy into a new, "
				     "empty database）", url, tables[t], (long long)have);
	}
	db_close(fresh);
	return rc;
}

/* Both files hold the same bytes (a key file: small). */
static bool same_file_text(const char *a, const char *b)
{
	char x[512], y[512];
	FILE *fa = fopen(a, "re"), *fb = fopen(b, "re");
	size_t na = fa ? fread(x, 1, sizeof x, fa) : 0, nb = fb ? fread(y, 1, sizeof y, fb) : 0;
	bool same = fa && fb && na == nb && !memcmp(x, y, na);
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

struct copy_paths {
	char key[PATH_MAX], checkpoints[PATH_MAX];
};

/* The source's checkpoints and key beside the target, so its chain verifies there. */
static int copy_audit_files(const struct copy_paths *from, const struct copy_paths *to, const char *checkpoints_part,
			    struct err *e)
{
	if (strcmp(from->key, to->key) && access(to->key, F_OK) != 0) {
		char part[PATH_MAX + 8], pub_from[PATH_MAX + 8], pub_to[PATH_MAX + 8];
		snprintf(part, sizeof part, "%s.part", to->key);
		snprintf(pub_from, sizeof pub_from, "%s.pub", from->key);
		snprintf(pub_to, sizeof pub_to, "%s.pub", to->key);
		unlink(part);
		if (copy_file(from->key, part, false, NULL, e) || put_in_place(part, to->key, e))
			return -1;
		bool no_pub = false;
		unlink(part);
		if (copy_file(pub_from, part, false, &no_pub, e) || (!no_pub && put_in_place(part, pub_to, e)))
			return -1;
	}
	if (checkpoints_part[0]) {
		if (access(to->checkpoints, F_OK) == 0) {
			char aside[PATH_MAX + 40];
			snprintf(aside, sizeof aside, "%s.before-copy-%lld", to->checkpoints, (long long)time(NULL));
			if (put_in_place(to->checkpoints, aside, e))
				return -1;
		}
		if (put_in_place(checkpoints_part, to->checkpoints, e))
			return -1;
	}
	return 0;
}

/* Every table, parents first, inside one snapshot of `src` and one transaction of `dst`. */
static int copy_tables(struct db *src, struct db *dst, const char *url, int *ntables, int64_t *total, struct err *e)
{
	char **tables = NULL;
	int n = 0;
	*total = 0;
	if (db_begin_read(src, e))
		return -1;
	int rc = db_tables(src, &tables, &n, e) || target_empty(dst, tables, n, url, e) || db_begin_bulk(dst, e) ? -1 : 0;
	if (rc == 0) {
		/* a fresh database's seed rows give way to the source's, children first */
		struct buf b;
		buf_init(&b);
		for (int t = n - 1; t >= 0 && rc == 0; t--)
			rc = table_sql(&b, "DELETE FROM ", tables[t], "", e) || db_exec(dst, b.p, e) ? -1 : 0;
		buf_free(&b);
		for (int t = 0; t < n && rc == 0; t++) {
			int64_t rows = 0, landed = 0;
			rc = copy_table(src, dst, tables[t], &rows, e) || count_rows(dst, tables[t], &landed, e) ? -1 : 0;
			if (rc == 0 && landed != rows)
				rc = err_set(e, ERR_DB, "copy.rows", NULL, "表 %s 复制了 %lld 行，目标有 %lld 行（rows copied and found differ）",
					     tables[t], (long long)rows, (long long)landed);
			*total += rows;
		}
		if (rc == 0)
			rc = db_commit(dst, e);
		if (rc)
			db_rollback(dst);
	}
	db_rollback(src); /* the read snapshot ends */
	db_tables_free(tables, n);
	*ntables = n;
	return rc;
}

int cmd_copy(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao copy --to URL [--to-audit-key FILE] [--to-audit-checkpoints FILE]\n";
	const char *to = NULL, *to_key = NULL, *to_checkpoints = NULL;
	for (int i = 1; i < cli->argc; i++) {
		int r = cli_opt(cli->argc, cli->argv, &i, "--to", &to);
		if (r == 0)
			r = cli_opt(cli->argc, cli->argv, &i, "--to-audit-key", &to_key);
		if (r == 0)
			r = cli_opt(cli->argc, cli->argv, &i, "--to-audit-checkpoints", &to_checkpoints);
		if (r <= 0)
			return cli_usage(usage);
	}
	if (!to || !*to)
		return cli_usage(usage);
	struct err e;
	err_clear(&e);
	struct copy_paths from, dest;
	char checkpoints_part[PATH_MAX + 8] = "";
	if (!strcmp(sqlite_path(to), sqlite_path(cli->db_url))) {
		fprintf(stderr, "fengqiao: [copy.same] 目标与来源是同一个数据库（the target is the source）\n");
		return 1;
	}
	if (config_audit_paths(cli->db_url, from.key, sizeof from.key, from.checkpoints, sizeof from.checkpoints, &e))
		return cli_fail(&e);
	if (to_key && to_checkpoints) {
		snprintf(dest.key, sizeof dest.key, "%s", to_key);
		snprintf(dest.checkpoints, sizeof dest.checkpoints, "%s", to_checkpoints);
	} else if (config_audit_paths(to, dest.key, sizeof dest.key, dest.checkpoints, sizeof dest.checkpoints, &e)) {
		fprintf(stderr, "fengqiao: [%s] %s；或用 --to-audit-key 与 --to-audit-checkpoints（or give both options）\n", e.code,
			e.message);
		return 1;
	}
	if (strcmp(from.key, dest.key) && access(dest.key, F_OK) == 0 && !same_file_text(from.key, dest.key)) {
		fprintf(stderr, "fengqiao: [copy.key_differs] 目标已有另一把审计密钥 %s，复制过去的审计链将无法核验：请复制到新建的空库"
				"（the target has another audit key: copy into a new, empty database）\n", dest.key);
		return 1;
	}
	struct db *src = cli_open_db(cli);
	if (!src)
		return 1;
	struct db *dst = db_open(to, &e);
	int rc = dst && !db_migrate(dst, NULL, &e) ? 0 : -1;
	/* the checkpoints before the snapshot: each then names an entry the copy holds */
	if (rc == 0 && strcmp(from.checkpoints, dest.checkpoints)) {
		snprintf(checkpoints_part, sizeof checkpoints_part, "%s.part", dest.checkpoints);
		unlink(checkpoints_part);
		rc = copy_file(from.checkpoints, checkpoints_part, true, NULL, &e);
		if (rc)
			checkpoints_part[0] = 0;
	}
	int ntables = 0;
	int64_t rows = 0;
	if (rc == 0)
		rc = copy_tables(src, dst, to, &ntables, &rows, &e);
	char first[200] = "";
	int problems = rc == 0 ? db_integrity(dst, first_problem, first, &e) : 0;
	if (problems < 0)
		rc = -1;
	else if (problems)
		rc = err_set(&e, ERR_DB, "copy.integrity", NULL, "复制后的数据库未通过完整性检查（the copy fails its integrity check）: %s",
			     first);
	if (rc == 0)
		rc = copy_audit_files(&from, &dest, checkpoints_part, &e);
	if (rc == 0) {
		char detail[300];
		snprintf(detail, sizeof detail, "{\"tables\":%d,\"rows\":%lld}", ntables, (long long)rows);
		rc = cli_audit(src, "copy", NULL, 0, detail, &e);
	}
	db_close(dst);
	db_close(src);
	if (rc) {
		if (checkpoints_part[0])
			unlink(checkpoints_part);
		fprintf(stderr, "fengqiao: [%s] %s\n", e.code[0] ? e.code : "copy.failed", e.message);
		return e.kind == ERR_UNAVAILABLE ? CLI_EXIT_TRY_AGAIN : 1;
	}
	printf("已复制 copied: %d 个表 tables，%lld 行 rows → %s（审计密钥 audit key %s，检查点 checkpoints %s）\n", ntables,
	       (long long)rows, to, dest.key, dest.checkpoints);
	return 0;
}
