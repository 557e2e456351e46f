/*
 * backend — what each storage backend provides to db.c.  Private to src/db.
 */
#ifndef FQ_DB_BACKEND_H
#define FQ_DB_BACKEND_H

#include "db/db.h"

struct backend_ops {
	enum db_backend kind;
	void *(*open)(const char *target, struct err *e);
	void (*close)(void *conn);
	int (*exec)(void *conn, const char *sql, struct err *e);
	void *(*prepare)(void *conn, const char *sql, struct err *e);
	void (*finalize)(void *stmt);
	int (*bind_text)(void *stmt, int idx, const char *s);
	int (*bind_text_static)(void *stmt, int idx, const char *s);
	int (*bind_int)(void *stmt, int idx, int64_t v);
	int (*bind_double)(void *stmt, int idx, double v);
	int (*bind_null)(void *stmt, int idx);
	void (*many_rows)(void *stmt); /* db_many_rows (NULL: nothing to do) */
	int (*step)(void *stmt, struct err *e);
	int (*col_count)(void *stmt);
	bool (*col_null)(void *stmt, int col);
	const char *(*col_text)(void *stmt, int col);
	int64_t (*col_int)(void *stmt, int col);
	double (*col_double)(void *stmt, int col);
	void (*reset)(void *stmt);
	int64_t (*changes)(void *conn);
	int64_t (*last_insert_id)(void *conn);
	/* How long a statement waits for another writer's lock (see db_busy_wait). */
	void (*busy_wait)(void *conn, int ms);
	/* For db_count's cache (NULL: no cache).  The statement's SQL with its
	 * bound values written in (malloc'd); whether a transaction is open; rows
	 * this connection has changed since it opened; the SQL of a one-row query
	 * of two numbers: one that moves when another connection commits, one that
	 * moves when the schema changes. */
	char *(*expanded_sql)(void *stmt);
	bool (*in_transaction)(void *conn);
	int64_t (*total_changes)(void *conn);
	const char *data_version_sql;
	/* For db_replay_mark: [0] serialization failures and deadlocks this
	 * connection met, [1] its commits and writes outside a transaction
	 * (counted when they may have written); NULL: it meets none (SQLite's
	 * one writer queues on its busy timeout). */
	void (*replay_counts)(void *conn, int64_t counts[2]);
	/* db_close is about to finalize every statement, then close: what the
	 * server would free with the connection need not be freed one by one
	 * (NULL: nothing to do). */
	void (*closing)(void *conn);
	/* Around a bulk transaction (see db_begin_bulk): settings for it, and
	 * the ones restored after it; NULL: nothing to change. */
	const char *bulk_begin_sql, *bulk_end_sql;
	/* First thing inside a bulk transaction, undone by its end (must not
	 * fail for want of a privilege); NULL: nothing. */
	const char *bulk_tx_sql;
	/* db_bulk_defer_indexes: a table's indexes that enforce nothing (name,
	 * CREATE statement; one parameter, the table), and the settings around
	 * building them again and after; NULL: indexes are never deferred. */
	const char *deferrable_indexes_sql, *index_build_sql, *index_built_sql;
	/* Storage integrity (db_integrity): queries whose rows are problems, each
	 * row's columns the problem's words; a row of the one word "ok" is none. */
	const char *integrity_sql[3];
	/* Rewrite the portable schema macros (see schema/README.md). */
	const char *id_column; /* what "PRIMARY_ID" becomes */
	/* Whole databases (db_backup, db_restore, db_tables ...); NULL: not
	 * offered (backup, restore), or nothing to do (ids_taken). */
	int (*backup)(void *conn, const char *dest, struct err *e);
	int (*restore)(const char *target, const char *staged, int (*locked)(void *ctx, struct err *e), void *ctx,
		       struct err *e);
	int (*col_type)(void *stmt, int col); /* an enum db_type */
	const char *(*col_name)(void *stmt, int col);
	/* rows (table): the database's own tables; rows (table, parent): its
	 * foreign keys */
	const char *tables_sql, *references_sql;
	const char *read_begin_sql; /* a read transaction over one snapshot */
	int (*ids_taken)(void *conn, const char *table, struct err *e);
	/* db_begin: a write transaction holding the one write lock at once */
	const char *begin_sql;
	/* Whole words of the schema written otherwise here: pairs of the word
	 * and what it becomes (NULL-ended; e.g. INTEGER as BIGINT). */
	const char *schema_words[6];
};

extern const struct backend_ops sqlite_backend;
extern const struct backend_ops postgres_backend;

/* postgres.c, for its unit test: `?` placeholders as $1, $2 ... outside
 * quotes and comments (malloc'd; *nparams of them), and the kind of error
 * a SQLSTATE is. */
char *pg_rewrite_placeholders(const char *sql, int *nparams);
enum err_kind pg_sqlstate_kind(const char *sqlstate);
void pg_sqlite_real_text(double d, char out[32]);

/* postgres.c: a connection's PGconn and URL; postgres_backup.c: the
 * whole-database operations (db_backup, db_restore_stage, db_restore). */
void *pg_conn_pg(void *conn);
const char *pg_conn_url(void *conn);
int pg_backup(void *conn, const char *dest, struct err *e);
int pg_restore_stage(const char *url, const char *file, char *staged, size_t n, struct err *e);
void pg_restore_unstage(const char *url, const char *staged);
int pg_restore(const char *url, const char *staged, int (*locked)(void *ctx, struct err *e), void *ctx, struct err *e);

/* sqlite_backup.c: the SQLite backend's whole-database operations. */
int sqlite_backup(void *conn, const char *dest, struct err *e);
int sqlite_restore(const char *target, const char *staged, int (*locked)(void *ctx, struct err *e), void *ctx,
		   struct err *e);
int sqlite_col_type(void *stmt, int col);
const char *sqlite_col_name(void *stmt, int col);

#endif
