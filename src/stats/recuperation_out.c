/*
 * recuperation_out.c — a plan's JSON for people: the console table, CSV (a
 * row a member), the XLSX workbook (a summary sheet, then a sheet a group
 * roster) and the A4 print (a page a group: the temporary party branch's
 * secretary and members; then the per-unit counts), Chinese first.
 */
#include "stats/recuperation.h"
#include "base/date.h"
#include "base/text.h"
#include "io/csv_write.h"
#include "io/report_file.h"
#include "io/xlsx.h"
#include "model/org.h"
#include "model/record.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *s_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static long long i_of(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static bool b_of(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* 党员, or the personnel label of the party status (预备党员, 群众); empty when unknown */
static const char *party_zh(const char *party)
{
	return !strcmp(party, "member") ? "党员" : code_label(&party_statuses, party);
}

static const char *yes(bool v)
{
	return v ? "是" : "否";
}

/*
 * A group roster's member columns, once; each writer takes those marked for it.
 * The console table and the XLSX and print rosters show labels (是, 党员, 书记), the CSV
 * the stored values (1, member, 1) under its English names; XLSX and print number
 * the rows first (序号).
 */
enum roster_value { RV_BADGE, RV_NAME, RV_UNIT, RV_UNIT_NAME, RV_FRONT, RV_PARTY, RV_SCORE, RV_SECRETARY };
enum { W_TEXT = 1, W_CSV = 2, W_XLSX = 4, W_HTML = 8 };
struct roster_col {
	const char *zh, *csv;
	enum roster_value v;
	unsigned in;   /* the writers showing it */
	int width;     /* in the console table */
	bool right;
};
static const struct roster_col roster[] = {
	{ "警号", "badge_no", RV_BADGE, W_TEXT | W_CSV | W_XLSX | W_HTML, 12, false },
	{ "姓名", "name", RV_NAME, W_TEXT | W_CSV | W_XLSX | W_HTML, 10, false },
	{ NULL, "unit", RV_UNIT, W_CSV, 0, false },
	{ "单位", "unit_name", RV_UNIT_NAME, W_TEXT | W_CSV | W_XLSX | W_HTML, 20, false },
	{ "一线", "front_line", RV_FRONT, W_TEXT | W_CSV | W_XLSX | W_HTML, 6, false },
	{ "政治面貌", "party", RV_PARTY, W_TEXT | W_CSV | W_XLSX | W_HTML, 10, false },
	{ "得分", "score", RV_SCORE, W_TEXT | W_CSV | W_XLSX, 8, true },
	{ "支部职务", "secretary", RV_SECRETARY, W_CSV | W_XLSX | W_HTML, 0, false },
};
#define ROSTER_EACH(c, w)                                                    \
	for (const struct roster_col *c = roster; c < roster + sizeof roster / sizeof roster[0]; c++) \
		if (c->in & (w))

/* Member m's value of column c of group g as writer w shows it (buf for numbers). */
static const char *roster_cell(const struct roster_col *c, unsigned w, json_t *g, json_t *m, char buf[TEXT_GROUPED])
{
	bool csv = w == W_CSV;
	switch (c->v) {
	case RV_BADGE:
		return s_of(m, "badge_no");
	case RV_NAME:
		return s_of(m, "name");
	case RV_UNIT:
		return s_of(m, "unit");
	case RV_UNIT_NAME:
		return s_of(m, "unit_name");
	case RV_FRONT:
		return csv ? (b_of(m, "front_line") ? "1" : "0") : yes(b_of(m, "front_line"));
	case RV_PARTY:
		return csv ? s_of(m, "party") : party_zh(s_of(m, "party"));
	case RV_SCORE:
		if (csv)
			snprintf(buf, TEXT_GROUPED, "%lld", i_of(m, "score"));
		return csv ? buf : text_grouped(buf, TEXT_GROUPED, i_of(m, "score"), false);
	case RV_SECRETARY: {
		bool sec = !strcmp(s_of(m, "badge_no"), s_of(g, "secretary"));
		/* the print names each member's place in the group's temporary branch:
		 * its secretary, its (other) party members, nothing for the rest */
		return csv ? (sec ? "1" : "0")
		       : sec ? "书记"
		       : w == W_HTML && !strcmp(s_of(m, "party"), "member") ? "党员"
								      : "";
	}
	}
	return "";
}

void recup_conflicts_table(FILE *out, json_t *plan)
{
	fprintf(out, "无可行计划（no plan satisfies the rules）: %s\n", s_of(plan, "name"));
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(plan, "conflicts"), i, c)
		fprintf(out, "  %s: %s（%s）需要 need %lld，现有 have %lld\n", s_of(c, "constraint"), s_of(c, "message_zh"),
			s_of(c, "message_en"), i_of(c, "need"), i_of(c, "have"));
}

void recup_table(FILE *out, json_t *plan, bool demo)
{
	char a[TEXT_GROUPED], b[TEXT_GROUPED], c[TEXT_GROUPED], d[TEXT_GROUPED], t[TEXT_GROUPED];
	fprintf(out, "%s  %lld 年度疗养计划\nRecuperation plan %lld\n", s_of(plan, "name"), i_of(plan, "year"),
		i_of(plan, "year"));
	if (demo)
		fprintf(out, "%s\n", report_demo_mark);
	fprintf(out, "入选 %s / 名额 %s（符合条件 %s 人）  一线 %s 人（%.2f%%）  总分 %s  %s\n",
		text_grouped(a, sizeof a, i_of(plan, "selected"), false), text_grouped(b, sizeof b, i_of(plan, "places"), false),
		text_grouped(c, sizeof c, i_of(plan, json_is_integer(json_object_get(plan, "eligible_count")) ? "eligible_count" : "eligible"), false), text_grouped(d, sizeof d, i_of(plan, "front_line"), false),
		json_number_value(json_object_get(plan, "front_line_pct")),
		text_grouped(t, sizeof t, i_of(plan, "score"), false),
		b_of(plan, "optimal") ? "已证明最优（proven optimal）" : "未证明最优（not proven optimal）");
	size_t ui;
	json_t *u;
	json_array_foreach(json_object_get(plan, "unfilled"), ui, u)
		fprintf(out, "未选满符合条件者（not all eligible fit）%s: %s（%s）需要 need %lld，现有 have %lld\n",
			s_of(u, "constraint"), s_of(u, "message_zh"), s_of(u, "message_en"), i_of(u, "need"), i_of(u, "have"));
	json_array_foreach(json_object_get(plan, "stale"), ui, u)
		fprintf(out, "已不符合参加条件，请调出（no longer eligible: swap out）%s %s: %s\n", s_of(u, "badge_no"),
			s_of(u, "name"), s_of(u, "reason"));
	size_t gi, mi;
	json_t *g, *m;
	json_array_foreach(json_object_get(plan, "groups"), gi, g) {
		json_t *members = json_object_get(g, "members");
		fprintf(out, "\n%s  %s·%s  %s 至 %s  %zu 人（上限 %lld）  党员 %lld  临时党支部书记 %s（%s）\n", s_of(g, "code"),
			s_of(g, "route_name"), s_of(g, "theme"), s_of(g, "start"), s_of(g, "end"), json_array_size(members),
			i_of(g, "size_max"), i_of(g, "party_members"), s_of(g, "secretary_name"), s_of(g, "secretary"));
		fputs("  ", out);
		ROSTER_EACH(col, W_TEXT)
			text_pad(out, col->zh, col->width, col->right);
		fputc('\n', out);
		json_array_foreach(members, mi, m) {
			fputs("  ", out);
			ROSTER_EACH(col, W_TEXT)
				text_pad(out, roster_cell(col, W_TEXT, g, m, a), col->width, col->right);
			fputc('\n', out);
		}
	}
	fprintf(out, "\n各单位人数 per unit\n  ");
	text_pad(out, "单位", 20, false);
	text_pad(out, "一线", 6, false);
	text_pad(out, "入选", 8, true);
	text_pad(out, "在岗", 8, true);
	text_pad(out, "同时离岗上限", 14, true);
	fputc('\n', out);
	json_array_foreach(json_object_get(plan, "units"), gi, g) {
		fputs("  ", out);
		text_pad(out, s_of(g, "name"), 20, false);
		text_pad(out, yes(b_of(g, "front_line")), 6, false);
		text_pad(out, text_grouped(a, sizeof a, i_of(g, "selected"), false), 8, true);
		text_pad(out, text_grouped(b, sizeof b, i_of(g, "staff"), false), 8, true);
		text_pad(out, text_grouped(c, sizeof c, i_of(g, "cap"), false), 14, true);
		fputc('\n', out);
	}
}

void recup_csv(FILE *out, json_t *plan)
{
	/* the group's columns, then the roster's */
	static const char *const group_keys[] = { "code", "route", "route_name", "start", "end" };
	static const char *const group_head[] = { "group", "route", "route_name", "start", "end" };
	for (size_t k = 0; k < sizeof group_head / sizeof group_head[0]; k++)
		csv_write_field(out, group_head[k], k == 0);
	ROSTER_EACH(c, W_CSV)
		csv_write_field(out, c->csv, false);
	csv_write_eol(out);
	size_t gi, mi;
	json_t *g, *m;
	json_array_foreach(json_object_get(plan, "groups"), gi, g) json_array_foreach(json_object_get(g, "members"), mi, m)
	{
		char buf[TEXT_GROUPED];
		for (size_t k = 0; k < sizeof group_keys / sizeof group_keys[0]; k++)
			csv_write_field(out, s_of(g, group_keys[k]), k == 0);
		ROSTER_EACH(c, W_CSV)
			csv_write_field(out, roster_cell(c, W_CSV, g, m, buf), false);
		csv_write_eol(out);
	}
}

/* A sheet name from a group's code: no []:*?/\, at most 28 bytes on a character's boundary. */
static void sheet_name(const char *code, char out[32])
{
	size_t n = 0;
	for (const char *s = code; *s && n < 28; s++)
		out[n++] = strchr("[]:*?/\\'", *s) ? '_' : *s;
	while (n > 0 && ((unsigned char)code[n] & 0xC0) == 0x80)
		n--;
	out[n] = 0;
}

/* Is names[i] one of names[0..i-1], ignoring ASCII case as Excel does? */
static bool sheet_taken(char (*names)[32], size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (!strcasecmp(names[k], names[i]))
			return true;
	return false;
}

static void label_number(struct xlsx *x, const char *label, double v, enum xlsx_format f)
{
	xlsx_row(x);
	xlsx_text(x, label);
	xlsx_number(x, v, f);
}

static void summary_sheet(struct xlsx *x, json_t *plan, bool demo)
{
	char title[512];
	snprintf(title, sizeof title, "%s（%lld 年度）", s_of(plan, "name"), i_of(plan, "year"));
	xlsx_text(x, title);
	if (demo) {
		xlsx_row(x);
		xlsx_text(x, report_demo_mark);
	}
	label_number(x, "名额 places", (double)i_of(plan, "places"), XLSX_INTEGER);
	label_number(x, "入选 selected", (double)i_of(plan, "selected"), XLSX_INTEGER);
	label_number(x, "符合条件 eligible", (double)i_of(plan, "eligible"), XLSX_INTEGER);
	label_number(x, "一线 front line", (double)i_of(plan, "front_line"), XLSX_INTEGER);
	label_number(x, "一线占比 front-line share", json_number_value(json_object_get(plan, "front_line_pct")) / 100.0,
		     XLSX_PERCENT);
	label_number(x, "总分 score", (double)i_of(plan, "score"), XLSX_INTEGER);
	xlsx_row(x);
	xlsx_text(x, "最优 proven optimal");
	xlsx_text(x, yes(b_of(plan, "optimal")));

	xlsx_row(x);
	xlsx_row(x);
	xlsx_header(x);
	static const char *const uh[] = { "单位编码", "单位名称", "一线", "入选人数", "在岗人数", "同时离岗上限" };
	for (size_t k = 0; k < sizeof uh / sizeof uh[0]; k++)
		xlsx_text(x, uh[k]);
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(plan, "units"), i, u) {
		xlsx_row(x);
		xlsx_text(x, s_of(u, "code"));
		xlsx_text(x, s_of(u, "name"));
		xlsx_text(x, yes(b_of(u, "front_line")));
		xlsx_number(x, (double)i_of(u, "selected"), XLSX_INTEGER);
		xlsx_number(x, (double)i_of(u, "staff"), XLSX_INTEGER);
		xlsx_number(x, (double)i_of(u, "cap"), XLSX_INTEGER);
	}
	xlsx_row(x);
	xlsx_row(x);
	xlsx_header(x);
	static const char *const gh[] = { "分组", "线路", "主题", "开始", "结束", "人数", "党员", "临时党支部书记" };
	for (size_t k = 0; k < sizeof gh / sizeof gh[0]; k++)
		xlsx_text(x, gh[k]);
	json_array_foreach(json_object_get(plan, "groups"), i, u) {
		xlsx_row(x);
		xlsx_text(x, s_of(u, "code"));
		xlsx_text(x, s_of(u, "route_name"));
		xlsx_text(x, s_of(u, "theme"));
		xlsx_text(x, s_of(u, "start"));
		xlsx_text(x, s_of(u, "end"));
		xlsx_number(x, (double)json_array_size(json_object_get(u, "members")), XLSX_INTEGER);
		xlsx_number(x, (double)i_of(u, "party_members"), XLSX_INTEGER);
		xlsx_text(x, s_of(u, "secretary_name"));
	}
}

static void group_sheet(struct xlsx *x, json_t *g, bool demo)
{
	char title[256];
	snprintf(title, sizeof title, "%s  %s·%s  %s 至 %s", s_of(g, "code"), s_of(g, "route_name"), s_of(g, "theme"),
		 s_of(g, "start"), s_of(g, "end"));
	xlsx_text(x, title);
	if (demo) {
		xlsx_row(x);
		xlsx_text(x, report_demo_mark);
	}
	xlsx_row(x);
	char sec[160];
	snprintf(sec, sizeof sec, "临时党支部书记：%s（%s）", s_of(g, "secretary_name"), s_of(g, "secretary"));
	xlsx_text(x, sec);
	xlsx_row(x);
	xlsx_header(x);
	xlsx_text(x, "序号");
	ROSTER_EACH(c, W_XLSX)
		xlsx_text(x, c->zh);
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(g, "members"), i, m) {
		xlsx_row(x);
		xlsx_number(x, (double)(i + 1), XLSX_INTEGER);
		char buf[TEXT_GROUPED];
		ROSTER_EACH(c, W_XLSX) {
			if (c->v == RV_SCORE)
				xlsx_number(x, (double)i_of(m, "score"), XLSX_INTEGER);
			else
				xlsx_text(x, roster_cell(c, W_XLSX, g, m, buf));
		}
	}
}

int recup_xlsx(FILE *out, json_t *plan, bool demo, struct err *e)
{
	json_t *groups = json_object_get(plan, "groups");
	size_t n = json_array_size(groups) + 1;
	struct xlsx **sheets = calloc(n, sizeof *sheets);
	char (*names)[32] = calloc(n, sizeof *names);
	const char **namep = calloc(n, sizeof *namep);
	int rc = -1;
	if (!sheets || !names || !namep) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (!(sheets[i] = xlsx_new())) {
			err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			goto out;
		}
	snprintf(names[0], sizeof names[0], "汇总");
	summary_sheet(sheets[0], plan, demo);
	for (size_t i = 1; i < n; i++) {
		json_t *g = json_array_get(groups, i - 1);
		sheet_name(s_of(g, "code"), names[i]);
		/* cut or cleaned into another's name (Excel's names ignore case): G<i>, else G<i>_2, G<i>_3 ... */
		for (unsigned k = 1; !names[i][0] || sheet_taken(names, i); k++)
			if (k == 1)
				snprintf(names[i], sizeof names[i], "G%zu", i);
			else
				snprintf(names[i], sizeof names[i], "G%zu_%u", i, k);
		group_sheet(sheets[i], g, demo);
	}
	for (size_t i = 0; i < n; i++)
		namep[i] = names[i];
	rc = xlsx_write_book(sheets, namep, n, out, e);
out:
	for (size_t i = 0; sheets && i < n; i++)
		xlsx_free(sheets[i]);
	free(sheets);
	free(names);
	free(namep);
	return rc;
}

static const char css[] =
	"@page{size:A4;margin:15mm 15mm 15mm 15mm}"
	"body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC','SimSun',serif;font-size:11pt;color:#000;margin:0}"
	"h1{font-size:18pt;text-align:center;margin:0 0 4mm}h2{font-size:14pt;text-align:center;margin:0 0 3mm}"
	"section{break-after:page}section:last-child{break-after:auto}"
	".meta{text-align:center;margin-bottom:4mm}.meta span{margin:0 3mm}"
	"table{border-collapse:collapse;width:100%}th,td{border:1px solid #000;padding:1mm 2mm;text-align:left}"
	"td.n{text-align:right}thead{display:table-header-group}tr{break-inside:avoid}"
	".demo{color:#a00;text-align:center}.sec{font-weight:bold}";

void recup_html(FILE *out, json_t *plan, bool demo, int32_t printed_on)
{
	char today[11];
	date_format(printed_on, today);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
	text_html(out, s_of(plan, "name"));
	fprintf(out, "</title><style>%s</style></head><body>\n", css);
	size_t gi, mi;
	json_t *g, *m;
	json_array_foreach(json_object_get(plan, "groups"), gi, g) {
		json_t *members = json_object_get(g, "members");
		fputs("<section>\n<h1>", out);
		text_html(out, s_of(plan, "name"));
		fputs("</h1>\n<h2>", out);
		text_html(out, s_of(g, "code"));
		fputs(" 组 · ", out);
		text_html(out, s_of(g, "route_name"));
		fputs(" · ", out);
		text_html(out, s_of(g, "theme"));
		fprintf(out, "</h2>\n<div class=\"meta\"><span>日期：%s 至 %s</span><span>人数：%zu</span>"
			     "<span>党员：%lld</span><span>打印日期：%s</span></div>\n",
			s_of(g, "start"), s_of(g, "end"), json_array_size(members), i_of(g, "party_members"), today);
		if (demo)
			fputs("<p class=\"demo\">演示数据（demonstration data）</p>\n", out);
		fputs("<p class=\"sec\">临时党支部书记：", out);
		text_html(out, s_of(g, "secretary_name"));
		fputs("（", out);
		text_html(out, s_of(g, "secretary"));
		fputs("）</p>\n<table><thead><tr><th>序号</th>", out);
		ROSTER_EACH(c, W_HTML)
			fprintf(out, "<th>%s</th>", c->zh);
		fputs("</tr></thead><tbody>\n", out);
		json_array_foreach(members, mi, m) {
			fprintf(out, "<tr><td class=\"n\">%zu</td>", mi + 1);
			char buf[TEXT_GROUPED];
			ROSTER_EACH(c, W_HTML) {
				fputs("<td>", out);
				text_html(out, roster_cell(c, W_HTML, g, m, buf));
				fputs("</td>", out);
			}
			fputs("</tr>\n", out);
		}
		fputs("</tbody></table>\n</section>\n", out);
	}
	fputs("<section>\n<h1>", out);
	text_html(out, s_of(plan, "name"));
	fprintf(out, "</h1>\n<h2>各单位人数</h2>\n<div class=\"meta\"><span>入选 %lld / 名额 %lld</span>"
		     "<span>一线 %lld 人（%.2f%%）</span><span>打印日期：%s</span></div>\n",
		i_of(plan, "selected"), i_of(plan, "places"), i_of(plan, "front_line"),
		json_number_value(json_object_get(plan, "front_line_pct")), today);
	if (demo)
		fputs("<p class=\"demo\">演示数据（demonstration data）</p>\n", out);
	fputs("<table><thead><tr><th>单位</th><th>一线</th><th>入选人数</th><th>在岗人数</th><th>同时离岗上限</th>"
	      "</tr></thead><tbody>\n",
	      out);
	json_array_foreach(json_object_get(plan, "units"), gi, g) {
		fputs("<tr><td>", out);
		text_html(out, s_of(g, "name"));
		fprintf(out, "</td><td>%s</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td></tr>\n",
			yes(b_of(g, "front_line")), i_of(g, "selected"), i_of(g, "staff"), i_of(g, "cap"));
	}
	fputs("</tbody></table>\n</section>\n</body></html>\n", out);
}
