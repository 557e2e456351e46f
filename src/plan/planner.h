/*
 * Recuperation planning (CONTRACTS §7): choose the participants of a programme and their
 * groups as an integer programme solved by CBC (coin/Cbc_C_Interface.h).
 *
 * This layer knows nothing of the database or of JSON: the caller (src/cli, src/api via
 * src/stats/recuperation.c) loads the eligible people with their scores, the units with their
 * active staff, and the programme's groups, and turns the result into JSON, tables or files.
 */
#ifndef FENGQIAO_PLAN_PLANNER_H
#define FENGQIAO_PLAN_PLANNER_H

#include <stdbool.h>
#include <stddef.h>

struct err;

struct plan_unit {
	const char *code;
	int staff;        /* active personnel of the unit itself (police + auxiliary), not its subtree */
	bool front_line;
};

struct plan_person {      /* an ELIGIBLE person (the caller applies §7's eligibility) */
	const char *badge_no;
	const char *name;
	size_t unit;      /* index into plan_input.units */
	bool party;       /* party = 'member' */
	const char *hired_on; /* YYYY-MM-DD or NULL (least senior) */
	long score;
};

struct plan_group {
	const char *code;
	const char *route;    /* the route's code */
	const char *start;    /* YYYY-MM-DD, inclusive */
	const char *end;      /* YYYY-MM-DD, inclusive, not before start */
	int size_max;
};

struct plan_rules {
	int places;
	int front_line_min_pct;
	int branch_min_members;
	int unit_share_max_pct;
	double time_limit_s;  /* 0: no limit */
};

struct plan_input {
	const struct plan_unit *units;
	size_t n_units;
	const struct plan_person *people;
	size_t n_people;
	const struct plan_group *groups;
	size_t n_groups;
	struct plan_rules rules;
};

/* One rule that cannot be met (or, from plan_check, that an assignment breaks). */
struct plan_conflict {
	char constraint[32];  /* places | front_line_min_pct | size_max | branch_min_members | unit_share_max_pct | combined (then one entry per rule of it) */
	char message_zh[256];
	char message_en[256];
	long need, have;      /* e.g. 120 front-line places needed, 95 eligible front-line people */
	char subject[96];     /* the group or unit concerned, or the rule names of "combined", or "" */
};

struct plan_result {
	bool feasible;
	bool optimal;         /* proven optimal by the solver */
	double gap;           /* relative gap when not proven optimal, else 0 */
	int selected;
	int front_line;
	long score;
	int *group_of;        /* per person (n_people): index of the group, or -1 */
	int *secretary;       /* per group (n_groups): index of the person, or -1 for an empty group */
	struct plan_conflict *conflicts;
	size_t n_conflicts;
	double seconds;       /* solver wall time */
};

/* Solve. Returns 0 with result filled (feasible or not), -1 on an error (bad input, solver failure). */
int plan_solve(const struct plan_input *in, struct plan_result *out, struct err *e);

/* Check an assignment (e.g. after a hand swap) against every rule of §7 except optimality;
 * fills out->conflicts with every break (empty when none) and the counts and secretaries. */
int plan_check(const struct plan_input *in, const int *group_of, struct plan_result *out, struct err *e);

void plan_result_free(struct plan_result *r);

#endif
