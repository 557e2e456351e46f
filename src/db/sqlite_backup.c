/*
 * sqlite_backup.c — the SQLite backend's whole-database operations: the
 * online backup (db_backup), putting a checked file in place (db_restore),
 * and the column facts a copy needs (db_col_type, db_col_name).
 */
#include "db/backend.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int sq_fail(sqlite3 *db, const char *code, const char *what, struct err *e)
{
	return err_set(e, ERR_DB, code, NULL, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* fsync a file or a folder by its path. */
static int sync_path(const char *path, bool dir, struct err *e)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		return err_set(e, ERR_IO, "backup.sync", NULL, "无法写盘 %s（cannot sync）: %s", path,
			       err_errno_text(saved, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
	}
	close(fd);
	return 0;
}

/* The folder holding `path`, for fsync after a rename in it. */
static void parent_of(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, n, ".");
	else if (slash == path)
		snprintf(out, n, "/");
	else
		snprintf(out, n, "%.*s", (int)(slash - path), path);
}

/*
 * One sqlite3_backup_step(-1) copies every page inside one read
 * transaction of the source: under WAL, writers on other connections go
 * on meanwhile, and the copy is the database as of that snapshot.  A step
 * that finds the source locked (a checkpoint truncating the WAL) waits and
 * tries again, up to the busy wait.
 */
int sqlite_backup(void *conn, const char *dest, struct err *e)
{
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); /* personal data: the owner's alone */
	if (fd < 0)
		return err_set(e, ERR_IO, "backup.create", NULL, "无法创建备份文件 %s（cannot create the backup file）: %s",
			       dest, err_errno_text(errno, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
	close(fd);
	sqlite3 *out = NULL;
	if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sq_fail(out, "backup.create", "无法打开备份文件（cannot open the backup file）", e);
		sqlite3_close(out);
		return -1;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", conn, "main");
	if (!b) {
		sq_fail(out, "backup.failed", "备份失败（backup failed）", e);
		sqlite3_close(out);
		return -1;
	}
	int rc;
	for (int waited = 0;; waited += 50) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= DB_BUSY_WAIT_MS)
			break;
		pause_ms(50);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		err_set(e, rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ERR_UNAVAILABLE : ERR_DB, "backup.failed", NULL,
			"备份失败（backup failed）: %s", sqlite3_errstr(rc));
		sqlite3_close(out);
		return -1;
	}
	/* a plain single file: no -wal to carry beside it */
	char *msg = NULL;
	rc = sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		err_set(e, ERR_DB, "backup.failed", NULL, "备份失败（backup failed）: %s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	if (sqlite3_close(out) != SQLITE_OK && rc == SQLITE_OK)
		rc = err_set(e, ERR_DB, "backup.failed", NULL, "备份文件无法关闭（cannot close the backup file）");
	return rc == SQLITE_OK ? sync_path(dest, false, e) : -1;
}

/*
 * Take the database for ourselves: exclusive locking mode, out of WAL into
 * a rollback journal (which SQLite allows only to the one connection that
 * has the file open, after checkpointing the WAL into the file), then a
 * write lock kept until close.  Anyone else holding it open makes one of
 * these busy.  Nothing of the old file is lost: its WAL is in it by then.
 */
int sqlite_restore(const char *target, const char *staged, int (*locked)(void *ctx, struct err *e), void *ctx,
		   struct err *e)
{
	sqlite3 *old = NULL;
	if (access(target, F_OK) == 0) {
		if (sqlite3_open_v2(target, &old, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
			sq_fail(old, "restore.open", "无法打开现有数据库（cannot open the current database）", e);
			sqlite3_close(old);
			return -1;
		}
		char *msg = NULL;
		int rc = sqlite3_exec(old, "PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=DELETE;"
					   " BEGIN EXCLUSIVE; COMMIT", NULL, NULL, &msg);
		sqlite3_free(msg);
		if (rc != SQLITE_OK) {
			sqlite3_close(old);
			if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
				return err_set(e, ERR_UNAVAILABLE, "restore.in_use", NULL,
					       "数据库 %s 正在使用中（服务在运行？）：请先停止 fengqiao serve 再恢复（the database is in use, "
					       "e.g. by a running server: stop it, then restore）", target);
			return err_set(e, ERR_DB, "restore.open", NULL, "无法锁定现有数据库（cannot lock the current database）: %s",
				       sqlite3_errstr(rc));
		}
	}
	char name[4200];
	int rc = locked ? locked(ctx, e) : 0;
	if (rc == 0) {
		/* no stale WAL or index beside the new file (SQLite would replay it) */
		snprintf(name, sizeof name, "%s-wal", target);
		unlink(name);
		snprintf(name, sizeof name, "%s-shm", target);
		unlink(name);
		if (rename(staged, target) != 0)
			rc = err_set(e, ERR_IO, "restore.rename", NULL, "无法替换数据库 %s（cannot put it in place）: %s", target,
				     err_errno_text(errno, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
	}
	if (rc == 0) {
		parent_of(target, name, sizeof name);
		rc = sync_path(name, true, e);
	}
	sqlite3_close(old); /* the old file's last handle: nothing of it is left to write */
	return rc;
}

int sqlite_col_type(void *stmt, int col)
{
	switch (sqlite3_column_type(stmt, col)) {
	case SQLITE_NULL:
		return DB_TYPE_NULL;
	case SQLITE_INTEGER:
		return DB_TYPE_INT;
	case SQLITE_FLOAT:
		return DB_TYPE_DOUBLE;
	default:
		return DB_TYPE_TEXT;
	}
}

const char *sqlite_col_name(void *stmt, int col)
{
	const char *n = sqlite3_column_name(stmt, col);
	return n ? n : "";
}
