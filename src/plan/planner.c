/*
 * planner.c — recuperation planning (CONTRACTS §7) as an integer programme solved by CBC.
 *
 * The formulation aggregates: people of one unit and one party status ("a class") differ only
 * by score (and people of units whose eligible all fit under the unit's cap only by party,
 * front-line status and score: they share pooled classes), and groups with the same dates
 * ("a date class") differ only by size, so
 *   x[c, d]  integer   members of class c sent in date class d
 *   z[c, s]  in [0, m] members of class c with the class's s-th distinct score (m of them);
 *            Σ_s z[c, s] = Σ_d x[c, d] and, as the objective maximises, the top scores fill first
 *   p[g], q[g] integer party and non-party members of group g; used[g] binary
 *   Σ_{g in d} p[g] = Σ_{party c} x[c, d], the same for q; p + q ≤ size_max·used; p ≥ min·used
 *   Σ x = places; Σ_{front-line c} x ≥ ceil(pct·places/100)
 *   for a unit u and a day t: Σ_{c of u} Σ_{d covering t} x[c, d] ≤ cap(u); the days are the
 *   start dates of the date classes, less those whose set of classes another one's contains.
 * Any solution disaggregates into people (the top scores of each class, ties by badge_no,
 * groups filled in order), and that plan is checked against every rule (planner_check.c).
 * Infeasibility is explained by plain bounds first, then by a deletion filter over the rule
 * families with the solver.
 */
#include "plan/planner_int.h"
#include "base/array.h"
#include "base/err.h"
#include "plan/cbc.h"

#include <math.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CBC's solver entry (CbcMain1) keeps state in statics: one solve at a time in a process. */
static pthread_mutex_t cbc_lock = PTHREAD_MUTEX_INITIALIZER;

enum { FAM_FRONT = 1, FAM_SIZE = 2, FAM_BRANCH = 4, FAM_UNIT = 8, FAM_ALL = 15 };
enum mode { MODE_SCORE, MODE_COUNT };

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the model ---- */

struct mcol {
	double lb, ub, obj;
	bool is_int;
};
struct mrow {
	double lo, hi;
};
struct mnz {
	int row, col;
	double v;
};

struct model {
	struct mcol *col;
	struct mrow *row;
	struct mnz *nz;
	long ncols, nrows, nnz, col_cap, row_cap, nz_cap;
	bool oom;
	struct err e;
};

static int add_col(struct model *m, double lb, double ub, double obj, bool is_int)
{
	struct mcol *c = array_push(&m->col, &m->ncols, &m->col_cap, sizeof *c, &m->e);
	if (!c) {
		m->oom = true;
		return -1;
	}
	*c = (struct mcol){ lb, ub, obj, is_int };
	return (int)(m->ncols - 1);
}

static int add_row(struct model *m, double lo, double hi)
{
	struct mrow *r = array_push(&m->row, &m->nrows, &m->row_cap, sizeof *r, &m->e);
	if (!r) {
		m->oom = true;
		return -1;
	}
	*r = (struct mrow){ lo, hi };
	return (int)(m->nrows - 1);
}

static void add_nz(struct model *m, int row, int col, double v)
{
	if (row < 0 || col < 0 || m->oom)
		return;
	struct mnz *z = array_push(&m->nz, &m->nnz, &m->nz_cap, sizeof *z, &m->e);
	if (!z)
		m->oom = true;
	else
		*z = (struct mnz){ row, col, v };
}

static void model_free(struct model *m)
{
	free(m->col);
	free(m->row);
	free(m->nz);
	memset(m, 0, sizeof *m);
}

/* Column indices of one built model. */
struct cols {
	int *x;      /* n_cls * n_dc */
	int *p, *q, *used; /* per group */
};

struct solve_out {
	bool solved;     /* a solution is at hand */
	bool optimal;
	bool infeasible; /* proven */
	double obj, bound;
	int *x, *p, *q;  /* rounded values (x: n_cls*n_dc; p, q: per group) */
};

static void solve_out_free(struct solve_out *s)
{
	free(s->x);
	free(s->p);
	free(s->q);
	memset(s, 0, sizeof *s);
}

static long class_max(const struct prep *pr, size_t c)
{
	return (long)pr->cls[c].n;
}

/*
 * Build and solve: mode SCORE fixes Σx = target and maximises the score; mode COUNT maximises
 * Σx ≤ target.  fam: the rule families in force.  *deadline: 0 for none; below 0 until the
 * first solve holds the solver, which then sets it to the time limit from that moment (the
 * wait for the lock and the preparation do not count against the solver).
 */
static int build_solve(const struct prep *pr, enum mode mode, long target, int fam, double *deadline,
		       struct solve_out *so, struct err *e)
{
	const struct plan_input *in = pr->in;
	const struct plan_rules *r = &in->rules;
	struct model m = { 0 };
	struct cols cl = { 0 };

	memset(so, 0, sizeof *so);
	/* CBC is loaded here, by the first solve of the process (plan/cbc.h) */
	const struct cbc_api *cbc = cbc_api(e);
	if (!cbc)
		return -1;
	size_t nx = pr->n_cls * pr->n_dc;
	cl.x = malloc((nx ? nx : 1) * sizeof *cl.x);
	cl.p = malloc((in->n_groups ? in->n_groups : 1) * sizeof *cl.p);
	cl.q = malloc((in->n_groups ? in->n_groups : 1) * sizeof *cl.q);
	cl.used = malloc((in->n_groups ? in->n_groups : 1) * sizeof *cl.used);
	so->x = calloc(nx ? nx : 1, sizeof *so->x);
	so->p = calloc(in->n_groups ? in->n_groups : 1, sizeof *so->p);
	so->q = calloc(in->n_groups ? in->n_groups : 1, sizeof *so->q);
	int rc = -1;
	if (!cl.x || !cl.p || !cl.q || !cl.used || !so->x || !so->p || !so->q) {
		err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
		goto out;
	}
	double big = (double)target + 1;

	/* x columns, with the class link rows Σ_d x - Σ_s z = 0 */
	for (size_t c = 0; c < pr->n_cls; c++) {
		const struct cls *k = &pr->cls[c];
		int link = add_row(&m, 0, 0);
		for (size_t d = 0; d < pr->n_dc; d++) {
			double ub = (double)class_max(pr, c);
			if ((fam & FAM_UNIT) && k->unit < in->n_units && ub > pr->cap[k->unit])
				ub = pr->cap[k->unit];
			if ((fam & FAM_SIZE) && ub > (double)pr->dc[d].capacity)
				ub = (double)pr->dc[d].capacity;
			int col = add_col(&m, 0, ub, mode == MODE_COUNT ? 1 : 0, true);
			cl.x[c * pr->n_dc + d] = col;
			add_nz(&m, link, col, 1);
		}
		for (size_t i = 0; i < k->n;) {
			size_t j = i;
			long s = in->people[k->people[i]].score;
			while (j < k->n && in->people[k->people[j]].score == s)
				j++;
			int col = add_col(&m, 0, (double)(j - i), mode == MODE_SCORE ? (double)s : 0, false);
			add_nz(&m, link, col, -1);
			i = j;
		}
	}
	/* groups */
	for (size_t g = 0; g < in->n_groups; g++) {
		double size = (fam & FAM_SIZE) ? in->groups[g].size_max : big;
		cl.p[g] = add_col(&m, 0, size, 0, true);
		cl.q[g] = add_col(&m, 0, size, 0, true);
		cl.used[g] = add_col(&m, 0, 1, 0, true);
		int row = add_row(&m, -INFINITY, 0);
		add_nz(&m, row, cl.p[g], 1);
		add_nz(&m, row, cl.q[g], 1);
		add_nz(&m, row, cl.used[g], -size);
		if ((fam & FAM_BRANCH) && r->branch_min_members > 0) {
			row = add_row(&m, 0, INFINITY);
			add_nz(&m, row, cl.p[g], 1);
			add_nz(&m, row, cl.used[g], -r->branch_min_members);
		}
	}
	/* at least as many groups used as it takes to seat everyone (the largest first): with
	 * p ≥ min·used it lifts the party members the relaxation needs to what a plan needs */
	if (mode == MODE_SCORE && (fam & FAM_SIZE) && (fam & FAM_BRANCH) && r->branch_min_members > 0) {
		long need = plan_groups_to_seat(in, target);
		if (need > 0) {
			int row = add_row(&m, (double)need, INFINITY);
			for (size_t g = 0; g < in->n_groups; g++)
				if (in->groups[g].size_max >= r->branch_min_members)
					add_nz(&m, row, cl.used[g], 1);
		}
	}
	/* identical groups (same dates and size) are used in order, the fuller first */
	for (size_t d = 0; d < pr->n_dc; d++) {
		const struct dclass *dc = &pr->dc[d];
		for (size_t i = 1; i < dc->n_groups; i++) {
			size_t g = dc->groups[i - 1], h = dc->groups[i];
			if (in->groups[g].size_max != in->groups[h].size_max)
				continue;
			int row = add_row(&m, 0, INFINITY);
			add_nz(&m, row, cl.used[g], 1);
			add_nz(&m, row, cl.used[h], -1);
			row = add_row(&m, 0, INFINITY);
			add_nz(&m, row, cl.p[g], 1);
			add_nz(&m, row, cl.q[g], 1);
			add_nz(&m, row, cl.p[h], -1);
			add_nz(&m, row, cl.q[h], -1);
		}
	}
	/* date class links: party and non-party */
	for (size_t d = 0; d < pr->n_dc; d++) {
		for (int party = 0; party < 2; party++) {
			int row = add_row(&m, 0, 0);
			for (size_t i = 0; i < pr->dc[d].n_groups; i++) {
				size_t g = pr->dc[d].groups[i];
				add_nz(&m, row, party ? cl.p[g] : cl.q[g], 1);
			}
			for (size_t c = 0; c < pr->n_cls; c++)
				if (pr->cls[c].party == (bool)party)
					add_nz(&m, row, cl.x[c * pr->n_dc + d], -1);
		}
	}
	/* places */
	int total = mode == MODE_SCORE ? add_row(&m, (double)target, (double)target) : add_row(&m, -INFINITY, (double)target);
	for (size_t i = 0; i < nx; i++)
		add_nz(&m, total, cl.x[i], 1);
	/* front line */
	if ((fam & FAM_FRONT) && r->front_line_min_pct > 0) {
		if (mode == MODE_SCORE) {
			int row = add_row(&m, (double)plan_ceil_pct(target, r->front_line_min_pct), INFINITY);
			for (size_t c = 0; c < pr->n_cls; c++)
				if (pr->cls[c].front)
					for (size_t d = 0; d < pr->n_dc; d++)
						add_nz(&m, row, cl.x[c * pr->n_dc + d], 1);
		} else {
			int row = add_row(&m, 0, INFINITY);
			for (size_t c = 0; c < pr->n_cls; c++) {
				double v = (pr->cls[c].front ? 100.0 : 0.0) - r->front_line_min_pct;
				for (size_t d = 0; d < pr->n_dc; d++)
					add_nz(&m, row, cl.x[c * pr->n_dc + d], v);
			}
		}
	}
	/* a unit's members away on one day */
	if (fam & FAM_UNIT) {
		for (size_t u = 0; u < in->n_units; u++) {
			if (pr->n_elig[u] <= pr->cap[u])
				continue;
			for (size_t t = 0; t < pr->n_clq; t++) {
				int row = add_row(&m, -INFINITY, pr->cap[u]);
				for (size_t c = pr->cls_of_unit[u]; c < pr->n_cls && pr->cls[c].unit == u; c++)
					for (size_t d = 0; d < pr->n_dc; d++)
						if (pr->clq[t * pr->n_dc + d])
							add_nz(&m, row, cl.x[c * pr->n_dc + d], 1);
			}
		}
	}
	if (m.oom) {
		err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
		goto out;
	}

	/* compressed columns, and the bounds as CBC takes them */
	int nc = (int)m.ncols, nr = (int)m.nrows;
	int *start = calloc((size_t)nc + 1, sizeof *start), *fill = malloc((size_t)(nc + 1) * sizeof *fill);
	int *idx = malloc((size_t)(m.nnz + 1) * sizeof *idx);
	double *val = malloc((size_t)(m.nnz + 1) * sizeof *val), *bounds = malloc((size_t)(3 * nc + 2 * nr + 1) * sizeof *bounds);
	if (!start || !fill || !idx || !val || !bounds) {
		free(start);
		free(fill);
		free(idx);
		free(val);
		free(bounds);
		err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
		goto out;
	}
	for (long i = 0; i < m.nnz; i++)
		start[m.nz[i].col + 1]++;
	for (int i = 0; i < nc; i++)
		start[i + 1] += start[i];
	memcpy(fill, start, (size_t)nc * sizeof *fill);
	for (long i = 0; i < m.nnz; i++) {
		int k = fill[m.nz[i].col]++;
		idx[k] = m.nz[i].row;
		val[k] = m.nz[i].v;
	}
	free(fill);
	double *clb = bounds, *cub = clb + nc, *obj = cub + nc, *rlb = obj + nc, *rub = rlb + nr;
	for (int i = 0; i < nc; i++) {
		clb[i] = m.col[i].lb;
		cub[i] = m.col[i].ub;
		obj[i] = m.col[i].obj;
	}
	for (int i = 0; i < nr; i++) {
		rlb[i] = m.row[i].lo;
		rub[i] = m.row[i].hi;
	}

	pthread_mutex_lock(&cbc_lock);
	Cbc_Model *model = cbc->newModel();
	cbc->loadProblem(model, nc, nr, start, idx, val, clb, cub, obj, rlb, rub);
	free(start);
	free(idx);
	free(val);
	free(bounds);
	for (int i = 0; i < nc; i++)
		if (m.col[i].is_int)
			cbc->setInteger(model, i);
	cbc->setObjSense(model, -1);
	cbc->setLogLevel(model, 0);
	cbc->setParameter(model, "log", "0");
	cbc->setParameter(model, "slog", "0");
	cbc->setParameter(model, "threads", "0");
	/* the time limit is the user's wait, not CPU time */
	cbc->setParameter(model, "timeMode", "elapsed");
	/* flow cover cuts found nothing here and took 8 of 12 s on the benchmark's city */
	cbc->setParameter(model, "flowCoverCuts", "off");
	cbc->setParameter(model, "randomCbcSeed", "12345");
	cbc->setParameter(model, "randomSeed", "12345");
	/* every objective here is an integer: a gap below 1 proves optimality */
	cbc->setAllowableGap(model, 0.5);
	if (*deadline < 0)
		*deadline = now_s() + r->time_limit_s;
	if (*deadline > 0) {
		double left = *deadline - now_s();
		cbc->setMaximumSeconds(model, left > 0.01 ? left : 0.01);
	}
	cbc->solve(model);
	const double *sol = cbc->bestSolution(model);
	so->optimal = cbc->isProvenOptimal(model) != 0;
	so->infeasible = cbc->isProvenInfeasible(model) != 0;
	if (sol && !so->infeasible) {
		so->solved = true;
		so->obj = cbc->getObjValue(model);
		so->bound = cbc->getBestPossibleObjValue(model);
		for (size_t i = 0; i < nx; i++)
			so->x[i] = (int)lround(sol[cl.x[i]]);
		for (size_t g = 0; g < in->n_groups; g++) {
			so->p[g] = (int)lround(sol[cl.p[g]]);
			so->q[g] = (int)lround(sol[cl.q[g]]);
		}
	}
	cbc->deleteModel(model);
	pthread_mutex_unlock(&cbc_lock);
	rc = 0;
out:
	model_free(&m);
	free(cl.x);
	free(cl.p);
	free(cl.q);
	free(cl.used);
	if (rc)
		solve_out_free(so);
	return rc;
}

/* ---- from counts to people ---- */

static int disaggregate(const struct prep *pr, const struct solve_out *so, int *group_of, struct err *e)
{
	const struct plan_input *in = pr->in;
	for (size_t i = 0; i < in->n_people; i++)
		group_of[i] = -1;
	size_t n = in->n_people ? in->n_people : 1;
	size_t *pool = malloc(2 * pr->n_dc * n * sizeof *pool);
	size_t *npool = calloc(2 * pr->n_dc, sizeof *npool);
	if (!pool || !npool) {
		free(pool);
		free(npool);
		return err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
	}
	/* each class's best go first, into the date classes in order */
	for (size_t c = 0; c < pr->n_cls; c++) {
		size_t next = 0;
		for (size_t d = 0; d < pr->n_dc; d++) {
			size_t slot = 2 * d + (pr->cls[c].party ? 1 : 0);
			for (int k = 0; k < so->x[c * pr->n_dc + d] && next < pr->cls[c].n; k++)
				pool[slot * n + npool[slot]++] = pr->cls[c].people[next++];
		}
	}
	for (size_t d = 0; d < pr->n_dc; d++) {
		size_t used[2] = { 0, 0 };
		for (size_t i = 0; i < pr->dc[d].n_groups; i++) {
			size_t g = pr->dc[d].groups[i];
			for (int party = 0; party < 2; party++) {
				size_t slot = 2 * d + (size_t)party;
				int want = party ? so->p[g] : so->q[g];
				for (int k = 0; k < want && used[party] < npool[slot]; k++)
					group_of[pool[slot * n + used[party]++]] = (int)g;
			}
		}
	}
	free(pool);
	free(npool);
	return 0;
}

/* ---- conflicts ---- */

static const char *fam_code(int f)
{
	switch (f) {
	case FAM_FRONT: return "front_line_min_pct";
	case FAM_SIZE: return "size_max";
	case FAM_BRANCH: return "branch_min_members";
	default: return "unit_share_max_pct";
	}
}

static const char *fam_zh(int f)
{
	switch (f) {
	case FAM_FRONT: return "一线人员比例下限";
	case FAM_SIZE: return "团组人数上限";
	case FAM_BRANCH: return "每组党员人数下限（临时党支部）";
	default: return "同一单位同时外出比例上限";
	}
}

static const char *fam_en(int f)
{
	switch (f) {
	case FAM_FRONT: return "the front-line share";
	case FAM_SIZE: return "the group sizes";
	case FAM_BRANCH: return "the party members per group (temporary branch)";
	default: return "the share of a unit away at once";
	}
}

/* Plain bounds, in the users' words.  Returns the number of conflicts added, -1 on no memory. */
static int bounds(const struct prep *pr, long T, struct plan_result *out)
{
	const struct plan_input *in = pr->in;
	const struct plan_rules *r = &in->rules;
	size_t before = out->n_conflicts;
	long capacity = 0, usable = 0;
	for (size_t g = 0; g < in->n_groups; g++) {
		capacity += in->groups[g].size_max;
		if (in->groups[g].size_max >= r->branch_min_members)
			usable += in->groups[g].size_max;
	}
	if (capacity < T &&
	    plan_conflict_add(out, "size_max", T, capacity, "",
			      "各团组人数上限合计只能容纳 %ld 人，少于 %ld 个名额", "The groups hold %ld people in all (size_max), fewer than the %ld places",
			      capacity, T))
		return -1;
	long n_front = 0, n_party = 0, send_all = 0, send_front = 0, send_party = 0;
	for (size_t i = 0; i < in->n_people; i++) {
		n_front += in->units[in->people[i].unit].front_line;
		n_party += in->people[i].party;
	}
	for (size_t u = 0; u < in->n_units; u++) {
		long can = (long)pr->cap[u] * pr->alpha;
		long a = pr->n_elig[u] < can ? pr->n_elig[u] : can;
		long pa = pr->n_party[u] < can ? pr->n_party[u] : can;
		send_all += a;
		send_party += pa;
		if (in->units[u].front_line)
			send_front += a;
	}
	if (r->branch_min_members > T) {
		if (plan_conflict_add(out, "branch_min_members", r->branch_min_members, T, "",
				      "每个临时党支部至少需要 %d 名党员，多于全部 %ld 个名额",
				      "Each temporary party branch needs %d party members, more than all %ld places",
				      r->branch_min_members, T))
			return -1;
	} else if (r->branch_min_members > 0) {
		/* named beside a short capacity too, when the branch rule alone shrinks it further */
		if (usable < T && (capacity >= T || usable < capacity)) {
			if (plan_conflict_add(out, "branch_min_members", T, usable, "",
					      "每个临时党支部至少需要 %d 名党员，人数上限不少于 %d 人的团组合计只能容纳 %ld 人，少于 %ld 个名额",
					      "Each temporary party branch needs %d party members; the groups of at least %d places hold %ld people, fewer than the %ld places",
					      r->branch_min_members, r->branch_min_members, usable, T))
				return -1;
		} else if (usable >= T) {
			long m = plan_groups_to_seat(in, T);
			if (m < 0)
				return -1;
			long need = m * r->branch_min_members;
			if (n_party < need) {
				if (plan_conflict_add(out, "branch_min_members", need, n_party, "",
						      "安排 %ld 人至少需要 %ld 个团组，每组至少 %d 名党员，共需党员 %ld 人，符合条件的党员只有 %ld 人",
						      "Seating %ld people takes at least %ld groups of at least %d party members each, %ld party members; only %ld eligible people are party members",
						      T, m, r->branch_min_members, need, n_party))
					return -1;
			} else if (send_party < need) {
				if (plan_conflict_add(out, "branch_min_members", need, send_party, "",
						      "在同一单位同时外出不超过本单位人数 %d%% 的限制下，各单位最多能派出党员 %ld 人，至少需要 %ld 人",
						      "With at most %d%% of a unit away at once, the units can send %ld party members; %ld are needed",
						      r->unit_share_max_pct, send_party, need))
					return -1;
			}
		}
	}
	long F = plan_ceil_pct(T, r->front_line_min_pct);
	if (n_front < F) {
		if (plan_conflict_add(out, "front_line_min_pct", F, n_front, "",
				      "一线人员名额至少需要 %ld 人，符合条件的一线人员只有 %ld 人",
				      "At least %ld front-line places are needed; only %ld eligible people are front-line", F, n_front))
			return -1;
	} else if (send_front < F) {
		if (plan_conflict_add(out, "front_line_min_pct", F, send_front, "",
				      "在同一单位同时外出不超过本单位人数 %d%% 的限制下，一线单位最多能派出 %ld 人，一线名额至少需要 %ld 人",
				      "With at most %d%% of a unit away at once, the front-line units can send %ld people; at least %ld front-line places are needed",
				      r->unit_share_max_pct, send_front, F))
			return -1;
	}
	if (send_all < T &&
	    plan_conflict_add(out, "unit_share_max_pct", T, send_all, "",
			      "在同一单位同时外出不超过本单位人数 %d%% 的限制下，各单位最多能派出 %ld 人，少于 %ld 个名额",
			      "With at most %d%% of a unit away at once, the units can send %ld people, fewer than the %ld places",
			      r->unit_share_max_pct, send_all, T))
		return -1;
	return (int)(out->n_conflicts - before);
}

/* The English message of the last conflict, formatted apart from the Chinese one's arguments. */
__attribute__((format(printf, 2, 3))) static void last_en(struct plan_result *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->conflicts[out->n_conflicts - 1].message_en, sizeof out->conflicts[0].message_en, fmt, ap);
	va_end(ap);
}

/* The solver said no with every bound met: which rule families together make it so. */
static int explain(const struct prep *pr, long T, double *deadline, struct plan_result *out, struct err *e)
{
	const struct plan_rules *r = &pr->in->rules;
	struct solve_out so;
	if (build_solve(pr, MODE_COUNT, T, FAM_ALL, deadline, &so, e))
		return -1;
	long best = so.solved ? lround(so.obj) : 0;
	solve_out_free(&so);
	int active = FAM_SIZE;
	if (r->front_line_min_pct > 0)
		active |= FAM_FRONT;
	if (r->branch_min_members > 0)
		active |= FAM_BRANCH;
	for (size_t u = 0; u < pr->in->n_units; u++)
		if (pr->n_elig[u] > pr->cap[u])
			active |= FAM_UNIT;
	/* deletion filter: drop a family when the rest still cannot seat T */
	int on = active;
	for (int f = 1; f <= FAM_UNIT; f <<= 1) {
		if (!(on & f))
			continue;
		if (build_solve(pr, MODE_COUNT, T, on & ~f, deadline, &so, e))
			return -1;
		bool fits = so.solved && lround(so.obj) >= T;
		solve_out_free(&so);
		if (!fits)
			on &= ~f;
	}
	if (!on)
		on = active;
	int n = 0;
	char zh[160] = "", en[200] = "", codes[96] = "";
	for (int f = 1; f <= FAM_UNIT; f <<= 1) {
		if (!(on & f))
			continue;
		size_t lz = strlen(zh), le = strlen(en), lc = strlen(codes);
		snprintf(zh + lz, sizeof zh - lz, "%s%s", n ? "、" : "", fam_zh(f));
		snprintf(en + le, sizeof en - le, "%s%s", n ? ", " : "", fam_en(f));
		snprintf(codes + lc, sizeof codes - lc, "%s%s", n ? " + " : "", fam_code(f));
		n++;
	}
	int rc;
	if (n == 1) {
		rc = plan_conflict_add(out, codes, T, best, "", "%s与其他规则无法同时满足：最多只能选出 %ld 人，名额为 %ld 人",
				       "%s%ld%ld", zh, best, T);
		if (!rc)
			last_en(out, "%s cannot be met together with the other rules: at most %ld of the %ld places can be filled",
				 en, best, T);
	} else {
		/* "combined" with the rule names in subject, then one entry per rule involved, so a
		 * program matching a rule's name finds each; the English messages carry English names */
		rc = plan_conflict_add(out, "combined", T, best, codes,
				       "以下规则合在一起无法同时满足：%s；最多只能选出 %ld 人，名额为 %ld 人", "%s%ld%ld", zh, best, T);
		if (!rc)
			last_en(out, "These rules cannot all be met together: %s; at most %ld of the %ld places can be filled", en,
				 best, T);
		for (int f = 1; !rc && f <= FAM_UNIT; f <<= 1) {
			if (!(on & f))
				continue;
			rc = plan_conflict_add(out, fam_code(f), T, best, codes,
					       "%s与 subject 所列其他规则无法同时满足：最多只能选出 %ld 人，名额为 %ld 人", "%s%ld%ld",
					       fam_zh(f), best, T);
			if (!rc)
				last_en(out, "%c%s cannot be met together with the other rules in subject: at most %ld of the %ld places can be filled",
					 fam_en(f)[0] - 'a' + 'A', fam_en(f) + 1, best, T);
		}
	}
	if (rc)
		return err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
	if (n == 1 && out->n_conflicts) {
		/* English first letter in capitals reads better: "The front-line share ..." */
		char *m = out->conflicts[out->n_conflicts - 1].message_en;
		if (m[0] >= 'a' && m[0] <= 'z')
			m[0] = (char)(m[0] - 'a' + 'A');
	}
	return 0;
}

static int fill_plan(const struct prep *pr, const struct solve_out *so, struct plan_result *out, struct err *e)
{
	if (disaggregate(pr, so, out->group_of, e))
		return -1;
	size_t before = out->n_conflicts;
	if (plan_evaluate(pr, out->group_of, out, e))
		return -1;
	if (out->n_conflicts != before)
		return err_set(e, ERR_INTERNAL, "plan.check", NULL, "求解结果未通过规则检查：%s（the solver's plan breaks a rule）",
			       out->conflicts[before].message_zh);
	return 0;
}

/* The solver ran out of its time with no plan at hand (503). */
static void time_limit_err(const struct plan_rules *r, struct err *e)
{
	err_set(e, ERR_UNAVAILABLE, "plan.time_limit", "time_limit_s",
		"求解器计算 %.0f 秒仍未找到可行方案（the solver found no plan in its %.0f s of solving）", r->time_limit_s,
		r->time_limit_s);
}

int plan_solve(const struct plan_input *in, struct plan_result *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	double t0 = now_s();
	struct prep pr;
	if (plan_prepare(in, &pr, e))
		return -1;
	int rc = -1;
	out->group_of = malloc((in->n_people ? in->n_people : 1) * sizeof *out->group_of);
	out->secretary = malloc((in->n_groups ? in->n_groups : 1) * sizeof *out->secretary);
	if (!out->group_of || !out->secretary) {
		err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
		goto out;
	}
	for (size_t i = 0; i < in->n_people; i++)
		out->group_of[i] = -1;
	for (size_t g = 0; g < in->n_groups; g++)
		out->secretary[g] = -1;
	double deadline = in->rules.time_limit_s > 0 ? -1 : 0;
	long places = in->rules.places;
	struct solve_out so = { 0 };
	if (places == 0) {
		out->feasible = out->optimal = true;
		rc = plan_evaluate(&pr, out->group_of, out, e);
		goto out;
	}
	long T = places;
	bool count_optimal = true;
	if ((long)in->n_people < places) {
		/* fewer eligible than places: as many as fit, then the best score among them */
		if (build_solve(&pr, MODE_COUNT, places, FAM_ALL, &deadline, &so, e))
			goto out;
		/* 0 always fits: unsolved, unless proven (nothing to choose from), is the time limit */
		if (!so.solved && !so.optimal) {
			solve_out_free(&so);
			time_limit_err(&in->rules, e);
			goto out;
		}
		T = so.solved ? lround(so.obj) : 0;
		count_optimal = so.optimal;
		solve_out_free(&so);
		/* not all who are eligible fit: the rules that keep them out are named beside the
		 * plan (still feasible, §7), plain bounds first, else the solver's deletion filter */
		if (T < (long)in->n_people) {
			int nb = bounds(&pr, (long)in->n_people, out);
			if (nb < 0) {
				err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
				goto out;
			}
			if (nb == 0 && explain(&pr, (long)in->n_people, &deadline, out, e))
				goto out;
		}
		if (T == 0) {
			out->feasible = true;
			out->optimal = count_optimal;
			rc = plan_evaluate(&pr, out->group_of, out, e);
			goto out;
		}
	} else {
		int n = bounds(&pr, T, out);
		if (n < 0) {
			err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
			goto out;
		}
		if (n > 0) {
			out->feasible = false;
			rc = 0;
			goto out;
		}
	}
	if (build_solve(&pr, MODE_SCORE, T, FAM_ALL, &deadline, &so, e))
		goto out;
	if (so.solved) {
		out->feasible = true;
		out->optimal = so.optimal && count_optimal;
		if (!so.optimal) {
			double obj = fabs(so.obj) > 1 ? fabs(so.obj) : 1;
			out->gap = fabs(so.bound - so.obj) / obj;
		}
		rc = fill_plan(&pr, &so, out, e);
		solve_out_free(&so);
		goto out;
	}
	bool infeasible = so.infeasible;
	solve_out_free(&so);
	if (!infeasible) {
		time_limit_err(&in->rules, e);
		goto out;
	}
	out->feasible = false;
	rc = explain(&pr, T, &deadline, out, e);
out:
	out->seconds = now_s() - t0;
	plan_prep_free(&pr);
	if (rc) {
		plan_result_free(out);
		memset(out, 0, sizeof *out);
	}
	return rc;
}
