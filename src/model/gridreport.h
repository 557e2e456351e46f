/*
 * gridreport — grid reports (网格上报, CONTRACTS.md §6): what a grid worker
 * finds in its grid, the station's acceptance, the outcome (turned into a
 * dispute, an incident or a hazard; or no action) and the feedback the
 * grid worker sees.  The record a report became carries the report's
 * number (disputes.gridreport_no, incidents.gridreport_no,
 * hazards.gridreport_no), derived from the report's outcome_no, so the
 * link reads both ways and has one source.
 *
 * Deadlines: accepted within GRIDREPORT_ACCEPT_HOURS of reported_at,
 * feedback within GRIDREPORT_FEEDBACK_DAYS of it; past either it is
 * overdue (model/todo.c lists it).
 */
#ifndef FQ_MODEL_GRIDREPORT_H
#define FQ_MODEL_GRIDREPORT_H

#include "model/record.h"

#define GRIDREPORT_ACCEPT_HOURS 24
#define GRIDREPORT_FEEDBACK_DAYS 7

extern const struct record_type gridreport_type;
extern const struct code_list gridreport_kinds;
extern const struct code_list gridreport_outcomes;
extern const struct code_list gridreport_statuses;

/*
 * The outcomes that make a record (all but no_action), each with the type
 * of that record: its table, key, zh and en come from the descriptor.  The
 * one place the mapping is written; the rules, the link back and the
 * turning of a report (api_gridreports.c) loop over it.
 */
struct gridreport_outcome {
	const char *outcome;
	const struct record_type *type;
	/* the fields that take the report's address and summary when it is
	 * turned; `from_grid`: its field "source" says "grid" */
	const char *place, *text;
	bool from_grid;
};
extern const struct gridreport_outcome gridreport_outcome_types[];
extern const size_t gridreport_n_outcome_types;
/* The entry of `outcome`, and the record type it makes: NULL for no_action (or an unknown one). */
const struct gridreport_outcome *gridreport_outcome_of(const char *outcome);
const struct record_type *gridreport_outcome_type(const char *outcome);

/*
 * The number of the live grid report whose outcome is `outcome` ("dispute",
 * "incident") and outcome_no `no`, into out ("" when none).  The derive of
 * a dispute and of an incident.  `memo` (an import's, or NULL): the
 * import reads the reports with that outcome once, when they are few, not
 * once a row (a round trip a row on PostgreSQL: bench/RESULTS.md).
 */
struct memo;
int gridreport_of(struct db *db, struct memo *memo, const char *outcome, const char *no, char out[48], struct err *e);

/* The deadlines of a report made at `reported_at` (Unix seconds). */
int64_t gridreport_accept_due(int64_t reported_at);
int64_t gridreport_feedback_due(int64_t reported_at);

#endif
