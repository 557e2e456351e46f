/*
 * hazard.c — hazards found and fixed (隐患台账, CONTRACTS.md §6): found on a
 * day by a station, to be fixed by a deadline not before that day; fixed on
 * a day not before it either.  A hazard is overdue when it is not fixed by
 * its deadline (fixed_on empty after the deadline, or later than it).
 * A hazard a grid report was turned into names that report (gridreport_no).
 */
#include "model/gridreport.h"
#include "model/ledger.h"
#include "model/org.h"
#include "model/unit.h"

#include <string.h>

static const struct code_item hazard_type_items[] = {
	{ "fire", "消防", "fire" },
	{ "traffic", "交通", "traffic" },
	{ "public_order", "治安", "public order" },
	{ "safety", "安全生产", "work safety" },
	{ "dispute", "矛盾隐患", "dispute" },
	{ "other", "其他", "other" },
};
const struct code_list hazard_types = CODE_LIST(hazard_type_items);

static const struct code_item hazard_level_items[] = {
	{ "major", "重大", "major" },
	{ "general", "一般", "general" },
};
const struct code_list hazard_levels = CODE_LIST(hazard_level_items);

/* the grid report it came from names it (model/gridreport.c) */
static int hazard_derive(struct db *db, struct record *r, struct err *e)
{
	char from[48];
	int i = field_index(r->type, "gridreport_no");
	if (gridreport_of(db, r->memo, "hazard", record_get(r, "hazard_no"), from, e))
		return -1;
	return *from ? record_put(r, i, from, strlen(from), e) : record_set(r, i, "", 0, e);
}

static int hazard_check(struct db *db, const struct record *r, struct rules *rs)
{
	ledger_not_before(rs, r, "deadline", "found_on", "hazard.deadline_before_found");
	ledger_not_before(rs, r, "fixed_on", "found_on", "hazard.fixed_before_found");
	return ledger_division_in_station(db, r, rs, "hazard", "station", "division");
}

static const struct field hazard_fields[] = {
	{ .name = "hazard_no", .zh = "隐患编号", .en = "Hazard no.", .aliases = "编号", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 40 },
	{ .name = "found_on", .zh = "发现日期", .en = "Found on", .aliases = "排查日期", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_MAIN_DATE | FF_NOT_FUTURE },
	{ .name = "station", .zh = "管辖单位", .en = "Station", .aliases = "派出所|所属派出所", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_FILTER, .ref = &station_type },
	{ .name = "type", .zh = "隐患类型", .en = "Type", .aliases = "类型", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &hazard_types },
	{ .name = "place", .zh = "地点", .en = "Place", .aliases = "隐患地点", .type = FT_TEXT, .flags = FF_REQUIRED,
	  .max_len = 200 },
	{ .name = "deadline", .zh = "整改期限", .en = "Deadline", .type = FT_DATE, .flags = FF_REQUIRED },
	{ .name = "division", .zh = "所在区划", .en = "Division", .aliases = "区划", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &division_type },
	{ .name = "level", .zh = "等级", .en = "Level", .aliases = "隐患等级", .type = FT_ENUM, .flags = FF_FILTER,
	  .codes = &hazard_levels },
	{ .name = "fixed_on", .zh = "整改完成日期", .en = "Fixed on", .aliases = "整改日期", .type = FT_DATE,
	  .flags = FF_NOT_FUTURE },
	{ .name = "responsible", .zh = "责任单位", .en = "Responsible", .type = FT_TEXT, .max_len = 100 },
	{ .name = "note", .zh = "备注", .en = "Note", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
	{ .name = "gridreport_no", .zh = "来源网格上报", .en = "From grid report", .type = FT_TEXT,
	  .flags = FF_DERIVED | FF_FILTER, .max_len = 40 },
};

const struct record_type hazard_type = {
	.kind = "hazards", .table = "hazards", .zh = "隐患", .en = "hazard",
	.fields = hazard_fields, .nfields = sizeof hazard_fields / sizeof hazard_fields[0],
	.derive = hazard_derive, .check = hazard_check, .scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE }, .rows_stand_alone = true,
	.overdue_sql = "fixed_on IS NULL AND deadline < ?", /* not fixed, its deadline passed */
};
