/*
 * personnel.c — 民警 and 辅警: their type, position, party status and
 * station; an auxiliary holds no police position.
 */
#include "model/org.h"

#include <string.h>

static int personnel_check(struct db *db, const struct record *r, struct rules *rs)
{
	(void)db;
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
	{ .name = "station", .zh = "所属派出所", .en = "Station", .aliases = "派出所|所属单位", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_FILTER, .ref = &station_type },
	{ .name = "gender", .zh = "性别", .en = "Gender", .type = FT_ENUM, .flags = FF_FILTER, .codes = &genders },
	{ .name = "hired_on", .zh = "参加工作时间", .en = "Hired on", .type = FT_DATE, .flags = FF_MAIN_DATE | FF_NOT_FUTURE },
	{ .name = "phone", .zh = "联系电话", .en = "Phone", .aliases = "电话|手机", .type = FT_TEXT, .max_len = 20,
	  .sens = SENS_PHONE },
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
	.check = personnel_check, .after_change = personnel_after, .before_change = personnel_before, .scope_sql = { [SCOPE_UNIT] = "station = ?" },
};
