/*
 * report_disputes.c — `fengqiao report disputes`: the disputes report
 * (CONTRACTS.md §5) as a table with its definitions under it, or json, csv
 * or an xlsx workbook.
 */
#include "cli/cli.h"
#include "base/date.h"
#include "base/text.h"
#include "io/csv_write.h"
#include "io/xlsx.h"
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

static const char *const column_labels[] = { "类型", "排查数", "调处数", "调处率", "成功数", "成功率" };

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
	fprintf(out, "\nDisputes %s to %s\n\n", from, to);
	for (size_t k = 0; k < sizeof column_labels / sizeof *column_labels; k++)
		text_pad(out, column_labels[k], k ? 10 : 16, k > 0);
	if (cmp) {
		text_pad(out, r->compare == COMPARE_MOM ? "上期排查" : "同期排查", 10, true);
		text_pad(out, "增减%", 12, true);
	}
	fputc('\n', out);
	for (int i = 0; i < DISPUTE_ROWS; i++) {
		const struct dispute_row *d = &r->rows[i];
		text_pad(out, row_label(r->keys[i]), 16, false);
		snprintf(buf, sizeof buf, "%lld", (long long)d->registered);
		text_pad(out, buf, 10, true);
		snprintf(buf, sizeof buf, "%lld", (long long)d->handled);
		text_pad(out, buf, 10, true);
		rate_text(d->handled, d->registered, buf, sizeof buf);
		text_pad(out, buf, 10, true);
		snprintf(buf, sizeof buf, "%lld", (long long)d->settled);
		text_pad(out, buf, 10, true);
		rate_text(d->settled, d->handled, buf, sizeof buf);
		text_pad(out, buf, 10, true);
		if (cmp) {
			snprintf(buf, sizeof buf, "%lld", (long long)d->previous);
			text_pad(out, buf, 10, true);
			pct_text(d->registered, d->previous, buf, sizeof buf);
			text_pad(out, buf, 12, true);
		}
		fputc('\n', out);
	}
	fprintf(out, "\n调解方式 by mode（本期调解 / 达成协议）\n");
	for (int i = 0; i < DISPUTE_MODES; i++)
		if (r->modes[i])
			fprintf(out, "  %s  %lld / %lld\n", code_label(&mediation_modes, r->modes[i]),
				(long long)r->by_mode[i].mediations, (long long)r->by_mode[i].agreements);
	fprintf(out, "\n协作单位 by partner（本期移交 / 已接收 / 调解成功）\n");
	if (!r->npartners)
		fprintf(out, "  无（none）\n");
	for (long i = 0; i < r->npartners; i++) {
		const struct dispute_partner *p = &r->by_partner[i];
		fprintf(out, "  %s %s  %lld / %lld / %lld\n", p->code, p->name, (long long)p->referred,
			(long long)p->accepted, (long long)p->settled);
	}
	fprintf(out, "\n超期（截至 %s）overdue：纠纷 %lld  移交 %lld  回访 %lld\n", to, (long long)r->overdue_disputes,
		(long long)r->overdue_referrals, (long long)r->overdue_followups);
	rate_text(r->fu_satisfied + r->fu_basic, r->fu_satisfied + r->fu_basic + r->fu_unsatisfied, buf, sizeof buf);
	fprintf(out, "回访 follow-ups：应回访 %lld  已回访 %lld  按期 %lld  满意 %lld  基本满意 %lld  不满意 %lld  满意率 %s\n",
		(long long)r->fu_due, (long long)r->fu_done, (long long)r->fu_on_time, (long long)r->fu_satisfied,
		(long long)r->fu_basic, (long long)r->fu_unsatisfied, buf);
	fprintf(out, "\n%s", dispute_definitions);
}

/* Hundredths as "12.34", or "" without a base. */
static void plain_rate(char *buf, size_t n, bool ok, int64_t v)
{
	if (ok)
		hundredths(buf, n, v, "", "", "");
	else
		buf[0] = 0;
}

static void disputes_csv(FILE *out, const void *report)
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
		const char *cells[] = { r->keys[i], row_label(r->keys[i]), reg, han, hr, set, sr, prev, pct };
		for (size_t k = 0; k < 9; k++)
			csv_write_field(out, cells[k], k == 0);
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

static void xlsx_counts(struct xlsx *x, const char *label, const int64_t *v, int n)
{
	xlsx_row(x);
	xlsx_text(x, label);
	for (int i = 0; i < n; i++)
		xlsx_number(x, (double)v[i], XLSX_INTEGER);
}

static int disputes_xlsx(FILE *out, const void *report, struct err *e)
{
	const struct dispute_report *r = report;
	struct xlsx *x = xlsx_new();
	if (!x)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	bool cmp = r->compare != COMPARE_NONE;
	char from[11], to[11], title[128];
	date_format(r->from, from);
	date_format(r->to, to);
	snprintf(title, sizeof title, "矛盾纠纷统计 %s 至 %s%s%s", from, to, r->station[0] ? " 派出所 " : "", r->station);
	xlsx_text(x, title);
	xlsx_row(x);
	xlsx_row(x);
	xlsx_header(x);
	for (size_t k = 0; k < sizeof column_labels / sizeof *column_labels; k++)
		xlsx_text(x, column_labels[k]);
	if (cmp) {
		xlsx_text(x, r->compare == COMPARE_MOM ? "上期排查" : "同期排查");
		xlsx_text(x, "增减%");
	}
	for (int i = 0; i < DISPUTE_ROWS; i++) {
		const struct dispute_row *d = &r->rows[i];
		xlsx_row(x);
		xlsx_text(x, row_label(r->keys[i]));
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

static json_t *disputes_json(const void *report)
{
	return dispute_report_json(report);
}

int report_disputes(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao report disputes --from DATE --to DATE [--compare yoy|mom|none]\n"
		"            [--station CODE] [--format table|json|csv|xlsx] [--output FILE]\n";
	struct report_args a;
	if (report_args_parse(cli, usage, false, &a))
		return a.rc;
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct err e;
	err_clear(&e);
	struct dispute_report r;
	int rc = dispute_report_compute(db, a.from, a.to, a.compare, a.station, &r, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	static const struct report_render render = { disputes_json, disputes_csv, disputes_xlsx, disputes_table };
	rc = report_emit(&render, &r, a.format, a.output);
	dispute_report_free(&r);
	return rc;
}
