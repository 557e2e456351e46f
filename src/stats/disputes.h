/*
 * disputes — the disputes report (矛盾纠纷统计, CONTRACTS.md §5): per
 * dispute type the disputes registered in a period (排查数), handled (调处数)
 * and settled (成功数) by its last day, against the registrations of the
 * comparison period; mediations by mode, referrals by partner body, what is
 * overdue on the last day and the follow-up visits due in the period.
 *
 * Every figure is a count of records that the drill-down can list through
 * the generic record list: dispute_measure() gives, for a measure, the
 * record type, the main-date range and the one extra condition, and the
 * report's own SQL uses the same conditions (the DR_* strings below).
 */
#ifndef FQ_STATS_DISPUTES_H
#define FQ_STATS_DISPUTES_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "model/dispute.h"
#include "model/record.h"
#include "stats/compstat.h"

#define DISPUTE_ROWS 10  /* total and the nine dispute types */
#define DISPUTE_MODES 5  /* the mediation modes */

/* Conditions with one `?` bound to the last day (YYYY-MM-DD) they are read on. */
#define DR_HANDLED "handled_on <= ?"
#define DR_SETTLED "settled_on <= ?"
/*
 * Still open on the day: the expression of an index (schema 017), so only the
 * open records are read.  The upper bound is always true (dates end there):
 * it makes the index's range two-sided, which SQLite prefers to the one-sided
 * range on the registration (due) day whether or not ANALYZE ran.
 */
#define DR_OPEN(x) "(" x " > ? AND " x " <= '9999-12-31')"
#define DR_DISPUTE_OPEN DR_OPEN(DISPUTE_RESULT_ON)
#define DR_REFERRAL_OPEN DR_OPEN(REFERRAL_DONE_ON)
#define DR_FOLLOWUP_OPEN DR_OPEN(FOLLOWUP_DONE_ON)
#define DR_FOLLOWUP_DONE "done_on <= ?"

struct dispute_row {
	int64_t registered, handled, settled, previous;
};

struct dispute_mode {
	int64_t mediations, agreements;
};

struct dispute_partner {
	char code[24], name[96];
	int64_t referred, accepted, settled;
};

struct dispute_report {
	int32_t from, to, prev_from, prev_to;
	enum compare compare;
	char station[24]; /* "" for the whole bureau */
	const char *keys[DISPUTE_ROWS];
	struct dispute_row rows[DISPUTE_ROWS];
	const char *modes[DISPUTE_MODES];
	struct dispute_mode by_mode[DISPUTE_MODES];
	struct dispute_partner *by_partner;
	long npartners;
	int64_t overdue_disputes, overdue_referrals, overdue_followups;
	int64_t fu_due, fu_done, fu_on_time, fu_satisfied, fu_basic, fu_unsatisfied;
	bool demo; /* the database holds demonstration data (model/settings.h) */
	char division[16]; /* "" for anywhere; a town covers what lies below it */
};

/* What the indicators (stats/kpi.c) take of the report for one period. */
struct dispute_counts {
	int64_t registered, settled;                  /* rows[0] */
	int64_t fu_satisfied, fu_basic, fu_unsatisfied; /* the follow-ups due in the period, rated by its last day */
};

/*
 * Those counts for n disjoint periods [from[i], to[i]], in order, at once (out[i]), each
 * as the report for that period alone has them, by three grouped statements
 * (no comparison, no division): the report counts its rows (without a
 * division) and its follow-ups by the same code with one period.  The
 * station is not checked.
 */
int dispute_counts_periods(struct db *db, const char *station, int n, const int32_t *from, const int32_t *to,
			   struct dispute_counts *out, struct err *e);

/* Compute the report for [from, to] (station NULL: the whole bureau; an unknown one is ERR_NOT_FOUND). */
int dispute_report_compute(struct db *db, int32_t from, int32_t to, enum compare compare, const char *station,
			   struct dispute_report *out, struct err *e);
/* The same restricted to the disputes of a division and below (NULL: anywhere; unknown: ERR_NOT_FOUND). */
int dispute_report_compute_in(struct db *db, int32_t from, int32_t to, enum compare compare, const char *station,
			      const char *division, struct dispute_report *out, struct err *e);
void dispute_report_free(struct dispute_report *r);
json_t *dispute_report_json(const struct dispute_report *r);

/* The records behind one figure, for record_list. */
struct dispute_cell {
	const struct record_type *type;
	char from[11], to[11]; /* the main-date range; "" = open */
	const char *extra_sql; /* one `?` bound to `day`, or NULL */
	char day[11];
	bool by_type; /* the measure counts disputes, so a dispute type narrows it */
};

/*
 * The cell of `measure` (registered, handled, settled, overdue_disputes,
 * overdue_referrals, overdue_followups, followups_due, followups_done) for
 * the period [from, to]; -1 with ERR_INVALID for an unknown measure.
 */
int dispute_measure(const char *measure, int32_t from, int32_t to, struct dispute_cell *out, struct err *e);

/* The definitions printed under every table and given in the JSON (Chinese, then English). */
extern const char dispute_definitions[];

#endif
