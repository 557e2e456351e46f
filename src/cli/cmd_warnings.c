/*
 * cmd_warnings.c — `fengqiao report warnings`: the early warnings
 * (stats/warnings.c) as a table for people, or json / csv for programs.
 * Personal data in subjects is masked unless --reveal, which is audited
 * like an export's.
 */
#include "cli/cli.h"
#include "base/date.h"
#include "base/text.h"
#include "io/csv_write.h"
#include "io/report_file.h"
#include "stats/warnings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void warnings_table(const struct warnings *w)
{
	printf("矛盾纠纷预警  截至 %s%s%s\n", w->as_of, w->station[0] ? "  派出所 " : "", w->station);
	char n[TEXT_GROUPED];
	printf("Early warnings as of %s: %s\n", w->as_of, text_grouped(n, sizeof n, (long long)w->n, false));
	if (w->demo)
		printf("%s\n", report_demo_mark);
	putchar('\n');
	text_pad(stdout, "等级", 6, false);
	text_pad(stdout, "类型", 12, false);
	text_pad(stdout, "派出所", 8, false);
	text_pad(stdout, "对象", 34, false);
	printf("原因 / 记录\n");
	for (size_t i = 0; i < w->n; i++) {
		const struct warning *x = &w->list[i];
		text_pad(stdout, warn_levels.items[x->level].zh, 6, false);
		text_pad(stdout, warn_kinds.items[x->kind].zh, 12, false);
		text_pad(stdout, x->station, 8, false);
		text_pad(stdout, x->subject, 34, false);
		for (int k = 0; k < x->nreasons; k++)
			printf("%s%s", k ? "；" : "", x->reasons[k]);
		printf("\n%*s", 60, "");
		for (size_t k = 0; k < x->nrecords; k++)
			printf("%s%s", k ? " " : "", x->records[k].key);
		putchar('\n');
	}
	printf("\n%s", warnings_definitions);
}

static void warnings_csv(const struct warnings *w)
{
	const char *head[] = { "level", "kind", "station", "subject", "reasons", "records" };
	for (size_t k = 0; k < 6; k++)
		csv_write_field(stdout, head[k], k == 0);
	csv_write_eol(stdout);
	for (size_t i = 0; i < w->n; i++) {
		const struct warning *x = &w->list[i];
		struct buf reasons, records;
		buf_init(&reasons);
		buf_init(&records);
		for (int k = 0; k < x->nreasons; k++)
			buf_printf(&reasons, "%s%s", k ? "；" : "", x->reasons[k]);
		for (size_t k = 0; k < x->nrecords; k++)
			buf_printf(&records, "%s%s:%s", k ? " " : "", x->records[k].kind, x->records[k].key);
		const char *cells[] = { warn_levels.items[x->level].code, warn_kinds.items[x->kind].code, x->station, x->subject,
					reasons.p ? reasons.p : "", records.p ? records.p : "" };
		for (size_t k = 0; k < 6; k++)
			csv_write_field(stdout, cells[k], k == 0);
		csv_write_eol(stdout);
		buf_free(&reasons);
		buf_free(&records);
	}
}

int report_warnings(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao report warnings [--as-of DATE] [--station CODE] [--format table|json|csv] [--reveal]\n"
		"  --reveal 输出未遮蔽的当事人信息并记入审计（unmasked parties, audited）\n";
	struct as_of_args a;
	if (as_of_args_parse(cli, 2, usage, "table|json|csv", true, &a))
		return a.rc;
	struct err e;
	err_clear(&e);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct warnings w;
	int rc = warnings_compute(db, a.date, a.station, a.reveal, &w, &e);
	if (!rc && a.reveal) {
		char detail[160];
		snprintf(detail, sizeof detail, "{\"report\":\"warnings\",\"as_of\":\"%s\",\"warnings\":%zu}", a.date, w.n);
		if (cli_audit(db, "report_reveal", "parties", 0, detail, &e)) {
			warnings_free(&w);
			rc = -1;
		}
	}
	db_close(db);
	if (rc)
		return cli_fail(&e);
	if (!strcmp(a.format, "json")) {
		json_t *o = warnings_json(&w);
		cli_print_json(o);
		json_decref(o);
	} else if (!strcmp(a.format, "csv")) {
		warnings_csv(&w);
	} else {
		warnings_table(&w);
	}
	warnings_free(&w);
	return 0;
}
