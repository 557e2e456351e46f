/*
 * bench/recuperation-bench.c — the recuperation planner's core (src/plan) on a generated city,
 * without the database (used by bench/recuperation.sh):
 *
 *   recuperation-bench [STAFF UNITS PLACES ROUTES GROUPS_PER_ROUTE SEED TIME_LIMIT_S SHARE_PCT]
 *
 * STAFF people in UNITS units of skewed sizes (Zipf-like), about a fifth of them eligible
 * (honours skewed: most hold one "excellent", a few merits, very few model officers), scores as
 * §7's example weights plus a point a year of service; ROUTES routes of GROUPS_PER_ROUTE groups
 * each, a group every 5 days on each route for 7 days (so each group overlaps the next, and the
 * routes overlap each other), 25 to 30 places a group.  Rules: 80 % front-line, 3 party members
 * a group, SHARE_PCT (20) % of a unit away at once.  Prints one line of key=value figures.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "plan/planner.h"

static uint64_t s;
static uint64_t next(void) /* xorshift64* */
{
	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return s * 0x2545f4914f6cdd1dULL;
}
static int below(int n)
{
	return (int)(next() % (uint64_t)n);
}

static void date_of(int day, char out[11]) /* day 0 = 2026-04-01, all within 2026 */
{
	static const int mdays[] = { 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m = 0;
	while (m < 8 && day >= mdays[m])
		day -= mdays[m++];
	snprintf(out, 11, "2026-%02d-%02d", m + 4, day + 1);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long staff_total = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
	int n_units = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 300;
	int places = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 2000;
	int n_routes = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 4;
	int per_route = argc > 5 ? (int)strtol(argv[5], NULL, 10) : 20;
	s = argc > 6 ? strtoull(argv[6], NULL, 10) : 20261001;
	if (!s)
		s = 1;
	double limit = argc > 7 ? strtod(argv[7], NULL) : 30;
	int share = argc > 8 ? (int)strtol(argv[8], NULL, 10) : 20;
	if (staff_total < 1 || n_units < 1 || places < 0 || n_routes < 1 || per_route < 1)
		return fprintf(stderr, "usage: %s [STAFF UNITS PLACES ROUTES GROUPS_PER_ROUTE SEED TIME_LIMIT_S SHARE_PCT]\n", argv[0]), 2;

	/* units: staff ∝ 1 / rank^0.8, at least 5; three in four front-line */
	struct plan_unit *units = calloc((size_t)n_units, sizeof *units);
	char (*ucode)[16] = calloc((size_t)n_units, sizeof *ucode);
	double wsum = 0, *w = calloc((size_t)n_units, sizeof *w);
	for (int u = 0; u < n_units; u++)
		wsum += w[u] = 1.0 / __builtin_pow(u + 1, 0.8);
	long assigned = 0;
	for (int u = 0; u < n_units; u++) {
		snprintf(ucode[u], sizeof ucode[u], "U%03d", u);
		int st = (int)((double)staff_total * w[u] / wsum);
		units[u] = (struct plan_unit){ .code = ucode[u], .staff = st < 5 ? 5 : st, .front_line = below(4) != 0 };
		assigned += units[u].staff;
	}
	/* people: each staff member eligible with the unit's own rate (10-30 %) */
	struct plan_person *people = calloc((size_t)assigned, sizeof *people);
	char (*badge)[24] = calloc((size_t)assigned, sizeof *badge);
	char (*hired)[11] = calloc((size_t)assigned, sizeof *hired);
	size_t n = 0;
	long staff_seen = 0;
	for (int u = 0; u < n_units; u++) {
		int rate = 10 + below(21);
		for (int i = 0; i < units[u].staff; i++, staff_seen++) {
			if (below(100) >= rate)
				continue;
			int years = below(36);
			long score = 10 + years; /* excellent */
			int r = below(1000);
			if (r < 10)
				score += 100; /* model */
			else if (r < 40)
				score += 60;
			else if (r < 120)
				score += 40;
			else if (r < 400)
				score += 20;
			if (below(4) == 0)
				score += 10; /* a second "excellent" */
			snprintf(badge[n], sizeof badge[n], "P%06ld", staff_seen);
			snprintf(hired[n], sizeof hired[n], "%04d-%02d-01", 2025 - years, 1 + below(12));
			people[n] = (struct plan_person){ .badge_no = badge[n], .name = badge[n], .unit = (size_t)u,
							  .party = below(100) < 55, .hired_on = hired[n], .score = score };
			n++;
		}
	}
	/* groups */
	int n_groups = n_routes * per_route;
	struct plan_group *groups = calloc((size_t)n_groups, sizeof *groups);
	char (*gcode)[16] = calloc((size_t)n_groups, sizeof *gcode), (*gstart)[11] = calloc((size_t)n_groups, 11),
	     (*gend)[11] = calloc((size_t)n_groups, 11);
	static const char *routes[] = { "hainan", "hunan", "yunnan", "beidaihe", "qingdao", "guilin" };
	long capacity = 0;
	for (int r = 0; r < n_routes; r++)
		for (int k = 0; k < per_route; k++) {
			int g = r * per_route + k;
			snprintf(gcode[g], sizeof gcode[g], "R%dG%02d", r + 1, k + 1);
			int day = 2 * r + 5 * k;
			date_of(day, gstart[g]);
			date_of(day + 6, gend[g]);
			groups[g] = (struct plan_group){ .code = gcode[g], .route = routes[r % 6], .start = gstart[g], .end = gend[g],
							 .size_max = 25 + below(6) };
			capacity += groups[g].size_max;
		}
	struct plan_input in = { .units = units, .n_units = (size_t)n_units, .people = people, .n_people = n,
				 .groups = groups, .n_groups = (size_t)n_groups,
				 .rules = { .places = places, .front_line_min_pct = 80, .branch_min_members = 3,
					    .unit_share_max_pct = share, .time_limit_s = limit } };
	struct plan_result res;
	struct err e;
	err_clear(&e);
	double t0 = now_s();
	if (plan_solve(&in, &res, &e)) {
		fprintf(stderr, "plan_solve: %s\n", e.message);
		return 1;
	}
	double wall = now_s() - t0;
	/* the returned plan, checked again by plan_check */
	struct plan_result chk;
	if (res.feasible && plan_check(&in, res.group_of, &chk, &e)) {
		fprintf(stderr, "plan_check: %s\n", e.message);
		return 1;
	}
	int breaks = res.feasible ? (int)chk.n_conflicts : -1;
	int used = 0;
	for (int g = 0; g < n_groups; g++)
		used += res.secretary[g] >= 0;
	printf("staff=%ld units=%d eligible=%zu places=%d groups=%d capacity=%ld feasible=%d optimal=%d gap=%.6f "
	       "selected=%d front_line=%d score=%ld groups_used=%d breaks=%d wall_s=%.2f\n",
	       assigned, n_units, n, places, n_groups, capacity, res.feasible, res.optimal, res.gap, res.selected,
	       res.front_line, res.score, used, breaks, wall);
	for (size_t i = 0; i < res.n_conflicts; i++)
		printf("conflict %s need=%ld have=%ld: %s\n", res.conflicts[i].constraint, res.conflicts[i].need,
		       res.conflicts[i].have, res.conflicts[i].message_en);
	if (res.feasible)
		plan_result_free(&chk);
	plan_result_free(&res);
	free(units);
	free(ucode);
	free(w);
	free(people);
	free(badge);
	free(hired);
	free(groups);
	free(gcode);
	free(gstart);
	free(gend);
	return breaks > 0 ? 1 : 0;
}
