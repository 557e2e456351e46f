/*
 * honour.c — a person's honours (荣誉, CONTRACTS.md §7): the title, its
 * kind (英模, 一等功 … 优秀民警) and the day it was awarded, which is not in
 * the future nor, when the person's hiring day is known, before it.  Key:
 * badge_no + title + awarded_on.
 */
#include "model/welfare.h"
#include "model/org.h"

#include <string.h>

static const struct code_item honour_kind_items[] = {
	{ "model", "英模", "hero or model" },
	{ "merit_1", "一等功", "first-class merit" },
	{ "merit_2", "二等功", "second-class merit" },
	{ "merit_3", "三等功", "third-class merit" },
	{ "excellent", "优秀民警", "excellent officer" },
	{ "other", "其他", "other" },
};
const struct code_list honour_kinds = CODE_LIST(honour_kind_items);
_Static_assert(sizeof honour_kind_items / sizeof honour_kind_items[0] == HONOUR_KIND_COUNT, "HONOUR_KIND_COUNT in welfare.h");

enum { H_BADGE, H_TITLE, H_KIND, H_ON, H_COUNT };

static int honour_check(struct db *db, const struct record *r, struct rules *rs)
{
	if (!rule_usable(rs, r, H_BADGE) || !rule_usable(rs, r, H_ON))
		return 0;
	char hired[16];
	int found = db_text_of(db, "SELECT hired_on FROM personnel WHERE badge_no = ?", r->v[H_BADGE].s, hired,
			       sizeof hired, &rs->e);
	if (found < 0)
		return rule_outcome(rs, -1);
	if (found && hired[0] && strcmp(r->v[H_ON].s, hired) < 0)
		rule_broken(rs, ERR_INVALID, "honour.before_hired", "awarded_on",
			    "授予日期 %s 早于参加工作时间 %s（awarded before the person was hired）", r->v[H_ON].s, hired);
	return 0;
}

static const struct field honour_fields[H_COUNT] = {
	[H_BADGE] = { .name = "badge_no", .zh = "警号", .en = "Badge no.", .aliases = "编号", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &personnel_type },
	[H_TITLE] = { .name = "title", .zh = "荣誉名称", .en = "Title", .aliases = "荣誉|名称", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY, .max_len = 100 },
	[H_KIND] = { .name = "kind", .zh = "类别", .en = "Kind", .aliases = "荣誉类别", .type = FT_ENUM,
	  .flags = FF_REQUIRED | FF_FILTER, .codes = &honour_kinds },
	[H_ON] = { .name = "awarded_on", .zh = "授予日期", .en = "Awarded on", .aliases = "日期", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER | FF_MAIN_DATE | FF_NOT_FUTURE },
};

const struct record_type honour_type = {
	.kind = "honours", .table = "honours", .zh = "荣誉", .en = "honour",
	.fields = honour_fields, .nfields = H_COUNT,
	.check = honour_check, .scope_sql = { [SCOPE_UNIT] = OF_PERSON_IN_UNIT }, .rows_stand_alone = true,
};
