/*
 * cmd_recuperation.c — `fengqiao recuperation plan|plans|show|swap|freeze`
 * (CONTRACTS.md §7, stats/recuperation.c).  Exit status: 0 done; 2 a bad
 * programme or argument (the field named); 3 no plan satisfies the rules
 * (plan) or a swap would break one (swap), each rule named with its numbers.
 */
#include "cli/cli.h"
#include "model/settings.h"
#include "stats/recuperation.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_INFEASIBLE 3

static const char usage[] =
	"用法 usage: fengqiao recuperation plan PROGRAMME.json [--format table|json|csv|xlsx] [--save] [--out FILE]\n"
	"            fengqiao recuperation plans [--format table|json]\n"
	"            fengqiao recuperation show ID [--format table|json|csv|xlsx] [--out FILE]\n"
	"            fengqiao recuperation swap ID OUT_BADGE IN_BADGE [--format table|json]\n"
	"            fengqiao recuperation freeze ID [--format table|json]\n";

/* A bad input exits 2, anything else as cli_fail says. */
static int fail(const struct err *e)
{
	int rc = cli_fail(e);
	return e->kind == ERR_INVALID ? 2 : rc;
}

struct opts {
	const char *format, *out;
	bool save;
	const char *args[4];
	int nargs;
};

static int parse(const struct cli *cli, bool save_ok, const char *formats, struct opts *o)
{
	memset(o, 0, sizeof *o);
	o->format = "table";
	for (int i = 2; i < cli->argc; i++) {
		int r;
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--format", &o->format)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--out", &o->out)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--output", &o->out))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		if (save_ok && !strcmp(cli->argv[i], "--save")) {
			o->save = true;
			continue;
		}
		if (cli->argv[i][0] == '-' || o->nargs == 4)
			return cli_usage(usage);
		o->args[o->nargs++] = cli->argv[i];
	}
	char want[40];
	snprintf(want, sizeof want, "|%s|", formats);
	char have[24];
	snprintf(have, sizeof have, "|%.20s|", o->format);
	if (!strstr(want, have))
		return cli_usage(usage);
	if (!strcmp(o->format, "xlsx") && !o->out) {
		fprintf(stderr, "fengqiao: xlsx 须配合 --out FILE（xlsx needs --out FILE）\n");
		return 2;
	}
	return 0;
}

static bool demo_of(struct db *db)
{
	bool demo = false;
	struct err e;
	err_clear(&e);
	settings_demo(db, &demo, &e);
	return demo;
}

struct shown {
	json_t *plan;
	bool demo;
};

static json_t *shown_json(const void *r)
{
	return json_incref(((const struct shown *)r)->plan);
}

static void shown_csv(FILE *out, const void *r)
{
	recup_csv(out, ((const struct shown *)r)->plan);
}

static int shown_xlsx(FILE *out, const void *r, struct err *e)
{
	const struct shown *s = r;
	return recup_xlsx(out, s->plan, s->demo, e);
}

static void shown_table(FILE *out, const void *r)
{
	const struct shown *s = r;
	recup_table(out, s->plan, s->demo);
}

/* Write a feasible plan as `format` to --out or stdout: the exit status. */
static int emit(json_t *plan, const struct opts *o, bool demo)
{
	static const struct report_render render = { shown_json, shown_csv, shown_xlsx, shown_table };
	const struct shown s = { plan, demo };
	return report_emit(&render, &s, o->format, o->out);
}

static int plan_id(const char *s, int64_t *id)
{
	return cli_int("ID", s, 1, INT64_MAX, id);
}

static int audit_plan(struct db *db, const char *action, int64_t id, json_t *detail, struct err *e)
{
	char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	int rc = cli_audit(db, action, "recuperation_plans", id, text, e);
	free(text);
	return rc;
}

static int run_plan(const struct cli *cli)
{
	struct opts o;
	if (parse(cli, true, "table|json|csv|xlsx", &o))
		return 2;
	if (o.nargs != 1)
		return cli_usage(usage);
	json_error_t je;
	json_t *programme = json_load_file(o.args[0], JSON_REJECT_DUPLICATES, &je);
	if (!programme) {
		fprintf(stderr, "fengqiao: %s:%d: 疗养方案不是有效的 JSON（the programme is not valid JSON）: %s\n", o.args[0],
			je.line, je.text);
		return 2;
	}
	struct err e;
	err_clear(&e);
	if (recup_programme_check(programme, &e)) {
		json_decref(programme);
		return fail(&e);
	}
	struct db *db = cli_open_db(cli);
	if (!db) {
		json_decref(programme);
		return 1;
	}
	json_t *plan = NULL;
	int rc = recup_plan(db, programme, &plan, &e) ? fail(&e) : 0;
	if (!rc && !json_is_true(json_object_get(plan, "feasible"))) {
		if (!strcmp(o.format, "json"))
			cli_print_json(plan);
		else
			recup_conflicts_table(strcmp(o.format, "table") ? stderr : stdout, plan);
		rc = EXIT_INFEASIBLE;
	} else if (!rc && o.save) {
		int64_t id = 0;
		char actor[64];
		if (db_begin(db, &e) || recup_save(db, programme, plan, cli_actor(actor, sizeof actor), (int64_t)time(NULL), &id, &e) ||
		    audit_plan(db, "create", id,
			       json_pack("{s:O, s:O, s:O, s:O}", "name", json_object_get(plan, "name"), "year",
					 json_object_get(plan, "year"), "selected", json_object_get(plan, "selected"), "score",
					 json_object_get(plan, "score")),
			       &e) ||
		    db_commit(db, &e)) {
			db_rollback(db);
			rc = fail(&e);
		}
	}
	if (!rc)
		rc = emit(plan, &o, demo_of(db));
	json_decref(plan);
	json_decref(programme);
	db_close(db);
	return rc;
}

static int run_plans(const struct cli *cli)
{
	struct opts o;
	if (parse(cli, false, "table|json", &o))
		return 2;
	if (o.nargs)
		return cli_usage(usage);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct err e;
	err_clear(&e);
	json_t *list = NULL;
	int rc = recup_plans(db, &list, &e) ? fail(&e) : 0;
	db_close(db);
	if (rc)
		return rc;
	if (!strcmp(o.format, "json")) {
		cli_print_json(list);
	} else {
		printf("疗养计划 saved plans: %lld\n", (long long)json_integer_value(json_object_get(list, "total")));
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(list, "items"), i, p)
			printf("  %lld  %s  %lld 年度  %s  入选 %lld  总分 %lld  %s\n",
			       (long long)json_integer_value(json_object_get(p, "id")), json_string_value(json_object_get(p, "name")),
			       (long long)json_integer_value(json_object_get(p, "year")),
			       strcmp(json_string_value(json_object_get(p, "status")), "frozen") ? "草稿 draft" : "已定稿 frozen",
			       (long long)json_integer_value(json_object_get(p, "selected")),
			       (long long)json_integer_value(json_object_get(p, "score")),
			       json_string_value(json_object_get(p, "created_at")));
	}
	json_decref(list);
	return 0;
}

/* show, swap, freeze: one saved plan. */
static int run_saved(const struct cli *cli, const char *what)
{
	bool show = !strcmp(what, "show"), swap = !strcmp(what, "swap");
	struct opts o;
	if (parse(cli, false, show ? "table|json|csv|xlsx" : "table|json", &o))
		return 2;
	int64_t id;
	if (o.nargs != (swap ? 3 : 1))
		return cli_usage(usage);
	if (plan_id(o.args[0], &id))
		return 2;
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct err e;
	err_clear(&e);
	json_t *plan = NULL, *problems = NULL;
	int rc = 0;
	if (show) {
		rc = recup_show(db, id, &plan, &e);
	} else {
		int64_t now = (int64_t)time(NULL);
		char actor[64];
		const struct recup_actor who = { cli_actor(actor, sizeof actor), NULL };
		rc = db_begin(db, &e) ||
				     (swap ? recup_swap(db, id, o.args[1], o.args[2], now, &plan, &problems, &e)
					   : recup_freeze(db, id, &who, now, &plan, &e)) ||
				     audit_plan(db, what, id,
						swap ? json_pack("{s:s, s:s}", "out", o.args[1], "in", o.args[2])
						     : json_pack("{s:O}", "selected", json_object_get(plan, "selected")),
						&e) ||
				     db_commit(db, &e)
			     ? -1
			     : 0;
		if (rc)
			db_rollback(db);
	}
	if (rc && problems) {
		fprintf(stderr, "fengqiao: 调换未执行，计划未改动（the swap is refused, nothing changed）:\n");
		size_t i;
		json_t *p;
		json_array_foreach(problems, i, p)
			fprintf(stderr, "  %s: %s（%s）需要 need %lld，现有 have %lld\n",
				json_string_value(json_object_get(p, "constraint")), json_string_value(json_object_get(p, "message_zh")),
				json_string_value(json_object_get(p, "message_en")),
				(long long)json_integer_value(json_object_get(p, "need")),
				(long long)json_integer_value(json_object_get(p, "have")));
		rc = EXIT_INFEASIBLE;
	} else if (rc) {
		rc = fail(&e);
	} else {
		rc = emit(plan, &o, demo_of(db));
	}
	json_decref(plan);
	json_decref(problems);
	db_close(db);
	return rc;
}

int cmd_recuperation(const struct cli *cli)
{
	const char *sub = cli->argc >= 2 ? cli->argv[1] : "";
	if (!strcmp(sub, "plan"))
		return run_plan(cli);
	if (!strcmp(sub, "plans"))
		return run_plans(cli);
	if (!strcmp(sub, "show") || !strcmp(sub, "swap") || !strcmp(sub, "freeze"))
		return run_saved(cli, sub);
	return cli_usage(usage);
}
