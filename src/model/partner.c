/*
 * partner.c — partner bodies of the 四所一庭 mediation network (judicial
 * offices, law firms, legal service offices, people's tribunals).
 */
#include "model/org.h"

#include <string.h>

static int partner_check(struct db *db, const struct record *r, struct rules *rs)
{
	(void)db;
	const char *phone = record_get(r, "phone");
	if (rule_has(rs, r, "phone") && strspn(phone, "0123456789-") != strlen(phone))
		rule_broken(rs, ERR_INVALID, "partner.phone", "phone", "联系电话：只能包含数字和“-”（digits and '-' only）");
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
	.check = partner_check,
	/*
	 * A station sees the partner bodies of its area: those whose division
	 * lies in its jurisdiction, or above a division of it (a body serving
	 * the whole banner), or not given (bureau-wide).  A partner body's
	 * mediator sees every one (its forms name them), as before.
	 */
	.scope_sql = { [SCOPE_UNIT] = "division IS NULL OR division IN (WITH RECURSIVE"
				      " mine(code) AS (SELECT division_code FROM station_divisions WHERE station_code IN " UNIT_SUBTREE "),"
				      " down(code) AS (SELECT code FROM mine UNION SELECT d.code FROM divisions d JOIN down ON d.parent_code = down.code),"
				      " up(code) AS (SELECT code FROM mine UNION SELECT d.parent_code FROM divisions d JOIN up ON d.code = up.code"
				      " WHERE d.parent_code IS NOT NULL)"
				      " SELECT code FROM down UNION SELECT code FROM up)",
		       [SCOPE_PARTNER] = "? IS NOT NULL" },
};
