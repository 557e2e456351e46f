/*
 * api_recuperation.c — 疗养计划 (CONTRACTS.md §7, stats/recuperation.c):
 *   POST /api/v1/recuperation/plan[?save=1]       the programme in, the plan out (200 also when infeasible)
 *   GET  /api/v1/recuperation/eligible?year=&exclude_attended_within_years=
 *   GET  /api/v1/recuperation/plans               the saved plans
 *   GET  /api/v1/recuperation/plans/{id}          one, with its programme and the eligible not selected
 *   POST /api/v1/recuperation/plans/{id}/swap     {"out","in"}: every rule checked again
 *   POST /api/v1/recuperation/plans/{id}/freeze   into the recuperations history
 *   GET  /api/v1/recuperation/plans/{id}/export?format=xlsx|csv
 *   GET  /api/v1/recuperation/plans/{id}/print    the A4 rosters
 * Rights: the "recuperation" row of the permission table: admins plan, save, swap and
 * freeze; leaders of the whole bureau read and run an unsaved plan; a user confined to a
 * unit gets 403 on every route (the programme is the bureau's, model/perm.c).
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "model/settings.h"
#include "stats/recuperation.h"

#include <stdlib.h>
#include <string.h>

static bool demo_db(struct ctx *c)
{
	bool demo = false;
	struct err e;
	err_clear(&e);
	settings_demo(c->db, &demo, &e);
	return demo;
}

static int audit_and_commit(struct ctx *c, const char *action, int64_t id, json_t *detail, struct err *e)
{
	if (audit_request(c, action, "recuperation_plans", id, detail, e) || db_commit(c->db, e)) {
		db_rollback(c->db);
		return -1;
	}
	return 0;
}

void recuperation_plan_post(struct ctx *c)
{
	if (json_content_type_or_reply(c))
		return;
	json_t *programme = body_object_or_reply(c);
	if (!programme)
		return;
	const char *save = http_query(c->req, "save");
	if (save && !strcmp(save, "1") && !may(c, RES_RECUPERATION, ACT_CREATE)) {
		json_decref(programme);
		reply_fail(c, ERR_FORBIDDEN, "forbidden", NULL, "%s",
			   "您的角色只能试算，不能保存疗养计划（your role may run a plan but not save it）");
		return;
	}
	struct err e;
	err_clear(&e);
	json_t *plan = NULL;
	if (recup_plan(c->db, programme, &plan, &e))
		goto fail;
	if (save && !strcmp(save, "1") && json_is_true(json_object_get(plan, "feasible"))) {
		int64_t id = 0;
		if (db_begin(c->db, &e))
			goto fail;
		if (recup_save(c->db, programme, plan, c->user.username, c->now, &id, &e)) {
			db_rollback(c->db);
			goto fail;
		}
		if (audit_and_commit(c, "create", id,
				     json_pack("{s:O, s:O, s:O, s:O}", "name", json_object_get(plan, "name"), "year",
					       json_object_get(plan, "year"), "selected", json_object_get(plan, "selected"),
					       "score", json_object_get(plan, "score")),
				     &e))
			goto fail;
	}
	json_decref(programme);
	reply_report(c, plan);
	return;
fail:
	json_decref(plan);
	json_decref(programme);
	reply_error(c, &e);
}

void recuperation_eligible_get(struct ctx *c)
{
	int y, m, d;
	civil_from_days(date_today(config()->tz_minutes), &y, &m, &d);
	int64_t year = y, window = 3;
	if (query_int_or_reply(c, "year", 2000, 2100, &year, "年度应为 2000–2100（year must be 2000 to 2100）") ||
	    query_int_or_reply(c, "exclude_attended_within_years", 0, 100, &window,
			       "exclude_attended_within_years 应为 0–100（must be 0 to 100）"))
		return;
	json_t *q = json_pack("{s:I, s:I}", "year", (json_int_t)year, "exclude_attended_within_years", (json_int_t)window);
	json_t *items = NULL;
	struct err e;
	err_clear(&e);
	int rc = recup_eligible(c->db, q, &items, &e);
	json_decref(q);
	if (rc) {
		reply_error(c, &e);
		return;
	}
	reply_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items), "items", items));
}

void recuperation_plans_get(struct ctx *c)
{
	json_t *list = NULL;
	struct err e;
	err_clear(&e);
	if (recup_plans(c->db, &list, &e))
		reply_error(c, &e);
	else
		reply_json(c, 200, list);
}

void recuperation_plan_get(struct ctx *c)
{
	json_t *plan = NULL;
	struct err e;
	err_clear(&e);
	if (recup_show(c->db, c->id, &plan, &e))
		reply_error(c, &e);
	else
		reply_report(c, plan);
}

void recuperation_plan_swap(struct ctx *c)
{
	if (json_content_type_or_reply(c))
		return;
	json_t *body = body_object_or_reply(c);
	if (!body)
		return;
	const char *out = json_string_value(json_object_get(body, "out"));
	const char *in = json_string_value(json_object_get(body, "in"));
	struct err e;
	err_clear(&e);
	json_t *plan = NULL, *problems = NULL;
	if (!out || !in || !*out || !*in) {
		err_set(&e, ERR_INVALID, "plan.swap_fields", !out || !*out ? "out" : "in",
			"请给出调出和调入人员的警号（out and in badge numbers required）");
		goto fail;
	}
	if (db_begin(c->db, &e))
		goto fail;
	if (recup_swap(c->db, c->id, out, in, c->now, &plan, &problems, &e)) {
		db_rollback(c->db);
		goto fail;
	}
	if (audit_and_commit(c, "swap", c->id, json_pack("{s:s, s:s}", "out", out, "in", in), &e))
		goto fail;
	json_decref(body);
	reply_report(c, plan);
	return;
fail:
	json_decref(body);
	json_decref(plan);
	if (problems) {
		json_t *eo = json_pack("{s:s, s:s, s:s?, s:n}", "code", e.code, "message", e.message, "field",
				       e.field[0] ? e.field : NULL, "line");
		message_languages(eo);
		reply_json(c, 409, json_pack("{s:o, s:o}", "error", eo, "problems", problems));
		return;
	}
	reply_error(c, &e);
}

void recuperation_plan_freeze(struct ctx *c)
{
	struct err e;
	err_clear(&e);
	json_t *plan = NULL;
	if (db_begin(c->db, &e)) {
		reply_error(c, &e);
		return;
	}
	const struct recup_actor who = { c->user.username, c->req->remote_ip };
	if (recup_freeze(c->db, c->id, &who, c->now, &plan, &e)) {
		db_rollback(c->db);
		reply_error(c, &e);
		return;
	}
	if (audit_and_commit(c, "freeze", c->id, json_pack("{s:O}", "selected", json_object_get(plan, "selected")), &e)) {
		json_decref(plan);
		reply_error(c, &e);
		return;
	}
	reply_report(c, plan);
}

struct shown_plan {
	json_t *plan;
	bool demo;
};

static void plan_csv(FILE *out, const void *report)
{
	recup_csv(out, ((const struct shown_plan *)report)->plan);
}

static int plan_xlsx(FILE *out, const void *report, struct err *e)
{
	const struct shown_plan *s = report;
	return recup_xlsx(out, s->plan, s->demo, e);
}

void recuperation_plan_export(struct ctx *c)
{
	const char *format;
	if (report_format_or_reply(c, &format))
		return;
	if (!format) {
		reply_fail(c, ERR_INVALID, "format", "format", "%s", "format 应为 xlsx 或 csv（expected xlsx or csv）");
		return;
	}
	struct shown_plan s = { NULL, demo_db(c) };
	struct err e;
	err_clear(&e);
	if (recup_show(c->db, c->id, &s.plan, &e)) {
		reply_error(c, &e);
		return;
	}
	char name[48];
	snprintf(name, sizeof name, "recuperation-plan-%lld", (long long)c->id);
	const struct report_file f = { "recuperation_plans", name, "疗养计划", plan_csv, plan_xlsx };
	reply_report_file(c, format, &f, &s);
	json_decref(s.plan);
}

void recuperation_plan_print(struct ctx *c)
{
	json_t *plan = NULL;
	struct err e;
	err_clear(&e);
	if (recup_show(c->db, c->id, &plan, &e)) {
		reply_error(c, &e);
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out) {
		json_decref(plan);
		reply_fail(c, ERR_INTERNAL, NULL, NULL, "%s", "内存不足（out of memory）");
		return;
	}
	recup_html(out, plan, demo_db(c), date_today(config()->tz_minutes));
	fclose(out);
	json_decref(plan);
	http_set_body(c->res, 200, "text/html; charset=utf-8", buf, len);
	/* its print CSS is inline; nothing else may load or run */
	http_set_header(c->res, "Content-Security-Policy",
			"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'");
}
