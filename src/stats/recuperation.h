/*
 * recuperation — 从优待警 · 疗养 (CONTRACTS.md §7) around the solver
 * (src/plan/planner.h): the programme JSON read and checked, the eligible
 * people with their scores and the units with their staff loaded from the
 * store, the plan solved and written as JSON; saved plans
 * (recuperation_plans, migration 015) listed, shown, adjusted by a swap
 * (every rule checked again) and frozen into next years' history
 * (recuperations).  Renderers for people: a table, CSV (a row a member),
 * an XLSX workbook (a sheet a group and a summary) and an A4 print.
 */
#ifndef FQ_STATS_RECUPERATION_H
#define FQ_STATS_RECUPERATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "db/db.h"

/* A programme's bounds (programme.invalid naming the field beyond them). */
#define RECUP_MAX_ROUTES 20
#define RECUP_MAX_GROUPS 200
#define RECUP_STR_(x) #x
#define RECUP_STR(x) RECUP_STR_(x)

/*
 * Compute the plan of `programme` (checked first: a bad one is ERR_INVALID
 * naming the field, "programme.routes[1].groups[0].end").  *plan: §7's JSON
 * with the additions of the API reference, feasible or not.  0 or -1.
 */
int recup_plan(struct db *db, json_t *programme, json_t **plan, struct err *e);

/* Check a programme alone (ERR_INVALID naming the field). */
int recup_programme_check(json_t *programme, struct err *e);

/*
 * The eligible people of `programme` (its year, exclusion window and score)
 * as [{"badge_no","name","unit","unit_name","front_line","party","score","honours"}],
 * highest score first.  `programme` may hold only "year" and
 * "exclude_attended_within_years": the §7 example's weights are used then.
 */
int recup_eligible(struct db *db, json_t *programme, json_t **items, struct err *e);

/*
 * Saved plans.  Each write runs inside the caller's transaction (the caller
 * audits in it).  recup_save: a feasible `plan` of `programme` becomes a
 * draft (its members stored), *id its id, and "plan_id" is set in `plan`.
 */
int recup_save(struct db *db, json_t *programme, json_t *plan, const char *by, int64_t now, int64_t *id,
	       struct err *e);
/* {"items": [{"id","name","year","status","selected","score","optimal","created_at"}], "total"} */
int recup_plans(struct db *db, json_t **list, struct err *e);
/* The saved plan: its JSON plus "id", "status", "programme", "eligible" (the eligible not selected). 404 plan.not_found. */
int recup_show(struct db *db, int64_t id, json_t **plan, struct err *e);
/*
 * `in` takes `out`'s group.  Refused, nothing changed: 409 plan.frozen;
 * 400 plan.not_member / plan.not_eligible; 409 plan.rule_broken with
 * *problems [{"constraint","message_zh","message_en","need","have"}] naming every break.
 */
int recup_swap(struct db *db, int64_t id, const char *out, const char *in, int64_t now, json_t **plan,
	       json_t **problems, struct err *e);
/* Who freezes, for the audit entry of each history row. */
struct recup_actor {
	const char *actor, *ip; /* ip may be NULL */
};
/*
 * Freeze, all inside the caller's transaction: the members checked again
 * (409 plan.member_ineligible naming those voided or no longer eligible),
 * then a recuperations history row per member through the record layer
 * (its checks and rules; 409 plan.history_exists / plan.history_invalid),
 * each audited.  A second freeze is 409 plan.frozen.
 */
int recup_freeze(struct db *db, int64_t id, const struct recup_actor *who, int64_t now, json_t **plan, struct err *e);

/* Renderers of a feasible plan's JSON. */
void recup_table(FILE *out, json_t *plan, bool demo);
void recup_csv(FILE *out, json_t *plan);
int recup_xlsx(FILE *out, json_t *plan, bool demo, struct err *e);
void recup_html(FILE *out, json_t *plan, bool demo, int32_t printed_on);
/* The conflicts of an infeasible plan as lines for people. */
void recup_conflicts_table(FILE *out, json_t *plan);

#endif
