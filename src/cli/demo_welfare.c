/*
 * demo_welfare.c — officer welfare in the demonstration data (CONTRACTS.md
 * §7): honours for about a fifth of the staff (mostly 优秀民警 and 三等功, a
 * few 二等功, 一等功 and 英模; some hold a second 优秀民警), and three years of
 * recuperation history (2023–2025, routes hainan, hunan and inner_mongolia, a
 * few people a year, each one trip, taken after an honour).  Who gets what is
 * a hash of the badge number with a fixed seed: the same staff give the same
 * records, and the other demo data's draws are untouched.  Every record goes
 * through the checks of an import.
 */
#include "cli/cli.h"
#include "base/array.h"
#include "base/config.h"
#include "base/date.h"
#include "model/welfare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WELFARE_SEED 0x9e3779b97f4a7c15ull

/* FNV-1a of the badge, mixed with the seed and a salt, then finalised (splitmix64's). */
static uint64_t mix(const char *badge, uint64_t salt)
{
	uint64_t h = 0xcbf29ce484222325ull ^ WELFARE_SEED ^ salt;
	for (const unsigned char *p = (const unsigned char *)badge; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

struct honour_kind {
	int per_cent; /* cumulative share of the honoured */
	const char *kind, *title;
};

static const struct honour_kind kinds[] = {
	{ 40, "excellent", NULL }, /* 某年度优秀民警 (辅警) */
	{ 75, "merit_3", "个人三等功" },
	{ 87, "merit_2", "个人二等功" },
	{ 94, "merit_1", "个人一等功" },
	{ 100, "model", "全国公安系统英雄模范" },
};

static const char *const routes[] = { "hainan", "hunan", "inner_mongolia" };

/* A day in [lo, hi] by h; hi when the span is empty. */
static int32_t day_between(uint64_t h, int32_t lo, int32_t hi)
{
	return hi > lo ? lo + (int32_t)(h % (uint64_t)(hi - lo + 1)) : hi;
}

static int honour_person(struct db *db, struct record *hr, struct record *rr, const char *badge, const char *hired,
			 bool police, int32_t today, struct err *e)
{
	uint64_t h = mix(badge, 1);
	if (h % 5)
		return 0; /* four in five hold no honour */
	int32_t hired_day = 0, first = days_from_civil(2012, 1, 1), last = today - 30;
	struct err ignored;
	if (*hired && date_parse(hired, "hired_on", &hired_day, &ignored) == 0 && hired_day + 365 > first)
		first = hired_day + 365;
	int32_t on = day_between(h >> 20, first, last);
	int pc = (int)(h >> 8 & 0xffff) % 100;
	const struct honour_kind *k = &kinds[0];
	while (pc >= k->per_cent)
		k++;
	if (!police && strcmp(k->kind, "excellent"))
		k = &kinds[0]; /* auxiliaries: 优秀辅警 */
	char day[11], title[64];
	int y, m, d;
	date_format(on, day);
	civil_from_days(on, &y, &m, &d);
	if (k->title)
		snprintf(title, sizeof title, "%s", k->title);
	else
		snprintf(title, sizeof title, "%d年度优秀%s", y - 1, police ? "民警" : "辅警");
	const char *kv[] = { "badge_no", badge, "title", title, "kind", k->kind, "awarded_on", day, NULL };
	if (demo_put(db, hr, kv, e))
		return -1;
	int32_t latest = on;
	if ((h >> 40 & 3) == 0) {
		/* one in four: a second honour, an excellent year a few years on */
		int32_t on2 = on + 400 + (int32_t)(h >> 44 & 0x3ff);
		if (on2 < last) {
			date_format(on2, day);
			civil_from_days(on2, &y, &m, &d);
			snprintf(title, sizeof title, "%d年度优秀%s", y - 1, police ? "民警" : "辅警");
			const char *kv2[] = { "badge_no", badge, "title", title, "kind", "excellent", "awarded_on", day, NULL };
			if (demo_put(db, hr, kv2, e))
				return -1;
		}
	}
	/* one in four of the honoured went on a trip in 2023-2025, after their first honour */
	uint64_t t = mix(badge, 2);
	int year = 2023 + (int)(t >> 8 & 0xff) % 3;
	civil_from_days(latest, &y, &m, &d);
	if (t % 4 || y >= year)
		return 0;
	char yt[8];
	snprintf(yt, sizeof yt, "%d", year);
	const char *kv3[] = { "badge_no", badge, "year", yt, "route", routes[(t >> 16 & 0xff) % 3], NULL };
	return demo_put(db, rr, kv3, e);
}

struct person_row {
	char badge[24], hired[11];
	bool police;
};

int demo_welfare(struct db *db, struct err *e)
{
	/* the staff first, whole: the saves below use the same connection */
	struct person_row *people = NULL;
	long n = 0, cap = 0;
	struct db_stmt *st = db_prepare(db, "SELECT badge_no, COALESCE(hired_on, ''), type FROM personnel"
					    " WHERE voided_at IS NULL ORDER BY badge_no", e);
	int rc = st ? 0 : -1;
	while (rc == 0 && (rc = db_step(st, e)) == 1) {
		struct person_row *p = array_push(&people, &n, &cap, sizeof *p, e);
		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p->badge, sizeof p->badge, "%s", db_col_text(st, 0));
		snprintf(p->hired, sizeof p->hired, "%s", db_col_text(st, 1));
		p->police = !strcmp(db_col_text(st, 2), "police");
		rc = 0;
	}
	if (st)
		db_done(st);
	struct record *hr = record_new(&honour_type), *rr = record_new(&recuperation_type);
	if (rc == 0 && (!hr || !rr))
		rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int32_t today = date_today(config()->tz_minutes);
	for (long i = 0; i < n && rc == 0; i++)
		rc = honour_person(db, hr, rr, people[i].badge, people[i].hired, people[i].police, today, e);
	record_free(hr);
	record_free(rr);
	free(people);
	return rc;
}
