/*
 * postgres_backup.c — the PostgreSQL backend's whole-database operations
 * (db_backup, db_restore_stage, db_restore; docs/operations.md):
 *
 *  - backup: pg_dump in its custom format (-Fc) into the new file.  Inside
 *    a read transaction (db_begin_read) it dumps that transaction's own
 *    snapshot (pg_export_snapshot), so what the caller read there (the
 *    manifest's facts) is what the file holds;
 *  - restore, staged: pg_restore into a new scratch database beside the
 *    target (NAME_restore_PID), which the caller opens and checks;
 *  - restore, put in place: in one transaction on the server's
 *    maintenance database, the target renamed aside (NAME_before_TIME, kept
 *    for the operator to drop) and the scratch database renamed to the
 *    target's name.  PostgreSQL refuses to rename a database anyone is
 *    connected to: a running server makes it "restore.in_use".
 *
 * The tools get the connection as keyword=value words without the
 * password; a password in the URL goes to them in PGPASSWORD, never on a
 * command line or in a message.
 */
#include "db/backend.h"
#include "base/text.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The URL's options as keyword=value words (the password left out, into
 * *password when asked), `dbname` in place of the URL's when given. */
static char *conninfo_words(const char *url, const char *dbname, char **password)
{
	PQconninfoOption *opts = PQconninfoParse(url, NULL);
	if (!opts)
		return NULL;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "");
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		const char *v = !strcmp(o->keyword, "dbname") && dbname ? dbname : o->val;
		if (!strcmp(o->keyword, "password")) {
			if (password && v && !(*password = strdup(v)))
				b.failed = true;
			continue;
		}
		if (!v)
			continue;
		buf_printf(&b, "%s%s='", b.len ? " " : "", o->keyword);
		for (const char *p = v; *p; p++)
			buf_printf(&b, "%s%c", *p == '\'' || *p == '\\' ? "\\" : "", *p);
		buf_puts(&b, "'");
	}
	if (dbname && !strstr(b.p ? b.p : "", "dbname="))
		buf_printf(&b, " dbname='%s'", dbname);
	PQconninfoFree(opts);
	if (b.failed) {
		buf_free(&b);
		return NULL;
	}
	return b.p;
}

/* Run a PostgreSQL tool (argv[0] found on PATH), PGPASSWORD set to
 * `password` when there is one; its messages go to our stderr. */
static int run_tool(char *const argv[], const char *password, const char *code, struct err *e)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 2, sizeof *env);
	char *pw = NULL;
	if (!env)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!password || strncmp(environ[i], "PGPASSWORD=", 11))
			env[k++] = environ[i];
	if (password) {
		size_t len = strlen(password) + 12;
		if (!(pw = malloc(len))) {
			free(env);
			return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		}
		snprintf(pw, len, "PGPASSWORD=%s", password);
		env[k++] = pw;
	}
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, env), status = 0;
	if (pw) {
		explicit_bzero(pw, strlen(pw));
		free(pw);
	}
	free(env);
	if (rc != 0)
		return err_set(e, ERR_IO, code, NULL, "无法运行 %s（cannot run it; install the PostgreSQL client）: %s", argv[0],
			       err_errno_text(rc, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set(e, ERR_DB, code, NULL, "%s 失败（failed），退出码 exit status %d", argv[0],
			       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}

static void forget(char *password)
{
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
}

int pg_backup(void *conn, const char *dest, struct err *e)
{
	PGconn *pg = pg_conn_pg(conn);
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); /* pg_dump keeps the mode */
	if (fd < 0)
		return err_set(e, ERR_IO, "backup.create", NULL, "无法创建备份文件 %s（cannot create the backup file）: %s", dest,
			       err_errno_text(errno, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
	close(fd);
	char snapshot[80] = "";
	if (PQtransactionStatus(pg) == PQTRANS_INTRANS) {
		PGresult *r = PQexec(pg, "SELECT pg_export_snapshot()");
		bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
		if (ok)
			snprintf(snapshot, sizeof snapshot, "--snapshot=%s", PQgetvalue(r, 0, 0));
		PQclear(r);
		if (!ok)
			return err_set(e, ERR_DB, "backup.failed", NULL, "无法导出快照（cannot export the snapshot）");
	}
	char *password = NULL, *words = conninfo_words(pg_conn_url(conn), NULL, &password);
	if (!words) {
		forget(password);
		return err_set(e, ERR_INVALID, "backup.failed", NULL, "无法解析数据库地址（cannot parse the database URL）");
	}
	struct buf file, db;
	buf_init(&file);
	buf_init(&db);
	buf_printf(&file, "--file=%s", dest);
	buf_printf(&db, "--dbname=%s", words);
	char *argv[] = { "pg_dump", "--format=custom", "--no-password", file.p, db.p, snapshot[0] ? snapshot : NULL, NULL };
	int rc = file.failed || db.failed ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory")
					  : run_tool(argv, password, "backup.failed", e);
	buf_free(&file);
	buf_free(&db);
	free(words);
	forget(password);
	if (rc == 0 && ((fd = open(dest, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) != 0))
		rc = err_set(e, ERR_IO, "backup.sync", NULL, "无法写盘 %s（cannot sync）", dest);
	if (fd >= 0)
		close(fd);
	/* read back: pg_restore lists the archive whole */
	char *list[] = { "pg_restore", "--list", "--file=/dev/null", (char *)(uintptr_t)dest, NULL };
	return rc == 0 ? run_tool(list, NULL, "backup.damaged", e) : rc;
}

/* A connection to the server's maintenance database "postgres". */
static PGconn *maintenance(const char *url, struct err *e)
{
	char *password = NULL, *words = conninfo_words(url, "postgres", &password);
	PGconn *pg = NULL;
	if (words) {
		const char *keys[] = { "dbname", "password", NULL }, *vals[] = { words, password, NULL };
		pg = PQconnectdbParams(keys, vals, 1);
	}
	free(words);
	forget(password);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		PQfinish(pg);
		err_set(e, ERR_UNAVAILABLE, "db.open", NULL, "无法连接数据库服务器（cannot connect to the database server）");
		return NULL;
	}
	PQclear(PQexec(pg, "SET client_min_messages = warning"));
	return pg;
}

/* The database a URL names (its dbname, else libpq's default: the user's name). */
static int db_name(const char *url, char *out, size_t n, struct err *e)
{
	PQconninfoOption *opts = PQconninfoParse(url, NULL);
	const char *name = NULL, *user = NULL;
	for (PQconninfoOption *o = opts; o && o->keyword; o++) {
		if (!strcmp(o->keyword, "dbname"))
			name = o->val;
		if (!strcmp(o->keyword, "user"))
			user = o->val;
	}
	if (!name || !*name)
		name = user ? user : getenv("PGDATABASE") ? getenv("PGDATABASE") : getenv("USER");
	int w = name ? snprintf(out, n, "%s", name) : -1;
	PQconninfoFree(opts);
	if (w <= 0 || (size_t)w >= n || strchr(out, '"'))
		return err_set(e, ERR_INVALID, "restore.target", NULL, "无法确定目标数据库名（cannot tell the target database's name）");
	return 0;
}

/* The URL with its database name replaced (the path after the hosts). */
static int url_with_db(const char *url, const char *name, char *out, size_t n, struct err *e)
{
	const char *start = strstr(url, "://");
	start = start ? start + 3 : url;
	const char *at = strrchr(start, '@');
	const char *hosts = at ? at + 1 : start;
	size_t end = strcspn(hosts, "/?");
	const char *query = strchr(hosts + end, '?');
	int w = snprintf(out, n, "%.*s/%s%s", (int)(hosts + end - url), url, name, query ? query : "");
	if (w < 0 || (size_t)w >= n)
		return err_set(e, ERR_INVALID, "restore.target", NULL, "数据库地址过长（URL too long）");
	return 0;
}

static int exec_ok(PGconn *pg, const char *sql, const char *code, struct err *e)
{
	PGresult *r = PQexec(pg, sql);
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	int rc = 0;
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		char msg[300];
		snprintf(msg, sizeof msg, "%s", PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : "");
		if (state && !strcmp(state, "55006")) /* object in use */
			rc = err_set(e, ERR_UNAVAILABLE, "restore.in_use", NULL,
				     "数据库正在使用中（服务在运行？）：请先停止 fengqiao serve 等连接再恢复（the database is in use, "
				     "e.g. by a running server: stop it, then restore）: %s", msg);
		else
			rc = err_set(e, ERR_DB, code, NULL, "%s", msg);
	}
	PQclear(r);
	return rc;
}

/* The scratch database's name for `target`: at most 63 bytes. */
static void scratch_name(const char *target, const char *what, char *out, size_t n)
{
	snprintf(out, n, "%.40s_%s_%ld", target, what, (long)getpid());
}

int pg_restore_stage(const char *url, const char *file, char *staged, size_t n, struct err *e)
{
	char target[128], scratch[128], sql[300];
	if (db_name(url, target, sizeof target, e))
		return -1;
	scratch_name(target, "restore", scratch, sizeof scratch);
	if (url_with_db(url, scratch, staged, n, e))
		return -1;
	PGconn *pg = maintenance(url, e);
	if (!pg)
		return -1;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\"", scratch);
	int rc = exec_ok(pg, sql, "restore.failed", e);
	snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" TEMPLATE template0 ENCODING 'UTF8'", scratch);
	if (rc == 0)
		rc = exec_ok(pg, sql, "restore.failed", e);
	PQfinish(pg);
	if (rc)
		return -1;
	char *password = NULL, *words = conninfo_words(url, scratch, &password);
	struct buf db;
	buf_init(&db);
	buf_printf(&db, "--dbname=%s", words ? words : "");
	char *argv[] = { "pg_restore", "--no-password", "--exit-on-error", "--single-transaction", "--no-owner", db.p,
			 (char *)(uintptr_t)file, NULL };
	struct err why;
	err_clear(&why);
	rc = !words || db.failed ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory")
				 : run_tool(argv, password, "restore.damaged", &why);
	if (rc && why.kind != ERR_NONE)
		err_set(e, ERR_INVALID, "restore.damaged", NULL, "pg_restore 无法读入备份，文件已损坏或不是 PostgreSQL 备份（damaged, "
								 "or not a PostgreSQL backup）: %s", why.message);
	buf_free(&db);
	free(words);
	forget(password);
	if (rc)
		pg_restore_unstage(url, staged);
	return rc;
}

void pg_restore_unstage(const char *url, const char *staged)
{
	char scratch[128], sql[300];
	struct err e;
	err_clear(&e);
	if (db_name(staged, scratch, sizeof scratch, &e))
		return;
	PGconn *pg = maintenance(url, &e);
	if (!pg)
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\"", scratch);
	PQclear(PQexec(pg, sql));
	PQfinish(pg);
}

int pg_restore(const char *url, const char *staged, int (*locked)(void *ctx, struct err *e), void *ctx, struct err *e)
{
	char target[128], scratch[128], aside[128], sql[400];
	if (db_name(url, target, sizeof target, e) || db_name(staged, scratch, sizeof scratch, e))
		return -1;
	snprintf(aside, sizeof aside, "%.40s_before_%lld", target, (long long)time(NULL));
	PGconn *pg = maintenance(url, e);
	if (!pg)
		return -1;
	const char *name = target;
	PGresult *r = PQexecParams(pg, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL, &name, NULL, NULL, 0);
	bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	PQclear(r);
	int rc = exec_ok(pg, "BEGIN", "restore.failed", e);
	snprintf(sql, sizeof sql, "ALTER DATABASE \"%s\" RENAME TO \"%s\"", target, aside);
	if (rc == 0 && exists)
		rc = exec_ok(pg, sql, "restore.rename", e);
	snprintf(sql, sizeof sql, "ALTER DATABASE \"%s\" RENAME TO \"%s\"", scratch, target);
	if (rc == 0)
		rc = exec_ok(pg, sql, "restore.rename", e);
	if (rc == 0 && locked)
		rc = locked(ctx, e);
	if (rc == 0)
		rc = exec_ok(pg, "COMMIT", "restore.rename", e);
	else
		PQclear(PQexec(pg, "ROLLBACK"));
	PQfinish(pg);
	if (rc == 0 && exists)
		fprintf(stderr, "fengqiao: 原数据库已改名为 %s 保留，确认无误后可删除（the database replaced is kept as %s: drop it once "
				"satisfied）\n", aside, aside);
	return rc;
}
