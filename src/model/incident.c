/*
 * incident.c — incidents (警情): received time and its local day, station,
 * category resolved to its code and top group, the place within the
 * station's jurisdiction; each counts in the incident rollup cells.
 */
#include "model/incident.h"
#include "model/gridreport.h"
#include "base/config.h"
#include "base/date.h"
#include "base/text.h"
#include "model/org.h"
#include "model/unit.h"

#include <stdlib.h>
#include <string.h>

/* Field positions, so per-row code indexes the descriptor instead of searching it by name. */
enum { I_NO, I_RECEIVED_AT, I_RECEIVED_DAY, I_STATION, I_CATEGORY, I_TOP, I_DIVISION, I_SOURCE, I_MAJOR,
       I_ADDRESS, I_LAT, I_LON, I_SUMMARY, I_ADDRESS_KEY, I_GRIDREPORT, I_COUNT };

static int incident_derive(struct db *db, struct record *r, struct err *e)
{
	const char *given = r->v[I_CATEGORY].set ? r->v[I_CATEGORY].s : NULL;
	if (r->v[I_RECEIVED_AT].set &&
	    record_set_int(r, I_RECEIVED_DAY, instant_local_day(r->v[I_RECEIVED_AT].i, config()->tz_minutes), e))
		return -1;
	if (!r->v[I_MAJOR].set && record_set_int(r, I_MAJOR, 0, e))
		return -1;
	/* the early warnings' key: the address folded as a dispute's (none without an address) */
	char key[600] = "";
	if (r->v[I_ADDRESS].set)
		text_fold_key(r->v[I_ADDRESS].s, key, sizeof key);
	if (*key ? record_put(r, I_ADDRESS_KEY, key, strlen(key), e) : record_set(r, I_ADDRESS_KEY, "", 0, e))
		return -1;
	/* the grid report it came from names it (model/gridreport.c) */
	char from[48];
	if (gridreport_of(db, "incident", r->v[I_NO].s, from, e) ||
	    (*from ? record_put(r, I_GRIDREPORT, from, strlen(from), e) : record_set(r, I_GRIDREPORT, "", 0, e)))
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

static int incident_check(struct db *db, const struct record *r, struct rules *rs)
{
	const struct value *lat = &r->v[I_LAT], *lon = &r->v[I_LON];
	if (lat->set && (lat->d < -90 || lat->d > 90))
		rule_broken(rs, ERR_INVALID, "incident.lat", "lat", "纬度应在 -90 到 90 之间（latitude out of range）");
	if (lon->set && (lon->d < -180 || lon->d > 180))
		rule_broken(rs, ERR_INVALID, "incident.lon", "lon", "经度应在 -180 到 180 之间（longitude out of range）");
	if (lat->set != lon->set)
		rule_broken(rs, ERR_INVALID, "incident.coordinates", lat->set ? "lon" : "lat",
			    "经纬度须同时填写（give both latitude and longitude）");
	const char *division = r->v[I_DIVISION].s, *station = r->v[I_STATION].s;
	if (rule_usable(rs, r, I_DIVISION) && rule_usable(rs, r, I_STATION)) {
		int held = station_holds_division(db, station, division, &rs->e);
		if (held < 0)
			return rule_outcome(rs, -1);
		if (!held)
			rule_broken(rs, ERR_INVALID, "incident.outside_jurisdiction", "division",
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
	  .flags = FF_REQUIRED | FF_MAIN_DATE | FF_NOT_FUTURE, .day_column = "received_day" },
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
	[I_SUMMARY] = { .name = "summary", .zh = "简要案情", .en = "Summary", .aliases = "简要警情", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
	[I_ADDRESS_KEY] = { .name = "address_key", .zh = "地址索引", .en = "Address key", .type = FT_TEXT,
	  .flags = FF_DERIVED | FF_HIDDEN, .max_len = 600 },
	[I_GRIDREPORT] = { .name = "gridreport_no", .zh = "来源网格上报", .en = "From grid report", .type = FT_TEXT,
	  .flags = FF_DERIVED | FF_FILTER, .max_len = 40 },
};

const struct record_type incident_type = {
	.kind = "incidents", .table = "incidents", .zh = "警情", .en = "incident",
	.fields = incident_fields, .nfields = sizeof incident_fields / sizeof incident_fields[0],
	.derive = incident_derive, .check = incident_check, .cells = incident_cells, .scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE },
	.rows_stand_alone = true,
};

/* One batch of the backfill: up to 5 000 incidents after id `*last`; 0 when none was left. */
static int backfill_batch(struct db *db, int64_t *last, int *n, struct err *e)
{
	enum { BATCH = 5000 };
	struct { int64_t id; char key[600]; } *rows = malloc(sizeof *rows * BATCH);
	if (!rows)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	struct db_stmt *st = db_prepare(db, "SELECT id, address FROM incidents WHERE id > ? AND address IS NOT NULL ORDER BY id LIMIT 5000", e);
	int rc = st ? 0 : -1;
	*n = 0;
	if (st) {
		db_bind_int(st, 1, *last);
		while ((rc = db_step(st, e)) == 1) {
			rows[*n].id = db_col_int(st, 0);
			text_fold_key(db_col_text(st, 1), rows[*n].key, sizeof rows[*n].key);
			(*n)++;
		}
		db_done(st);
	}
	for (int i = 0; rc == 0 && i < *n; i++) {
		st = db_prepare(db, "UPDATE incidents SET address_key = ? WHERE id = ?", e);
		if (!st) {
			rc = -1;
			break;
		}
		db_bind_text(st, 1, rows[i].key[0] ? rows[i].key : NULL);
		db_bind_int(st, 2, rows[i].id);
		rc = db_step_done(st, e);
		*last = rows[i].id;
	}
	free(rows);
	return rc;
}

int incident_backfill_address_keys(struct db *db, struct err *e)
{
	int64_t pending = 0;
	if (db_query_int(db, "SELECT COUNT(*) FROM pending_backfills WHERE name = 'incidents.address_key'", &pending, e))
		return -1;
	if (!pending)
		return 0;
	if (db_begin(db, e))
		return -1;
	int64_t last = 0;
	int n = 0, rc;
	while ((rc = backfill_batch(db, &last, &n, e)) == 0 && n > 0)
		;
	if (rc == 0)
		rc = db_exec(db, "DELETE FROM pending_backfills WHERE name = 'incidents.address_key'", e);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return -1;
}
