/*
 * recuperation.c — the programme read and checked, the people and units
 * loaded, the solver called (src/plan), the plan as JSON.  Saved plans are in
 * recuperation_store.c.
 *
 * SQL is the subset both backends share, every value bound.  Rows are
 * sorted here (bytewise), not by the store, so both backends give the same
 * order and the solver the same input.
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

/* §7's example weights, in honour_kinds' order: the eligible list's scores when no programme gives its own. */
static const long default_weights[N_KINDS] = { 100, 60, 40, 20, 10, 0 };

static void programme_free(struct programme *p)
{
	free(p->routes);
	free(p->groups);
	memset(p, 0, sizeof *p);
}

static int bad(struct err *e, const char *field, const char *zh, const char *en)
{
	return err_set(e, ERR_INVALID, "programme.invalid", field, "疗养方案 %s %s（%s %s）", field, zh, field, en);
}

/* An integer member in [lo, hi]; `required` or 0 when absent. */
static int int_member(json_t *o, const char *key, const char *path, long lo, long hi, bool required, long *out,
		      struct err *e)
{
	char field[160];
	snprintf(field, sizeof field, "%s%s%s", path, *path ? "." : "", key);
	json_t *v = json_object_get(o, key);
	if (!v) {
		*out = 0;
		return required ? bad(e, field, "缺失", "is missing") : 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		char zh[96], en[96];
		snprintf(zh, sizeof zh, "应为 %ld–%ld 的整数", lo, hi);
		snprintf(en, sizeof en, "must be an integer from %ld to %ld", lo, hi);
		return bad(e, field, zh, en);
	}
	*out = (long)json_integer_value(v);
	return 0;
}

static int text_member(json_t *o, const char *key, const char *path, bool required, const char **out, struct err *e)
{
	char field[160];
	snprintf(field, sizeof field, "%s%s%s", path, *path ? "." : "", key);
	json_t *v = json_object_get(o, key);
	*out = "";
	if (!v)
		return required ? bad(e, field, "缺失", "is missing") : 0;
	if (!json_is_string(v) || (required && !*json_string_value(v)) || json_string_length(v) > 200)
		return bad(e, field, "应为不超过 200 字的文字", "must be text of at most 200 characters");
	*out = json_string_value(v);
	return 0;
}

static int date_member(json_t *o, const char *key, const char *path, const char **out, int32_t *day, struct err *e)
{
	if (text_member(o, key, path, true, out, e))
		return -1;
	struct err de;
	if (strlen(*out) != 10 || date_parse(*out, key, day, &de)) {
		char field[160];
		snprintf(field, sizeof field, "%s.%s", path, key);
		return bad(e, field, "应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD");
	}
	return 0;
}

/* Every member of `o` is one of `known` (a typo is named, not ignored). */
static int known_members(json_t *o, const char *path, const char *const *known, size_t n, struct err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		size_t i = 0;
		while (i < n && strcmp(known[i], key))
			i++;
		if (i == n) {
			char field[160];
			snprintf(field, sizeof field, "%s.%.40s", path, key);
			return bad(e, field, "不是方案的字段", "is not a field of the programme");
		}
	}
	return 0;
}

static int parse_groups(json_t *r, size_t ri, struct programme *p, struct err *e)
{
	char path[96];
	snprintf(path, sizeof path, "programme.routes[%zu].groups", ri);
	json_t *groups = json_object_get(r, "groups");
	if (!json_is_array(groups))
		return bad(e, path, "应为数组", "must be an array");
	size_t gi;
	json_t *g;
	json_array_foreach(groups, gi, g) {
		snprintf(path, sizeof path, "programme.routes[%zu].groups[%zu]", ri, gi);
		if (!json_is_object(g))
			return bad(e, path, "应为对象", "must be an object");
		static const char *const known[] = { "code", "start", "end", "size_max" };
		struct group *dst = &p->groups[p->n_groups];
		int32_t start, end;
		long size;
		if (known_members(g, path, known, 4, e) || text_member(g, "code", path, true, &dst->code, e) ||
		    date_member(g, "start", path, &dst->start, &start, e) || date_member(g, "end", path, &dst->end, &end, e) ||
		    int_member(g, "size_max", path, 1, 100000, true, &size, e))
			return -1;
		if (end < start) {
			char field[160];
			snprintf(field, sizeof field, "%s.end", path);
			return bad(e, field, "早于开始日期", "is before the start");
		}
		/* a trip of the programme's year: dates from the year before to the year after */
		int y0, y1, m, d;
		civil_from_days(start, &y0, &m, &d);
		civil_from_days(end, &y1, &m, &d);
		if (y0 < p->year - 1 || y1 > p->year + 1) {
			char field[160];
			snprintf(field, sizeof field, "%s.%s", path, y0 < p->year - 1 ? "start" : "end");
			return bad(e, field, "应在方案年度的前一年至后一年之间", "must lie between the year before and the year after the programme's year");
		}
		for (size_t k = 0; k < p->n_groups; k++)
			if (!strcmp(p->groups[k].code, dst->code)) {
				char field[160];
				snprintf(field, sizeof field, "%s.code", path);
				return bad(e, field, "与另一组重复", "repeats another group's code");
			}
		dst->route = ri;
		dst->size_max = (int)size;
		p->n_groups++;
	}
	return 0;
}

static int programme_parse(json_t *j, struct programme *p, struct err *e)
{
	memset(p, 0, sizeof *p);
	if (!json_is_object(j))
		return bad(e, "programme", "应为 JSON 对象", "must be a JSON object");
	static const char *const known[] = { "name", "year", "places", "front_line_min_pct", "branch_min_members",
					     "unit_share_max_pct", "exclude_attended_within_years", "score", "routes" };
	long year, places, fl, branch, share, excl;
	if (known_members(j, "programme", known, sizeof known / sizeof known[0], e) ||
	    text_member(j, "name", "programme", true, &p->name, e) ||
	    int_member(j, "year", "programme", 2000, 2100, true, &year, e) ||
	    int_member(j, "places", "programme", 1, 100000, true, &places, e) ||
	    int_member(j, "front_line_min_pct", "programme", 0, 100, true, &fl, e) ||
	    int_member(j, "branch_min_members", "programme", 1, 1000, true, &branch, e) ||
	    int_member(j, "unit_share_max_pct", "programme", 1, 100, true, &share, e) ||
	    int_member(j, "exclude_attended_within_years", "programme", 0, 100, true, &excl, e))
		return -1;
	p->year = (int)year;
	p->places = (int)places;
	p->front_line_min_pct = (int)fl;
	p->branch_min_members = (int)branch;
	p->unit_share_max_pct = (int)share;
	p->exclude_years = (int)excl;
	json_t *score = json_object_get(j, "score");
	if (!json_is_object(score))
		return bad(e, "programme.score", "应为对象（各类荣誉的分值）", "must be an object (a score per honour kind)");
	const char *score_keys[N_KINDS + 1];
	for (size_t k = 0; k < N_KINDS; k++)
		score_keys[k] = honour_kinds.items[k].code;
	score_keys[N_KINDS] = "per_year_of_service";
	if (known_members(score, "programme.score", score_keys, N_KINDS + 1, e))
		return -1;
	for (size_t k = 0; k < N_KINDS; k++)
		if (int_member(score, honour_kinds.items[k].code, "programme.score", 0, 1000000, false, &p->weight[k], e))
			return -1;
	if (int_member(score, "per_year_of_service", "programme.score", 0, 1000000, false, &p->per_year, e))
		return -1;

	json_t *routes = json_object_get(j, "routes");
	if (!json_is_array(routes) || !json_array_size(routes))
		return bad(e, "programme.routes", "应为非空数组", "must be a non-empty array");
	if (json_array_size(routes) > RECUP_MAX_ROUTES)
		return bad(e, "programme.routes", "至多 " RECUP_STR(RECUP_MAX_ROUTES) " 条线路",
			   "may hold at most " RECUP_STR(RECUP_MAX_ROUTES) " routes");
	size_t n_groups = 0, ri;
	json_t *r;
	json_array_foreach(routes, ri, r)
		n_groups += json_array_size(json_object_get(r, "groups"));
	/* the planner's preparation grows with the square of the groups: bounded here */
	if (n_groups > RECUP_MAX_GROUPS)
		return bad(e, "programme.routes", "各线路合计至多 " RECUP_STR(RECUP_MAX_GROUPS) " 个团组",
			   "may hold at most " RECUP_STR(RECUP_MAX_GROUPS) " groups in all");
	p->routes = calloc(json_array_size(routes), sizeof *p->routes);
	p->groups = calloc(n_groups + 1, sizeof *p->groups);
	if (!p->routes || !p->groups)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	json_array_foreach(routes, ri, r) {
		char path[96];
		snprintf(path, sizeof path, "programme.routes[%zu]", ri);
		if (!json_is_object(r))
			return bad(e, path, "应为对象", "must be an object");
		static const char *const rknown[] = { "code", "name", "theme", "groups" };
		struct route *dst = &p->routes[ri];
		if (known_members(r, path, rknown, 4, e) || text_member(r, "code", path, true, &dst->code, e) ||
		    text_member(r, "name", path, true, &dst->name, e) || text_member(r, "theme", path, false, &dst->theme, e))
			return -1;
		for (size_t k = 0; k < ri; k++)
			if (!strcmp(p->routes[k].code, dst->code)) {
				char field[160];
				snprintf(field, sizeof field, "%s.code", path);
				return bad(e, field, "与另一线路重复", "repeats another route's code");
			}
		p->n_routes++;
		if (parse_groups(r, ri, p, e))
			return -1;
	}
	if (!p->n_groups)
		return bad(e, "programme.routes", "没有任何分组", "has no group");
	return 0;
}

int recup_programme_check(json_t *programme, struct err *e)
{
	struct programme p;
	int rc = programme_parse(programme, &p, e);
	programme_free(&p);
	return rc;
}

/* ---- the store's people and units ---- */

void recup_loaded_free(struct loaded *l)
{
	for (size_t i = 0; i < l->n_units; i++) {
		free(l->units[i].code);
		free(l->units[i].name);
	}
	for (size_t i = 0; i < l->n_people; i++) {
		struct person_row *r = &l->people[i];
		free(r->badge_no);
		free(r->name);
		free(r->party);
		free(r->hired_on);
		free(r->unit);
	}
	free(l->units);
	free(l->people);
	free(l->pu);
	free(l->pp);
	free(l->pg);
	programme_free(&l->p);
	memset(l, 0, sizeof *l);
}

int recup_oom(struct err *e)
{
	return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
}

/* qsort and bsearch that take an empty array as it may come (NULL). */
static void sort_rows(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

static void *find_row(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	return n ? bsearch(key, base, n, size, cmp) : NULL;
}

static int unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct unit_row *)a)->code, ((const struct unit_row *)b)->code);
}

static int person_cmp(const void *a, const void *b)
{
	return strcmp(((const struct person_row *)a)->badge_no, ((const struct person_row *)b)->badge_no);
}

static struct unit_row *unit_find(struct loaded *l, const char *code)
{
	struct unit_row key = { .code = (char *)code };
	return find_row(&key, l->units, l->n_units, sizeof key, unit_cmp);
}

struct person_row *recup_person_find(struct loaded *l, const char *badge)
{
	struct person_row key = { .badge_no = (char *)badge };
	return find_row(&key, l->people, l->n_people, sizeof key, person_cmp);
}

/* Grow an array by one element (zeroed); NULL when out of memory. */
static void *push(void **arr, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		void *p = realloc(*arr, c * size);
		if (!p)
			return NULL;
		*arr = p;
		*cap = c;
	}
	void *el = (char *)*arr + (*n)++ * size;
	memset(el, 0, size);
	return el;
}

static char *dup(const char *s)
{
	return strdup(s ? s : "");
}

static int load_units(struct db *db, struct loaded *l, struct err *e)
{
	size_t cap = 0;
	struct db_stmt *st = db_prepare(db, "SELECT code, name, kind, front_line FROM units WHERE voided_at IS NULL", e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct unit_row *u = push((void **)&l->units, &l->n_units, &cap, sizeof *u);
		if (!u || !(u->code = dup(db_col_text(st, 0))) || !(u->name = dup(db_col_text(st, 1)))) {
			db_done(st);
			return recup_oom(e);
		}
		u->front_line = db_col_null(st, 3) ? unit_kind_front_line(db_col_text(st, 2)) : db_col_int(st, 3) != 0;
	}
	db_done(st);
	if (rc < 0)
		return -1;
	sort_rows(l->units, l->n_units, sizeof *l->units, unit_cmp);
	/* each unit's own active staff, police and auxiliary; a unit only personnel name (data
	 * older than units) stands as a front-line station by its code */
	st = db_prepare(db, "SELECT COALESCE(unit, station), COUNT(*) FROM personnel WHERE voided_at IS NULL "
			    "GROUP BY COALESCE(unit, station)", e);
	if (!st)
		return -1;
	size_t known = l->n_units;
	while ((rc = db_step(st, e)) == 1) {
		struct unit_row key = { .code = (char *)db_col_text(st, 0) };
		struct unit_row *u = find_row(&key, l->units, known, sizeof key, unit_cmp);
		if (!u) {
			u = push((void **)&l->units, &l->n_units, &cap, sizeof *u);
			if (!u || !(u->code = dup(db_col_text(st, 0))) || !(u->name = dup(db_col_text(st, 0)))) {
				db_done(st);
				return recup_oom(e);
			}
			u->front_line = true;
		}
		u->staff = (int)db_col_int(st, 1);
	}
	db_done(st);
	sort_rows(l->units, l->n_units, sizeof *l->units, unit_cmp);
	return rc < 0 ? -1 : 0;
}

/* Whole years from hired_on to 1 January of `year` (0 when later or unknown). */
static long years_of_service(const char *hired_on, int year)
{
	int32_t day;
	struct err e;
	if (!hired_on || !*hired_on || date_parse(hired_on, "hired_on", &day, &e))
		return 0;
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	long years = year - y - ((m > 1 || d > 1) ? 1 : 0);
	return years > 0 ? years : 0;
}

static int kind_index(const char *kind)
{
	for (size_t k = 0; k < N_KINDS; k++)
		if (!strcmp(honour_kinds.items[k].code, kind))
			return (int)k;
	return -1;
}

static int load_people(struct db *db, struct loaded *l, struct err *e)
{
	const struct programme *p = &l->p;
	size_t cap = 0;
	struct db_stmt *st = db_prepare(
		db,
		"SELECT p.badge_no, p.name, p.party, p.hired_on, COALESCE(p.unit, p.station) FROM personnel p "
		"WHERE p.voided_at IS NULL "
		"AND EXISTS (SELECT 1 FROM honours h WHERE h.badge_no = p.badge_no AND h.voided_at IS NULL) "
		"AND NOT EXISTS (SELECT 1 FROM recuperations r WHERE r.badge_no = p.badge_no AND r.voided_at IS NULL "
		"AND r.year >= ? AND r.year <= ?)",
		e);
	if (!st)
		return -1;
	/* the window's years before `year`, and `year` itself: one already away that year is not
	 * planned twice.  The trips are the truth (a frozen plan wrote its members' trips; a voided
	 * trip did not happen) */
	db_bind_int(st, 1, p->year - p->exclude_years);
	db_bind_int(st, 2, p->year);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct person_row *r = push((void **)&l->people, &l->n_people, &cap, sizeof *r);
		if (!r || !(r->badge_no = dup(db_col_text(st, 0))) || !(r->name = dup(db_col_text(st, 1))) ||
		    !(r->party = dup(db_col_text(st, 2))) || !(r->hired_on = dup(db_col_text(st, 3))) ||
		    !(r->unit = dup(db_col_text(st, 4)))) {
			db_done(st);
			return recup_oom(e);
		}
	}
	db_done(st);
	if (rc < 0)
		return -1;
	sort_rows(l->people, l->n_people, sizeof *l->people, person_cmp);
	st = db_prepare(db, "SELECT badge_no, kind FROM honours WHERE voided_at IS NULL", e);
	if (!st)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		struct person_row *r = recup_person_find(l, db_col_text(st, 0));
		int k = kind_index(db_col_text(st, 1));
		if (r) {
			r->honours++;
			r->score += k >= 0 ? p->weight[k] : 0;
		}
	}
	db_done(st);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < l->n_people; i++)
		l->people[i].score += p->per_year * years_of_service(l->people[i].hired_on, p->year);
	return 0;
}

/* Each person's unit (every active person's unit is among the units, load_units). */
static int units_for_people(struct loaded *l, struct err *e)
{
	for (size_t i = 0; i < l->n_people; i++) {
		struct unit_row *u = unit_find(l, l->people[i].unit);
		if (!u)
			return err_set(e, ERR_INTERNAL, NULL, NULL, "unit %s of %s not loaded", l->people[i].unit,
				       l->people[i].badge_no);
		l->people[i].unit_idx = (size_t)(u - l->units);
	}
	return 0;
}

/* The solver's input from the loaded rows. */
static int make_input(struct loaded *l, struct err *e)
{
	l->pu = calloc(l->n_units + 1, sizeof *l->pu);
	l->pp = calloc(l->n_people + 1, sizeof *l->pp);
	l->pg = calloc(l->p.n_groups + 1, sizeof *l->pg);
	if (!l->pu || !l->pp || !l->pg)
		return recup_oom(e);
	for (size_t i = 0; i < l->n_units; i++)
		l->pu[i] = (struct plan_unit){ l->units[i].code, l->units[i].staff, l->units[i].front_line };
	for (size_t i = 0; i < l->n_people; i++) {
		const struct person_row *r = &l->people[i];
		l->pp[i] = (struct plan_person){ r->badge_no, r->name, r->unit_idx, !strcmp(r->party, "member"),
						 *r->hired_on ? r->hired_on : NULL, r->score };
	}
	for (size_t i = 0; i < l->p.n_groups; i++) {
		const struct group *g = &l->p.groups[i];
		l->pg[i] = (struct plan_group){ g->code, l->p.routes[g->route].code, g->start, g->end, g->size_max };
	}
	const struct programme *p = &l->p;
	l->in = (struct plan_input){ l->pu, l->n_units, l->pp, l->n_people, l->pg, p->n_groups,
				     { p->places, p->front_line_min_pct, p->branch_min_members, p->unit_share_max_pct, 30.0 } };
	return 0;
}

/*
 * A saved plan's member who is no longer eligible: a row as they are now (their
 * current unit, party and hired_on; the score and, when gone, the unit from the
 * saved plan), marked stale with the reason, so the rules are checked on the
 * plan as it stands and they can be swapped out.
 */
static int stale_row(struct db *db, struct loaded *l, json_t *m, struct err *e)
{
	const char *badge = json_string_value(json_object_get(m, "badge_no"));
	struct db_stmt *st = db_prepare(
		db,
		"SELECT p.name, p.party, p.hired_on, COALESCE(p.unit, p.station), "
		"CASE WHEN p.voided_at IS NULL THEN 0 ELSE 1 END, "
		"CASE WHEN EXISTS (SELECT 1 FROM honours h WHERE h.badge_no = p.badge_no AND h.voided_at IS NULL) "
		"THEN 1 ELSE 0 END FROM personnel p WHERE p.badge_no = ?",
		e);
	if (!st)
		return -1;
	db_bind_text(st, 1, badge);
	int rc = db_step(st, e);
	size_t cap = l->n_people;
	struct person_row *r = rc < 0 ? NULL : push((void **)&l->people, &l->n_people, &cap, sizeof *r);
	if (r) {
		bool row = rc == 1;
		r->badge_no = dup(badge);
		r->name = dup(row ? db_col_text(st, 0) : json_string_value(json_object_get(m, "name")));
		r->party = dup(row ? db_col_text(st, 1) : json_string_value(json_object_get(m, "party")));
		r->hired_on = dup(row ? db_col_text(st, 2) : "");
		r->unit = dup(row ? db_col_text(st, 3) : json_string_value(json_object_get(m, "unit")));
		r->score = (long)json_integer_value(json_object_get(m, "score"));
		r->stale = !row || db_col_int(st, 4) ? "人员已作废（person voided）"
			   : !db_col_int(st, 5)        ? "已无有效荣誉（no honour left）"
						       : "近年已疗养（away within the window or this year）";
		l->n_stale++;
	}
	db_done(st);
	if (rc < 0)
		return -1;
	if (!r || !r->badge_no || !r->name || !r->party || !r->hired_on || !r->unit)
		return recup_oom(e);
	if (unit_find(l, r->unit))
		return 0;
	/* their unit is gone too: the saved plan's */
	free(r->unit);
	if (!(r->unit = dup(json_string_value(json_object_get(m, "unit")))))
		return recup_oom(e);
	if (unit_find(l, r->unit))
		return 0;
	cap = l->n_units;
	struct unit_row *u = push((void **)&l->units, &l->n_units, &cap, sizeof *u);
	if (!u || !(u->code = dup(r->unit)) || !(u->name = dup(json_string_value(json_object_get(m, "unit_name")))))
		return recup_oom(e);
	u->front_line = json_is_true(json_object_get(m, "front_line"));
	sort_rows(l->units, l->n_units, sizeof *l->units, unit_cmp);
	return 0;
}

/* The members of a saved plan's result who are not among the eligible, as stale rows. */
static int load_stale(struct db *db, struct loaded *l, json_t *result, struct err *e)
{
	size_t gi, mi, eligible = l->n_people; /* the rows sorted so far; a plan names each member once */
	json_t *g, *m;
	json_array_foreach(json_object_get(result, "groups"), gi, g) json_array_foreach(json_object_get(g, "members"), mi, m)
	{
		struct person_row key = { .badge_no = (char *)json_string_value(json_object_get(m, "badge_no")) };
		if (key.badge_no && !find_row(&key, l->people, eligible, sizeof key, person_cmp) && stale_row(db, l, m, e))
			return -1;
	}
	sort_rows(l->people, l->n_people, sizeof *l->people, person_cmp);
	return 0;
}

/* The programme's data; with a saved plan's `result`, its members no longer eligible too (stale). */
int recup_load_with(struct db *db, json_t *programme, json_t *result, struct loaded *l, struct err *e)
{
	memset(l, 0, sizeof *l);
	if (programme_parse(programme, &l->p, e) || load_units(db, l, e) || load_people(db, l, e) ||
	    (result && load_stale(db, l, result, e)) || units_for_people(l, e) || make_input(l, e)) {
		recup_loaded_free(l);
		return -1;
	}
	return 0;
}

int recup_load(struct db *db, json_t *programme, struct loaded *l, struct err *e)
{
	return recup_load_with(db, programme, NULL, l, e);
}

/* ---- the plan as JSON ---- */

static json_t *person_json(const struct loaded *l, size_t i)
{
	const struct person_row *r = &l->people[i];
	const struct unit_row *u = &l->units[r->unit_idx];
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:I}", "badge_no", r->badge_no, "name", r->name, "unit", u->code,
			 "unit_name", u->name, "front_line", u->front_line, "party", r->party, "score", (json_int_t)r->score);
}

json_t *recup_conflicts_json(const struct plan_conflict *c, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char msg[520];
		snprintf(msg, sizeof msg, "%s（%s）", c[i].message_zh, c[i].message_en);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "constraint", c[i].constraint, "message", msg,
				      "message_zh", c[i].message_zh, "message_en", c[i].message_en, "need",
				      (json_int_t)c[i].need, "have", (json_int_t)c[i].have);
		if (c[i].subject[0])
			json_object_set_new(o, "subject", json_string(c[i].subject));
		json_array_append_new(a, o);
	}
	return a;
}

static double two_decimals(double v)
{
	return round(v * 100.0) / 100.0;
}

/* Order of members in a roster: highest score first, then badge number (ctx: the loaded rows). */
static int by_score(const void *a, const void *b, void *ctx)
{
	const struct loaded *l = ctx;
	const struct person_row *x = &l->people[*(const size_t *)a], *y = &l->people[*(const size_t *)b];
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->badge_no, y->badge_no);
}

json_t *recup_plan_json(const struct loaded *l, const struct plan_result *r)
{
	const struct programme *p = &l->p;
	json_t *o = json_object();
	json_object_set_new(o, "feasible", json_boolean(r->feasible));
	if (!r->feasible) {
		json_object_set_new(o, "conflicts", recup_conflicts_json(r->conflicts, r->n_conflicts));
		json_object_set_new(o, "name", json_string(p->name));
		json_object_set_new(o, "year", json_integer(p->year));
		json_object_set_new(o, "places", json_integer(p->places));
		json_object_set_new(o, "eligible", json_integer((json_int_t)l->n_people));
		return o;
	}
	json_object_set_new(o, "optimal", json_boolean(r->optimal));
	json_object_set_new(o, "selected", json_integer(r->selected));
	json_object_set_new(o, "front_line", json_integer(r->front_line));
	json_object_set_new(o, "front_line_pct",
			    json_real(r->selected ? two_decimals(100.0 * r->front_line / r->selected) : 0.0));
	json_object_set_new(o, "score", json_integer(r->score));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "year", json_integer(p->year));
	json_object_set_new(o, "places", json_integer(p->places));
	json_object_set_new(o, "gap", json_real(r->optimal ? 0.0 : r->gap));
	json_object_set_new(o, "seconds", json_real(two_decimals(r->seconds)));
	json_object_set_new(o, "eligible", json_integer((json_int_t)(l->n_people - l->n_stale)));
	/* fewer selected than places while more are eligible: the rules that keep them out */
	if (r->n_conflicts)
		json_object_set_new(o, "unfilled", recup_conflicts_json(r->conflicts, r->n_conflicts));

	size_t *order = malloc((l->n_people + 1) * sizeof *order), n = 0;
	int *selected = calloc(l->n_units + 1, sizeof *selected);
	if (!order || !selected) {
		free(order);
		free(selected);
		json_decref(o);
		return NULL;
	}
	json_t *groups = json_array();
	for (size_t g = 0; g < p->n_groups; g++) {
		const struct group *gr = &p->groups[g];
		const struct route *rt = &p->routes[gr->route];
		n = 0;
		for (size_t i = 0; i < l->n_people; i++)
			if (r->group_of[i] == (int)g)
				order[n++] = i;
		if (n > 1)
			qsort_r(order, n, sizeof *order, by_score, (void *)l);
		json_t *members = json_array();
		int party = 0;
		for (size_t k = 0; k < n; k++) {
			json_t *m = person_json(l, order[k]);
			json_object_set_new(m, "route", json_string(rt->code));
			json_array_append_new(members, m);
			party += !strcmp(l->people[order[k]].party, "member");
			selected[l->people[order[k]].unit_idx]++;
		}
		int sec = r->secretary ? r->secretary[g] : -1;
		json_array_append_new(
			groups, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:i, s:s?, s:s?}", "code", gr->code, "route",
					  rt->code, "route_name", rt->name, "theme", rt->theme, "start", gr->start, "end", gr->end,
					  "size_max", gr->size_max, "members", members, "party_members", party, "secretary",
					  sec >= 0 ? l->people[sec].badge_no : NULL, "secretary_name",
					  sec >= 0 ? l->people[sec].name : NULL));
	}
	json_object_set_new(o, "groups", groups);
	/* per-unit counts: every unit with an eligible person */
	json_t *units = json_array();
	bool *has = calloc(l->n_units + 1, sizeof *has);
	for (size_t i = 0; has && i < l->n_people; i++)
		has[l->people[i].unit_idx] = true;
	for (size_t u = 0; has && u < l->n_units; u++) {
		if (!has[u])
			continue;
		int cap = l->units[u].staff * p->unit_share_max_pct / 100;
		json_array_append_new(units, json_pack("{s:s, s:s, s:b, s:i, s:i, s:i}", "code", l->units[u].code, "name",
						       l->units[u].name, "front_line", l->units[u].front_line, "selected",
						       selected[u], "staff", l->units[u].staff, "cap", cap < 1 ? 1 : cap));
	}
	free(has);
	json_object_set_new(o, "units", units);
	free(order);
	free(selected);
	return o;
}

int recup_plan(struct db *db, json_t *programme, json_t **plan, struct err *e)
{
	*plan = NULL;
	struct loaded l;
	if (recup_load(db, programme, &l, e))
		return -1;
	struct plan_result r;
	memset(&r, 0, sizeof r);
	int rc = plan_solve(&l.in, &r, e);
	if (!rc && !(*plan = recup_plan_json(&l, &r)))
		rc = recup_oom(e);
	plan_result_free(&r);
	recup_loaded_free(&l);
	return rc;
}

/* The eligible people of a loaded programme, highest score first; `skip` (a plan's members) left out. */
json_t *recup_eligible_json(const struct loaded *l, json_t *skip)
{
	size_t *order = malloc((l->n_people + 1) * sizeof *order), n = 0;
	json_t *a = json_array();
	if (!order)
		return a;
	for (size_t i = 0; i < l->n_people; i++)
		if (!l->people[i].stale && (!skip || !json_object_get(skip, l->people[i].badge_no)))
			order[n++] = i;
	if (n > 1)
		qsort_r(order, n, sizeof *order, by_score, (void *)l);
	for (size_t k = 0; k < n; k++) {
		json_t *o = person_json(l, order[k]);
		json_object_set_new(o, "honours", json_integer(l->people[order[k]].honours));
		json_array_append_new(a, o);
	}
	free(order);
	return a;
}

int recup_eligible(struct db *db, json_t *query, json_t **items, struct err *e)
{
	/* a full programme around the query's year and window, with the default weights */
	json_t *score = json_object();
	for (size_t k = 0; k < N_KINDS; k++)
		json_object_set_new(score, honour_kinds.items[k].code, json_integer(default_weights[k]));
	json_object_set_new(score, "per_year_of_service", json_integer(1));
	char day[16]; /* the stand-in group's day: 1 January of the year */
	snprintf(day, sizeof day, "%04lld-01-01", (long long)json_integer_value(json_object_get(query, "year")));
	json_t *prog = json_pack("{s:s, s:O, s:i, s:i, s:i, s:i, s:O?, s:o, s:[{s:s, s:s, s:[{s:s, s:s, s:s, s:i}]}]}",
				 "name", "eligible", "year", json_object_get(query, "year"), "places", 1,
				 "front_line_min_pct", 0, "branch_min_members", 1, "unit_share_max_pct", 100,
				 "exclude_attended_within_years", json_object_get(query, "exclude_attended_within_years"),
				 "score", score, "routes", "code", "r", "name", "r", "groups", "code", "g", "start",
				 day, "end", day, "size_max", 1);
	if (!prog)
		return recup_oom(e);
	if (!json_object_get(prog, "exclude_attended_within_years"))
		json_object_set_new(prog, "exclude_attended_within_years", json_integer(3));
	struct loaded l;
	int rc = recup_load(db, prog, &l, e);
	json_decref(prog);
	if (rc)
		return -1;
	*items = recup_eligible_json(&l, NULL);
	recup_loaded_free(&l);
	return 0;
}

