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
#include "stats/coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s)
		puts(s);
	free(s);
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
	snprintf(buf, n, "%ld/%ld", part, whole);
}

static void table_row(const char *label, const struct coverage_counts *n)
{
	char buf[32];
	text_pad(stdout, label, 26, false);
	snprintf(buf, sizeof buf, "%ld/%ld", n->chiefs_in_township_committee, n->chiefs);
	text_pad(stdout, buf, 12, true);
	for (int k = 0; k < CP_COUNT; k++) {
		snprintf(buf, sizeof buf, "%ld", n->posts[k]);
		text_pad(stdout, buf, 12, true);
	}
	fraction(buf, sizeof buf, n->communities_covered, n->communities);
	text_pad(stdout, buf, 12, true);
	fraction(buf, sizeof buf, n->gachas_covered, n->gachas);
	text_pad(stdout, buf, 12, true);
	putchar('\n');
}

static void print_table(const struct coverage *c)
{
	const struct coverage_counts *t = &c->total;
	printf("进班子覆盖情况  截至 %s%s%s\n", c->as_of, c->station[0] ? "  派出所 " : "", c->station);
	printf("Post coverage as of %s\n\n", c->as_of);
	printf("派出所 %ld 个；所长 %ld 人，其中进入乡镇（街道）党（工）委 %ld 人\n", c->stations, t->chiefs,
	       t->chiefs_in_township_committee);
	printf("社区 %ld 个，已有民警任职 %ld 个；嘎查（村）%ld 个，已有民警任职 %ld 个\n\n", t->communities,
	       t->communities_covered, t->gachas, t->gachas_covered);

	text_pad(stdout, "派出所", 26, false);
	text_pad(stdout, "所长进党委", 12, true);
	for (int k = 0; k < CP_COUNT; k++)
		text_pad(stdout, coverage_post_labels[k], 12, true);
	text_pad(stdout, "社区覆盖", 12, true);
	text_pad(stdout, "嘎查覆盖", 12, true);
	putchar('\n');
	for (long i = 0; i < c->stations; i++) {
		char label[160];
		snprintf(label, sizeof label, "%s %s", c->by_station[i].code, c->by_station[i].name);
		table_row(label, &c->by_station[i].n);
	}
	table_row("合计 total", t);

	printf("\n未覆盖的社区、嘎查 %ld 个（divisions with no officer in their committees）\n", c->n_uncovered);
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
	printf("\n口径：统计截至当日在任的兼任职务（任职时间 <= 当日，且离任时间为空或 >= 当日）；"
	       "社区、嘎查有除乡镇党委委员以外任一在任职务即为已覆盖。\n"
	       "Definitions: posts active on the date (start <= date, end empty or >= date); a community or gacha is "
	       "covered when any active post other than the township committee is held in it.\n");
}

static void csv_counts(const char *code, const char *name, const struct coverage_counts *n)
{
	char buf[32];
	csv_write_field(stdout, code, true);
	csv_write_field(stdout, name, false);
	long v[] = { n->chiefs, n->chiefs_in_township_committee };
	for (size_t k = 0; k < 2; k++) {
		snprintf(buf, sizeof buf, "%ld", v[k]);
		csv_write_field(stdout, buf, false);
	}
	for (int k = 0; k < CP_COUNT; k++) {
		snprintf(buf, sizeof buf, "%ld", n->posts[k]);
		csv_write_field(stdout, buf, false);
	}
	long d[] = { n->communities, n->communities_covered, n->gachas, n->gachas_covered };
	for (size_t k = 0; k < 4; k++) {
		snprintf(buf, sizeof buf, "%ld", d[k]);
		csv_write_field(stdout, buf, false);
	}
	csv_write_eol(stdout);
}

static void print_csv(const struct coverage *c)
{
	const char *head[] = { "station", "station_name", "chiefs", "chiefs_in_township_committee" };
	for (size_t k = 0; k < 4; k++)
		csv_write_field(stdout, head[k], k == 0);
	for (int k = 0; k < CP_COUNT; k++)
		csv_write_field(stdout, coverage_post_keys[k], false);
	const char *tail[] = { "communities", "communities_covered", "gachas", "gachas_covered" };
	for (size_t k = 0; k < 4; k++)
		csv_write_field(stdout, tail[k], false);
	csv_write_eol(stdout);
	for (long i = 0; i < c->stations; i++)
		csv_counts(c->by_station[i].code, c->by_station[i].name, &c->by_station[i].n);
	csv_counts("total", "合计", &c->total);
}

static int report_coverage(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao report coverage [--as-of DATE] [--station CODE] [--format table|json|csv]\n";
	const char *as_of = NULL, *station = NULL, *format = "table";
	for (int i = 2; i < cli->argc; i++) {
		int r;
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--as-of", &as_of)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--station", &station)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--format", &format))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		return cli_usage(usage);
	}
	if (strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "csv"))
		return cli_usage(usage);
	struct err e;
	err_clear(&e);
	char date[11];
	int32_t days = date_today(config()->tz_minutes);
	if (as_of && date_parse(as_of, "as_of", &days, &e))
		return cli_fail(&e);
	date_format(days, date);

	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct coverage c;
	int rc = coverage_compute(db, date, station, &c, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	if (!strcmp(format, "json")) {
		json_t *o = coverage_json(&c);
		print_json(o);
		json_decref(o);
	} else if (!strcmp(format, "csv")) {
		print_csv(&c);
	} else {
		print_table(&c);
	}
	coverage_free(&c);
	return 0;
}

int cmd_report(const struct cli *cli)
{
	if (cli->argc >= 2 && !strcmp(cli->argv[1], "coverage"))
		return report_coverage(cli);
	fprintf(stderr, "fengqiao: 可用的报表 reports: coverage\n");
	return 2;
}
