/*
 * unit.c — the units of the organisation (unit.h): code, name, kind, parent
 * and front-line status; the closure table unit_tree follows every write,
 * and a unit of kind `station` makes its station (jurisdiction later, by the
 * stations import).
 */
#include "model/unit.h"

#include "model/org.h"

#include <stdlib.h>
#include <string.h>

static const struct code_item unit_kind_items[] = {
	{ "bureau", "公安局", "bureau" },
	{ "station", "派出所", "police station" },
	{ "criminal", "刑侦", "criminal investigation" },
	{ "traffic", "交警", "traffic police" },
	{ "patrol", "巡特警", "patrol and special police" },
	{ "drugs", "禁毒", "narcotics" },
	{ "prison", "监管", "detention" },
	{ "office", "机关科室", "headquarters office" },
	{ "other", "其他", "other" },
};
const struct code_list unit_kinds = CODE_LIST(unit_kind_items);

bool unit_kind_front_line(const char *kind)
{
	static const char *const front[] = { "station", "criminal", "traffic", "patrol", "drugs", "prison" };
	for (size_t i = 0; kind && i < sizeof front / sizeof front[0]; i++)
		if (!strcmp(kind, front[i]))
			return true;
	return false;
}

static const struct field unit_fields[] = {
	{ .name = "code", .zh = "编码", .en = "Code", .aliases = "单位编码", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 20 },
	{ .name = "name", .zh = "名称", .en = "Name", .aliases = "单位名称|单位", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_FILTER, .max_len = 60 },
	{ .name = "kind", .zh = "类型", .en = "Kind", .aliases = "单位类型", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &unit_kinds },
	{ .name = "parent", .zh = "上级单位", .en = "Parent unit", .aliases = "上级单位编码|parent_code", .type = FT_REF,
	  .flags = FF_FILTER, .ref = &unit_type, .column = "parent_code" },
	{ .name = "front_line", .zh = "一线", .en = "Front line", .aliases = "是否一线", .type = FT_BOOL, .flags = FF_FILTER },
};

/* Is there a row for `sql` with ?1 = a and ?2 = b (unless NULL)?  1 yes, 0 no, -1 error. */
static int exists2(struct db *db, const char *sql, const char *a, const char *b, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	return db_step_done(st, e);
}

int unit_within(struct db *db, const char *ancestor, const char *code, struct err *e)
{
	return exists2(db, "SELECT 1 FROM unit_tree WHERE ancestor = ? AND descendant = ?", ancestor, code, e);
}

int unit_name(struct db *db, const char *code, char *out, size_t n, struct err *e)
{
	return db_text_of(db, "SELECT name FROM units WHERE code = ?", code, out, n, e);
}

int unit_is_station(struct db *db, const char *code, struct err *e)
{
	return exists2(db, "SELECT 1 FROM units WHERE code = ? AND kind = 'station'", code, NULL, e);
}

/* Code characters; a parent that is neither the unit nor below it; a station stays a station. */
static int unit_check(struct db *db, const struct record *r, struct rules *rs)
{
	const char *code = record_get(r, "code"), *parent = record_get(r, "parent"), *kind = record_get(r, "kind");
	if (!rule_has(rs, r, "code"))
		return 0;
	if (strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(code))
		rule_broken(rs, ERR_INVALID, "unit.code", "code",
			    "编码：只能用字母、数字、下划线和连字符，如 XZ01 或 152921000000（letters, digits, '_' and '-')");
	if (rule_has(rs, r, "parent")) {
		if (!strcmp(parent, code))
			rule_broken(rs, ERR_INVALID, "unit.cycle", "parent",
				    "上级单位：不能是本单位自己（a unit cannot be its own parent）");
		else {
			int below = unit_within(db, code, parent, &rs->e);
			if (below < 0)
				return rule_outcome(rs, -1);
			if (below)
				rule_broken(rs, ERR_INVALID, "unit.cycle", "parent",
					    "上级单位：%s 在本单位之下，不能作其上级（the parent lies below the unit: a cycle）", parent);
		}
	}
	if (rule_has(rs, r, "kind") && strcmp(kind, "station")) {
		int station = exists2(db, "SELECT 1 FROM stations WHERE code = ? AND voided_at IS NULL", code, NULL, &rs->e);
		if (station < 0)
			return rule_outcome(rs, -1);
		if (station)
			rule_broken(rs, ERR_CONFLICT, "unit.station_kind", "kind",
				    "类型：%s 是现有派出所，类型须为“派出所”（an existing station's unit is of kind station）", code);
	}
	return 0;
}

/* Run a write with ?1 = a and ?2 = b: 0 or -1. */
static int exec2(struct db *db, const char *sql, const char *a, const char *b, struct err *e)
{
	return exists2(db, sql, a, b, e) < 0 ? -1 : 0;
}

/*
 * The closure after unit `code` was saved under `parent` (NULL: a root): its
 * subtree leaves its old ancestors and joins the parent's.
 */
static int tree_follow(struct db *db, const char *code, const char *parent, struct err *e)
{
	if (exec2(db, "DELETE FROM unit_tree WHERE descendant IN (SELECT descendant FROM unit_tree WHERE ancestor = ?1)"
		      " AND ancestor NOT IN (SELECT descendant FROM unit_tree WHERE ancestor = ?1)", code, NULL, e) ||
	    exec2(db, "INSERT INTO unit_tree (ancestor, descendant, depth) SELECT CAST(?1 AS TEXT), CAST(?1 AS TEXT), 0"
		      " WHERE NOT EXISTS (SELECT 1 FROM unit_tree WHERE ancestor = ?1 AND descendant = ?1)", code, NULL, e))
		return -1;
	if (!parent)
		return 0;
	return exec2(db, "INSERT INTO unit_tree (ancestor, descendant, depth)"
		     " SELECT a.ancestor, d.descendant, a.depth + d.depth + 1 FROM unit_tree a JOIN unit_tree d ON d.ancestor = ?2"
		     " WHERE a.descendant = ?1", parent, code, e);
}

/*
 * A unit about to be void (its own station already voided when it is one):
 * 0 when nothing live rests on it, else ERR_CONFLICT unit.in_use naming the
 * first live unit, person or station under it.
 */
static int unit_in_use(struct db *db, const char *code, struct err *e)
{
	char what[96];
	int used = db_text_of(db,
			      "SELECT * FROM (SELECT '下级单位 ' || code FROM units WHERE parent_code = ?1 AND voided_at IS NULL"
			      " UNION ALL SELECT '人员 ' || badge_no FROM personnel WHERE unit = ?1 AND voided_at IS NULL"
			      " UNION ALL SELECT '派出所 ' || code FROM stations WHERE code = ?1 AND voided_at IS NULL) AS u LIMIT 1",
			      code, what, sizeof what, e);
	if (used < 0)
		return -1;
	if (used)
		return err_set(e, ERR_CONFLICT, "unit.in_use", "code",
			       "单位 %s 还有%s等下级单位、人员或派出所，不能作废（the unit still has live units, personnel or its station）",
			       code, what);
	return 0;
}

/*
 * Record `code` of type `t` (the other side of a station and its unit) into
 * *out: loaded, or new with only its key set when there is none.
 */
static int other_side(struct db *db, const struct record_type *t, const char *code, struct record **out, struct err *e)
{
	int64_t id = 0;
	struct record *o = *out = record_new(t);
	if (!o)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	if (record_set_by_name(o, "code", code, 0, e) || record_find_id(db, o, &id, e))
		return -1;
	return id ? record_load(db, o, id, NULL, e) : 0;
}

/*
 * The other side `o` takes the name of `cause` unless it has it already:
 * saved through the record layer (updated_at, its own after_change) and
 * audited as the cause's change.  Its after_change finds the names equal
 * and stops there.
 */
static int follow_name(struct db *db, struct record *o, const struct record *cause, int64_t now, struct err *e)
{
	const char *name = record_get(cause, "name"), *was = record_get(o, "name");
	if (was && !strcmp(was, name))
		return 0;
	char *before = was ? strdup(was) : NULL;
	const char *action = o->id ? "update" : "create";
	o->by = cause->by;
	o->end_dependents = cause->end_dependents;
	int rc = record_set_by_name(o, "name", name, 0, e) || record_save(db, o, now, NULL, e) ||
			 record_follow_audit(db, cause->by, action, o->type, o->id, "name", before, name, cause, now, e)
		       ? -1
		       : 0;
	free(before);
	return rc;
}

/* The other side `o`, live, is voided with `cause` for its reason, audited as the cause's change. */
static int follow_void(struct db *db, const struct record *o, const struct record *cause, int64_t now, struct err *e)
{
	if (!o->id || o->voided_at)
		return 0;
	return record_void_by(db, o->type, o->id, cause->void_reason, cause->end_dependents, cause->by, now, e) ||
			       record_follow_audit(db, cause->by, "void", o->type, o->id, NULL, NULL, cause->void_reason, cause,
						   now, e)
		       ? -1
		       : 0;
}

/*
 * After a save: the tree follows, and a station-kind unit has its station
 * (model 常规 until the stations import says more) with its name.  A void
 * voids its live station, then leaves no live unit, person or station
 * resting on the unit.  Both through the record layer, audited.
 */
static int unit_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	const char *code = record_get(r, "code"), *kind = record_get(r, "kind");
	if (!r->voided_at && tree_follow(db, code, record_get(r, "parent"), e))
		return -1;
	if (strcmp(kind, "station"))
		return r->voided_at ? unit_in_use(db, code, e) : 0;
	struct record *s = NULL;
	int rc = other_side(db, &station_type, code, &s, e);
	if (rc == 0 && r->voided_at)
		rc = follow_void(db, s, r, now, e) || unit_in_use(db, code, e) ? -1 : 0;
	else if (rc == 0 && !s->voided_at) /* a void station keeps the name it had */
		rc = (!s->id && record_set_by_name(s, "model", "standard", 0, e)) || follow_name(db, s, r, now, e) ? -1 : 0;
	record_free(s);
	return rc;
}

/* A live station whose unit is void (data from before the two were kept together): the unit lives again. */
static int unit_revive(struct db *db, struct record *u, const struct record *s, int64_t now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE units SET voided_at = NULL, void_reason = NULL, updated_at = ? WHERE id = ?", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, u->id);
	if (db_step_done(st, e) < 0 ||
	    record_follow_audit(db, s->by, "update", &unit_type, u->id, "void_reason", u->void_reason, NULL, s, now, e))
		return -1;
	return record_load(db, u, u->id, NULL, e);
}

int unit_follow_station(struct db *db, const struct record *s, int64_t now, struct err *e)
{
	const char *code = record_get(s, "code");
	struct record *u = NULL;
	int rc = other_side(db, &unit_type, code, &u, e);
	if (rc || (!u->id && s->voided_at))
		goto out;
	const char *kind = record_get(u, "kind");
	if (u->id && strcmp(kind, "station")) {
		rc = err_set(e, ERR_CONFLICT, "station.unit_kind", "code",
			     "编码：%s 已是%s单位，不能再作派出所（the code is a unit of another kind）", code,
			     code_label(&unit_kinds, kind));
		goto out;
	}
	/* a voided station's unit is voided with it: only when nothing live is left under it */
	if (s->voided_at)
		rc = !u->voided_at && (unit_in_use(db, code, e) || follow_void(db, u, s, now, e)) ? -1 : 0;
	else
		rc = (u->voided_at && unit_revive(db, u, s, now, e)) ||
				     (!u->id && record_set_by_name(u, "kind", "station", 0, e)) || follow_name(db, u, s, now, e)
			     ? -1
			     : 0;
out:
	record_free(u);
	return rc;
}

const struct record_type unit_type = {
	.kind = "units", .table = "units", .zh = "单位", .en = "unit",
	.fields = unit_fields, .nfields = sizeof unit_fields / sizeof unit_fields[0],
	.check = unit_check, .after_change = unit_after,
	.scope_sql = { [SCOPE_UNIT] = "code IN " UNIT_SUBTREE },
};
