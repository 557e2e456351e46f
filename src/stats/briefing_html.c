/*
 * briefing_html.c — the briefing as one printable A4 HTML document: print
 * CSS inline, no script, every section a heading and a small table.
 */
#include "stats/briefing.h"
#include "base/date.h"
#include "base/text.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/record.h"

#include <string.h>

static void pct(FILE *out, bool ok, int64_t x100)
{
	if (!ok) {
		fputs("—", out);
		return;
	}
	int64_t a = x100 < 0 ? -x100 : x100;
	fprintf(out, "%s%lld.%02lld%%", x100 < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

static void rate(FILE *out, int64_t part, int64_t whole)
{
	int64_t v = 0;
	bool ok = rate_x100(part, whole, &v);
	pct(out, ok, v);
}

/* The rows of a two-column section: what is counted, and its figure. */
struct line {
	const char *label;
	int64_t v;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define TABLE_END "</tbody></table>\n"

/* A section's heading and its two-column table opened (title NULL: rows of the open one), then its rows. */
static void lines(FILE *out, const char *title, const struct line *l, size_t n)
{
	if (title)
		fprintf(out, "<h2>%s</h2>\n<table class=\"two\"><tbody>\n", title);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "<tr><th>%s</th><td>%lld</td></tr>\n", l[i].label, (long long)l[i].v);
}

static const char css[] =
	"@page{size:A4;margin:15mm 15mm 15mm 15mm}"
	"body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC','SimSun',serif;font-size:11pt;color:#000;margin:0}"
	"h1{font-size:18pt;text-align:center;margin:0 0 4mm}h2{font-size:13pt;margin:5mm 0 2mm;break-after:avoid}"
	".meta{text-align:center;margin-bottom:4mm}.meta span{margin:0 3mm}"
	"table{border-collapse:collapse;width:100%;break-inside:auto}th,td{border:1px solid #000;padding:1mm 2mm;text-align:left}"
	"td{text-align:right}td.t{text-align:left}thead{display:table-header-group}tr{break-inside:avoid}"
	".two th{width:45%}.def{font-size:9pt;margin-top:5mm;white-space:pre-wrap}.demo{color:#a00;text-align:center}"
	".overdue{font-weight:bold}";

void briefing_html(FILE *out, const struct briefing *b, int32_t printed_on)
{
	char from[11], to[11], pf[11], pt[11], today[11];
	date_format(b->from, from);
	date_format(b->to, to);
	date_format(b->incidents.prev_from, pf);
	date_format(b->incidents.prev_to, pt);
	date_format(printed_on, today);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
	text_html(out, b->division_name);
	fprintf(out, "辖区治安形势通报</title><style>%s</style></head><body>\n<h1>", css);
	text_html(out, b->division_name);
	fprintf(out, "辖区治安形势通报</h1>\n<div class=\"meta\"><span>区划：");
	text_html(out, b->division_name);
	fprintf(out, "（%s，%s）</span><span>期间：%s 至 %s</span></div>\n<div class=\"meta\"><span>范围：",
		b->division, code_label(&division_kinds, b->division_kind), from, to);
	if (b->station[0]) { /* a unit's share: a station's, or a county bureau's (its stations) */
		text_html(out, b->station_name[0] ? b->station_name : b->station);
		fprintf(out, "（%s）所辖", b->station);
	} else
		fputs("本区划及其下属社区、嘎查和网格", out);
	fprintf(out, "</span><span>打印日期：%s</span></div>\n", today);
	if (b->demo)
		fprintf(out, "<p class=\"demo\">演示数据（demonstration data）</p>\n");

	fprintf(out, "<h2>一、警情</h2>\n<table><thead><tr><th>类别</th><th>本期</th><th>同期（%s 至 %s）</th>"
		     "<th>增减</th><th>增减%%</th></tr></thead><tbody>\n", pf, pt);
	for (int i = 0; i < COMPSTAT_ROWS; i++) {
		int64_t cur = b->incidents.current[i], prev = b->incidents.previous[i], x = 0;
		bool ok = change_pct_x100(cur, prev, &x);
		fprintf(out, "<tr><td class=\"t\">%s</td><td>%lld</td><td>%lld</td><td>%+lld</td><td>",
			i ? code_label(&top_categories, b->incidents.keys[i]) : "合计", (long long)cur, (long long)prev,
			(long long)(cur - prev));
		pct(out, ok, x);
		fprintf(out, "</td></tr>\n");
	}
	fprintf(out, "</tbody></table>\n");

	const struct dispute_row *d = &b->disputes.rows[0];
	const struct line disputes[] = { { "排查（登记）", d->registered }, { "调处", d->handled }, { "调解成功", d->settled },
					 { "同期排查", d->previous }, { "超期未出结果", b->disputes.overdue_disputes } };
	lines(out, "二、矛盾纠纷", disputes, COUNT(disputes));
	fputs(TABLE_END, out);

	const struct line hazards[] = { { "发现", b->hazards.found }, { "已整改", b->hazards.fixed },
					{ "逾期未整改", b->hazards.overdue } };
	lines(out, "三、安全隐患", hazards, COUNT(hazards));
	fputs(TABLE_END, out);

	const struct visit_counts *v = &b->visits;
	const struct line visits[] = { { "走访次数", v->visits },   { "走访户数", v->households }, { "走访人数", v->people },
				       { "收集意见建议", v->opinions }, { "已解决", v->resolved },    { "满意", v->satisfied },
				       { "基本满意", v->basic },    { "不满意", v->unsatisfied } };
	lines(out, "四、走访与群众满意", visits, COUNT(visits));
	fprintf(out, "<tr><th>满意度</th><td>");
	rate(out, v->satisfied + v->basic, v->satisfied + v->basic + v->unsatisfied);
	fprintf(out, "</td></tr>\n");
	fputs(TABLE_END, out);

	const struct outreach_counts *u = &b->outreach;
	const struct dissuasion_counts *f = &b->dissuasions;
	const struct line outreach[] = { { "宣传活动（场）", u->events },      { "其中反诈宣传", u->anti_fraud },
					 { "受众（人次）", u->audience },      { "发放资料（份）", u->materials },
					 { "反诈 App 注册", u->app_registrations } };
	const struct line dissuasions[] = { { "劝阻成功", f->dissuaded }, { "被骗", f->defrauded }, { "未联系上", f->unreachable } };
	lines(out, "五、法治宣传与反诈劝阻", outreach, COUNT(outreach));
	fprintf(out, "<tr><th>预警劝阻（派出所 %s）</th><td>%lld</td></tr>\n",
		b->dissuasion_station[0] ? b->dissuasion_station : "—", (long long)f->warnings);
	lines(out, NULL, dissuasions, COUNT(dissuasions));
	fprintf(out, "<tr><th>被骗损失（元）</th><td>%.2f</td></tr>\n", f->loss);
	fputs(TABLE_END, out);

	const struct gridreport_counts *g = &b->gridreports;
	const struct line grids[] = { { "上报", g->reported },          { "已受理", g->accepted },      { "已反馈", g->answered },
				      { "转为矛盾纠纷", g->disputes }, { "转为警情", g->incidents }, { "转为安全隐患", g->hazards },
				      { "无需处置", g->no_action } };
	lines(out, "六、网格上报", grids, COUNT(grids));
	fputs(TABLE_END, out);

	fprintf(out, "<h2>七、前期会议待办事项</h2>\n");
	if (!b->nactions)
		fprintf(out, "<p>无未完成事项。</p>\n");
	else {
		fprintf(out, "<table><thead><tr><th>会议日期</th><th>区划</th><th>事项</th><th>责任人</th><th>期限</th>"
			     "<th>状态</th></tr></thead><tbody>\n");
		for (long i = 0; i < b->nactions; i++) {
			const struct action_item *a = &b->actions[i];
			fprintf(out, "<tr%s><td class=\"t\">%s</td><td class=\"t\">",
				a->days_overdue > 0 ? " class=\"overdue\"" : "", a->held_on);
			text_html(out, *a->division_name ? a->division_name : a->division);
			fprintf(out, "</td><td class=\"t\">");
			text_html(out, a->item);
			fprintf(out, "</td><td class=\"t\">");
			text_html(out, a->owner);
			fprintf(out, "</td><td class=\"t\">%s</td><td class=\"t\">", a->due_on);
			if (a->days_overdue > 0)
				fprintf(out, "逾期 %d 天", a->days_overdue);
			else
				fprintf(out, "未到期");
			fprintf(out, "</td></tr>\n");
		}
		fprintf(out, "</tbody></table>\n");
	}
	fprintf(out, "<h2>口径说明</h2>\n<div class=\"def\">");
	text_html(out, briefing_definitions);
	fprintf(out, "</div>\n</body></html>\n");
}
