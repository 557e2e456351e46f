/*
 * Every problem of a record at once: record_check reports each broken rule
 * of a type, not only the first, beside the refused fields; a rule that
 * needs a refused field or reference is skipped rather than misreported.
 */
#include "testlib.h"
#include "model/dispute.h"
#include "model/incident.h"
#include "model/org.h"

#include <stdio.h>

/* The problems as "field:code" joined by spaces, in the order reported. */
struct seen {
	char text[1024];
	int n;
};

static void note(void *ctx, const struct err *e)
{
	struct seen *s = ctx;
	size_t used = strlen(s->text);
	snprintf(s->text + used, sizeof s->text - used, "%s%s:%s", s->n++ ? " " : "", e->field, e->code);
}

/* Parse the pairs (a refused value is noted too, as the API and the import do), then check. */
static void check_v(struct db *db, const struct record_type *t, const char *want, const char *const *kv)
{
	struct record *r = record_new(t);
	struct seen s = { "", 0 };
	struct err e;
	for (; kv[0]; kv += 2) {
		err_clear(&e);
		if (record_set_by_name(r, kv[0], kv[1], 480, &e))
			note(&s, &e);
	}
	struct problem_sink sink = { note, &s };
	int found = record_check(db, r, &sink);
	if (strcmp(s.text, want))
		fail_msg("want [%s], got [%s]", want, s.text);
	/* the refused values were told before the check, which counts its own */
	assert_true(found > 0);
	record_free(r);
}

#define check_problems(db, t, want, ...) check_v(db, t, want, (const char *const[]){ __VA_ARGS__, NULL })

static int setup(void **state)
{
	struct db *db = test_db();
	test_two_stations(db); /* S01: 152921110000, S02: 152921112000 */
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &personnel_type, "badge_no", "150105", "name", "其其格", "type", "police", "position",
		      "community_officer", "party", "probationary", "station", "S01");
	assert_put_ok(db, &partner_type, "code", "SF01", "name", "司法所", "kind", "judicial_office");
	assert_put_ok(db, &dispute_type, "dispute_no", "JF1", "registered_on", "2026-03-01", "station", "S01", "type",
		      "neighbour", "source", "walk_in");
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

static void case_breaks_two_rules(void **state)
{
	check_problems(*state, &case_type, "investigating_at:case.step_order revoked_at:case.closed_and_revoked",
		       "case_no", "K1", "kind", "criminal", "station", "S01", "accepted_at", "2026-03-10 10:00",
		       "investigating_at", "2026-03-09 10:00", "closed_at", "2026-03-12 10:00", "revoked_at",
		       "2026-03-13 10:00");
}

static void incident_breaks_three_rules(void **state)
{
	/* out of range, without its longitude, and in another station's town */
	check_problems(*state, &incident_type,
		       "lat:incident.lat lon:incident.coordinates division:incident.outside_jurisdiction",
		       "incident_no", "J1", "received_at", "2026-03-05 10:00", "station", "S01", "category", "fire",
		       "division", "152921112000", "lat", "100");
}

static void post_breaks_three_rules(void **state)
{
	/* a township post wants a station leader, a full party member and a town */
	check_problems(*state, &post_type,
		       "badge_no:post.leaders_only badge_no:post.not_party_member division:post.division_level",
		       "badge_no", "150105", "kind", "township_committee", "division", "152921110001", "start", "2024-01-01");
}

static void station_keeps_409_beside_400s(void **state)
{
	/* a bad code, half a location, and S01's town: the overlap is still a conflict */
	struct record *r = record_new(&station_type);
	struct err e;
	const char *kv[] = { "code", "S 9", "name", "新所", "model", "standard", "divisions", "152921110000", "lat", "38.8", NULL };
	for (int i = 0; kv[i]; i += 2)
		assert_int_equal(record_set_by_name(r, kv[i], kv[i + 1], 480, &e), 0);
	struct seen s = { "", 0 };
	struct problem_sink sink = { note, &s };
	assert_int_equal(record_check(*state, r, &sink), 3);
	assert_string_equal(s.text, "code:station.code lon:station.coordinates divisions:station.jurisdiction_overlap");
	record_free(r);
}

static void mediation_breaks_three_rules(void **state)
{
	check_problems(*state, &mediation_type,
		       "partner:mediation.partner_required agreement_no:mediation.agreement_no perform_by:mediation.perform_by",
		       "dispute_no", "JF1", "held_on", "2026-03-10", "mode", "joint", "result", "agreement", "perform_by",
		       "2026-03-01");
}

/* A refused value and a refused reference beside the rules that do not need them. */
static void refused_fields_and_rules_together(void **state)
{
	/* an unknown station and an auxiliary as chief */
	check_problems(*state, &personnel_type,
		       "station:field.unknown_ref position:personnel.auxiliary_position",
		       "badge_no", "F9", "name", "甲", "type", "auxiliary", "position", "chief", "party", "none",
		       "station", "S09");
	/* a refused date, and the case's other rule */
	check_problems(*state, &case_type, "revoked_at:instant.invalid investigating_at:case.step_order",
		       "case_no", "K2", "kind", "criminal", "station", "S01", "accepted_at", "2026-03-10 10:00",
		       "investigating_at", "2026-03-09 10:00", "revoked_at", "2026-13-13");
}

/* A value the type's derive refuses (an unknown category) is told with the rules too. */
static void derive_problem_and_rules_together(void **state)
{
	check_problems(*state, &incident_type, "category:field.unknown_ref lat:incident.lat lon:incident.coordinates",
		       "incident_no", "J2", "received_at", "2026-03-05 10:00", "station", "S01", "category", "no.such",
		       "lat", "100");
}

/* The rules that need a refused reference are skipped: no holder's rules for an unknown person. */
static void rules_on_a_refused_reference_are_skipped(void **state)
{
	check_problems(*state, &post_type, "badge_no:field.unknown_ref end:post.end_before_start division:post.division_level",
		       "badge_no", "999999", "kind", "township_committee", "division", "152921110001", "start",
		       "2024-01-01", "end", "2023-01-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(case_breaks_two_rules),
		cmocka_unit_test(incident_breaks_three_rules),
		cmocka_unit_test(post_breaks_three_rules),
		cmocka_unit_test(station_keeps_409_beside_400s),
		cmocka_unit_test(mediation_breaks_three_rules),
		cmocka_unit_test(refused_fields_and_rules_together),
		cmocka_unit_test(derive_problem_and_rules_together),
		cmocka_unit_test(rules_on_a_refused_reference_are_skipped),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
