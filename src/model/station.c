/*
 * station.c — police stations: code, operating model, the divisions of
 * their jurisdiction (a list kept in station_divisions) and a location.
 */
#include "model/org.h"
#include "model/record_internal.h"
#include "model/unit.h"

#include <stdio.h>
#include <string.h>

static const struct field station_fields[] = {
	{ .name = "code", .zh = "编码", .en = "Code", .aliases = "派出所编码|单位编码", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 20 },
	{ .name = "name", .zh = "名称", .en = "Name", .aliases = "派出所|派出所名称", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_FILTER, .max_len = 60 },
	{ .name = "model", .zh = "运行模式", .en = "Operating model", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &station_models },
	{ .name = "divisions", .zh = "辖区", .en = "Jurisdiction", .aliases = "管辖区划", .type = FT_REFLIST,
	  .ref = &division_type, .link_table = "station_divisions",
	  .link_self = "station_code", .link_other = "division_code" },
	{ .name = "lat", .zh = "纬度", .en = "Latitude", .type = FT_REAL },
	{ .name = "lon", .zh = "经度", .en = "Longitude", .type = FT_REAL },
};

/* The list of a station's jurisdiction being checked: its codes in order. */
struct jurisdiction {
	struct db *db;
	const char *station, *list;
	struct err *e;
	int rc;
};

/* Is `code` listed in `list` ("a;b;c") other than at `self`? */
static bool listed_elsewhere(const char *list, const char *code, const char *self)
{
	size_t n = strlen(code);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (p != self && len == n && !memcmp(p, code, n))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/*
 * `select` over the divisions related to `code` (?1): up(code), it and
 * those above it; down(code), it and those below it.  NULL with j->rc set
 * on failure.
 */
static struct db_stmt *related(struct jurisdiction *j, const char *code, const char *select)
{
	char sql[900];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE up(code) AS (SELECT ?1 UNION SELECT d.parent_code FROM divisions d JOIN up ON d.code = up.code"
		 " WHERE d.parent_code IS NOT NULL),"
		 " down(code) AS (SELECT ?1 UNION SELECT d.code FROM divisions d JOIN down ON d.parent_code = down.code)%s",
		 select);
	struct db_stmt *st = db_prepare(j->db, sql, j->e);
	if (!st)
		j->rc = -1;
	else
		db_bind_text(st, 1, code);
	return st;
}

/*
 * One listed division: named once, not inside (or above) another listed
 * one, and held by no other live station, neither itself nor a division
 * above or below it.
 */
static int check_listed(void *ctx, const char *code)
{
	struct jurisdiction *j = ctx;
	/* where this key lies in the list, to tell it from a second mention */
	const char *self = j->list;
	for (const char *p = j->list; (p = strstr(p, code)); p++)
		if ((p == j->list || p[-1] == ';') && (p[strlen(code)] == ';' || !p[strlen(code)])) {
			self = p;
			break;
		}
	if (listed_elsewhere(j->list, code, self)) {
		j->rc = err_set(j->e, ERR_INVALID, "station.division_twice", "divisions",
				"辖区：区划 %s 列了两次（a division is listed twice）", code);
		return 1;
	}
	struct db_stmt *st = related(j, code,
		" SELECT code, 'up' FROM up WHERE code <> ?1 UNION ALL SELECT code, 'down' FROM down WHERE code <> ?1");
	if (!st)
		return 1;
	int rc;
	while ((rc = db_step(st, j->e)) == 1) {
		const char *other = db_col_text(st, 0);
		if (listed_elsewhere(j->list, other, NULL)) {
			bool above = !strcmp(db_col_text(st, 1), "up");
			j->rc = err_set(j->e, ERR_INVALID, "station.division_overlap", "divisions",
					"辖区：%s 在 %s %s，二者重叠，只列上级即可（listed divisions overlap: list only the higher one）",
					code, other, above ? "之内" : "之上");
			rc = -1;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return j->rc = -1, 1;
	/* the same division, one above or one below it, in another live station's list */
	st = related(j, code,
		" SELECT sd.station_code, s.name, sd.division_code FROM station_divisions sd JOIN stations s ON s.code = sd.station_code"
		" WHERE s.voided_at IS NULL AND sd.station_code <> ?2"
		" AND (sd.division_code IN (SELECT code FROM up) OR sd.division_code IN (SELECT code FROM down))"
		" ORDER BY sd.station_code, sd.division_code LIMIT 1");
	if (!st)
		return 1;
	db_bind_text(st, 2, j->station);
	rc = db_step(st, j->e);
	if (rc == 1)
		err_set(j->e, ERR_CONFLICT, "station.jurisdiction_overlap", "divisions",
			"辖区：区划 %s 与%s（%s）辖区中的 %s 重叠，一个区划只能归一个派出所（the division overlaps station %s's %s）",
			code, db_col_text(st, 1), db_col_text(st, 0), db_col_text(st, 2), db_col_text(st, 0),
			db_col_text(st, 2));
	db_done(st);
	if (rc != 0)
		return j->rc = -1, 1;
	return 0;
}

/* Both or neither, and on the globe; a jurisdiction no other station shares. */
static int station_check(struct db *db, const struct record *r, struct rules *rs)
{
	const char *code = record_get(r, "code");
	if (rule_has(rs, r, "code") &&
	    strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(code))
		rule_broken(rs, ERR_INVALID, "station.code", "code",
			    "编码：只能用字母、数字、下划线和连字符，如 S01 或 152921010000（letters, digits, '_' and '-')");
	int ilat = field_index(r->type, "lat"), ilon = field_index(r->type, "lon");
	if (r->v[ilat].set != r->v[ilon].set)
		rule_broken(rs, ERR_INVALID, "station.coordinates", r->v[ilat].set ? "lon" : "lat",
			    "经纬度须同时填写（give both latitude and longitude）");
	else if (r->v[ilat].set && (r->v[ilat].d < -90 || r->v[ilat].d > 90 || r->v[ilon].d < -180 || r->v[ilon].d > 180))
		rule_broken(rs, ERR_INVALID, "station.coordinates", "lat", "经纬度超出范围（coordinates out of range）");
	const char *list = record_get(r, "divisions");
	if (!rule_has(rs, r, "divisions") || !rule_has(rs, r, "code"))
		return 0;
	/* the first problem of the list: a division named twice, overlapping another, or another station's */
	struct jurisdiction j = { db, code, list, &rs->e, 0 };
	return keylist_each(list, check_listed, &j, &rs->e) ? rule_outcome(rs, -1) : 0;
}

/* A change must not break the posts that rest on this station (CONTRACTS §2); its unit follows it. */
static int station_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	return posts_recheck(db, r, POSTS_OF_STATION, now, e) || unit_follow_station(db, r, now, e) ? -1 : 0;
}

static int station_before(struct db *db, struct record *r, struct err *e)
{
	return posts_broken_before(db, r, POSTS_OF_STATION, e);
}

const struct record_type station_type = {
	.kind = "stations", .table = "stations", .zh = "派出所", .en = "station",
	.fields = station_fields, .nfields = sizeof station_fields / sizeof station_fields[0],
	.check = station_check, .after_change = station_after, .before_change = station_before, .scope_sql = { [SCOPE_UNIT] = "code IN " UNIT_SUBTREE,
		       /* a partner body knows the stations whose disputes were referred to it */
		       [SCOPE_PARTNER] = "code IN (SELECT d.station FROM disputes d JOIN referrals f ON f.dispute_no = d.dispute_no"
					 " WHERE f.partner = ? AND f.voided_at IS NULL)" },
};
