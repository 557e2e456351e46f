/*
 * planner_int.h — what planner.c (the solver) and planner_check.c (input, rules, results)
 * share inside src/plan.  Not for callers: they use planner.h.
 */
#ifndef FENGQIAO_PLAN_PLANNER_INT_H
#define FENGQIAO_PLAN_PLANNER_INT_H

#include "plan/planner.h"

/* The people of one unit and one party status, best score first (ties by badge_no).  Units
 * whose eligible people all fit under their cap share a pool by front-line status: no unit
 * row tells their people apart. */
struct cls {
	size_t unit; /* the unit, or n_units + front_line for a pool */
	bool party;
	bool front;
	size_t *people; /* into prep.order */
	size_t n;
};

/* Groups with the same dates, in input order. */
struct dclass {
	const char *start, *end;
	size_t *groups;
	size_t n_groups;
	long capacity; /* Σ size_max */
};

struct prep {
	const struct plan_input *in;
	int *cap;            /* per unit: at most this many away on one day */
	long *n_elig;        /* per unit: eligible people */
	long *n_party;       /* per unit: of them party members */
	size_t *order;       /* people sorted by unit, party, score desc, badge_no */
	struct cls *cls;
	size_t n_cls;
	size_t *cls_of_unit; /* per unit held apart: its first class (classes are in unit order) */
	size_t *key;         /* per person: the class's unit or pool */
	struct dclass *dc;
	size_t n_dc;
	size_t *dc_of;       /* per group */
	size_t *dc_groups;   /* storage of dc[].groups */
	bool *clq;           /* n_clq × n_dc: the date classes away on one day (maximal sets only) */
	size_t n_clq;
	long alpha;          /* most date classes pairwise apart in time */
};

int plan_prepare(const struct plan_input *in, struct prep *pr, struct err *e);
void plan_prep_free(struct prep *pr);

/* Counts, score, secretaries (out->secretary allocated by the caller) and every broken rule. */
int plan_evaluate(const struct prep *pr, const int *group_of, struct plan_result *out, struct err *e);

/* Append a conflict; the two formats take the same arguments.  0, or -1 without memory. */
int plan_conflict_add(struct plan_result *out, const char *constraint, long need, long have, const char *subject,
		      const char *fmt_zh, const char *fmt_en, ...)
	__attribute__((format(printf, 6, 8))) __attribute__((format(printf, 7, 8)));

/* The fewest groups able to hold a temporary branch (size_max ≥ branch_min_members) that seat
 * n people, the largest first; -1 without memory. */
long plan_groups_to_seat(const struct plan_input *in, long n);

/* ceil(n · pct / 100) */
long plan_ceil_pct(long n, int pct);
int plan_cmp_int_desc(const void *a, const void *b);

#endif
