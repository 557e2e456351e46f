/*
 * sqlite.c — the embedded backend: one file, WAL journal (readers never wait
 * for the writer), foreign keys on, a busy timeout so concurrent writers
 * queue instead of failing, and NORMAL sync (safe under WAL).
 */
#include "db/backend.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p of the folder that will hold `path`. */
static int make_parent_dirs(const char *path, struct err *e)
{
	char buf[4096];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return err_set(e, ERR_INVALID, "db.path", NULL, "数据库路径过长（database path too long）");
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0750) != 0 && errno != EEXIST)
			return err_set(e, ERR_IO, "db.path", NULL, "无法创建目录 %s（cannot create folder）: %s", buf,
				       err_errno_text(errno, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
		*p = '/';
	}
	return 0;
}

/*
 * A failed call's result code as an error: a broken constraint is a
 * conflict; a busy or locked database (another writer held it past the busy
 * timeout) is ERR_UNAVAILABLE, worded for a person to try again, never
 * SQLite's own text; anything else is a storage failure with SQLite's
 * message (`msg`, or the code's generic text).
 */
static int fail_msg(int rc, const char *msg, struct err *e)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return err_set(e, ERR_CONFLICT, "db.constraint", NULL, "%s", msg ? msg : sqlite3_errstr(rc));
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, ERR_UNAVAILABLE, "db.busy", NULL, "数据库繁忙，请稍后重试（database busy: try again）");
	default:
		return err_set(e, ERR_DB, "db.error", NULL, "%s", msg ? msg : sqlite3_errstr(rc));
	}
}

static int fail(sqlite3 *db, int rc, struct err *e)
{
	return fail_msg(rc, db ? sqlite3_errmsg(db) : NULL, e);
}

/* Before SQLite initialises: no memory statistics, so no global mutex
 * around every allocation (nothing here reads them). */
static bool shortens_bound_strings; /* see sq_expanded_sql */

static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	shortens_bound_strings = sqlite3_compileoption_used("SQLITE_TRACE_SIZE_LIMIT");
}

static void *sq_open(const char *target, struct err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure);
	sqlite3 *db = NULL;
	if (strcmp(target, ":memory:") != 0 && make_parent_dirs(target, e))
		return NULL;
	if (strcmp(target, ":memory:") != 0) {
		/* A new database is the owner's alone (mode 0600); SQLite gives its
		 * -wal and -shm files the mode of the database file. */
		int fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
	int rc = sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_DB, "db.open", NULL, "无法打开数据库 %s（cannot open database）: %s", target,
			db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, DB_BUSY_WAIT_MS);
	sqlite3_extended_result_codes(db, 1);
	char *msg = NULL;
	/* 8 KiB pages for a new database (an existing one keeps its own): fewer
	 * pages to split, write and checkpoint (measured: 10% of a large import,
	 * 12% of a set-based INSERT ... SELECT).  32 MiB of page cache: a large
	 * import's transaction stays in memory instead of spilling pages to disk
	 * half way (measured: 6% of import time).  synchronous=FULL: a commit is
	 * synced to the WAL before COMMIT returns, so the audit checkpoint line
	 * written after it never names an entry a power cut could take back
	 * (with NORMAL it could: a false "truncated", then "forged" for ever). */
	rc = sqlite3_exec(db, "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
			      " PRAGMA cache_size=-32768;", NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_DB, "db.open", NULL, "无法初始化数据库 %s（cannot set up database）: %s", target, msg ? msg : "");
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static void sq_close(void *conn)
{
	sqlite3_close(conn);
}

static int sq_exec(void *conn, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(conn, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return 0;
	fail_msg(rc, msg, e);
	sqlite3_free(msg);
	return -1;
}

static void *sq_prepare(void *conn, const char *sql, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		fail(conn, rc, e);
		return NULL;
	}
	return st;
}

static void sq_finalize(void *st) { sqlite3_finalize(st); }

static int sq_bind_text(void *st, int idx, const char *s)
{
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_text_static(void *st, int idx, const char *s)
{
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_STATIC) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_int(void *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(st, idx, v) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_double(void *st, int idx, double v)
{
	return sqlite3_bind_double(st, idx, v) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_null(void *st, int idx)
{
	return sqlite3_bind_null(st, idx) == SQLITE_OK ? 0 : -1;
}

static int sq_step(void *st, struct err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(sqlite3_db_handle(st), rc, e);
}

static int sq_col_count(void *st) { return sqlite3_column_count(st); }
static bool sq_col_null(void *st, int col) { return sqlite3_column_type(st, col) == SQLITE_NULL; }

static const char *sq_col_text(void *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? (const char *)s : "";
}

static int64_t sq_col_int(void *st, int col) { return sqlite3_column_int64(st, col); }
static double sq_col_double(void *st, int col) { return sqlite3_column_double(st, col); }

static void sq_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int64_t sq_changes(void *conn) { return sqlite3_changes64(conn); }
static int64_t sq_last_insert_id(void *conn) { return sqlite3_last_insert_rowid(conn); }
static void sq_busy_wait(void *conn, int ms) { sqlite3_busy_timeout(conn, ms); }
static bool sq_in_transaction(void *conn) { return !sqlite3_get_autocommit(conn); }
static int64_t sq_total_changes(void *conn) { return sqlite3_total_changes64(conn); }

/* NULL when this SQLite shortens bound strings in expanded SQL: two
 * queries could then look alike.  Bound doubles are written to 15
 * significant digits; counts bind none. */
static char *sq_expanded_sql(void *st)
{
	if (shortens_bound_strings)
		return NULL;
	char *x = sqlite3_expanded_sql(st);
	char *copy = x ? strdup(x) : NULL;
	sqlite3_free(x);
	return copy;
}

const struct backend_ops sqlite_backend = {
	.kind = DB_SQLITE,
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.bind_text = sq_bind_text,
	.bind_text_static = sq_bind_text_static,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_count = sq_col_count,
	.col_null = sq_col_null,
	.col_text = sq_col_text,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.reset = sq_reset,
	.changes = sq_changes,
	.last_insert_id = sq_last_insert_id,
	.busy_wait = sq_busy_wait,
	.expanded_sql = sq_expanded_sql,
	.in_transaction = sq_in_transaction,
	.total_changes = sq_total_changes,
	.data_version_sql = "SELECT (SELECT data_version FROM pragma_data_version),"
			    " (SELECT schema_version FROM pragma_schema_version)",
	/* foreign keys rest (checked by the caller); a many-row insert's statement
	 * journal stays in memory instead of spilling to a temporary file */
	.bulk_begin_sql = "PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY",
	.integrity_sql = { "PRAGMA integrity_check",
			   "SELECT 'foreign key: ' || \"table\" || ' row ' || IFNULL(rowid, '?') || ' -> ' || parent"
			   " FROM pragma_foreign_key_check" },
	.bulk_end_sql = "PRAGMA foreign_keys=ON; PRAGMA temp_store=DEFAULT",
	.deferrable_indexes_sql = "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?"
				  " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' ORDER BY name",
	/* the sort spills to a temporary file past 8 MiB (in memory it would hold
	 * the whole index) and the page cache gives way meanwhile */
	.index_build_sql = "PRAGMA temp_store=FILE; PRAGMA cache_size=-8192",
	.index_built_sql = "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY",
	.id_column = "INTEGER PRIMARY KEY",
	.backup = sqlite_backup,
	.restore = sqlite_restore,
	.col_type = sqlite_col_type,
	.col_name = sqlite_col_name,
	.tables_sql = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
	.references_sql = "SELECT m.name, f.\"table\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
			  " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
	.read_begin_sql = "BEGIN DEFERRED; SELECT COUNT(*) FROM sqlite_schema",
	.begin_sql = "BEGIN IMMEDIATE",
};
