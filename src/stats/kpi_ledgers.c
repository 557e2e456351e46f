/*
 * kpi_ledgers.c — hazards fixed on time and visit answers for the indicators.
 */
#include "stats/kpi_ledgers.h"
#include "base/date.h"

#include <stdio.h>

/* Step a one-row query with the period's two days (and the station) bound after `lead` text binds. */
static int sums(struct db *db, const char *sql, const char *lead, int32_t from, int32_t to, const char *station,
		int64_t *out, int n, struct err *e)
{
	char dfrom[11], dto[11];
	date_format(from, dfrom);
	date_format(to, dto);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	int k = 1;
	if (lead)
		db_bind_text(st, k++, lead);
	db_bind_text(st, k++, dfrom);
	db_bind_text(st, k++, dto);
	if (station)
		db_bind_text(st, k, station);
	int rc = db_step(st, e);
	for (int i = 0; rc == 1 && i < n; i++)
		out[i] = db_col_int(st, i);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int kpi_hazards_on_time(struct db *db, const char *station, int32_t from, int32_t to, int64_t *found, int64_t *on_time,
			struct err *e)
{
	char sql[384], dto[11];
	date_format(to, dto);
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*), COALESCE(SUM(CASE WHEN fixed_on <= deadline AND fixed_on <= ? THEN 1 ELSE 0 END), 0)"
		 " FROM hazards WHERE voided_at IS NULL AND found_on BETWEEN ? AND ?%s",
		 station ? " AND station = ?" : "");
	int64_t v[2] = { 0, 0 };
	if (sums(db, sql, dto, from, to, station, v, 2, e))
		return -1;
	*found = v[0];
	*on_time = v[1];
	return 0;
}

int kpi_visit_answers(struct db *db, const char *station, int32_t from, int32_t to, int64_t answers[3], struct err *e)
{
	char sql[384];
	snprintf(sql, sizeof sql,
		 "SELECT COALESCE(SUM(satisfied), 0), COALESCE(SUM(basic), 0), COALESCE(SUM(unsatisfied), 0)"
		 " FROM visits WHERE voided_at IS NULL AND visited_on BETWEEN ? AND ?%s",
		 station ? " AND station = ?" : "");
	answers[0] = answers[1] = answers[2] = 0;
	return sums(db, sql, NULL, from, to, station, answers, 3, e);
}
