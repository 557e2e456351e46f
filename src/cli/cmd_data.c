/*
 * cmd_data.c — `init`, `import` and `export`: records in and out of the
 * database, for any described record type.
 */
#include "cli/cli.h"
#include "base/date.h"
#include "io/record_export.h"
#include "io/xlsx.h"
#include "io/import.h"
#include "io/record_json.h"
#include "model/incident.h"
#include "model/record.h"
#include "model/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_REPORTED 100

int cmd_init(const struct cli *cli)
{
	bool demo = false;
	for (int i = 1; i < cli->argc; i++) {
		if (!strcmp(cli->argv[i], "--demo"))
			demo = true;
		else
			return cli_usage("用法 usage: fengqiao init [--demo]\n");
	}
	struct err e;
	err_clear(&e);
	struct db *db = db_open(cli->db_url, &e);
	if (!db)
		return cli_fail(&e);
	int applied = 0;
	if (db_migrate(db, &applied, &e) || incident_backfill_address_keys(db, &e) || cli_audit_keys(cli, db, &e)) {
		db_close(db);
		return cli_fail(&e);
	}
	char shown[1024];
	db_url_redacted(cli->db_url, shown, sizeof shown);
	printf("数据库 %s 已就绪，本次应用迁移 %d 个（database ready, %d migrations applied）\n", shown, applied, applied);
	if (demo) {
		if (demo_load(db, &e) || settings_set_demo(db, &e)) {
			db_close(db);
			return cli_fail(&e);
		}
		printf("演示数据已载入（demonstration data loaded）\n");
	}
	db_close(db);
	return 0;
}

static const char *kinds_list(char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (int i = 0; record_types[i] && used < n; i++)
		used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? " " : "", record_types[i]->kind);
	return buf;
}

static const struct record_type *find_kind(const char *kind)
{
	const struct record_type *t = record_type_find(kind);
	if (!t) {
		char kinds[256];
		fprintf(stderr, "fengqiao: 未知的数据类别“%s”，可选：%s（unknown kind）\n", kind, kinds_list(kinds, sizeof kinds));
	}
	return t;
}

struct import_out {
	const char *file, *kind;
	long shown;
	bool tty, progressed;
};

static int audit_import(void *ctx, struct db *db, const struct import_result *res, struct err *e)
{
	struct import_out *o = ctx;
	char detail[600];
	json_t *d = json_pack("{s:s, s:I, s:I, s:I}", "file", o->file, "rows", (json_int_t)res->rows, "inserted",
			      (json_int_t)res->inserted, "updated", (json_int_t)res->updated);
	char *s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(detail, sizeof detail, "%s", s ? s : "{}");
	free(s);
	json_decref(d);
	return cli_audit(db, "import", o->kind, 0, detail, e);
}

static void on_problem(void *ctx, long line, const char *column, const char *message)
{
	struct import_out *o = ctx;
	if (o->progressed) {
		fputs("\r\033[K", stderr);
		o->progressed = false;
	}
	if (o->shown++ < MAX_REPORTED)
		fprintf(stderr, "%s:%ld: %s: %s\n", o->file, line, column, message);
}

static void on_progress(void *ctx, long rows, double fraction)
{
	struct import_out *o = ctx;
	if (!o->tty)
		return;
	if (fraction >= 0)
		fprintf(stderr, "\r已读 %ld 行 (%.0f%%) rows read", rows, fraction * 100);
	else
		fprintf(stderr, "\r已读 %ld 行 rows read", rows);
	o->progressed = true;
}

int cmd_import(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao import KIND FILE [--sheet NAME] [--dry-run] [--end-posts DATE]\n"
		"  FILE 为 CSV 或 XLSX（按内容识别）；--sheet 选 XLSX 的工作表，默认第一个\n"
		"  (FILE is CSV or XLSX, told by content; --sheet picks an XLSX sheet, default the first)\n";
	const char *kind = NULL, *file = NULL, *end_posts = NULL, *sheet = NULL;
	bool dry = false;
	for (int i = 1; i < cli->argc; i++) {
		if (!strcmp(cli->argv[i], "--dry-run"))
			dry = true;
		else if (!strcmp(cli->argv[i], "--end-posts") && i + 1 < cli->argc)
			end_posts = cli->argv[++i];
		else if (!strcmp(cli->argv[i], "--sheet") && i + 1 < cli->argc)
			sheet = cli->argv[++i];
		else if (cli->argv[i][0] == '-' && cli->argv[i][1])
			return cli_usage(usage);
		else if (!kind)
			kind = cli->argv[i];
		else if (!file)
			file = cli->argv[i];
		else
			return cli_usage(usage);
	}
	if (!kind || !file)
		return cli_usage(usage);
	const struct record_type *t = find_kind(kind);
	if (!t)
		return 2;
	/* the posts the rows would break end the day before DATE, each audited */
	char actor[64];
	struct end_dependents ep = { .actor = cli_actor(actor, sizeof actor) };
	struct err e;
	err_clear(&e);
	if (end_posts && date_parse(end_posts, "--end-posts", &ep.on, &e))
		return cli_fail(&e);
	FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	if (!f) {
		fprintf(stderr, "fengqiao: 无法打开文件 %s（cannot open file）: %m\n", file);
		return 1;
	}
	struct db *db = cli_open_db(cli);
	if (!db) {
		if (f != stdin)
			fclose(f);
		return 1;
	}
	struct import_out out = { .file = file, .kind = t->kind, .tty = isatty(2) };
	struct import_report rep = { .problem = on_problem, .progress = on_progress, .before_commit = audit_import,
				     .ctx = &out, .end_dependents = end_posts ? &ep : NULL };
	struct import_result res;
	int rc = import_file(db, t, f, sheet, dry, &rep, &res, &e);
	if (out.progressed)
		fputs("\r\033[K", stderr);
	if (f != stdin)
		fclose(f);
	db_close(db);

	const char *format = res.xlsx ? "XLSX" : csv_encoding_name(res.encoding);
	fprintf(stderr, "%s：编码 %s，%ld 行数据（encoding %s, %ld data rows）\n", file, format, res.rows, format,
		res.rows);
	if (res.ignored_columns)
		fprintf(stderr, "%s：忽略了 %d 个无法识别的列（%d unrecognised columns ignored）\n", file,
			res.ignored_columns, res.ignored_columns);
	if (rc) {
		/* a file that could not be read at all (say UTF-16) still names its line */
		if (out.shown == 0 && e.line)
			fprintf(stderr, "%s:%ld: -: %s\n", file, e.line, e.message);
		if (out.shown > MAX_REPORTED)
			fprintf(stderr, "…… 另有 %ld 处问题未列出（%ld more problems not shown）\n", out.shown - MAX_REPORTED,
				out.shown - MAX_REPORTED);
		return cli_fail(&e);
	}
	if (dry)
		printf("试导入 %s：全部 %ld 行通过检查，将新增 %ld、更新 %ld；未写入（dry run: %ld rows valid, would insert %ld, update %ld）\n",
		       t->kind, res.rows, res.inserted, res.updated, res.rows, res.inserted, res.updated);
	else
		printf("导入 %s：新增 %ld、更新 %ld（imported: %ld inserted, %ld updated）\n", t->kind, res.inserted,
		       res.updated, res.inserted, res.updated);
	return 0;
}

struct export_ctx {
	FILE *out;
	bool json, first, reveal;
	long rows;
	struct record_export *plan;
	struct xlsx *xlsx;
};

static int export_one(void *vctx, const struct record *r)
{
	struct export_ctx *x = vctx;
	if (x->json) {
		json_t *o;
		if (x->plan) {
			/* labels: the columns people read, by their headers */
			o = json_object();
			for (int i = 0; i < record_export_ncols(x->plan); i++)
				json_object_set_new(o, record_export_header(x->plan, i),
						    json_string(record_export_cell(x->plan, r, i)));
		} else {
			o = record_to_json(r, x->reveal);
		}
		char *s = json_dumps(o, JSON_COMPACT);
		fprintf(x->out, "%s%s", x->first ? "" : ",\n", s ? s : "null");
		free(s);
		json_decref(o);
	} else if (x->xlsx) {
		record_export_xlsx_row(x->xlsx, x->plan, r);
	} else {
		record_export_csv_row(x->out, x->plan, r);
	}
	x->first = false;
	x->rows++;
	return 0;
}

int cmd_export(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao export KIND [--format csv|json|xlsx] [--values labels|codes] [--header en|zh]\n"
		"                               [--output FILE]\n"
		"                               [--where FIELD=VALUE]... [--from DATE] [--to DATE] [--reveal]\n"
		"  --reveal 输出未遮蔽的个人信息并记入审计（unmasked personal data, audited）\n"
		"  --values labels（默认）名称、中文标签、本地时间、是/否；codes 为导入格式，可原样导入\n"
		"           (labels by default; codes: the import format, re-imports unchanged)\n";
	const char *kind = NULL, *format = "csv", *header = "en", *output = NULL, *values_arg = NULL, *v;
	const char *where[16][2];
	int nwhere = 0;
	bool reveal = false;
	struct record_filter filters[16];
	char *values[16] = { 0 };
	struct record_query q = { .filters = filters };
	for (int i = 1; i < cli->argc; i++) {
		int r;
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--format", &format)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--header", &header)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--values", &values_arg)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--output", &output)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--from", &q.from)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--to", &q.to))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--where", &v))) {
			char *eq = r > 0 ? strchr(v, '=') : NULL;
			if (!eq || nwhere == 16)
				return cli_usage(usage);
			*eq = 0;
			where[nwhere][0] = v;
			where[nwhere++][1] = eq + 1;
			continue;
		}
		if (!strcmp(cli->argv[i], "--reveal")) {
			reveal = true;
			continue;
		}
		if (cli->argv[i][0] == '-' || kind)
			return cli_usage(usage);
		kind = cli->argv[i];
	}
	bool json = !strcmp(format, "json"), xlsx = !strcmp(format, "xlsx");
	enum export_values shown;
	struct err e;
	err_clear(&e);
	if (!kind || (!json && !xlsx && strcmp(format, "csv")) || (strcmp(header, "en") && strcmp(header, "zh")) ||
	    export_values_parse(values_arg, "--values", &shown, &e))
		return cli_usage(usage);
	const struct record_type *t = find_kind(kind);
	if (!t)
		return 2;
	if (shown == EXPORT_CODES && !reveal && record_type_personal(t)) {
		/* masked values imported back would overwrite the real ones */
		fprintf(stderr, "fengqiao: %s含个人信息，导入格式（--values codes）须加 --reveal（personal data: the import format needs --reveal）\n",
			t->zh);
		return 2;
	}
	/* filter values as a person writes them: labels become codes */
	for (int k = 0; k < nwhere; k++) {
		if (field_index(t, where[k][0]) < 0) {
			fprintf(stderr, "fengqiao: %s 没有字段 %s（no such field）\n", t->kind, where[k][0]);
			goto bad_where;
		}
		if (record_canonical(t, where[k][0], where[k][1], &values[k], &e)) {
			cli_fail(&e);
			goto bad_where;
		}
		filters[q.nfilters++] = (struct record_filter){ where[k][0], values[k] ? values[k] : "" };
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		goto bad_where;
	FILE *out = output ? fopen(output, "wb") : stdout;
	if (!out) {
		fprintf(stderr, "fengqiao: 无法写入 %s（cannot write）: %m\n", output);
		db_close(db);
		return 1;
	}
	struct export_ctx x = { .out = out, .json = json, .first = true, .reveal = reveal };
	int rc = 0;
	/* JSON with codes is the API's record JSON; everything else follows the plan */
	if (!json || shown == EXPORT_LABELS)
		rc = (x.plan = record_export_new(db, t, shown, !strcmp(header, "zh"), reveal, &e)) ? 0 : -1;
	if (!rc && xlsx && !(x.xlsx = xlsx_new()))
		rc = err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
	if (!rc) {
		if (json)
			fputs("[\n", out);
		else if (xlsx)
			record_export_xlsx_header(x.xlsx, x.plan);
		else
			record_export_csv_header(out, x.plan);
		rc = record_list(db, t, &q, export_one, &x, NULL, &e);
		if (json)
			fputs(x.first ? "]\n" : "\n]\n", out);
		if (!rc && xlsx)
			rc = xlsx_write(x.xlsx, t->zh, out, &e);
	}
	xlsx_free(x.xlsx);
	record_export_free(x.plan);
	if (out != stdout && fclose(out) != 0 && !rc)
		rc = err_set(&e, ERR_IO, NULL, NULL, "写入 %s 失败（write failed）", output);
	if (!rc) {
		/* the entry says what was taken: the filters as given */
		json_t *given = json_object();
		for (int k = 0; k < q.nfilters; k++)
			json_object_set_new(given, q.filters[k].field, json_string(q.filters[k].value));
		if (q.from)
			json_object_set_new(given, "from", json_string(q.from));
		if (q.to)
			json_object_set_new(given, "to", json_string(q.to));
		json_t *d = json_pack("{s:s, s:b, s:I, s:s, s:o}", "format", format, "reveal", reveal, "rows",
				      (json_int_t)x.rows, "values", shown == EXPORT_CODES ? "codes" : "labels", "filters",
				      given);
		char *ds = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(d);
		char detail[1000];
		snprintf(detail, sizeof detail, "%s", ds ? ds : "{}");
		free(ds);
		rc = cli_audit(db, reveal ? "export_reveal" : "export", t->kind, 0, detail, &e);
	}
	db_close(db);
	for (int k = 0; k < nwhere; k++)
		free(values[k]);
	return rc ? cli_fail(&e) : 0;
bad_where:
	for (int k = 0; k < nwhere; k++)
		free(values[k]);
	return 2;
}
