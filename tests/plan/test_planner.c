/*
 * The recuperation planner (CONTRACTS §7) on fixtures built here: every rule checked on the
 * returned plan by a checker written for the test (not plan_check), the score compared with an
 * exhaustive search on dozens of small random fixtures, each kind of conflict with its numbers,
 * determinism, fewer eligible than places, and plan_check on hand swaps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "plan/planner.h"

/* ---- a fixed-seed generator of its own ---- */

static uint64_t rng_state;
static int below(int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (int)(rng_state % (uint64_t)n);
}

/* ---- fixtures ---- */

#define MAXU 40
#define MAXP 400
#define MAXG 12

struct fx {
	struct plan_unit units[MAXU];
	struct plan_person people[MAXP];
	struct plan_group groups[MAXG];
	char ucode[MAXU][16], badge[MAXP][16], hired[MAXP][16], gcode[MAXG][8], gstart[MAXG][11], gend[MAXG][11];
	struct plan_input in;
};

static void fx_init(struct fx *f, int places, int front_pct, int branch_min, int unit_pct)
{
	memset(f, 0, sizeof *f);
	f->in.units = f->units;
	f->in.people = f->people;
	f->in.groups = f->groups;
	f->in.rules = (struct plan_rules){ .places = places, .front_line_min_pct = front_pct,
					   .branch_min_members = branch_min, .unit_share_max_pct = unit_pct };
}

static size_t unit(struct fx *f, int staff, bool front)
{
	size_t u = f->in.n_units++;
	snprintf(f->ucode[u], sizeof f->ucode[u], "U%02zu", u);
	f->units[u] = (struct plan_unit){ .code = f->ucode[u], .staff = staff, .front_line = front };
	return u;
}

static size_t person(struct fx *f, size_t u, bool party, long score, const char *hired_on)
{
	size_t i = f->in.n_people++;
	snprintf(f->badge[i], sizeof f->badge[i], "B%03zu", i);
	if (hired_on)
		snprintf(f->hired[i], sizeof f->hired[i], "%s", hired_on);
	f->people[i] = (struct plan_person){ .badge_no = f->badge[i], .name = f->badge[i], .unit = u, .party = party,
					     .hired_on = hired_on ? f->hired[i] : NULL, .score = score };
	return i;
}

/* A group from day `from` to day `to` of October 2026. */
static size_t group(struct fx *f, int from, int to, int size)
{
	size_t g = f->in.n_groups++;
	snprintf(f->gcode[g], sizeof f->gcode[g], "G%zu", g + 1);
	snprintf(f->gstart[g], sizeof f->gstart[g], "2026-10-%02d", from);
	snprintf(f->gend[g], sizeof f->gend[g], "2026-10-%02d", to);
	f->groups[g] = (struct plan_group){ .code = f->gcode[g], .route = "r", .start = f->gstart[g], .end = f->gend[g],
					    .size_max = size };
	return g;
}

/* ---- the independent checker ---- */

static int day_of(const char *s) /* all fixtures are in one month */
{
	return (s[8] - '0') * 10 + (s[9] - '0');
}

static int cap_of(const struct plan_input *in, size_t u)
{
	int c = in->units[u].staff * in->rules.unit_share_max_pct / 100;
	return c < 1 ? 1 : c;
}

static bool before_in_seniority(const struct plan_person *a, const struct plan_person *b)
{
	if (!a->hired_on != !b->hired_on)
		return a->hired_on != NULL;
	if (a->hired_on && strcmp(a->hired_on, b->hired_on))
		return strcmp(a->hired_on, b->hired_on) < 0;
	return strcmp(a->badge_no, b->badge_no) < 0;
}

/* Every rule of §7 on the assignment; fails the test naming the first break. */
static void verify(const struct plan_input *in, const struct plan_result *r, long expect_selected)
{
	const struct plan_rules *ru = &in->rules;
	long sel = 0, front = 0, score = 0;
	long members[MAXG] = { 0 }, party[MAXG] = { 0 };
	int senior[MAXG];
	for (size_t g = 0; g < in->n_groups; g++)
		senior[g] = -1;
	for (size_t i = 0; i < in->n_people; i++) {
		int g = r->group_of[i];
		assert_true(g >= -1 && g < (int)in->n_groups);
		if (g < 0)
			continue;
		sel++;
		front += in->units[in->people[i].unit].front_line;
		score += in->people[i].score;
		members[g]++;
		if (in->people[i].party) {
			party[g]++;
			if (senior[g] < 0 || before_in_seniority(&in->people[i], &in->people[senior[g]]))
				senior[g] = (int)i;
		}
	}
	assert_int_equal(sel, r->selected);
	assert_int_equal(front, r->front_line);
	assert_int_equal(score, r->score);
	assert_int_equal(sel, expect_selected);
	assert_true(sel <= ru->places);
	assert_true(100 * front >= (long)ru->front_line_min_pct * sel);
	for (size_t g = 0; g < in->n_groups; g++) {
		assert_true(members[g] <= in->groups[g].size_max);
		if (members[g] > 0)
			assert_true(party[g] >= ru->branch_min_members);
		assert_int_equal(r->secretary[g], members[g] > 0 ? senior[g] : -1);
	}
	for (size_t u = 0; u < in->n_units; u++)
		for (int day = 1; day <= 31; day++) {
			int away = 0;
			for (size_t i = 0; i < in->n_people; i++) {
				int g = r->group_of[i];
				if (g >= 0 && in->people[i].unit == u && day_of(in->groups[g].start) <= day &&
				    day <= day_of(in->groups[g].end))
					away++;
			}
			assert_true(away <= cap_of(in, u));
		}
}

/* ---- exhaustive search: the best (count, score), count exactly places when enough are eligible ---- */

struct ex {
	const struct plan_input *in;
	int assign[MAXP];
	bool found;
	long best_n, best_score;
};

static bool ex_ok(const struct ex *x, long n)
{
	const struct plan_input *in = x->in;
	long front = 0, members[MAXG] = { 0 }, party[MAXG] = { 0 };
	for (size_t i = 0; i < in->n_people; i++) {
		int g = x->assign[i];
		if (g < 0)
			continue;
		front += in->units[in->people[i].unit].front_line;
		members[g]++;
		party[g] += in->people[i].party;
	}
	if (100 * front < (long)in->rules.front_line_min_pct * n)
		return false;
	for (size_t g = 0; g < in->n_groups; g++)
		if (members[g] > 0 && party[g] < in->rules.branch_min_members)
			return false;
	for (size_t u = 0; u < in->n_units; u++)
		for (int day = 1; day <= 31; day++) {
			int away = 0;
			for (size_t i = 0; i < in->n_people; i++) {
				int g = x->assign[i];
				if (g >= 0 && in->people[i].unit == u && day_of(in->groups[g].start) <= day &&
				    day <= day_of(in->groups[g].end))
					away++;
			}
			if (away > cap_of(in, u))
				return false;
		}
	return true;
}

static void ex_walk(struct ex *x, size_t i, long n, long score, long *size)
{
	const struct plan_input *in = x->in;
	bool exact = (long)in->n_people >= in->rules.places;
	if (n > in->rules.places)
		return;
	if (exact && n + (long)(in->n_people - i) < in->rules.places)
		return;
	if (i == in->n_people) {
		if (exact && n != in->rules.places)
			return;
		if (!ex_ok(x, n))
			return;
		if (!x->found || n > x->best_n || (n == x->best_n && score > x->best_score)) {
			x->found = true;
			x->best_n = n;
			x->best_score = score;
		}
		return;
	}
	x->assign[i] = -1;
	ex_walk(x, i + 1, n, score, size);
	for (size_t g = 0; g < in->n_groups; g++) {
		if (size[g] >= in->groups[g].size_max)
			continue;
		size[g]++;
		x->assign[i] = (int)g;
		ex_walk(x, i + 1, n + 1, score + in->people[i].score, size);
		size[g]--;
	}
	x->assign[i] = -1;
}

static void random_fixture(struct fx *f)
{
	int np = 4 + below(6), nu = 1 + below(3), ng = 1 + below(3);
	/* one in eight with more places than people */
	int places = below(8) ? 1 + below(np) : np + 1 + below(2);
	fx_init(f, places, below(5) * 20, below(3), 20 + below(4) * 10);
	for (int u = 0; u < nu; u++)
		unit(f, 2 + below(10), below(3) > 0);
	for (int i = 0; i < np; i++) {
		char hired[32];
		snprintf(hired, sizeof hired, "20%02d-0%d-01", below(20), 1 + below(9));
		person(f, (size_t)below(nu), below(2), below(6) * 10 + below(3), below(4) ? hired : NULL);
	}
	for (int g = 0; g < ng; g++) {
		int from = 1 + below(10);
		group(f, from, from + below(5), 1 + below(4));
	}
}

static void random_vs_exhaustive(void **state)
{
	(void)state;
	rng_state = 0x9e3779b97f4a7c15ull;
	int feasible = 0, infeasible = 0, bound_by_rules = 0, fewer = 0;
	for (int k = 0; k < 80; k++) {
		struct fx *f = malloc(sizeof *f);
		assert_non_null(f);
		random_fixture(f);
		struct ex x = { .in = &f->in };
		long size[MAXG] = { 0 };
		ex_walk(&x, 0, 0, 0, size);
		struct plan_result r;
		struct err e;
		err_clear(&e);
		if (plan_solve(&f->in, &r, &e))
			fail_msg("fixture %d: %s", k, e.message);
		if (!x.found) {
			if (r.feasible)
				fail_msg("fixture %d: the solver found a plan of %d, the search none", k, r.selected);
			assert_true(r.n_conflicts > 0);
			infeasible++;
		} else {
			if (!r.feasible)
				fail_msg("fixture %d: the search found %ld people, score %ld; the solver says infeasible (%s)", k, x.best_n,
					 x.best_score, r.n_conflicts ? r.conflicts[0].message_en : "");
			assert_true(r.optimal);
			verify(&f->in, &r, x.best_n);
			if (r.score != x.best_score)
				fail_msg("fixture %d: score %ld, exhaustive %ld", k, r.score, x.best_score);
			feasible++;
			if (x.best_n < f->in.rules.places)
				fewer++;
			/* the best `places` scores, ignoring every rule: does a rule cost score here? */
			long top = 0, scores[MAXP];
			for (size_t i = 0; i < f->in.n_people; i++)
				scores[i] = f->people[i].score;
			for (long n = 0; n < x.best_n; n++) {
				size_t b = 0;
				for (size_t i = 1; i < f->in.n_people; i++)
					if (scores[i] > scores[b])
						b = i;
				top += scores[b];
				scores[b] = -1;
			}
			if (top > x.best_score)
				bound_by_rules++;
		}
		plan_result_free(&r);
		free(f);
	}
	print_message("random fixtures: %d feasible (%d where a rule costs score, %d fewer than places), %d infeasible\n",
		      feasible, bound_by_rules, fewer, infeasible);
	assert_true(feasible >= 20);
	assert_true(infeasible >= 5);
	assert_true(bound_by_rules >= 5);
}

/* ---- hand-built fixtures ---- */

static void solve_ok(const struct plan_input *in, struct plan_result *r)
{
	struct err e;
	err_clear(&e);
	if (plan_solve(in, r, &e))
		fail_msg("plan_solve: %s", e.message);
}

static const struct plan_conflict *find(const struct plan_result *r, const char *constraint)
{
	for (size_t i = 0; i < r->n_conflicts; i++)
		if (!strcmp(r->conflicts[i].constraint, constraint))
			return &r->conflicts[i];
	return NULL;
}

static void expect_conflict(const struct plan_input *in, const char *constraint, long need, long have, const char *zh_part)
{
	struct plan_result r;
	solve_ok(in, &r);
	assert_false(r.feasible);
	const struct plan_conflict *c = find(&r, constraint);
	if (!c)
		fail_msg("no %s conflict (first: %s)", constraint, r.n_conflicts ? r.conflicts[0].constraint : "none");
	assert_int_equal(c->need, need);
	assert_int_equal(c->have, have);
	if (!strstr(c->message_zh, zh_part))
		fail_msg("message \"%s\" lacks \"%s\"", c->message_zh, zh_part);
	assert_true(c->message_en[0] != '\0');
	assert_int_equal(r.selected, 0);
	plan_result_free(&r);
}

/* A city of two bureaus' worth of units, all rules binding somewhere; checked rule by rule. */
static void hand_built_all_rules(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	fx_init(f, 12, 75, 2, 20);
	size_t s1 = unit(f, 10, true), s2 = unit(f, 15, true), office = unit(f, 30, false), crim = unit(f, 5, true);
	/* caps: s1 2, s2 3, office 6, crim 1 */
	const char *h[] = { "1995-03-01", "2001-07-01", NULL, "1999-01-01", "2010-09-01" };
	for (int i = 0; i < 6; i++)
		person(f, s1, i % 2, 90 - i, h[i % 5]);
	for (int i = 0; i < 6; i++)
		person(f, s2, i % 3 == 0, 80 - 2 * i, h[(i + 1) % 5]);
	for (int i = 0; i < 8; i++)
		person(f, office, i % 2, 100 - i, h[(i + 2) % 5]);
	for (int i = 0; i < 3; i++)
		person(f, crim, true, 70, h[(i + 3) % 5]);
	group(f, 1, 7, 4);
	group(f, 5, 11, 4);
	group(f, 12, 18, 5);
	group(f, 1, 7, 4);
	struct plan_result r;
	solve_ok(&f->in, &r);
	assert_true(r.feasible);
	assert_true(r.optimal);
	assert_true(r.gap == 0);
	verify(&f->in, &r, 12);
	assert_true(r.front_line >= 9);
	plan_result_free(&r);
	free(f);
}

static void fewer_eligible_than_places(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	fx_init(f, 10, 50, 0, 100);
	size_t a = unit(f, 50, true), b = unit(f, 50, false);
	person(f, a, false, 5, NULL);
	person(f, a, false, 6, NULL);
	for (int i = 0; i < 3; i++)
		person(f, b, false, 10 + i, NULL);
	group(f, 1, 5, 20);
	/* 5 eligible, 2 front-line at 50 %: 4 fit (both front-line, the two best of the others) */
	struct plan_result r;
	solve_ok(&f->in, &r);
	assert_true(r.feasible);
	verify(&f->in, &r, 4);
	assert_int_equal(r.score, 5 + 6 + 12 + 11);
	/* the fifth eligible is kept out by the front-line share: named beside the plan */
	assert_true(r.n_conflicts >= 1);
	assert_string_equal(r.conflicts[0].constraint, "front_line_min_pct");
	plan_result_free(&r);
	/* none fits: party members needed, none eligible — still a plan, empty, and the rule named */
	f->in.rules.branch_min_members = 1;
	solve_ok(&f->in, &r);
	assert_true(r.feasible);
	verify(&f->in, &r, 0);
	bool named = false;
	for (size_t i = 0; i < r.n_conflicts; i++)
		named |= !strcmp(r.conflicts[i].constraint, "branch_min_members");
	assert_true(named);
	plan_result_free(&r);
	/* all who are eligible fit: nothing to name */
	f->in.rules.branch_min_members = 0;
	f->in.rules.front_line_min_pct = 0;
	solve_ok(&f->in, &r);
	verify(&f->in, &r, 5);
	assert_int_equal(r.n_conflicts, 0);
	plan_result_free(&r);
	free(f);
}

/*
 * Fewer eligible than places, and the solver out of time before the count is
 * solved: plan.time_limit (as when places <= eligible), never an empty plan
 * said feasible.  3 000 people in 200 groups, 1 µs (the solver's least is 10 ms).
 */
static void count_time_limit(void **state)
{
	(void)state;
	enum { NU = 60, NP = 3000, NG = 200, LEN = 16 };
	struct plan_unit *units = calloc(NU, sizeof *units);
	struct plan_person *people = calloc(NP, sizeof *people);
	struct plan_group *groups = calloc(NG, sizeof *groups);
	char *text = calloc(NU + NP + 3 * NG, LEN);
	assert_non_null(units);
	assert_non_null(people);
	assert_non_null(groups);
	assert_non_null(text);
	char *t = text;
	rng_state = 7;
	for (int u = 0; u < NU; u++, t += LEN) {
		snprintf(t, LEN, "U%02d", u);
		units[u] = (struct plan_unit){ .code = t, .staff = 50, .front_line = u % 3 != 0 };
	}
	for (int i = 0; i < NP; i++, t += LEN) {
		snprintf(t, LEN, "B%04d", i);
		people[i] = (struct plan_person){ .badge_no = t, .name = t, .unit = (size_t)(i % NU), .party = below(3) == 0,
						  .score = below(100) };
	}
	for (int g = 0; g < NG; g++, t += 3 * LEN) {
		int from = 1 + g % 25;
		snprintf(t, LEN, "G%d", g + 1);
		snprintf(t + LEN, LEN, "2026-10-%02d", from);
		snprintf(t + 2 * LEN, LEN, "2026-10-%02d", from + 4);
		groups[g] = (struct plan_group){ .code = t, .route = "r", .start = t + LEN, .end = t + 2 * LEN, .size_max = 20 };
	}
	const struct plan_input in = { units, NU, people, NP, groups, NG,
				       { .places = 100000, .front_line_min_pct = 70, .branch_min_members = 3,
					 .unit_share_max_pct = 25, .time_limit_s = 1e-6 } };
	struct plan_result r;
	struct err e;
	err_clear(&e);
	int rc = plan_solve(&in, &r, &e);
	if (rc == 0)
		fail_msg("a plan in 10 ms: feasible %d, %d selected", r.feasible, r.selected);
	assert_int_equal(e.kind, ERR_UNAVAILABLE);
	assert_string_equal(e.code, "plan.time_limit");
	plan_result_free(&r);
	free(text);
	free(groups);
	free(people);
	free(units);
}

static void conflict_capacity(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	fx_init(f, 10, 0, 0, 100);
	size_t u = unit(f, 100, true);
	for (int i = 0; i < 12; i++)
		person(f, u, true, i, NULL);
	group(f, 1, 5, 5);
	group(f, 6, 9, 3);
	expect_conflict(&f->in, "size_max", 10, 8, "8 人");
	free(f);
}

static void conflict_front_line(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	fx_init(f, 10, 80, 0, 100);
	size_t fr = unit(f, 100, true), off = unit(f, 100, false);
	for (int i = 0; i < 5; i++)
		person(f, fr, false, i, NULL);
	for (int i = 0; i < 10; i++)
		person(f, off, false, i, NULL);
	group(f, 1, 5, 20);
	expect_conflict(&f->in, "front_line_min_pct", 8, 5, "一线人员名额至少需要 8 人，符合条件的一线人员只有 5 人");
	/* enough front-line people, but their units may send only 2 each at once (one date) */
	for (int i = 0; i < 5; i++)
		person(f, fr, false, i, NULL);
	f->units[fr].staff = 10; /* 20 % of 10 */
	f->in.rules.unit_share_max_pct = 20;
	expect_conflict(&f->in, "front_line_min_pct", 8, 2, "一线单位最多能派出 2 人");
	free(f);
}

static void conflict_party(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	fx_init(f, 10, 0, 3, 100);
	size_t u = unit(f, 100, true);
	for (int i = 0; i < 12; i++)
		person(f, u, i < 4, i, NULL);
	group(f, 1, 5, 5);
	group(f, 1, 5, 5);
	group(f, 6, 9, 2);
	expect_conflict(&f->in, "branch_min_members", 6, 4, "共需党员 6 人，符合条件的党员只有 4 人");
	/* a branch larger than all the places */
	f->in.rules.places = 2;
	expect_conflict(&f->in, "branch_min_members", 3, 2, "多于全部 2 个名额");
	free(f);
}

static void conflict_unit_share(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	fx_init(f, 6, 0, 0, 20);
	size_t u = unit(f, 20, true), v = unit(f, 3, true); /* caps 4 and 1 */
	for (int i = 0; i < 10; i++)
		person(f, u, false, i, NULL);
	person(f, v, false, 1, NULL);
	group(f, 1, 5, 10);
	group(f, 3, 8, 10);
	expect_conflict(&f->in, "unit_share_max_pct", 6, 5, "各单位最多能派出 5 人");
	free(f);
}

/* Bounds met, no plan: the solver's answer, narrowed to the rule families that clash. */
static void conflict_combined(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	/* all places front-line, but the front-line people are not party members */
	fx_init(f, 4, 100, 2, 100);
	size_t fr = unit(f, 100, true), off = unit(f, 100, false);
	for (int i = 0; i < 4; i++)
		person(f, fr, false, 10, NULL);
	person(f, off, true, 1, NULL);
	person(f, off, true, 1, NULL);
	group(f, 1, 5, 4);
	struct plan_result r;
	solve_ok(&f->in, &r);
	assert_false(r.feasible);
	/* "combined" with the names in subject, then an entry per rule (a program matches each by name) */
	assert_int_equal(r.n_conflicts, 3);
	assert_string_equal(r.conflicts[0].constraint, "combined");
	assert_string_equal(r.conflicts[0].subject, "front_line_min_pct + branch_min_members");
	assert_int_equal(r.conflicts[0].need, 4);
	assert_int_equal(r.conflicts[0].have, 0);
	assert_non_null(strstr(r.conflicts[0].message_zh, "一线人员比例下限、每组党员人数下限"));
	assert_string_equal(r.conflicts[1].constraint, "front_line_min_pct");
	assert_string_equal(r.conflicts[2].constraint, "branch_min_members");
	/* English only in message_en */
	for (size_t i = 0; i < r.n_conflicts; i++)
		for (const char *p = r.conflicts[i].message_en; *p; p++)
			if ((unsigned char)*p >= 0x80)
				fail_msg("message_en %zu not English: %s", i, r.conflicts[i].message_en);
	assert_non_null(strstr(r.conflicts[0].message_en, "the front-line share, the party members per group"));
	plan_result_free(&r);
	free(f);

	/* two units that may each have one away at once, and a long group overlapping two short ones */
	f = calloc(1, sizeof *f);
	fx_init(f, 4, 0, 0, 10);
	size_t u = unit(f, 10, true), v = unit(f, 10, true);
	for (int i = 0; i < 4; i++)
		person(f, u, false, 5, NULL);
	person(f, v, false, 5, NULL);
	person(f, v, false, 5, NULL);
	group(f, 1, 3, 1);
	group(f, 5, 7, 1);
	group(f, 2, 6, 2);
	solve_ok(&f->in, &r);
	assert_false(r.feasible);
	assert_int_equal(r.n_conflicts, 3);
	assert_string_equal(r.conflicts[0].constraint, "combined");
	assert_string_equal(r.conflicts[0].subject, "size_max + unit_share_max_pct");
	assert_string_equal(r.conflicts[1].constraint, "size_max");
	assert_string_equal(r.conflicts[2].constraint, "unit_share_max_pct");
	assert_int_equal(r.conflicts[0].need, 4);
	assert_int_equal(r.conflicts[0].have, 3);
	plan_result_free(&r);
	free(f);
}

static void medium_fixture(struct fx *f, uint64_t seed)
{
	rng_state = seed;
	fx_init(f, 60, 70, 3, 25);
	for (int u = 0; u < 30; u++)
		unit(f, 4 + below(40), u % 4 != 0);
	for (int i = 0; i < 300; i++) {
		char hired[32];
		snprintf(hired, sizeof hired, "20%02d-01-01", below(20));
		person(f, (size_t)below(30), below(3) == 0, below(10) * 10 + below(10) / 3, hired);
	}
	for (int g = 0; g < 10; g++)
		group(f, 1 + 2 * (g % 5), 5 + 2 * (g % 5), 8);
}

static void deterministic(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	medium_fixture(f, 42);
	struct plan_result a, b;
	solve_ok(&f->in, &a);
	solve_ok(&f->in, &b);
	assert_true(a.feasible);
	assert_true(a.optimal);
	verify(&f->in, &a, 60);
	assert_int_equal(a.score, b.score);
	assert_memory_equal(a.group_of, b.group_of, f->in.n_people * sizeof *a.group_of);
	assert_memory_equal(a.secretary, b.secretary, f->in.n_groups * sizeof *a.secretary);
	plan_result_free(&a);
	plan_result_free(&b);
	free(f);
}

/* Hand swaps: plan_check names every broken rule with its subject. */
static void check_swaps(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	fx_init(f, 4, 50, 2, 20);
	size_t u = unit(f, 10, true), v = unit(f, 20, false); /* caps 2 and 4 */
	size_t a = person(f, u, true, 9, "2000-01-01"), b = person(f, u, false, 8, NULL);
	size_t c = person(f, v, true, 7, "1990-05-01"), d = person(f, v, false, 6, NULL);
	size_t x = person(f, u, false, 1, NULL);
	group(f, 1, 5, 4);
	int plan[5];
	plan[a] = plan[b] = plan[c] = plan[d] = 0;
	plan[x] = -1;
	struct plan_result r;
	struct err e;
	err_clear(&e);
	assert_int_equal(plan_check(&f->in, plan, &r, &e), 0);
	assert_true(r.feasible);
	assert_int_equal(r.n_conflicts, 0);
	assert_int_equal(r.secretary[0], (int)c);
	assert_int_equal(r.score, 30);
	plan_result_free(&r);
	/* the party member c out, x in: one party member left, and three of unit U away */
	plan[c] = -1;
	plan[x] = 0;
	assert_int_equal(plan_check(&f->in, plan, &r, &e), 0);
	assert_false(r.feasible);
	assert_int_equal(r.n_conflicts, 2);
	const struct plan_conflict *k = find(&r, "branch_min_members");
	assert_non_null(k);
	assert_string_equal(k->subject, "G1");
	assert_int_equal(k->need, 2);
	assert_int_equal(k->have, 1);
	k = find(&r, "unit_share_max_pct");
	assert_non_null(k);
	assert_string_equal(k->subject, "U00");
	assert_int_equal(k->need, 2);
	assert_int_equal(k->have, 3);
	assert_non_null(strstr(k->message_zh, "2026-10-01"));
	/* the English names the staff and the share in their own places, as the Chinese does */
	char staff_pct[64];
	snprintf(staff_pct, sizeof staff_pct, "of its %d staff at most %d%%", f->in.units[0].staff, f->in.rules.unit_share_max_pct);
	assert_non_null(strstr(k->message_en, staff_pct));
	plan_result_free(&r);
	/* c out, nobody in: 3 of 4 places, and one party member only */
	plan[x] = -1;
	assert_int_equal(plan_check(&f->in, plan, &r, &e), 0);
	assert_non_null(find(&r, "places"));
	assert_non_null(find(&r, "branch_min_members"));
	assert_null(find(&r, "front_line_min_pct"));
	plan_result_free(&r);
	/* the front-line share: 1 of 4 */
	plan[c] = 0;
	plan[b] = -1;
	plan[a] = -1;
	plan[x] = -1;
	f->in.rules.places = 2;
	f->in.rules.front_line_min_pct = 100;
	assert_int_equal(plan_check(&f->in, plan, &r, &e), 0);
	k = find(&r, "front_line_min_pct");
	assert_non_null(k);
	assert_int_equal(k->need, 2);
	assert_int_equal(k->have, 0);
	plan_result_free(&r);
	/* an index out of range is an error */
	plan[a] = 7;
	assert_int_equal(plan_check(&f->in, plan, &r, &e), -1);
	assert_int_equal(e.kind, ERR_INVALID);
	free(f);
}

/* Nothing to plan: no places, no people, no groups. */
static void edges(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	struct plan_result r;
	fx_init(f, 0, 80, 3, 20);
	solve_ok(&f->in, &r);
	assert_true(r.feasible);
	assert_true(r.optimal);
	assert_int_equal(r.selected, 0);
	plan_result_free(&r);
	/* places but nobody eligible: an empty plan, not a conflict */
	f->in.rules.places = 5;
	group(f, 1, 3, 10);
	solve_ok(&f->in, &r);
	assert_true(r.feasible);
	assert_int_equal(r.selected, 0);
	assert_int_equal(r.secretary[0], -1);
	plan_result_free(&r);
	/* people, fewer than the places, and no group at all */
	f->in.n_groups = 0;
	size_t u = unit(f, 10, true);
	person(f, u, true, 3, NULL);
	solve_ok(&f->in, &r);
	assert_true(r.feasible);
	assert_int_equal(r.selected, 0);
	assert_int_equal(r.group_of[0], -1);
	plan_result_free(&r);
	/* as many people as places and no group: the groups' size is the conflict */
	f->in.rules.places = 1;
	expect_conflict(&f->in, "size_max", 1, 0, "0 人");
	free(f);
}

static void bad_input(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof *f);
	fx_init(f, -1, 0, 0, 20);
	size_t u = unit(f, 10, true);
	person(f, u, true, 1, NULL);
	group(f, 5, 6, 3);
	struct plan_result r;
	struct err e;
	err_clear(&e);
	assert_int_equal(plan_solve(&f->in, &r, &e), -1);
	assert_int_equal(e.kind, ERR_INVALID);
	assert_string_equal(e.field, "places");
	f->in.rules.places = 1;
	f->gend[0][9] = '4'; /* ends before it starts */
	assert_int_equal(plan_solve(&f->in, &r, &e), -1);
	assert_string_equal(e.field, "groups.start");
	f->gend[0][9] = '6';
	f->people[0].unit = 3;
	assert_int_equal(plan_solve(&f->in, &r, &e), -1);
	assert_string_equal(e.field, "people");
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_built_all_rules),
		cmocka_unit_test(random_vs_exhaustive),
		cmocka_unit_test(fewer_eligible_than_places),
		cmocka_unit_test(count_time_limit),
		cmocka_unit_test(conflict_capacity),
		cmocka_unit_test(conflict_front_line),
		cmocka_unit_test(conflict_party),
		cmocka_unit_test(conflict_unit_share),
		cmocka_unit_test(conflict_combined),
		cmocka_unit_test(deterministic),
		cmocka_unit_test(check_swaps),
		cmocka_unit_test(edges),
		cmocka_unit_test(bad_input),
	};
	const char *only = getenv("PLAN_TEST"); /* one test by name, when working on it */
	if (only)
		cmocka_set_test_filter(only);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
