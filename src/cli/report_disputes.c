/*
 * report_disputes.c — `fengqiao report disputes`: the disputes report
 * (CONTRACTS.md §5) as a table with its definitions under it, or json, csv
 * or an xlsx workbook.
 */
#include "cli/cli.h"
#include "base/date.h"
#include "base/text.h"
#include "io/report_file.h"
#include "model/dispute.h"
#include "stats/disputes.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *row_label(const char *key)
{
	return strcmp(key, "total") ? code_label(&dispute_types, key) : "合计";
}

static void disputes_table(FILE *out, const void *report)
{
	const struct dispute_report *r = report;
	char from[11], to[11], pf[11], pt[11], buf[64];
	date_format(r->from, from);
	date_format(r->to, to);
	date_format(r->prev_from, pf);
	date_format(r->prev_to, pt);
	bool cmp = r->compare != COMPARE_NONE;
	fprintf(out, "矛盾纠纷统计  %s 至 %s", from, to);
	if (cmp)
		fprintf(out, "  对比 %s %s 至 %s", r->compare == COMPARE_YOY ? "同比" : "环比", pf, pt);
	if (r->station[0])
		fprintf(out, "  派出所 %s", r->station);
	if (r->division[0])
		fprintf(out, "  区划 %s", r->division);
	fprintf(out, "\nDisputes %s to %s\n", from, to);
	if (r->demo)
		fprintf(out, "%s\n", report_demo_mark);
	fputc('\n', out);
	for (size_t k = 0; k < 6; k++)
		text_pad(out, dispute_column_labels[k], k ? 10 : 16, k > 0);
	if (cmp) {
		text_pad(out, r->compare == COMPARE_MOM ? "上期排查" : "同期排查", 10, true);
		text_pad(out, "增减%", 12, true);
	}
	fputc('\n', out);
	for (int i = 0; i < DISPUTE_ROWS; i++) {
		const struct dispute_row *d = &r->rows[i];
		text_pad(out, row_label(r->keys[i]), 16, false);
		text_pad(out, text_grouped(buf, sizeof buf, (long long)d->registered, false), 10, true);
		text_pad(out, text_grouped(buf, sizeof buf, (long long)d->handled, false), 10, true);
		rate_text(d->handled, d->registered, buf, sizeof buf);
		text_pad(out, buf, 10, true);
		text_pad(out, text_grouped(buf, sizeof buf, (long long)d->settled, false), 10, true);
		rate_text(d->settled, d->handled, buf, sizeof buf);
		text_pad(out, buf, 10, true);
		if (cmp) {
			text_pad(out, text_grouped(buf, sizeof buf, (long long)d->previous, false), 10, true);
			pct_text(d->registered, d->previous, buf, sizeof buf);
			text_pad(out, buf, 12, true);
		}
		fputc('\n', out);
	}
	fprintf(out, "\n调解方式 by mode（本期调解 / 达成协议）\n");
	char g[6][TEXT_GROUPED]; /* the counts of one line, thousands separated */
	for (int i = 0; i < DISPUTE_MODES; i++)
		if (r->modes[i])
			fprintf(out, "  %s  %s / %s\n", code_label(&mediation_modes, r->modes[i]),
				text_grouped(g[0], sizeof g[0], (long long)r->by_mode[i].mediations, false),
				text_grouped(g[1], sizeof g[1], (long long)r->by_mode[i].agreements, false));
	fprintf(out, "\n协作单位 by partner（本期移交 / 已接收 / 调解成功）\n");
	if (!r->npartners)
		fprintf(out, "  无（none）\n");
	for (long i = 0; i < r->npartners; i++) {
		const struct dispute_partner *p = &r->by_partner[i];
		fprintf(out, "  %s %s  %s / %s / %s\n", p->code, p->name, text_grouped(g[0], sizeof g[0], (long long)p->referred, false),
			text_grouped(g[1], sizeof g[1], (long long)p->accepted, false),
			text_grouped(g[2], sizeof g[2], (long long)p->settled, false));
	}
	fprintf(out, "\n超期（截至 %s）overdue：纠纷 %s  移交 %s  回访 %s\n", to,
		text_grouped(g[0], sizeof g[0], (long long)r->overdue_disputes, false),
		text_grouped(g[1], sizeof g[1], (long long)r->overdue_referrals, false),
		text_grouped(g[2], sizeof g[2], (long long)r->overdue_followups, false));
	rate_text(r->fu_satisfied + r->fu_basic, r->fu_satisfied + r->fu_basic + r->fu_unsatisfied, buf, sizeof buf);
	fprintf(out, "回访 follow-ups：应回访 %s  已回访 %s  按期 %s  满意 %s  基本满意 %s  不满意 %s  满意率 %s\n",
		text_grouped(g[0], sizeof g[0], (long long)r->fu_due, false),
		text_grouped(g[1], sizeof g[1], (long long)r->fu_done, false),
		text_grouped(g[2], sizeof g[2], (long long)r->fu_on_time, false),
		text_grouped(g[3], sizeof g[3], (long long)r->fu_satisfied, false),
		text_grouped(g[4], sizeof g[4], (long long)r->fu_basic, false),
		text_grouped(g[5], sizeof g[5], (long long)r->fu_unsatisfied, false), buf);
	fprintf(out, "\n%s", dispute_definitions);
}

static json_t *disputes_json(const void *report)
{
	return dispute_report_json(report);
}

int report_disputes(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao report disputes --from DATE --to DATE [--compare yoy|mom|none]\n"
		"            [--station CODE] [--division CODE] [--format table|json|csv|xlsx] [--output FILE]\n";
	struct report_args a;
	if (report_args_parse(cli, usage, true, &a))
		return a.rc;
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct err e;
	err_clear(&e);
	struct dispute_report r;
	int rc = dispute_report_compute_in(db, a.from, a.to, a.compare, a.station, a.division, &r, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	static const struct report_render render = { disputes_json, disputes_csv, disputes_xlsx, disputes_table };
	rc = report_emit(&render, &r, a.format, a.output);
	dispute_report_free(&r);
	return rc;
}
