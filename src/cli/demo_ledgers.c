/*
 * demo_ledgers.c — the prevention ledgers of the demonstration data
 * (CONTRACTS.md §6), over the demo's two years (2025-01-01 to yesterday),
 * from a fixed seed of their own: hazards (most fixed on time, some late,
 * a few of the latest still open past their deadline), household visits by the officers
 * who hold posts in the divisions visited, with what the residents said,
 * law and anti-fraud outreach, the dissuasion of fraud warnings, the
 * committee meetings those officers attended, and the action items agreed
 * there (most done on time, some late, a few of the latest open and
 * overdue).  Every record goes through the
 * checks of an import: `fengqiao check` finds nothing to say.
 */
#include "cli/cli.h"
#include "base/array.h"
#include "base/config.h"
#include "base/date.h"
#include "model/ledger.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* xorshift64*: the ledgers draw from their own sequence, so the other demo data stay as they were. */
struct draw {
	uint64_t x;
};

static uint32_t draw_u32(struct draw *d)
{
	d->x ^= d->x >> 12;
	d->x ^= d->x << 25;
	d->x ^= d->x >> 27;
	return (uint32_t)((d->x * 0x2545f4914f6cdd1dull) >> 32);
}

/* 0 .. n-1 */
static int draw_below(struct draw *d, int n)
{
	return (int)(draw_u32(d) % (uint32_t)n);
}

/* true with probability per_mille / 1000 */
static bool draw_odds(struct draw *d, int per_mille)
{
	return draw_below(d, 1000) < per_mille;
}

#define ONE_OF(d, arr) ((arr)[draw_below(d, (int)(sizeof(arr) / sizeof *(arr)))])

struct gen {
	struct db *db;
	struct draw d;
	int32_t first, today; /* the days covered: [first, today) */
	struct record *r[6];  /* one record per kind, reused */
	struct err first_problem;
};

enum { K_HAZARD, K_VISIT, K_OUTREACH, K_DISSUASION, K_MEETING, K_ACTION };

static void first_only(void *ctx, const struct err *e)
{
	struct err *first = ctx;
	if (first->kind == ERR_NONE)
		*first = *e;
}

/* Check and save one record of kind k from name/value pairs (NULL values skipped, NULL-ended). */
static int save(struct gen *g, int k, const char *const *kv, struct err *e)
{
	struct record *r = g->r[k];
	record_clear(r);
	for (; kv[0]; kv += 2)
		if (kv[1] && record_set_by_name(r, kv[0], kv[1], config()->tz_minutes, e))
			return -1;
	err_clear(&g->first_problem);
	struct problem_sink sink = { first_only, &g->first_problem };
	if (record_check(g->db, r, &sink))
		return err_set(e, ERR_INTERNAL, "demo.invalid", g->first_problem.field,
			       "演示数据不符合规则（demo record broke a rule）: %s %s", r->type->kind, g->first_problem.message);
	return record_save(g->db, r, (int64_t)time(NULL), NULL, e);
}

/* A day as text; a day number of text. */
static const char *day_text(int32_t day, char out[11])
{
	date_format(day, out);
	return out;
}

static void num(int64_t n, char out[24])
{
	snprintf(out, 24, "%lld", (long long)n);
}

/* ---- the stations and their divisions ----------------------------------------- */

struct station_divs {
	char station[16];
	char (*div)[16];
	long n, cap;
};

struct stations {
	struct station_divs *s;
	long n, cap;
};

static int load_stations(struct gen *g, struct stations *out, struct err *e)
{
	struct db_stmt *st = db_prepare(g->db, "SELECT s.code, d.code FROM stations s"
					       " JOIN station_divisions sd ON sd.station_code = s.code"
					       " JOIN divisions d ON d.parent_code = sd.division_code"
					       " WHERE s.voided_at IS NULL AND d.voided_at IS NULL AND d.kind IN ('community', 'gacha')"
					       " ORDER BY s.code, d.code", e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		const char *code = db_col_text(st, 0);
		struct station_divs *sd = out->n ? &out->s[out->n - 1] : NULL;
		if (!sd || strcmp(sd->station, code)) {
			if (!(sd = array_push(&out->s, &out->n, &out->cap, sizeof *sd, e))) {
				rc = -1;
				break;
			}
			snprintf(sd->station, sizeof sd->station, "%s", code);
		}
		char *div = array_push(&sd->div, &sd->n, &sd->cap, sizeof *sd->div, e);
		if (!div) {
			rc = -1;
			break;
		}
		snprintf(div, 16, "%s", db_col_text(st, 1));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* ---- hazards, outreach and dissuasions: per station and day --------------------- */

/*
 * How long an open item may lag in the demo: a real station fixes or closes
 * what it found and follows up what a meeting agreed; what is still open and
 * overdue is what fell behind lately, a handful a station, not two years' worth.
 */
enum { HAZARD_STALE_DAYS = 60, ACTION_STALE_DAYS = 30 };

static const char *const hazard_places[] = { "居民楼楼道", "集贸市场", "加油站", "学校门口路段", "牧点草场",
					     "出租屋", "小商铺", "农机停放点", "建筑工地", "网吧" };
static const char *const hazard_kinds[] = { "fire", "fire", "fire", "traffic", "traffic", "public_order", "safety",
					    "safety", "dispute", "other" };
static const char *const responsibles[] = { "物业公司", "社区居委会", "嘎查委员会", "市场管理所", "应急管理所",
					    "交警中队", "消防救援站" };

static int add_hazard(struct gen *g, const struct station_divs *sd, int32_t day, int seq, struct err *e)
{
	char no[40], found[11], deadline[11], fixed[11], *fixed_on = NULL;
	snprintf(no, sizeof no, "YH%s-%05d", sd->station + 1, seq);
	int32_t due = day + 7 + draw_below(&g->d, 24);
	int fate = draw_below(&g->d, 100);
	int32_t on_time = day + draw_below(&g->d, due - day + 1), late = due + 1 + draw_below(&g->d, 25);
	/* most fixed by the deadline, some late; left unfixed only lately (a stale one was long since fixed) */
	int32_t fix = fate < 80 ? on_time : late;
	if (fate >= 94 && due >= g->today - HAZARD_STALE_DAYS)
		fix = 0;
	if (fix && fix < g->today)
		fixed_on = (char *)day_text(fix, fixed);
	const char *division = sd->n && draw_odds(&g->d, 850) ? sd->div[draw_below(&g->d, (int)sd->n)] : NULL;
	/* one draw per statement: the order of a list's initializers is not fixed by C */
	const char *kind = ONE_OF(&g->d, hazard_kinds);
	const char *place = ONE_OF(&g->d, hazard_places);
	const char *level = draw_odds(&g->d, 100) ? "major" : "general";
	const char *responsible = ONE_OF(&g->d, responsibles);
	const char *kv[] = { "hazard_no", no, "found_on", day_text(day, found), "station", sd->station, "type", kind,
			     "place", place, "deadline", day_text(due, deadline), "division", division, "level", level,
			     "fixed_on", fixed_on, "responsible", responsible, NULL };
	return save(g, K_HAZARD, kv, e);
}

static const char *const outreach_places[] = { "社区广场", "嘎查村委会", "中心学校", "集贸市场", "牧民之家",
					       "银行网点", "镇政府礼堂" };
static const char *const outreach_kinds_drawn[] = { "anti_fraud", "anti_fraud", "anti_fraud", "anti_fraud", "law",
						    "law", "law", "anti_drug", "anti_drug", "other" };

static int add_outreach(struct gen *g, const struct station_divs *sd, int32_t day, struct err *e)
{
	const char *kind = ONE_OF(&g->d, outreach_kinds_drawn);
	char held[11], audience[24], materials[24], apps[24];
	int people = 30 + draw_below(&g->d, 400);
	num(people, audience);
	num(people + draw_below(&g->d, 300), materials);
	num(draw_below(&g->d, people / 3 + 1), apps);
	const char *division = sd->n && draw_odds(&g->d, 700) ? sd->div[draw_below(&g->d, (int)sd->n)] : NULL;
	const char *place = ONE_OF(&g->d, outreach_places);
	const char *kv[] = { "held_on", day_text(day, held), "station", sd->station, "kind", kind, "place",
			     place, "audience", audience, "division", division, "materials",
			     materials, "app_registrations", strcmp(kind, "anti_fraud") ? NULL : apps, NULL };
	return save(g, K_OUTREACH, kv, e);
}

static const char *const dissuasion_kinds_drawn[] = { "funds", "funds", "contact", "contact", "contact", "other" };
static const char *const risks[] = { "high", "medium", "medium", "low" };
static const char *const methods[] = { "call", "call", "call", "sms", "visit" };

static void local_time(int32_t day, int minutes, char out[32])
{
	char d[11];
	snprintf(out, 32, "%s %02d:%02d", day_text(day, d), (minutes / 60) % 100, minutes % 60);
}

static int add_dissuasion(struct gen *g, const struct station_divs *sd, int32_t day, int seq, struct err *e)
{
	char no[40], received[32], dissuaded[32], loss[24];
	snprintf(no, sizeof no, "YJ%s-%05d", sd->station + 1, seq);
	int at = 8 * 60 + draw_below(&g->d, 12 * 60); /* 08:00 to 20:00, dissuaded within two hours */
	local_time(day, at, received);
	int fate = draw_below(&g->d, 100);
	const char *result = fate < 80 ? "dissuaded" : fate < 90 ? "unreachable" : "defrauded";
	bool dissuading = fate < 80;
	if (dissuading)
		local_time(day, at + 5 + draw_below(&g->d, 115), dissuaded);
	if (fate >= 90)
		num(500 + 100 * draw_below(&g->d, 500), loss);
	const char *kind = ONE_OF(&g->d, dissuasion_kinds_drawn);
	const char *risk = ONE_OF(&g->d, risks);
	const char *method = ONE_OF(&g->d, methods);
	const char *kv[] = { "warning_no", no, "received_at", received, "station", sd->station, "kind", kind, "risk",
			     risk, "method", method, "dissuaded_at", dissuading ? dissuaded : NULL, "result", result,
			     "loss", fate >= 93 ? loss : NULL, NULL };
	return save(g, K_DISSUASION, kv, e);
}

/* Per station, by the station's size (its divisions): hazards, outreach and dissuasions. */
static int station_ledgers(struct gen *g, const struct stations *ss, struct err *e)
{
	for (long s = 0; s < ss->n; s++) {
		const struct station_divs *sd = &ss->s[s];
		int busy = sd->n > 20 ? 2 : 1, hazards = 0, warnings = 0;
		for (int32_t day = g->first; day < g->today; day++) {
			if (draw_odds(&g->d, 45 * busy) && add_hazard(g, sd, day, ++hazards, e))
				return -1;
			if (draw_odds(&g->d, 35 * busy) && add_outreach(g, sd, day, e))
				return -1;
			if (draw_odds(&g->d, 60 * busy) && add_dissuasion(g, sd, day, ++warnings, e))
				return -1;
		}
	}
	return 0;
}

/* ---- visits, meetings and action items: per post --------------------------------- */

struct post_row {
	char badge[16], division[16], kind[24], division_kind[16];
	int32_t start, end; /* end: the last day, or INT32_MAX */
};

static int load_posts(struct gen *g, struct post_row **out, long *n, struct err *e)
{
	struct db_stmt *st = db_prepare(g->db, "SELECT p.badge_no, p.division, p.kind, d.kind, p.start_date, COALESCE(p.end_date, '')"
					       " FROM posts p JOIN personnel pe ON pe.badge_no = p.badge_no"
					       " JOIN divisions d ON d.code = p.division"
					       " WHERE p.voided_at IS NULL AND pe.voided_at IS NULL AND pe.type = 'police' ORDER BY p.id", e);
	if (!st)
		return -1;
	int rc;
	long cap = 0;
	while ((rc = db_step(st, e)) == 1) {
		struct post_row *p = array_push(out, n, &cap, sizeof **out, e);
		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p->badge, sizeof p->badge, "%s", db_col_text(st, 0));
		snprintf(p->division, sizeof p->division, "%s", db_col_text(st, 1));
		snprintf(p->kind, sizeof p->kind, "%s", db_col_text(st, 2));
		snprintf(p->division_kind, sizeof p->division_kind, "%s", db_col_text(st, 3));
		if (date_parse(db_col_text(st, 4), "start", &p->start, e)) {
			rc = -1;
			break;
		}
		p->end = INT32_MAX;
		if (*db_col_text(st, 5) && date_parse(db_col_text(st, 5), "end", &p->end, e)) {
			rc = -1;
			break;
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* Is there a row of `sql` (three ? bound to a, b, c)?  1, 0, -1. */
static int exists3(struct gen *g, const char *sql, const char *a, const char *b, const char *c, struct err *e)
{
	struct db_stmt *st = db_prepare(g->db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, a);
	db_bind_text(st, 2, b);
	db_bind_text(st, 3, c);
	return db_step_done(st, e);
}

static int add_visit(struct gen *g, const struct post_row *p, int32_t day, struct err *e)
{
	char on[11], households[24], people[24], opinions[24], resolved[24], sat[24], basic[24], unsat[24];
	day_text(day, on);
	int hh = 3 + draw_below(&g->d, 13), ppl = hh + draw_below(&g->d, hh + 1);
	int answered = ppl - draw_below(&g->d, 3 < ppl ? 3 : 1), s = 0, b = 0, u = 0;
	for (int i = 0; i < answered; i++) {
		int x = draw_below(&g->d, 100);
		if (x < 82)
			s++;
		else if (x < 96)
			b++;
		else
			u++;
	}
	int op = draw_below(&g->d, 4);
	num(hh, households);
	num(ppl, people);
	num(op, opinions);
	num(op ? draw_below(&g->d, op + 1) : 0, resolved);
	num(s, sat);
	num(b, basic);
	num(u, unsat);
	const char *kv[] = { "visited_on", on, "officer", p->badge, "division", p->division, "households", households,
			     "people", people, "opinions", opinions, "resolved", resolved, "satisfied", sat, "basic", basic,
			     "unsatisfied", unsat, NULL };
	/* every number drawn before: a demo loaded again draws the same whatever it finds */
	int rc = exists3(g, "SELECT 1 FROM visits WHERE officer = ? AND division = ? AND visited_on = ?", p->badge,
			 p->division, on, e);
	return rc ? (rc < 0 ? -1 : 0) : save(g, K_VISIT, kv, e);
}

static const char *const topics[] = { "辖区治安形势通报", "矛盾纠纷排查化解", "防范电信网络诈骗", "草场边界纠纷",
				      "冬季防火安全", "出租屋管理", "平安创建工作", "禁毒宣传安排" };
static const char *const items[] = { "排查辖区出租屋", "清理楼道堆放杂物", "增设路口警示标志", "组织反诈宣传进牧户",
				     "调处草场边界纠纷", "走访独居老人", "检修消防器材", "排查矛盾纠纷隐患", "完善治安巡防排班" };
static const char *const owners[] = { "社区居委会", "嘎查委员会", "社区民警", "镇综治办", "网格员", "物业公司" };

static int add_actions(struct gen *g, const char *division, int32_t day, struct err *e)
{
	int n = draw_odds(&g->d, 500);
	n += draw_odds(&g->d, 250);
	int first = draw_below(&g->d, (int)(sizeof items / sizeof *items));
	for (int i = 0; i < n; i++) {
		char held[11], due[11], done[11];
		int32_t due_day = day + 7 + draw_below(&g->d, 40);
		int fate = draw_below(&g->d, 100);
		int32_t on_time = day + 1 + draw_below(&g->d, due_day - day), late = due_day + 1 + draw_below(&g->d, 21);
		/* most done by the day agreed, some late; stalled only lately (the next meeting follows it up) */
		int32_t done_day = fate < 85 ? on_time : late;
		if (fate >= 97 && due_day >= g->today - ACTION_STALE_DAYS)
			done_day = 0;
		const char *owner = ONE_OF(&g->d, owners);
		const char *kv[] = { "division", division, "held_on", day_text(day, held), "item",
				     items[(first + i) % (int)(sizeof items / sizeof *items)], "owner", owner,
				     "due_on", day_text(due_day, due), "done_on",
				     done_day && done_day < g->today ? day_text(done_day, done) : NULL, NULL };
		if (save(g, K_ACTION, kv, e))
			return -1;
	}
	return 0;
}

static int add_meeting(struct gen *g, const struct post_row *p, int32_t day, struct err *e)
{
	bool town = !strcmp(p->division_kind, "town");
	const char *kind = draw_odds(&g->d, 120) ? "joint" : town ? "party_committee" : "two_committees";
	char on[11];
	day_text(day, on);
	const char *topic = ONE_OF(&g->d, topics);
	const char *briefed = draw_odds(&g->d, 800) ? "1" : "0";
	const char *kv[] = { "held_on", on, "division", p->division, "kind", kind, "attendee", p->badge, "topics", topic,
			     "briefed", briefed, NULL };
	/* a meeting of that kind there that day already (another holder's, or a demo loaded before) stays */
	int rc = exists3(g, "SELECT 1 FROM meetings WHERE division = ? AND held_on = ? AND kind = ?", p->division, on,
			 kind, e);
	if (rc < 0 || (rc == 0 && save(g, K_MEETING, kv, e)))
		return -1;
	return add_actions(g, p->division, day, e);
}

/* Officers visit the divisions of their posts about monthly and attend their committees' meetings. */
static int post_ledgers(struct gen *g, struct err *e)
{
	struct post_row *posts = NULL;
	long n = 0;
	int rc = load_posts(g, &posts, &n, e);
	for (long i = 0; i < n && rc == 0; i++) {
		const struct post_row *p = &posts[i];
		bool town = !strcmp(p->division_kind, "town");
		/* one visit and one meeting per (officer, division): the village_committee or township post leads */
		bool leads = !strcmp(p->kind, town ? "township_committee" : "director_assistant");
		for (int32_t day = p->start > g->first ? p->start : g->first; day < g->today && day <= p->end && rc == 0; day++) {
			if (!town && leads && draw_odds(&g->d, 35))
				rc = add_visit(g, p, day, e);
			if (rc == 0 && (town || leads) && draw_odds(&g->d, 22))
				rc = add_meeting(g, p, day, e);
		}
	}
	free(posts);
	return rc;
}

int demo_ledgers(struct db *db, struct err *e)
{
	static const struct record_type *const kinds[] = { &hazard_type, &visit_type, &outreach_type, &dissuasion_type,
							   &meeting_type, &action_type };
	struct gen g = { .db = db, .d = { 0x1edfe2025a11ull }, .first = days_from_civil(2025, 1, 1),
			 .today = date_today(config()->tz_minutes) };
	struct stations ss = { 0 };
	int rc = 0;
	for (int k = 0; k < 6; k++)
		if (!(g.r[k] = record_new(kinds[k])))
			rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	if (rc == 0)
		rc = load_stations(&g, &ss, e) || station_ledgers(&g, &ss, e) || post_ledgers(&g, e) ? -1 : 0;
	for (long s = 0; s < ss.n; s++)
		free(ss.s[s].div);
	free(ss.s);
	for (int k = 0; k < 6; k++)
		record_free(g.r[k]);
	return rc;
}
