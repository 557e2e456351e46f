/*
 * api_reports.c — the CompStat report over HTTP, the records behind any of
 * its cells, and the monthly trend.  A station user's figures are always
 * its own station's.
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "io/record_json.h"
#include "io/report_file.h"
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
	const char *format;
	if (report_format_or_reply(c, &format) || read_period_or_reply(c, &q))
		return;
	struct compstat cs;
	struct err e;
	err_clear(&e);
	if (compstat_compute(c->db, &q, &cs, &e)) {
		reply_error(c, &e);
		return;
	}
	if (format) {
		static const struct report_file f = { "reports", "incidents", "警情统计", incidents_csv, incidents_xlsx };
		reply_period_report_file(c, format, &f, &q, &cs);
		compstat_free(&cs);
		return;
	}
	json_t *o = compstat_json(&cs);
	json_object_set_new(o, "definitions", json_string(compstat_definitions));
	compstat_free(&cs);
	reply_json(c, 200, o);
}

void reply_cells_file(struct ctx *c, const struct record_type *t, struct record_query *rq, const char *format,
		      const char *from, const char *to)
{
	char name[64], zh[128];
	snprintf(name, sizeof name, "%s-%s-%s", t->kind, from, to);
	snprintf(zh, sizeof zh, "%s-%s至%s", t->zh, from, to);
	rq->limit = 0; /* all of them */
	rq->offset = 0;
	reply_records_file(c, t, rq, !strcmp(format, "xlsx"), EXPORT_LABELS, report_filters_json(c), name, zh);
}

/*
 * The records behind a cell: measure=incidents (default; category = a top
 * level or "total"), measure=accepted or measure=closed (kind = criminal or
 * public_order); period=current (default) or previous.
 */
void incidents_report_records(struct ctx *c)
{
	struct compstat_query q;
	const char *format;
	if (report_format_or_reply(c, &format) || read_period_or_reply(c, &q))
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
	if (format) {
		reply_cells_file(c, t, &rq, format, dfrom, dto);
		return;
	}
	char extra[128];
	snprintf(extra, sizeof extra, "\"kind\":\"%s\",\"period\":{\"from\":\"%s\",\"to\":\"%s\"}", t->kind, dfrom, dto);
	reply_records(c, t, &rq, page, per_page, extra);
}

/*
 * Monthly counts against the same days a year earlier:
 * ?from=&to=&station=&category=, or ?year= (that calendar year, when given;
 * the default is this year).  The months stop at the period's end or today, whichever
 * comes first; a month not counted whole (the period starts or ends inside
 * it, or it is still in progress) is `partial` and says `through` which day,
 * and its previous figure covers the same days a year earlier.
 */
void incidents_report_trend(struct ctx *c)
{
	const char *station;
	const char *category = http_query(c->req, "category");
	const char *qfrom = http_query(c->req, "from"), *qto = http_query(c->req, "to");
	if (report_station_or_reply(c, &station))
		return;
	int32_t today = date_today(config()->tz_minutes);
	int yy, mm, dd;
	civil_from_days(today, &yy, &mm, &dd);
	int32_t from, to;
	int year = 0;
	if (!http_query(c->req, "year") && ((qfrom && *qfrom) || (qto && *qto))) {
		struct compstat_query q;
		if (read_period_or_reply(c, &q))
			return;
		from = q.from;
		to = q.to;
	} else {
		int64_t year64 = yy;
		if (query_int_or_reply(c, "year", 1971, 9998, &year64, "年份无效（invalid year）"))
			return;
		year = (int)year64;
		from = days_from_civil(year, 1, 1);
		to = days_from_civil(year, 12, 31);
	}
	int row = 0;
	if (category && strcmp(category, "total")) {
		row = top_category_index(category) + 1; /* row 0 is the total */
		if (row == 0) {
			reply_fail(c, ERR_INVALID, "category", "category", "%s", "未知的统计大类（unknown top-level category）");
			return;
		}
	}
	int32_t end = to < today ? to : today; /* nothing is counted after today */
	json_t *cur = json_array(), *prev = json_array(), *months = json_array();
	struct err e;
	err_clear(&e);
	int y, m, d;
	civil_from_days(from, &y, &m, &d);
	for (int32_t start = days_from_civil(y, m, 1); start <= end;) {
		civil_from_days(start, &y, &m, &d);
		int32_t month_end = days_from_civil(y, m, date_days_in_month(y, m));
		int32_t a = start < from ? from : start, b = month_end < end ? month_end : end;
		int32_t pa, pb;
		compare_period(COMPARE_YOY, a, b, &pa, &pb);
		int64_t counts[COMPSTAT_ROWS] = { 0 }, pcounts[COMPSTAT_ROWS] = { 0 };
		if (compstat_count(c->db, station, NULL, a, b, counts, &e) ||
		    compstat_count(c->db, station, NULL, pa, pb, pcounts, &e)) {
			json_decref(cur);
			json_decref(prev);
			json_decref(months);
			reply_error(c, &e);
			return;
		}
		char ms[8], da[11], db_[11], dpa[11], dpb[11];
		snprintf(ms, sizeof ms, "%04d-%02d", y, m);
		date_format(a, da);
		date_format(b, db_);
		date_format(pa, dpa);
		date_format(pb, dpb);
		bool partial = a != start || b != month_end;
		json_array_append_new(cur, json_integer(counts[row]));
		json_array_append_new(prev, json_integer(pcounts[row]));
		json_array_append_new(months, json_pack("{s:s, s:s, s:s, s:I, s:I, s:b, s:{s:s, s:s}}", "month", ms, "from", da,
							"to", db_, "current", (json_int_t)counts[row], "previous",
							(json_int_t)pcounts[row], "partial", partial, "compare", "from", dpa,
							"to", dpb));
		if (partial)
			json_object_set_new(json_array_get(months, json_array_size(months) - 1), "through", json_string(db_));
		start = month_end + 1;
	}
	char dfrom[11], dto[11], dend[11];
	date_format(from, dfrom);
	date_format(to, dto);
	date_format(end < from ? from : end, dend);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:o, s:o, s:o}", "from", dfrom, "to", dto, "through", dend,
			      "category", category ? category : "total", "station", station, "current", cur, "previous",
			      prev, "months", months);
	if (year)
		json_object_set_new(o, "year", json_integer(year));
	reply_json(c, 200, o);
}
