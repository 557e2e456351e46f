/*
 * dispute — disputes and their mediation (矛盾纠纷多元化解, 四所一庭),
 * CONTRACTS.md §5: the dispute's case file (dispute.c), its parties
 * (party.c), mediation sessions (mediation.c), referrals to the partner
 * bodies (referral.c) and follow-up visits (followup.c).
 *
 * A dispute's status, handled_on, result_on and settled_on are derived from
 * its live mediations and referrals by dispute_refresh(), which the
 * mediation and referral types call in the same transaction as any change
 * to them; when a dispute becomes settled, its follow-ups (7 and 30 days
 * after the agreement by default, $FENGQIAO_FOLLOWUP_DAYS) are created unless
 * they exist.
 *
 * Scope: a station sees its disputes and everything filed under them; a
 * partner body's mediator sees the disputes referred to it (and their
 * parties, mediations and follow-ups) and its referrals.
 */
#ifndef FQ_MODEL_DISPUTE_H
#define FQ_MODEL_DISPUTE_H

#include "model/record.h"
#include "model/unit.h"

extern const struct record_type dispute_type;
extern const struct record_type party_type;
extern const struct record_type mediation_type;
extern const struct record_type referral_type;
extern const struct record_type followup_type;

extern const struct code_list dispute_types;
extern const struct code_list dispute_sources;
extern const struct code_list dispute_statuses;
extern const struct code_list party_roles;
extern const struct code_list mediation_modes;
extern const struct code_list mediation_results;
extern const struct code_list referral_results;
extern const struct code_list performances;
extern const struct code_list satisfactions;

/* Deadlines (CONTRACTS.md §5), in days. */
#define DISPUTE_RESULT_DAYS 30  /* a result within 30 days of registration */
#define REFERRAL_ACCEPT_DAYS 3  /* a referral accepted within 3 days */
/*
 * The day a referral stopped being the partner's work, '9999-12-31' while it is: accepted,
 * closed, or returned without either (the day it was made).  The to-do list and the disputes
 * report's overdue count read it alike; schema 017 indexes this very expression.
 */
#define REFERRAL_DONE_ON "COALESCE(accepted_on, closed_on, CASE WHEN result IS NULL THEN '9999-12-31' ELSE referred_on END)"
/* Likewise a dispute's result day and a follow-up's done day, '9999-12-31' while open (017's indexes too). */
#define DISPUTE_RESULT_ON "COALESCE(result_on, '9999-12-31')"
#define FOLLOWUP_DONE_ON "COALESCE(done_on, '9999-12-31')"
/* The follow-ups' days after the agreement (7 and 30) are settings: config()->followup_days. */

/* The scope conditions of a record filed under a dispute (its dispute_no column). */
#define DISPUTE_OF_STATION "dispute_no IN (SELECT dispute_no FROM disputes WHERE station IN " UNIT_SUBTREE ")"
#define DISPUTE_OF_PARTNER "dispute_no IN (SELECT dispute_no FROM referrals WHERE partner = ? AND voided_at IS NULL)"

/*
 * Derive dispute `dispute_no`'s status and dates again from its live
 * mediations and referrals and store them; create its follow-ups when it
 * is settled.  `now` is Unix time.  Runs inside the caller's transaction.
 */
int dispute_refresh(struct db *db, const char *dispute_no, int64_t now, struct err *e);

/*
 * A date of a record filed under a dispute (a session, a referral) may not
 * precede the dispute's registration: 0, or -1 with the field's problem.
 */
int dispute_date_not_before_registration(struct db *db, const struct record *r, const char *field, struct err *e);
/*
 * The registration day of the dispute r is filed under ("" when there is
 * none), remembered in r's memo for the rest of an import.
 */
int dispute_registered_on(struct db *db, const struct record *r, char out[11], struct err *e);

#endif
