/*
 * api_reports.c — the CompStat report over HTTP, the records behind any of
 * its cells, and the monthly trend.  A station user's figures are always
 * its own station's.
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "io/record_json.h"
#include "model/incident.h"
#include "model/org.h"
#include "stats/compstat.h"

#include <stdlib.h>
#include <string.h>

/* from, to, compare, station (scoped), division: shared by every report route (api.h). */
int read_period_or_reply(struct ctx *c, struct compstat_query *q)
{
	struct err e;
	err_clear(&e);
	const char *from = http_query(c->req, "from"), *to = http_query(c->req, "to");
	const char *division = http_query(c->req, "division");
	memset(q, 0, sizeof *q);
	if (!from || !to) {
		reply_fail(c, ERR_INVALID, "period.required", from ? "to" : "from", "%s", "请给出统计期间 from 和 to（from and to are required）");
		return -1;
	}
	if (date_parse(from, "from", &q->from, &e) || date_parse(to, "to", &q->to, &e)) {
		reply_error(c, &e);
		return -1;
	}
	if (q->to < q->from || q->to - q->from > 366 * 10) {
		reply_fail(c, ERR_INVALID, "period.range", "to", "%s", "统计期间无效或超过十年（the period is reversed or longer than ten years）");
		return -1;
	}
	if (compare_parse(http_query(c->req, "compare"), &q->compare)) {
		reply_fail(c, ERR_INVALID, "compare", "compare", "%s", "compare 应为 yoy、mom 或 none（expected yoy, mom or none）");
		return -1;
	}
	if (report_station_or_reply(c, &q->station))
		return -1;
	q->division = division && *division ? division : NULL;
	return 0;
}

int cell_period_or_reply(struct ctx *c, const struct compstat_query *q, int32_t *from, int32_t *to)
{
	const char *period = http_query(c->req, "period");
	*from = q->from;
	*to = q->to;
	if (period && !strcmp(period, "previous")) {
		if (q->compare == COMPARE_NONE) {
			reply_fail(c, ERR_INVALID, "period", "period", "%s", "没有对比期（compare=none has no previous period）");
			return -1;
		}
		compare_period(q->compare, q->from, q->to, from, to);
	} else if (period && strcmp(period, "current")) {
		reply_fail(c, ERR_INVALID, "period", "period", "%s", "period 应为 current 或 previous（expected current or previous）");
		return -1;
	}
	return 0;
}

void incidents_report_get(struct ctx *c)
{
	struct compstat_query q;
	if (read_period_or_reply(c, &q))
		return;
	struct compstat cs;
	struct err e;
	err_clear(&e);
	if (compstat_compute(c->db, &q, &cs, &e)) {
		reply_error(c, &e);
		return;
	}
	json_t *o = compstat_json(&cs);
	json_object_set_new(o, "definitions", json_string(compstat_definitions));
	compstat_free(&cs);
	reply_json(c, 200, o);
}

/*
 * The records behind a cell: measure=incidents (default; category = a top
 * level or "total"), measure=accepted or measure=closed (kind = criminal or
 * public_order); period=current (default) or previous.
 */
void incidents_report_records(struct ctx *c)
{
	struct compstat_query q;
	if (read_period_or_reply(c, &q))
		return;
	const char *measure = http_query(c->req, "measure");
	const char *category = http_query(c->req, "category"), *kind = http_query(c->req, "kind");
	int32_t from, to;
	if (cell_period_or_reply(c, &q, &from, &to))
		return;
	char dfrom[11], dto[11];
	date_format(from, dfrom);
	date_format(to, dto);
	int64_t page, per_page;
	if (page_params_or_reply(c, &page, &per_page))
		return;

	struct record_filter filters[3];
	struct record_query rq = { .filters = filters, .from = dfrom, .to = dto, .limit = per_page,
				   .offset = (page - 1) * per_page, .scope = &c->scope };
	const struct record_type *t = &incident_type;
	if (q.station)
		filters[rq.nfilters++] = (struct record_filter){ "station", q.station };
	bool cases = measure && (!strcmp(measure, "accepted") || !strcmp(measure, "closed"));
	if (cases) {
		if (!kind || (strcmp(kind, "criminal") && strcmp(kind, "public_order"))) {
			reply_fail(c, ERR_INVALID, "kind", "kind", "%s", "kind 应为 criminal 或 public_order（expected criminal or public_order）");
			return;
		}
		t = &case_type;
		filters[rq.nfilters++] = (struct record_filter){ "kind", kind };
		if (!strcmp(measure, "closed")) {
			rq.extra_int_sql = "closed_day IS NOT NULL AND closed_day <= ?";
			rq.extra_int = to;
		}
	} else {
		if (measure && strcmp(measure, "incidents")) {
			reply_fail(c, ERR_INVALID, "measure", "measure", "%s", "measure 应为 incidents、accepted 或 closed");
			return;
		}
		if (category && strcmp(category, "total")) {
			if (top_category_index(category) < 0) {
				reply_fail(c, ERR_INVALID, "category", "category", "%s", "未知的统计大类（unknown top-level category）");
				return;
			}
			filters[rq.nfilters++] = (struct record_filter){ "top_category", category };
		}
		if (q.division) {
			/* a town covers its communities and gacha, as in the report */
			rq.extra_text_sql = "division IN (" DIVISIONS_BELOW_SQL ")";
			rq.extra_text = q.division;
		}
	}
	char extra[128];
	snprintf(extra, sizeof extra, "\"kind\":\"%s\",\"period\":{\"from\":\"%s\",\"to\":\"%s\"}", t->kind, dfrom, dto);
	reply_records(c, t, &rq, page, per_page, extra);
}

/* Monthly counts of a year against the year before: ?year=&station=&category= */
void incidents_report_trend(struct ctx *c)
{
	const char *station;
	const char *category = http_query(c->req, "category");
	if (report_station_or_reply(c, &station))
		return;
	int yy, mm, dd;
	civil_from_days(date_today(config()->tz_minutes), &yy, &mm, &dd);
	int64_t year64 = yy;
	if (query_int_or_reply(c, "year", 1971, 9998, &year64, "年份无效（invalid year）"))
		return;
	int year = (int)year64;
	int row = 0;
	if (category && strcmp(category, "total")) {
		row = top_category_index(category) + 1; /* row 0 is the total */
		if (row == 0) {
			reply_fail(c, ERR_INVALID, "category", "category", "%s", "未知的统计大类（unknown top-level category）");
			return;
		}
	}
	json_t *cur = json_array(), *prev = json_array();
	struct err e;
	err_clear(&e);
	for (int m = 1; m <= 12; m++) {
		for (int k = 0; k < 2; k++) {
			int yr = year - k;
			int64_t counts[COMPSTAT_ROWS] = { 0 };
			int32_t from = days_from_civil(yr, m, 1), to = days_from_civil(yr, m, date_days_in_month(yr, m));
			if (compstat_count(c->db, station, NULL, from, to, counts, &e)) {
				json_decref(cur);
				json_decref(prev);
				reply_error(c, &e);
				return;
			}
			json_array_append_new(k ? prev : cur, json_integer(counts[row]));
		}
	}
	reply_json(c, 200, json_pack("{s:i, s:s, s:s?, s:o, s:o}", "year", year, "category", category ? category : "total",
				     "station", station, "current", cur, "previous", prev));
}
