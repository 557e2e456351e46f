/*
 * org.c — the jurisdiction questions the organisation's rules and the
 * reports ask (which station holds a division, the live stations).  Each
 * record type of the organisation has its own file: division.c, station.c,
 * partner.c, personnel.c, post.c.
 */
#include "model/org.h"

#include <string.h>

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
		" WHERE sd.station_code IN " UNIT_SUBTREE " LIMIT 1", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, division);
	db_bind_text(st, 2, station);
	return db_step_done(st, e);
}

int division_name(struct db *db, const char *code, char *out, size_t n, struct err *e)
{
	return db_text_of(db, "SELECT name FROM divisions WHERE code = ?", code, out, n, e);
}

int division_exists(struct db *db, const char *code, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM divisions WHERE code = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	return db_step_done(st, e);
}

int division_station(struct db *db, const char *division, char out[24], struct err *e)
{
	return db_text_of(db,
			  "WITH RECURSIVE up(code, parent, depth) AS ("
			  " SELECT code, parent_code, 0 FROM divisions WHERE code = ?"
			  " UNION ALL SELECT d.code, d.parent_code, up.depth + 1 FROM divisions d JOIN up ON d.code = up.parent)"
			  " SELECT sd.station_code FROM up JOIN station_divisions sd ON sd.division_code = up.code"
			  " JOIN stations s ON s.code = sd.station_code AND s.voided_at IS NULL"
			  " ORDER BY up.depth, sd.station_code LIMIT 1",
			  division, out, 24, e) < 0
		       ? -1
		       : 0;
}

int stations_each(struct db *db, const char *only, int (*each)(void *ctx, const char *code, const char *name),
		  void *ctx, struct err *e)
{
	/* `only` may be any unit: its subtree's stations (a station's is itself) */
	struct db_stmt *st = db_prepare(db, "SELECT code, name FROM " STATIONS_OF_SCOPE " ORDER BY code", e);
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
	if (only && !seen) {
		char kind[16];
		int unit = db_text_of(db, "SELECT kind FROM units WHERE code = ? AND voided_at IS NULL", only, kind, sizeof kind, e);
		if (unit < 0)
			return -1;
		if (unit && strcmp(kind, "station"))
			return 0; /* a unit with no station below it: no rows */
		return err_set(e, ERR_NOT_FOUND, "station.not_found", "station", "找不到派出所“%s”（no such station）", only);
	}
	return 0;
}
