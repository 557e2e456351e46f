/*
 * postgres.c — the PostgreSQL backend on libpq.
 *
 * The domain writes `?` placeholders; a statement is rewritten to $1, $2 ...
 * (outside quoted strings, quoted names and comments) and prepared once per
 * connection under its own name.  Values go as text and PostgreSQL infers
 * each parameter's type from where it stands.  A result is read whole into
 * memory (PQexecPrepared), or through a cursor in batches (db_many_rows), so
 * the connection is free for the look-ups a caller makes between rows.
 *
 * Where PostgreSQL behaves unlike SQLite and the domain relies on SQLite's
 * way, the backend makes up for it:
 *  - one write transaction at a time (db_begin takes an advisory lock), as
 *    SQLite's single writer: the rules that read and then write in one
 *    transaction see no other writer in between; reads never wait;
 *  - a failed statement aborts the whole transaction on PostgreSQL; on
 *    SQLite only the statement is undone.  Inside a transaction every write
 *    runs under a savepoint (sent with it as one pipeline: one round trip),
 *    so a broken constraint undoes that statement alone (record_insert_chunk
 *    then goes row by row, as on SQLite);
 *  - the id of an insert: lastval(), the value this session took last from
 *    any sequence (another session's inserts never move it);
 *  - a connection the server dropped (restart, failover) is opened again
 *    before the next statement outside a transaction; statements are
 *    prepared again on the new one.  Inside one, every statement fails
 *    until the caller's ROLLBACK (or COMMIT, refused): the transaction is
 *    lost, and a statement on a new connection would be committed alone.
 *
 * Errors: a broken constraint (SQLSTATE class 23) is ERR_CONFLICT as on
 * SQLite; a lock or statement timeout, a serialization failure or deadlock
 * (40001, 40P01), a lost connection (class 08), a server shutting down
 * (57P01..57P03) or a read-only standby (25006) are ERR_UNAVAILABLE, which
 * the API answers with 503 and Retry-After: the client tries again.  A
 * request that met a serialization failure or deadlock and committed
 * nothing is first run again by the server itself (db_replay_mark).  No
 * error text carries the URL (it may hold a password).
 *
 * One file past 1,000 lines, on purpose: it is one object, the connection
 * (struct pg_conn), whose prepared statements, savepoints, replay counters
 * and reconnection all read and write the same state; the parts that stand
 * apart (the whole-database backup and restore) are in postgres_backup.c.
 */
#include "db/backend.h"
#include "base/text.h"

#include <libpq-fe.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PG_MAX_PARAMS 65535 /* the protocol's limit */

struct pg_conn {
	PGconn *pg;
	char *target;      /* the URL, to connect again */
	unsigned long next_name, next_cursor;
	unsigned long generation; /* moves when the connection is opened again */
	int64_t changes, total_changes;
	int busy_ms;       /* lock_timeout to set again after reconnecting */
	bool in_tx;        /* between our BEGIN and COMMIT/ROLLBACK, the connection lost or not */
	bool timeout_in_tx; /* lock_timeout set inside a transaction: a rollback undoes it */
	/* db_replay_mark: serialization failures and deadlocks met; commits
	 * and writes committed outside a transaction */
	int64_t conflicts, durable;
};

struct pg_stmt {
	struct pg_conn *c;
	char name[24];
	char *sql;         /* rewritten, owned (to prepare again) */
	unsigned long generation;
	int nparams;
	bool write;        /* INSERT / UPDATE / DELETE: savepoint inside a transaction */
	Oid *types;        /* nparams: what prepare_on declared (0: the server's guess) */
	bool many;         /* db_many_rows: read through a cursor */
	char cursor[24];   /* its name while open, else "" */
	char **values;     /* nparams; each NULL or a string */
	char *owned;       /* nparams: values[i] is ours to free */
	PGresult *res;
	char (*ftext)[32]; /* per column: a double written as SQLite writes it */
	int nftext;
	int row, nrows;
	bool done;
};

/* ---- the rewrite and the error mapping (tests/db/test_postgres.c) ---- */

char *pg_rewrite_placeholders(const char *sql, int *nparams)
{
	size_t len = strlen(sql), n = 0;
	for (const char *p = sql; *p; p++)
		n += *p == '?';
	/* each ? becomes at most "$65535" */
	char *out = malloc(len + n * 6 + 1);
	if (!out)
		return NULL;
	char *o = out;
	int count = 0;
	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			*o++ = *p++;
			while (*p) {
				if (*p == q && p[1] == q) { /* '' or "" inside */
					*o++ = *p++;
					*o++ = *p++;
					continue;
				}
				if (*p == q) {
					*o++ = *p++;
					break;
				}
				*o++ = *p++;
			}
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			size_t l = end ? (size_t)(end + 2 - p) : strlen(p);
			memcpy(o, p, l);
			o += l;
			p += l;
		} else if (*p == '?' && p[1] >= '1' && p[1] <= '9') { /* ?NNN: that parameter */
			char *end;
			long k = strtol(p + 1, &end, 10);
			if (k > PG_MAX_PARAMS)
				k = PG_MAX_PARAMS;
			o += snprintf(o, 8, "$%ld", k);
			p = end;
			if (k > count)
				count = (int)k;
		} else if (*p == '?') {
			o += snprintf(o, 8, "$%d", ++count);
			p++;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	if (nparams)
		*nparams = count;
	return out;
}

enum err_kind pg_sqlstate_kind(const char *state)
{
	if (!state || strlen(state) != 5)
		return ERR_DB;
	if (!strncmp(state, "23", 2))
		return ERR_CONFLICT; /* integrity constraint violation */
	if (!strncmp(state, "08", 2) /* connection exception */ || !strcmp(state, "57P01") /* admin shutdown */ ||
	    !strcmp(state, "57P02") /* crash shutdown */ || !strcmp(state, "57P03") /* cannot connect now */ ||
	    !strcmp(state, "25006") /* read-only transaction: a standby */ || !strcmp(state, "40001") ||
	    !strcmp(state, "40P01") /* serialization failure, deadlock */ || !strcmp(state, "55P03") /* lock timeout */ ||
	    !strcmp(state, "57014") /* statement timeout */ || !strcmp(state, "53300") /* too many connections */)
		return ERR_UNAVAILABLE;
	return ERR_DB;
}

/* libpq's message, its first line only (the rest is hints). */
static const char *trimmed(const char *msg, char *buf, size_t n)
{
	snprintf(buf, n, "%s", msg ? msg : "");
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static int fail_state(const char *state, const char *msg, struct err *e)
{
	char buf[400];
	switch (pg_sqlstate_kind(state)) {
	case ERR_CONFLICT:
		return err_set(e, ERR_CONFLICT, "db.constraint", NULL, "%s", trimmed(msg, buf, sizeof buf));
	case ERR_UNAVAILABLE:
		if (state && (!strncmp(state, "40", 2) || !strcmp(state, "55P03") || !strcmp(state, "57014")))
			return err_set(e, ERR_UNAVAILABLE, "db.busy", NULL, "数据库繁忙，请稍后重试（database busy: try again）");
		return err_set(e, ERR_UNAVAILABLE, "db.unavailable", NULL,
			       "数据库暂时不可用，请稍后重试（database unavailable for now: try again）");
	default:
		return err_set(e, ERR_DB, "db.error", NULL, "%s", trimmed(msg, buf, sizeof buf));
	}
}

/* A failed result (or none: the connection is gone) as an error. */
static int fail_result(struct pg_conn *c, PGresult *res, struct err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (!state && PQstatus(c->pg) == CONNECTION_BAD)
		state = "08006";
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")))
		c->conflicts++;
	return fail_state(state, msg ? msg : PQerrorMessage(c->pg), e);
}

/* ---- connections ---- */

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs (e.g. "relation already exists, skipping") are not for the user */
}

static void set_lock_timeout(struct pg_conn *c)
{
	char sql[64];
	/* 0 means "wait for ever" to PostgreSQL; ours means "do not wait" */
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", c->busy_ms > 0 ? c->busy_ms : 1);
	PQclear(PQexec(c->pg, sql));
}

/*
 * Text must sort byte by byte, as on SQLite (lists, reports, exports in the
 * same order on both backends): the database made with collation C
 * (docs/operations.md: --locale=C.UTF-8 --template=template0).  Another
 * (a cluster's default follows the system's language: zh_CN sorts by
 * pinyin) is said once a process on stderr, with the way out; the database
 * still opens (a copy out of it, for one, must stay possible).
 */
static bool bytewise(const char *collate)
{
	return !strcmp(collate, "C") || !strcmp(collate, "POSIX") || !strcasecmp(collate, "C.UTF-8") ||
	       !strcasecmp(collate, "C.utf8");
}

/* provider: 'c' libc, 'i' ICU, 'b' the built-in one (PostgreSQL 17: its C
 * and C.UTF-8 sort by code point, which is byte order in UTF-8). */
static void check_collation(const char *name, const char *provider, const char *collate)
{
	static atomic_flag said = ATOMIC_FLAG_INIT;
	if ((!strcmp(provider, "c") || !strcmp(provider, "b")) && bytewise(collate))
		return;
	if (atomic_flag_test_and_set(&said))
		return;
	const char *how = !strcmp(provider, "i") ? " (ICU)" : !strcmp(provider, "b") ? " (builtin)" : "";
	fprintf(stderr,
		"fengqiao: 警告：PostgreSQL 数据库 %s 的排序规则是 %s%s，不是 C：列表与报表的顺序将与 SQLite 不同。请用 createdb "
		"--locale=C.UTF-8 --template=template0 建新库，再用 fengqiao copy 迁入（docs/operations.md）"
		"（warning: database %s collates text as %s%s, not C: lists and reports sort unlike SQLite; make a database "
		"with --locale=C.UTF-8 --template=template0 and copy into it）\n",
		name, collate, how, name, collate, how);
}

static int setup(struct pg_conn *c, struct err *e)
{
	if (PQstatus(c->pg) != CONNECTION_OK) {
		char buf[400];
		return err_set(e, ERR_UNAVAILABLE, "db.open", NULL, "无法连接数据库（cannot connect to the database）: %s",
			       trimmed(PQerrorMessage(c->pg), buf, sizeof buf));
	}
	PQsetNoticeProcessor(c->pg, quiet, NULL);
	/* One round trip; lock_timeout as set_lock_timeout writes it; then the
	 * collation, read through to_jsonb so that no column is named that a
	 * version lacks (datlocprovider and daticulocale came in PostgreSQL 15;
	 * 17 renamed daticulocale to datlocale): a setting nobody has named
	 * reads as NULL, and NULL means libc. */
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SET client_encoding = 'UTF8'; SET client_min_messages = warning;"
		 " SET extra_float_digits = 1; SET TIME ZONE 'UTC'; SET lock_timeout = %d;"
		 " SELECT datname, coalesce(j->>'datlocprovider', 'c'), CASE coalesce(j->>'datlocprovider', 'c')"
		 " WHEN 'c' THEN datcollate ELSE coalesce(j->>'datlocale', j->>'daticulocale', '') END"
		 " FROM (SELECT datname, datcollate, to_jsonb(d) j FROM pg_database d WHERE datname = current_database()) d",
		 c->busy_ms > 0 ? c->busy_ms : 1);
	PGresult *r = PQexec(c->pg, sql);
	int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : fail_result(c, r, e);
	if (rc == 0 && PQntuples(r) == 1)
		check_collation(PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2));
	PQclear(r);
	return rc;
}

/*
 * Connect to the URL.  No GSSAPI encryption unless the URL or PGGSSENCMODE
 * asks for it: libpq's default ("prefer") loads Kerberos and asks the
 * server for it on every connection, ~10 ms a command on this machine
 * (bench/RESULTS.md); the URL's own settings come after ours and win.
 */
static PGconn *connect_to(const char *target)
{
	const char *keys[] = { "gssencmode", "dbname", NULL };
	const char *values[] = { "disable", target, NULL };
	return PQconnectdbParams(getenv("PGGSSENCMODE") ? keys + 1 : keys, getenv("PGGSSENCMODE") ? values + 1 : values, 1);
}

static void *pg_open(const char *target, struct err *e)
{
	struct pg_conn *c = calloc(1, sizeof *c);
	if (!c || !(c->target = strdup(target))) {
		free(c);
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	c->busy_ms = DB_BUSY_WAIT_MS;
	c->pg = connect_to(target);
	if (!c->pg || setup(c, e)) {
		if (c->pg && e->kind == ERR_NONE)
			err_set(e, ERR_UNAVAILABLE, "db.open", NULL, "无法连接数据库（cannot connect to the database）");
		PQfinish(c->pg);
		free(c->target);
		free(c);
		return NULL;
	}
	return c;
}

static void pg_close(void *conn)
{
	struct pg_conn *c = conn;
	if (!c)
		return;
	PQfinish(c->pg);
	free(c->target);
	free(c);
}

/* The statements go with the connection: no DEALLOCATE each (a round trip
 * each, at the end of every command), as for those of a dropped one. */
static void pg_closing(void *conn)
{
	struct pg_conn *c = conn;
	if (c)
		c->generation++;
}

/* Before a statement: a connection the server dropped is opened again,
 * unless a transaction was open on it (that one is lost: the error says so). */
static int ensure_connected(struct pg_conn *c, struct err *e)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return 0;
	if (c->in_tx) /* libpq no longer knows of it: we do */
		return fail_state("08006", NULL, e);
	PQfinish(c->pg);
	c->pg = connect_to(c->target);
	c->generation++;
	if (!c->pg)
		return err_set(e, ERR_UNAVAILABLE, "db.unavailable", NULL,
			       "数据库暂时不可用，请稍后重试（database unavailable for now: try again）");
	return setup(c, e) ? fail_state("08006", NULL, e) : 0;
}

static bool pg_in_transaction(void *conn)
{
	struct pg_conn *c = conn;
	if (c->in_tx && PQstatus(c->pg) != CONNECTION_OK)
		return true; /* lost with its connection, until COMMIT or ROLLBACK */
	PGTransactionStatusType s = PQtransactionStatus(c->pg);
	return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

static int pg_exec(void *conn, const char *sql, struct err *e)
{
	struct pg_conn *c = conn;
	bool commit = !strcmp(sql, "COMMIT"), end = commit || !strcmp(sql, "ROLLBACK");
	if (end && c->in_tx && PQstatus(c->pg) != CONNECTION_OK) {
		c->in_tx = false; /* the server rolled it back when the connection went */
		return commit ? fail_state("08006", NULL, e) : 0;
	}
	if (end || !strncmp(sql, "BEGIN", 5)) /* BEGIN: one left open before is over too */
		c->in_tx = false;
	if (!pg_in_transaction(c) && ensure_connected(c, e))
		return -1;
	bool outside = !pg_in_transaction(c);
	PGresult *r = PQexec(c->pg, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = 0;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
		rc = fail_result(c, r, e);
	else if (commit && !strcmp(PQcmdStatus(r), "ROLLBACK")) /* COMMIT of a failed transaction */
		rc = err_set(e, ERR_DB, "db.error", NULL, "事务已中止（transaction aborted）");
	else if (commit || (outside && !end && strncmp(sql, "BEGIN", 5)))
		c->durable++; /* may have written for good (counted even when it did not) */
	PQclear(r);
	if (end && c->timeout_in_tx && !pg_in_transaction(c)) { /* SET is undone with the transaction */
		c->timeout_in_tx = false;
		set_lock_timeout(c);
	}
	if (rc && !strncmp(sql, "BEGIN", 5) && pg_in_transaction(c))
		PQclear(PQexec(c->pg, "ROLLBACK")); /* begun, but the write lock not had: not begun */
	else if (rc == 0 && !strncmp(sql, "BEGIN", 5))
		c->in_tx = true;
	return rc;
}

static bool starts_with_word(const char *s, const char *w)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '(')
		s++;
	size_t l = strlen(w);
	return !strncasecmp(s, w, l) && (s[l] == ' ' || s[l] == '\n' || s[l] == '\t');
}

/* A statement's own savepoint, inside a transaction (see the top). */
static int savepoint(struct pg_conn *c, const char *sql)
{
	PGresult *r = PQexec(c->pg, sql);
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	PQclear(r);
	return rc;
}

/*
 * Prepare under a new name.  A parameter PostgreSQL cannot type from where
 * it stands (`? IS NULL OR code = ?`: SQLite needs no type) is declared
 * text and the statement prepared again; inside a transaction under a
 * savepoint, as the failed attempt would abort it.
 */
static int prepare_on(struct pg_stmt *st, struct err *e)
{
	struct pg_conn *c = st->c;
	char name[sizeof st->name];
	snprintf(name, sizeof name, "fq%lu", ++c->next_name);
	bool sp = pg_in_transaction(c);
	Oid *types = calloc((size_t)st->nparams + 1, sizeof *types);
	if (!types)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	if (sp && savepoint(c, "SAVEPOINT fq_prep")) {
		free(types);
		return fail_result(c, NULL, e);
	}
	int rc;
	for (int attempt = 0;; attempt++) {
		PGresult *r = PQprepare(c->pg, name, st->sql, st->nparams, types);
		if (PQresultStatus(r) == PGRES_COMMAND_OK) {
			PQclear(r);
			rc = 0;
			break;
		}
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		const char *dollar = msg ? strchr(msg, '$') : NULL;
		long k = dollar ? strtol(dollar + 1, NULL, 10) : 0;
		if (state && !strcmp(state, "42P18") && k >= 1 && k <= st->nparams && !types[k - 1] &&
		    attempt < st->nparams && (!sp || savepoint(c, "ROLLBACK TO SAVEPOINT fq_prep") == 0)) {
			PQclear(r);
			types[k - 1] = 25; /* text */
			continue;
		}
		rc = fail_result(c, r, e);
		PQclear(r);
		break;
	}
	free(st->types);
	st->types = types;
	if (sp)
		savepoint(c, rc ? "ROLLBACK TO SAVEPOINT fq_prep" : "RELEASE SAVEPOINT fq_prep");
	if (rc == 0) {
		memcpy(st->name, name, sizeof name);
		st->generation = c->generation;
	}
	return rc;
}

static void pg_finalize(void *stmt);

static void *pg_prepare(void *conn, const char *sql, struct err *e)
{
	struct pg_conn *c = conn;
	struct pg_stmt *st = calloc(1, sizeof *st);
	if (!st) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	st->c = c;
	st->sql = pg_rewrite_placeholders(sql, &st->nparams);
	if (st->nparams > PG_MAX_PARAMS) {
		pg_finalize(st);
		err_set(e, ERR_DB, "db.error", NULL, "too many parameters");
		return NULL;
	}
	st->values = calloc((size_t)st->nparams + 1, sizeof *st->values);
	st->owned = calloc((size_t)st->nparams + 1, 1);
	if (!st->sql || !st->values || !st->owned) {
		pg_finalize(st);
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	st->write = starts_with_word(sql, "INSERT") || starts_with_word(sql, "UPDATE") || starts_with_word(sql, "DELETE");
	if (!pg_in_transaction(c)) {
		/* prepared at its first run, in the same round trip (prepare_and_exec);
		 * an error in it is the first step's */
		st->generation = c->generation - 1;
		return st;
	}
	if (prepare_on(st, e)) {
		pg_finalize(st);
		return NULL;
	}
	return st;
}

static void clear_binds(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		if (st->owned[i])
			free(st->values[i]);
		st->values[i] = NULL;
		st->owned[i] = 0;
	}
}

/* Close the statement's cursor, if the server still has it (a rollback
 * takes a cursor declared in its transaction with it). */
static void close_cursor(struct pg_stmt *st)
{
	if (!st->cursor[0])
		return;
	PGconn *pg = st->c->pg;
	if (PQstatus(pg) == CONNECTION_OK && PQtransactionStatus(pg) != PQTRANS_INERROR) {
		const char *name = st->cursor;
		PGresult *r = PQexecParams(pg, "SELECT 1 FROM pg_cursors WHERE name = $1", 1, NULL, &name, NULL, NULL, 0);
		bool open = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
		PQclear(r);
		if (open) {
			char sql[48];
			snprintf(sql, sizeof sql, "CLOSE %s", st->cursor);
			PQclear(PQexec(pg, sql));
		}
	}
	st->cursor[0] = 0;
}

static void pg_reset(void *stmt)
{
	struct pg_stmt *st = stmt;
	close_cursor(st);
	st->many = false;
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	st->done = false;
	clear_binds(st);
}

static void pg_finalize(void *stmt)
{
	struct pg_stmt *st = stmt;
	if (!st)
		return;
	pg_reset(st);
	if (st->name[0] && st->generation == st->c->generation && PQstatus(st->c->pg) == CONNECTION_OK) {
		char sql[48];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
		PQclear(PQexec(st->c->pg, sql));
	}
	free(st->ftext);
	free(st->types);
	free(st->sql);
	free(st->values);
	free(st->owned);
	free(st);
}

static int bind(struct pg_stmt *st, int idx, char *s, bool owned)
{
	if (idx < 1 || idx > st->nparams) {
		if (owned)
			free(s);
		return -1;
	}
	if (st->owned[idx - 1])
		free(st->values[idx - 1]);
	st->values[idx - 1] = s;
	st->owned[idx - 1] = owned;
	return 0;
}

static int pg_bind_text(void *stmt, int idx, const char *s)
{
	char *copy = strdup(s);
	return copy ? bind(stmt, idx, copy, true) : -1;
}

static int pg_bind_text_static(void *stmt, int idx, const char *s)
{
	return bind(stmt, idx, (char *)(uintptr_t)s, false);
}

static int pg_bind_int(void *stmt, int idx, int64_t v)
{
	char *s = malloc(24);
	if (!s)
		return -1;
	snprintf(s, 24, "%lld", (long long)v);
	return bind(stmt, idx, s, true);
}

static int pg_bind_double(void *stmt, int idx, double v)
{
	char *s = malloc(32);
	if (!s)
		return -1;
	snprintf(s, 32, "%.17g", v);
	return bind(stmt, idx, s, true);
}

static int pg_bind_null(void *stmt, int idx)
{
	return bind(stmt, idx, NULL, false);
}

/* In pipeline mode: one query's result, its closing NULL read too. */
static PGresult *take(PGconn *pg)
{
	PGresult *r = PQgetResult(pg);
	if (r) {
		PGresult *more;
		while ((more = PQgetResult(pg)))
			PQclear(more);
	}
	return r;
}

/*
 * A write inside a transaction under its own savepoint, in one round trip:
 * SAVEPOINT, the statement and RELEASE sent as one pipeline.  When the
 * statement fails the server skips the RELEASE, and ROLLBACK TO undoes the
 * statement alone.  Returns the statement's result (NULL: the connection).
 */
static PGresult *exec_in_savepoint(struct pg_stmt *st)
{
	PGconn *pg = st->c->pg;
	if (!PQenterPipelineMode(pg))
		return NULL;
	PGresult *r = NULL;
	if (PQsendQueryParams(pg, "SAVEPOINT fq_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQsendQueryPrepared(pg, st->name, st->nparams, (const char *const *)st->values, NULL, NULL, 0) &&
	    PQsendQueryParams(pg, "RELEASE SAVEPOINT fq_stmt", 0, NULL, NULL, NULL, NULL, 0) && PQpipelineSync(pg)) {
		PGresult *sp = take(pg);
		r = take(pg);
		PQclear(take(pg)); /* RELEASE, or PGRES_PIPELINE_ABORTED */
		PQclear(PQgetResult(pg)); /* PGRES_PIPELINE_SYNC */
		bool saved = PQresultStatus(sp) == PGRES_COMMAND_OK;
		if (!saved && r) { /* the savepoint failed: its error is the answer */
			PQclear(r);
			r = sp;
			sp = NULL;
		}
		PQclear(sp);
		PQexitPipelineMode(pg);
		ExecStatusType s = PQresultStatus(r);
		if (saved && s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK)
			savepoint(st->c, "ROLLBACK TO SAVEPOINT fq_stmt");
		return r;
	}
	PQexitPipelineMode(pg);
	return r;
}

#define CURSOR_BATCH 1000

/* The next batch of an open cursor into st->res; 0 rows: the end. */
static int fetch(struct pg_stmt *st, struct err *e)
{
	char sql[64];
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", CURSOR_BATCH, st->cursor);
	PQclear(st->res);
	st->res = PQexec(st->c->pg, sql);
	if (PQresultStatus(st->res) != PGRES_TUPLES_OK) {
		fail_result(st->c, st->res, e);
		PQclear(st->res);
		st->res = NULL;
		return -1;
	}
	st->nrows = PQntuples(st->res);
	st->row = -1;
	return 0;
}

/*
 * db_many_rows: the statement's rows through a cursor, CURSOR_BATCH at a
 * time, so memory stays flat however many there are.  WITH HOLD: it lives
 * past the transaction it was declared in (outside one, the server keeps
 * the rows, not this process), and the caller may run other statements on
 * the connection between rows, as with a whole result.
 */
static int open_cursor(struct pg_stmt *st, struct err *e)
{
	struct pg_conn *c = st->c;
	char name[sizeof st->cursor];
	snprintf(name, sizeof name, "fqc%lu", ++c->next_cursor);
	struct buf sql;
	buf_init(&sql);
	buf_printf(&sql, "DECLARE %s NO SCROLL CURSOR WITH HOLD FOR %s", name, st->sql);
	if (sql.failed || !sql.p) {
		buf_free(&sql);
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	}
	PGresult *r = PQexecParams(c->pg, sql.p, st->nparams, st->types, (const char *const *)st->values, NULL, NULL, 0);
	buf_free(&sql);
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : fail_result(c, r, e);
	PQclear(r);
	if (rc)
		return -1;
	memcpy(st->cursor, name, sizeof name);
	c->changes = 0;
	return fetch(st, e);
}

/*
 * Outside a transaction, a statement's first run: prepared and executed as
 * one pipeline (one round trip instead of two: a report's few statements
 * each run once a process).  NULL when the prepare failed (nothing else
 * happened: no transaction was open); then prepare_on tries again, typing
 * the parameters the server could not.
 */
static PGresult *prepare_and_exec(struct pg_stmt *st)
{
	struct pg_conn *c = st->c;
	Oid *types = calloc((size_t)st->nparams + 1, sizeof *types);
	if (!types || !PQenterPipelineMode(c->pg)) {
		free(types);
		return NULL;
	}
	char name[sizeof st->name];
	snprintf(name, sizeof name, "fq%lu", ++c->next_name);
	PGresult *prep = NULL, *r = NULL;
	if (PQsendPrepare(c->pg, name, st->sql, st->nparams, types) &&
	    PQsendQueryPrepared(c->pg, name, st->nparams, (const char *const *)st->values, NULL, NULL, 0) &&
	    PQpipelineSync(c->pg)) {
		prep = take(c->pg);
		r = take(c->pg);
		PQclear(PQgetResult(c->pg)); /* PGRES_PIPELINE_SYNC */
	}
	PQexitPipelineMode(c->pg);
	if (PQresultStatus(prep) != PGRES_COMMAND_OK) {
		PQclear(prep);
		PQclear(r);
		free(types);
		return NULL;
	}
	PQclear(prep);
	if (!r) /* prepared, but no answer to the run: an error, never a second run */
		r = PQmakeEmptyPGresult(c->pg, PGRES_FATAL_ERROR);
	free(st->types);
	st->types = types;
	memcpy(st->name, name, sizeof name);
	st->generation = c->generation;
	return r;
}

static int execute(struct pg_stmt *st, struct err *e)
{
	struct pg_conn *c = st->c;
	bool in_tx = pg_in_transaction(c);
	if (!in_tx && ensure_connected(c, e))
		return -1;
	PGresult *r = NULL;
	if (st->generation != c->generation && !in_tx && !(st->many && !st->write))
		r = prepare_and_exec(st);
	if (!r && st->generation != c->generation && prepare_on(st, e))
		return -1;
	if (st->many && !st->write)
		return open_cursor(st, e);
	if (!r)
		r = in_tx && st->write
			? exec_in_savepoint(st)
			: PQexecPrepared(c->pg, st->name, st->nparams, (const char *const *)st->values, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(r);
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		fail_result(c, r, e);
		PQclear(r);
		return -1;
	}
	const char *t = PQcmdTuples(r);
	c->changes = *t ? strtoll(t, NULL, 10) : 0;
	if (st->write)
		c->total_changes += c->changes;
	if (st->write && !in_tx && c->changes > 0)
		c->durable++;
	st->res = r;
	st->nrows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	st->row = -1;
	return 0;
}

static int pg_step(void *stmt, struct err *e)
{
	struct pg_stmt *st = stmt;
	if (st->done)
		return 0;
	if (!st->res && execute(st, e))
		return -1;
	if (++st->row < st->nrows)
		return 1;
	if (st->cursor[0] && st->nrows == CURSOR_BATCH) { /* perhaps more */
		if (fetch(st, e))
			return -1;
		if (++st->row < st->nrows)
			return 1;
	}
	close_cursor(st);
	st->done = true;
	return 0;
}

static void pg_many_rows(void *stmt)
{
	((struct pg_stmt *)stmt)->many = true;
}

static int pg_col_count(void *stmt)
{
	struct pg_stmt *st = stmt;
	return st->res ? PQnfields(st->res) : 0;
}

static bool have(const struct pg_stmt *st, int col)
{
	return st->res && st->row >= 0 && st->row < st->nrows && col >= 0 && col < PQnfields(st->res);
}

static bool pg_col_null(void *stmt, int col)
{
	struct pg_stmt *st = stmt;
	return !have(st, col) || PQgetisnull(st->res, st->row, col);
}

/*
 * A double as SQLite's text of a REAL: 15 significant digits, and ".0" when
 * that looks like an integer (12000.0), so records read back and exported
 * the same on both backends.
 */
void pg_sqlite_real_text(double d, char out[32])
{
	char tmp[28]; /* "%.15g" needs at most 23 */
	snprintf(tmp, sizeof tmp, "%.15g", d);
	char *exp = strchr(tmp, 'e');
	if (strchr(tmp, '.') || strchr(tmp, 'n') || strchr(tmp, 'N')) { /* a fraction, inf, nan */
		snprintf(out, 32, "%s", tmp);
	} else if (exp) {
		*exp = 0;
		snprintf(out, 32, "%s.0e%s", tmp, exp + 1);
	} else {
		snprintf(out, 32, "%s.0", tmp);
	}
}

static const char *pg_col_text(void *stmt, int col)
{
	struct pg_stmt *st = stmt;
	if (!have(st, col))
		return "";
	const char *v = PQgetvalue(st->res, st->row, col);
	Oid type = PQftype(st->res, col);
	if ((type != 701 && type != 700) || PQgetisnull(st->res, st->row, col)) /* float8, float4 */
		return v;
	if (st->nftext < PQnfields(st->res)) {
		free(st->ftext);
		st->nftext = 0;
		if (!(st->ftext = calloc((size_t)PQnfields(st->res), sizeof *st->ftext)))
			return v;
		st->nftext = PQnfields(st->res);
	}
	pg_sqlite_real_text(strtod(v, NULL), st->ftext[col]);
	return st->ftext[col];
}

static int64_t pg_col_int(void *stmt, int col)
{
	const char *s = pg_col_text(stmt, col);
	if (!strcmp(s, "t")) /* a boolean expression: SQLite's 1 and 0 */
		return 1;
	if (strchr(s, '.') || strchr(s, 'e')) /* numeric or double precision */
		return (int64_t)strtod(s, NULL);
	return strtoll(s, NULL, 10);
}

static double pg_col_double(void *stmt, int col)
{
	const char *s = pg_col_text(stmt, col);
	return !strcmp(s, "t") ? 1 : strtod(s, NULL);
}

static int64_t pg_changes(void *conn) { return ((struct pg_conn *)conn)->changes; }
static int64_t pg_total_changes(void *conn) { return ((struct pg_conn *)conn)->total_changes; }
static void pg_replay_counts(void *conn, int64_t counts[2])
{
	struct pg_conn *c = conn;
	counts[0] = c->conflicts;
	counts[1] = c->durable;
}

static int64_t pg_last_insert_id(void *conn)
{
	struct pg_conn *c = conn;
	PGresult *r = PQexec(c->pg, "SELECT lastval()");
	int64_t id = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	PQclear(r);
	return id;
}

static void pg_busy_wait(void *conn, int ms)
{
	struct pg_conn *c = conn;
	c->busy_ms = ms;
	if (PQstatus(c->pg) == CONNECTION_OK && PQtransactionStatus(c->pg) != PQTRANS_INERROR) {
		set_lock_timeout(c);
		c->timeout_in_tx |= pg_in_transaction(c);
	}
}

void *pg_conn_pg(void *conn) { return ((struct pg_conn *)conn)->pg; }
const char *pg_conn_url(void *conn) { return ((struct pg_conn *)conn)->target; }

/* ---- whole databases (db_tables, db_col_type, db_ids_taken; the rest in postgres_backup.c) ---- */

static int pg_col_type(void *stmt, int col)
{
	struct pg_stmt *st = stmt;
	if (!have(st, col) || PQgetisnull(st->res, st->row, col))
		return DB_TYPE_NULL;
	switch (PQftype(st->res, col)) {
	case 16: /* bool */
	case 20: /* int8 */
	case 21: /* int2 */
	case 23: /* int4 */
		return DB_TYPE_INT;
	case 700: /* float4 */
	case 701: /* float8 */
	case 1700: /* numeric */
		return DB_TYPE_DOUBLE;
	default:
		return DB_TYPE_TEXT;
	}
}

static const char *pg_col_name(void *stmt, int col)
{
	struct pg_stmt *st = stmt;
	const char *n = st->res && col >= 0 && col < PQnfields(st->res) ? PQfname(st->res, col) : NULL;
	return n ? n : "";
}

/* Each identity column of `table` moved past the largest id it holds: the
 * next insert that lets the database choose its id takes a free one. */
static int pg_ids_taken(void *conn, const char *table, struct err *e)
{
	struct pg_conn *c = conn;
	struct buf q;
	buf_init(&q);
	buf_printf(&q, "\"%s\"", table);
	const char *name = q.p;
	PGresult *r = q.failed || strchr(table, '"') ? NULL
		: PQexecParams(c->pg, "SELECT pg_get_serial_sequence($1, attname), quote_ident(attname) FROM pg_attribute"
				      " WHERE attrelid = $1::regclass AND attidentity <> '' AND NOT attisdropped",
			       1, NULL, &name, NULL, NULL, 0);
	int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : (r ? fail_result(c, r, e) : err_set(e, ERR_INVALID, "copy.table", NULL, "%s", table));
	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		struct buf sql;
		buf_init(&sql);
		buf_printf(&sql, "SELECT setval($1, COALESCE(MAX(%s), 0) + 1, false) FROM %s", PQgetvalue(r, i, 1), name);
		const char *seq = PQgetvalue(r, i, 0);
		PGresult *s = sql.failed ? NULL : PQexecParams(c->pg, sql.p, 1, NULL, &seq, NULL, NULL, 0);
		rc = PQresultStatus(s) == PGRES_TUPLES_OK ? 0 : fail_result(c, s, e);
		PQclear(s);
		buf_free(&sql);
	}
	PQclear(r);
	buf_free(&q);
	return rc;
}

const struct backend_ops postgres_backend = {
	.kind = DB_POSTGRES,
	.open = pg_open,
	.close = pg_close,
	.closing = pg_closing,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_text = pg_bind_text,
	.bind_text_static = pg_bind_text_static,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_null = pg_bind_null,
	.many_rows = pg_many_rows,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_null = pg_col_null,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.reset = pg_reset,
	.changes = pg_changes,
	.last_insert_id = pg_last_insert_id,
	.busy_wait = pg_busy_wait,
	.in_transaction = pg_in_transaction,
	.total_changes = pg_total_changes,
	.replay_counts = pg_replay_counts,
	/* no db_count cache (expanded_sql NULL).  A bulk transaction skips the
	 * server's row-by-row foreign-key checks, as on SQLite (the import looks
	 * every reference up itself, under the one write lock): replication
	 * role "replica" for the transaction only (set_config(..., true)), where
	 * the role may set it (a superuser, or GRANT SET ON PARAMETER
	 * session_replication_role); elsewhere the checks run.  Measured: about
	 * half the server's time a row (bench/RESULTS.md).  The schema has no
	 * triggers of its own, which the role would turn off too. */
	.bulk_tx_sql = "SELECT set_config('session_replication_role', 'replica', true)"
		       " WHERE has_parameter_privilege('session_replication_role', 'SET')",
	/* The server guards its own pages (checksums are initdb's choice); what
	 * can still be wrong: an index left invalid by a failed CREATE INDEX
	 * CONCURRENTLY, a constraint added NOT VALID and never validated, and
	 * rows that reference nothing, let in while triggers were off
	 * (session_replication_role = replica, a restore with
	 * --disable-triggers): every single-column foreign key counted by a
	 * query of its own (query_to_xml runs it), as SQLite's foreign_key_check. */
	.integrity_sql = { "SELECT 'invalid index: ' || indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid"
			   " OR NOT indisready"
			   " UNION ALL SELECT 'constraint not validated: ' || conrelid::regclass::text || '.' || conname"
			   " FROM pg_constraint WHERE NOT convalidated",
			   "SELECT 'foreign key: ' || t || ' ' || n || ' row(s) -> ' || p FROM ("
			   " SELECT c.conrelid::regclass::text AS t, c.confrelid::regclass::text AS p,"
			   " (xpath('/row/n/text()', query_to_xml(format('SELECT COUNT(*) AS n FROM %s c WHERE c.%I IS NOT NULL"
			   " AND NOT EXISTS (SELECT 1 FROM %s p WHERE p.%I = c.%I)', c.conrelid::regclass, a.attname,"
			   " c.confrelid::regclass, pa.attname, a.attname), false, true, '')))[1]::text::bigint AS n"
			   " FROM pg_constraint c"
			   " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
			   " JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]"
			   " WHERE c.contype = 'f' AND cardinality(c.conkey) = 1"
			   " AND c.connamespace = 'public'::regnamespace) f WHERE n > 0" },
	.id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.backup = pg_backup,
	.restore = pg_restore,
	.col_type = pg_col_type,
	.col_name = pg_col_name,
	.tables_sql = "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = current_schema()::regnamespace",
	.references_sql = "SELECT cc.relname, pc.relname FROM pg_constraint c JOIN pg_class cc ON cc.oid = c.conrelid"
			  " JOIN pg_class pc ON pc.oid = c.confrelid"
			  " WHERE c.contype = 'f' AND cc.relnamespace = current_schema()::regnamespace",
	/* one snapshot for every statement until the end (pg_dump may share it: pg_backup) */
	.read_begin_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	.ids_taken = pg_ids_taken,
	/* One writer at a time, as on SQLite: the domain's rules read what they
	 * check and write in one transaction (five failed logins, overlapping
	 * posts, the last administrator) and count on no other writer between.
	 * Reads never wait for it; the wait is lock_timeout (db_busy_wait). */
	.begin_sql = "BEGIN; SELECT pg_advisory_xact_lock(4651502)",
	/* 64-bit instants and ids; REAL is 4 bytes on PostgreSQL, SQLite's is 8 */
	.schema_words = { "INTEGER", "BIGINT", "REAL", "DOUBLE PRECISION" },
};
