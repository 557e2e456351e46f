/*
 * report_briefing.c — `fengqiao report briefing`: 辖区治安形势通报 for one
 * division and period (CONTRACTS.md §6), the printable HTML or JSON.
 */
#include "cli/cli.h"
#include "base/config.h"
#include "base/date.h"
#include "stats/briefing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *json_of(const void *report)
{
	return briefing_json(report);
}

static void html_of(FILE *out, const void *report)
{
	briefing_html(out, report, date_today(config()->tz_minutes));
}

int report_briefing(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao report briefing --division CODE --from DATE --to DATE [--station CODE]\n"
		"            [--format html|json] [--output FILE]\n";
	const char *division = NULL, *from = NULL, *to = NULL, *station = NULL, *format = "html", *output = NULL;
	for (int i = 2; i < cli->argc; i++) {
		int r;
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--division", &division)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--from", &from)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--to", &to)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--station", &station)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--format", &format)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--output", &output))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		return cli_usage(usage);
	}
	if (!division || !from || !to || (strcmp(format, "html") && strcmp(format, "json")))
		return cli_usage(usage);
	struct err e;
	err_clear(&e);
	int32_t f, t;
	if (date_parse(from, "from", &f, &e) || date_parse(to, "to", &t, &e))
		return cli_fail(&e);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct briefing b;
	int rc = briefing_compute(db, division, f, t, station, &b, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	static const struct report_render render = { json_of, NULL, NULL, html_of };
	rc = report_emit(&render, &b, format, output); /* html: the renderer's "table" */
	briefing_free(&b);
	return rc;
}
