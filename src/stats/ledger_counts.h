/*
 * ledger_counts — the prevention ledgers counted for a period and a scope
 * (CONTRACTS.md §6): hazards, visits, outreach, dissuasions, grid reports
 * and meeting action items.  One function per ledger, each a plain indexed
 * count over its table (the ledgers have no rollup cells); the briefing
 * (stats/briefing.c) and the indicators use them.
 *
 * A scope is a station (NULL: the whole bureau) and a division (NULL:
 * anywhere; a town covers its communities, gacha and grids).  Dissuasions
 * carry no division: with a division they are those of the station whose
 * jurisdiction holds it (org.h division_station).
 */
#ifndef FQ_STATS_LEDGER_COUNTS_H
#define FQ_STATS_LEDGER_COUNTS_H

#include <stdint.h>

#include "base/text.h"
#include "db/db.h"

struct ledger_scope {
	int32_t from, to;     /* inclusive local days */
	const char *station;  /* NULL: the whole bureau */
	const char *division; /* NULL: anywhere */
};

struct hazard_counts {
	int64_t found;   /* found in the period */
	int64_t fixed;   /* of those, fixed on or before the last day */
	int64_t on_time; /* of those, fixed by the last day and not after their deadline */
	int64_t overdue; /* found by the last day, deadline before it, not fixed by it */
};

struct visit_counts {
	int64_t visits, households, people, opinions, resolved, satisfied, basic, unsatisfied;
};

struct outreach_counts {
	int64_t events, anti_fraud, audience, materials, app_registrations;
};

struct dissuasion_counts {
	int64_t warnings, dissuaded, defrauded, unreachable;
	double loss;
};

struct gridreport_counts {
	int64_t reported, accepted, answered; /* answered: feedback given by the end of the last day */
	int64_t disputes, incidents, hazards, no_action;
};

struct action_item {
	/* whole: a meeting's item may be 500 characters, a name or an owner 60 */
	char division[16], division_name[TEXT_BYTES(60)], held_on[11], item[TEXT_BYTES(500)], owner[TEXT_BYTES(60)],
		due_on[11];
	int days_overdue; /* > 0 when its due day is before the last day */
};

int hazard_counts(struct db *db, const struct ledger_scope *s, struct hazard_counts *out, struct err *e);
int visit_counts(struct db *db, const struct ledger_scope *s, struct visit_counts *out, struct err *e);

/*
 * For n disjoint periods [from[i], to[i]], in order, at once, of a station (NULL: the
 * whole bureau) and no division: hazard_counts and visit_counts of each
 * period alone (hz[i], vi[i]; hz[i].overdue is 0), by two statements grouped
 * by day.  hazard_counts and visit_counts are its one-period case (with a
 * division), so each rule is written once.
 */
int ledger_counts_periods(struct db *db, const char *station, int n, const int32_t *from, const int32_t *to,
			  struct hazard_counts *hz, struct visit_counts *vi, struct err *e);
int outreach_counts(struct db *db, const struct ledger_scope *s, struct outreach_counts *out, struct err *e);
int dissuasion_counts(struct db *db, const struct ledger_scope *s, struct dissuasion_counts *out, struct err *e);
int gridreport_counts(struct db *db, const struct ledger_scope *s, struct gridreport_counts *out, struct err *e);

/*
 * The action items of meetings held on or before the last day that are not
 * done by it, the most overdue first; *items is malloc'd (free it).
 */
int open_actions(struct db *db, const struct ledger_scope *s, struct action_item **items, long *n, struct err *e);

#endif
