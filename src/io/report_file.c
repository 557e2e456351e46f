/*
 * report_file.c — the reports as CSV and XLSX files, for the CLI and the API
 * alike (report_file.h).
 */
#include "io/report_file.h"
#include "base/date.h"
#include "io/csv_write.h"
#include "io/xlsx.h"
#include "model/dispute.h"
#include "model/incident.h"
#include "model/org.h"
#include "stats/compstat.h"
#include "stats/coverage.h"
#include "stats/disputes.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char report_demo_mark[] = "演示数据：趋势为生成，并非实际观测（demonstration data: generated, not observed）";

const char coverage_definitions[] =
	"口径：统计截至当日在任的兼任职务（任职时间 <= 当日，且离任时间为空或 >= 当日）；"
	"社区、嘎查有除乡镇党委委员以外任一在任职务即为已覆盖。\n"
	"Definitions: posts active on the date (start <= date, end empty or >= date); a community or gacha is "
	"covered when any active post other than the township committee is held in it.\n";

static const char *incident_row_label(const char *key)
{
	return strcmp(key, "total") ? code_label(&top_categories, key) : "合计";
}

const char *const dispute_column_labels[6] = { "类型", "排查数", "调处数", "调处率", "成功数", "成功率" };

static const char *dispute_row_label(const char *key)
{
	return strcmp(key, "total") ? code_label(&dispute_types, key) : "合计";
}

/* The rows above every workbook's figures: title, period, scope, the demo mark, a blank row. */
static void xlsx_head(struct xlsx *x, const char *title, const char *period, const char *station, bool demo)
{
	char buf[160];
	xlsx_text(x, title);
	xlsx_row(x);
	xlsx_text(x, "统计期间");
	xlsx_text(x, period);
	xlsx_row(x);
	xlsx_text(x, "范围");
	snprintf(buf, sizeof buf, "%s%s", station && *station ? "派出所 " : "全局", station ? station : "");
	xlsx_text(x, buf);
	if (demo) {
		xlsx_row(x);
		xlsx_text(x, report_demo_mark);
	}
	xlsx_row(x);
	xlsx_row(x);
}

/* "2026-01-01 至 2026-01-31", with "；同比 2025-01-01 至 2025-01-31" when compared. */
static void period_text(char *buf, size_t n, int32_t from, int32_t to, enum compare cmp, int32_t pfrom, int32_t pto)
{
	char a[11], b[11], pa[11], pb[11];
	date_format(from, a);
	date_format(to, b);
	date_format(pfrom, pa);
	date_format(pto, pb);
	if (cmp == COMPARE_NONE)
		snprintf(buf, n, "%s 至 %s", a, b);
	else
		snprintf(buf, n, "%s 至 %s；%s %s 至 %s", a, b, cmp == COMPARE_YOY ? "同比" : "环比", pa, pb);
}

/*
 * A figure kept in hundredths, as "12.34": `pos` and `zero` are the signs a
 * positive and a zero value carry ("-" always marks a negative), `suffix`
 * follows the number.
 */
void hundredths(char *buf, size_t n, int64_t v, const char *pos, const char *zero, const char *suffix)
{
	snprintf(buf, n, "%s%lld.%02lld%s", v < 0 ? "-" : v > 0 ? pos : zero, (long long)(llabs(v) / 100),
		 (long long)(llabs(v) % 100), suffix);
}

/* "-4.96%", "—" (no base) or "新增" (no base, something now). */
void pct_text(int64_t cur, int64_t prev, char *buf, size_t n)
{
	int64_t p;
	if (change_pct_x100(cur, prev, &p))
		hundredths(buf, n, p, "+", "", "%");
	else
		snprintf(buf, n, "%s", cur > 0 ? "新增" : "—");
}

void rate_text(int64_t part, int64_t whole, char *buf, size_t n)
{
	int64_t r;
	if (rate_x100(part, whole, &r))
		hundredths(buf, n, r, "", "", "%");
	else
		snprintf(buf, n, "—");
}

void incidents_csv(FILE *out, const void *report)
{
	const struct compstat *c = report;
	const char *head[] = { "key", "label", "current", "previous", "change", "change_pct" };
	for (size_t k = 0; k < 6; k++)
		csv_write_field(out, head[k], k == 0);
	csv_write_eol(out);
	bool cmp = c->q.compare != COMPARE_NONE;
	for (int r = 0; r < COMPSTAT_ROWS; r++) {
		char cur[24], prev[24], chg[24], pct[24] = "";
		int64_t p;
		snprintf(cur, sizeof cur, "%lld", (long long)c->current[r]);
		snprintf(prev, sizeof prev, "%lld", (long long)c->previous[r]);
		snprintf(chg, sizeof chg, "%lld", (long long)(c->current[r] - c->previous[r]));
		if (cmp && change_pct_x100(c->current[r], c->previous[r], &p))
			hundredths(pct, sizeof pct, p, "", "", "");
		const char *cells[] = { c->keys[r], incident_row_label(c->keys[r]), cur, cmp ? prev : "", cmp ? chg : "", pct };
		for (size_t k = 0; k < 6; k++)
			csv_write_field(out, cells[k], k == 0);
		csv_write_eol(out);
	}
	static const char *const keys[2] = { "closure.public_order", "closure.criminal" };
	static const char *const labels[2] = { "治安案件办结率", "刑事案件办结率" };
	for (int k = 0; k < 2; k++) {
		const struct closure *cl = &c->closure[k];
		char cur[24] = "", prev[24] = "", chg[24] = "";
		int64_t a, b;
		bool ha = rate_x100(cl->closed, cl->accepted, &a), hb = rate_x100(cl->prev_closed, cl->prev_accepted, &b);
		if (ha)
			hundredths(cur, sizeof cur, a, "", "", "");
		if (cmp && hb)
			hundredths(prev, sizeof prev, b, "", "", "");
		if (cmp && ha && hb)
			hundredths(chg, sizeof chg, a - b, "", "", "");
		const char *cells[] = { keys[k], labels[k], cur, prev, chg, "" };
		for (size_t i = 0; i < 6; i++)
			csv_write_field(out, cells[i], i == 0);
		csv_write_eol(out);
	}
}

static void xlsx_rate(struct xlsx *x, int64_t part, int64_t whole)
{
	int64_t v;
	if (rate_x100(part, whole, &v))
		xlsx_number(x, (double)v / 10000.0, XLSX_PERCENT);
	else
		xlsx_text(x, "—");
}

int incidents_xlsx(FILE *out, const void *report, struct err *e)
{
	const struct compstat *c = report;
	struct xlsx *x = xlsx_new();
	if (!x)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	bool cmp = c->q.compare != COMPARE_NONE;
	const char *prev_label = c->q.compare == COMPARE_MOM ? "上期" : "同期";
	char period[96];
	period_text(period, sizeof period, c->q.from, c->q.to, c->q.compare, c->prev_from, c->prev_to);
	xlsx_head(x, "警情统计", period, c->q.station, c->demo);
	if (c->q.division) {
		xlsx_text(x, "区划");
		xlsx_text(x, c->q.division);
		xlsx_row(x);
		xlsx_row(x);
	}
	xlsx_header(x);
	xlsx_text(x, "类别");
	xlsx_text(x, "本期");
	if (cmp) {
		xlsx_text(x, prev_label);
		xlsx_text(x, "增减");
		xlsx_text(x, "增减%");
	}
	for (int r = 0; r < COMPSTAT_ROWS; r++) {
		xlsx_row(x);
		xlsx_text(x, incident_row_label(c->keys[r]));
		xlsx_number(x, (double)c->current[r], XLSX_INTEGER);
		if (cmp) {
			int64_t p;
			xlsx_number(x, (double)c->previous[r], XLSX_INTEGER);
			xlsx_number(x, (double)(c->current[r] - c->previous[r]), XLSX_INTEGER);
			if (change_pct_x100(c->current[r], c->previous[r], &p))
				xlsx_number(x, (double)p / 10000.0, XLSX_PERCENT);
			else
				xlsx_text(x, c->current[r] > 0 ? "新增" : "—");
		}
	}
	xlsx_row(x);
	xlsx_row(x);
	xlsx_header(x);
	xlsx_text(x, "办结率");
	xlsx_text(x, "受理");
	xlsx_text(x, "办结");
	xlsx_text(x, "办结率");
	if (cmp) {
		xlsx_text(x, "对比期受理");
		xlsx_text(x, "对比期办结");
		xlsx_text(x, "对比期办结率");
		xlsx_text(x, "变化（百分点）");
	}
	static const char *const names[2] = { "治安案件", "刑事案件" };
	for (int k = 0; k < 2; k++) {
		const struct closure *cl = &c->closure[k];
		int64_t a = 0, b = 0;
		bool ha = rate_x100(cl->closed, cl->accepted, &a), hb = rate_x100(cl->prev_closed, cl->prev_accepted, &b);
		xlsx_row(x);
		xlsx_text(x, names[k]);
		xlsx_number(x, (double)cl->accepted, XLSX_INTEGER);
		xlsx_number(x, (double)cl->closed, XLSX_INTEGER);
		xlsx_rate(x, cl->closed, cl->accepted);
		if (cmp) {
			xlsx_number(x, (double)cl->prev_accepted, XLSX_INTEGER);
			xlsx_number(x, (double)cl->prev_closed, XLSX_INTEGER);
			xlsx_rate(x, cl->prev_closed, cl->prev_accepted);
			if (ha && hb)
				xlsx_number(x, (double)(a - b) / 100.0, XLSX_DECIMAL2);
			else
				xlsx_text(x, "—");
		}
	}
	xlsx_row(x);
	xlsx_paragraphs(x, compstat_definitions);
	int rc = xlsx_write(x, "警情统计", out, e);
	xlsx_free(x);
	return rc;
}
/* Hundredths as "12.34", or "" without a base. */
static void plain_rate(char *buf, size_t n, bool ok, int64_t v)
{
	if (ok)
		hundredths(buf, n, v, "", "", "");
	else
		buf[0] = 0;
}

void disputes_csv(FILE *out, const void *report)
{
	const struct dispute_report *r = report;
	static const char *const head[] = { "key",	"label",	"registered",	      "handled",   "handled_rate",
					    "settled", "settled_rate", "previous_registered", "change_pct" };
	for (size_t k = 0; k < 9; k++)
		csv_write_field(out, head[k], k == 0);
	csv_write_eol(out);
	bool cmp = r->compare != COMPARE_NONE;
	for (int i = 0; i < DISPUTE_ROWS; i++) {
		const struct dispute_row *d = &r->rows[i];
		char reg[24], han[24], hr[24], set[24], sr[24], prev[24] = "", pct[24];
		int64_t v = 0;
		snprintf(reg, sizeof reg, "%lld", (long long)d->registered);
		snprintf(han, sizeof han, "%lld", (long long)d->handled);
		snprintf(set, sizeof set, "%lld", (long long)d->settled);
		bool ok = rate_x100(d->handled, d->registered, &v);
		plain_rate(hr, sizeof hr, ok, v);
		ok = rate_x100(d->settled, d->handled, &v);
		plain_rate(sr, sizeof sr, ok, v);
		if (cmp)
			snprintf(prev, sizeof prev, "%lld", (long long)d->previous);
		ok = cmp && change_pct_x100(d->registered, d->previous, &v);
		plain_rate(pct, sizeof pct, ok, v);
		const char *cells[] = { r->keys[i], dispute_row_label(r->keys[i]), reg, han, hr, set, sr, prev, pct };
		for (size_t k = 0; k < 9; k++)
			csv_write_field(out, cells[k], k == 0);
		csv_write_eol(out);
	}
}

static void xlsx_counts(struct xlsx *x, const char *label, const int64_t *v, int n)
{
	xlsx_row(x);
	xlsx_text(x, label);
	for (int i = 0; i < n; i++)
		xlsx_number(x, (double)v[i], XLSX_INTEGER);
}

int disputes_xlsx(FILE *out, const void *report, struct err *e)
{
	const struct dispute_report *r = report;
	struct xlsx *x = xlsx_new();
	if (!x)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	bool cmp = r->compare != COMPARE_NONE;
	char period[96];
	period_text(period, sizeof period, r->from, r->to, r->compare, r->prev_from, r->prev_to);
	xlsx_head(x, "矛盾纠纷统计", period, r->station, r->demo);
	xlsx_header(x);
	for (size_t k = 0; k < 6; k++)
		xlsx_text(x, dispute_column_labels[k]);
	if (cmp) {
		xlsx_text(x, r->compare == COMPARE_MOM ? "上期排查" : "同期排查");
		xlsx_text(x, "增减%");
	}
	for (int i = 0; i < DISPUTE_ROWS; i++) {
		const struct dispute_row *d = &r->rows[i];
		xlsx_row(x);
		xlsx_text(x, dispute_row_label(r->keys[i]));
		xlsx_number(x, (double)d->registered, XLSX_INTEGER);
		xlsx_number(x, (double)d->handled, XLSX_INTEGER);
		xlsx_rate(x, d->handled, d->registered);
		xlsx_number(x, (double)d->settled, XLSX_INTEGER);
		xlsx_rate(x, d->settled, d->handled);
		if (cmp) {
			int64_t p;
			xlsx_number(x, (double)d->previous, XLSX_INTEGER);
			if (change_pct_x100(d->registered, d->previous, &p))
				xlsx_number(x, (double)p / 10000.0, XLSX_PERCENT);
			else
				xlsx_text(x, d->registered > 0 ? "新增" : "—");
		}
	}
	xlsx_row(x);
	xlsx_row(x);
	xlsx_header(x);
	xlsx_text(x, "调解方式");
	xlsx_text(x, "调解");
	xlsx_text(x, "达成协议");
	for (int i = 0; i < DISPUTE_MODES; i++)
		if (r->modes[i])
			xlsx_counts(x, code_label(&mediation_modes, r->modes[i]),
				    (int64_t[]){ r->by_mode[i].mediations, r->by_mode[i].agreements }, 2);
	xlsx_row(x);
	xlsx_row(x);
	xlsx_header(x);
	xlsx_text(x, "协作单位");
	xlsx_text(x, "移交");
	xlsx_text(x, "接收");
	xlsx_text(x, "调解成功");
	for (long i = 0; i < r->npartners; i++) {
		const struct dispute_partner *p = &r->by_partner[i];
		char label[128];
		snprintf(label, sizeof label, "%s %s", p->code, p->name);
		xlsx_counts(x, label, (int64_t[]){ p->referred, p->accepted, p->settled }, 3);
	}
	xlsx_row(x);
	xlsx_counts(x, "超期：纠纷、移交、回访",
		    (int64_t[]){ r->overdue_disputes, r->overdue_referrals, r->overdue_followups }, 3);
	xlsx_counts(x, "回访：应回访、已回访、按期、满意、基本满意、不满意",
		    (int64_t[]){ r->fu_due, r->fu_done, r->fu_on_time, r->fu_satisfied, r->fu_basic, r->fu_unsatisfied }, 6);
	xlsx_rate(x, r->fu_satisfied + r->fu_basic, r->fu_satisfied + r->fu_basic + r->fu_unsatisfied);
	xlsx_row(x);
	xlsx_paragraphs(x, dispute_definitions);
	int rc = xlsx_write(x, "矛盾纠纷统计", out, e);
	xlsx_free(x);
	return rc;
}

static void csv_counts(FILE *out, const char *code, const char *name, const struct coverage_counts *n)
{
	char buf[32];
	csv_write_field(out, code, true);
	csv_write_field(out, name, false);
	long v[] = { n->chiefs, n->chiefs_in_township_committee };
	for (size_t k = 0; k < 2; k++) {
		snprintf(buf, sizeof buf, "%ld", v[k]);
		csv_write_field(out, buf, false);
	}
	for (int k = 0; k < CP_COUNT; k++) {
		snprintf(buf, sizeof buf, "%ld", n->posts[k]);
		csv_write_field(out, buf, false);
	}
	long d[] = { n->communities, n->communities_covered, n->gachas, n->gachas_covered };
	for (size_t k = 0; k < 4; k++) {
		snprintf(buf, sizeof buf, "%ld", d[k]);
		csv_write_field(out, buf, false);
	}
	csv_write_eol(out);
}

void coverage_csv(FILE *out, const void *report)
{
	const struct coverage *c = report;
	const char *head[] = { "station", "station_name", "chiefs", "chiefs_in_township_committee" };
	for (size_t k = 0; k < 4; k++)
		csv_write_field(out, head[k], k == 0);
	for (int k = 0; k < CP_COUNT; k++)
		csv_write_field(out, coverage_post_keys[k], false);
	const char *tail[] = { "communities", "communities_covered", "gachas", "gachas_covered" };
	for (size_t k = 0; k < 4; k++)
		csv_write_field(out, tail[k], false);
	csv_write_eol(out);
	for (long i = 0; i < c->stations; i++)
		csv_counts(out, c->by_station[i].code, c->by_station[i].name, &c->by_station[i].n);
	csv_counts(out, "total", "合计", &c->total);
}


static void xlsx_coverage_row(struct xlsx *x, const char *code, const char *name, const struct coverage_counts *n)
{
	xlsx_row(x);
	xlsx_text(x, code);
	xlsx_text(x, name);
	double v[] = { (double)n->chiefs, (double)n->chiefs_in_township_committee };
	for (size_t k = 0; k < 2; k++)
		xlsx_number(x, v[k], XLSX_INTEGER);
	for (int k = 0; k < CP_COUNT; k++)
		xlsx_number(x, (double)n->posts[k], XLSX_INTEGER);
	double d[] = { (double)n->communities, (double)n->communities_covered, (double)n->gachas, (double)n->gachas_covered };
	for (size_t k = 0; k < 4; k++)
		xlsx_number(x, d[k], XLSX_INTEGER);
}

int coverage_xlsx(FILE *out, const void *report, struct err *e)
{
	const struct coverage *c = report;
	struct xlsx *x = xlsx_new();
	if (!x)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	char period[40];
	snprintf(period, sizeof period, "截至 %s", c->as_of);
	xlsx_head(x, "进班子覆盖情况", period, c->station, c->demo);
	xlsx_header(x);
	static const char *const head[] = { "派出所代码", "派出所", "所长", "所长进党委" };
	for (size_t k = 0; k < 4; k++)
		xlsx_text(x, head[k]);
	for (int k = 0; k < CP_COUNT; k++)
		xlsx_text(x, coverage_post_labels[k]);
	static const char *const tail[] = { "社区", "已覆盖社区", "嘎查（村）", "已覆盖嘎查" };
	for (size_t k = 0; k < 4; k++)
		xlsx_text(x, tail[k]);
	for (long i = 0; i < c->stations; i++)
		xlsx_coverage_row(x, c->by_station[i].code, c->by_station[i].name, &c->by_station[i].n);
	xlsx_coverage_row(x, "", "合计", &c->total);
	xlsx_row(x);
	xlsx_row(x);
	xlsx_header(x);
	static const char *const gaps[] = { "未覆盖的社区、嘎查", "名称", "类型", "派出所" };
	for (size_t k = 0; k < 4; k++)
		xlsx_text(x, gaps[k]);
	for (long i = 0; i < c->n_uncovered; i++) {
		const struct coverage_gap *g = &c->uncovered[i];
		xlsx_row(x);
		xlsx_text(x, g->code);
		xlsx_text(x, g->name);
		xlsx_text(x, code_label(&division_kinds, g->kind));
		xlsx_text(x, g->station);
	}
	xlsx_row(x);
	xlsx_paragraphs(x, coverage_definitions);
	int rc = xlsx_write(x, "进班子覆盖情况", out, e);
	xlsx_free(x);
	return rc;
}
