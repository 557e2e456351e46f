/*
 * api_disputes.c — the disputes report over HTTP (CONTRACTS.md §5) and the
 * records behind any of its figures.  A station user's figures are always
 * its own station's.
 */
#include "api/api.h"
#include "base/date.h"
#include "io/report_file.h"
#include "model/dispute.h"
#include "stats/disputes.h"

#include <stdio.h>
#include <string.h>

void disputes_report_get(struct ctx *c)
{
	struct compstat_query q;
	const char *format;
	if (report_format_or_reply(c, &format) || read_period_or_reply(c, &q))
		return;
	struct dispute_report r;
	struct err e;
	err_clear(&e);
	if (dispute_report_compute_in(c->db, q.from, q.to, q.compare, q.station, q.division, &r, &e)) {
		reply_error(c, &e);
		return;
	}
	if (format) {
		static const struct report_file f = { "reports", "disputes", "矛盾纠纷统计", disputes_csv, disputes_xlsx };
		reply_period_report_file(c, format, &f, &q, &r);
		dispute_report_free(&r);
		return;
	}
	json_t *o = dispute_report_json(&r);
	dispute_report_free(&r);
	reply_report(c, o);
}

static bool is_dispute_type(const char *code)
{
	for (size_t i = 0; i < dispute_types.n; i++)
		if (!strcmp(dispute_types.items[i].code, code))
			return true;
	return false;
}

/*
 * The records behind a figure: ?measure= (registered by default) of the
 * current or previous period, for a dispute type (type=, the measures on
 * disputes only) and a station.
 */
void disputes_report_records(struct ctx *c)
{
	struct compstat_query q;
	int32_t from, to;
	const char *format;
	if (report_format_or_reply(c, &format) || read_period_or_reply(c, &q) || cell_period_or_reply(c, &q, &from, &to))
		return;
	const char *measure = http_query(c->req, "measure"), *type = http_query(c->req, "type");
	struct dispute_cell cell;
	struct err e;
	err_clear(&e);
	if (dispute_measure(measure, from, to, &cell, &e)) {
		reply_error(c, &e);
		return;
	}
	struct record_filter filters[1];
	struct scope station = { SCOPE_UNIT, q.station };
	int64_t page, per_page;
	if (page_params_or_reply(c, &page, &per_page))
		return;
	struct record_query rq = { .filters = filters, .from = cell.from[0] ? cell.from : NULL, .to = cell.to,
				   .limit = per_page, .offset = (page - 1) * per_page,
				   /* ?station= (a unit within the caller's, report_station_or_reply) narrows like
				    * that unit's own scope: its subtree */
				   .scope = q.station && (c->scope.kind == SCOPE_ALL || c->scope.kind == SCOPE_UNIT) ? &station
														   : &c->scope,
				   .extra_text_sql = cell.extra_sql, .extra_text = cell.day };
	if (type && *type && strcmp(type, "total")) {
		if (!cell.by_type || !is_dispute_type(type)) {
			reply_fail(c, ERR_INVALID, "type", "type", "%s",
				   "未知的纠纷类型，或该项不分类型（unknown dispute type, or the measure has no types）");
			return;
		}
		filters[rq.nfilters++] = (struct record_filter){ "type", type };
	}
	char extra[192], dfrom[11], dto[11];
	date_format(from, dfrom);
	date_format(to, dto);
	if (format) {
		reply_cells_file(c, cell.type, &rq, format, dfrom, dto);
		return;
	}
	snprintf(extra, sizeof extra, "\"kind\":\"%s\",\"measure\":\"%s\",\"period\":{\"from\":\"%s\",\"to\":\"%s\"}",
		 cell.type->kind, measure ? measure : "registered", dfrom, dto);
	reply_records(c, cell.type, &rq, page, per_page, extra);
}
