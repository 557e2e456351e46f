/*
 * station.c — police stations: code, operating model, the divisions of
 * their jurisdiction (a list kept in station_divisions) and a location.
 */
#include "model/org.h"

#include <string.h>

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
	.check = station_check, .scope_sql = { [SCOPE_UNIT] = "code = ?",
		       /* a partner body knows the stations whose disputes were referred to it */
		       [SCOPE_PARTNER] = "code IN (SELECT d.station FROM disputes d JOIN referrals f ON f.dispute_no = d.dispute_no"
					 " WHERE f.partner = ? AND f.voided_at IS NULL)" },
};
