/*
 * planner_check.c — the planner's input checks and preparation (classes of people, date
 * classes of groups, the days that matter), the rules checked on an assignment (plan_check,
 * and every plan the solver returns), and the result's memory.
 */
#include "plan/planner_int.h"
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long plan_ceil_pct(long n, int pct)
{
	return (n * pct + 99) / 100;
}

int plan_cmp_int_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x < y) - (x > y);
}

long plan_groups_to_seat(const struct plan_input *in, long n)
{
	int *sizes = malloc((in->n_groups ? in->n_groups : 1) * sizeof *sizes);
	if (!sizes)
		return -1;
	size_t k = 0;
	for (size_t g = 0; g < in->n_groups; g++)
		if (in->groups[g].size_max >= in->rules.branch_min_members)
			sizes[k++] = in->groups[g].size_max;
	qsort(sizes, k, sizeof *sizes, plan_cmp_int_desc);
	long seated = 0, m = 0;
	while (seated < n && m < (long)k)
		seated += sizes[m++];
	free(sizes);
	return m;
}

int plan_conflict_add(struct plan_result *out, const char *constraint, long need, long have, const char *subject,
		      const char *fmt_zh, const char *fmt_en, ...)
{
	struct plan_conflict *c = realloc(out->conflicts, (out->n_conflicts + 1) * sizeof *c);
	if (!c)
		return -1;
	out->conflicts = c;
	c += out->n_conflicts++;
	memset(c, 0, sizeof *c);
	snprintf(c->constraint, sizeof c->constraint, "%s", constraint);
	snprintf(c->subject, sizeof c->subject, "%s", subject ? subject : "");
	c->need = need;
	c->have = have;
	va_list ap, aq;
	va_start(ap, fmt_en);
	va_copy(aq, ap);
	vsnprintf(c->message_zh, sizeof c->message_zh, fmt_zh, ap);
	vsnprintf(c->message_en, sizeof c->message_en, fmt_en, aq);
	va_end(aq);
	va_end(ap);
	return 0;
}

void plan_result_free(struct plan_result *r)
{
	if (!r)
		return;
	free(r->group_of);
	free(r->secretary);
	free(r->conflicts);
	r->group_of = NULL;
	r->secretary = NULL;
	r->conflicts = NULL;
	r->n_conflicts = 0;
}

/* ---- input ---- */

static bool is_date(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static int validate(const struct plan_input *in, struct err *e)
{
	const struct plan_rules *r = &in->rules;
	if (r->places < 0)
		return err_set(e, ERR_INVALID, "plan.invalid", "places", "名额不能为负数（places must not be negative）");
	if (r->front_line_min_pct < 0 || r->front_line_min_pct > 100)
		return err_set(e, ERR_INVALID, "plan.invalid", "front_line_min_pct",
			       "一线比例应在 0 到 100 之间（front_line_min_pct must be 0 to 100）");
	if (r->unit_share_max_pct < 0 || r->unit_share_max_pct > 100)
		return err_set(e, ERR_INVALID, "plan.invalid", "unit_share_max_pct",
			       "单位外出比例应在 0 到 100 之间（unit_share_max_pct must be 0 to 100）");
	if (r->branch_min_members < 0)
		return err_set(e, ERR_INVALID, "plan.invalid", "branch_min_members",
			       "每组党员人数不能为负数（branch_min_members must not be negative）");
	if (!(r->time_limit_s >= 0))
		return err_set(e, ERR_INVALID, "plan.invalid", "time_limit_s", "时限不能为负数（time_limit_s must not be negative）");
	if ((in->n_units && !in->units) || (in->n_people && !in->people) || (in->n_groups && !in->groups))
		return err_set(e, ERR_INVALID, "plan.invalid", NULL, "输入不完整（missing input arrays）");
	for (size_t u = 0; u < in->n_units; u++)
		if (!in->units[u].code || in->units[u].staff < 0)
			return err_set(e, ERR_INVALID, "plan.invalid", "units", "第 %zu 个单位的编码或人数无效（unit %zu: bad code or staff）",
				       u + 1, u + 1);
	for (size_t i = 0; i < in->n_people; i++) {
		const struct plan_person *p = &in->people[i];
		if (!p->badge_no || p->unit >= in->n_units)
			return err_set(e, ERR_INVALID, "plan.invalid", "people", "第 %zu 个人员的警号或单位无效（person %zu: bad badge_no or unit）",
				       i + 1, i + 1);
		if (p->hired_on && !is_date(p->hired_on))
			return err_set(e, ERR_INVALID, "plan.invalid", "hired_on", "%s 的入职日期“%s”无效（bad hired_on）", p->badge_no,
				       p->hired_on);
	}
	for (size_t g = 0; g < in->n_groups; g++) {
		const struct plan_group *gr = &in->groups[g];
		const char *code = gr->code ? gr->code : "?";
		if (!is_date(gr->start) || !is_date(gr->end) || strcmp(gr->start, gr->end) > 0)
			return err_set(e, ERR_INVALID, "plan.invalid", "groups.start",
				       "团组 %s 的起止日期无效（group %s: start and end must be YYYY-MM-DD, end not before start）", code, code);
		if (gr->size_max < 0)
			return err_set(e, ERR_INVALID, "plan.invalid", "groups.size_max", "团组 %s 的人数上限不能为负数（group %s: size_max < 0）",
				       code, code);
	}
	return 0;
}

static int cmp_person(const void *a, const void *b, void *arg)
{
	const struct prep *pr = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct plan_person *x = &pr->in->people[i], *y = &pr->in->people[j];
	if (pr->key[i] != pr->key[j])
		return pr->key[i] < pr->key[j] ? -1 : 1;
	if (x->party != y->party)
		return x->party ? 1 : -1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	int c = strcmp(x->badge_no, y->badge_no);
	if (c)
		return c;
	return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

static int cmp_group_dates(const void *a, const void *b, void *arg)
{
	const struct plan_group *gg = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(gg[i].start, gg[j].start);
	if (!c)
		c = strcmp(gg[i].end, gg[j].end);
	return c ? c : (i > j) - (i < j);
}

static int cmp_dc_end(const void *a, const void *b, void *arg)
{
	const struct dclass *dc = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(dc[i].end, dc[j].end);
	return c ? c : (i > j) - (i < j);
}

void plan_prep_free(struct prep *pr)
{
	free(pr->cap);
	free(pr->n_elig);
	free(pr->n_party);
	free(pr->order);
	free(pr->cls);
	free(pr->cls_of_unit);
	free(pr->key);
	free(pr->dc);
	free(pr->dc_of);
	free(pr->dc_groups);
	free(pr->clq);
	memset(pr, 0, sizeof *pr);
}

#define N1(n) ((n) > 0 ? (n) : 1)

int plan_prepare(const struct plan_input *in, struct prep *pr, struct err *e)
{
	memset(pr, 0, sizeof *pr);
	if (validate(in, e))
		return -1;
	pr->in = in;
	size_t nu = in->n_units, np = in->n_people, ng = in->n_groups;
	pr->cap = calloc(N1(nu), sizeof *pr->cap);
	pr->n_elig = calloc(N1(nu), sizeof *pr->n_elig);
	pr->n_party = calloc(N1(nu), sizeof *pr->n_party);
	pr->order = malloc(N1(np) * sizeof *pr->order);
	pr->cls = calloc(2 * nu + 4, sizeof *pr->cls);
	pr->key = malloc(N1(np) * sizeof *pr->key);
	pr->cls_of_unit = calloc(N1(nu), sizeof *pr->cls_of_unit);
	pr->dc = calloc(N1(ng), sizeof *pr->dc);
	pr->dc_of = calloc(N1(ng), sizeof *pr->dc_of);
	pr->dc_groups = malloc(N1(ng) * sizeof *pr->dc_groups);
	pr->clq = calloc(N1(ng * ng), sizeof *pr->clq);
	size_t *dc_order = malloc(N1(ng) * sizeof *dc_order);
	if (!pr->cap || !pr->n_elig || !pr->n_party || !pr->order || !pr->cls || !pr->key || !pr->cls_of_unit || !pr->dc || !pr->dc_of ||
	    !pr->dc_groups || !pr->clq || !dc_order) {
		free(dc_order);
		plan_prep_free(pr);
		return err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
	}
	for (size_t u = 0; u < nu; u++) {
		long c = (long)in->units[u].staff * in->rules.unit_share_max_pct / 100;
		pr->cap[u] = c < 1 ? 1 : (int)c;
	}
	/* classes */
	for (size_t i = 0; i < np; i++) {
		pr->order[i] = i;
		pr->n_elig[in->people[i].unit]++;
		pr->n_party[in->people[i].unit] += in->people[i].party;
	}
	for (size_t i = 0; i < np; i++) {
		size_t u = in->people[i].unit;
		pr->key[i] = pr->n_elig[u] > pr->cap[u] ? u : nu + in->units[u].front_line;
	}
	qsort_r(pr->order, np, sizeof *pr->order, cmp_person, pr);
	for (size_t u = 0; u < nu; u++)
		pr->cls_of_unit[u] = 2 * nu + 4;
	for (size_t i = 0; i < np;) {
		size_t first = pr->order[i];
		struct cls *c = &pr->cls[pr->n_cls];
		c->unit = pr->key[first];
		c->party = in->people[first].party;
		c->front = in->units[in->people[first].unit].front_line;
		c->people = &pr->order[i];
		while (i < np && pr->key[pr->order[i]] == c->unit && in->people[pr->order[i]].party == c->party) {
			c->n++;
			i++;
		}
		if (c->unit < nu && pr->cls_of_unit[c->unit] > pr->n_cls)
			pr->cls_of_unit[c->unit] = pr->n_cls;
		pr->n_cls++;
	}
	/* date classes */
	for (size_t g = 0; g < ng; g++)
		pr->dc_groups[g] = g;
	qsort_r(pr->dc_groups, ng, sizeof *pr->dc_groups, cmp_group_dates, (void *)in->groups);
	for (size_t i = 0; i < ng;) {
		const struct plan_group *g0 = &in->groups[pr->dc_groups[i]];
		struct dclass *d = &pr->dc[pr->n_dc];
		d->start = g0->start;
		d->end = g0->end;
		d->groups = &pr->dc_groups[i];
		while (i < ng && !strcmp(in->groups[pr->dc_groups[i]].start, d->start) &&
		       !strcmp(in->groups[pr->dc_groups[i]].end, d->end)) {
			pr->dc_of[pr->dc_groups[i]] = pr->n_dc;
			d->capacity += in->groups[pr->dc_groups[i]].size_max;
			d->n_groups++;
			i++;
		}
		pr->n_dc++;
	}
	/* the days: each date class's start, with the classes away then; drop a day whose set
	 * another day's set contains (date classes are in start order) */
	size_t nd = pr->n_dc;
	for (size_t d = 0; d < nd; d++) {
		if (d > 0 && !strcmp(pr->dc[d].start, pr->dc[d - 1].start))
			continue;
		bool *row = &pr->clq[pr->n_clq * nd];
		for (size_t k = 0; k < nd; k++)
			row[k] = strcmp(pr->dc[k].start, pr->dc[d].start) <= 0 && strcmp(pr->dc[d].start, pr->dc[k].end) <= 0;
		pr->n_clq++;
	}
	size_t kept = 0;
	for (size_t t = 0; t < pr->n_clq; t++) {
		const bool *a = &pr->clq[t * nd];
		bool dominated = false;
		for (size_t s = 0; s < pr->n_clq && !dominated; s++) {
			if (s == t)
				continue;
			const bool *b = &pr->clq[s * nd];
			bool subset = true, equal = true;
			for (size_t k = 0; k < nd; k++) {
				if (a[k] && !b[k])
					subset = false;
				if (a[k] != b[k])
					equal = false;
			}
			/* of equal sets keep the first */
			if (subset && (!equal || s < t))
				dominated = true;
		}
		if (!dominated) {
			if (kept != t)
				memmove(&pr->clq[kept * nd], a, nd * sizeof *a);
			kept++;
		}
	}
	pr->n_clq = kept;
	/* most date classes pairwise apart: the earliest end first */
	for (size_t d = 0; d < nd; d++)
		dc_order[d] = d;
	qsort_r(dc_order, nd, sizeof *dc_order, cmp_dc_end, pr->dc);
	const char *last = NULL;
	for (size_t i = 0; i < nd; i++) {
		const struct dclass *d = &pr->dc[dc_order[i]];
		if (!last || strcmp(d->start, last) > 0) {
			pr->alpha++;
			last = d->end;
		}
	}
	free(dc_order);
	return 0;
}

/* ---- the rules on an assignment ---- */

static bool senior(const struct plan_person *a, const struct plan_person *b)
{
	if (a->hired_on && b->hired_on) {
		int c = strcmp(a->hired_on, b->hired_on);
		if (c)
			return c < 0;
	} else if (a->hired_on || b->hired_on) {
		return a->hired_on != NULL;
	}
	return strcmp(a->badge_no, b->badge_no) < 0;
}

#define ADD(...)                                         \
	do {                                             \
		if (plan_conflict_add(out, __VA_ARGS__)) \
			goto oom;                        \
	} while (0)

int plan_evaluate(const struct prep *pr, const int *group_of, struct plan_result *out, struct err *e)
{
	const struct plan_input *in = pr->in;
	const struct plan_rules *r = &in->rules;
	size_t ng = in->n_groups, nu = in->n_units, nd = pr->n_dc;
	for (size_t i = 0; i < in->n_people; i++)
		if (group_of[i] < -1 || group_of[i] >= (int)ng)
			return err_set(e, ERR_INVALID, "plan.invalid", "group_of", "%s 的团组编号无效（bad group index）",
				       in->people[i].badge_no);
	long *members = calloc(N1(ng), sizeof *members), *party = calloc(N1(ng), sizeof *party);
	long *away = calloc(N1(nu * nd), sizeof *away); /* unit × date class */
	if (!members || !party || !away)
		goto oom;
	out->selected = out->front_line = 0;
	out->score = 0;
	for (size_t g = 0; g < ng; g++)
		out->secretary[g] = -1;
	for (size_t i = 0; i < in->n_people; i++) {
		int g = group_of[i];
		if (g < 0)
			continue;
		const struct plan_person *p = &in->people[i];
		out->selected++;
		out->front_line += in->units[p->unit].front_line;
		out->score += p->score;
		members[g]++;
		away[p->unit * nd + pr->dc_of[g]]++;
		if (p->party) {
			party[g]++;
			int s = out->secretary[g];
			if (s < 0 || senior(p, &in->people[s]))
				out->secretary[g] = (int)i;
		}
	}
	long sel = out->selected, places = r->places;
	if (sel > places || ((long)in->n_people >= places && sel < places))
		ADD("places", places, sel, "", "方案共 %ld 人，名额为 %ld 人", "The plan has %ld people; the places are %ld", sel, places);
	long F = plan_ceil_pct(sel, r->front_line_min_pct);
	if (out->front_line < F)
		ADD("front_line_min_pct", F, out->front_line, "", "一线人员至少需要 %ld 人（%d%%），方案中只有 %d 人",
		    "At least %ld front-line people (%d%%) are needed; the plan has %d", F, r->front_line_min_pct, out->front_line);
	for (size_t g = 0; g < ng; g++) {
		const char *code = in->groups[g].code ? in->groups[g].code : "";
		if (members[g] > in->groups[g].size_max)
			ADD("size_max", in->groups[g].size_max, members[g], code, "团组 %s 有 %ld 人，超过人数上限 %d 人",
			    "Group %s has %ld members, above its size_max of %d", code, members[g], in->groups[g].size_max);
		if (members[g] > 0 && party[g] < r->branch_min_members)
			ADD("branch_min_members", r->branch_min_members, party[g], code,
			    "团组 %s 只有 %ld 名党员，组建临时党支部至少需要 %d 名",
			    "Group %s has %ld party members; its temporary party branch needs %d", code, party[g], r->branch_min_members);
	}
	for (size_t u = 0; u < nu; u++) {
		long worst = 0;
		size_t worst_t = 0;
		for (size_t t = 0; t < pr->n_clq; t++) {
			long n = 0;
			for (size_t d = 0; d < nd; d++)
				if (pr->clq[t * nd + d])
					n += away[u * nd + d];
			if (n > worst) {
				worst = n;
				worst_t = t;
			}
		}
		if (worst > pr->cap[u]) {
			/* the day: the latest start among the date classes of that set */
			const char *day = "";
			for (size_t d = 0; d < nd; d++)
				if (pr->clq[worst_t * nd + d] && strcmp(pr->dc[d].start, day) > 0)
					day = pr->dc[d].start;
			const char *code = in->units[u].code;
			ADD("unit_share_max_pct", pr->cap[u], worst, code,
			    "单位 %s 在 %s 同时外出 %ld 人，超过本单位人数 %d 人的 %d%%（至多 %d 人）",
			    "Unit %s, on %s: %ld people away; of its %d staff at most %d%% (%d people) may be away", code, day, worst,
			    in->units[u].staff, r->unit_share_max_pct, pr->cap[u]);
		}
	}
	free(members);
	free(party);
	free(away);
	return 0;
oom:
	free(members);
	free(party);
	free(away);
	return err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
}

int plan_check(const struct plan_input *in, const int *group_of, struct plan_result *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct prep pr;
	if (plan_prepare(in, &pr, e))
		return -1;
	out->group_of = malloc(N1(in->n_people) * sizeof *out->group_of);
	out->secretary = malloc(N1(in->n_groups) * sizeof *out->secretary);
	int rc = -1;
	if (!out->group_of || !out->secretary) {
		err_set(e, ERR_INTERNAL, "plan.memory", NULL, "内存不足（out of memory）");
	} else {
		if (in->n_people)
			memcpy(out->group_of, group_of, in->n_people * sizeof *group_of);
		rc = plan_evaluate(&pr, group_of, out, e);
		out->feasible = rc == 0 && out->n_conflicts == 0;
	}
	plan_prep_free(&pr);
	if (rc)
		plan_result_free(out);
	return rc;
}
