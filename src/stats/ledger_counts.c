/*
 * ledger_counts.c — the ledgers counted for a period and a scope: one
 * statement per ledger over its own table (schema/010, schema/011).
 */
#include "stats/ledger_counts.h"
#include "base/array.h"
#include "base/config.h"
#include "base/date.h"
#include "model/org.h"
#include "model/perm.h"
#include "model/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Prepare "SELECT cols FROM table WHERE voided_at IS NULL AND day BETWEEN
 * from AND to" with the scope: `station_sql` and `division_sql` are the
 * conditions for one `?` each (NULL: the scope part does not apply).  The
 * `lead` binds (text) come before the period; `text_days` binds the period
 * as YYYY-MM-DD, else as day numbers.
 */
static struct db_stmt *prepare_scoped(struct db *db, const struct ledger_scope *s, const char *cols, const char *table,
				      const char *day, bool text_days, const char *station_sql, const char *division_sql,
				      const char *const *lead, int nlead, struct err *e)
{
	char sql[2048];
	const char *station = station_sql && s->station ? s->station : NULL;
	const char *division = division_sql && s->division ? s->division : NULL;
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE voided_at IS NULL AND %s BETWEEN ? AND ?%s%s%s%s", cols, table, day,
		 station ? " AND " : "", station ? station_sql : "", division ? " AND " : "", division ? division_sql : "");
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return NULL;
	int i = 0;
	while (i < nlead) {
		db_bind_text(st, i + 1, lead[i]);
		i++;
	}
	if (text_days) {
		char from[11], to[11];
		date_format(s->from, from);
		date_format(s->to, to);
		db_bind_text(st, ++i, from);
		db_bind_text(st, ++i, to);
	} else {
		db_bind_int(st, ++i, s->from);
		db_bind_int(st, ++i, s->to);
	}
	if (station)
		db_bind_text(st, ++i, station);
	if (division)
		db_bind_text(st, ++i, division);
	return st;
}

/* Step a one-row statement into out[0..n-1] (NULL reads 0). */
static int step_counts(struct db_stmt *st, int64_t *out, int n, struct err *e)
{
	if (!st)
		return -1;
	int rc = db_step(st, e);
	for (int i = 0; rc == 1 && i < n; i++)
		out[i] = db_col_int(st, i);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

#define IN_DIVISION "division IN (" DIVISIONS_BELOW_SQL ")"
#define SUM(x) "COALESCE(SUM(" x "), 0)"

int outreach_counts(struct db *db, const struct ledger_scope *s, struct outreach_counts *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	int64_t v[5] = { 0 };
	if (step_counts(prepare_scoped(db, s,
				       "COUNT(*), " SUM("CASE WHEN kind = 'anti_fraud' THEN 1 ELSE 0 END") ", " SUM(
					       "audience") ", " SUM("materials") ", " SUM("app_registrations"),
				       "outreach", "held_on", true, "station IN " UNIT_SUBTREE, IN_DIVISION, NULL, 0, e),
			v, 5, e))
		return -1;
	*out = (struct outreach_counts){ v[0], v[1], v[2], v[3], v[4] };
	return 0;
}

int dissuasion_counts(struct db *db, const struct ledger_scope *s, struct dissuasion_counts *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct ledger_scope st = *s;
	char holder[24] = "";
	if (s->division) {
		if (division_station(db, s->division, holder, e))
			return -1;
		int in = holder[0] ? perm_unit_in(db, s->station, holder, e) : 0;
		if (in <= 0)
			return in; /* an error, or no station holds it, or not one within the scope */
		st.station = holder;
	}
	struct db_stmt *q = prepare_scoped(db, &st,
					   "COUNT(*), " SUM("CASE WHEN result = 'dissuaded' THEN 1 ELSE 0 END") ", " SUM(
						   "CASE WHEN result = 'defrauded' THEN 1 ELSE 0 END") ", " SUM(
						   "CASE WHEN result = 'unreachable' THEN 1 ELSE 0 END") ", " SUM("loss"),
					   "dissuasions", "received_day", false, "station IN " UNIT_SUBTREE, NULL, NULL, 0, e);
	if (!q)
		return -1;
	int rc = db_step(q, e);
	if (rc == 1) {
		out->warnings = db_col_int(q, 0);
		out->dissuaded = db_col_int(q, 1);
		out->defrauded = db_col_int(q, 2);
		out->unreachable = db_col_int(q, 3);
		out->loss = db_col_double(q, 4);
	}
	db_done(q);
	return rc < 0 ? -1 : 0;
}

/*
 * Step the rows of head [station condition] [division condition] tail,
 * grouped by a day (column 0, YYYY-MM-DD) over [lo, hi], into `each`.
 */
static int each_day(struct db *db, const char *head, const char *tail, const char *station, const char *division,
		    const char *lo, const char *hi, int (*each)(void *ctx, int32_t day, struct db_stmt *st), void *ctx,
		    struct err *e)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s%s%s%s", head, station ? " AND station IN " UNIT_SUBTREE : "",
		 division ? " AND " IN_DIVISION : "", tail);
	struct db_stmt *st = db_prepare(db, buf, e);
	if (!st)
		return -1;
	int k = 0;
	db_bind_text(st, ++k, lo);
	db_bind_text(st, ++k, hi);
	if (station)
		db_bind_text(st, ++k, station);
	if (division)
		db_bind_text(st, ++k, division);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		int32_t day;
		struct err ignored;
		if (!date_parse(db_col_text(st, 0), "day", &day, &ignored) && each(ctx, day, st))
			break;
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

struct periods {
	int n;
	const int32_t *from, *to;
	struct hazard_counts *hz;
	struct visit_counts *vi;
};

/* The hazards' rules: found in the period; fixed by its last day; on time: that, and not after the deadline. */
static int hazard_day(void *ctx, int32_t day, struct db_stmt *st)
{
	struct periods *p = ctx;
	int i = day_bucket(day, p->n, p->from, p->to);
	char last[11];
	if (i < 0)
		return 0;
	date_format(p->to[i], last);
	int64_t n = db_col_int(st, 3);
	p->hz[i].found += n;
	if (strcmp(db_col_text(st, 1), last) <= 0) {
		p->hz[i].fixed += n;
		if (db_col_int(st, 2))
			p->hz[i].on_time += n;
	}
	return 0;
}

static int visit_day(void *ctx, int32_t day, struct db_stmt *st)
{
	struct periods *p = ctx;
	int i = day_bucket(day, p->n, p->from, p->to);
	if (i >= 0) {
		struct visit_counts *v = &p->vi[i];
		v->visits += db_col_int(st, 1);
		v->households += db_col_int(st, 2);
		v->people += db_col_int(st, 3);
		v->opinions += db_col_int(st, 4);
		v->resolved += db_col_int(st, 5);
		v->satisfied += db_col_int(st, 6);
		v->basic += db_col_int(st, 7);
		v->unsatisfied += db_col_int(st, 8);
	}
	return 0;
}

/*
 * The hazards (hz, when not NULL: found, fixed, on time) and the visits (vi,
 * when not NULL) of n disjoint periods in order, of a station and a division
 * (NULL: any), by one statement each grouped by day: the one implementation
 * of these counts, for one period (hazard_counts, visit_counts) or many.
 */
static int ledger_periods(struct db *db, const char *station, const char *division, int n, const int32_t *from,
			  const int32_t *to, struct hazard_counts *hz, struct visit_counts *vi, struct err *e)
{
	if (hz)
		memset(hz, 0, (size_t)n * sizeof *hz);
	if (vi)
		memset(vi, 0, (size_t)n * sizeof *vi);
	if (n <= 0)
		return 0;
	char a[11], b[11];
	date_format(from[0], a);
	date_format(to[n - 1], b);
	struct periods p = { n, from, to, hz, vi };
	if (hz && each_day(db,
			   "SELECT found_on, COALESCE(fixed_on, '9999-12-31'), CASE WHEN fixed_on <= deadline THEN 1 ELSE 0 END,"
			   " COUNT(*) FROM hazards WHERE voided_at IS NULL AND found_on BETWEEN ? AND ?",
			   " GROUP BY 1, 2, 3", station, division, a, b, hazard_day, &p, e))
		return -1;
	if (vi && each_day(db,
			   "SELECT visited_on, COUNT(*), " SUM("households") ", " SUM("people") ", " SUM("opinions") ", " SUM(
				   "resolved") ", " SUM("satisfied") ", " SUM("basic") ", " SUM("unsatisfied")
			   " FROM visits WHERE voided_at IS NULL AND visited_on BETWEEN ? AND ?",
			   " GROUP BY visited_on", station, division, a, b, visit_day, &p, e))
		return -1;
	return 0;
}

int ledger_counts_periods(struct db *db, const char *station, int n, const int32_t *from, const int32_t *to,
			  struct hazard_counts *hz, struct visit_counts *vi, struct err *e)
{
	if (station && !*station)
		station = NULL;
	return ledger_periods(db, station, NULL, n, from, to, hz, vi, e);
}

int hazard_counts(struct db *db, const struct ledger_scope *s, struct hazard_counts *out, struct err *e)
{
	if (ledger_periods(db, s->station, s->division, 1, &s->from, &s->to, out, NULL, e))
		return -1;
	char to[11];
	date_format(s->to, to);
	int64_t v[1] = { 0 };
	/* overdue on the last day: found by it (the period's start is any day), deadline passed, not fixed by it */
	struct ledger_scope all = *s;
	all.from = date_add_years(s->to, -100);
	const char *lead2[2] = { to, to };
	if (step_counts(prepare_scoped(db, &all,
				       SUM("CASE WHEN deadline < ? AND COALESCE(fixed_on, '9999-12-31') > ? THEN 1 ELSE 0 END"),
				       "hazards", "found_on", true, "station IN " UNIT_SUBTREE, IN_DIVISION, lead2, 2, e),
			v, 1, e))
		return -1;
	out->overdue = v[0];
	return 0;
}

int visit_counts(struct db *db, const struct ledger_scope *s, struct visit_counts *out, struct err *e)
{
	return ledger_periods(db, s->station, s->division, 1, &s->from, &s->to, NULL, out, e);
}

int gridreport_counts(struct db *db, const struct ledger_scope *s, struct gridreport_counts *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	/* the end of the last day in Unix seconds, in the configured zone */
	int64_t end = local_day_end(s->to, config()->tz_minutes);
	char endtext[24];
	snprintf(endtext, sizeof endtext, "%lld", (long long)end);
	int64_t v[7] = { 0 };
	const char *lead[2] = { endtext, endtext };
	if (step_counts(prepare_scoped(db, s,
				       "COUNT(*), " SUM("CASE WHEN accepted_at < CAST(? AS BIGINT) THEN 1 ELSE 0 END") ", " SUM(
					       "CASE WHEN feedback_at < CAST(? AS BIGINT) THEN 1 ELSE 0 END") ", " SUM(
					       "CASE WHEN outcome = 'dispute' THEN 1 ELSE 0 END") ", " SUM(
					       "CASE WHEN outcome = 'incident' THEN 1 ELSE 0 END") ", " SUM(
					       "CASE WHEN outcome = 'hazard' THEN 1 ELSE 0 END") ", " SUM(
					       "CASE WHEN outcome = 'no_action' THEN 1 ELSE 0 END"),
				       "gridreports", "reported_day", false, "grid IN (" DIVISIONS_OF_STATION ")",
				       "grid IN (" DIVISIONS_BELOW_SQL ")", lead, 2, e),
			v, 7, e))
		return -1;
	*out = (struct gridreport_counts){ v[0], v[1], v[2], v[3], v[4], v[5], v[6] };
	return 0;
}

int open_actions(struct db *db, const struct ledger_scope *s, struct action_item **items, long *n, struct err *e)
{
	*items = NULL;
	*n = 0;
	char to[11];
	date_format(s->to, to);
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "SELECT division, held_on, item, owner, due_on,"
		 " (SELECT name FROM divisions d WHERE d.code = actions.division) FROM actions WHERE voided_at IS NULL AND held_on <= ?"
		 " AND COALESCE(done_on, '9999-12-31') > ?%s%s ORDER BY due_on, held_on, item",
		 s->station ? " AND station IN " UNIT_SUBTREE : "", s->division ? " AND " IN_DIVISION : "");
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	int k = 0;
	db_bind_text(st, ++k, to);
	db_bind_text(st, ++k, to);
	if (s->station)
		db_bind_text(st, ++k, s->station);
	if (s->division)
		db_bind_text(st, ++k, s->division);
	long cap = 0;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct action_item *a = array_push(items, n, &cap, sizeof *a, e);
		if (!a) {
			rc = -1;
			break;
		}
		snprintf(a->division, sizeof a->division, "%s", db_col_text(st, 0));
		snprintf(a->held_on, sizeof a->held_on, "%s", db_col_text(st, 1));
		text_copy(a->item, sizeof a->item, db_col_text(st, 2));
		text_copy(a->owner, sizeof a->owner, db_col_text(st, 3));
		snprintf(a->due_on, sizeof a->due_on, "%s", db_col_text(st, 4));
		text_copy(a->division_name, sizeof a->division_name, db_col_text(st, 5));
		int32_t due = 0;
		struct err ignore;
		err_clear(&ignore);
		a->days_overdue = date_parse(a->due_on, "due_on", &due, &ignore) ? 0 : (int)(s->to - due);
	}
	db_done(st);
	if (rc < 0) {
		free(*items);
		*items = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
