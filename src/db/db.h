/*
 * db — the one storage interface the domain sees.
 *
 * Connections, prepared statements with `?` placeholders, typed binds and
 * columns, transactions and migrations.  Two backends live behind it:
 * SQLite (embedded, the default) and PostgreSQL (libpq, src/db/postgres.c).
 * Domain code never names a backend; it writes SQL in the subset both
 * engines share and lets the backend rewrite what differs.
 *
 * Statements are cached per connection by their SQL text: db_prepare()
 * returns a reset statement ready to bind, db_done() gives it back.  A
 * connection is used by one thread at a time.
 */
#ifndef FQ_DB_DB_H
#define FQ_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum db_backend { DB_SQLITE, DB_POSTGRES };

struct db;
struct db_stmt;

/*
 * Open a database.  `url` is a path, "sqlite:PATH", or
 * "postgresql://..." / "postgres://...".  A SQLite file's folder is created
 * when missing.
 */
struct db *db_open(const char *url, struct err *e);
void db_close(struct db *db);
/* `url` fit to print: a password in it (user:PASSWORD@, password=...) as ***. */
void db_url_redacted(const char *url, char *out, size_t n);
enum db_backend db_backend(const struct db *db);

/* Run SQL without parameters (may hold several statements). */
int db_exec(struct db *db, const char *sql, struct err *e);

struct db_stmt *db_prepare(struct db *db, const char *sql, struct err *e);

/*
 * A statement cached under `key` (an address that stands for this one
 * statement, e.g. a descriptor plus an operation number): `build` writes
 * its SQL into `sql` only the first time, so code that assembles SQL from
 * descriptors pays for it once per connection, not once per row.
 */
struct buf;
struct db_stmt *db_prepare_keyed(struct db *db, const void *key, void (*build)(const void *arg, struct buf *sql),
				 const void *arg, struct err *e);
int db_bind_text(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
/* The same without a copy: `s` must stay unchanged until db_done(st). */
int db_bind_text_static(struct db_stmt *st, int idx, const char *s);
int db_bind_int(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
int db_bind_null(struct db_stmt *st, int idx);

/*
 * Before the first db_step: the statement may yield more rows than should
 * sit in memory at once (an export of every record), so the backend may
 * read them in batches (PostgreSQL: through a cursor, 1 000 rows a fetch;
 * SQLite steps through the file anyway).  Holds until db_done.
 */
void db_many_rows(struct db_stmt *st);

/* 1: a row is ready; 0: done; -1: error (a broken constraint is ERR_CONFLICT). */
int db_step(struct db_stmt *st, struct err *e);

int db_col_count(struct db_stmt *st);
bool db_col_null(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col); /* "" for NULL */
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);

/*
 * After an INSERT: the rows it changed (0 when ON CONFLICT DO NOTHING hit
 * an existing key) and the id it gave the new row.  Cheaper than RETURNING
 * on SQLite, which builds a temporary table for every execution.
 */
int64_t db_changes(struct db *db);
int64_t db_last_insert_id(struct db *db);
/*
 * Whether an insert of several rows must yield their ids itself
 * (RETURNING): true on PostgreSQL, where ON CONFLICT DO NOTHING uses up
 * sequence values and other sessions take them meanwhile; false on SQLite,
 * where they are consecutive under the write lock and the last one is
 * db_last_insert_id (cheaper than RETURNING there).
 */
bool db_returning_ids(const struct db *db);

/* Give a statement back to the cache (resets it and clears its binds). */
void db_done(struct db_stmt *st);
/* Step once and give the statement back: for writes and "is there a row"
 * questions.  1: a row was there; 0: none; -1: error. */
int db_step_done(struct db_stmt *st, struct err *e);
/* The first column of the first row of `sql` with its one `?` bound to
 * `key`, copied into `out` ("" when no row or NULL): 1 a row, 0 none, -1 error. */
int db_text_of(struct db *db, const char *sql, const char *key, char *out, size_t n, struct err *e);

/*
 * How long a write waits for another connection's write (a long import)
 * before it fails with ERR_UNAVAILABLE: DB_BUSY_WAIT_MS unless changed;
 * 0 fails at once (a best-effort write that may be skipped).
 */
#define DB_BUSY_WAIT_MS 5000
void db_busy_wait(struct db *db, int ms);

/* Transactions; they do not nest. */
int db_begin(struct db *db, struct err *e);
/* A write transaction whose every reference the caller has checked itself
 * (imports): the store skips its own foreign-key checks until the end. */
int db_begin_bulk(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
int db_rollback(struct db *db);
/*
 * Inside a bulk transaction, once `loaded` rows have gone into `table`:
 * when they are at least DB_DEFER_MIN_ROWS and as many as the table held
 * before, drop its indexes that enforce nothing (not UNIQUE), to build each
 * again by one sort when the load ends (db_bulk_build_indexes; db_commit
 * does it too; a rollback brings them back as they were).  Rows in random
 * order cost an index a page-cache miss each once it outgrows the cache; a
 * sort does not (bench/RESULTS.md).  1 dropped, 0 not (now, or ever:
 * PostgreSQL, where DROP INDEX would hold off every reader of the table),
 * -1 error.
 */
#define DB_DEFER_MIN_ROWS 2048
int db_bulk_defer_indexes(struct db *db, const char *table, int64_t loaded, struct err *e);
int db_bulk_build_indexes(struct db *db, struct err *e);
/*
 * Run fn(arg) once the open transaction has committed (not when it rolls
 * back): the audit log's signed checkpoint, written outside the database
 * only for what is durable in it.  `arg` (at most DB_AFTER_COMMIT_ARG
 * bytes) is copied; a second call in the same transaction replaces the first.
 */
#define DB_AFTER_COMMIT_ARG 128
void db_after_commit(struct db *db, void (*fn)(const void *arg), const void *arg, size_t len);
/* Forget it (db_begin, db_rollback and db_pool_put do): a transaction ended
 * some other way must not run it at the next one's commit. */
void db_after_commit_clear(struct db *db);
/* Is a transaction open on this connection? */
bool db_in_transaction(struct db *db);

/*
 * Replaying work that met a serialization failure or a deadlock
 * (PostgreSQL's SQLSTATE 40001, 40P01: ERR_UNAVAILABLE "db.busy").  The
 * server undid the transaction; the same work run again usually succeeds.
 * db_replay_mark notes where the connection stands; db_may_replay says
 * whether, since then, it met such a failure and committed nothing (no
 * COMMIT, no write outside a transaction), so the work can run again from
 * the start as if it never ran (the API replays a request: api.c).  Never
 * on SQLite, whose one writer queues on the busy timeout instead.
 */
struct db_mark {
	int64_t conflicts, durable;
};
void db_replay_mark(struct db *db, struct db_mark *m);
bool db_may_replay(struct db *db, const struct db_mark *m);

/*
 * Apply the numbered migrations compiled into the binary (schema/NNN_*.sql)
 * that the database has not seen, each in its own transaction, recording
 * them in schema_migrations.  Idempotent.  `applied` (may be NULL) receives
 * how many were applied.
 */
int db_migrate(struct db *db, int *applied, struct err *e);

/* Convenience: run a statement that yields one integer (e.g. COUNT). */
int db_query_int(struct db *db, const char *sql, int64_t *out, struct err *e);
/* Step `st` to its end (then db_done), gathering column 0 of each row into
 * *ids (malloc'd, *n of them; free it).  0, or -1 with `e` (nothing kept). */
int db_ids(struct db_stmt *st, int64_t **ids, long *n, struct err *e);

/*
 * Check the storage itself (SQLite: PRAGMA integrity_check and
 * foreign_key_check): `each` gets every problem found, in words; non-zero
 * from it stops.  Returns the number of problems, or -1 with `e`.
 */
int db_integrity(struct db *db, int (*each)(void *ctx, const char *problem), void *ctx, struct err *e);
/*
 * Step a prepared and bound one-row count (SELECT COUNT(*) ...) and
 * db_done() it.  The answer is remembered per connection, by the SQL and
 * its bound values, until the database changes (a commit by any
 * connection, a change by this one): a large list asks the same total
 * page after page.  Inside a transaction it always counts.
 */
int db_count(struct db *db, struct db_stmt *st, int64_t *out, struct err *e);

/*
 * Whole databases: backup, restore and copy (cli/cmd_backup.c,
 * docs/operations.md).
 *
 * db_backup: a consistent copy of the whole database into the new file
 * `dest` (mode 0600), taken while other connections read and write: on
 * SQLite the online backup API, in one read snapshot, written as one file
 * (no -wal beside it).  PostgreSQL: pg_dump's custom format (-Fc), of the
 * snapshot of the read transaction open on `db` (db_begin_read) if any.
 */
int db_backup(struct db *db, const char *dest, struct err *e);
/*
 * Put the database file `staged` (already checked; in the same folder) in
 * place of the database at `url` by rename(2), so that a crash leaves the
 * old one or the new one, never a mixture.  Refused (ERR_UNAVAILABLE,
 * "restore.in_use") while any other connection holds it open, such as a
 * running server.  `locked` (may be NULL) runs once no other connection can
 * open it, before the rename (the caller puts files of its own in place
 * there); non-zero from it stops.  PostgreSQL: `staged` is the URL of a
 * scratch database from db_restore_stage, renamed to the target's name in
 * one transaction with the target renamed aside (kept: NAME_before_TIME).
 */
int db_restore(const char *url, const char *staged, int (*locked)(void *ctx, struct err *e), void *ctx,
	       struct err *e);
/* PostgreSQL: pg_restore the backup `file` into a new scratch database on
 * the server of `url`, its URL into `staged` (ERR_INVALID
 * "restore.damaged" when pg_restore cannot read it); db_restore_unstage
 * drops it again.  SQLite stages a file itself (cli/cmd_backup.c). */
int db_restore_stage(const char *url, const char *file, char *staged, size_t n, struct err *e);
void db_restore_unstage(const char *url, const char *staged);
/* A column's type in the current row, and its name: for copying rows
 * between databases unchanged. */
enum db_type { DB_TYPE_NULL, DB_TYPE_INT, DB_TYPE_DOUBLE, DB_TYPE_TEXT };
enum db_type db_col_type(struct db_stmt *st, int col);
const char *db_col_name(struct db_stmt *st, int col);
/*
 * The database's own tables, every table after the tables its foreign keys
 * name (a table naming itself aside): *names malloc'd, *n of them, freed
 * with db_tables_free.  An empty database has none.
 */
int db_tables(struct db *db, char ***names, int *n, struct err *e);
void db_tables_free(char **names, int n);
/* A read-only transaction that sees one snapshot of the whole database
 * until db_commit or db_rollback (writers go on meanwhile). */
int db_begin_read(struct db *db, struct err *e);
/* After rows were inserted into `table` with their ids given: the next id
 * the database hands out lies past them (PostgreSQL moves the sequence;
 * SQLite needs nothing). */
int db_ids_taken(struct db *db, const char *table, struct err *e);

#endif
