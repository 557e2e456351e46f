/*
 * recuperation.c — a person's past recuperation trips (疗养记录, CONTRACTS.md
 * §7): the year and the route, one trip a year (key badge_no + year).  The
 * planner excludes those who went in the programme's last years; a frozen
 * plan writes its members' trips here.  The year lies between
 * RECUPERATION_FIRST_YEAR and next year.
 */
#include "model/welfare.h"
#include "base/config.h"
#include "base/date.h"
#include "model/org.h"

enum { RC_BADGE, RC_YEAR, RC_ROUTE, RC_COUNT };

static int recuperation_check(struct db *db, const struct record *r, struct rules *rs)
{
	(void)db;
	if (!rule_usable(rs, r, RC_YEAR))
		return 0;
	int y, m, d;
	civil_from_days(date_today(config()->tz_minutes), &y, &m, &d);
	int64_t year = r->v[RC_YEAR].i;
	if (year < RECUPERATION_FIRST_YEAR || year > y + 1)
		rule_broken(rs, ERR_INVALID, "recuperation.year", "year",
			    "年度 %lld 不在 %d 至 %d 之间（the year is out of range）", (long long)year,
			    RECUPERATION_FIRST_YEAR, y + 1);
	return 0;
}

static const struct field recuperation_fields[RC_COUNT] = {
	[RC_BADGE] = { .name = "badge_no", .zh = "警号", .en = "Badge no.", .aliases = "编号", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &personnel_type },
	[RC_YEAR] = { .name = "year", .zh = "年度", .en = "Year", .aliases = "疗养年度", .type = FT_INT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER },
	[RC_ROUTE] = { .name = "route", .zh = "线路", .en = "Route", .aliases = "疗养线路", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_FILTER, .max_len = 40 },
};

const struct record_type recuperation_type = {
	.kind = "recuperations", .table = "recuperations", .zh = "疗养记录", .en = "recuperation",
	.fields = recuperation_fields, .nfields = RC_COUNT,
	.check = recuperation_check, .scope_sql = { [SCOPE_UNIT] = OF_PERSON_IN_UNIT }, .rows_stand_alone = true,
};
