/*
 * types.c — the register of record types: adding a type means adding its
 * descriptor here (and its migration), nothing else.
 */
#include "model/access.h"
#include "model/dispute.h"
#include "model/gridreport.h"
#include "model/incident.h"
#include "model/ledger.h"
#include "model/org.h"
#include "model/unit.h"
#include "model/welfare.h"

const struct record_type *const record_types[] = {
	&division_type,
	&station_type,
	&unit_type,
	&partner_type,
	&personnel_type,
	&post_type,
	&category_type,
	&incident_type,
	&case_type,
	&dispute_type,
	&party_type,
	&mediation_type,
	&referral_type,
	&followup_type,
	&hazard_type,
	&visit_type,
	&outreach_type,
	&dissuasion_type,
	&meeting_type,
	&action_type,
	&gridreport_type,
	&honour_type,
	&recuperation_type,
	&user_type,
	NULL,
};
