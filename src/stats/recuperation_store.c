/*
 * recuperation_store.c — saved recuperation plans (CONTRACTS §7): save, list, show, swap a
 * member (every rule checked again) and freeze (each member's trip written through the
 * recuperations record kind).  The programme, loading and JSON are recuperation.c's.
 */
#include "stats/recuperation.h"
#include "stats/recuperation_int.h"
#include "base/config.h"
#include "base/date.h"
#include "io/record_json.h"
#include "model/audit.h"
#include "model/record.h"
#include "plan/planner.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- saved plans ---- */

static char *dumps(json_t *o)
{
	return json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
}

static int not_found(struct err *e, int64_t id)
{
	return err_set(e, ERR_NOT_FOUND, "plan.not_found", "id", "找不到疗养计划 %lld（no such plan）", (long long)id);
}

static int frozen(struct err *e, int64_t id)
{
	return err_set(e, ERR_CONFLICT, "plan.frozen", "id", "疗养计划 %lld 已定稿，不能再修改（the plan is frozen）",
		       (long long)id);
}

int recup_save(struct db *db, json_t *programme, json_t *plan, const char *by, int64_t now, int64_t *id,
	       struct err *e)
{
	if (!json_is_true(json_object_get(plan, "feasible")))
		return err_set(e, ERR_CONFLICT, "plan.infeasible", NULL, "方案无可行计划，不能保存（no feasible plan to save）");
	char *prog = dumps(programme), *res = NULL;
	if (!prog)
		return recup_oom(e);
	struct db_stmt *st = db_prepare(db,
					"INSERT INTO recuperation_plans (name, year, programme, result, status, created_at, "
					"updated_at, created_by) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?)",
					e);
	int rc = -1;
	if (!st)
		goto out;
	db_bind_text(st, 1, json_string_value(json_object_get(plan, "name")));
	db_bind_int(st, 2, json_integer_value(json_object_get(plan, "year")));
	db_bind_text(st, 3, prog);
	db_bind_text(st, 4, "{}");
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	db_bind_text(st, 7, by);
	if (db_step_done(st, e) < 0)
		goto out;
	*id = db_last_insert_id(db);
	json_object_set_new(plan, "plan_id", json_integer(*id));
	if (!(res = dumps(plan))) {
		recup_oom(e);
		goto out;
	}
	st = db_prepare(db, "UPDATE recuperation_plans SET result = ? WHERE id = ?", e);
	if (!st)
		goto out;
	db_bind_text(st, 1, res);
	db_bind_int(st, 2, *id);
	rc = db_step_done(st, e) < 0 ? -1 : 0;
out:
	free(prog);
	free(res);
	return rc;
}

struct saved {
	json_t *programme, *result;
	char status[16];
	int64_t created_at;
};

static void saved_free(struct saved *s)
{
	json_decref(s->programme);
	json_decref(s->result);
}

static int saved_load(struct db *db, int64_t id, struct saved *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	struct db_stmt *st =
		db_prepare(db, "SELECT programme, result, status, created_at FROM recuperation_plans WHERE id = ?", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, e);
	if (rc == 1) {
		s->programme = json_loads(db_col_text(st, 0), 0, NULL);
		s->result = json_loads(db_col_text(st, 1), 0, NULL);
		snprintf(s->status, sizeof s->status, "%s", db_col_text(st, 2));
		s->created_at = db_col_int(st, 3);
	}
	db_done(st);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return not_found(e, id);
	if (!s->programme || !s->result) {
		saved_free(s);
		return err_set(e, ERR_INTERNAL, NULL, NULL, "recuperation plan %lld: stored JSON unreadable", (long long)id);
	}
	return 0;
}

int recup_plans(struct db *db, json_t **list, struct err *e)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT id, name, year, status, result, created_at FROM recuperation_plans ORDER BY id DESC", e);
	if (!st)
		return -1;
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		json_t *res = json_loads(db_col_text(st, 4), 0, NULL);
		char at[26];
		instant_format_iso(db_col_int(st, 5), config()->tz_minutes, at);
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s, s:O?, s:O?, s:O?, s:s}", "id",
						       (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1), "year",
						       (json_int_t)db_col_int(st, 2), "status", db_col_text(st, 3), "selected",
						       json_object_get(res, "selected"), "score", json_object_get(res, "score"),
						       "optimal", json_object_get(res, "optimal"), "created_at", at));
		json_decref(res);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return -1;
	}
	*list = json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items), "items", items);
	return 0;
}

/* The badge numbers of a plan's result as a set (an object). */
static json_t *member_set(json_t *result)
{
	json_t *set = json_object();
	size_t gi, mi;
	json_t *g, *m;
	json_array_foreach(json_object_get(result, "groups"), gi, g) json_array_foreach(json_object_get(g, "members"), mi, m)
		json_object_set_new(set, json_string_value(json_object_get(m, "badge_no")), json_integer((json_int_t)gi));
	return set;
}

/* The saved plan's JSON for people: its result with id, status, programme and the eligible not selected. */
static int shown(struct db *db, int64_t id, struct saved *s, json_t **plan, struct err *e)
{
	struct loaded l;
	if (recup_load(db, s->programme, &l, e))
		return -1;
	json_t *o = json_deep_copy(s->result), *set = member_set(s->result);
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "status", json_string(s->status));
	json_object_set(o, "programme", s->programme);
	json_object_set(o, "eligible_count", json_object_get(o, "eligible"));
	json_object_set_new(o, "eligible", recup_eligible_json(&l, set));
	json_decref(set);
	recup_loaded_free(&l);
	*plan = o;
	return 0;
}

int recup_show(struct db *db, int64_t id, json_t **plan, struct err *e)
{
	struct saved s;
	if (saved_load(db, id, &s, e))
		return -1;
	int rc = shown(db, id, &s, plan, e);
	saved_free(&s);
	return rc;
}

static int set_result(struct db *db, int64_t id, json_t *result, const char *status, int64_t now, struct err *e)
{
	char *res = dumps(result);
	if (!res)
		return recup_oom(e);
	struct db_stmt *st = db_prepare(
		db, "UPDATE recuperation_plans SET result = ?, status = ?, updated_at = ?, frozen_at = ? WHERE id = ?", e);
	int rc = -1;
	if (st) {
		db_bind_text(st, 1, res);
		db_bind_text(st, 2, status);
		db_bind_int(st, 3, now);
		if (strcmp(status, "frozen"))
			db_bind_null(st, 4);
		else
			db_bind_int(st, 4, now);
		db_bind_int(st, 5, id);
		rc = db_step_done(st, e) < 0 ? -1 : 0;
	}
	free(res);
	return rc;
}

static int swap_checked(struct db *db, int64_t id, struct saved *s, const char *out, const char *in, int64_t now,
			json_t **problems, json_t **stale, struct err *e)
{
	struct loaded l;
	if (recup_load_with(db, s->programme, s->result, &l, e))
		return -1;
	int rc = -1;
	int *group_of = malloc((l.n_people + 1) * sizeof *group_of);
	struct plan_result r;
	memset(&r, 0, sizeof r);
	if (!group_of) {
		recup_oom(e);
		goto done;
	}
	for (size_t i = 0; i < l.n_people; i++)
		group_of[i] = -1;
	/* the plan's members, those no longer eligible (honour voided, person voided) too: the
	 * rules are checked on the plan as it stands; taking one of them out is the main reason
	 * to swap, and the others are named in the answer (stale) to be swapped next */
	json_t *set = member_set(s->result), *out_group = json_object_get(set, out);
	if (!out_group) {
		json_decref(set);
		err_set(e, ERR_INVALID, "plan.not_member", "out", "%s 不在本计划中（not a member of the plan）", out);
		goto done;
	}
	int gout = (int)json_integer_value(out_group);
	const char *badge;
	json_t *gv;
	json_object_foreach(set, badge, gv) {
		struct person_row *p = recup_person_find(&l, badge);
		if (p)
			group_of[p - l.people] = (int)json_integer_value(gv);
	}
	json_decref(set);
	struct person_row *po = recup_person_find(&l, out), *pi = recup_person_find(&l, in);
	if (!pi || group_of[pi - l.people] >= 0) {
		err_set(e, ERR_INVALID, "plan.not_eligible", "in",
			pi ? "%s 已在本计划中（already a member of the plan）" : "%s 不符合参加条件（not eligible）", in);
		goto done;
	}
	group_of[pi - l.people] = gout;
	if (po)
		group_of[po - l.people] = -1;
	if (plan_check(&l.in, group_of, &r, e))
		goto done;
	if (r.n_conflicts) {
		*problems = recup_conflicts_json(r.conflicts, r.n_conflicts);
		err_set(e, ERR_CONFLICT, "plan.rule_broken", "in", "调换后%s（the swap breaks a rule: %s）",
			r.conflicts[0].message_zh, r.conflicts[0].message_en);
		goto done;
	}
	r.feasible = true;
	r.optimal = false;
	json_t *res = recup_plan_json(&l, &r);
	if (!res) {
		recup_oom(e);
		goto done;
	}
	json_object_set_new(res, "plan_id", json_integer(id));
	json_object_set_new(res, "adjusted", json_true());
	*stale = json_array();
	for (size_t i = 0; i < l.n_people; i++)
		if (l.people[i].stale && group_of[i] >= 0)
			json_array_append_new(*stale, json_pack("{s:s, s:s, s:s}", "badge_no", l.people[i].badge_no, "name",
								l.people[i].name, "reason", l.people[i].stale));
	rc = set_result(db, id, res, "draft", now, e) ? -1 : 0;
	json_decref(s->result);
	s->result = res;
done:
	plan_result_free(&r);
	free(group_of);
	recup_loaded_free(&l);
	return rc;
}

int recup_swap(struct db *db, int64_t id, const char *out, const char *in, int64_t now, json_t **plan,
	       json_t **problems, struct err *e)
{
	*plan = *problems = NULL;
	struct saved s;
	if (saved_load(db, id, &s, e))
		return -1;
	json_t *stale = NULL;
	int rc = strcmp(s.status, "draft") ? frozen(e, id)
					    : swap_checked(db, id, &s, out, in, now, problems, &stale, e) || shown(db, id, &s, plan, e);
	/* the members still no longer eligible, to be swapped out next (freeze refuses them) */
	if (!rc && stale && json_array_size(stale))
		json_object_set(*plan, "stale", stale);
	json_decref(stale);
	saved_free(&s);
	return rc ? -1 : 0;
}

/* The first problem of a record's checks. */
static void first_problem(void *ctx, const struct err *pe)
{
	struct err *e = ctx;
	if (!e->kind)
		*e = *pe;
}

/*
 * One history row of a frozen plan, through the record layer (the
 * recuperations kind's checks and rules, as an import row), audited.  A
 * voided trip of that year (did not go) is no trip: the plan's is written
 * onto that row (one row a person and year), restored; only a live one refuses.
 */
static int history_row(struct db *db, const struct recup_actor *who, const char *badge, int year, const char *route,
		       int64_t now, struct err *e)
{
	const struct record_type *t = record_type_find("recuperations");
	struct record *r = record_new(t), *old = NULL;
	json_t *before = NULL;
	if (!r)
		return recup_oom(e);
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	struct err pe;
	err_clear(&pe);
	const struct problem_sink sink = { first_problem, &pe };
	int64_t existing = 0;
	int rc = -1;
	if (record_set_by_name(r, "badge_no", badge, 0, e) || record_set_by_name(r, "year", y, 0, e) ||
	    record_set_by_name(r, "route", route, 0, e) || record_find_id(db, r, &existing, e))
		goto out;
	if (existing) {
		if (!(old = record_new(t))) {
			recup_oom(e);
			goto out;
		}
		if (record_load(db, old, existing, NULL, e))
			goto out;
		if (!old->voided_at) {
			err_set(e, ERR_CONFLICT, "plan.history_exists", "badge_no",
				"%s 已有 %d 年度的疗养记录，不能定稿（already has a trip that year: the plan cannot be frozen）",
				badge, year);
			goto out;
		}
		before = record_to_json(old, true);
		r->id = existing;
		r->id_known = true;
	}
	if (record_check(db, r, &sink)) {
		err_set(e, pe.kind == ERR_INTERNAL ? ERR_INTERNAL : ERR_CONFLICT, "plan.history_invalid", pe.field,
			"%s 的疗养记录不能写入：%s（the history row is refused）", badge, pe.message);
		goto out;
	}
	if ((existing && record_restore(db, t, existing, now, e)) || record_save(db, r, now, NULL, e))
		goto out;
	json_t *after = before ? json_pack("{s:O, s:o}", "before", before, "after", record_to_json(r, true))
			       : json_pack("{s:o}", "after", record_to_json(r, true));
	char *detail = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(after);
	const struct audit_entry a = { .actor = who->actor, .ip = who->ip, .action = existing ? "update" : "create",
				       .kind = "recuperations", .record_id = r->id, .detail = detail };
	rc = audit_append(db, &a, now, e);
	free(detail);
out:
	json_decref(before);
	record_free(old);
	record_free(r);
	return rc;
}

/* Every member still eligible (none voided, none lost an honour or went meanwhile): else 409 naming them. */
static int members_recheck(struct db *db, struct saved *s, struct err *e)
{
	struct loaded l;
	if (recup_load(db, s->programme, &l, e))
		return -1;
	json_t *set = member_set(s->result);
	char gone[512] = "";
	size_t n_gone = 0;
	const char *badge;
	json_t *gv;
	json_object_foreach(set, badge, gv)
		if (!recup_person_find(&l, badge) && n_gone++ < 20)
			snprintf(gone + strlen(gone), sizeof gone - strlen(gone), "%s%s", *gone ? "、" : "", badge);
	json_decref(set);
	recup_loaded_free(&l);
	if (n_gone)
		return err_set(e, ERR_CONFLICT, "plan.member_ineligible", "badge_no",
			       "计划成员 %s 已不符合参加条件，请先将其调出再定稿（members no longer eligible: %s; swap them out "
			       "before freezing）",
			       gone, gone);
	return 0;
}

int recup_freeze(struct db *db, int64_t id, const struct recup_actor *who, int64_t now, json_t **plan, struct err *e)
{
	*plan = NULL;
	struct saved s;
	if (saved_load(db, id, &s, e))
		return -1;
	int rc = strcmp(s.status, "draft") ? frozen(e, id) : members_recheck(db, &s, e);
	int year = (int)json_integer_value(json_object_get(s.result, "year"));
	size_t gi, mi;
	json_t *g, *m;
	json_array_foreach(json_object_get(s.result, "groups"), gi, g) json_array_foreach(json_object_get(g, "members"), mi, m)
	{
		if (rc)
			break;
		rc = history_row(db, who, json_string_value(json_object_get(m, "badge_no")), year,
				 json_string_value(json_object_get(g, "route")), now, e);
	}
	if (!rc)
		rc = set_result(db, id, s.result, "frozen", now, e);
	if (!rc) {
		snprintf(s.status, sizeof s.status, "frozen");
		rc = shown(db, id, &s, plan, e);
	}
	saved_free(&s);
	return rc;
}
