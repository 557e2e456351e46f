/*
 * backup.c — `fengqiao backup` and POST /api/v1/backups: the snapshot, its
 * checkpoints and its manifest (io/backup.h), and the file work that
 * restore and copy share with it.
 */
#include "io/backup.h"
#include "base/config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (1 << 16)

static int io_fail(struct err *e, const char *code, const char *what, const char *path, int errnum)
{
	return err_set(e, ERR_IO, code, NULL, "%s %s: %s", what, path,
		       err_errno_text(errnum, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
}

/* A file's SHA-256 (hex) and size. */
int backup_digest(const char *path, char hex[65], int64_t *bytes, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return io_fail(e, "backup.read", "无法读取（cannot read）", path, errno);
	unsigned char *buf = malloc(BUF_SIZE); /* not static: the server's threads may back up at once */
	if (!buf) {
		close(fd);
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	}
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	*bytes = 0;
	ssize_t n;
	while ((n = read(fd, buf, BUF_SIZE)) > 0) {
		crypto_hash_sha256_update(&h, buf, (unsigned long long)n);
		*bytes += n;
	}
	int saved = errno;
	close(fd);
	free(buf);
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
int backup_copy_file(const char *from, const char *to, bool whole_lines, bool *missing, struct err *e)
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
	unsigned char *buf = malloc(BUF_SIZE);
	off_t written = 0, whole = 0;
	ssize_t n = 0;
	int rc = buf ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	while (!rc && (n = read(in, buf, BUF_SIZE)) > 0) {
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
	free(buf);
	close(in);
	close(out);
	return rc;
}

int backup_sync_folder(const char *path, struct err *e)
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

int backup_rename(const char *from, const char *to, struct err *e)
{
	return rename(from, to) == 0 ? 0 : io_fail(e, "backup.rename", "无法改名为（cannot rename to）", to, errno);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}


int backup_read_facts(struct db *db, struct backup_facts *f, struct err *e)
{
	memset(f, 0, sizeof *f);
	if (db_text_of(db, "SELECT MAX(version) FROM schema_migrations WHERE version <> ?", "", f->migration,
		       sizeof f->migration, e) < 0 ||
	    db_query_int(db, "SELECT COUNT(*) FROM schema_migrations", &f->migrations, e) ||
	    db_query_int(db, "SELECT COUNT(*) FROM audit_log", &f->audit_entries, e) ||
	    db_query_int(db, "SELECT COALESCE(MAX(id), 0) FROM audit_log", &f->audit_last, e))
		return -1;
	return 0;
}

/* db_integrity's problems: the first one's words kept, the rest left unread. */
int backup_first_problem(void *ctx, const char *problem)
{
	snprintf(ctx, 200, "%s", problem);
	return 1;
}

/* ---- backup --------------------------------------------------------------------------------- */


int backup_names(const char *file, const char *suffix, struct backup_files *f, struct err *e)
{
	if (snprintf(f->db, sizeof f->db, "%s%s", file, suffix) >= (int)sizeof f->db ||
	    snprintf(f->audit, sizeof f->audit, "%s.audit%s", file, suffix) >= (int)sizeof f->audit ||
	    snprintf(f->manifest, sizeof f->manifest, "%s.manifest%s", file, suffix) >= (int)sizeof f->manifest)
		return err_set(e, ERR_INVALID, "backup.path", NULL, "路径过长（path too long）: %s", file);
	return 0;
}

void backup_remove(const struct backup_files *f)
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
	if (backup_copy_file(checkpoints, part->audit, true, &no_checkpoints, e))
		return -1;
	if (no_checkpoints)
		return err_set(e, ERR_IO, "backup.checkpoints", NULL,
			       "审计检查点文件 %s 缺失，无法备份可核验的审计链（the audit checkpoint file is missing）", checkpoints);
	struct backup_facts facts;
	int rc;
	bool pg = db_backend(db) == DB_POSTGRES;
	if (pg) {
		/* what the dump holds read in the snapshot it dumps; pg_dump reads its archive back */
		rc = db_begin_read(db, e) || backup_read_facts(db, &facts, e) || db_backup(db, part->db, e) ? -1 : 0;
		db_rollback(db);
		if (rc)
			return -1;
	} else {
		if (db_backup(db, part->db, e))
			return -1;
		/* the copy read back: whole, and what it holds */
		struct db *copy = db_open(part->db, e);
		if (!copy)
			return -1;
		char first[200] = "";
		int problems = db_integrity(copy, backup_first_problem, first, e);
		rc = problems < 0 || backup_read_facts(copy, &facts, e) ? -1 : 0;
		db_close(copy);
		if (rc)
			return -1;
		if (problems)
			return err_set(e, ERR_DB, "backup.damaged", NULL,
				       "备份副本未通过完整性检查（the copy fails its integrity check）: %s", first);
	}
	char db_sum[65], audit_sum[65];
	int64_t db_bytes, audit_bytes;
	if (backup_digest(part->db, db_sum, &db_bytes, e) || backup_digest(part->audit, audit_sum, &audit_bytes, e))
		return -1;
	*manifest = json_pack("{s:s, s:s, s:I, s:{s:s, s:I, s:s}, s:{s:s, s:I, s:s}, s:s, s:I, s:{s:I, s:I}, s:s}",
			      "format", BACKUP_MANIFEST_FORMAT, "backend", pg ? "postgresql" : "sqlite", "created_at", (json_int_t)time(NULL),
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

/* A FILE.audit with no FILE beside it (left by a backup that failed, or
 * put there by hand) is not replaced unseen: kept as FILE.audit.old, and
 * the log (stderr) says so. */
static int keep_stale(const char *audit, struct err *e)
{
	if (access(audit, F_OK) != 0)
		return 0;
	char old[PATH_MAX + 8];
	snprintf(old, sizeof old, "%s.old", audit);
	if (backup_rename(audit, old, e))
		return -1;
	fprintf(stderr, "fengqiao: 已有的 %s 不属于任何备份，已改名为 %s（a stale checkpoint file was there: kept as %s）\n",
		audit, old, old);
	return 0;
}

int backup_take(struct db *db, const char *db_url, const char *file, json_t **manifest, struct err *e)
{
	/* its own .part names: two backups of the same name at once (two requests in one
	 * second) never write, or remove, each other's files; the second is refused */
	static _Atomic unsigned runs;
	char suffix[48];
	snprintf(suffix, sizeof suffix, ".part-%ld-%u", (long)getpid(), runs++);
	struct backup_files part, done;
	char key[PATH_MAX], checkpoints[PATH_MAX];
	*manifest = NULL;
	if (backup_names(file, suffix, &part, e) || backup_names(file, "", &done, e) ||
	    config_audit_paths(db_url, key, sizeof key, checkpoints, sizeof checkpoints, e))
		return -1;
	if (access(done.db, F_OK) == 0 || access(done.manifest, F_OK) == 0)
		return err_set(e, ERR_CONFLICT, "backup.exists", NULL, "%s 已存在，请换一个文件名（already exists: choose another name）",
			       file);
	int rc = backup_write(db, checkpoints, &part, &done, manifest, e);
	/* link(2), unlike rename, never replaces: of two at once, the second finds the name taken */
	if (!rc && link(part.db, done.db) != 0)
		rc = errno == EEXIST ? err_set(e, ERR_CONFLICT, "backup.exists", NULL,
					       "%s 已存在，请换一个文件名（already exists: choose another name）", file)
				     : err_set(e, ERR_IO, "backup.rename", NULL, "无法写入 %s（cannot write）", file);
	if (!rc) {
		unlink(part.db);
		rc = keep_stale(done.audit, e) || backup_rename(part.audit, done.audit, e) ||
		     backup_rename(part.manifest, done.manifest, e) ||
		     backup_sync_folder(done.db, e) ? -1 : 0;
		if (rc)
			unlink(done.db);
	}
	if (rc) {
		backup_remove(&part);
		json_decref(*manifest);
		*manifest = NULL;
	}
	return rc;
}
