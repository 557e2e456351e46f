/*
 * import.c — CSV rows into described records, checked and saved in one
 * transaction.
 */
#include "io/import.h"
#include "base/config.h"
#include "base/text.h"
#include "model/memo.h"
#include "model/rollup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_COLUMNS 256
#define PROGRESS_EVERY 10000
#define BATCH_MAX_CELLS 200000 /* about 40 MiB of pending deltas */
#define IMPORT_LOCK_WAIT_MS 2000 /* a short write from the server can finish first */

struct column_map {
	int ncols;
	int field[MAX_COLUMNS];     /* field index per column, -1 = ignored */
	char *header[MAX_COLUMNS];  /* as written */
	int column_of[MAX_COLUMNS]; /* column per field, -1 = absent */
};

static bool header_matches(const struct field *f, const char *h)
{
	if (text_eq_icase_ascii(f->name, h) || !strcmp(f->zh, h) || text_eq_icase_ascii(f->en, h))
		return true;
	if (!f->aliases)
		return false;
	size_t n = strlen(h);
	for (const char *a = f->aliases; *a;) {
		const char *bar = strchr(a, '|');
		size_t len = bar ? (size_t)(bar - a) : strlen(a);
		if (len == n && !memcmp(a, h, n))
			return true;
		if (!bar)
			break;
		a = bar + 1;
	}
	return false;
}

/* One import's state, as the helpers below need it. */
struct ctx {
	const struct record_type *t;
	struct db *db;
	int64_t now;
	const struct cell_sink *cells; /* the rollup batch, or NULL for a type without cells */
	const struct import_report *rep;
	struct import_result *res;
	const struct column_map *map;
	long line;
};

static void problem(struct ctx *c, long line, const char *column, const char *message)
{
	c->res->problems++;
	if (c->rep && c->rep->problem)
		c->rep->problem(c->rep->ctx, line, column, message);
}

static int read_header(const struct record_type *t, const struct csv_row *row, struct column_map *map,
		       struct ctx *c, struct import_result *res)
{
	for (int i = 0; i < t->nfields; i++)
		map->column_of[i] = -1;
	if (row->n > MAX_COLUMNS) {
		problem(c, row->line, "-", "表头列数过多（too many columns）");
		return -1;
	}
	map->ncols = (int)row->n;
	int bad = 0;
	for (int i = 0; i < map->ncols; i++) {
		map->header[i] = strdup(text_trim(row->fields[i]));
		map->field[i] = -1;
		if (!map->header[i]) {
			/* a problem like any other: the file is refused, never half read */
			problem(c, row->line, "-", "内存不足（out of memory）");
			return -1;
		}
		for (int k = 0; k < t->nfields; k++) {
			if ((t->fields[k].flags & FF_DERIVED) || !header_matches(&t->fields[k], map->header[i]))
				continue;
			if (map->column_of[k] >= 0) {
				char msg[300];
				snprintf(msg, sizeof msg, "与第 %d 列重复，都是“%s”（duplicate column）", map->column_of[k] + 1,
					 t->fields[k].zh);
				problem(c, row->line, map->header[i], msg);
				bad++;
			} else {
				map->field[i] = k;
				map->column_of[k] = i;
			}
			break;
		}
		if (map->field[i] < 0)
			res->ignored_columns++;
	}
	for (int k = 0; k < t->nfields; k++) {
		if ((t->fields[k].flags & FF_REQUIRED) && map->column_of[k] < 0) {
			char msg[300];
			snprintf(msg, sizeof msg, "缺少必需的列“%s”（%s）（missing required column）", t->fields[k].zh,
				 t->fields[k].name);
			problem(c, row->line, t->fields[k].name, msg);
			bad++;
		}
	}
	return bad ? -1 : 0;
}

/* The column header as written for a field name, or the name itself. */
static const char *written_column(const struct record_type *t, const struct column_map *map, const char *field)
{
	int k = field_index(t, field);
	if (k >= 0 && map->column_of[k] >= 0)
		return map->header[map->column_of[k]];
	return field[0] ? field : "-";
}

static void row_problem(void *vctx, const struct err *e)
{
	struct ctx *c = vctx;
	problem(c, c->line, written_column(c->t, c->map, e->field), e->message);
}

/*
 * Checked rows waiting to be saved: one at a time, or RECORD_CHUNK at a
 * time for types whose rows stand alone (a row's checks never read rows of
 * its own type, so they need not wait for the rows above to be stored).
 */
struct pending {
	struct record *r[RECORD_CHUNK];
	long line[RECORD_CHUNK];
	int n, cap;
};

/* Save one checked row as record_save_to does; its problems name its line. */
/* Is the row's record, as stored now, within the caller's scope?  1 yes (or none stored), 0 no, -1 error. */
static int stored_in_scope(struct ctx *c, const struct record *r, int64_t id, struct err *e)
{
	if (!id && record_find_id(c->db, r, &id, e))
		return -1;
	return id ? record_in_scope(c->db, c->t, id, c->rep->scope, e) : 1;
}

static void scope_problem(struct ctx *c, long line)
{
	problem(c, line, written_column(c->t, c->map, "station"),
		"超出您的数据范围，不能导入这一行（outside your unit's records）");
}

static int save_one(struct ctx *c, struct record *r, long line, struct err *e)
{
	bool created = false;
	struct err se;
	err_clear(&se);
	c->line = line;
	bool scoped = c->rep && c->rep->scope;
	if (scoped) {
		/* a row may not take over a record the caller cannot see */
		int in = stored_in_scope(c, r, 0, e);
		if (in < 0)
			return -1;
		if (!in) {
			scope_problem(c, line);
			return 0;
		}
	}
	if (record_save_to(c->db, r, c->now, &created, c->cells, &se)) {
		if (se.kind != ERR_CONFLICT && se.kind != ERR_INVALID) {
			*e = se;
			return -1;
		}
		problem(c, line, written_column(c->t, c->map, se.field), se.message);
		return 0;
	}
	if (scoped) {
		/* nor write one outside it (the transaction is refused then) */
		int in = stored_in_scope(c, r, r->id, e);
		if (in < 0)
			return -1;
		if (!in)
			scope_problem(c, line);
	}
	if (created)
		c->res->inserted++;
	else
		c->res->updated++;
	return 0;
}

static int save_pending(struct ctx *c, struct pending *p, struct err *e)
{
	bool inserted[RECORD_CHUNK] = { false };
	if (p->n == RECORD_CHUNK) {
		int rc = record_insert_chunk(c->db, p->r, c->now, c->cells, inserted, e);
		if (rc < 0)
			return -1;
		for (int i = 0; i < p->n; i++)
			c->res->inserted += inserted[i];
	}
	/* the rest (keys already stored, or the whole chunk after a refusal) in order */
	for (int i = 0; i < p->n; i++)
		if (!inserted[i] && save_one(c, p->r[i], p->line[i], e))
			return -1;
	p->n = 0;
	return 0;
}

static long file_size(FILE *f)
{
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode))
		return (long)sb.st_size;
	return -1;
}

int import_csv(struct db *db, const struct record_type *t, FILE *f, bool dry_run,
	       const struct import_report *rep, struct import_result *res, struct err *e)
{
	struct column_map map = { 0 };
	struct ctx c = { .t = t, .db = db, .now = (int64_t)time(NULL), .rep = rep, .res = res, .map = &map };
	struct problem_sink sink = { .report = row_problem, .ctx = &c };
	/* rows of a caller with a scope are saved one by one, each checked against it */
	bool chunked = record_save_strategy(t, true) == SAVE_CHUNKED && !(rep && rep->scope);
	struct pending pend = { .cap = chunked ? RECORD_CHUNK : 1 };
	struct rollup_batch *batch = NULL;
	struct memo *memo = NULL;
	struct csv_row row;
	int status = -1;
	bool in_tx = false;
	long size = file_size(f);

	memset(res, 0, sizeof *res);
	struct csv_reader *csv = csv_open(f, e);
	if (!csv)
		return -1;
	res->encoding = csv_encoding(csv);

	int got = csv_next(csv, &row, e);
	if (got <= 0) {
		if (got == 0)
			err_set(e, ERR_INVALID, "import.empty", NULL, "文件为空，缺少表头行（the file is empty: a header row is required）");
		goto out;
	}
	c.line = row.line;
	if (read_header(t, &row, &map, &c, res))
		goto done;

	for (int i = 0; i < pend.cap; i++)
		if (!(pend.r[i] = record_new(t)))
			break;
	memo = memo_new();
	batch = t->cells ? rollup_batch_new() : NULL;
	if (!pend.r[pend.cap - 1] || !memo || (t->cells && !batch)) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	/* rollup deltas gather in memory and each cell is written once, at the end */
	struct cell_sink cells = batch ? rollup_batch_sink(batch) : (struct cell_sink){ 0 };
	c.cells = batch ? &cells : NULL;
	/* every reference is looked up by record_check in this transaction; a
	 * second import does not queue behind a long one: it says so and stops */
	db_busy_wait(db, IMPORT_LOCK_WAIT_MS);
	int began = db_begin_bulk(db, e);
	db_busy_wait(db, DB_BUSY_WAIT_MS);
	if (began) {
		if (e->kind == ERR_UNAVAILABLE)
			err_set(e, ERR_UNAVAILABLE, "import.busy", NULL,
				"另一个导入（或其他写入）正在进行，请等它结束后再导入（another import or write is running:"
				" wait for it to finish, then import again）");
		goto out;
	}
	in_tx = true;

	while ((got = csv_next(csv, &row, e)) == 1) {
		c.line = row.line;
		res->rows++;
		if (rep && rep->progress && res->rows % PROGRESS_EVERY == 0)
			rep->progress(rep->ctx, res->rows, size > 0 ? (double)ftell(f) / (double)size : -1);
		if ((int)row.n != map.ncols) {
			char msg[200];
			snprintf(msg, sizeof msg, "本行有 %zu 列，表头有 %d 列（%zu fields, the header has %d）", row.n,
				 map.ncols, row.n, map.ncols);
			problem(&c, row.line, "-", msg);
			continue;
		}
		/* Once a problem is found the file is refused: rows are then saved as
		 * they come, so a saving problem of a waiting row (rare: a key clash
		 * or a constraint of the store) follows later lines' problems by at
		 * most one chunk. */
		if (res->problems && pend.cap > 1) {
			if (pend.n && save_pending(&c, &pend, e))
				goto out;
			pend.cap = 1;
		}
		struct record *r = pend.r[pend.n];
		record_clear(r);
		r->memo = memo;
		r->bulk = true;
		r->end_dependents = rep ? rep->end_dependents : NULL;
		r->scope = rep ? rep->scope : NULL;
		int bad = 0;
		for (int i = 0; i < map.ncols; i++) {
			if (map.field[i] < 0)
				continue;
			struct err fe; /* filled only on failure */
			if (record_set(r, map.field[i], row.fields[i], config()->tz_minutes, &fe)) {
				problem(&c, row.line, map.header[i], fe.message);
				bad++;
			}
		}
		if (bad)
			continue;
		/* A refused row is a problem even when none reached the report (out
		 * of memory on the way): it must never be skipped silently. */
		long reported = res->problems;
		if (record_check(db, r, &sink)) {
			if (res->problems == reported)
				problem(&c, row.line, "-", "本行未通过检查（the row was refused）");
			continue;
		}
		pend.line[pend.n++] = row.line;
		if (pend.n < pend.cap)
			continue;
		if (save_pending(&c, &pend, e))
			goto out;
		/* a file touching very many cells writes them out early, so memory stays bounded */
		if (batch && rollup_batch_cells(batch) > BATCH_MAX_CELLS && rollup_batch_flush(batch, db, e))
			goto out;
	}
	if (got < 0) {
		/* malformed CSV: report it where it is, like any other problem */
		problem(&c, e->line, "-", e->message);
	}
	if (pend.n && save_pending(&c, &pend, e))
		goto out;
done:
	if (res->problems) {
		err_set(e, ERR_INVALID, "import.rejected", NULL,
			"发现 %ld 处问题，未导入任何数据（%ld problems: nothing was imported）", res->problems, res->problems);
		goto out;
	}
	if (dry_run) {
		status = 0;
		goto out;
	}
	if ((batch && rollup_batch_flush(batch, db, e)) ||
	    (rep && rep->before_commit && rep->before_commit(rep->ctx, db, res, e)) || db_commit(db, e))
		goto out;
	in_tx = false;
	status = 0;
out:
	if (in_tx)
		db_rollback(db);
	for (int i = 0; i < RECORD_CHUNK; i++)
		record_free(pend.r[i]); /* NULL past those made */
	rollup_batch_free(batch);
	memo_free(memo);
	for (int i = 0; i < map.ncols; i++)
		free(map.header[i]);
	csv_close(csv);
	return status;
}

int import_buffer(struct db *db, const struct record_type *t, const void *data, size_t len, bool dry_run,
		  const struct import_report *rep, struct import_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4)) {
		/* the XLSX reader (io/xlsx_read.c) plugs in here */
		return err_set(e, ERR_INVALID, "import.xlsx", NULL,
			       "暂不能导入 XLSX 文件，请另存为 CSV（UTF-8）后导入（XLSX import is not available yet: save as CSV）");
	}
	if (len == 0)
		return err_set(e, ERR_INVALID, "import.empty", NULL, "文件为空，缺少表头行（the file is empty: a header row is required）");
	FILE *f = fmemopen((void *)(uintptr_t)data, len, "rb");
	if (!f)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = import_csv(db, t, f, dry_run, rep, res, e);
	fclose(f);
	return rc;
}
