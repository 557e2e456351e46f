/*
 * cmd_report.c — `fengqiao report coverage`: the same figures as the API,
 * rendered as a table for people (Chinese labels, gaps under their
 * station), or as json / csv for programs.
 */
#include "cli/cli.h"
#include "base/config.h"
#include "base/date.h"
#include "base/text.h"
#include "io/csv_write.h"
#include "model/org.h"
#include "stats/compstat.h"
#include "stats/coverage.h"
#include "model/incident.h"
#include "model/rollup.h"
#include "io/report_file.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s)
		puts(s);
	free(s);
}

/* Is `format` one of the '|'-separated `formats`? */
static bool format_in(const char *format, const char *formats)
{
	size_t n = strlen(format);
	for (const char *p = formats; n && *p; p += strcspn(p, "|"), p += *p == '|')
		if (strcspn(p, "|") == n && !strncmp(p, format, n))
			return true;
	return false;
}

int as_of_args_parse(const struct cli *cli, int first, const char *usage, const char *formats, bool reveal_ok,
		     struct as_of_args *a)
{
	memset(a, 0, sizeof *a);
	a->rc = 2;
	a->format = "table";
	const char *as_of = NULL;
	for (int i = first; i < cli->argc; i++) {
		int r;
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--as-of", &as_of)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--station", &a->station)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--format", &a->format)) ||
		    (format_in("xlsx", formats) && (r = cli_opt(cli->argc, cli->argv, &i, "--output", &a->output)))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		if (reveal_ok && !strcmp(cli->argv[i], "--reveal")) {
			a->reveal = true;
			continue;
		}
		return cli_usage(usage);
	}
	if (!format_in(a->format, formats))
		return cli_usage(usage);
	if (!strcmp(a->format, "xlsx") && !a->output) {
		fprintf(stderr, "fengqiao: xlsx 须配合 --output FILE（xlsx needs --output FILE）\n");
		return 2;
	}
	struct err e;
	err_clear(&e);
	a->day = date_today(config()->tz_minutes);
	if (as_of && date_parse(as_of, "as_of", &a->day, &e))
		return (a->rc = cli_fail(&e));
	date_format(a->day, a->date);
	a->rc = 0;
	return 0;
}

static const char *station_name(const struct coverage *c, const char *code)
{
	for (long i = 0; i < c->stations; i++)
		if (!strcmp(c->by_station[i].code, code))
			return c->by_station[i].name;
	return "";
}

static void fraction(char *buf, size_t n, long part, long whole)
{
	char a[TEXT_GROUPED], b[TEXT_GROUPED];
	snprintf(buf, n, "%s/%s", text_grouped(a, sizeof a, part, false), text_grouped(b, sizeof b, whole, false));
}

static void table_row(const char *label, const struct coverage_counts *n)
{
	char buf[2 * TEXT_GROUPED + 2];
	text_pad(stdout, label, 26, false);
	fraction(buf, sizeof buf, n->chiefs_in_township_committee, n->chiefs);
	text_pad(stdout, buf, 14, true);
	for (int k = 0; k < CP_COUNT; k++) {
		text_grouped(buf, sizeof buf, n->posts[k], false);
		text_pad(stdout, buf, 14, true);
	}
	fraction(buf, sizeof buf, n->communities_covered, n->communities);
	text_pad(stdout, buf, 14, true);
	fraction(buf, sizeof buf, n->gachas_covered, n->gachas);
	text_pad(stdout, buf, 14, true);
	putchar('\n');
}

static void print_table(const struct coverage *c)
{
	const struct coverage_counts *t = &c->total;
	printf("进班子覆盖情况  截至 %s%s%s\n", c->as_of, c->station[0] ? "  派出所 " : "", c->station);
	printf("Post coverage as of %s\n", c->as_of);
	if (c->demo)
		printf("%s\n", report_demo_mark);
	putchar('\n');
	char num[4][TEXT_GROUPED];
	printf("派出所 %s 个；所长 %s 人，其中进入乡镇（街道）党（工）委 %s 人\n", text_grouped(num[0], sizeof num[0], c->stations, false),
	       text_grouped(num[1], sizeof num[1], t->chiefs, false),
	       text_grouped(num[2], sizeof num[2], t->chiefs_in_township_committee, false));
	printf("社区 %s 个，已有民警任职 %s 个；嘎查（村）%s 个，已有民警任职 %s 个\n\n",
	       text_grouped(num[0], sizeof num[0], t->communities, false),
	       text_grouped(num[1], sizeof num[1], t->communities_covered, false),
	       text_grouped(num[2], sizeof num[2], t->gachas, false), text_grouped(num[3], sizeof num[3], t->gachas_covered, false));

	text_pad(stdout, "派出所", 26, false);
	text_pad(stdout, "所长进党委", 14, true);
	for (int k = 0; k < CP_COUNT; k++)
		text_pad(stdout, coverage_post_labels[k], 14, true);
	text_pad(stdout, "社区覆盖", 14, true);
	text_pad(stdout, "嘎查覆盖", 14, true);
	putchar('\n');
	for (long i = 0; i < c->stations; i++) {
		char label[TEXT_BYTES(60) + 32];
		snprintf(label, sizeof label, "%s %s", c->by_station[i].code, c->by_station[i].name);
		table_row(label, &c->by_station[i].n);
	}
	table_row("合计 total", t);

	printf("\n未覆盖的社区、嘎查 %s 个（divisions with no officer in their committees）\n",
	       text_grouped(num[0], sizeof num[0], c->n_uncovered, false));
	const char *last = NULL;
	for (long i = 0; i < c->n_uncovered; i++) {
		const struct coverage_gap *g = &c->uncovered[i];
		if (!last || strcmp(last, g->station)) {
			if (g->station[0])
				printf("  %s %s\n", g->station, station_name(c, g->station));
			else
				printf("  不属于任何派出所辖区 (outside every jurisdiction)\n");
			last = g->station;
		}
		printf("    %s  ", g->code);
		text_pad(stdout, g->name, 36, false);
		printf("%s\n", code_label(&division_kinds, g->kind));
	}
	printf("\n%s", coverage_definitions);
}

static int report_coverage(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao report coverage [--as-of DATE] [--station CODE] [--format table|json|csv|xlsx]\n"
		"            [--output FILE]\n";
	struct as_of_args a;
	if (as_of_args_parse(cli, 2, usage, "table|json|csv|xlsx", false, &a))
		return a.rc;
	struct err e;
	err_clear(&e);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct coverage c;
	int rc = coverage_compute(db, a.date, a.station, &c, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	if (!strcmp(a.format, "json")) {
		json_t *o = coverage_json(&c);
		cli_print_json(o);
		json_decref(o);
	} else if (!strcmp(a.format, "csv")) {
		coverage_csv(stdout, &c);
	} else if (!strcmp(a.format, "xlsx")) {
		static const struct report_render render = { NULL, coverage_csv, coverage_xlsx, NULL };
		rc = report_emit(&render, &c, a.format, a.output);
	} else {
		print_table(&c);
	}
	coverage_free(&c);
	return rc;
}

static const char *row_label(const char *key)
{
	return strcmp(key, "total") ? code_label(&top_categories, key) : "合计";
}

static void incidents_table(FILE *out, const void *report)
{
	const struct compstat *c = report;
	char from[11], to[11], pf[11], pt[11], buf[64];
	date_format(c->q.from, from);
	date_format(c->q.to, to);
	date_format(c->prev_from, pf);
	date_format(c->prev_to, pt);
	bool cmp = c->q.compare != COMPARE_NONE;
	const char *prev_label = c->q.compare == COMPARE_MOM ? "上期" : "同期";
	fprintf(out, "警情统计  %s 至 %s", from, to);
	if (cmp)
		fprintf(out, "  对比 %s %s 至 %s", c->q.compare == COMPARE_YOY ? "同比" : "环比", pf, pt);
	if (c->q.station)
		fprintf(out, "  派出所 %s", c->q.station);
	if (c->q.division)
		fprintf(out, "  区划 %s", c->q.division);
	fprintf(out, "\nIncidents %s to %s\n", from, to);
	if (c->demo)
		fprintf(out, "%s\n", report_demo_mark);
	fprintf(out, "\n");
	text_pad(out, "类别", 14, false);
	text_pad(out, "本期", 10, true);
	if (cmp) {
		text_pad(out, prev_label, 10, true);
		text_pad(out, "增减", 10, true);
		text_pad(out, "增减%", 12, true);
	}
	fputc('\n', out);
	for (int r = 0; r < COMPSTAT_ROWS; r++) {
		text_pad(out, row_label(c->keys[r]), 14, false);
		text_pad(out, text_grouped(buf, sizeof buf, (long long)c->current[r], false), 10, true);
		if (cmp) {
			text_pad(out, text_grouped(buf, sizeof buf, (long long)c->previous[r], false), 10, true);
			text_pad(out, text_grouped(buf, sizeof buf, (long long)(c->current[r] - c->previous[r]), true), 10, true);
			pct_text(c->current[r], c->previous[r], buf, sizeof buf);
			text_pad(out, buf, 12, true);
		}
		fputc('\n', out);
	}
	fprintf(out, "\n办结率 closure\n");
	static const char *const names[2] = { "治安案件", "刑事案件" };
	for (int k = 0; k < 2; k++) {
		const struct closure *cl = &c->closure[k];
		rate_text(cl->closed, cl->accepted, buf, sizeof buf);
		char ga[TEXT_GROUPED], gc[TEXT_GROUPED];
		fprintf(out, "  %s  受理 %s  办结 %s  办结率 %s", names[k], text_grouped(ga, sizeof ga, (long long)cl->accepted, false),
			text_grouped(gc, sizeof gc, (long long)cl->closed, false), buf);
		if (cmp) {
			char pbuf[32];
			int64_t a, b;
			rate_text(cl->prev_closed, cl->prev_accepted, pbuf, sizeof pbuf);
			fprintf(out, "  ｜ %s受理 %s  办结 %s  办结率 %s", prev_label,
				text_grouped(ga, sizeof ga, (long long)cl->prev_accepted, false),
				text_grouped(gc, sizeof gc, (long long)cl->prev_closed, false), pbuf);
			if (rate_x100(cl->closed, cl->accepted, &a) && rate_x100(cl->prev_closed, cl->prev_accepted, &b)) {
				hundredths(pbuf, sizeof pbuf, a - b, "+", "+", "");
				fprintf(out, "  变化 %s 个百分点", pbuf);
			}
		}
		fputc('\n', out);
	}
	fprintf(out, "\n%s", compstat_definitions);
}

static json_t *incidents_json(const void *report)
{
	return compstat_json(report);
}

static int report_incidents(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao report incidents --from DATE --to DATE [--compare yoy|mom|none]\n"
		"            [--station CODE] [--division CODE] [--format table|json|csv|xlsx] [--output FILE]\n";
	struct report_args a;
	if (report_args_parse(cli, usage, true, &a))
		return a.rc;
	struct compstat_query q = { .from = a.from, .to = a.to, .compare = a.compare, .station = a.station, .division = a.division };
	struct err e;
	err_clear(&e);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct compstat c;
	int rc = compstat_compute(db, &q, &c, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	static const struct report_render render = { incidents_json, incidents_csv, incidents_xlsx, incidents_table };
	rc = report_emit(&render, &c, a.format, a.output);
	compstat_free(&c);
	return rc;
}

int report_args_parse(const struct cli *cli, const char *usage, bool division, struct report_args *a)
{
	memset(a, 0, sizeof *a);
	a->rc = 2;
	const char *from = NULL, *to = NULL, *compare = "yoy";
	a->format = "table";
	for (int i = 2; i < cli->argc; i++) {
		int r;
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--from", &from)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--to", &to)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--compare", &compare)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--station", &a->station)) ||
		    (division && (r = cli_opt(cli->argc, cli->argv, &i, "--division", &a->division))) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--format", &a->format)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--output", &a->output))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		return cli_usage(usage);
	}
	const char *format = a->format, *output = a->output;
	struct err e;
	err_clear(&e);
	if (!from || !to)
		return cli_usage(usage);
	if (date_parse(from, "from", &a->from, &e) || date_parse(to, "to", &a->to, &e))
		return (a->rc = cli_fail(&e));
	if (compare_parse(compare, &a->compare)) {
		fprintf(stderr, "fengqiao: --compare 应为 yoy、mom 或 none（expected yoy, mom or none）\n");
		return 2;
	}
	a->xlsx = !strcmp(format, "xlsx");
	if (strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "csv") && !a->xlsx)
		return cli_usage(usage);
	if (a->xlsx && !output) {
		fprintf(stderr, "fengqiao: xlsx 须配合 --output FILE（xlsx needs --output FILE）\n");
		return 2;
	}
	a->rc = 0;
	return 0;
}

int report_emit(const struct report_render *r, const void *report, const char *format, const char *output)
{
	struct err e;
	err_clear(&e);
	FILE *out = output ? fopen(output, "wb") : stdout;
	if (!out) {
		fprintf(stderr, "fengqiao: 无法写入 %s（cannot write）\n", output);
		return 1;
	}
	int rc = 0;
	if (!strcmp(format, "json")) {
		json_t *o = r->json(report);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		if (s)
			fprintf(out, "%s\n", s);
		free(s);
		json_decref(o);
	} else if (!strcmp(format, "csv")) {
		r->csv(out, report);
	} else if (!strcmp(format, "xlsx")) {
		rc = r->xlsx(out, report, &e);
	} else {
		r->table(out, report);
	}
	if (out != stdout && fclose(out) != 0 && !rc)
		rc = err_set(&e, ERR_IO, NULL, NULL, "写入 %s 失败（write failed）", output);
	if (rc && out != stdout)
		unlink(output); /* no empty or partial file left behind */
	return rc ? cli_fail(&e) : 0;
}

int cmd_report(const struct cli *cli)
{
	if (cli->argc >= 2 && !strcmp(cli->argv[1], "coverage"))
		return report_coverage(cli);
	if (cli->argc >= 2 && !strcmp(cli->argv[1], "incidents"))
		return report_incidents(cli);
	if (cli->argc >= 2 && !strcmp(cli->argv[1], "disputes"))
		return report_disputes(cli);
	if (cli->argc >= 2 && !strcmp(cli->argv[1], "warnings"))
		return report_warnings(cli);
	if (cli->argc >= 2 && !strcmp(cli->argv[1], "briefing"))
		return report_briefing(cli);
	if (cli->argc >= 2 && !strcmp(cli->argv[1], "kpi"))
		return report_kpi(cli);
	fprintf(stderr, "fengqiao: 可用的报表 reports: coverage, incidents, disputes, warnings, briefing, kpi\n");
	return 2;
}

int cmd_stats(const struct cli *cli)
{
	bool check = cli->argc == 2 && !strcmp(cli->argv[1], "check");
	bool rebuild = cli->argc == 2 && !strcmp(cli->argv[1], "rebuild");
	if (!check && !rebuild)
		return cli_usage("用法 usage: fengqiao stats check | fengqiao stats rebuild\n");
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct err e;
	err_clear(&e);
	int64_t diff = 0;
	int rc = rebuild ? rollup_rebuild(db, &e) : rollup_check(db, &diff, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	if (rebuild) {
		printf("统计汇总已按记录重建（rollups rebuilt from the records）\n");
		return 0;
	}
	if (diff) {
		printf("统计汇总与记录不一致：%lld 个单元格不同，请运行 fengqiao stats rebuild（%lld cells differ from a recount）\n",
		       (long long)diff, (long long)diff);
		return 1;
	}
	printf("统计汇总与记录一致（rollups agree with a recount of the records）\n");
	return 0;
}
