/*
 * incident.c — descriptors and rules of incidents, cases and categories.
 */
#include "model/incident.h"
#include "base/config.h"
#include "base/date.h"
#include "model/memo.h"
#include "model/org.h"

#include <stdio.h>
#include <string.h>

static const struct code_item top_items[] = {
	{ "criminal", "刑事", "criminal" },          { "public_order", "治安", "public order" },
	{ "traffic", "交通", "traffic" },            { "fire", "火灾", "fire" },
	{ "disaster", "灾害事故", "disaster" },      { "dispute", "纠纷", "dispute" },
	{ "assistance", "群众求助", "assistance" },  { "complaint", "举报投诉", "complaint" },
	{ "other", "其他", "other" },
};
const struct code_list top_categories = CODE_LIST(top_items);

int top_category_index(const char *code)
{
	for (size_t i = 0; code && i < top_categories.n; i++)
		if (!strcmp(top_categories.items[i].code, code))
			return (int)i;
	return -1;
}

static const struct code_item case_kind_items[] = {
	{ "criminal", "刑事", "criminal" },
	{ "public_order", "治安", "public order" },
};
const struct code_list case_kinds = CODE_LIST(case_kind_items);

static const struct code_item status_items[] = {
	{ "accepted", "受理", "accepted" },     { "investigating", "调查", "investigating" },
	{ "processing", "处理", "processing" }, { "closed", "办结", "closed" },
	{ "revoked", "撤销", "revoked" },
};
const struct code_list case_statuses = CODE_LIST(status_items);

static const struct code_item source_items[] = {
	{ "110", "110报警", "110 call" }, { "walk_in", "来所", "walk-in" },  { "patrol", "巡逻发现", "patrol" },
	{ "community", "社区", "community" }, { "grid", "网格员", "grid worker" }, { "online", "网络", "online" },
	{ "other", "其他", "other" },
};
const struct code_list incident_sources = CODE_LIST(source_items);

/* ---- categories ------------------------------------------------------------ */

/* len bytes of src into dst (cap bytes), cut to fit: the memo path of every import row, no printf */
static void copy_text(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, src, len);
	dst[len] = 0;
}

/* Resolve a category given by code or by its Chinese name to (code, top). */
static int category_lookup(struct db *db, struct memo *memo, const char *given, char code[64], char top[32],
			   struct err *e)
{
	const char *known = memo_get(memo, "category", given);
	if (known) {
		/* remembered as "code top" */
		size_t n = strcspn(known, " ");
		const char *t = known + n + (known[n] == ' ');
		copy_text(code, 64, known, n);
		copy_text(top, 32, t, strlen(t));
		return 1;
	}
	/* by code first (the unique index), then by name: two lookups, no scan */
	static const char *const sql[2] = {
		"SELECT code, top FROM categories WHERE code = ? AND voided_at IS NULL",
		"SELECT code, top FROM categories WHERE name = ? AND voided_at IS NULL ORDER BY code LIMIT 1",
	};
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st = db_prepare(db, sql[k], e);
		if (!st)
			return -1;
		db_bind_text(st, 1, given);
		int rc = db_step(st, e);
		if (rc == 1) {
			snprintf(code, 64, "%s", db_col_text(st, 0));
			snprintf(top, 32, "%s", db_col_text(st, 1));
		}
		db_done(st);
		if (rc == 1) {
			char both[100];
			snprintf(both, sizeof both, "%s %s", code, top);
			memo_put(memo, "category", given, both);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int category_derive(struct db *db, struct record *r, struct err *e)
{
	const char *code = record_get(r, "code"), *parent = record_get(r, "parent_code");
	int itop = field_index(r->type, "top");
	if (!code)
		return 0;
	if (!parent) {
		/* the nine top-level groups are fixed: statistics are defined on them */
		if (top_category_index(code) >= 0)
			return record_set(r, itop, code, 0, e);
		return err_set(e, ERR_INVALID, "category.parent_required", "parent_code",
			       "上级类别：新增类别须挂在已有类别之下（a new category needs a parent）");
	}
	char pcode[64], top[32];
	int rc = category_lookup(db, NULL, parent, pcode, top, e);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(e, ERR_INVALID, "field.unknown_ref", "parent_code", "上级类别：找不到“%s”（no such category）", parent);
	size_t n = strlen(pcode);
	if (strncmp(code, pcode, n) || code[n] != '.' || !code[n + 1] || strchr(code + n + 1, '.'))
		return err_set(e, ERR_INVALID, "category.code", "code",
			       "编码：子类别编码应为“%s.名称”（a sub-category's code is the parent's code, a dot and a name）", pcode);
	if (strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_.") != strlen(code))
		return err_set(e, ERR_INVALID, "category.code", "code", "编码：只能用小写字母、数字、下划线和点（a-z, 0-9, '_' and '.')");
	return record_set(r, field_index(r->type, "parent_code"), pcode, 0, e) || record_set(r, itop, top, 0, e) ? -1 : 0;
}

static const struct field category_fields[] = {
	{ .name = "code", .zh = "编码", .en = "Code", .type = FT_TEXT, .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 60 },
	{ .name = "name", .zh = "名称", .en = "Name", .type = FT_TEXT, .flags = FF_REQUIRED | FF_FILTER, .max_len = 30 },
	{ .name = "parent_code", .zh = "上级类别", .en = "Parent", .type = FT_TEXT, .flags = FF_FILTER, .max_len = 60 },
	{ .name = "top", .zh = "统计大类", .en = "Top level", .type = FT_ENUM, .flags = FF_DERIVED | FF_FILTER,
	  .codes = &top_categories },
};

const struct record_type category_type = {
	.kind = "categories", .table = "categories", .zh = "警情类别", .en = "category",
	.fields = category_fields, .nfields = sizeof category_fields / sizeof category_fields[0],
	.derive = category_derive, .admin_write = true,
};

/* ---- incidents ------------------------------------------------------------- */

/* Field positions, so per-row code indexes the descriptor instead of searching it by name. */
enum { I_NO, I_RECEIVED_AT, I_RECEIVED_DAY, I_STATION, I_CATEGORY, I_TOP, I_DIVISION, I_SOURCE, I_MAJOR,
       I_ADDRESS, I_LAT, I_LON, I_SUMMARY, I_COUNT };

static int incident_derive(struct db *db, struct record *r, struct err *e)
{
	const char *given = r->v[I_CATEGORY].set ? r->v[I_CATEGORY].s : NULL;
	if (r->v[I_RECEIVED_AT].set &&
	    record_set_int(r, I_RECEIVED_DAY, instant_local_day(r->v[I_RECEIVED_AT].i, config()->tz_minutes), e))
		return -1;
	if (!r->v[I_MAJOR].set && record_set_int(r, I_MAJOR, 0, e))
		return -1;
	if (!given)
		return 0;
	char code[64], top[32];
	int rc = category_lookup(db, r->memo, given, code, top, e);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(e, ERR_INVALID, "field.unknown_ref", "category",
			       "警情类别：找不到“%s”，可用编码或中文名称，如 criminal.theft 或 盗窃（no such category）", given);
	if (strcmp(code, given) && record_put(r, I_CATEGORY, code, strlen(code), e))
		return -1;
	return record_put(r, I_TOP, top, strlen(top), e);
}

static int incident_check(struct db *db, const struct record *r, struct err *e)
{
	const struct value *lat = &r->v[I_LAT], *lon = &r->v[I_LON];
	if (lat->set && (lat->d < -90 || lat->d > 90))
		return err_set(e, ERR_INVALID, "incident.lat", "lat", "纬度应在 -90 到 90 之间（latitude out of range）");
	if (lon->set && (lon->d < -180 || lon->d > 180))
		return err_set(e, ERR_INVALID, "incident.lon", "lon", "经度应在 -180 到 180 之间（longitude out of range）");
	if (lat->set != lon->set)
		return err_set(e, ERR_INVALID, "incident.coordinates", lat->set ? "lon" : "lat",
			       "经纬度须同时填写（give both latitude and longitude）");
	const char *division = r->v[I_DIVISION].s, *station = r->v[I_STATION].s;
	if (division) {
		int held = station_holds_division(db, station, division, e);
		if (held < 0)
			return -1;
		if (!held)
			return err_set(e, ERR_INVALID, "incident.outside_jurisdiction", "division",
				       "发生地：%s不在管辖单位 %s 的辖区内（the place lies outside the station's jurisdiction）",
				       division, station);
	}
	return 0;
}

static int incident_cells(const struct record *r, int sign, const struct cell_sink *sink, struct err *e)
{
	const struct value *v = r->v;
	struct cell_delta c = { "incident", v[I_STATION].s, v[I_DIVISION].set ? v[I_DIVISION].s : "", v[I_TOP].s,
				(int32_t)v[I_RECEIVED_DAY].i, 0, sign };
	return sink->add(sink->ctx, &c, e);
}

static const struct field incident_fields[I_COUNT] = {
	[I_NO] = { .name = "incident_no", .zh = "接警编号", .en = "Incident no.", .aliases = "警情编号", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 40 },
	[I_RECEIVED_AT] = { .name = "received_at", .zh = "接警时间", .en = "Received at", .aliases = "报警时间", .type = FT_INSTANT,
	  .flags = FF_REQUIRED | FF_MAIN_DATE, .day_column = "received_day" },
	[I_RECEIVED_DAY] = { .name = "received_day", .zh = "接警日", .en = "Received day", .type = FT_INT, .flags = FF_DERIVED | FF_HIDDEN },
	[I_STATION] = { .name = "station", .zh = "管辖单位", .en = "Station", .aliases = "派出所|所属派出所", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_FILTER, .ref = &station_type },
	[I_CATEGORY] = { .name = "category", .zh = "警情类别", .en = "Category", .aliases = "类别", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_FILTER, .max_len = 60 },
	[I_TOP] = { .name = "top_category", .zh = "统计大类", .en = "Top category", .type = FT_ENUM,
	  .flags = FF_DERIVED | FF_FILTER, .codes = &top_categories },
	[I_DIVISION] = { .name = "division", .zh = "发生地", .en = "Division", .aliases = "发生地区划", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &division_type },
	[I_SOURCE] = { .name = "source", .zh = "来源", .en = "Source", .aliases = "警情来源", .type = FT_ENUM, .flags = FF_FILTER,
	  .codes = &incident_sources },
	[I_MAJOR] = { .name = "major", .zh = "重特大", .en = "Major", .type = FT_BOOL, .flags = FF_FILTER },
	[I_ADDRESS] = { .name = "address", .zh = "地址", .en = "Address", .aliases = "发生地址", .type = FT_TEXT, .max_len = 200 },
	[I_LAT] = { .name = "lat", .zh = "纬度", .en = "Latitude", .type = FT_REAL },
	[I_LON] = { .name = "lon", .zh = "经度", .en = "Longitude", .type = FT_REAL },
	[I_SUMMARY] = { .name = "summary", .zh = "简要案情", .en = "Summary", .aliases = "简要警情", .type = FT_TEXT, .max_len = 2000 },
};

const struct record_type incident_type = {
	.kind = "incidents", .table = "incidents", .zh = "警情", .en = "incident",
	.fields = incident_fields, .nfields = sizeof incident_fields / sizeof incident_fields[0],
	.derive = incident_derive, .check = incident_check, .cells = incident_cells, .scope_sql = "station = ?",
	.rows_stand_alone = true,
};

/* ---- cases ----------------------------------------------------------------- */

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

static int case_check(struct db *db, const struct record *r, struct err *e)
{
	(void)db;
	const struct field *prev = NULL;
	int64_t last = 0;
	for (size_t i = 0; i < 4; i++) {
		int k = field_index(r->type, steps[i][1]);
		if (!r->v[k].set)
			continue;
		if (prev && r->v[k].i < last)
			return err_set(e, ERR_INVALID, "case.step_order", r->type->fields[k].name,
				       "%s早于%s：案件须按 受理→调查→处理→办结 的顺序推进（steps must follow one another in time）",
				       r->type->fields[k].zh, prev->zh);
		prev = &r->type->fields[k];
		last = r->v[k].i;
	}
	int ic = field_index(r->type, "closed_at"), ir = field_index(r->type, "revoked_at");
	int ia = field_index(r->type, "accepted_at");
	if (r->v[ic].set && r->v[ir].set)
		return err_set(e, ERR_INVALID, "case.closed_and_revoked", "revoked_at",
			       "撤销时间：已办结的案件不能再撤销（a case is either closed or revoked）");
	if (r->v[ir].set && r->v[ir].i < r->v[ia].i)
		return err_set(e, ERR_INVALID, "case.step_order", "revoked_at", "撤销时间早于受理时间（revoked before accepted）");
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
	  .flags = FF_REQUIRED | FF_MAIN_DATE, .day_column = "accepted_day" },
	{ .name = "accepted_day", .zh = "受理日", .en = "Accepted day", .type = FT_INT, .flags = FF_DERIVED | FF_HIDDEN },
	{ .name = "investigating_at", .zh = "调查时间", .en = "Investigating since", .type = FT_INSTANT },
	{ .name = "processing_at", .zh = "处理时间", .en = "Processing since", .type = FT_INSTANT },
	{ .name = "closed_at", .zh = "办结时间", .en = "Closed at", .aliases = "结案时间", .type = FT_INSTANT },
	{ .name = "closed_day", .zh = "办结日", .en = "Closed day", .type = FT_INT, .flags = FF_DERIVED | FF_HIDDEN },
	{ .name = "revoked_at", .zh = "撤销时间", .en = "Revoked at", .type = FT_INSTANT },
	{ .name = "status", .zh = "状态", .en = "Status", .type = FT_ENUM, .flags = FF_DERIVED | FF_FILTER,
	  .codes = &case_statuses },
	{ .name = "incident_no", .zh = "关联警情", .en = "Incident no.", .aliases = "接警编号", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &incident_type },
	{ .name = "summary", .zh = "简要案情", .en = "Summary", .type = FT_TEXT, .max_len = 2000 },
};

const struct record_type case_type = {
	.kind = "cases", .table = "cases", .zh = "案件", .en = "case",
	.fields = case_fields, .nfields = sizeof case_fields / sizeof case_fields[0],
	.derive = case_derive, .check = case_check, .cells = case_cells, .scope_sql = "station = ?",
	.rows_stand_alone = true,
};
