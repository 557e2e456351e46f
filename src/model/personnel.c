/*
 * personnel.c — 民警 and 辅警: their type, position, party status and
 * unit (and station, for those of a station's unit); an auxiliary holds no
 * police position.
 */
#include "model/org.h"
#include "model/record_internal.h"
#include "model/unit.h"

#include <string.h>

/*
 * Unit and station: a person belongs to a unit; those of a station-kind unit
 * have that station, the others none.  `station` alone (the files of before
 * units) gives the unit; a given unit wins over a station that disagrees
 * (a form that moves a person sends the old station), unless the unit is the
 * stored one and the station the change (a PATCH of the station alone).
 */
static int personnel_derive(struct db *db, struct record *r, struct err *e)
{
	int iu = field_index(r->type, "unit"), is = field_index(r->type, "station");
	if (!r->v[iu].set && !r->v[is].set)
		return 0;
	const char *given = r->v[iu].set ? r->v[iu].s : r->v[is].s;
	char kind[16];
	if (r->v[iu].set && r->v[is].set && strcmp(r->v[iu].s, r->v[is].s) && record_get(r, "badge_no")) {
		/* they disagree: a change of the station alone (a PATCH of the stored person) moves the unit too */
		char was[24];
		int stored = db_text_of(db, "SELECT unit FROM personnel WHERE badge_no = ?", record_get(r, "badge_no"), was,
					sizeof was, e);
		if (stored < 0)
			return -1;
		if (stored && !strcmp(was, r->v[iu].s))
			given = r->v[is].s;
	}
	int found = db_text_of(db, "SELECT kind FROM units WHERE code = ?", given, kind, sizeof kind, e);
	if (found < 0)
		return -1;
	if (!found)
		return 0; /* the reference check names it (once: the station's, or the unit's) */
	if (given != r->v[iu].s)
		return record_put(r, iu, given, strlen(given), e);
	if (!strcmp(kind, "station"))
		return record_put(r, is, given, strlen(given), e);
	value_unset(&r->v[is]);
	return 0;
}

static int personnel_check(struct db *db, const struct record *r, struct rules *rs)
{
	(void)db;
	/* required, though files of before units give it by their station column (personnel_derive) */
	if (!record_get(r, "unit") && !record_get(r, "station"))
		rule_broken(rs, ERR_INVALID, "field.required", "unit", "所属单位：必填（required）");
	const char *type = record_get(r, "type"), *position = record_get(r, "position");
	if (!rule_has(rs, r, "type") || !rule_has(rs, r, "position"))
		return 0;
	/* An auxiliary holds no police rank: only the auxiliary or other position. */
	if (!strcmp(type, "auxiliary") && strcmp(position, "auxiliary") && strcmp(position, "other"))
		rule_broken(rs, ERR_INVALID, "personnel.auxiliary_position", "position",
			    "职务：辅警不能担任%s（an auxiliary cannot hold a police position）",
			    code_label(&positions, position));
	if (!strcmp(type, "police") && !strcmp(position, "auxiliary"))
		rule_broken(rs, ERR_INVALID, "personnel.police_position", "position",
			    "职务：民警的职务不能是“辅警”（a police officer's position cannot be auxiliary）");
	return 0;
}

static const struct field personnel_fields[] = {
	{ .name = "badge_no", .zh = "警号", .en = "Badge no.", .aliases = "编号", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 20 },
	{ .name = "name", .zh = "姓名", .en = "Name", .type = FT_TEXT, .flags = FF_REQUIRED | FF_FILTER, .max_len = 30 },
	{ .name = "type", .zh = "人员类别", .en = "Type", .aliases = "类别", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &personnel_types },
	{ .name = "position", .zh = "职务", .en = "Position", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &positions },
	{ .name = "party", .zh = "政治面貌", .en = "Party status", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &party_statuses },
	{ .name = "station", .zh = "所属派出所", .en = "Station", .aliases = "派出所", .type = FT_REF,
	  .flags = FF_FILTER, .ref = &station_type },
	{ .name = "gender", .zh = "性别", .en = "Gender", .type = FT_ENUM, .flags = FF_FILTER, .codes = &genders },
	{ .name = "hired_on", .zh = "参加工作时间", .en = "Hired on", .type = FT_DATE, .flags = FF_MAIN_DATE | FF_NOT_FUTURE },
	{ .name = "phone", .zh = "联系电话", .en = "Phone", .aliases = "电话|手机", .type = FT_TEXT, .max_len = 20,
	  .sens = SENS_PHONE },
	{ .name = "unit", .zh = "所属单位", .en = "Unit", .aliases = "单位|单位编码", .type = FT_REF,
	  .flags = FF_FILTER, .ref = &unit_type },
};

/* A change must not break the posts that rest on this personnel (CONTRACTS §2). */
static int personnel_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	return posts_recheck(db, r, POSTS_OF_PERSON, now, e);
}

static int personnel_before(struct db *db, struct record *r, struct err *e)
{
	return posts_broken_before(db, r, POSTS_OF_PERSON, e);
}

const struct record_type personnel_type = {
	.kind = "personnel", .table = "personnel", .zh = "人员", .en = "personnel",
	.fields = personnel_fields, .nfields = sizeof personnel_fields / sizeof personnel_fields[0],
	.derive = personnel_derive, .check = personnel_check, .after_change = personnel_after, .before_change = personnel_before,
	.scope_sql = { [SCOPE_UNIT] = "unit IN " UNIT_SUBTREE },
};
