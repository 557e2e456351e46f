/*
 * kpi_ledgers — the ledger counts the indicators read (hazards, visits).
 * To be folded with stats/ledger_counts.c (the briefing's) into one place.
 */
#ifndef FQ_STATS_KPI_LEDGERS_H
#define FQ_STATS_KPI_LEDGERS_H

#include <stdint.h>

#include "db/db.h"

/* Hazards found in [from, to] (station NULL: all), and of them those fixed on or before both the deadline and `to`. */
int kpi_hazards_on_time(struct db *db, const char *station, int32_t from, int32_t to, int64_t *found, int64_t *on_time,
			struct err *e);
/* The visits' answers in [from, to]: satisfied, basic, unsatisfied (sums over the visits). */
int kpi_visit_answers(struct db *db, const char *station, int32_t from, int32_t to, int64_t answers[3], struct err *e);

#endif
