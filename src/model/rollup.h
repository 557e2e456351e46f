/*
 * rollup — the count tables statistics read instead of raw records.
 *
 * Incidents count in cells per station x division x top category x local
 * day (incident_day) and per month (incident_month): a report reads whole
 * months from the monthly cells and the ragged ends from the daily ones,
 * so it costs cells, not rows.  Cases count per station x kind x day
 * accepted x day closed (case_cells; closed -1 while open), which is what
 * the closure rate needs.  A dispute counts once in dispute_handled_cells
 * and once in dispute_settled_cells (station x type x day registered x day
 * first handled or settled, -1 while none): the disputes report's rows.  Cells move in the same transaction as the
 * record change; a bulk import gathers deltas in memory (rollup_batch) and
 * writes each cell once.  rollup_check() recounts from the records and
 * rollup_rebuild() starts the cells afresh.
 */
#ifndef FQ_MODEL_ROLLUP_H
#define FQ_MODEL_ROLLUP_H

#include "db/db.h"
#include "model/record.h"

/* Month number of a day number: year * 12 + month - 1. */
int32_t month_of_day(int32_t day);
/* First day of a month number. */
int32_t month_first_day(int32_t month);

/* A cell_sink `add` that writes each delta at once (ctx = struct db *). */
int rollup_apply_cell(void *ctx, const struct cell_delta *c, struct err *e);

struct rollup_batch;
struct rollup_batch *rollup_batch_new(void);
/* A cell_sink that adds into the batch. */
struct cell_sink rollup_batch_sink(struct rollup_batch *b);
/* How many distinct cells the batch holds. */
long rollup_batch_cells(const struct rollup_batch *b);
/* Write the batch's non-zero cells and empty it. */
int rollup_batch_flush(struct rollup_batch *b, struct db *db, struct err *e);
void rollup_batch_free(struct rollup_batch *b);

/* Cells that differ from a recount: 0 when all agree. */
int rollup_check(struct db *db, int64_t *differences, struct err *e);
int rollup_rebuild(struct db *db, struct err *e);

#endif
