/*
 * cmd_todo.c — `fengqiao todo [--as-of DATE] [--station CODE] [--format
 * table|json]`: the to-do list of the whole bureau (or one station), the
 * same figures as GET /api/v1/todo.
 */
#include "cli/cli.h"
#include "base/date.h"
#include "base/text.h"
#include "io/report_file.h"
#include "io/todo_json.h"

#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_zh[TODO_KINDS] = { "纠纷未出结果", "移交未接收", "回访未完成", "网格上报未受理或未反馈",
								      "隐患未整改", "议定事项未完成" };

static void print_table(const struct todo *t)
{
	char as_of[11], due[11];
	date_format(t->as_of, as_of);
	printf("待办（to-do） 截至 %s，逾期与 %d 天内到期\n", as_of, TODO_HORIZON_DAYS);
	if (t->demo)
		printf("%s\n", report_demo_mark);
	putchar('\n');
	text_pad(stdout, "派出所", 10, false);
	for (int k = 0; k < TODO_KINDS; k++) {
		char h[64];
		snprintf(h, sizeof h, "%s 逾期/将到期", kind_zh[k]);
		text_pad(stdout, h, 26, true);
	}
	putchar('\n');
	for (size_t i = 0; i <= t->nstations; i++) {
		const struct todo_counts *c = i < t->nstations ? &t->stations[i].c : &t->total;
		text_pad(stdout, i < t->nstations ? t->stations[i].station : "合计", 10, false);
		for (int k = 0; k < TODO_KINDS; k++) {
			char v[2 * TEXT_GROUPED + 2], a[TEXT_GROUPED], b[TEXT_GROUPED];
			snprintf(v, sizeof v, "%s/%s", text_grouped(a, sizeof a, (long long)c->overdue[k], false),
				 text_grouped(b, sizeof b, (long long)c->due_soon[k], false));
			text_pad(stdout, v, 26, true);
		}
		putchar('\n');
	}
	if (t->n)
		putchar('\n');
	for (size_t i = 0; i < t->n; i++) {
		date_format(t->items[i].due, due);
		printf("%s  %-6s %s  %s\n", t->items[i].overdue ? "逾期" : "将到", t->items[i].station, due,
		       t->items[i].label);
	}
}

int cmd_todo(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao todo [--as-of DATE] [--station CODE] [--format table|json]\n";
	struct as_of_args a;
	if (as_of_args_parse(cli, 1, usage, "table|json", false, &a))
		return a.rc;
	struct err e;
	err_clear(&e);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct todo_query q = { .as_of = a.day, .station = a.station && *a.station ? a.station : NULL, .now = (int64_t)time(NULL) };
	struct todo t;
	int rc = todo_compute(db, &q, &t, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	if (!strcmp(a.format, "json")) {
		json_t *o = todo_json(&t, q.station);
		cli_print_json(o);
		json_decref(o);
	} else {
		print_table(&t);
	}
	todo_free(&t);
	return 0;
}
