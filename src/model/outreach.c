/*
 * outreach.c — law publicity and anti-fraud work (宣传与反诈, CONTRACTS.md
 * §6): a station's outreach events (audience, materials, anti-fraud app
 * registrations) and the dissuasion of each fraud warning it receives.
 *
 * A dissuasion's loss (损失金额) is what a resident lost to the fraud: it
 * is given only when the result is `defrauded` (a defrauded resident's loss
 * may still be unknown, so it is not required then), never negative.  A
 * warning dissuaded (劝阻成功) says when (dissuaded_at), which is not
 * before the warning was received.
 */
#include "model/ledger.h"
#include "base/config.h"
#include "base/date.h"
#include "model/org.h"
#include "model/unit.h"

#include <string.h>

static const struct code_item outreach_kind_items[] = {
	{ "law", "法治宣传", "law publicity" },
	{ "anti_fraud", "反诈宣传", "anti-fraud publicity" },
	{ "anti_drug", "禁毒宣传", "anti-drug publicity" },
	{ "other", "其他", "other" },
};
const struct code_list outreach_kinds = CODE_LIST(outreach_kind_items);

static const struct code_item dissuasion_kind_items[] = {
	{ "funds", "资金预警", "funds warning" },
	{ "contact", "触网预警", "contact warning" },
	{ "other", "其他", "other" },
};
const struct code_list dissuasion_kinds = CODE_LIST(dissuasion_kind_items);

static const struct code_item dissuasion_risk_items[] = {
	{ "high", "高", "high" },
	{ "medium", "中", "medium" },
	{ "low", "低", "low" },
};
const struct code_list dissuasion_risks = CODE_LIST(dissuasion_risk_items);

static const struct code_item dissuasion_method_items[] = {
	{ "call", "电话", "phone call" },
	{ "sms", "短信", "text message" },
	{ "visit", "见面", "in person" },
};
const struct code_list dissuasion_methods = CODE_LIST(dissuasion_method_items);

static const struct code_item dissuasion_result_items[] = {
	{ "dissuaded", "劝阻成功", "dissuaded" },
	{ "defrauded", "被骗", "defrauded" },
	{ "unreachable", "未联系上", "unreachable" },
};
const struct code_list dissuasion_results = CODE_LIST(dissuasion_result_items);

static int outreach_check(struct db *db, const struct record *r, struct rules *rs)
{
	static const char *const counts[] = { "audience", "materials", "app_registrations", NULL };
	ledger_not_negative(rs, r, "outreach", counts);
	return ledger_division_in_station(db, r, rs, "outreach", "station", "division");
}

static const struct field outreach_fields[] = {
	{ .name = "held_on", .zh = "活动日期", .en = "Held on", .aliases = "日期", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER | FF_MAIN_DATE | FF_NOT_FUTURE },
	{ .name = "station", .zh = "管辖单位", .en = "Station", .aliases = "派出所|所属派出所", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &station_type },
	{ .name = "kind", .zh = "活动类型", .en = "Kind", .aliases = "类型", .type = FT_ENUM,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .codes = &outreach_kinds },
	{ .name = "place", .zh = "地点", .en = "Place", .aliases = "活动地点", .type = FT_TEXT, .flags = FF_REQUIRED | FF_KEY,
	  .max_len = 200 },
	{ .name = "audience", .zh = "受众人数", .en = "Audience", .type = FT_INT, .flags = FF_REQUIRED },
	{ .name = "division", .zh = "区划", .en = "Division", .aliases = "所在区划", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &division_type },
	{ .name = "materials", .zh = "发放资料", .en = "Materials", .aliases = "发放资料份数", .type = FT_INT },
	{ .name = "app_registrations", .zh = "反诈APP注册数", .en = "App registrations", .aliases = "APP注册数",
	  .type = FT_INT },
	{ .name = "note", .zh = "备注", .en = "Note", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
};

const struct record_type outreach_type = {
	.kind = "outreach", .table = "outreach", .zh = "宣传活动", .en = "outreach event",
	.fields = outreach_fields, .nfields = sizeof outreach_fields / sizeof outreach_fields[0],
	.check = outreach_check, .scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE }, .rows_stand_alone = true,
};

enum { D_NO, D_RECEIVED_AT, D_RECEIVED_DAY, D_STATION, D_KIND, D_RISK, D_METHOD, D_DISSUADED_AT, D_RESULT, D_LOSS,
       D_COUNT };

static int dissuasion_derive(struct db *db, struct record *r, struct err *e)
{
	(void)db;
	if (!r->v[D_RECEIVED_AT].set)
		return 0;
	return record_set_int(r, D_RECEIVED_DAY, instant_local_day(r->v[D_RECEIVED_AT].i, config()->tz_minutes), e);
}

static int dissuasion_check(struct db *db, const struct record *r, struct rules *rs)
{
	(void)db;
	ledger_not_before(rs, r, "dissuaded_at", "received_at", "dissuasion.dissuaded_before_received");
	const struct value *v = r->v;
	bool result_ok = rule_usable(rs, r, D_RESULT);
	if (rule_usable(rs, r, D_LOSS) && v[D_LOSS].d < 0)
		rule_broken(rs, ERR_INVALID, "dissuasion.negative_loss", "loss", "损失金额不能为负（the loss cannot be negative）");
	if (v[D_LOSS].set && !r->v[D_RESULT].set)
		rule_broken(rs, ERR_INVALID, "dissuasion.loss_not_defrauded", "loss",
			    "损失金额：仅在劝阻结果为“被骗”时填写（a loss is given only when the resident was defrauded）");
	else if (v[D_LOSS].set && result_ok && strcmp(v[D_RESULT].s, "defrauded"))
		rule_broken(rs, ERR_INVALID, "dissuasion.loss_not_defrauded", "loss",
			    "损失金额：劝阻结果为“%s”，仅在“被骗”时填写（a loss is given only when the resident was defrauded）",
			    code_label(&dissuasion_results, v[D_RESULT].s));
	if (result_ok && !strcmp(v[D_RESULT].s, "dissuaded") && !v[D_DISSUADED_AT].set)
		rule_broken(rs, ERR_INVALID, "dissuasion.dissuaded_at_required", "dissuaded_at",
			    "劝阻时间：劝阻成功时必填（required when the warning was dissuaded）");
	return 0;
}

static const struct field dissuasion_fields[D_COUNT] = {
	[D_NO] = { .name = "warning_no", .zh = "预警编号", .en = "Warning no.", .aliases = "编号", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 40 },
	[D_RECEIVED_AT] = { .name = "received_at", .zh = "预警时间", .en = "Received at", .aliases = "接收时间",
	  .type = FT_INSTANT, .flags = FF_REQUIRED | FF_MAIN_DATE | FF_NOT_FUTURE, .day_column = "received_day" },
	[D_RECEIVED_DAY] = { .name = "received_day", .zh = "预警日", .en = "Received day", .type = FT_INT,
	  .flags = FF_DERIVED | FF_HIDDEN },
	[D_STATION] = { .name = "station", .zh = "管辖单位", .en = "Station", .aliases = "派出所|所属派出所", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_FILTER, .ref = &station_type },
	[D_KIND] = { .name = "kind", .zh = "预警类型", .en = "Kind", .aliases = "类型", .type = FT_ENUM,
	  .flags = FF_REQUIRED | FF_FILTER, .codes = &dissuasion_kinds },
	[D_RISK] = { .name = "risk", .zh = "风险等级", .en = "Risk", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &dissuasion_risks },
	[D_METHOD] = { .name = "method", .zh = "劝阻方式", .en = "Method", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &dissuasion_methods },
	[D_DISSUADED_AT] = { .name = "dissuaded_at", .zh = "劝阻时间", .en = "Dissuaded at", .type = FT_INSTANT,
	  .flags = FF_NOT_FUTURE },
	[D_RESULT] = { .name = "result", .zh = "劝阻结果", .en = "Result", .type = FT_ENUM, .flags = FF_FILTER,
	  .codes = &dissuasion_results },
	[D_LOSS] = { .name = "loss", .zh = "损失金额", .en = "Loss", .aliases = "被骗金额", .type = FT_REAL },
};

const struct record_type dissuasion_type = {
	.kind = "dissuasions", .table = "dissuasions", .zh = "预警劝阻", .en = "dissuasion",
	.fields = dissuasion_fields, .nfields = D_COUNT,
	.derive = dissuasion_derive, .check = dissuasion_check, .scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE },
	.rows_stand_alone = true,
};
