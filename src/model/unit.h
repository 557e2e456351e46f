/*
 * unit — the organisation's units (CONTRACTS.md §7): a bureau's stations and
 * its other units (criminal investigation, traffic, ...), and above them, for
 * a city bureau, its county bureaus.  Every station is a unit of kind
 * `station` with the same code.  The tree is kept with its closure,
 * unit_tree(ancestor, descendant, depth), written in the same transaction as
 * every unit; the scope "unit and below" (SCOPE_UNIT) reads it through
 * UNIT_SUBTREE.
 */
#ifndef FQ_MODEL_UNIT_H
#define FQ_MODEL_UNIT_H

#include <stdbool.h>

#include "model/record.h"

extern const struct record_type unit_type;
extern const struct code_list unit_kinds;

/*
 * The codes of a unit's subtree (itself and every unit below it), the unit's
 * code bound to its one `?`: "station IN " UNIT_SUBTREE.  A station's subtree
 * is the station itself, so a station user's records stay exactly its own.
 */
#define UNIT_SUBTREE "(SELECT descendant FROM unit_tree WHERE ancestor = ?)"

/* Is unit `code` the unit `ancestor` or below it?  1 yes, 0 no, -1 error. */
int unit_within(struct db *db, const char *ancestor, const char *code, struct err *e);

/* Is `code` a unit of kind station?  1 yes, 0 no (another kind, or no such unit), -1 error. */
int unit_is_station(struct db *db, const char *code, struct err *e);
/* A unit's name into out ("" when there is no such unit): 1 found, 0 not, -1 error. */
int unit_name(struct db *db, const char *code, char *out, size_t n, struct err *e);

/* The default front-line status of a unit kind (§7). */
bool unit_kind_front_line(const char *kind);

/*
 * Keep the units row of station `code` (its shadow in the unit tree) as the
 * station is: created when missing, its name and void state followed,
 * through the record layer and audited as station->by's change (unit.c's
 * after_change does the same for the station of a `station` unit).  A
 * unit of another kind with the code refuses the station (ERR_CONFLICT).
 * Runs in the station's transaction (station.c's after_change).
 */
int unit_follow_station(struct db *db, const struct record *station, int64_t now, struct err *e);

#endif
