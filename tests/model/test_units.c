/*
 * Units (CONTRACTS.md §7): the closure follows every move, the rules refuse
 * cycles, and the scope "unit and below" covers a unit's subtree: a county
 * bureau sees its stations' incidents and its units' personnel, a station
 * its own, as before.
 */
#include "testlib.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/perm.h"

#include <stdio.h>

static int64_t subtree(struct db *db, const char *unit)
{
	struct err e;
	err_clear(&e);
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM unit_tree WHERE ancestor = ?", &e);
	assert_non_null(st);
	db_bind_text(st, 1, unit);
	assert_int_equal(db_step(st, &e), 1);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static int count_each(void *ctx, const struct record *r)
{
	(void)r;
	++*(int *)ctx;
	return 0;
}

static int listed(struct db *db, const struct record_type *t, const char *unit)
{
	struct scope s = perm_scope(ROLE_STATION, unit);
	struct record_query q = { .scope = &s };
	struct err e;
	err_clear(&e);
	int n = 0;
	assert_int_equal(record_list(db, t, &q, count_each, &n, NULL, &e), 0);
	return n;
}

/* A city (TL) with two county bureaus: KZ holds S01 and a criminal unit, NM holds S02. */
static struct db *city(void)
{
	struct db *db = test_db();
	test_two_stations(db);
	assert_put_ok(db, &unit_type, "code", "TL", "name", "市局", "kind", "bureau");
	assert_put_ok(db, &unit_type, "code", "KZ", "name", "甲旗局", "kind", "bureau", "parent", "TL");
	assert_put_ok(db, &unit_type, "code", "NM", "name", "乙旗局", "kind", "bureau", "parent", "TL");
	assert_put_ok(db, &unit_type, "code", "S01", "name", "一所", "kind", "station", "parent", "KZ");
	assert_put_ok(db, &unit_type, "code", "S02", "name", "二所", "kind", "station", "parent", "NM");
	assert_put_ok(db, &unit_type, "code", "KZXJ", "name", "甲旗刑侦大队", "kind", "criminal", "parent", "KZ");
	assert_put_ok(db, &category_type, "code", "criminal", "name", "刑事");
	for (int i = 0; i < 3; i++) {
		char no[16];
		snprintf(no, sizeof no, "J%d", i);
		assert_put_ok(db, &incident_type, "incident_no", no, "received_at", "2026-03-01 10:00", "station",
			      i ? "S01" : "S02", "category", "criminal");
	}
	assert_put_ok(db, &personnel_type, "badge_no", "P1", "name", "甲", "type", "police", "position", "other", "party",
		      "none", "station", "S01");
	assert_put_ok(db, &personnel_type, "badge_no", "P2", "name", "乙", "type", "police", "position", "other", "party",
		      "none", "unit", "KZXJ");
	assert_put_ok(db, &personnel_type, "badge_no", "P3", "name", "丙", "type", "police", "position", "other", "party",
		      "none", "unit", "S02");
	return db;
}

static void the_closure_follows_moves(void **state)
{
	(void)state;
	struct db *db = city();
	assert_int_equal(subtree(db, "TL"), 6);
	assert_int_equal(subtree(db, "KZ"), 3);
	assert_int_equal(subtree(db, "S01"), 1);
	/* S01 moves to NM: its rows under KZ go, those under NM come */
	assert_put_ok(db, &unit_type, "code", "S01", "name", "一所", "kind", "station", "parent", "NM");
	assert_int_equal(subtree(db, "KZ"), 2);
	assert_int_equal(subtree(db, "NM"), 3);
	assert_int_equal(subtree(db, "TL"), 6);
	/* a whole subtree moves with its root */
	assert_put_ok(db, &unit_type, "code", "KZ", "name", "甲旗局", "kind", "bureau", "parent", "NM");
	assert_int_equal(subtree(db, "NM"), 5);
	assert_put_refused(db, &unit_type, "unit.cycle", "code", "NM", "name", "乙旗局", "kind", "bureau", "parent", "KZXJ");
	assert_put_refused(db, &unit_type, "unit.cycle", "code", "NM", "name", "乙旗局", "kind", "bureau", "parent", "NM");
	assert_put_refused(db, &unit_type, "unit.station_kind", "code", "S02", "name", "二所", "kind", "office");
	db_close(db);
}

static void the_scope_is_the_subtree(void **state)
{
	(void)state;
	struct db *db = city();
	assert_int_equal(listed(db, &incident_type, "TL"), 3);
	assert_int_equal(listed(db, &incident_type, "KZ"), 2);
	assert_int_equal(listed(db, &incident_type, "NM"), 1);
	assert_int_equal(listed(db, &incident_type, "S01"), 2);
	assert_int_equal(listed(db, &incident_type, "KZXJ"), 0);
	assert_int_equal(listed(db, &personnel_type, "KZ"), 2);
	assert_int_equal(listed(db, &personnel_type, "S01"), 1);
	assert_int_equal(listed(db, &personnel_type, "TL"), 3);
	assert_int_equal(listed(db, &unit_type, "KZ"), 3);
	/* a move by the station alone (the stored unit beside it) moves the unit; by the unit, the station follows */
	assert_put_ok(db, &personnel_type, "badge_no", "P1", "name", "甲", "type", "police", "position", "other", "party",
		      "none", "station", "S02", "unit", "S01");
	assert_int_equal(listed(db, &personnel_type, "S02"), 2);
	assert_put_ok(db, &personnel_type, "badge_no", "P1", "name", "甲", "type", "police", "position", "other", "party",
		      "none", "station", "S02", "unit", "KZXJ");
	assert_int_equal(listed(db, &personnel_type, "S02"), 1);
	assert_int_equal(listed(db, &personnel_type, "KZXJ"), 2);
	assert_put_ok(db, &personnel_type, "badge_no", "P2", "name", "乙", "type", "police", "position", "other", "party",
		      "none", "unit", "S01");
	assert_int_equal(listed(db, &personnel_type, "S01"), 1);
	/* a leader with a unit is confined to it; without one, all */
	struct scope county = perm_scope(ROLE_LEADER, "KZ"), bureau = perm_scope(ROLE_LEADER, "");
	assert_int_equal(county.kind, SCOPE_UNIT);
	assert_int_equal(bureau.kind, SCOPE_ALL);
	db_close(db);
}

/* One place answers "is X within the caller's unit" (perm.c): a station, a county, the city, the whole bureau. */
static void the_scope_questions_are_asked_of_perm(void **state)
{
	(void)state;
	struct db *db = city();
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	struct err e;
	err_clear(&e);
	/* a station: itself only */
	assert_int_equal(perm_unit_in(db, "S01", "S01", &e), 1);
	assert_int_equal(perm_unit_in(db, "S01", "S02", &e), 0);
	assert_int_equal(perm_unit_in(db, "S01", "KZ", &e), 0);
	/* a county: its stations and units, not the other county's, not the city */
	assert_int_equal(perm_unit_in(db, "KZ", "S01", &e), 1);
	assert_int_equal(perm_unit_in(db, "KZ", "KZXJ", &e), 1);
	assert_int_equal(perm_unit_in(db, "KZ", "S02", &e), 0);
	assert_int_equal(perm_unit_in(db, "KZ", "TL", &e), 0);
	/* the city: all; the whole bureau (no unit): all, unknown codes too; outside any unit: nothing */
	assert_int_equal(perm_unit_in(db, "TL", "S02", &e), 1);
	assert_int_equal(perm_unit_in(db, "", "S02", &e), 1);
	assert_int_equal(perm_unit_in(db, NULL, "S02", &e), 1);
	assert_int_equal(perm_unit_in(db, scope_station(&(struct scope){ SCOPE_PARTNER, "P1" }), "S01", &e), 0);
	/* divisions: held by a station's jurisdiction (and below), by its county's, the city's */
	assert_int_equal(perm_division_in(db, "S01", "152921110000", &e), 1);
	assert_int_equal(perm_division_in(db, "S01", "152921110001", &e), 1);
	assert_int_equal(perm_division_in(db, "S01", "152921112000", &e), 0);
	assert_int_equal(perm_division_in(db, "S01", "152921000000", &e), 0);
	assert_int_equal(perm_division_in(db, "KZ", "152921110001", &e), 1);
	assert_int_equal(perm_division_in(db, "KZ", "152921112000", &e), 0);
	assert_int_equal(perm_division_in(db, "NM", "152921112000", &e), 1);
	assert_int_equal(perm_division_in(db, "TL", "152921112000", &e), 1);
	assert_int_equal(perm_division_in(db, "", "152921000000", &e), 1);
	/* an unknown division is not found, for a confined caller */
	assert_int_equal(perm_division_in(db, "S01", "152921999999", &e), -1);
	assert_string_equal(e.code, "division.not_found");
	/* a station is a unit of kind station; a county is not */
	err_clear(&e);
	assert_int_equal(unit_is_station(db, "S01", &e), 1);
	assert_int_equal(unit_is_station(db, "KZ", &e), 0);
	assert_int_equal(unit_is_station(db, "NOPE", &e), 0);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_closure_follows_moves),
		cmocka_unit_test(the_scope_is_the_subtree),
		cmocka_unit_test(the_scope_questions_are_asked_of_perm),
	};
	return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
