/*
 * category.c — the category dictionary of incidents: sub-categories dotted
 * below the nine fixed top-level groups the statistics are defined on
 * (criminal.fraud.telecom), given by code or by Chinese name.
 */
#include "model/incident.h"
#include "model/memo.h"

#include <stdio.h>
#include <string.h>

/* len bytes of src into dst (cap bytes), cut to fit: the memo path of every import row, no printf */
static void copy_text(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, src, len);
	dst[len] = 0;
}

/* By code or Chinese name to (code, top), remembered in the import's memo (see incident.h). */
int category_lookup(struct db *db, struct memo *memo, const char *given, char code[64], char top[32],
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
	.derive = category_derive,
};
