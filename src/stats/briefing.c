/*
 * briefing.c — the briefing's figures from the existing reports restricted
 * to the division, and its JSON.  The HTML is in briefing_html.c.
 */
#include "stats/briefing.h"
#include "base/date.h"
#include "model/org.h"
#include "model/settings.h"
#include "model/unit.h"

#include <stdlib.h>
#include <string.h>

const char briefing_definitions[] =
	"口径：区划含其下属的社区、嘎查和网格；期间为含首尾两日的本地日期。"
	"警情 = 警情统计（按区划）本期各大类数，同期为上一年的相同日期；"
	"纠纷 = 矛盾纠纷统计（按区划）的排查数、调处数、成功数和期末超期数；"
	"隐患：发现 = 本期发现数，整改 = 其中期末前已整改的，逾期 = 期末前发现、整改期限已过而期末仍未整改的；"
	"走访：本期走访次数、户数、人数，意见建议及已解决数，满意度 = (满意 + 基本满意) / 评价人数；"
	"宣传：本期宣传活动场次（其中反诈）、受众人次、发放资料和反诈 App 注册数；"
	"劝阻：预警不记区划，为辖区所属派出所本期接收的预警及劝阻结果；"
	"网格上报：本期上报数及期末前已受理、已反馈数和处置去向；"
	"待办事项：期末及以前召开的会议中期末仍未完成的事项，期限已过的为逾期。\n"
	"Definitions: a division covers its communities, gacha and grids; periods are inclusive local dates. Incidents: "
	"the incidents report restricted to the division, yoy; disputes: the disputes report restricted to the division; "
	"hazards found in the period, of those fixed by its last day, and overdue on it; visits, outreach and grid "
	"reports of the period; dissuasions carry no division: those of the station holding it; open action items of "
	"meetings held by the last day, not done by it.\n";

static int division_row(struct db *db, struct briefing *b, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT name, kind FROM divisions WHERE code = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, b->division);
	int rc = db_step(st, e);
	if (rc == 1) {
		text_copy(b->division_name, sizeof b->division_name, db_col_text(st, 0));
		snprintf(b->division_kind, sizeof b->division_kind, "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "division.not_found", "division", "找不到区划“%s”（no such division）", b->division);
	return rc < 0 ? -1 : 0;
}

int briefing_compute(struct db *db, const char *division, int32_t from, int32_t to, const char *station,
		     struct briefing *b, struct err *e)
{
	memset(b, 0, sizeof *b);
	if (from > to)
		return err_set(e, ERR_INVALID, "period.order", "to", "结束日期早于开始日期（the period ends before it starts）");
	b->from = from;
	b->to = to;
	snprintf(b->division, sizeof b->division, "%s", division ? division : "");
	snprintf(b->station, sizeof b->station, "%s", station ? station : "");
	const char *st = b->station[0] ? b->station : NULL;
	if (division_row(db, b, e) ||
	    (st && unit_name(db, st, b->station_name, sizeof b->station_name, e) < 0))
		return -1;
	struct compstat_query q = { .from = from, .to = to, .compare = COMPARE_YOY, .station = st, .division = b->division };
	if (compstat_compute(db, &q, &b->incidents, e))
		return -1;
	struct ledger_scope s = { .from = from, .to = to, .station = st, .division = b->division };
	if (dispute_report_compute_in(db, from, to, COMPARE_YOY, st, b->division, &b->disputes, e) ||
	    hazard_counts(db, &s, &b->hazards, e) || visit_counts(db, &s, &b->visits, e) ||
	    outreach_counts(db, &s, &b->outreach, e) || dissuasion_counts(db, &s, &b->dissuasions, e) ||
	    division_station(db, b->division, b->dissuasion_station, e) || gridreport_counts(db, &s, &b->gridreports, e) ||
	    open_actions(db, &s, &b->actions, &b->nactions, e) || settings_demo(db, &b->demo, e)) {
		briefing_free(b);
		return -1;
	}
	return 0;
}

void briefing_free(struct briefing *b)
{
	compstat_free(&b->incidents);
	dispute_report_free(&b->disputes);
	free(b->actions);
	b->actions = NULL;
	b->nactions = 0;
}

static json_t *rate_or_null(int64_t part, int64_t whole)
{
	int64_t v = 0;
	return rate_x100(part, whole, &v) ? json_real((double)v / 100.0) : json_null();
}

json_t *briefing_json(const struct briefing *b)
{
	char from[11], to[11], pf[11], pt[11];
	date_format(b->from, from);
	date_format(b->to, to);
	date_format(b->incidents.prev_from, pf);
	date_format(b->incidents.prev_to, pt);
	json_t *o = json_object();
	json_object_set_new(o, "division", json_pack("{s:s, s:s, s:s}", "code", b->division, "name", b->division_name,
						     "kind", b->division_kind));
	json_object_set_new(o, "period", json_pack("{s:s, s:s}", "from", from, "to", to));
	json_object_set_new(o, "compare", json_pack("{s:s, s:s, s:s}", "kind", "yoy", "from", pf, "to", pt));
	json_object_set_new(o, "scope", json_pack("{s:o, s:o, s:s}", "station", b->station[0] ? json_string(b->station) : json_null(),
						  "station_name", b->station[0] ? json_string(b->station_name) : json_null(),
						  "division", b->division));
	json_t *rows = json_array();
	for (int i = 0; i < COMPSTAT_ROWS; i++) {
		int64_t cur = b->incidents.current[i], prev = b->incidents.previous[i], pct = 0;
		bool has = change_pct_x100(cur, prev, &pct);
		json_array_append_new(rows, json_pack("{s:s, s:I, s:I, s:I, s:o}", "key", b->incidents.keys[i], "current",
						      (json_int_t)cur, "previous", (json_int_t)prev, "change",
						      (json_int_t)(cur - prev), "change_pct",
						      has ? json_real((double)pct / 100.0) : json_null()));
	}
	json_object_set_new(o, "incidents", rows);
	const struct dispute_row *d = &b->disputes.rows[0];
	json_object_set_new(o, "disputes", json_pack("{s:I, s:I, s:I, s:I, s:I}", "registered", (json_int_t)d->registered,
						     "handled", (json_int_t)d->handled, "settled", (json_int_t)d->settled,
						     "previous_registered", (json_int_t)d->previous, "overdue",
						     (json_int_t)b->disputes.overdue_disputes));
	json_object_set_new(o, "hazards", json_pack("{s:I, s:I, s:I}", "found", (json_int_t)b->hazards.found, "fixed",
						    (json_int_t)b->hazards.fixed, "overdue", (json_int_t)b->hazards.overdue));
	const struct visit_counts *v = &b->visits;
	json_object_set_new(o, "visits",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "visits", (json_int_t)v->visits,
				      "households", (json_int_t)v->households, "people", (json_int_t)v->people, "opinions",
				      (json_int_t)v->opinions, "resolved", (json_int_t)v->resolved, "satisfied",
				      (json_int_t)v->satisfied, "basic", (json_int_t)v->basic, "unsatisfied",
				      (json_int_t)v->unsatisfied, "satisfaction_rate",
				      rate_or_null(v->satisfied + v->basic, v->satisfied + v->basic + v->unsatisfied)));
	const struct outreach_counts *u = &b->outreach;
	json_object_set_new(o, "outreach", json_pack("{s:I, s:I, s:I, s:I, s:I}", "events", (json_int_t)u->events,
						     "anti_fraud", (json_int_t)u->anti_fraud, "audience",
						     (json_int_t)u->audience, "materials", (json_int_t)u->materials,
						     "app_registrations", (json_int_t)u->app_registrations));
	const struct dissuasion_counts *f = &b->dissuasions;
	json_object_set_new(o, "dissuasions",
			    json_pack("{s:o, s:I, s:I, s:I, s:I, s:f}", "station",
				      b->dissuasion_station[0] ? json_string(b->dissuasion_station) : json_null(), "warnings",
				      (json_int_t)f->warnings, "dissuaded", (json_int_t)f->dissuaded, "defrauded",
				      (json_int_t)f->defrauded, "unreachable", (json_int_t)f->unreachable, "loss", f->loss));
	const struct gridreport_counts *g = &b->gridreports;
	json_object_set_new(o, "gridreports",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "reported", (json_int_t)g->reported, "accepted",
				      (json_int_t)g->accepted, "answered", (json_int_t)g->answered, "disputes",
				      (json_int_t)g->disputes, "incidents", (json_int_t)g->incidents, "hazards",
				      (json_int_t)g->hazards, "no_action", (json_int_t)g->no_action));
	json_t *items = json_array();
	long overdue = 0;
	for (long i = 0; i < b->nactions; i++) {
		const struct action_item *a = &b->actions[i];
		overdue += a->days_overdue > 0;
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:i}", "division", a->division,
						       "division_name", a->division_name, "held_on", a->held_on, "item", a->item, "owner", a->owner, "due_on",
						       a->due_on, "overdue", a->days_overdue > 0, "days_overdue",
						       a->days_overdue > 0 ? a->days_overdue : 0));
	}
	json_object_set_new(o, "actions", json_pack("{s:I, s:I, s:o}", "open", (json_int_t)b->nactions, "overdue",
						    (json_int_t)overdue, "items", items));
	json_object_set_new(o, "definitions", json_string(briefing_definitions));
	if (b->demo)
		json_object_set_new(o, "demo", json_true());
	return o;
}
