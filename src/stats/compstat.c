/*
 * compstat.c — period arithmetic, cell sums and the report's JSON.
 */
#include "stats/compstat.h"
#include "base/array.h"
#include "base/date.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/rollup.h"
#include "model/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char compstat_definitions[] =
	"口径：期间为含首尾两日的本地日期（东八区）；同比为上一年的相同日期（2 月 29 日对应 2 月 28 日），环比为紧邻的等长期间；"
	"增减% = (本期 - 对比期) / 对比期 × 100，四舍五入到两位小数，对比期为 0 时不计算（显示“—”，本期大于 0 时显示“新增”）；"
	"统计大类包含其全部子类；办结率 = 本期受理的该类案件中，在期末当日及以前办结（含撤销）的比例，变化以百分点计。\n"
	"Definitions: periods are inclusive local dates (UTC+08:00); yoy compares the same dates a year earlier "
	"(29 February maps to 28 February), mom the equally long period just before; change % = (current - previous) / "
	"previous x 100, rounded half away from zero to two decimals, and not computed when previous is 0; a top-level "
	"category counts all its sub-categories; closure rate = of the cases of that kind accepted in the period, the share "
	"closed (or revoked) on or before the period's last day, its change in percentage points.\n";

int compare_parse(const char *s, enum compare *c)
{
	if (!s || !strcmp(s, "yoy"))
		*c = COMPARE_YOY;
	else if (!strcmp(s, "mom"))
		*c = COMPARE_MOM;
	else if (!strcmp(s, "none"))
		*c = COMPARE_NONE;
	else
		return -1;
	return 0;
}

const char *compare_name(enum compare c)
{
	return c == COMPARE_YOY ? "yoy" : c == COMPARE_MOM ? "mom" : "none";
}

void compare_period(enum compare c, int32_t from, int32_t to, int32_t *pfrom, int32_t *pto)
{
	if (c == COMPARE_MOM) {
		int32_t len = to - from + 1;
		*pfrom = from - len;
		*pto = from - 1;
	} else {
		*pfrom = date_add_years(from, -1);
		*pto = date_add_years(to, -1);
	}
}

bool change_pct_x100(int64_t current, int64_t previous, int64_t *out)
{
	if (previous == 0)
		return false;
	/* exact integer rounding: |num| / prev to hundredths, half away from zero */
	int64_t num = (current - previous) * 10000;
	int64_t a = num < 0 ? -num : num;
	int64_t r = (2 * a + previous) / (2 * previous);
	*out = num < 0 ? -r : r;
	return true;
}

bool rate_x100(int64_t part, int64_t whole, int64_t *out)
{
	if (whole == 0)
		return false;
	*out = (2 * part * 10000 + whole) / (2 * whole);
	return true;
}

/* Add n incidents of top category `top` to a report's counts: its row, and
 * row 0, the total (an unknown category counts in the total alone). */
static void add_category(int64_t counts[COMPSTAT_ROWS], const char *top, int64_t n)
{
	int i = top_category_index(top);
	if (i >= 0)
		counts[i + 1] += n;
	counts[0] += n;
}

/* Sum one cell table over [lo, hi] for one station into counts. */
static int sum_cells(struct db *db, const char *table, const char *unit, const char *station, const char *division,
		     int32_t lo, int32_t hi, int64_t counts[COMPSTAT_ROWS], struct err *e)
{
	char sql[768];
	snprintf(sql, sizeof sql, "SELECT category, SUM(n) FROM %s WHERE station = ? AND %s BETWEEN ? AND ?%s GROUP BY category",
		 table, unit, division ? " AND division IN (" DIVISIONS_BELOW_SQL ")" : "");
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, station);
	db_bind_int(st, 2, lo);
	db_bind_int(st, 3, hi);
	if (division)
		db_bind_text(st, 4, division);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		add_category(counts, db_col_text(st, 0), db_col_int(st, 1));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int station_count(struct db *db, const char *station, const char *division, int32_t from, int32_t to,
			 int64_t counts[COMPSTAT_ROWS], struct err *e)
{
	if (from > to)
		return 0;
	/* whole months inside [from, to] come from the monthly cells */
	int32_t m_first = month_of_day(from), m_last = month_of_day(to);
	if (month_first_day(m_first) != from)
		m_first++;
	if (month_first_day(m_last + 1) - 1 != to)
		m_last--;
	if (m_first > m_last)
		return sum_cells(db, "incident_day", "day", station, division, from, to, counts, e);
	int32_t head_end = month_first_day(m_first) - 1, tail_start = month_first_day(m_last + 1);
	if (sum_cells(db, "incident_month", "month", station, division, m_first, m_last, counts, e))
		return -1;
	if (from <= head_end && sum_cells(db, "incident_day", "day", station, division, from, head_end, counts, e))
		return -1;
	if (tail_start <= to && sum_cells(db, "incident_day", "day", station, division, tail_start, to, counts, e))
		return -1;
	return 0;
}

struct station_push {
	struct compstat *c;
	long cap;
	struct err *e;
};

static int push_station(void *ctx, const char *code, const char *name)
{
	struct station_push *p = ctx;
	struct compstat_station *s = array_push(&p->c->by_station, &p->c->nstations, &p->cap, sizeof *s, p->e);
	if (!s)
		return -1;
	snprintf(s->code, sizeof s->code, "%s", code);
	snprintf(s->name, sizeof s->name, "%s", name);
	return 0;
}

/* Stations in scope (one, or all), in code order. */
static int load_stations(struct db *db, const char *only, struct compstat *c, struct err *e)
{
	struct station_push p = { c, 0, e };
	return stations_each(db, only, push_station, &p, e);
}

int compstat_count(struct db *db, const char *station, const char *division, int32_t from, int32_t to,
		   int64_t counts[COMPSTAT_ROWS], struct err *e)
{
	struct compstat c = { 0 };
	int rc = load_stations(db, station, &c, e);
	for (int i = 0; rc == 0 && i < c.nstations; i++)
		rc = station_count(db, c.by_station[i].code, division, from, to, counts, e);
	compstat_free(&c);
	return rc;
}

int compstat_count_months(struct db *db, const char *station, int32_t m_first, int32_t m_last,
			  int64_t (*counts)[COMPSTAT_ROWS], struct err *e)
{
	/* the stations compstat_count sums: those stations_each lists */
	struct db_stmt *st = db_prepare(db,
		"SELECT month, category, SUM(n) FROM incident_month WHERE month BETWEEN ? AND ? AND station IN"
		" (SELECT code FROM " STATIONS_OF_SCOPE ")"
		" GROUP BY month, category", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, m_first);
	db_bind_int(st, 2, m_last);
	db_bind_text(st, 3, station);
	db_bind_text(st, 4, station);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		int64_t m = db_col_int(st, 0) - m_first;
		if (m >= 0 && m <= m_last - m_first)
			add_category(counts[m], db_col_text(st, 1), db_col_int(st, 2));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int closure_count(struct db *db, const char *station, const char *kind, int32_t from, int32_t to,
			 int64_t *accepted, int64_t *closed, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT COALESCE(SUM(n), 0), COALESCE(SUM(CASE WHEN closed_day >= 0 AND closed_day <= ? THEN n ELSE 0 END), 0)"
		" FROM case_cells WHERE station = ? AND kind = ? AND accepted_day BETWEEN ? AND ?", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, to);
	db_bind_text(st, 2, station);
	db_bind_text(st, 3, kind);
	db_bind_int(st, 4, from);
	db_bind_int(st, 5, to);
	int rc = db_step(st, e);
	if (rc == 1) {
		*accepted += db_col_int(st, 0);
		*closed += db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int division_known(struct db *db, const char *division, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM divisions WHERE code = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, division);
	int rc = db_step(st, e);
	int64_t known = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0)
		return -1;
	if (!known)
		return err_set(e, ERR_NOT_FOUND, "division.not_found", "division", "找不到区划“%s”（no such division）", division);
	return 0;
}

int compstat_compute(struct db *db, const struct compstat_query *q, struct compstat *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	c->q = *q;
	if (q->from > q->to)
		return err_set(e, ERR_INVALID, "period.order", "to", "结束日期早于开始日期（the period ends before it starts）");
	snprintf(c->station, sizeof c->station, "%s", q->station ? q->station : "");
	snprintf(c->division, sizeof c->division, "%s", q->division ? q->division : "");
	c->q.station = c->station[0] ? c->station : NULL;
	c->q.division = c->division[0] ? c->division : NULL;
	compare_period(q->compare, q->from, q->to, &c->prev_from, &c->prev_to);
	if (settings_demo(db, &c->demo, e))
		return -1;
	c->keys[0] = "total";
	for (size_t i = 0; i < top_categories.n; i++)
		c->keys[i + 1] = top_categories.items[i].code;
	if (c->q.division && division_known(db, c->q.division, e))
		return -1;
	if (load_stations(db, c->q.station, c, e))
		goto fail;
	static const char *const kinds[2] = { "public_order", "criminal" };
	for (int i = 0; i < c->nstations; i++) {
		struct compstat_station *s = &c->by_station[i];
		int64_t cur[COMPSTAT_ROWS] = { 0 }, prev[COMPSTAT_ROWS] = { 0 };
		if (station_count(db, s->code, c->q.division, q->from, q->to, cur, e))
			goto fail;
		if (q->compare != COMPARE_NONE &&
		    station_count(db, s->code, c->q.division, c->prev_from, c->prev_to, prev, e))
			goto fail;
		for (int r = 0; r < COMPSTAT_ROWS; r++) {
			c->current[r] += cur[r];
			c->previous[r] += prev[r];
		}
		s->current = cur[0];
		s->previous = prev[0];
		for (int k = 0; k < 2; k++) {
			struct closure *cl = &c->closure[k];
			if (closure_count(db, s->code, kinds[k], q->from, q->to, &cl->accepted, &cl->closed, e))
				goto fail;
			if (q->compare != COMPARE_NONE &&
			    closure_count(db, s->code, kinds[k], c->prev_from, c->prev_to, &cl->prev_accepted, &cl->prev_closed, e))
				goto fail;
		}
	}
	return 0;
fail:
	compstat_free(c);
	return -1;
}

void compstat_free(struct compstat *c)
{
	free(c->by_station);
	c->by_station = NULL;
	c->nstations = 0;
}

static json_t *hundredths(bool ok, int64_t v)
{
	return ok ? json_real((double)v / 100.0) : json_null();
}

static json_t *closure_json(const struct closure *cl, bool compare)
{
	int64_t rate = 0, prate = 0;
	bool has = rate_x100(cl->closed, cl->accepted, &rate);
	json_t *o = json_pack("{s:I, s:I, s:o}", "accepted", (json_int_t)cl->accepted, "closed", (json_int_t)cl->closed,
			      "rate", hundredths(has, rate));
	if (compare) {
		bool phas = rate_x100(cl->prev_closed, cl->prev_accepted, &prate);
		json_object_set_new(o, "previous_accepted", json_integer(cl->prev_accepted));
		json_object_set_new(o, "previous_closed", json_integer(cl->prev_closed));
		json_object_set_new(o, "previous_rate", hundredths(phas, prate));
		json_object_set_new(o, "change_pp", hundredths(has && phas, rate - prate));
	}
	return o;
}

json_t *compstat_json(const struct compstat *c)
{
	char from[11], to[11], pfrom[11], pto[11];
	date_format(c->q.from, from);
	date_format(c->q.to, to);
	date_format(c->prev_from, pfrom);
	date_format(c->prev_to, pto);
	bool compare = c->q.compare != COMPARE_NONE;
	json_t *o = json_object();
	json_object_set_new(o, "period", json_pack("{s:s, s:s}", "from", from, "to", to));
	json_object_set_new(o, "compare", compare ? json_pack("{s:s, s:s, s:s}", "kind", compare_name(c->q.compare), "from",
							      pfrom, "to", pto)
						  : json_pack("{s:s}", "kind", "none"));
	json_t *scope = json_object();
	if (c->q.station)
		json_object_set_new(scope, "station", json_string(c->q.station));
	if (c->q.division)
		json_object_set_new(scope, "division", json_string(c->q.division));
	json_object_set_new(o, "scope", scope);
	json_t *rows = json_array();
	for (int r = 0; r < COMPSTAT_ROWS; r++) {
		json_t *row = json_pack("{s:s, s:I}", "key", c->keys[r], "current", (json_int_t)c->current[r]);
		if (compare) {
			int64_t pct = 0;
			bool has = change_pct_x100(c->current[r], c->previous[r], &pct);
			json_object_set_new(row, "previous", json_integer(c->previous[r]));
			json_object_set_new(row, "change", json_integer(c->current[r] - c->previous[r]));
			json_object_set_new(row, "change_pct", hundredths(has, pct));
		}
		json_array_append_new(rows, row);
	}
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "closure", json_pack("{s:o, s:o}", "public_order", closure_json(&c->closure[0], compare),
						   "criminal", closure_json(&c->closure[1], compare)));
	json_t *by = json_array();
	for (int i = 0; i < c->nstations; i++) {
		const struct compstat_station *s = &c->by_station[i];
		json_t *so = json_pack("{s:s, s:s, s:I}", "station", s->code, "name", s->name, "current", (json_int_t)s->current);
		if (compare)
			json_object_set_new(so, "previous", json_integer(s->previous));
		json_array_append_new(by, so);
	}
	json_object_set_new(o, "by_station", by);
	if (c->demo)
		json_object_set_new(o, "demo", json_true());
	return o;
}
