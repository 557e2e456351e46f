/*
 * perm.c — the permission table.  This file is the only place a role's
 * rights are written.
 */
#include "model/perm.h"
#include "model/org.h"
#include "model/unit.h"

#include <string.h>

static const struct code_item role_items[ROLE_COUNT] = {
	[ROLE_ADMIN] = { "admin", "系统管理员", "administrator" },
	[ROLE_LEADER] = { "leader", "局领导", "bureau leader" },
	[ROLE_STATION] = { "station", "派出所", "station" },
	[ROLE_OFFICER] = { "officer", "社区民警", "community officer" },
	[ROLE_GRID] = { "grid", "网格员", "grid worker" },
	[ROLE_MEDIATOR] = { "mediator", "调解员", "partner mediator" },
};
const struct code_list roles = CODE_LIST(role_items);

static const struct code_item scope_kind_items[SCOPE_KINDS] = {
	[SCOPE_ALL] = { "all", "全局", "the whole bureau" },
	[SCOPE_UNIT] = { "unit", "本单位", "the user's unit" },
	[SCOPE_PARTNER] = { "partner", "移交本单位的纠纷", "the disputes referred to the user's partner body" },
	[SCOPE_GRID] = { "grid", "本网格", "the user's grid" },
	[SCOPE_NONE] = { "none", "无", "nothing" },
};
const struct code_list scope_kinds = CODE_LIST(scope_kind_items);

#define R (1u << ACT_READ)
#define C (1u << ACT_CREATE)
#define U (1u << ACT_UPDATE)
#define V (1u << ACT_VOID)
#define E (1u << ACT_EXPORT)
#define P (1u << ACT_REVEAL)
#define RE (R | E)
#define WRITE (R | C | U | V | E)
#define EVERY (WRITE | P)

struct grant_row {
	const char *resource;
	unsigned by_role[ROLE_COUNT]; /* action bits, in enum role order */
};

/*
 * Administrators keep the reference data (divisions, stations, partner
 * bodies, the category dictionary) and the users; a station keeps its own
 * staff, posts, incidents and cases; everyone else reads within its scope.
 * Only administrators see personal data unmasked, but for the parties of
 * a dispute: those handling it (the station, its community officers, the
 * partner's mediator, each within its scope) see their contacts.  The
 * community officers keep the disputes of their station with it.  A
 * partner body's mediator reads the disputes referred to it, records
 * sessions and the referral's acceptance and result, and holds no station's
 * figures, so it has no reports; of the rest it reads the reference data
 * (divisions, stations, partner bodies, categories) its forms need.  A grid
 * worker (scope: its grid) submits its grid's reports and reads them with
 * their outcome and feedback, and of the reference data its own grid and the
 * categories; a station keeps the reports of the grids it holds (its inbox:
 * accept, turn into a dispute or an incident, no action, feedback), the
 * community officers with it (CONTRACTS.md §6).  The prevention ledgers (hazards, visits,
 * outreach, dissuasions, meetings and their action items) are kept like
 * disputes: by the station and its community officers, read by leaders.  A person's
 * honours and past recuperation trips are kept like the person: by the
 * station for its own staff, read by leaders and community officers.
 * Recuperation plans (疗养, §7) are the bureau's: its administrators plan,
 * save, adjust (swap) and freeze them; its leaders, read only (§1), see the
 * eligible, the saved plans, their exports and prints, and may run a plan
 * that is not saved (POST plan without save writes nothing: the read right).
 * A user confined to a unit has no right on them (perm_allows_in).
 */
static const struct grant_row table[] = {
	/* resource        admin   leader  station  officer  grid  mediator */
	{ "divisions",   { EVERY,  RE,     RE,      RE,      R,    R } },
	{ "stations",    { EVERY,  RE,     RE,      RE,      0,    R } },
	{ "partners",    { EVERY,  RE,     RE,      RE,      0,    R } },
	{ "units",       { EVERY,  RE,     RE,      RE,      0,    0 } },
	{ "personnel",   { EVERY,  RE,     WRITE,   RE,      0,    0 } },
	{ "posts",       { EVERY,  RE,     WRITE,   RE,      0,    0 } },
	{ "categories",  { EVERY,  RE,     RE,      RE,      RE,   R } },
	{ "incidents",   { EVERY,  RE,     WRITE,   RE,      0,    0 } },
	{ "cases",       { EVERY,  RE,     WRITE,   RE,      0,    0 } },
	{ "disputes",    { EVERY,  RE,     WRITE,   WRITE,   0,    RE } },
	{ "parties",     { EVERY,  RE,     WRITE|P, WRITE|P, 0,    RE|P } },
	{ "mediations",  { EVERY,  RE,     WRITE,   WRITE,   0,    R|C|U|E } },
	{ "referrals",   { EVERY,  RE,     WRITE,   WRITE,   0,    R|U|E } },
	{ "followups",   { EVERY,  RE,     WRITE,   WRITE,   0,    RE } },
	{ "hazards",     { EVERY,  RE,     WRITE,   WRITE,   0,    0 } },
	{ "visits",      { EVERY,  RE,     WRITE,   WRITE,   0,    0 } },
	{ "outreach",    { EVERY,  RE,     WRITE,   WRITE,   0,    0 } },
	{ "dissuasions", { EVERY,  RE,     WRITE,   WRITE,   0,    0 } },
	{ "meetings",    { EVERY,  RE,     WRITE,   WRITE,   0,    0 } },
	{ "actions",     { EVERY,  RE,     WRITE,   WRITE,   0,    0 } },
	{ "gridreports", { EVERY,  RE,     WRITE,   WRITE,   R|C,  0 } },
	{ "honours",     { EVERY,  RE,     WRITE,   RE,      0,    0 } },
	{ "recuperations", { EVERY, RE,    WRITE,   RE,      0,    0 } },
	{ "users",       { EVERY,  0,      0,       0,       0,    0 } },
	{ RES_REPORTS,   { R,      R,      R,       R,       0,    0 } },
	{ RES_AUDIT,     { R,      0,      0,       0,       0,    0 } },
	{ RES_TODO,      { R,      R,      R,       R,       R,    R } },
	{ RES_BACKUPS,   { C,      0,      0,       0,       0,    0 } },
	{ RES_RECUPERATION, { R|C|U|E, RE,   0,       0,       0,    0 } },
};

static const enum scope_kind scopes[ROLE_COUNT] = {
	[ROLE_ADMIN] = SCOPE_ALL,
	[ROLE_LEADER] = SCOPE_ALL,
	[ROLE_STATION] = SCOPE_UNIT,
	[ROLE_OFFICER] = SCOPE_UNIT,
	[ROLE_GRID] = SCOPE_GRID,
	[ROLE_MEDIATOR] = SCOPE_PARTNER,
};

#define NROWS (sizeof table / sizeof table[0])

/* A station code no station has: the records of confined kinds are then none. */
#define NO_STATION "\x01"

enum role role_from_code(const char *code)
{
	for (int r = 0; code && r < ROLE_COUNT; r++)
		if (!strcmp(role_items[r].code, code))
			return (enum role)r;
	return ROLE_UNKNOWN;
}

const char *role_code(enum role r)
{
	return r < ROLE_COUNT ? role_items[r].code : "";
}

const char *action_name(enum action a)
{
	static const char *const names[ACT_COUNT] = { "read", "create", "update", "void", "export", "reveal" };
	return a < ACT_COUNT ? names[a] : "";
}

const char *action_zh(enum action a)
{
	static const char *const names[ACT_COUNT] = { "查看", "新建", "修改", "作废", "导出", "查看明文" };
	return a < ACT_COUNT ? names[a] : "";
}

bool perm_allows(enum role role, const char *resource, enum action action)
{
	if (role >= ROLE_COUNT || action >= ACT_COUNT || !resource)
		return false;
	for (size_t i = 0; i < NROWS; i++)
		if (!strcmp(table[i].resource, resource))
			return (table[i].by_role[role] >> action) & 1u;
	return false;
}

/* The resources that are the whole bureau's, never a unit's. */
static bool bureau_wide(const char *resource)
{
	return !strcmp(resource, RES_RECUPERATION);
}

bool perm_allows_in(enum role role, const struct scope *scope, const char *resource, enum action action)
{
	if (resource && bureau_wide(resource) && (!scope || scope->kind != SCOPE_ALL))
		return false;
	return perm_allows(role, resource, action);
}

const char *perm_resource(size_t i)
{
	return i < NROWS ? table[i].resource : NULL;
}

enum scope_kind role_scope(enum role role)
{
	return role < ROLE_COUNT ? scopes[role] : SCOPE_NONE;
}

struct scope perm_scope(enum role role, const char *unit)
{
	/* a leader with a unit (a county bureau's, in a city) sees that unit and below */
	if (role == ROLE_LEADER && unit && *unit)
		return (struct scope){ SCOPE_UNIT, unit };
	return (struct scope){ role_scope(role), unit ? unit : "" };
}

const char *scope_station(const struct scope *s)
{
	if (s->kind == SCOPE_ALL)
		return "";
	if (s->kind == SCOPE_UNIT && s->unit && *s->unit)
		return s->unit;
	return NO_STATION;
}

int perm_unit_in(struct db *db, const char *within, const char *code, struct err *e)
{
	if (!within || !*within)
		return 1;
	if (!code || !*code)
		return 0;
	return !strcmp(within, code) ? 1 : unit_within(db, within, code, e);
}

int perm_division_in(struct db *db, const char *within, const char *division, struct err *e)
{
	if (!within || !*within)
		return 1;
	int held = station_holds_division(db, within, division, e);
	if (held)
		return held;
	int known = division_exists(db, division, e);
	if (known < 0)
		return -1;
	if (!known)
		return err_set(e, ERR_NOT_FOUND, "division.not_found", "division", "找不到区划“%s”（no such division）", division);
	return 0;
}
