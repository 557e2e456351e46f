/*
 * cmd_check.c — `fengqiao check [--format table|json]` (CONTRACTS.md §8):
 * every consistency check in one run: the storage itself (integrity,
 * foreign keys), the rules of every stored record on today's data
 * (references, value rules, post rules, jurisdictions, division codes), the
 * rollups against a recount, and the audit chain.  Each failing record is
 * listed (kind, key, rule, message); exit status 0 when all is clean, 1
 * when something failed (named on stderr), 2 on usage.
 */
#include "cli/cli.h"
#include "model/audit.h"
#include "model/record.h"
#include "model/rollup.h"

#include <string.h>

struct check_run {
	json_t *problems; /* [{check, kind, key, id, rule, field, message}] */
	bool table;
	const char *check;
};

static void add_problem(struct check_run *c, const char *kind, const char *key, int64_t id, const char *rule,
			const char *field, const char *message)
{
	json_t *p = json_pack("{s:s, s:s?, s:s?, s:s, s:s?, s:s}", "check", c->check, "kind", kind, "key", key,
			      "rule", rule, "field", field && *field ? field : NULL, "message", message);
	if (p && id)
		json_object_set_new(p, "id", json_integer((json_int_t)id));
	json_array_append_new(c->problems, p);
	if (c->table)
		printf("%-9s %-11s %-28s %-26s %s\n", c->check, kind ? kind : "-", key ? key : "-", rule, message);
}

static int on_storage(void *ctx, const char *problem)
{
	add_problem(ctx, NULL, NULL, 0, "storage.integrity", NULL, problem);
	return 0;
}

/* A record's natural key as people write it: its key fields joined by " / ". */
static void key_text(const struct record *r, char *out, size_t n)
{
	size_t used = 0;
	out[0] = 0;
	for (int i = 0; i < r->type->nfields && used < n; i++)
		if (r->type->fields[i].flags & FF_KEY)
			used += (size_t)snprintf(out + used, n - used, "%s%s", used ? " / " : "",
						 r->v[i].s ? r->v[i].s : "");
}

static int on_record(void *ctx, const struct record *r, const struct err *p)
{
	char key[200];
	key_text(r, key, sizeof key);
	add_problem(ctx, r->type->kind, key, r->id, p->code[0] ? p->code : "invalid", p->field, p->message);
	return 0;
}

/* A failure of the store (not a finding): stop the whole run. */
static bool store_failed(const struct err *e)
{
	return e->kind == ERR_DB || e->kind == ERR_UNAVAILABLE || e->kind == ERR_INTERNAL;
}

void cli_check_failed(json_t *checks, char *failed, size_t n)
{
	size_t i;
	json_t *ck;
	failed[0] = 0;
	json_array_foreach(checks, i, ck) {
		if (json_is_true(json_object_get(ck, "ok")))
			continue;
		size_t used = strlen(failed);
		snprintf(failed + used, n - used, "%s%s", used ? ", " : "", json_string_value(json_object_get(ck, "name")));
	}
}

int cli_check_db(struct db *db, bool table, json_t **checks_out, json_t **problems_out, struct err *e)
{
	struct check_run c = { .problems = json_array(), .table = table };
	json_t *checks = json_array();
	int rc = 0;
	static const char *const names[] = { "storage", "rules", "rollups", "audit" };
	for (size_t k = 0; k < sizeof names / sizeof names[0] && rc == 0; k++) {
		c.check = names[k];
		size_t before = json_array_size(c.problems);
		int64_t count = 0;
		if (k == 0) {
			int n = db_integrity(db, on_storage, &c, e);
			rc = n < 0 ? -1 : 0;
		} else if (k == 1) {
			for (int t = 0; record_types[t] && rc == 0; t++)
				if (record_recheck(db, record_types[t], on_record, &c, e) < 0)
					rc = -1;
		} else if (k == 2) {
			rc = rollup_check(db, &count, e);
			if (rc == 0 && count) {
				char msg[200];
				snprintf(msg, sizeof msg, "%lld 个统计单元格与记录重算不一致，请运行 fengqiao stats rebuild（%lld rollup cells differ from a recount）",
					 (long long)count, (long long)count);
				add_problem(&c, NULL, NULL, 0, "rollups.differ", NULL, msg);
			}
		} else {
			struct audit_report ar;
			if (audit_verify(db, &ar, e)) {
				if (store_failed(e))
					rc = -1;
				else {
					int64_t at = ar.broken_id ? ar.broken_id : ar.missing_from;
					add_problem(&c, "audit", NULL, at, e->code[0] ? e->code : "audit.broken", NULL, e->message);
					err_clear(e);
				}
			}
		}
		size_t found = json_array_size(c.problems) - before;
		json_array_append_new(checks, json_pack("{s:s, s:b, s:I}", "name", names[k], "ok", found == 0, "problems",
							(json_int_t)found));
	}
	*checks_out = checks;
	*problems_out = c.problems;
	return rc;
}

int cmd_check(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao check [--format table|json]\n";
	const char *format = "table";
	for (int i = 1; i < cli->argc; i++) {
		int r = cli_opt(cli->argc, cli->argv, &i, "--format", &format);
		if (r <= 0)
			return cli_usage(usage);
	}
	if (strcmp(format, "table") && strcmp(format, "json"))
		return cli_usage(usage);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct check_run c = { .table = !strcmp(format, "table") };
	json_t *checks;
	struct err e;
	err_clear(&e);
	int rc = cli_check_db(db, c.table, &checks, &c.problems, &e);
	db_close(db);
	if (rc) {
		json_decref(checks);
		json_decref(c.problems);
		return cli_fail(&e);
	}
	/* the summary: each check, and on stderr the names of those that failed */
	char failed[64];
	cli_check_failed(checks, failed, sizeof failed);
	size_t i;
	json_t *ck;
	size_t total = json_array_size(c.problems);
	if (c.table) {
		json_array_foreach(checks, i, ck)
			printf("%-9s %s  %lld\n", json_string_value(json_object_get(ck, "name")),
			       json_is_true(json_object_get(ck, "ok")) ? "通过 ok    " : "未通过 FAIL",
			       (long long)json_integer_value(json_object_get(ck, "problems")));
	} else {
		json_t *o = json_pack("{s:b, s:o, s:O}", "ok", total == 0, "checks", checks, "problems", c.problems);
		checks = NULL;
		cli_print_json(o);
		json_decref(o);
	}
	json_decref(checks);
	json_decref(c.problems);
	if (total) {
		fprintf(stderr, "fengqiao: 检查未通过：%s，共 %zu 处问题（checks failed: %s; %zu problems）\n", failed, total,
			failed, total);
		return 1;
	}
	fprintf(stderr, "检查全部通过（all checks passed）\n");
	return 0;
}
