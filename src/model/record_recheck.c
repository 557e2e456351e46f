/*
 * record_recheck.c — the rules of a record type over its stored rows, as
 * they stand today: every live record loaded and put through record_check
 * again (required fields, value rules, references, the type's own rules),
 * so a row written before a rule existed, or edited by hand in SQL, is
 * named.  `fengqiao check` runs it for every type.
 */
#include "model/record_internal.h"
#include "model/memo.h"

#include <stdio.h>
#include <stdlib.h>

struct recheck_ctx {
	const struct record *r;
	int (*each)(void *ctx, const struct record *r, const struct err *problem);
	void *ctx;
	int stop;
};

static void on_problem(void *vctx, const struct err *e)
{
	struct recheck_ctx *c = vctx;
	if (!c->stop)
		c->stop = c->each(c->ctx, c->r, e);
}

int record_recheck(struct db *db, const struct record_type *t,
		   int (*each)(void *ctx, const struct record *r, const struct err *problem), void *ctx, struct err *e)
{
	/* the ids first: the checks run their own statements, never under an open one */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE voided_at IS NULL ORDER BY id", t->table);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	int64_t *ids;
	long n;
	int rc = db_ids(st, &ids, &n, e);
	struct record *r = rc < 0 ? NULL : record_new(t);
	struct memo *memo = rc < 0 ? NULL : memo_new();
	if (rc >= 0 && (!r || !memo))
		rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int found = 0;
	struct recheck_ctx c = { r, each, ctx, 0 };
	struct problem_sink sink = { on_problem, &c };
	for (long i = 0; rc >= 0 && i < n && !c.stop; i++) {
		if (record_load(db, r, ids[i], NULL, e)) {
			rc = -1;
			break;
		}
		r->memo = memo;
		r->id_known = true; /* its own id: rules that compare it with its siblings skip it */
		found += record_check(db, r, &sink) > 0;
	}
	record_free(r);
	memo_free(memo);
	free(ids);
	return rc < 0 ? -1 : found;
}
