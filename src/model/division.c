/*
 * division.c — the division tree: 12-digit national statistical codes,
 * county > town > community / gacha > grid (网格: the community's or gacha's
 * 12 digits and 3 of its own), each kind read from the name when not given,
 * each division under a parent of the kind above it.
 */
#include "model/org.h"

#include <stdio.h>
#include <string.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

const char *division_kind_from_name(const char *name)
{
	/* Committee names carry their kind in the suffix itself. */
	if (ends_with(name, "网格"))
		return "grid";
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
			       "类型：无法从名称“%s”判断类型，请填写 county/town/community/gacha/grid（kind required: the name does not tell）",
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
	if (!strcmp(kind, "grid"))
		return !strcmp(parent_kind, "community") || !strcmp(parent_kind, "gacha");
	return false;
}

/*
 * The national code structure, 2+2+2+3+3 digits (province, prefecture,
 * county, town, village): a county has 6 significant digits and 000000
 * after them; a town extends its county's 6 with 3 of its own and 000; a
 * community or gacha extends its town's 9 with 3 of its own; a grid (15
 * digits) extends its community's or gacha's 12 with 3.  `parent` is NULL
 * for a county.
 */
static int code_structure(const char *code, const char *kind, const char *parent, struct err *e)
{
	size_t own = !strcmp(kind, "county") ? 6 : !strcmp(kind, "town") ? 9 : !strcmp(kind, "grid") ? 15 : 12;
	size_t inherited = own == 6 ? 4 : own - 3; /* a county stands under its prefecture's 4 */
	if (own == 6 && (!memcmp(code, "00", 2) || !memcmp(code + 2, "00", 2)))
		return err_set(e, ERR_INVALID, "division.code_structure", "code",
			       "编码：旗县“%s”的前 4 位应为省、盟市代码（a county's code begins with its province and prefecture）", code);
	if (parent && strncmp(code, parent, inherited) != 0)
		return err_set(e, ERR_INVALID, "division.code_structure", "code",
			       "编码：“%s”应以上级“%s”的前 %zu 位开头（the code must extend its parent's first %zu digits）", code,
			       parent, inherited, inherited);
	if (!memcmp(code + inherited, "000", own - inherited == 2 ? 2 : 3))
		return err_set(e, ERR_INVALID, "division.code_structure", "code",
			       "编码：“%s”第 %zu–%zu 位是本级代码，不能全为 0（digits %zu-%zu are the division's own and cannot be all zero）",
			       code, inherited + 1, own, inherited + 1, own);
	for (size_t i = own; i < 12; i++) /* a grid has no zero digits after its own */
		if (code[i] != '0')
			return err_set(e, ERR_INVALID, "division.code_structure", "code",
				       "编码：%s“%s”的第 %zu–12 位应为 0（digits %zu-12 of a %s are zero）",
				       code_label(&division_kinds, kind), code, own + 1, own + 1, kind);
	return 0;
}

static int division_check(struct db *db, const struct record *r, struct rules *rs)
{
	const char *code = record_get(r, "code"), *kind = record_get(r, "kind");
	const char *parent = record_get(r, "parent_code");
	bool code_ok = rule_has(rs, r, "code");
	bool grid = rule_has(rs, r, "kind") && !strcmp(kind, "grid");
	if (code_ok && grid && !all_digits(code, 15)) {
		rule_broken(rs, ERR_INVALID, "division.code", "code",
			    "编码：网格“%s”应为 15 位（所属社区、嘎查的 12 位加 3 位）（a grid's code has 15 digits: its community's 12 and 3）",
			    code);
		code_ok = false;
	} else if (code_ok && !grid && !all_digits(code, 12)) {
		rule_broken(rs, ERR_INVALID, "division.code", "code",
			    "编码：“%s”应为 12 位统计用区划代码（a 12-digit statistical code）", code);
		code_ok = false; /* its structure says nothing more */
	}
	if (!rule_has(rs, r, "kind"))
		return 0;
	if (!parent) {
		if (strcmp(kind, "county") != 0)
			rule_broken(rs, ERR_INVALID, "division.parent_required", "parent_code",
				    "上级编码：除旗县外必须填写上级区划（parent required below county level）");
		else if (code_ok)
			return rule_outcome(rs, code_structure(code, kind, NULL, &rs->e));
		return 0;
	}
	if (!rule_has(rs, r, "parent_code"))
		return 0;
	if (code_ok && !strcmp(parent, code)) {
		rule_broken(rs, ERR_INVALID, "division.parent_self", "parent_code",
			    "上级编码：不能是自身（a division cannot be its own parent）");
		return 0;
	}
	char pkind[16];
	if (db_text_of(db, "SELECT kind FROM divisions WHERE code = ?", parent, pkind, sizeof pkind, &rs->e) < 0)
		return rule_outcome(rs, -1);
	if (!parent_fits(kind, pkind))
		rule_broken(rs, ERR_INVALID, "division.parent_kind", "parent_code",
			    "上级编码：%s不能隶属于%s（a %s cannot lie under a %s）", code_label(&division_kinds, kind),
			    code_label(&division_kinds, pkind), kind, pkind);
	return code_ok ? rule_outcome(rs, code_structure(code, kind, parent, &rs->e)) : 0;
}

static const struct field division_fields[] = {
	{ .name = "code", .zh = "编码", .en = "Code", .aliases = "区划代码|统计用区划代码", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 15 },
	{ .name = "name", .zh = "名称", .en = "Name", .aliases = "区划名称", .type = FT_TEXT, .flags = FF_REQUIRED | FF_FILTER,
	  .max_len = 60 },
	{ .name = "kind", .zh = "类型", .en = "Kind", .type = FT_ENUM, .flags = FF_FILTER, .codes = &division_kinds },
	{ .name = "parent_code", .zh = "上级编码", .en = "Parent code", .aliases = "上级区划", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &division_type },
};

/* A change must not break the posts that rest on this division (CONTRACTS §2). */
static int division_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	return posts_recheck(db, r, POSTS_IN_DIVISION, now, e);
}

static int division_before(struct db *db, struct record *r, struct err *e)
{
	return posts_broken_before(db, r, POSTS_IN_DIVISION, e);
}

const struct record_type division_type = {
	.kind = "divisions", .table = "divisions", .zh = "行政区划", .en = "division",
	.fields = division_fields, .nfields = sizeof division_fields / sizeof division_fields[0],
	.derive = division_derive, .check = division_check, .after_change = division_after, .before_change = division_before,
	.scope_sql = { [SCOPE_UNIT] = "code IN (" DIVISIONS_OF_STATION ")", [SCOPE_GRID] = "code = ?" },
};
