/*
 * welfare — officer welfare records (从优待警, CONTRACTS.md §7): a person's
 * honours (honour.c) and past recuperation trips (recuperation.c), which
 * the recuperation planner scores and excludes by.  Both belong to their
 * person: a station user sees and keeps its own people's.
 */
#ifndef FQ_MODEL_WELFARE_H
#define FQ_MODEL_WELFARE_H

#include "model/record.h"
#include "model/unit.h"

extern const struct record_type honour_type;
extern const struct record_type recuperation_type;

extern const struct code_list honour_kinds;
/* How many honour_kinds there are (honour.c checks its list against it): the planner keeps a weight a kind. */
#define HONOUR_KIND_COUNT 6

/* The earliest year a trip may be recorded for; the latest is next year (a plan frozen ahead). */
#define RECUPERATION_FIRST_YEAR 1980

/* Scope of a person's records: those of the people of the unit and below (as personnel's own scope). */
#define OF_PERSON_IN_UNIT "badge_no IN (SELECT badge_no FROM personnel WHERE unit IN " UNIT_SUBTREE ")"

#endif
