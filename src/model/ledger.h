/*
 * ledger — the prevention and governance ledgers (台账), CONTRACTS.md §6:
 * hazards found and fixed (hazard.c), household visits (visit.c), law
 * publicity and anti-fraud outreach with the dissuasion of fraud warnings
 * (outreach.c), committee meetings and their action items (meeting.c).
 * Each is a record type of the generic code; the rules shared by them
 * (counts not negative, a date not before another, a place within a
 * station's jurisdiction) are here (ledger.c).
 *
 * Scope: each row carries a `station` (given for hazards, outreach and
 * dissuasions; derived for visits from the officer, for meetings from the
 * attendee, for actions from their meeting, when first recorded), and a
 * station's users see and keep that station's rows.
 */
#ifndef FQ_MODEL_LEDGER_H
#define FQ_MODEL_LEDGER_H

#include "model/record.h"

extern const struct record_type hazard_type;
extern const struct record_type visit_type;
extern const struct record_type outreach_type;
extern const struct record_type dissuasion_type;
extern const struct record_type meeting_type;
extern const struct record_type action_type;

extern const struct code_list hazard_types;
extern const struct code_list hazard_levels;
extern const struct code_list outreach_kinds;
extern const struct code_list dissuasion_kinds;
extern const struct code_list dissuasion_risks;
extern const struct code_list dissuasion_methods;
extern const struct code_list dissuasion_results;
extern const struct code_list meeting_kinds;

/* Each FT_INT field of `names` (NULL-ended) that is given is not negative: "<prefix>.negative". */
void ledger_not_negative(struct rules *rs, const struct record *r, const char *prefix, const char *const *names);

/* Field `later` (a date or instant) is not before field `earlier`, when both are usable: `code`. */
void ledger_not_before(struct rules *rs, const struct record *r, const char *later, const char *earlier,
		       const char *code);

/*
 * Field `division`, when given, lies within the jurisdiction of the station
 * in field `station`: "<prefix>.outside_jurisdiction".  -1 when the store
 * failed (reported).
 */
int ledger_division_in_station(struct db *db, const struct record *r, struct rules *rs, const char *prefix,
			       const char *station, const char *division);

/*
 * Derive field `station` of r, kept as first recorded: the station of the
 * stored row of r's table whose fields `keys` (NULL-ended) equal r's; else
 * the first column of `sql_now` with its `?`s bound to r's first `nnow` of
 * those fields (the person's or the meeting's station today).  Unset when
 * a key is missing or nothing is found (the reference checks then tell).
 */
int ledger_derive_station(struct db *db, struct record *r, const char *const *keys, const char *sql_now, int nnow,
			  struct err *e);

#endif
