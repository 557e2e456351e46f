/*
 * case.c — cases (刑事 / 治安案件) and their status path: 受理 → 调查 →
 * 处理 → 办结, or 撤销, each step timed and in order; each case counts in
 * the case rollup cells (accepted day x closed day).
 */
#include "model/incident.h"
#include "base/config.h"
#include "base/date.h"
#include "model/org.h"
#include "model/unit.h"

#include <string.h>

/* The status path, in order: each step's time field. */
static const char *const steps[][2] = {
	{ "accepted", "accepted_at" }, { "investigating", "investigating_at" }, { "processing", "processing_at" },
	{ "closed", "closed_at" },     { "revoked", "revoked_at" },
};

static int case_derive(struct db *db, struct record *r, struct err *e)
{
	(void)db;
	int tz = config()->tz_minutes;
	const char *status = "accepted";
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (record_get(r, steps[i][1]))
			status = steps[i][0];
	if (record_set_by_name(r, "status", status, 0, e))
		return -1;
	int ia = field_index(r->type, "accepted_at"), ic = field_index(r->type, "closed_at");
	int ir = field_index(r->type, "revoked_at");
	if (r->v[ia].set && record_set_int(r, field_index(r->type, "accepted_day"), instant_local_day(r->v[ia].i, tz), e))
		return -1;
	/* a revoked case is concluded (撤销 is one way of 办结) on the day it was revoked */
	int iend = r->v[ic].set ? ic : r->v[ir].set ? ir : -1;
	int icd = field_index(r->type, "closed_day");
	if (iend >= 0)
		return record_set_int(r, icd, instant_local_day(r->v[iend].i, tz), e);
	return record_set(r, icd, "", 0, e);
}

static int case_check(struct db *db, const struct record *r, struct rules *rs)
{
	(void)db;
	const struct field *prev = NULL;
	int64_t last = 0;
	for (size_t i = 0; i < 4; i++) {
		int k = field_index(r->type, steps[i][1]);
		if (!rule_usable(rs, r, k))
			continue;
		if (prev && r->v[k].i < last)
			rule_broken(rs, ERR_INVALID, "case.step_order", r->type->fields[k].name,
				    "%s早于%s：案件须按 受理→调查→处理→办结 的顺序推进（steps must follow one another in time）",
				    r->type->fields[k].zh, prev->zh);
		prev = &r->type->fields[k];
		last = r->v[k].i;
	}
	int ic = field_index(r->type, "closed_at"), ir = field_index(r->type, "revoked_at");
	int ia = field_index(r->type, "accepted_at");
	if (rule_usable(rs, r, ic) && rule_usable(rs, r, ir))
		rule_broken(rs, ERR_INVALID, "case.closed_and_revoked", "revoked_at",
			    "撤销时间：已办结的案件不能再撤销（a case is either closed or revoked）");
	if (rule_usable(rs, r, ir) && rule_usable(rs, r, ia) && r->v[ir].i < r->v[ia].i)
		rule_broken(rs, ERR_INVALID, "case.step_order", "revoked_at", "撤销时间早于受理时间（revoked before accepted）");
	return 0;
}

static int case_cells(const struct record *r, int sign, const struct cell_sink *sink, struct err *e)
{
	int icd = field_index(r->type, "closed_day");
	struct cell_delta c = { "case", record_get(r, "station"), record_get(r, "kind"), "",
				(int32_t)r->v[field_index(r->type, "accepted_day")].i,
				r->v[icd].set ? (int32_t)r->v[icd].i : -1, sign };
	return sink->add(sink->ctx, &c, e);
}

static const struct field case_fields[] = {
	{ .name = "case_no", .zh = "案件编号", .en = "Case no.", .type = FT_TEXT, .flags = FF_REQUIRED | FF_KEY | FF_FILTER,
	  .max_len = 40 },
	{ .name = "kind", .zh = "案件类别", .en = "Kind", .aliases = "案件类型", .type = FT_ENUM,
	  .flags = FF_REQUIRED | FF_FILTER, .codes = &case_kinds },
	{ .name = "station", .zh = "办案单位", .en = "Station", .aliases = "管辖单位|派出所", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_FILTER, .ref = &station_type },
	{ .name = "accepted_at", .zh = "受理时间", .en = "Accepted at", .aliases = "立案时间", .type = FT_INSTANT,
	  .flags = FF_REQUIRED | FF_MAIN_DATE | FF_NOT_FUTURE, .day_column = "accepted_day" },
	{ .name = "accepted_day", .zh = "受理日", .en = "Accepted day", .type = FT_INT, .flags = FF_DERIVED | FF_HIDDEN },
	{ .name = "investigating_at", .zh = "调查时间", .en = "Investigating since", .type = FT_INSTANT, .flags = FF_NOT_FUTURE },
	{ .name = "processing_at", .zh = "处理时间", .en = "Processing since", .type = FT_INSTANT, .flags = FF_NOT_FUTURE },
	{ .name = "closed_at", .zh = "办结时间", .en = "Closed at", .aliases = "结案时间", .type = FT_INSTANT, .flags = FF_NOT_FUTURE },
	{ .name = "closed_day", .zh = "办结日", .en = "Closed day", .type = FT_INT, .flags = FF_DERIVED | FF_HIDDEN },
	{ .name = "revoked_at", .zh = "撤销时间", .en = "Revoked at", .type = FT_INSTANT, .flags = FF_NOT_FUTURE },
	{ .name = "status", .zh = "状态", .en = "Status", .type = FT_ENUM, .flags = FF_DERIVED | FF_FILTER,
	  .codes = &case_statuses },
	{ .name = "incident_no", .zh = "关联警情", .en = "Incident no.", .aliases = "接警编号", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &incident_type },
	{ .name = "summary", .zh = "简要案情", .en = "Summary", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
};

const struct record_type case_type = {
	.kind = "cases", .table = "cases", .zh = "案件", .en = "case",
	.fields = case_fields, .nfields = sizeof case_fields / sizeof case_fields[0],
	.derive = case_derive, .check = case_check, .cells = case_cells, .scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE },
	.rows_stand_alone = true,
};
