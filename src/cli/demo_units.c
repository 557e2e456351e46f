/*
 * demo_units.c — the units of the demonstration bureau beside and above its
 * stations (CONTRACTS.md §7): 阿拉善左旗公安局 at the top, the eleven stations
 * under it, and its other units (criminal investigation, traffic, patrol,
 * narcotics, the detention centre, the political department and the command
 * centre) with their police and auxiliary staff.  Loaded after the
 * stations' data (only the welfare records come later), from a seed of its
 * own, so the stations' data and figures stay as they were.
 */
#include "cli/cli.h"
#include "model/org.h"

#include <stdint.h>
#include <stdio.h>

#define BUREAU "GAJ"

struct unit_plan {
	const char *code, *name, *kind;
	int police, auxiliary;
};

static const struct unit_plan units[] = {
	{ "GAJ01", "刑事侦查大队", "criminal", 36, 8 },
	{ "GAJ02", "交通管理大队", "traffic", 42, 30 },
	{ "GAJ03", "巡特警大队", "patrol", 38, 26 },
	{ "GAJ04", "禁毒大队", "drugs", 14, 4 },
	{ "GAJ05", "看守所", "prison", 22, 12 },
	{ "GAJ06", "政治处", "office", 12, 2 },
	{ "GAJ07", "指挥中心", "office", 18, 8 },
};

/* splitmix64, a sequence of the units' own */
static uint64_t draw(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int below(uint64_t *s, int n)
{
	return (int)(draw(s) % (uint64_t)n);
}

/* One member of a unit's staff: police 16UUSS, auxiliaries FJUUUSS (UU the unit, SS the sequence). */
static int add_staff(struct db *db, struct record *r, uint64_t *s, int u, int seq, bool police, struct err *e)
{
	char badge[32], name[32], hired[16], phone[16];
	snprintf(badge, sizeof badge, police ? "16%02d%02d" : "FJU%02d%02d", u + 1, seq);
	demo_name(s, name, sizeof name);
	snprintf(hired, sizeof hired, "%04d-%02d-%02d", (police ? 1993 : 2012) + below(s, police ? 30 : 11), 1 + below(s, 12),
		 1 + below(s, 28));
	snprintf(phone, sizeof phone, "1%d%09d", 3 + below(s, 7), below(s, 1000000000));
	int p = below(s, 100);
	const char *party = police ? (p < 80 ? "member" : p < 88 ? "probationary" : "none") : (p < 30 ? "member" : "none");
	const char *kv[] = { "badge_no", badge, "name", name, "type", police ? "police" : "auxiliary",
			     "position", police ? "other" : "auxiliary", "party", party, "unit", units[u].code,
			     "gender", below(s, 4) ? "male" : "female", "hired_on", hired, "phone", phone, NULL };
	return demo_put(db, r, kv, e);
}

int demo_units(struct db *db, struct err *e)
{
	struct record *u = record_new(&unit_type), *p = record_new(&personnel_type);
	uint64_t s = 0x756e6974735eedull;
	int rc = u && p ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	const char *bureau[] = { "code", BUREAU, "name", "阿拉善左旗公安局", "kind", "bureau", NULL };
	if (rc == 0)
		rc = demo_put(db, u, bureau, e);
	/* the stations, under the bureau */
	struct db_stmt *st = rc ? NULL : db_prepare(db, "SELECT code, name FROM stations ORDER BY code", e);
	if (rc == 0 && !st)
		rc = -1;
	int got = 0;
	while (rc == 0 && (got = db_step(st, e)) == 1) {
		char code[24], name[128];
		snprintf(code, sizeof code, "%s", db_col_text(st, 0));
		snprintf(name, sizeof name, "%s", db_col_text(st, 1));
		const char *kv[] = { "code", code, "name", name, "kind", "station", "parent", BUREAU, NULL };
		rc = demo_put(db, u, kv, e);
	}
	if (st)
		db_done(st);
	if (got < 0)
		rc = -1;
	for (int i = 0; rc == 0 && i < (int)(sizeof units / sizeof *units); i++) {
		const char *kv[] = { "code", units[i].code, "name", units[i].name, "kind", units[i].kind, "parent", BUREAU, NULL };
		rc = demo_put(db, u, kv, e);
		for (int k = 0; rc == 0 && k < units[i].police + units[i].auxiliary; k++)
			rc = add_staff(db, p, &s, i, k < units[i].police ? k + 1 : k - units[i].police + 1, k < units[i].police, e);
	}
	record_free(u);
	record_free(p);
	return rc;
}
