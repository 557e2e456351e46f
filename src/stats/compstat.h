/*
 * compstat — the period report the bureau is judged by (CONTRACTS.md §3):
 * incidents per top-level category in a period against the same dates a
 * year earlier (yoy) or the equally long period before (mom), and the
 * closure rate (办结率) of criminal and public-order cases, with the change
 * in percentage points.  Counts come from the rollup cells: whole months
 * from the monthly cells, the ragged ends from the daily ones.
 */
#ifndef FQ_STATS_COMPSTAT_H
#define FQ_STATS_COMPSTAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

enum compare { COMPARE_YOY, COMPARE_MOM, COMPARE_NONE };

#define COMPSTAT_ROWS 10 /* total and the nine top-level categories */

struct compstat_query {
	int32_t from, to;     /* inclusive local days */
	enum compare compare;
	const char *station;  /* NULL: whole bureau */
	const char *division; /* NULL: anywhere; a town covers what lies below it */
};

struct closure {
	int64_t accepted, closed, prev_accepted, prev_closed;
};

struct compstat_station {
	char code[24], name[96];
	int64_t current, previous;
};

struct compstat {
	struct compstat_query q;
	char station[24], division[16];
	int32_t prev_from, prev_to;
	const char *keys[COMPSTAT_ROWS];
	int64_t current[COMPSTAT_ROWS], previous[COMPSTAT_ROWS];
	struct closure closure[2]; /* public_order, criminal */
	struct compstat_station *by_station;
	long nstations;
	bool demo; /* the database holds demonstration data (model/settings.h) */
};

int compare_parse(const char *s, enum compare *c);
const char *compare_name(enum compare c);

/* The comparison period of [from, to]. */
void compare_period(enum compare c, int32_t from, int32_t to, int32_t *pfrom, int32_t *pto);

/* 0 when the division exists, else -1 with ERR_NOT_FOUND "division.not_found". */
int division_known(struct db *db, const char *division, struct err *e);

int compstat_compute(struct db *db, const struct compstat_query *q, struct compstat *out, struct err *e);
void compstat_free(struct compstat *c);

/* Count incidents per top category in [from, to] for a station (NULL all) and division. */
int compstat_count(struct db *db, const char *station, const char *division, int32_t from, int32_t to,
		   int64_t counts[COMPSTAT_ROWS], struct err *e);

/*
 * The same for the whole months m_first..m_last (month numbers, model/rollup.h)
 * at once, counts[m - m_first]: one grouped statement over the monthly cells
 * of the live stations in scope, where compstat_count reads each month's
 * cells station by station.  The station is not checked.
 */
int compstat_count_months(struct db *db, const char *station, int32_t m_first, int32_t m_last,
			  int64_t (*counts)[COMPSTAT_ROWS], struct err *e);

/* (current - previous) / previous x 100 in hundredths, half away from zero; false when previous is 0. */
bool change_pct_x100(int64_t current, int64_t previous, int64_t *out);
/* part / whole x 100 in hundredths; false when whole is 0. */
bool rate_x100(int64_t part, int64_t whole, int64_t *out);

json_t *compstat_json(const struct compstat *c);
/* The definitions printed under every table (Chinese, then English). */
extern const char compstat_definitions[];

#endif
