/*
 * visit.c — household visits (走访台账, CONTRACTS.md §6): an officer's
 * visits in one division on one day, how many households and people, the
 * opinions collected and problems resolved, and what the people said of the
 * police (满意, 基本满意, 不满意; not more answers than people visited).
 *
 * The visit belongs to its officer's station as it was when the visit was
 * first recorded (derived, kept on later changes), and that station's
 * jurisdiction must hold the division: an officer who moves later leaves his
 * earlier visits where they were made.
 */
#include "model/ledger.h"
#include "model/org.h"
#include "model/unit.h"

#include <string.h>

enum { V_ON, V_OFFICER, V_DIVISION, V_STATION, V_HOUSEHOLDS, V_PEOPLE, V_OPINIONS, V_RESOLVED, V_SATISFIED,
       V_BASIC, V_UNSATISFIED, V_NOTE, V_COUNT };

static int visit_derive(struct db *db, struct record *r, struct err *e)
{
	static const char *const keys[] = { "officer", "division", "visited_on", NULL };
	return ledger_derive_station(db, r, keys, "SELECT station FROM personnel WHERE badge_no = ?", 1, e);
}

static int visit_check(struct db *db, const struct record *r, struct rules *rs)
{
	static const char *const counts[] = { "households", "people", "opinions", "resolved", "satisfied", "basic",
					      "unsatisfied", NULL };
	int before = rs->broken;
	ledger_not_negative(rs, r, "visit", counts);
	bool counts_ok = rs->broken == before;
	const struct value *v = r->v;
	if (counts_ok && rule_usable(rs, r, V_PEOPLE)) {
		int64_t said = 0;
		for (int i = V_SATISFIED; i <= V_UNSATISFIED; i++)
			said += rule_usable(rs, r, i) ? v[i].i : 0;
		if (said > v[V_PEOPLE].i)
			rule_broken(rs, ERR_INVALID, "visit.satisfaction_over_people", "satisfied",
				    "满意、基本满意、不满意合计 %lld 人，多于走访人数 %lld（more answers than people visited）",
				    (long long)said, (long long)v[V_PEOPLE].i);
	}
	if (counts_ok && rule_usable(rs, r, V_RESOLVED) && rule_usable(rs, r, V_OPINIONS) &&
	    v[V_RESOLVED].i > v[V_OPINIONS].i)
		rule_broken(rs, ERR_INVALID, "visit.resolved_over_opinions", "resolved",
			    "解决问题 %lld 件，多于收集意见建议 %lld 条（more resolved than collected）",
			    (long long)v[V_RESOLVED].i, (long long)v[V_OPINIONS].i);
	if (!rule_usable(rs, r, V_OFFICER))
		return 0;
	return ledger_division_in_station(db, r, rs, "visit", "station", "division");
}

static const struct field visit_fields[V_COUNT] = {
	[V_ON] = { .name = "visited_on", .zh = "走访日期", .en = "Visited on", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER | FF_MAIN_DATE | FF_NOT_FUTURE },
	[V_OFFICER] = { .name = "officer", .zh = "走访民警", .en = "Officer", .aliases = "民警|警号", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &personnel_type },
	[V_DIVISION] = { .name = "division", .zh = "区划", .en = "Division", .aliases = "走访区划|走访单位", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &division_type },
	[V_STATION] = { .name = "station", .zh = "管辖单位", .en = "Station", .type = FT_REF, .flags = FF_DERIVED | FF_FILTER,
	  .ref = &station_type },
	[V_HOUSEHOLDS] = { .name = "households", .zh = "走访户数", .en = "Households", .aliases = "户数", .type = FT_INT,
	  .flags = FF_REQUIRED },
	[V_PEOPLE] = { .name = "people", .zh = "走访人数", .en = "People", .aliases = "人数", .type = FT_INT,
	  .flags = FF_REQUIRED },
	[V_OPINIONS] = { .name = "opinions", .zh = "收集意见建议", .en = "Opinions", .aliases = "意见建议", .type = FT_INT },
	[V_RESOLVED] = { .name = "resolved", .zh = "解决问题", .en = "Resolved", .type = FT_INT },
	[V_SATISFIED] = { .name = "satisfied", .zh = "满意", .en = "Satisfied", .type = FT_INT },
	[V_BASIC] = { .name = "basic", .zh = "基本满意", .en = "Basically satisfied", .type = FT_INT },
	[V_UNSATISFIED] = { .name = "unsatisfied", .zh = "不满意", .en = "Unsatisfied", .type = FT_INT },
	[V_NOTE] = { .name = "note", .zh = "备注", .en = "Note", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
};

const struct record_type visit_type = {
	.kind = "visits", .table = "visits", .zh = "走访", .en = "visit",
	.fields = visit_fields, .nfields = V_COUNT,
	.derive = visit_derive, .check = visit_check, .scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE },
};
