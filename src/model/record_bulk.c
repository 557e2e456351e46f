/*
 * record_bulk.c — an import's inserts (SAVE_INSERT_FIRST and SAVE_CHUNKED,
 * see record_save_strategy): a row inserted unless its key is stored, its
 * key looked up only on a clash; and RECORD_CHUNK rows that stand alone
 * inserted by one statement, with which of them went in worked out after.
 */
#include "model/record_internal.h"
#include "model/memo.h"
#include "model/rollup.h"

#include <string.h>

int record_insert_new(struct db *db, struct record *r, int64_t now, int64_t *id, bool *inserted, struct err *e)
{
	struct db_stmt *st = record_stmt(db, r->type, OP_INSERT_NEW, e);
	if (!st)
		return -1;
	record_bind_row(st, r, 0, now, now);
	if (db_step_done(st, e) < 0)
		return -1;
	*inserted = db_changes(db) == 1;
	*id = *inserted ? db_last_insert_id(db) : 0;
	return *inserted ? 0 : record_find_id(db, r, id, e);
}

/* Does the row `st` stands on (id, then the key columns) hold r's key? */
static bool key_is(struct db_stmt *st, const struct record *r)
{
	const struct record_type *t = r->type;
	for (int i = 0, col = 1; i < t->nfields; i++) {
		if (!(t->fields[i].flags & FF_KEY))
			continue;
		const char *v = record_get(r, t->fields[i].name);
		if (strcmp(v ? v : "", db_col_text(st, col++)))
			return false;
	}
	return true;
}

/*
 * record_insert_chunk where ids are not consecutive (db_returning_ids:
 * PostgreSQL, whose ON CONFLICT DO NOTHING uses up sequence values while
 * other sessions insert too): the insert yields each new row's id and key,
 * and a row is matched to them by its key.  A row whose key came back for
 * an earlier row of the chunk did not go in: it keeps that id and updates it.
 *
 * An import's chunks go in without ON CONFLICT until one meets a stored key
 * (or a key twice): that statement undoes itself (its savepoint), the chunk
 * runs again with ON CONFLICT, and so does every later chunk of the import
 * (noted in its memo), so a file of updates pays for one failed statement.
 */
#define MEMO_CLASHED "chunk", "clashed"
static int insert_chunk_returning(struct db *db, struct record *const *rs, int64_t now, const struct cell_sink *sink,
				  bool inserted[RECORD_CHUNK], struct err *e)
{
	const struct record_type *t = rs[0]->type;
	struct memo *memo = rs[0]->memo;
	bool fresh = memo && !memo_get(memo, MEMO_CLASHED);
	struct err pe;
	struct db_stmt *st = record_stmt(db, t, fresh ? OP_INSERT_CHUNK_FRESH : OP_INSERT_CHUNK_RETURNING, &pe);
	if (!st)
		return 1;
	for (int k = 0, n = 0; k < RECORD_CHUNK; k++)
		n = record_bind_row(st, rs[k], n, now, now);
	int64_t ids[RECORD_CHUNK];
	for (int k = 0; k < RECORD_CHUNK; k++)
		inserted[k] = false;
	struct err se;
	int rc;
	while ((rc = db_step(st, &se)) == 1) {
		for (int k = 0; k < RECORD_CHUNK; k++) {
			if (!inserted[k] && key_is(st, rs[k])) {
				inserted[k] = true;
				ids[k] = db_col_int(st, 0);
				break;
			}
		}
	}
	db_done(st);
	if (rc < 0 && se.kind == ERR_CONFLICT && fresh) {
		memo_put(memo, MEMO_CLASHED, "1");
		if (memo_get(memo, MEMO_CLASHED))
			return insert_chunk_returning(db, rs, now, sink, inserted, e);
		return 1; /* out of memory for the note: the rows go one by one */
	}
	if (rc < 0) {
		if (se.kind == ERR_CONFLICT)
			return 1; /* the rows go one by one */
		*e = se;
		return -1;
	}
	for (int k = 0; k < RECORD_CHUNK; k++) {
		struct record *r = rs[k];
		if (!inserted[k]) {
			int64_t id = 0;
			if (record_find_id(db, r, &id, e))
				return -1;
			r->id = id;
			r->id_known = true;
			continue;
		}
		if (record_inserted_as(db, r, ids[k], now, sink, e))
			return -1;
	}
	return 0;
}

int record_insert_chunk(struct db *db, struct record *const *rs, int64_t now, const struct cell_sink *sink,
			bool inserted[RECORD_CHUNK], struct err *e)
{
	const struct record_type *t = rs[0]->type;
	struct cell_sink direct = { rollup_apply_cell, db };
	if (!sink)
		sink = &direct;
	if (db_returning_ids(db))
		return insert_chunk_returning(db, rs, now, sink, inserted, e);
	struct err pe;
	struct db_stmt *st = record_stmt(db, t, OP_INSERT_CHUNK, &pe);
	if (!st)
		return 1; /* e.g. more parameters than this SQLite allows: row by row, which reports any real fault */
	for (int k = 0, n = 0; k < RECORD_CHUNK; k++)
		n = record_bind_row(st, rs[k], n, now, now);
	struct err se;
	if (db_step_done(st, &se) < 0) {
		if (se.kind == ERR_CONFLICT)
			return 1; /* a constraint: the statement undid itself, the rows go one by one */
		*e = se;
		return -1;
	}
	/* The rows that went in got consecutive ids, in the chunk's order: the
	 * table's largest id plus one, two, ... (we hold the write lock). */
	int64_t m = db_changes(db);
	int64_t last = m ? db_last_insert_id(db) : 0, first = last - m + 1;
	for (int k = 0; k < RECORD_CHUNK; k++) {
		struct record *r = rs[k];
		int64_t id = first + k;
		inserted[k] = m == RECORD_CHUNK;
		if (!inserted[k]) {
			/* Some keys clashed: a row went in if its key's id is new and
			 * no earlier row of the chunk claimed it (the first of two rows
			 * with one key is inserted, the second updates it).  A row that
			 * did not go in keeps the id it found, so record_save_to updates
			 * it straight away. */
			if (record_find_id(db, r, &id, e))
				return -1;
			inserted[k] = id >= first && id <= last;
			for (int j = 0; j < k && inserted[k]; j++)
				inserted[k] = !(inserted[j] && rs[j]->id == id);
			if (!inserted[k]) {
				r->id = id;
				r->id_known = true;
				continue;
			}
		}
		/* cannot fail for a checked record (its codes fit the rollup keys): if it does, a bug */
		if (record_inserted_as(db, r, id, now, sink, e))
			return -1;
	}
	return 0;
}
