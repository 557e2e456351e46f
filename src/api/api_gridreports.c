/*
 * api_gridreports.c — the station's inbox of grid reports (网格上报,
 * CONTRACTS.md §6): POST /api/v1/gridreports/{id}/accept, /turn, /no_action
 * and /feedback.  Each is one transaction: the report loaded within the
 * caller's scope (another station's or grid's is 404), changed, checked by
 * the type's rules, saved and audited; /turn also creates the dispute,
 * incident or hazard the report becomes (checked, saved and audited as a create), and
 * the two name each other (model/gridreport.c).
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "io/record_json.h"
#include "model/gridreport.h"
#include "model/org.h"
#include "model/perm.h"

#include <string.h>

/* What an action does to the report (and creates beside it): 0, or -1 with `e` or after replying (*replied). */
typedef int (*apply_fn)(struct ctx *c, struct record *r, json_t *body, json_t **created, bool *replied, struct err *e);

/* The moment of an action: now, or with today fixed ($FENGQIAO_TODAY) at the latest the end of that day. */
static int64_t action_time(const struct ctx *c)
{
	const struct config *conf = config();
	int64_t end = local_day_end(conf->today, conf->tz_minutes) - 1;
	return conf->today_fixed && c->now > end ? end : c->now;
}

static int set_now(struct ctx *c, struct record *r, const char *field, struct err *e)
{
	char at[26];
	instant_format_iso(action_time(c), config()->tz_minutes, at);
	return record_set_by_name(r, field, at, config()->tz_minutes, e);
}

static int not_handled(const struct record *r, struct err *e)
{
	if (record_get(r, "outcome"))
		return err_set(e, ERR_CONFLICT, "gridreport.already_handled", "outcome",
			       "该上报已处置（%s），不能再次处置（the report has an outcome already）",
			       code_label(&gridreport_outcomes, record_get(r, "outcome")));
	return 0;
}

/* Accepted now, unless it was before. */
static int accept_now(struct ctx *c, struct record *r, struct err *e)
{
	return record_get(r, "accepted_at") ? 0 : set_now(c, r, "accepted_at", e);
}

static int do_accept(struct ctx *c, struct record *r, json_t *body, json_t **created, bool *replied, struct err *e)
{
	(void)body, (void)created, (void)replied;
	if (record_get(r, "accepted_at"))
		return err_set(e, ERR_CONFLICT, "gridreport.already_accepted", "accepted_at",
			       "该上报已于 %s 受理（the report was accepted already）", record_get(r, "accepted_at"));
	return set_now(c, r, "accepted_at", e);
}

static int do_no_action(struct ctx *c, struct record *r, json_t *body, json_t **created, bool *replied, struct err *e)
{
	(void)body, (void)created, (void)replied;
	return not_handled(r, e) || accept_now(c, r, e) || record_set_by_name(r, "outcome", "no_action", 0, e) ? -1 : 0;
}

static int do_feedback(struct ctx *c, struct record *r, json_t *body, json_t **created, bool *replied, struct err *e)
{
	(void)created, (void)replied;
	json_t *text = json_object_get(body, "text");
	if (!json_is_string(text) || !*json_string_value(text))
		return err_set(e, ERR_INVALID, "field.required", "text", "反馈内容：必填（feedback text required）");
	if (!record_get(r, "accepted_at"))
		return err_set(e, ERR_CONFLICT, "gridreport.not_accepted", "accepted_at",
			       "请先受理该上报再反馈（accept the report before giving feedback）");
	return record_set_by_name(r, "feedback", json_string_value(text), 0, e) || set_now(c, r, "feedback_at", e) ? -1 : 0;
}

/* A field of the new record the body did not give: `text` (NULL or "": leave it). */
static int default_of(struct record *n, json_t *fields, const char *name, const char *text, struct err *e)
{
	if (!text || !*text || json_object_get(fields, name))
		return 0;
	return record_set_by_name(n, name, text, config()->tz_minutes, e);
}

/*
 * The dispute, incident or hazard the report becomes: the body's fields over
 * defaults taken from the report (a hazard's type and deadline are the body's).
 * Its main date is today (the moment, for a time), its place and text the
 * report's address and summary, where the outcome's entry says.
 */
static int make_outcome(struct ctx *c, const struct record *r, const struct gridreport_outcome *o, json_t *fields,
			struct record *n, struct err *e)
{
	const struct record_type *t = o->type;
	char station[24], now[26], today[11];
	if (division_station(c->db, record_get(r, "grid"), station, e))
		return -1;
	instant_format_iso(action_time(c), config()->tz_minutes, now);
	date_format(instant_local_day(action_time(c), config()->tz_minutes), today);
	for (int i = 0; i < t->nfields; i++)
		if ((t->fields[i].flags & FF_MAIN_DATE) &&
		    default_of(n, fields, t->fields[i].name, t->fields[i].type == FT_INSTANT ? now : today, e))
			return -1;
	return default_of(n, fields, record_key_field(t)->name, record_get(r, "report_no"), e) ||
			       default_of(n, fields, "station", station, e) ||
			       (o->from_grid && default_of(n, fields, "source", "grid", e)) ||
			       default_of(n, fields, "division", record_get(r, "grid"), e) ||
			       default_of(n, fields, o->place, record_get(r, "address"), e) ||
			       default_of(n, fields, o->text, record_get(r, "summary"), e)
		       ? -1
		       : 0;
}

/* "dispute（矛盾纠纷）、incident（警情）或 hazard（隐患）" and "dispute, incident or hazard", from the outcomes' table. */
static void outcome_list(char *zh, size_t zn, char *en, size_t ne)
{
	*zh = *en = 0;
	for (size_t i = 0, n = gridreport_n_outcome_types; i < n; i++) {
		const struct gridreport_outcome *o = &gridreport_outcome_types[i];
		const char *zsep = !i ? "" : i + 1 < n ? "、" : "或 ", *esep = !i ? "" : i + 1 < n ? ", " : " or ";
		snprintf(zh + strlen(zh), zn - strlen(zh), "%s%s（%s）", zsep, o->outcome, o->type->zh);
		snprintf(en + strlen(en), ne - strlen(en), "%s%s", esep, o->outcome);
	}
}

static int do_turn(struct ctx *c, struct record *r, json_t *body, json_t **created, bool *replied, struct err *e)
{
	const char *outcome = json_string_value(json_object_get(body, "outcome"));
	const struct gridreport_outcome *o = gridreport_outcome_of(outcome);
	if (!o) {
		char zh[200], en[100];
		outcome_list(zh, sizeof zh, en, sizeof en);
		return err_set(e, ERR_INVALID, "gridreport.outcome", "outcome", "处置结果：应为 %s（outcome: %s）", zh, en);
	}
	if (not_handled(r, e))
		return -1;
	const struct record_type *t = o->type;
	if (!may(c, t->kind, ACT_CREATE))
		return err_set(e, ERR_FORBIDDEN, "forbidden", NULL, "您的角色无权新建%s（your role may not create %ss）", t->zh, t->en);
	json_t *fields = json_deep_copy(body);
	json_object_del(fields, "outcome");
	struct record *n = record_new(t);
	struct problems problems;
	problems_init(&problems);
	struct problem_sink sink = { problems_collect, &problems };
	int rc = n ? make_outcome(c, r, o, fields, n, e) : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	if (rc == 0) {
		n->scope = &c->scope;
		if (record_from_json(n, fields, config()->tz_minutes, &sink) + record_check(c->db, n, &sink)) {
			reply_problems_of(c, &problems);
			problems.list = NULL;
			*replied = true;
			rc = -1;
		}
	}
	json_decref(problems.list);
	if (rc == 0 && n->id)
		rc = err_set(e, ERR_CONFLICT, "record.exists", record_key_field(t)->name, "%s“%s”已存在（a %s with this key exists）",
			     t->zh, record_get(n, record_key_field(t)->name), t->en);
	if (rc == 0)
		rc = record_save(c->db, n, c->now, NULL, e);
	if (rc == 0)
		rc = audit_request(c, "create", t->kind, n->id, json_pack("{s:o}", "after", record_to_json(n, true)), e);
	if (rc == 0)
		rc = accept_now(c, r, e) || record_set_by_name(r, "outcome", outcome, 0, e) ||
				     record_set_by_name(r, "outcome_no", record_get(n, record_key_field(t)->name), 0, e)
			     ? -1
			     : 0;
	if (rc == 0) {
		*created = json_pack("{s:s, s:I}", "kind", t->kind, "id", (json_int_t)n->id);
	}
	json_decref(fields);
	record_free(n);
	return rc;
}

/* The record the report became, as it is after the report named it. */
static json_t *created_json(struct ctx *c, json_t *created, struct err *e)
{
	const struct record_type *t = record_type_find(json_string_value(json_object_get(created, "kind")));
	struct record *n = t ? record_new(t) : NULL;
	json_t *o = NULL;
	if (n && record_load(c->db, n, json_integer_value(json_object_get(created, "id")), NULL, e) == 0)
		o = record_to_json(n, may(c, t->kind, ACT_REVEAL));
	record_free(n);
	return o;
}

static void act(struct ctx *c, const char *action, apply_fn apply)
{
	json_t *body = c->req->body_len ? body_object_or_reply(c) : json_object();
	if (!body)
		return;
	struct err e;
	err_clear(&e);
	struct problems problems;
	problems_init(&problems);
	struct problem_sink sink = { problems_collect, &problems };
	struct record *r = record_new(&gridreport_type);
	json_t *before = NULL, *created = NULL;
	bool replied = false;
	if (!r) {
		err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto fail;
	}
	if (db_begin(c->db, &e))
		goto fail;
	if (record_load(c->db, r, c->id, &c->scope, &e))
		goto rollback;
	if (r->voided_at) {
		err_set(&e, ERR_CONFLICT, "record.voided", NULL, "已作废的记录不能修改（a void record cannot change）");
		goto rollback;
	}
	before = record_to_json(r, true);
	if (apply(c, r, body, &created, &replied, &e))
		goto rollback;
	r->scope = &c->scope;
	const struct change_by by = { c->user.username, c->req->remote_ip, NULL };
	r->by = &by; /* the record it names, or no longer names, follows as the caller's change */
	if (record_check(c->db, r, &sink)) {
		db_rollback(c->db);
		reply_problems_of(c, &problems);
		problems.list = NULL;
		goto out;
	}
	if (record_save(c->db, r, c->now, NULL, &e))
		goto rollback;
	json_t *after = record_to_json(r, true);
	int rc = audit_request(c, action, gridreport_type.kind, r->id, json_pack("{s:O, s:o}", "before", before, "after", after),
			       &e);
	json_t *reply = rc ? NULL : json_pack("{s:o}", "gridreport", record_to_json(r, true));
	if (reply && created) {
		json_t *made = created_json(c, created, &e);
		if (!made) {
			json_decref(reply);
			goto rollback;
		}
		json_object_set_new(reply, json_string_value(json_object_get(created, "kind")), made);
	}
	if (!reply || db_commit(c->db, &e)) {
		json_decref(reply);
		goto rollback;
	}
	reply_json(c, 200, reply);
	goto out;
rollback:
	db_rollback(c->db);
fail:
	if (!replied)
		reply_error(c, &e);
out:
	json_decref(problems.list);
	json_decref(before);
	json_decref(created);
	json_decref(body);
	record_free(r);
}

void gridreports_accept(struct ctx *c)
{
	act(c, "accept", do_accept);
}

void gridreports_turn(struct ctx *c)
{
	act(c, "turn", do_turn);
}

void gridreports_no_action(struct ctx *c)
{
	act(c, "no_action", do_no_action);
}

void gridreports_feedback(struct ctx *c)
{
	act(c, "feedback", do_feedback);
}
