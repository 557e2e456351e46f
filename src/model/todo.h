/*
 * todo — the deadlines of CONTRACTS.md §5 and the to-do list (待办) they
 * make: a dispute's result within 30 days of its registration, a referral's
 * acceptance within 3 days, a follow-up done by its due_on.  What is not
 * done by `as_of` is overdue the day after its deadline (a result on day 30
 * is on time) and due soon from TODO_HORIZON_DAYS before it.
 *
 * The list is read through the record layer (record_list with the
 * caller's scope), so a station sees its own items and a partner's
 * mediator the items of the referrals to its body only.
 */
#ifndef FQ_MODEL_TODO_H
#define FQ_MODEL_TODO_H

#include "model/record.h"

#define TODO_HORIZON_DAYS 7 /* items due within the next 7 days are listed too */

/*
 * A grid report (§6) is one item: its acceptance within 24 hours of
 * reported_at while not accepted, then its feedback within 7 days of it.
 * Its deadlines are instants: it is overdue once the moment of the list
 * (now, for today's list; the end of as_of for another day) is past them.
 */
/*
 * A hazard (§6) is due on its deadline until fixed_on; a meeting's action
 * item on its due_on until done_on.
 */
enum todo_kind { TODO_DISPUTE, TODO_REFERRAL, TODO_FOLLOWUP, TODO_GRIDREPORT, TODO_HAZARD, TODO_ACTION, TODO_KINDS };

/* Where an item stands as of a day. */
enum todo_state {
	TODO_DONE,     /* done on or before as_of */
	TODO_LATER,    /* not done, due after the horizon */
	TODO_DUE_SOON, /* not done, due within [as_of, as_of + horizon] */
	TODO_OVERDUE,  /* not done, and as_of is past its deadline */
};

/* The deadline of a dispute registered on `registered` (day numbers). */
int32_t todo_result_due(int32_t registered);
/* The deadline of a referral's acceptance, referred on `referred`. */
int32_t todo_accept_due(int32_t referred);
/* An item due on `due`, done on `done` (or -1: not done), as of `as_of`. */
enum todo_state todo_state(int32_t due, int32_t done, int32_t as_of);

/* The record kind of a to-do kind ("disputes", "referrals", "followups", "gridreports", "hazards", "actions"). */
const char *todo_kind_name(enum todo_kind k);

struct todo_item {
	enum todo_kind kind;
	int64_t id;           /* the record's id (of the dispute, referral, follow-up) */
	char key[48];         /* dispute_no, referral_no, the follow-up's dispute_no, report_no, hazard_no,
	                         or an action item's "division held_on" (its meeting) */
	char dispute_no[48];
	char station[24];
	int32_t due;          /* the deadline (day number) */
	int days_overdue;     /* as_of - due: > 0 overdue, <= 0 due in -days_overdue days */
	bool overdue;         /* past its deadline (a grid report's: by the hour, even on its due day) */
	char what[100];       /* an action item's item, cut at a whole character */
	char meeting[80];     /* an action item's meeting as people name it: the division's name and the day */
	char label[400];      /* Chinese first, English in parentheses */
};

struct todo_counts {
	int64_t overdue[TODO_KINDS], due_soon[TODO_KINDS];
};

struct todo_station {
	char station[24];
	struct todo_counts c;
};

struct todo {
	int32_t as_of;
	struct todo_item *items; /* overdue first (most overdue first), then by due date */
	size_t n;
	struct todo_counts total;
	struct todo_station *stations; /* the stations with items, by code */
	size_t nstations;
	bool has_mine;
	char mine_unit[24];
	struct todo_counts mine;
	bool demo; /* the database holds demonstration data (model/settings.h) */
};

struct todo_query {
	int32_t as_of;
	const char *station;      /* only this station's items; NULL = all in scope */
	const struct scope *scope; /* the caller's; NULL = all */
	/* the caller's unit: "mine" counts its items (a station's, or a partner
	 * body's referrals'); NULL or "" = no unit, no "mine" */
	const char *unit;
	bool hide[TODO_KINDS]; /* kinds the caller may not read: not listed, counted 0 */
	int64_t now;           /* Unix time: the moment of today's list (grid reports); 0 = the end of as_of */
};

int todo_compute(struct db *db, const struct todo_query *q, struct todo *out, struct err *e);

/* The moment a list's grid reports are compared at: now on today's list, the end of as_of on another day's (now 0: the end). */
int64_t todo_moment(int32_t as_of, int64_t now);
void todo_free(struct todo *t);

#endif
