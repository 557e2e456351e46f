/*
 * org.c — descriptors of the organisation's record types, and the
 * jurisdiction questions.  Labels are the words of the bureau's own forms.
 */
#include "model/org.h"

#include <string.h>

static const struct code_item division_kind_items[] = {
	{ "county", "旗县", "county" },
	{ "town", "乡镇（街道）", "town" },
	{ "community", "社区", "community" },
	{ "gacha", "嘎查（村）", "gacha" },
};
const struct code_list division_kinds = CODE_LIST(division_kind_items);

static const struct code_item station_model_items[] = {
	{ "two_teams_one_office", "两队一室", "two teams, one office" },
	{ "multi_skill", "一警多能", "multi-skilled officers" },
	{ "two_in_one", "二警合一", "two forces in one" },
	{ "standard", "常规", "standard" },
};
const struct code_list station_models = CODE_LIST(station_model_items);

static const struct code_item partner_kind_items[] = {
	{ "judicial_office", "司法所", "judicial office" },
	{ "law_firm", "律师事务所", "law firm" },
	{ "legal_service", "基层法律服务所", "legal service office" },
	{ "court", "人民法庭", "people's tribunal" },
};
const struct code_list partner_kinds = CODE_LIST(partner_kind_items);

static const struct code_item personnel_type_items[] = {
	{ "police", "民警", "police officer" },
	{ "auxiliary", "辅警", "auxiliary officer" },
};
const struct code_list personnel_types = CODE_LIST(personnel_type_items);

static const struct code_item position_items[] = {
	{ "chief", "所长", "chief" },
	{ "instructor", "教导员", "political instructor" },
	{ "deputy_chief", "副所长", "deputy chief" },
	{ "community_officer", "社区民警", "community officer" },
	{ "case_officer", "办案民警", "case officer" },
	{ "auxiliary", "辅警", "auxiliary" },
	{ "other", "其他", "other" },
};
const struct code_list positions = CODE_LIST(position_items);

static const struct code_item party_items[] = {
	{ "member", "中共党员", "party member" },
	{ "probationary", "预备党员", "probationary member" },
	{ "none", "群众", "none" },
};
const struct code_list party_statuses = CODE_LIST(party_items);

static const struct code_item gender_items[] = {
	{ "male", "男", "male" },
	{ "female", "女", "female" },
};
static const struct code_list genders = CODE_LIST(gender_items);

static const struct code_item post_kind_items[] = {
	{ "township_committee", "乡镇（街道）党（工）委委员", "township party committee member" },
	{ "village_committee", "社区（嘎查）“两委”委员", "village/community committee member" },
	{ "deputy_secretary", "党组织副书记", "deputy party secretary" },
	{ "secretary_assistant", "党组织书记助理", "party secretary assistant" },
	{ "director_assistant", "主任助理", "director assistant" },
};
const struct code_list post_kinds = CODE_LIST(post_kind_items);

/* ---- divisions ---------------------------------------------------------- */

/* The divisions a station's jurisdiction holds: those it lists and all below. */
#define DIVISIONS_OF_STATION                                                              \
	"WITH RECURSIVE down(code) AS (SELECT division_code FROM station_divisions"       \
	" WHERE station_code = ? UNION SELECT d.code FROM divisions d JOIN down"          \
	" ON d.parent_code = down.code) SELECT code FROM down"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

const char *division_kind_from_name(const char *name)
{
	/* Committee names carry their kind in the suffix itself. */
	if (ends_with(name, "居民委员会") || ends_with(name, "居委会") || ends_with(name, "社区"))
		return "community";
	if (ends_with(name, "村民委员会") || ends_with(name, "村委会") || ends_with(name, "嘎查") ||
	    ends_with(name, "村"))
		return "gacha";
	if (ends_with(name, "镇") || ends_with(name, "苏木") || ends_with(name, "乡") ||
	    ends_with(name, "街道") || ends_with(name, "街道办事处") || ends_with(name, "示范区"))
		return "town";
	if (ends_with(name, "旗") || ends_with(name, "县"))
		return "county";
	return NULL;
}

static int division_derive(struct db *db, struct record *r, struct err *e)
{
	int kind = field_index(r->type, "kind");
	if (r->v[kind].set || !record_get(r, "name"))
		return 0;
	const char *k = division_kind_from_name(record_get(r, "name"));
	if (!k)
		return err_set(e, ERR_INVALID, "division.kind_unknown", "kind",
			       "类型：无法从名称“%s”判断类型，请填写 county/town/community/gacha（kind required: the name does not tell）",
			       record_get(r, "name"));
	return record_set(r, kind, k, 0, e);
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Which kinds may stand directly under which. */
static bool parent_fits(const char *kind, const char *parent_kind)
{
	if (!strcmp(kind, "town"))
		return !strcmp(parent_kind, "county");
	if (!strcmp(kind, "community") || !strcmp(kind, "gacha"))
		return !strcmp(parent_kind, "town");
	return false;
}

static int division_check(struct db *db, const struct record *r, struct err *e)
{
	const char *code = record_get(r, "code"), *kind = record_get(r, "kind");
	const char *parent = record_get(r, "parent_code");
	if (!all_digits(code, 12))
		return err_set(e, ERR_INVALID, "division.code", "code",
			       "编码：“%s”应为 12 位统计用区划代码（a 12-digit statistical code）", code);
	if (!parent) {
		if (strcmp(kind, "county") != 0)
			return err_set(e, ERR_INVALID, "division.parent_required", "parent_code",
				       "上级编码：除旗县外必须填写上级区划（parent required below county level）");
		return 0;
	}
	if (!strcmp(parent, code))
		return err_set(e, ERR_INVALID, "division.parent_self", "parent_code", "上级编码：不能是自身（a division cannot be its own parent）");
	struct db_stmt *st = db_prepare(db, "SELECT kind FROM divisions WHERE code = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, parent);
	int rc = db_step(st, e);
	char pkind[16] = "";
	if (rc == 1)
		strncpy(pkind, db_col_text(st, 0), sizeof pkind - 1);
	db_done(st);
	if (rc < 0)
		return -1;
	if (!parent_fits(kind, pkind))
		return err_set(e, ERR_INVALID, "division.parent_kind", "parent_code",
			       "上级编码：%s不能隶属于%s（a %s cannot lie under a %s）", code_label(&division_kinds, kind),
			       code_label(&division_kinds, pkind), kind, pkind);
	return 0;
}

static const struct field division_fields[] = {
	{ .name = "code", .zh = "编码", .en = "Code", .aliases = "区划代码|统计用区划代码", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 12 },
	{ .name = "name", .zh = "名称", .en = "Name", .aliases = "区划名称", .type = FT_TEXT, .flags = FF_REQUIRED | FF_FILTER,
	  .max_len = 60 },
	{ .name = "kind", .zh = "类型", .en = "Kind", .type = FT_ENUM, .flags = FF_FILTER, .codes = &division_kinds },
	{ .name = "parent_code", .zh = "上级编码", .en = "Parent code", .aliases = "上级区划", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &division_type },
};

const struct record_type division_type = {
	.kind = "divisions", .table = "divisions", .zh = "行政区划", .en = "division",
	.fields = division_fields, .nfields = sizeof division_fields / sizeof division_fields[0],
	.derive = division_derive, .check = division_check,
	.scope_sql = "code IN (" DIVISIONS_OF_STATION ")", .admin_write = true,
};

/* ---- stations ----------------------------------------------------------- */

static const struct field station_fields[] = {
	{ .name = "code", .zh = "编码", .en = "Code", .aliases = "派出所编码|单位编码", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 20 },
	{ .name = "name", .zh = "名称", .en = "Name", .aliases = "派出所|派出所名称", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_FILTER, .max_len = 60 },
	{ .name = "model", .zh = "运行模式", .en = "Operating model", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &station_models },
	{ .name = "divisions", .zh = "辖区", .en = "Jurisdiction", .aliases = "管辖区划", .type = FT_REFLIST,
	  .flags = FF_REQUIRED, .ref = &division_type, .link_table = "station_divisions",
	  .link_self = "station_code", .link_other = "division_code" },
	{ .name = "lat", .zh = "纬度", .en = "Latitude", .type = FT_REAL },
	{ .name = "lon", .zh = "经度", .en = "Longitude", .type = FT_REAL },
};

/* Both or neither, and on the globe. */
static int station_check(struct db *db, const struct record *r, struct err *e)
{
	(void)db;
	const char *code = record_get(r, "code");
	if (code && strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(code))
		return err_set(e, ERR_INVALID, "station.code", "code",
			       "编码：只能用字母、数字、下划线和连字符，如 S01 或 152921010000（letters, digits, '_' and '-')");
	int ilat = field_index(r->type, "lat"), ilon = field_index(r->type, "lon");
	if (r->v[ilat].set != r->v[ilon].set)
		return err_set(e, ERR_INVALID, "station.coordinates", r->v[ilat].set ? "lon" : "lat",
			       "经纬度须同时填写（give both latitude and longitude）");
	if (r->v[ilat].set && (r->v[ilat].d < -90 || r->v[ilat].d > 90 || r->v[ilon].d < -180 || r->v[ilon].d > 180))
		return err_set(e, ERR_INVALID, "station.coordinates", "lat", "经纬度超出范围（coordinates out of range）");
	return 0;
}

const struct record_type station_type = {
	.kind = "stations", .table = "stations", .zh = "派出所", .en = "station",
	.fields = station_fields, .nfields = sizeof station_fields / sizeof station_fields[0],
	.check = station_check, .scope_sql = "code = ?", .admin_write = true,
};

/* ---- partner bodies ----------------------------------------------------- */

static int partner_check(struct db *db, const struct record *r, struct err *e)
{
	(void)db;
	const char *phone = record_get(r, "phone");
	if (phone && strspn(phone, "0123456789-") != strlen(phone))
		return err_set(e, ERR_INVALID, "partner.phone", "phone", "联系电话：只能包含数字和“-”（digits and '-' only）");
	return 0;
}

static const struct field partner_fields[] = {
	{ .name = "code", .zh = "编码", .en = "Code", .type = FT_TEXT, .flags = FF_REQUIRED | FF_KEY | FF_FILTER,
	  .max_len = 20 },
	{ .name = "name", .zh = "名称", .en = "Name", .type = FT_TEXT, .flags = FF_REQUIRED | FF_FILTER, .max_len = 60 },
	{ .name = "kind", .zh = "类别", .en = "Kind", .aliases = "机构类别", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &partner_kinds },
	{ .name = "division", .zh = "所在区划", .en = "Division", .aliases = "区划", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &division_type },
	{ .name = "phone", .zh = "联系电话", .en = "Phone", .aliases = "电话", .type = FT_TEXT, .max_len = 20 },
};

const struct record_type partner_type = {
	.kind = "partners", .table = "partners", .zh = "协作单位", .en = "partner body",
	.fields = partner_fields, .nfields = sizeof partner_fields / sizeof partner_fields[0],
	.check = partner_check, .admin_write = true,
};

/* ---- personnel ---------------------------------------------------------- */

static int personnel_check(struct db *db, const struct record *r, struct err *e)
{
	(void)db;
	const char *type = record_get(r, "type"), *position = record_get(r, "position");
	/* An auxiliary holds no police rank: only the auxiliary or other position. */
	if (!strcmp(type, "auxiliary") && strcmp(position, "auxiliary") && strcmp(position, "other"))
		return err_set(e, ERR_INVALID, "personnel.auxiliary_position", "position",
			       "职务：辅警不能担任%s（an auxiliary cannot hold a police position）",
			       code_label(&positions, position));
	if (!strcmp(type, "police") && !strcmp(position, "auxiliary"))
		return err_set(e, ERR_INVALID, "personnel.police_position", "position",
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
	{ .name = "hired_on", .zh = "参加工作时间", .en = "Hired on", .type = FT_DATE, .flags = FF_MAIN_DATE },
	{ .name = "phone", .zh = "联系电话", .en = "Phone", .aliases = "电话|手机", .type = FT_TEXT, .max_len = 20,
	  .sens = SENS_PHONE },
};

const struct record_type personnel_type = {
	.kind = "personnel", .table = "personnel", .zh = "人员", .en = "personnel",
	.fields = personnel_fields, .nfields = sizeof personnel_fields / sizeof personnel_fields[0],
	.check = personnel_check, .scope_sql = "station = ?",
};

/* ---- jurisdiction ------------------------------------------------------- */

const char jurisdiction_cte[] =
	"anc(code, anc_code, depth) AS ("
	" SELECT code, code, 0 FROM divisions WHERE voided_at IS NULL"
	" UNION ALL"
	" SELECT anc.code, d.parent_code, anc.depth + 1 FROM anc"
	" JOIN divisions d ON d.code = anc.anc_code WHERE d.parent_code IS NOT NULL),"
	" held(division_code, station_code, depth) AS ("
	" SELECT anc.code, sd.station_code, anc.depth FROM anc"
	" JOIN station_divisions sd ON sd.division_code = anc.anc_code"
	" JOIN stations s ON s.code = sd.station_code AND s.voided_at IS NULL),"
	" jurisdiction(division_code, station_code) AS ("
	" SELECT h.division_code, MIN(h.station_code) FROM held h"
	" WHERE h.depth = (SELECT MIN(h2.depth) FROM held h2 WHERE h2.division_code = h.division_code)"
	" GROUP BY h.division_code)";

int station_holds_division(struct db *db, const char *station, const char *division, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"WITH RECURSIVE up(code, parent) AS ("
		" SELECT code, parent_code FROM divisions WHERE code = ?"
		" UNION ALL SELECT d.code, d.parent_code FROM divisions d JOIN up ON d.code = up.parent)"
		" SELECT 1 FROM station_divisions sd JOIN up ON sd.division_code = up.code"
		" WHERE sd.station_code = ? LIMIT 1", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, division);
	db_bind_text(st, 2, station);
	int rc = db_step(st, e);
	db_done(st);
	return rc;
}

int stations_each(struct db *db, const char *only, int (*each)(void *ctx, const char *code, const char *name),
		  void *ctx, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT code, name FROM stations WHERE voided_at IS NULL"
					    " AND (? IS NULL OR code = ?) ORDER BY code", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, only);
	db_bind_text(st, 2, only);
	int rc, seen = 0;
	while ((rc = db_step(st, e)) == 1) {
		seen++;
		if (each(ctx, db_col_text(st, 0), db_col_text(st, 1))) {
			rc = -1;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return -1;
	if (only && !seen)
		return err_set(e, ERR_NOT_FOUND, "station.not_found", "station", "找不到派出所“%s”（no such station）", only);
	return 0;
}
