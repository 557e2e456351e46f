/*
 * report_kpi.c — `fengqiao report kpi`: the four indicators (stats/kpi.c)
 * as a table with each definition under it, or json or csv.
 */
#include "cli/cli.h"
#include "base/text.h"
#include "io/csv_write.h"
#include "io/report_file.h"
#include "stats/kpi.h"

#include <stdio.h>
#include <string.h>

/* A figure as text: a count, a percentage with two decimals, or "—" when not computed. */
static void figure(json_t *v, const char *unit, bool sign, char *buf, size_t n)
{
	if (json_is_integer(v))
		snprintf(buf, n, sign ? "%+lld" : "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, n, sign ? "%+.2f%s" : "%.2f%s", json_real_value(v), unit);
	else
		snprintf(buf, n, "—");
}

/* Call `row` for each indicator with its group's label. */
static void each_indicator(json_t *o, void (*row)(FILE *out, const char *group, json_t *ind), FILE *out)
{
	size_t g, i;
	json_t *grp, *ind;
	json_array_foreach(json_object_get(o, "groups"), g, grp)
		json_array_foreach(json_object_get(grp, "indicators"), i, ind)
			row(out, json_string_value(json_object_get(grp, "label")), ind);
}

static const char *text_of(json_t *ind, const char *key)
{
	return json_string_value(json_object_get(ind, key));
}

static void csv_row(FILE *out, const char *group, json_t *ind)
{
	bool share = !strcmp(text_of(ind, "unit"), "percent");
	char v[32], p[32], c[32];
	figure(json_object_get(ind, "value"), "", false, v, sizeof v);
	figure(json_object_get(ind, "previous"), "", false, p, sizeof p);
	figure(json_object_get(ind, "change"), "", false, c, sizeof c);
	const char *cells[] = { group, text_of(ind, "key"), text_of(ind, "label"), share ? "percent" : "count", v, p, c,
				text_of(ind, "drill") };
	for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++)
		csv_write_field(out, strcmp(cells[k], "—") ? cells[k] : "", k == 0);
	csv_write_eol(out);
}

static void kpi_csv(FILE *out, const void *report)
{
	static const char *const head[] = { "group", "key", "label", "unit", "value", "previous", "change", "drill" };
	for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
		csv_write_field(out, head[k], k == 0);
	csv_write_eol(out);
	json_t *o = kpi_json(report);
	each_indicator(o, csv_row, out);
	json_decref(o);
}

static void table_row(FILE *out, const char *group, json_t *ind)
{
	bool share = !strcmp(text_of(ind, "unit"), "percent");
	char v[32], p[32], c[32];
	figure(json_object_get(ind, "value"), "%", false, v, sizeof v);
	figure(json_object_get(ind, "previous"), "%", false, p, sizeof p);
	figure(json_object_get(ind, "change"), share ? " 个百分点" : "%", true, c, sizeof c);
	if (json_is_integer(json_object_get(ind, "change")))
		snprintf(c, sizeof c, "—");
	text_pad(out, group, 10, false);
	text_pad(out, text_of(ind, "label"), 18, false);
	text_pad(out, v, 10, true);
	text_pad(out, p, 10, true);
	text_pad(out, c, 16, true);
	fputc('\n', out);
}

static void definition_row(FILE *out, const char *group, json_t *ind)
{
	/* an indicator of two groups (治安警情) is defined once */
	if (strcmp(group, "秩序好") || strcmp(text_of(ind, "key"), "public_order_incidents"))
		fprintf(out, "%s\n", text_of(ind, "definition"));
}

static void kpi_table(FILE *out, const void *report)
{
	const struct kpi *k = report;
	json_t *o = kpi_json(k);
	fprintf(out, "四项指标  %s 至 %s  同期 %s 至 %s", text_of(o, "from"), text_of(o, "to"),
		text_of(json_object_get(o, "previous"), "from"), text_of(json_object_get(o, "previous"), "to"));
	if (k->station[0])
		fprintf(out, "  派出所 %s", k->station);
	fprintf(out, "\nIndicators %s to %s\n", text_of(o, "from"), text_of(o, "to"));
	if (k->demo)
		fprintf(out, "%s\n", report_demo_mark);
	fputc('\n', out);
	text_pad(out, "目标", 10, false);
	text_pad(out, "指标", 18, false);
	text_pad(out, "本期", 10, true);
	text_pad(out, "同期", 10, true);
	text_pad(out, "增减", 16, true);
	fputc('\n', out);
	each_indicator(o, table_row, out);
	fprintf(out, "\n口径 definitions:\n");
	each_indicator(o, definition_row, out);
	json_decref(o);
}

static json_t *kpi_json_of(const void *report)
{
	return kpi_json(report);
}

int report_kpi(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao report kpi --from DATE --to DATE [--station CODE]\n"
				    "            [--format table|json|csv] [--output FILE]\n";
	/* a unit's indicators against the same period a year before: no division, no other
	 * comparison.  Every option of this command takes a value: the names stand at 2, 4, ... */
	for (int i = 2; i < cli->argc; i += 2)
		for (const char *const *f = kpi_refused_filters; *f; f++)
			if (!strncmp(cli->argv[i], "--", 2) && !strcmp(cli->argv[i] + 2, *f)) {
				struct err e;
				kpi_refuse(*f, &e);
				return cli_fail(&e);
			}
	struct report_args a;
	if (report_args_parse(cli, usage, false, &a))
		return a.rc;
	if (a.xlsx)
		return cli_usage(usage);
	struct err e;
	err_clear(&e);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct kpi k;
	int rc = kpi_compute(db, a.from, a.to, a.station, &k, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	static const struct report_render render = { kpi_json_of, kpi_csv, NULL, kpi_table };
	return report_emit(&render, &k, a.format, a.output);
}
