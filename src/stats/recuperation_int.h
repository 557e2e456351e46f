/*
 * recuperation_int.h — what recuperation.c (programme, loading, the plan as JSON) shares with
 * recuperation_store.c (saved plans: save, show, swap, freeze).  Not for other layers.
 */
#ifndef FENGQIAO_STATS_RECUPERATION_INT_H
#define FENGQIAO_STATS_RECUPERATION_INT_H

#include "model/welfare.h"
#include "plan/planner.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct err;

#define N_KINDS HONOUR_KIND_COUNT /* the honour kinds of §7 (model/welfare.h), in honour_kinds' order */

struct route {
	const char *code, *name, *theme;
};

struct group {
	const char *code, *start, *end;
	size_t route;
	int size_max;
};

struct programme {
	const char *name;
	int year, places, front_line_min_pct, branch_min_members, unit_share_max_pct, exclude_years;
	long weight[N_KINDS], per_year;
	struct route *routes;
	size_t n_routes;
	struct group *groups;
	size_t n_groups;
};

struct unit_row {
	char *code, *name;
	bool front_line;
	int staff;
};

struct person_row {
	char *badge_no, *name, *party, *hired_on, *unit;
	size_t unit_idx;
	long score;
	int honours;
	const char *stale; /* a saved plan's member no longer eligible: why (else NULL) */
};

struct loaded {
	struct programme p;
	struct unit_row *units;
	size_t n_units;
	struct person_row *people;
	size_t n_people, n_stale;
	struct plan_unit *pu;
	struct plan_person *pp;
	struct plan_group *pg;
	struct plan_input in;
};

void recup_loaded_free(struct loaded *l);
int recup_oom(struct err *e);
struct person_row *recup_person_find(struct loaded *l, const char *badge);
int recup_load_with(struct db *db, json_t *programme, json_t *result, struct loaded *l, struct err *e);
int recup_load(struct db *db, json_t *programme, struct loaded *l, struct err *e);
json_t *recup_conflicts_json(const struct plan_conflict *c, size_t n);
json_t *recup_plan_json(const struct loaded *l, const struct plan_result *r);
json_t *recup_eligible_json(const struct loaded *l, json_t *skip);

#endif
