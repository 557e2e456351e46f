/*
 * briefing — 辖区治安形势通报 (CONTRACTS.md §6): the community officer's
 * report to a committee meeting for one division and period.  Each figure
 * is taken from the report that counts it, restricted to the division: the
 * incidents report (stats/compstat.h, yoy), the disputes report
 * (stats/disputes.h) and the ledger counts (stats/ledger_counts.h).
 */
#ifndef FQ_STATS_BRIEFING_H
#define FQ_STATS_BRIEFING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "stats/compstat.h"
#include "stats/disputes.h"
#include "stats/ledger_counts.h"

struct briefing {
	int32_t from, to;
	char division[16], division_name[TEXT_BYTES(60)], division_kind[16];
	char station[24]; /* "" unless restricted to one unit (and below): a station user's, a county bureau's */
	char station_name[TEXT_BYTES(60)]; /* that unit's name */
	struct compstat incidents;
	struct dispute_report disputes;
	struct hazard_counts hazards;
	struct visit_counts visits;
	struct outreach_counts outreach;
	struct dissuasion_counts dissuasions;
	char dissuasion_station[24]; /* the station whose dissuasions are shown */
	struct gridreport_counts gridreports;
	struct action_item *actions;
	long nactions;
	bool demo;
};

/* Compute for division (unknown: ERR_NOT_FOUND) over [from, to]; station NULL unless restricted. */
int briefing_compute(struct db *db, const char *division, int32_t from, int32_t to, const char *station,
		     struct briefing *out, struct err *e);
void briefing_free(struct briefing *b);
json_t *briefing_json(const struct briefing *b);
/* The printable A4 document (Chinese, print CSS inline, no script); printed_on is the print day. */
void briefing_html(FILE *out, const struct briefing *b, int32_t printed_on);

extern const char briefing_definitions[];

#endif
