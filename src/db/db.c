/*
 * db.c — backend-neutral half of the storage interface: URL dispatch, the
 * per-connection statement cache, transactions and migrations.
 */
#include "db/db.h"
#include "db/backend.h"
#include "base/array.h"
#include "base/embed.h"
#include "base/text.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SLOTS 256 /* power of two; far more than the distinct SQL we run */

#define KEYED_SLOTS 128 /* power of two */

#define COUNT_SLOTS 64 /* power of two: db_count's remembered answers */

struct db_stmt {
	struct db *db;
	void *raw;
	char *sql;       /* owned; NULL for an uncached statement */
	uint32_t hash;
	const void *key; /* keyed statements: their key */
	bool busy;
};

struct db {
	const struct backend_ops *ops;
	void *conn;
	struct db_stmt cache[CACHE_SLOTS];
	struct db_stmt keyed[KEYED_SLOTS];
	bool bulk; /* inside a bulk transaction: its settings restored at its end */
	char *deferred; /* db_bulk_defer_indexes: the CREATE INDEX statements to run */
	/* db_after_commit: what to run once the open transaction commits */
	void (*after_fn)(const void *arg);
	_Alignas(max_align_t) unsigned char after_arg[DB_AFTER_COMMIT_ARG];
	struct count_slot {
		char *sql; /* with its bound values; NULL: empty */
		uint32_t hash;
		int64_t version[3]; /* the database as it was counted (see change_version) */
		int64_t n;
	} counts[COUNT_SLOTS];
};

static uint32_t hash_sql(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static bool starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

struct db *db_open(const char *url, struct err *e)
{
	const struct backend_ops *ops = &sqlite_backend;
	const char *target = url;

	if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
		ops = &postgres_backend; /* libpq reads the URL itself: several hosts, target_session_attrs */
	else if (starts_with(url, "sqlite:"))
		target = url + strlen("sqlite:");
	if (!*target) {
		err_set(e, ERR_INVALID, "db.url", NULL, "数据库地址为空（empty database URL）");
		return NULL;
	}
	struct db *db = calloc(1, sizeof *db);
	if (!db) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	db->ops = ops;
	db->conn = ops->open(target, e);
	if (!db->conn) {
		free(db);
		return NULL;
	}
	return db;
}

void db_url_redacted(const char *url, char *out, size_t n)
{
	struct buf b;
	buf_init(&b);
	const char *p = url, *scheme = strstr(url, "://");
	if (scheme) {
		const char *host = scheme + 3, *at = strchr(host, '@'), *slash = strchr(host, '/');
		const char *colon = at ? memchr(host, ':', (size_t)(at - host)) : NULL;
		if (at && (!slash || at < slash) && colon) {
			buf_printf(&b, "%.*s:***", (int)(colon - url), url);
			p = at;
		}
	}
	while (*p) {
		const char *pw = strstr(p, "password="), *key = pw;
		while (key && key > p && key[-1] >= 'a' && key[-1] <= 'z') /* sslpassword= too */
			key--;
		if (!pw || (key != url && key[-1] != '?' && key[-1] != '&' && key[-1] != ' ')) {
			buf_printf(&b, "%.*s", (int)(pw ? pw + 9 - p : (long)strlen(p)), p);
			p = pw ? pw + 9 : p + strlen(p);
			continue;
		}
		buf_printf(&b, "%.*spassword=***", (int)(pw - p), p);
		p = pw + 9 + strcspn(pw + 9, "& ");
	}
	snprintf(out, n, "%s", b.failed || !b.p ? "?" : b.p);
	buf_free(&b);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->ops->closing)
		db->ops->closing(db->conn);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (db->cache[i].sql) {
			db->ops->finalize(db->cache[i].raw);
			free(db->cache[i].sql);
		}
	}
	for (int i = 0; i < KEYED_SLOTS; i++) {
		if (db->keyed[i].sql) {
			db->ops->finalize(db->keyed[i].raw);
			free(db->keyed[i].sql);
		}
	}
	for (int i = 0; i < COUNT_SLOTS; i++)
		free(db->counts[i].sql);
	db->ops->close(db->conn);
	free(db);
}

enum db_backend db_backend(const struct db *db)
{
	return db->ops->kind;
}

int db_exec(struct db *db, const char *sql, struct err *e)
{
	return db->ops->exec(db->conn, sql, e);
}

struct db_stmt *db_prepare(struct db *db, const char *sql, struct err *e)
{
	uint32_t h = hash_sql(sql);
	unsigned i = h & (CACHE_SLOTS - 1);

	for (unsigned probes = 0; probes < CACHE_SLOTS; probes++, i = (i + 1) & (CACHE_SLOTS - 1)) {
		struct db_stmt *st = &db->cache[i];
		if (!st->sql)
			break; /* free slot: not cached yet */
		if (st->hash == h && strcmp(st->sql, sql) == 0) {
			if (!st->busy) {
				st->busy = true;
				return st;
			}
			goto uncached; /* the same SQL in use higher up the stack */
		}
	}
	if (!db->cache[i].sql) {
		struct db_stmt *st = &db->cache[i];
		void *raw = db->ops->prepare(db->conn, sql, e);
		if (!raw)
			return NULL;
		char *copy = strdup(sql);
		if (!copy) {
			db->ops->finalize(raw);
			err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			return NULL;
		}
		*st = (struct db_stmt){ .db = db, .raw = raw, .sql = copy, .hash = h, .busy = true };
		return st;
	}
uncached:;
	struct db_stmt *st = calloc(1, sizeof *st);
	if (!st) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	st->db = db;
	st->raw = db->ops->prepare(db->conn, sql, e);
	if (!st->raw) {
		free(st);
		return NULL;
	}
	st->busy = true;
	return st;
}

struct db_stmt *db_prepare_keyed(struct db *db, const void *key, void (*build)(const void *arg, struct buf *sql),
				 const void *arg, struct err *e)
{
	uintptr_t h = (uintptr_t)key;
	h ^= h >> 7;
	unsigned i = (unsigned)(h * 2654435761u) & (KEYED_SLOTS - 1);
	struct db_stmt *free_slot = NULL;
	for (unsigned probes = 0; probes < KEYED_SLOTS; probes++, i = (i + 1) & (KEYED_SLOTS - 1)) {
		struct db_stmt *st = &db->keyed[i];
		if (!st->sql) {
			free_slot = st;
			break;
		}
		if (st->key == key && !st->busy) {
			st->busy = true;
			return st;
		}
		if (st->key == key)
			break; /* in use higher up the stack: prepare a fresh one */
	}
	struct buf sql;
	buf_init(&sql);
	build(arg, &sql);
	if (sql.failed || !sql.p) {
		buf_free(&sql);
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	struct db_stmt *st;
	if (free_slot) {
		void *raw = db->ops->prepare(db->conn, sql.p, e);
		if (!raw) {
			buf_free(&sql);
			return NULL;
		}
		*free_slot = (struct db_stmt){ .db = db, .raw = raw, .sql = sql.p, .key = key, .busy = true };
		return free_slot; /* the slot owns the SQL text now */
	}
	st = db_prepare(db, sql.p, e);
	buf_free(&sql);
	return st;
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return s ? st->db->ops->bind_text(st->raw, idx, s) : st->db->ops->bind_null(st->raw, idx);
}

int db_bind_text_static(struct db_stmt *st, int idx, const char *s)
{
	return s ? st->db->ops->bind_text_static(st->raw, idx, s) : st->db->ops->bind_null(st->raw, idx);
}

int db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return st->db->ops->bind_int(st->raw, idx, v);
}

int db_bind_double(struct db_stmt *st, int idx, double v)
{
	return st->db->ops->bind_double(st->raw, idx, v);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return st->db->ops->bind_null(st->raw, idx);
}

void db_many_rows(struct db_stmt *st)
{
	if (st->db->ops->many_rows)
		st->db->ops->many_rows(st->raw);
}

int db_step(struct db_stmt *st, struct err *e)
{
	return st->db->ops->step(st->raw, e);
}

int db_col_count(struct db_stmt *st) { return st->db->ops->col_count(st->raw); }
bool db_col_null(struct db_stmt *st, int col) { return st->db->ops->col_null(st->raw, col); }
const char *db_col_text(struct db_stmt *st, int col) { return st->db->ops->col_text(st->raw, col); }
int64_t db_col_int(struct db_stmt *st, int col) { return st->db->ops->col_int(st->raw, col); }
double db_col_double(struct db_stmt *st, int col) { return st->db->ops->col_double(st->raw, col); }

int64_t db_changes(struct db *db)
{
	return db->ops->changes(db->conn);
}

int64_t db_last_insert_id(struct db *db)
{
	return db->ops->last_insert_id(db->conn);
}

bool db_returning_ids(const struct db *db)
{
	return db->ops->kind == DB_POSTGRES;
}

int db_step_done(struct db_stmt *st, struct err *e)
{
	int rc = db_step(st, e);
	db_done(st);
	return rc;
}

int db_text_of(struct db *db, const char *sql, const char *key, char *out, size_t n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	int rc = db_step(st, e);
	if (n) /* a long value is cut at a character, never inside one */
		text_copy(out, n, rc == 1 ? db_col_text(st, 0) : NULL);
	db_done(st);
	return rc;
}

void db_done(struct db_stmt *st)
{
	if (!st)
		return;
	st->db->ops->reset(st->raw);
	if (st->sql) {
		st->busy = false;
	} else {
		st->db->ops->finalize(st->raw);
		free(st);
	}
}

/* Our transactions write: they take the write lock at once (SQLite's
 * IMMEDIATE; an advisory lock on PostgreSQL), so two writers queue on the
 * busy timeout instead of deadlocking, and each sees the last one's commit. */
int db_begin(struct db *db, struct err *e)
{
	db_after_commit_clear(db); /* one left by a transaction that ended without db_commit/db_rollback */
	return db_exec(db, db->ops->begin_sql, e);
}

/* The backend's usual settings back once a bulk transaction is over
 * (SQLite's foreign_keys pragma does nothing inside one). */
static void end_bulk(struct db *db)
{
	free(db->deferred); /* rolled back: the indexes are back as they were */
	db->deferred = NULL;
	struct err ignored;
	if (db->bulk && db_exec(db, db->ops->bulk_end_sql, &ignored) == 0)
		db->bulk = false;
}

/*
 * A bulk transaction (imports): the caller looks up every reference it
 * writes inside this same transaction, and no one else can remove a parent
 * row while it holds the write lock, so the store's own row-by-row
 * foreign-key re-check is redundant work (SQLite, measured: 7% of a 2M-row
 * import).  The backend's bulk settings hold for the transaction only.
 */
int db_begin_bulk(struct db *db, struct err *e)
{
	if (db->ops->bulk_begin_sql) {
		db->bulk = true; /* even if only part of the settings take */
		if (db_exec(db, db->ops->bulk_begin_sql, e)) {
			end_bulk(db);
			return -1;
		}
	}
	if (db_begin(db, e)) {
		end_bulk(db);
		return -1;
	}
	if (db->ops->bulk_tx_sql && db_exec(db, db->ops->bulk_tx_sql, e)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int db_bulk_defer_indexes(struct db *db, const char *table, int64_t loaded, struct err *e)
{
	if (!db->bulk || db->deferred || !db->ops->deferrable_indexes_sql || loaded < DB_DEFER_MIN_ROWS)
		return 0;
	/* ids count up: the largest less the rows loaded is about what the table held */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(id), 0) FROM %s", table);
	int64_t last = 0;
	if (db_query_int(db, sql, &last, e))
		return -1;
	if (last - loaded > loaded)
		return 0;
	struct buf drop, create;
	buf_init(&drop);
	buf_init(&create);
	struct db_stmt *st = db_prepare(db, db->ops->deferrable_indexes_sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, table);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		buf_printf(&drop, "DROP INDEX \"%s\"; ", db_col_text(st, 0));
		buf_printf(&create, "%s; ", db_col_text(st, 1));
	}
	db_done(st);
	if (rc == 0 && (drop.failed || create.failed))
		rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	if (rc == 0 && drop.p)
		rc = db_exec(db, drop.p, e);
	buf_free(&drop);
	if (rc || !create.p) {
		buf_free(&create);
		return rc ? -1 : 0;
	}
	db->deferred = create.p; /* the buffer's text, now ours */
	return 1;
}

int db_bulk_build_indexes(struct db *db, struct err *e)
{
	if (!db->deferred)
		return 0;
	struct err ignored; /* without the settings the build is only slower */
	if (db->ops->index_build_sql)
		db_exec(db, db->ops->index_build_sql, &ignored);
	int rc = db_exec(db, db->deferred, e);
	if (db->ops->index_built_sql)
		db_exec(db, db->ops->index_built_sql, &ignored);
	if (rc)
		return -1; /* still deferred: the caller rolls back */
	free(db->deferred);
	db->deferred = NULL;
	return 0;
}

int db_commit(struct db *db, struct err *e)
{
	/* never without the indexes a bulk load dropped */
	if (db_bulk_build_indexes(db, e))
		return -1;
	if (db_exec(db, "COMMIT", e))
		return -1; /* still open: the caller rolls back */
	end_bulk(db);
	if (db->after_fn) {
		void (*fn)(const void *) = db->after_fn;
		db->after_fn = NULL;
		fn(db->after_arg);
	}
	return 0;
}

void db_after_commit(struct db *db, void (*fn)(const void *arg), const void *arg, size_t len)
{
	if (len > sizeof db->after_arg)
		len = sizeof db->after_arg;
	memcpy(db->after_arg, arg, len);
	db->after_fn = fn;
}

void db_busy_wait(struct db *db, int ms)
{
	if (db->ops->busy_wait)
		db->ops->busy_wait(db->conn, ms);
}

void db_after_commit_clear(struct db *db)
{
	db->after_fn = NULL;
}

bool db_in_transaction(struct db *db)
{
	return db->ops->in_transaction(db->conn);
}

void db_replay_mark(struct db *db, struct db_mark *m)
{
	int64_t counts[2] = { 0, 0 };
	if (db->ops->replay_counts)
		db->ops->replay_counts(db->conn, counts);
	m->conflicts = counts[0];
	m->durable = counts[1];
}

bool db_may_replay(struct db *db, const struct db_mark *m)
{
	struct db_mark now;
	db_replay_mark(db, &now);
	return now.conflicts > m->conflicts && now.durable == m->durable;
}

int db_rollback(struct db *db)
{
	struct err ignored;
	int rc = db_exec(db, "ROLLBACK", &ignored);
	end_bulk(db);
	db->after_fn = NULL;
	return rc;
}

/*
 * Where the database stands: commits by other connections move the first
 * number, this connection's own row changes the second, its schema changes
 * (a table dropped and made again) the third.  An answer remembered under
 * the three is current while none moves.
 */
static int change_version(struct db *db, int64_t v[3])
{
	struct err ignored; /* no version: just count */
	struct db_stmt *st = db_prepare(db, db->ops->data_version_sql, &ignored);
	if (!st)
		return -1;
	int rc = db_step(st, &ignored);
	if (rc == 1) {
		v[0] = db_col_int(st, 0);
		v[2] = db_col_int(st, 1);
	}
	db_done(st);
	v[1] = db->ops->total_changes(db->conn);
	return rc == 1 ? 0 : -1;
}

int db_count(struct db *db, struct db_stmt *st, int64_t *out, struct err *e)
{
	/* inside a transaction a change may yet be rolled back: no remembering */
	char *key = db->ops->expanded_sql && !db->ops->in_transaction(db->conn) ? db->ops->expanded_sql(st->raw) : NULL;
	struct count_slot *slot = NULL;
	int64_t version[3];
	uint32_t h = 0;
	/* the version is read before counting: a commit in between only costs a recount */
	if (key && change_version(db, version) == 0) {
		h = hash_sql(key);
		slot = &db->counts[h & (COUNT_SLOTS - 1)];
		if (slot->sql && slot->hash == h && !memcmp(slot->version, version, sizeof version) &&
		    !strcmp(slot->sql, key)) {
			*out = slot->n;
			free(key);
			db_done(st);
			return 0;
		}
	}
	int rc = db_step(st, e);
	*out = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0) {
		free(key);
		return -1;
	}
	if (slot) {
		free(slot->sql);
		*slot = (struct count_slot){ key, h, { version[0], version[1], version[2] }, *out };
		key = NULL;
	}
	free(key);
	return 0;
}

int db_ids(struct db_stmt *st, int64_t **ids, long *n, struct err *e)
{
	long cap = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	while ((rc = db_step(st, e)) == 1) {
		int64_t *slot = array_push(ids, n, &cap, sizeof **ids, e);
		if (!slot) {
			rc = -1;
			break;
		}
		*slot = db_col_int(st, 0);
	}
	db_done(st);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int db_integrity(struct db *db, int (*each)(void *ctx, const char *problem), void *ctx, struct err *e)
{
	int found = 0;
	for (size_t q = 0; q < sizeof db->ops->integrity_sql / sizeof db->ops->integrity_sql[0]; q++) {
		if (!db->ops->integrity_sql[q])
			continue;
		struct db_stmt *st = db_prepare(db, db->ops->integrity_sql[q], e);
		if (!st)
			return -1;
		int rc;
		while ((rc = db_step(st, e)) == 1) {
			const char *p = db_col_text(st, 0);
			if (!strcmp(p, "ok"))
				continue;
			found++;
			if (each(ctx, p))
				break;
		}
		db_done(st);
		if (rc < 0)
			return -1;
	}
	return found;
}

int db_query_int(struct db *db, const char *sql, int64_t *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	int rc = db_step(st, e);
	if (rc == 1)
		*out = db_col_int(st, 0);
	else if (rc == 0)
		rc = err_set(e, ERR_DB, NULL, NULL, "query returned no row");
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/*
 * Expand the portable schema macros: PRIMARY_ID becomes the backend's
 * auto-increment primary key, and the backend's schema_words (whole words)
 * what it writes for them.  Everything else in schema/ is SQL that both
 * engines accept as written.
 */
static bool word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static char *expand_schema(const struct db *db, const char *sql)
{
	const char *from[8] = { "PRIMARY_ID" }, *to[8] = { db->ops->id_column };
	int n = 1;
	for (int i = 0; i + 1 < (int)(sizeof db->ops->schema_words / sizeof db->ops->schema_words[0]) &&
			db->ops->schema_words[i] && n < 8; i += 2, n++) {
		from[n] = db->ops->schema_words[i];
		to[n] = db->ops->schema_words[i + 1];
	}
	struct buf out;
	buf_init(&out);
	for (const char *p = sql; *p;) {
		int hit = -1;
		if (!word_char(*p) || p == sql || !word_char(p[-1]))
			for (int i = 0; i < n && hit < 0; i++) {
				size_t l = strlen(from[i]);
				if (!strncmp(p, from[i], l) && !word_char(p[l]))
					hit = i;
			}
		if (hit >= 0) {
			buf_printf(&out, "%s", to[hit]);
			p += strlen(from[hit]);
		} else {
			buf_printf(&out, "%c", *p++);
		}
	}
	if (out.failed || !out.p) {
		buf_free(&out);
		return NULL;
	}
	return out.p;
}

int db_migrate(struct db *db, int *applied, struct err *e)
{
	int count = 0;
	char *table = expand_schema(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
					 "version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
	if (!table)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int made = db_exec(db, table, e);
	free(table);
	if (made)
		return -1;
	/* the versions applied, read at once (one round trip, not one a file) */
	struct buf done;
	buf_init(&done);
	buf_puts(&done, "\n");
	struct db_stmt *st = db_prepare(db, "SELECT version FROM schema_migrations", e);
	if (!st)
		return -1;
	int got;
	while ((got = db_step(st, e)) == 1)
		buf_printf(&done, "%s\n", db_col_text(st, 0));
	db_done(st);
	if (got < 0 || done.failed) {
		buf_free(&done);
		return got < 0 ? -1 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	}
	/* embedded_files keeps the build's (sorted) order: NNN_ prefixes apply in order. */
	for (size_t i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		if (strncmp(f->path, "schema/", 7) != 0)
			continue;
		/* NNN_name.sqlite.sql / NNN_name.postgresql.sql: the one backend's way to a change
		 * the two engines write differently (the other backend's file is skipped) */
		const char *version = f->path + 7, *only = strchr(version, '.');
		if (only && strcmp(only, ".sql") && strcmp(only, db_backend(db) == DB_SQLITE ? ".sqlite.sql" : ".postgresql.sql"))
			continue;
		char line[300];
		snprintf(line, sizeof line, "\n%s\n", version);
		if (strstr(done.p, line))
			continue;

		char *sql = expand_schema(db, (const char *)f->data);
		if (!sql) {
			buf_free(&done);
			return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		}
		if (db_begin(db, e)) {
			free(sql);
			buf_free(&done);
			return -1;
		}
		int rc = db_exec(db, sql, e);
		free(sql);
		if (rc == 0) {
			st = db_prepare(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", e);
			rc = st ? 0 : -1;
			if (st) {
				db_bind_text(st, 1, version);
				db_bind_int(st, 2, (int64_t)time(NULL));
				rc = db_step(st, e) < 0 ? -1 : 0;
				db_done(st);
			}
		}
		if (rc == 0)
			rc = db_commit(db, e);
		if (rc) {
			db_rollback(db);
			buf_free(&done);
			char msg[sizeof e->message];
			snprintf(msg, sizeof msg, "%s", e->message);
			return err_set(e, ERR_DB, "db.migration", NULL, "迁移 %s 失败（migration failed）: %s", version, msg);
		}
		count++;
	}
	buf_free(&done);
	if (applied)
		*applied = count;
	return 0;
}

/* ---- whole databases ------------------------------------------------------------------------ */

int db_backup(struct db *db, const char *dest, struct err *e)
{
	if (!db->ops->backup)
		return err_set(e, ERR_INVALID, "backup.unsupported", NULL,
			       "此后端不支持 fengqiao backup：请用 pg_dump（见 docs/operations.md）（not on this backend: use pg_dump）");
	return db->ops->backup(db->conn, dest, e);
}

int db_restore(const char *url, const char *staged, int (*locked)(void *ctx, struct err *e), void *ctx,
	       struct err *e)
{
	if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
		return postgres_backend.restore(url, staged, locked, ctx, e);
	return sqlite_backend.restore(starts_with(url, "sqlite:") ? url + strlen("sqlite:") : url, staged, locked, ctx, e);
}

int db_restore_stage(const char *url, const char *file, char *staged, size_t n, struct err *e)
{
	if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
		return pg_restore_stage(url, file, staged, n, e);
	return err_set(e, ERR_INVALID, "restore.unsupported", NULL, "SQLite 备份无需此步（not for SQLite）");
}

void db_restore_unstage(const char *url, const char *staged)
{
	if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
		pg_restore_unstage(url, staged);
}

/* A backend without these (yet) copies values as text under no name:
 * db_tables refuses first, so a copy never gets that far. */
enum db_type db_col_type(struct db_stmt *st, int col)
{
	if (!st->db->ops->col_type)
		return db_col_null(st, col) ? DB_TYPE_NULL : DB_TYPE_TEXT;
	return (enum db_type)st->db->ops->col_type(st->raw, col);
}

const char *db_col_name(struct db_stmt *st, int col)
{
	return st->db->ops->col_name ? st->db->ops->col_name(st->raw, col) : "";
}

void db_tables_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int index_of(char **names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* Read every table's name, then order them: each round takes the tables
 * whose parents are all placed (a cycle, which the schema has not, would
 * be placed as it comes, by name). */
int db_tables(struct db *db, char ***names, int *n, struct err *e)
{
	*names = NULL;
	*n = 0;
	char **all = NULL, **ordered = NULL;
	long count = 0, cap = 0;
	int *parent = NULL, *child = NULL;
	long refs = 0, rcap = 0, ccap = 0;
	int rc = -1;
	if (!db->ops->tables_sql || !db->ops->references_sql || !db->ops->col_type || !db->ops->col_name)
		return err_set(e, ERR_INVALID, "copy.unsupported", NULL,
			       "此后端尚不支持整库复制（whole-database copy not offered by this backend yet）");
	struct db_stmt *st = db_prepare(db, db->ops->tables_sql, e);
	if (!st)
		return -1;
	int step;
	while ((step = db_step(st, e)) == 1) {
		char **slot = array_push(&all, &count, &cap, sizeof *all, e);
		if (!slot || !(*slot = strdup(db_col_text(st, 0)))) {
			if (slot)
				count--;
			step = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			break;
		}
	}
	db_done(st);
	if (step < 0)
		goto out;
	/* by name, so the order does not depend on the catalogue's */
	for (long i = 1; i < count; i++)
		for (long j = i; j > 0 && strcmp(all[j - 1], all[j]) > 0; j--) {
			char *t = all[j];
			all[j] = all[j - 1];
			all[j - 1] = t;
		}
	if (!(st = db_prepare(db, db->ops->references_sql, e)))
		goto out;
	while ((step = db_step(st, e)) == 1) {
		int c = index_of(all, (int)count, db_col_text(st, 0)), p = index_of(all, (int)count, db_col_text(st, 1));
		if (c < 0 || p < 0 || c == p)
			continue;
		long before = refs;
		int *ps = array_push(&parent, &refs, &rcap, sizeof *parent, e);
		refs = before;
		int *cs = ps ? array_push(&child, &refs, &ccap, sizeof *child, e) : NULL;
		if (!cs) {
			step = -1;
			break;
		}
		*ps = p;
		*cs = c;
	}
	db_done(st);
	if (step < 0)
		goto out;
	ordered = malloc(((size_t)count + 1) * sizeof *ordered);
	bool *placed = calloc((size_t)count + 1, 1);
	if (!ordered || !placed) {
		free(placed);
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	int done = 0;
	while (done < count) {
		int before = done;
		for (long t = 0; t < count; t++) {
			if (placed[t])
				continue;
			bool ready = true;
			for (long r = 0; r < refs && ready; r++)
				if (child[r] == t && !placed[parent[r]])
					ready = false;
			if (ready) {
				placed[t] = true;
				ordered[done++] = all[t];
			}
		}
		if (done == before) /* a cycle: the rest by name */
			for (long t = 0; t < count; t++)
				if (!placed[t]) {
					placed[t] = true;
					ordered[done++] = all[t];
				}
	}
	free(placed);
	free(all);
	all = NULL;
	*names = ordered;
	*n = (int)count;
	ordered = NULL;
	rc = 0;
out:
	if (all)
		db_tables_free(all, (int)count);
	free(ordered);
	free(parent);
	free(child);
	return rc;
}

int db_begin_read(struct db *db, struct err *e)
{
	db_after_commit_clear(db);
	return db_exec(db, db->ops->read_begin_sql ? db->ops->read_begin_sql : "BEGIN", e);
}

int db_ids_taken(struct db *db, const char *table, struct err *e)
{
	return db->ops->ids_taken ? db->ops->ids_taken(db->conn, table, e) : 0;
}
