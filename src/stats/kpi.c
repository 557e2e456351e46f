/*
 * kpi.c — the four indicators: each period's counts from the existing
 * reports and the ledger counts, the indicators' table and the JSON.
 */
#include "stats/kpi.h"
#include "base/date.h"
#include "model/incident.h"
#include "model/rollup.h"
#include "model/settings.h"
#include "stats/compstat.h"
#include "stats/disputes.h"
#include "stats/ledger_counts.h"
#include "stats/warnings.h"
#include "model/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Major incidents received in each of n disjoint periods in order (out[i]): one statement grouped by day. */
static int count_major(struct db *db, const char *station, int n, const int32_t *from, const int32_t *to, int64_t *out,
		       struct err *e)
{
	int32_t lo = from[0], hi = to[n - 1];
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT received_day, COUNT(*) FROM incidents WHERE voided_at IS NULL AND major = 1 AND received_day BETWEEN ? AND ?%s"
		 " GROUP BY received_day",
		 station ? " AND station IN " UNIT_SUBTREE : "");
	memset(out, 0, (size_t)n * sizeof *out);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_int(st, 1, lo);
	db_bind_int(st, 2, hi);
	if (station)
		db_bind_text(st, 3, station);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		int i = day_bucket((int32_t)db_col_int(st, 0), n, from, to);
		if (i >= 0)
			out[i] += db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* A period that is exactly one calendar month. */
static bool whole_month(int32_t from, int32_t to)
{
	int32_t m = month_of_day(from);
	return from == month_first_day(m) && to == month_first_day(m + 1) - 1;
}

/*
 * The incident counts of n disjoint periods in order (counts[i]) as compstat
 * counts each alone: the periods that are whole calendar months from the
 * monthly cells by one statement grouped by month, any other by compstat_count.
 */
static int count_incidents(struct db *db, const char *s, int n, const int32_t *from, const int32_t *to,
			   int64_t (*counts)[COMPSTAT_ROWS], struct err *e)
{
	memset(counts, 0, (size_t)n * sizeof *counts);
	int first = -1, last = -1;
	for (int i = 0; i < n; i++)
		if (whole_month(from[i], to[i])) {
			if (first < 0)
				first = i;
			last = i;
		} else if (compstat_count(db, s, NULL, from[i], to[i], counts[i], e))
			return -1;
	if (first < 0)
		return 0;
	int32_t m_first = month_of_day(from[first]), m_last = month_of_day(from[last]);
	int64_t(*months)[COMPSTAT_ROWS] = calloc((size_t)(m_last - m_first + 1), sizeof *months);
	if (!months)
		return err_set(e, ERR_INTERNAL, "oom", NULL, "内存不足（out of memory）");
	int rc = compstat_count_months(db, s, m_first, m_last, months, e);
	for (int i = first; rc == 0 && i <= last; i++)
		if (whole_month(from[i], to[i]))
			memcpy(counts[i], months[month_of_day(from[i]) - m_first], sizeof counts[i]);
	free(months);
	return rc;
}

/*
 * The counts of n (at most KPI_MONTHS) disjoint periods in order (out[i]),
 * each as that period alone has them: one implementation of every rule for
 * the period, the previous period and the months (the many-period counts of
 * stats/compstat.h, disputes.h and ledger_counts.h; n = 1 for one period).
 * The warnings are as of each period's last day.
 */
static int kpi_counts(struct db *db, const char *s, int n, const int32_t *from, const int32_t *to, struct kpi_raw *out,
		      struct err *e)
{
	enum { N = KPI_MONTHS };
	int64_t counts[N][COMPSTAT_ROWS], major[N];
	struct dispute_counts d[N];
	struct hazard_counts hz[N];
	struct visit_counts vi[N];
	if (n < 1 || n > N)
		return err_set(e, ERR_INTERNAL, "kpi.periods", NULL, "统计期数超出范围（too many periods）");
	if (count_incidents(db, s, n, from, to, counts, e) || dispute_counts_periods(db, s, n, from, to, d, e) ||
	    ledger_counts_periods(db, s, n, from, to, hz, vi, e) || count_major(db, s, n, from, to, major, e))
		return -1;
	for (int i = 0; i < n; i++) {
		struct kpi_raw *r = &out[i];
		memset(r, 0, sizeof *r);
		r->criminal = counts[i][top_category_index("criminal") + 1];
		r->public_order = counts[i][top_category_index("public_order") + 1];
		r->major = major[i];
		r->d_registered = d[i].registered;
		r->d_settled = d[i].settled;
		r->fu[0] = d[i].fu_satisfied;
		r->fu[1] = d[i].fu_basic;
		r->fu[2] = d[i].fu_unsatisfied;
		r->hz_found = hz[i].found;
		r->hz_on_time = hz[i].on_time;
		r->visit[0] = vi[i].satisfied;
		r->visit[1] = vi[i].basic;
		r->visit[2] = vi[i].unsatisfied;
		if (warnings_count(db, to[i], s, &r->w_party, &r->w_address, e))
			return -1;
	}
	return 0;
}

int kpi_raw_compute(struct db *db, const char *station, int32_t from, int32_t to, struct kpi_raw *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	return kpi_counts(db, station, 1, &from, &to, r, e);
}

int kpi_compute(struct db *db, int32_t from, int32_t to, const char *station, struct kpi *k, struct err *e)
{
	memset(k, 0, sizeof *k);
	if (from > to)
		return err_set(e, ERR_INVALID, "period.order", "to", "结束日期早于开始日期（the period ends before it starts）");
	k->from = from;
	k->to = to;
	compare_period(COMPARE_YOY, from, to, &k->prev_from, &k->prev_to);
	snprintf(k->station, sizeof k->station, "%s", station && *station ? station : "");
	const char *s = k->station[0] ? k->station : NULL;
	if (kpi_raw_compute(db, s, from, to, &k->cur, e) || kpi_raw_compute(db, s, k->prev_from, k->prev_to, &k->prev, e))
		return -1;
	int32_t last = month_of_day(to);
	for (int i = 0; i < KPI_MONTHS; i++) {
		int32_t m = last - (KPI_MONTHS - 1) + i;
		int32_t end = month_first_day(m + 1) - 1;
		k->month_from[i] = month_first_day(m);
		k->month_to[i] = end < to ? end : to;
	}
	if (kpi_counts(db, s, KPI_MONTHS, k->month_from, k->month_to, k->month, e))
		return -1;
	return settings_demo(db, &k->demo, e);
}

enum which { K_CRIMINAL, K_PUBLIC_ORDER, K_MAJOR, K_HAZARDS, K_SETTLED, K_PARTY, K_ADDRESS, K_SATISFACTION, K_VISITS,
	     K_FOLLOWUPS };

/* An indicator: a count (part only) or a share part / base in percent. */
struct indicator {
	const char *key, *label, *better, *definition, *drill;
	bool share;
	enum which which;
};

/* The indicator's part (its value, for a count) and base (for a share) on one period's counts. */
static void parts(enum which w, const struct kpi_raw *r, int64_t *p, int64_t *b)
{
	int64_t v_sat = r->visit[0] + r->visit[1], f_sat = r->fu[0] + r->fu[1];
	const int64_t part[] = { r->criminal, r->public_order, r->major, r->hz_on_time, r->d_settled, r->w_party,
				 r->w_address, v_sat + f_sat, v_sat, f_sat };
	const int64_t base[] = { 0, 0, 0, r->hz_found, r->d_registered, 0, 0, v_sat + r->visit[2] + f_sat + r->fu[2],
				 v_sat + r->visit[2], f_sat + r->fu[2] };
	*p = part[w];
	*b = base[w];
}

/* The drill-down URLs: the list with its fixed filters; the period (or the as_of day) and the station follow. */
static const struct indicator
	criminal = { "criminal_incidents", "刑事警情", "lower",
		     "刑事警情数：接警日期在统计期间内、统计大类为“刑事”（含其全部子类）的警情数（不含作废），"
		     "按管辖单位统计；同期为上一年的相同日期，增减% = (本期 - 同期) / 同期 × 100。",
		     "/api/v1/reports/incidents/records?category=criminal", false, K_CRIMINAL },
	public_order = { "public_order_incidents", "治安警情", "lower",
			 "治安警情数：接警日期在统计期间内、统计大类为“治安”（含其全部子类）的警情数（不含作废），"
			 "按管辖单位统计；同期为上一年的相同日期，增减% = (本期 - 同期) / 同期 × 100。",
			 "/api/v1/reports/incidents/records?category=public_order", false, K_PUBLIC_ORDER },
	hazards = { "hazards_on_time", "隐患按期整改率", "higher",
		    "隐患按期整改率：发现日期在统计期间内的隐患（不含作废）中，整改完成日期不晚于整改期限且不晚于期末的所占比例"
		    "（按期整改数 / 发现数 × 100，两位小数，发现数为 0 时不计算）；变化以百分点计；下钻列出本期发现的隐患。",
		    "/api/v1/hazards", true, K_HAZARDS },
	major = { "major_incidents", "重大警情", "lower",
		  "重大警情数：接警日期在统计期间内、标记为“重特大”（警情的 major 字段）的警情数（不含作废），按管辖单位统计。",
		  "/api/v1/incidents?major=1", false, K_MAJOR },
	settled = { "disputes_settled", "矛盾纠纷化解率", "higher",
		    "矛盾纠纷化解率：登记日期在统计期间内的纠纷（不含作废）中，在期末当日及以前达成协议（调解达成协议或移交调解成功）"
		    "的所占比例（成功数 / 排查数 × 100，两位小数，排查数为 0 时不计算），口径同矛盾纠纷统计；变化以百分点计；"
		    "下钻列出本期登记的纠纷。",
		    "/api/v1/reports/disputes/records?measure=registered", true, K_SETTLED },
	party = { "repeat_party_warnings", "重复当事人预警", "lower",
		  "重复当事人预警数：以期末当日为准的矛盾纠纷预警中“重复当事人”一类的条数（同一人在期末前 180 日内登记的纠纷中"
		  "出现 2 次及以上），口径同预警报表；同期为上一年相同日期的期末。",
		  "/api/v1/reports/warnings?kind=repeat_party", false, K_PARTY },
	address = { "repeat_address_warnings", "重复地址预警", "lower",
		    "重复地址预警数：以期末当日为准的预警中“重复地址”一类的条数（同一地址在期末前 90 日内的纠纷及刑事、治安、"
		    "纠纷类警情合计 3 起及以上），口径同预警报表；同期为上一年相同日期的期末。",
		    "/api/v1/reports/warnings?kind=repeat_address", false, K_ADDRESS },
	satisfaction = { "satisfaction", "群众满意率", "higher",
			 "群众满意率：(满意 + 基本满意) / 全部评价 × 100（两位小数）；评价包括走访日期在统计期间内的走访记录所填的"
			 "满意、基本满意、不满意人数，以及应回访日期在统计期间内、期末当日及以前已回访的纠纷回访的满意度评价；"
			 "变化以百分点计；下钻列出本期的走访记录。",
			 "/api/v1/visits", true, K_SATISFACTION },
	visits = { "visit_satisfaction", "走访满意率", "higher",
		   "走访满意率：走访日期在统计期间内的走访记录（不含作废）中，(满意 + 基本满意) 人数 / (满意 + 基本满意 + 不满意) "
		   "人数 × 100（两位小数）；变化以百分点计。",
		   "/api/v1/visits", true, K_VISITS },
	followups = { "followup_satisfaction", "回访满意率", "higher",
		      "回访满意率：应回访日期在统计期间内、期末当日及以前已回访并评价的纠纷回访中，满意与基本满意所占比例"
		      "（两位小数），口径同矛盾纠纷统计；变化以百分点计。",
		      "/api/v1/reports/disputes/records?measure=followups_done", true, K_FOLLOWUPS };

static const struct {
	const char *key, *label;
	const struct indicator *list[4];
} groups[] = {
	{ "fewer_incidents", "发案少", { &criminal, &public_order } },
	{ "good_order", "秩序好", { &public_order, &hazards } },
	{ "stability", "社会稳定", { &major, &settled, &party, &address } },
	{ "satisfaction", "群众满意", { &satisfaction, &visits, &followups } },
};

static json_t *hundredths(bool ok, int64_t v)
{
	return ok ? json_real((double)v / 100.0) : json_null();
}

/* The value of `ind` on `r`: a count, or a share in hundredths of a percent (ok false: no base). */
static int64_t value_of(const struct indicator *ind, const struct kpi_raw *r, bool *ok)
{
	int64_t p, b, v = 0;
	parts(ind->which, r, &p, &b);
	*ok = ind->share ? rate_x100(p, b, &v) : true;
	return ind->share ? v : p;
}

static json_t *value_json(const struct indicator *ind, const struct kpi_raw *r)
{
	bool ok;
	int64_t v = value_of(ind, r, &ok);
	return ind->share ? hundredths(ok, v) : json_integer(v);
}

static json_t *indicator_json(const struct kpi *k, const struct indicator *ind)
{
	bool ok_c, ok_p;
	int64_t c = value_of(ind, &k->cur, &ok_c), p = value_of(ind, &k->prev, &ok_p), change = 0;
	bool ok = ind->share ? ok_c && ok_p : change_pct_x100(c, p, &change);
	if (ind->share)
		change = c - p;
	char from[11], to[11], station[40] = "", drill[256];
	date_format(k->from, from);
	date_format(k->to, to);
	if (k->station[0])
		snprintf(station, sizeof station, "&station=%s", k->station);
	bool as_of = !strncmp(ind->drill, "/api/v1/reports/warnings", 24);
	if (as_of)
		snprintf(drill, sizeof drill, "%s&as_of=%s%s", ind->drill, to, station);
	else
		snprintf(drill, sizeof drill, "%s%cfrom=%s&to=%s%s", ind->drill, strchr(ind->drill, '?') ? '&' : '?', from,
			 to, station);
	json_t *series = json_array();
	for (int i = 0; i < KPI_MONTHS; i++)
		json_array_append_new(series, value_json(ind, &k->month[i]));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "key", ind->key, "label", ind->label, "unit",
			      ind->share ? "percent" : "count", "better", ind->better, "value", value_json(ind, &k->cur),
			      "previous", value_json(ind, &k->prev), "change", hundredths(ok, change), "change_unit",
			      ind->share ? "points" : "percent");
	if (ind->share) {
		int64_t part, base;
		parts(ind->which, &k->cur, &part, &base);
		json_object_set_new(o, "part", json_integer(part));
		json_object_set_new(o, "base", json_integer(base));
	}
	json_object_set_new(o, "definition", json_string(ind->definition));
	json_object_set_new(o, "drill", json_string(drill));
	json_object_set_new(o, "series", series);
	return o;
}

json_t *kpi_json(const struct kpi *k)
{
	char from[11], to[11], pf[11], pt[11];
	date_format(k->from, from);
	date_format(k->to, to);
	date_format(k->prev_from, pf);
	date_format(k->prev_to, pt);
	json_t *months = json_array(), *gs = json_array();
	for (int i = 0; i < KPI_MONTHS; i++) {
		char a[11];
		date_format(k->month_from[i], a);
		a[7] = '\0';
		json_array_append_new(months, json_string(a));
	}
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		json_t *list = json_array();
		for (int i = 0; i < 4 && groups[g].list[i]; i++)
			json_array_append_new(list, indicator_json(k, groups[g].list[i]));
		json_array_append_new(gs, json_pack("{s:s, s:s, s:o}", "key", groups[g].key, "label", groups[g].label,
						    "indicators", list));
	}
	json_t *o = json_pack("{s:s, s:s, s:{s:s, s:s}, s:s?, s:o, s:o}", "from", from, "to", to, "previous", "from", pf,
			      "to", pt, "station", k->station[0] ? k->station : NULL, "months", months, "groups", gs);
	if (k->demo)
		json_object_set_new(o, "demo", json_true());
	return o;
}

const char *const kpi_refused_filters[] = { "division", "compare", NULL };

int kpi_refuse(const char *filter, struct err *e)
{
	return err_set(e, ERR_INVALID, "filter.unknown", filter,
		       "指标不能按“%s”筛选（the indicators take no %s: a unit's, against the same period a year before）",
		       filter, filter);
}
