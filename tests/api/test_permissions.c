/*
 * The permission matrix, generated from model/perm.c's table: every role ×
 * every record kind × every action, on a record inside the caller's scope
 * and one outside it, answered by the real handlers in-process.  What the
 * table grants must work (and see only what the scope holds); what it does
 * not grant must answer 403 "forbidden" and change nothing.  A record kind
 * without a sample here fails the test, so a new kind or role is tested the
 * day it is added.
 *
 * One file past 1,000 lines: the matrix is one table walked by one loop, and
 * most of the length is a sample record per kind, which must all be in view
 * of the loop that checks none is missing.
 */
#include "apitest.h"

#include "base/date.h"
#include "model/dispute.h"
#include "model/ledger.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/perm.h"

#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The stations of the fixture: the callers' own unit, and another. */
#define OWN "S01"
#define OTHER "S02"

/*
 * How to make a record of a kind that belongs to `station` (serial n keeps
 * keys apart): its JSON for a create, its key, and a JSON patch it accepts.
 * Returns the station the record belongs to for scope ("" when the kind is
 * not confined to stations).
 */
struct sample {
	const char *kind;
	const char *(*make)(const char *station, int n, char *body, char *key, char *patch);
	const char *reveal; /* a field to reveal: a personal one where the kind has it */
	/* made for OWN, the record lies under the dispute referred to the fixture's partner body */
	bool partner_sees_own;
	/* made for OWN, the record lies in the grid worker's grid */
	bool grid_sees_own;
};

#define BUF 512

static const char *town(const char *station)
{
	return strcmp(station, OWN) ? "152921112000" : "152921110000";
}

/* n days after 2 January of `year`: keys that differ by date */
static void day_after(int year, int n, char date[11])
{
	date_format(days_from_civil(year, 1, 2) + n, date);
}

static const char *make_division(const char *station, int n, char *body, char *key, char *patch)
{
	/* the scope follows parent_code; the code extends its town's 9 digits with 3 new ones */
	snprintf(key, BUF, "%.9s%03d", town(station), 1 + n % 999);
	snprintf(body, BUF, "{\"code\":\"%s\",\"name\":\"测试%d社区\",\"parent_code\":\"%s\"}", key, n, town(station));
	snprintf(patch, BUF, "{\"name\":\"改名%d社区\"}", n);
	return station;
}

#define SPARE 400 /* communities of no station, for the stations the matrix creates */

static const char *make_station(const char *station, int n, char *body, char *key, char *patch)
{
	/* a new station is its own unit: never inside a station user's scope; it holds
	 * a spare community no other station holds (jurisdictions do not overlap) */
	(void)station;
	snprintf(key, BUF, "T%03d", n);
	snprintf(body, BUF, "{\"code\":\"%s\",\"name\":\"测试所%d\",\"model\":\"standard\",\"divisions\":\"152921113%03d\"}",
		 key, n, 1 + n % SPARE);
	snprintf(patch, BUF, "{\"name\":\"改名所%d\"}", n);
	return key;
}

static const char *make_partner(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "P%03d", n);
	snprintf(body, BUF, "{\"code\":\"%s\",\"name\":\"测试司法所%d\",\"kind\":\"judicial_office\"}", key, n);
	snprintf(patch, BUF, "{\"name\":\"改名司法所%d\"}", n);
	return "";
}

static const char *make_unit(const char *station, int n, char *body, char *key, char *patch)
{
	/* a unit under the station lies in the station's subtree (the scope "unit and below") */
	snprintf(key, BUF, "U%s%03d", station, n);
	snprintf(body, BUF, "{\"code\":\"%s\",\"name\":\"测试科%d\",\"kind\":\"office\",\"parent\":\"%s\"}", key, n, station);
	snprintf(patch, BUF, "{\"name\":\"改名科%d\"}", n);
	return station;
}

static const char *make_personnel(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "T%s%03d", station, n);
	snprintf(body, BUF,
		 "{\"badge_no\":\"%s\",\"name\":\"测试\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\","
		 "\"station\":\"%s\",\"phone\":\"13812345678\"}",
		 key, station);
	snprintf(patch, BUF, "{\"name\":\"改名\"}");
	return station;
}

static const char *make_post(const char *station, int n, char *body, char *key, char *patch)
{
	/* one day each, so no two overlap; the holder and the community are the fixture's */
	char date[11];
	day_after(2001, 2 * n, date);
	snprintf(key, BUF, "H%s", station);
	snprintf(body, BUF, "{\"badge_no\":\"H%s\",\"kind\":\"director_assistant\",\"division\":\"%.9s001\",\"start\":\"%s\",\"end\":\"%s\"}",
		 station, town(station), date, date);
	snprintf(patch, BUF, "{\"end\":\"%s\"}", date);
	return station;
}

static const char *make_category(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "fire.t%d", n);
	snprintf(body, BUF, "{\"code\":\"%s\",\"name\":\"测试类别%d\",\"parent_code\":\"fire\"}", key, n);
	snprintf(patch, BUF, "{\"name\":\"改名类别%d\"}", n);
	return "";
}

static const char *make_incident(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "T%s-%03d", station, n);
	snprintf(body, BUF, "{\"incident_no\":\"%s\",\"received_at\":\"2026-03-05 10:00\",\"station\":\"%s\",\"category\":\"fire\"}",
		 key, station);
	snprintf(patch, BUF, "{\"summary\":\"改\"}");
	return station;
}

static const char *make_case(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "C%s-%03d", station, n);
	snprintf(body, BUF, "{\"case_no\":\"%s\",\"kind\":\"criminal\",\"station\":\"%s\",\"accepted_at\":\"2025-02-01 10:00\"}",
		 key, station);
	snprintf(patch, BUF, "{\"kind\":\"public_order\"}");
	return station;
}

static const char *make_user(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "u%03d", n);
	snprintf(body, BUF, "{\"username\":\"%s\",\"role\":\"leader\",\"password\":\"pass-word-%d\"}", key, n);
	snprintf(patch, BUF, "{\"display_name\":\"改名\"}");
	return "";
}

/* Records filed under a dispute: the fixture's dispute of that station (D-S01 is referred to PF1). */
static const char *make_dispute(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "D%s-%03d", station, n);
	snprintf(body, BUF, "{\"dispute_no\":\"%s\",\"registered_on\":\"2026-02-01\",\"station\":\"%s\",\"type\":\"neighbour\","
		 "\"source\":\"walk_in\"}", key, station);
	snprintf(patch, BUF, "{\"summary\":\"改\"}");
	return station;
}

static const char *make_party(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "D-%s", station);
	snprintf(body, BUF, "{\"dispute_no\":\"D-%s\",\"role\":\"applicant\",\"name\":\"当事人%d\",\"phone\":\"13812345678\"}",
		 station, n);
	snprintf(patch, BUF, "{\"address\":\"改\"}");
	return station;
}

static const char *make_mediation(const char *station, int n, char *body, char *key, char *patch)
{
	char date[11];
	/* held on a day past, not in the future; counted apart (the serial of all kinds runs past 300) */
	static int held;
	(void)n;
	day_after(2026, held++ % 300, date);
	snprintf(key, BUF, "D-%s", station);
	/* a joint session with the partner body the dispute was referred to: its mediator may record it */
	snprintf(body, BUF,
		 "{\"dispute_no\":\"D-%s\",\"held_on\":\"%s\",\"mode\":\"joint\",\"partner\":\"%s\",\"result\":\"continue\"}",
		 station, date, strcmp(station, OWN) ? "PF2" : "PF1");
	snprintf(patch, BUF, "{\"note\":\"改\"}");
	return station;
}

static const char *make_referral(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "R%s-%03d", station, n);
	snprintf(body, BUF, "{\"referral_no\":\"%s\",\"dispute_no\":\"D-%s\",\"partner\":\"%s\",\"referred_on\":\"2026-03-01\"}",
		 key, station, strcmp(station, OWN) ? "PF2" : "PF1");
	snprintf(patch, BUF, "{\"accepted_on\":\"2026-03-02\"}");
	return station;
}

static const char *make_followup(const char *station, int n, char *body, char *key, char *patch)
{
	char date[11];
	day_after(2026, n, date);
	snprintf(key, BUF, "D-%s", station);
	snprintf(body, BUF, "{\"dispute_no\":\"D-%s\",\"due_on\":\"%s\"}", station, date);
	snprintf(patch, BUF, "{\"note\":\"改\"}");
	return station;
}

/* The ledgers (CONTRACTS §6): a station's own; visits and meetings by the fixture's officer of that station,
   who holds a post in its town's first community; action items under the fixture's meeting there. */
static const char *make_hazard(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "YH%s-%03d", station, n);
	snprintf(body, BUF, "{\"hazard_no\":\"%s\",\"found_on\":\"2026-03-01\",\"station\":\"%s\",\"type\":\"fire\","
		 "\"place\":\"楼道\",\"deadline\":\"2026-03-31\"}", key, station);
	snprintf(patch, BUF, "{\"note\":\"改\"}");
	return station;
}

static const char *make_visit(const char *station, int n, char *body, char *key, char *patch)
{
	day_after(2022, n, key); /* after the officer took his post, before today */
	snprintf(body, BUF, "{\"visited_on\":\"%s\",\"officer\":\"H%s\",\"division\":\"%.9s001\",\"households\":1,"
		 "\"people\":2}", key, station, town(station));
	snprintf(patch, BUF, "{\"note\":\"改\"}");
	return station;
}

static const char *make_outreach(const char *station, int n, char *body, char *key, char *patch)
{
	day_after(2022, n, key); /* after the officer took his post, before today */
	snprintf(body, BUF, "{\"held_on\":\"%s\",\"station\":\"%s\",\"kind\":\"law\",\"place\":\"广场\",\"audience\":10}",
		 key, station);
	snprintf(patch, BUF, "{\"note\":\"改\"}");
	return station;
}

static const char *make_dissuasion(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "YJ%s-%03d", station, n);
	snprintf(body, BUF, "{\"warning_no\":\"%s\",\"received_at\":\"2026-03-01 10:00\",\"station\":\"%s\","
		 "\"kind\":\"funds\",\"risk\":\"high\",\"method\":\"call\"}", key, station);
	snprintf(patch, BUF, "{\"risk\":\"low\"}");
	return station;
}

static const char *make_meeting(const char *station, int n, char *body, char *key, char *patch)
{
	day_after(2022, n, key); /* after the officer took his post, before today */
	snprintf(body, BUF, "{\"held_on\":\"%s\",\"division\":\"%.9s001\",\"kind\":\"two_committees\",\"attendee\":\"H%s\"}",
		 key, town(station), station);
	snprintf(patch, BUF, "{\"topics\":\"改\"}");
	return station;
}

static const char *make_action(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "%.9s001", town(station));
	snprintf(body, BUF, "{\"division\":\"%s\",\"held_on\":\"2025-01-01\",\"item\":\"事项%d\",\"owner\":\"居委会\","
		 "\"due_on\":\"2025-02-01\"}", key, n);
	snprintf(patch, BUF, "{\"owner\":\"改\"}");
	return station;
}

/* The grid worker's grid (OWN's) and a grid of OTHER's. */
static const char *grid_of(const char *station)
{
	return strcmp(station, OWN) ? "152921112001001" : "152921110001001";
}

static const char *make_gridreport(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "GR%s-%03d", station, n);
	snprintf(body, BUF, "{\"report_no\":\"%s\",\"reported_at\":\"2026-02-01 10:00\",\"grid\":\"%s\",\"kind\":\"help\","
		 "\"summary\":\"测试\"}", key, grid_of(station));
	snprintf(patch, BUF, "{\"address\":\"改\"}");
	return station;
}

static const char *make_honour(const char *station, int n, char *body, char *key, char *patch)
{
	char date[11];
	day_after(2010, n, date);
	snprintf(key, BUF, "H%s", station);
	snprintf(body, BUF, "{\"badge_no\":\"H%s\",\"title\":\"荣誉%d\",\"kind\":\"excellent\",\"awarded_on\":\"%s\"}",
		 station, n, date);
	snprintf(patch, BUF, "{\"kind\":\"other\"}");
	return station;
}

/* One trip a year each: RECUP_PEOPLE people per station (setup) and RECUP_YEARS years. */
#define RECUP_PEOPLE 4
#define RECUP_YEARS 40

static const char *make_recuperation(const char *station, int n, char *body, char *key, char *patch)
{
	snprintf(key, BUF, "R%s%d", station, n / RECUP_YEARS % RECUP_PEOPLE);
	snprintf(body, BUF, "{\"badge_no\":\"%s\",\"year\":%d,\"route\":\"hainan\"}", key, 1985 + n % RECUP_YEARS);
	snprintf(patch, BUF, "{\"route\":\"改\"}");
	return station;
}

static const struct sample samples[] = {
	{ "divisions", make_division, "name", false, false },
	{ "stations", make_station, "name", false, false },
	{ "partners", make_partner, "phone", false, false },
	{ "units", make_unit, "name", false, false },
	{ "personnel", make_personnel, "phone", false, false },
	{ "posts", make_post, "kind", false, false },
	{ "categories", make_category, "name", false, false },
	{ "incidents", make_incident, "summary", false, false },
	{ "cases", make_case, "kind", false, false },
	{ "users", make_user, "display_name", false, false },
	{ "disputes", make_dispute, "summary", false, false },
	{ "parties", make_party, "phone", true, false },
	{ "mediations", make_mediation, "note", true, false },
	{ "referrals", make_referral, "referred_on", true, false },
	{ "followups", make_followup, "note", true, false },
	{ "gridreports", make_gridreport, "summary", false, true },
	{ "honours", make_honour, "title", false, false },
	{ "recuperations", make_recuperation, "route", false, false },
	{ "hazards", make_hazard, "note", false, false },
	{ "visits", make_visit, "note", false, false },
	{ "outreach", make_outreach, "note", false, false },
	{ "dissuasions", make_dissuasion, "loss", false, false },
	{ "meetings", make_meeting, "topics", false, false },
	{ "actions", make_action, "owner", false, false },
};

static const struct sample *sample_of(const char *kind)
{
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		if (!strcmp(samples[i].kind, kind))
			return &samples[i];
	return NULL;
}

struct fixture {
	struct apitest t;
	struct apitest_who admin, as[ROLE_COUNT];
	int serial[sizeof samples / sizeof samples[0]]; /* per kind: the dates and spares a kind's keys use last */
};

static struct fixture fx;

static const char *role_unit(enum role r)
{
	switch (role_scope(r)) {
	case SCOPE_UNIT:
		return OWN;
	case SCOPE_PARTNER:
		return "PF1";
	case SCOPE_GRID:
		return grid_of(OWN);
	case SCOPE_ALL:
	case SCOPE_NONE:
	case SCOPE_KINDS:
		break;
	}
	return NULL;
}

static int setup(void **state)
{
	apitest_open(&fx.t);
	struct db *db = db_pool_get(fx.t.api.pool);
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "吉兰泰镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921112001", "name", "吉兰泰社区", "parent_code", "152921112000");
	assert_put_ok(db, &division_type, "code", "152921113000", "name", "空余镇", "parent_code", "152921000000");
	for (unsigned i = 1; i <= SPARE; i++) {
		char code[24], name[32];
		snprintf(code, sizeof code, "152921113%03u", i);
		snprintf(name, sizeof name, "空余%u社区", i);
		assert_put_ok(db, &division_type, "code", code, "name", name, "parent_code", "152921113000");
	}
	assert_put_ok(db, &division_type, "code", "152921110001001", "name", "和平社区第一网格", "parent_code", "152921110001");
	assert_put_ok(db, &division_type, "code", "152921112001001", "name", "吉兰泰社区第一网格", "parent_code", "152921112001");
	assert_put_ok(db, &station_type, "code", OWN, "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &station_type, "code", OTHER, "name", "二所", "model", "standard", "divisions", "152921112000");
	assert_put_ok(db, &partner_type, "code", "PF1", "name", "巴彦浩特司法所", "kind", "judicial_office");
	assert_put_ok(db, &personnel_type, "badge_no", "H" OWN, "name", "社区民警甲", "type", "police", "position",
		      "community_officer", "party", "member", "station", OWN);
	assert_put_ok(db, &personnel_type, "badge_no", "H" OTHER, "name", "社区民警乙", "type", "police", "position",
		      "community_officer", "party", "member", "station", OTHER);
	for (int k = 0; k < 2 * RECUP_PEOPLE; k++) {
		char badge[16];
		snprintf(badge, sizeof badge, "R%s%d", k % 2 ? OTHER : OWN, k / 2);
		assert_put_ok(db, &personnel_type, "badge_no", badge, "name", "疗养人员", "type", "police", "position", "other",
			      "party", "none", "station", k % 2 ? OTHER : OWN);
	}
	/* a dispute of each station; the own station's is referred to PF1, the mediator's partner body */
	assert_put_ok(db, &partner_type, "code", "PF2", "name", "吉兰泰司法所", "kind", "judicial_office");
	assert_put_ok(db, &dispute_type, "dispute_no", "D-" OWN, "registered_on", "2026-01-01", "station", OWN, "type",
		      "neighbour", "source", "walk_in");
	assert_put_ok(db, &dispute_type, "dispute_no", "D-" OTHER, "registered_on", "2026-01-01", "station", OTHER, "type",
		      "neighbour", "source", "walk_in");
	assert_put_ok(db, &referral_type, "referral_no", "R-" OWN, "dispute_no", "D-" OWN, "partner", "PF1", "referred_on",
		      "2026-01-02");
	assert_put_ok(db, &referral_type, "referral_no", "R-" OTHER, "dispute_no", "D-" OTHER, "partner", "PF2",
		      "referred_on", "2026-01-02");
	/* each station's officer sits on its first community's committee, which met on 1 January 2025 */
	for (int k = 0; k < 2; k++) {
		const char *st = k ? OTHER : OWN, *community = k ? "152921112001" : "152921110001";
		char badge[8];
		snprintf(badge, sizeof badge, "H%s", st);
		assert_put_ok(db, &post_type, "badge_no", badge, "kind", "village_committee", "division", community, "start",
			      "2020-01-01");
		assert_put_ok(db, &meeting_type, "held_on", "2025-01-01", "division", community, "kind", "joint", "attendee",
			      badge);
	}
	db_pool_put(fx.t.api.pool, db);
	apitest_user(&fx.t, "root", "admin", NULL, "admin-pass-1");
	apitest_login(&fx.t, "root", "admin-pass-1", &fx.admin);
	for (int r = 0; r < ROLE_COUNT; r++) {
		char name[32];
		snprintf(name, sizeof name, "as-%s", role_code((enum role)r));
		apitest_user(&fx.t, name, role_code((enum role)r), role_unit((enum role)r), "role-pass-1");
		apitest_login(&fx.t, name, "role-pass-1", &fx.as[r]);
	}
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	apitest_close(&fx.t);
	return 0;
}

/* May role r see a record of sample s that belongs to `owner` ("" = not confined)? */
static bool visible(enum role r, const struct sample *s, const char *owner)
{
	if (!*owner)
		return true;
	switch (role_scope(r)) {
	case SCOPE_ALL:
		return true;
	case SCOPE_UNIT:
		return !strcmp(owner, OWN);
	case SCOPE_PARTNER:
		return s->partner_sees_own && !strcmp(owner, OWN);
	case SCOPE_GRID:
		return s->grid_sees_own && !strcmp(owner, OWN);
	case SCOPE_NONE:
	case SCOPE_KINDS:
		break;
	}
	return false;
}

struct target {
	const char *owner;
	char key[BUF], patch[BUF], body[BUF];
	long long id;
};

/* A fresh record made by the administrator. */
static void make_target(const struct sample *s, const char *station, struct target *t)
{
	t->owner = s->make(station, ++fx.serial[s - samples], t->body, t->key, t->patch);
	char path[BUF];
	snprintf(path, sizeof path, "/api/v1/%s", s->kind);
	struct apitest_res res = apitest_call(&fx.t, &fx.admin, "POST", path, t->body);
	if (res.status != 201)
		fail_msg("%s: admin create %s: %d %s", s->kind, t->body, res.status, res.body);
	t->id = (long long)json_integer_value(json_object_get(res.json, "id"));
	apitest_res_free(&res);
}

/* How many records of the kind the administrator sees with this (first) key field. */
static long long admin_count(const struct record_type *type, const char *key)
{
	char path[BUF + 128];
	snprintf(path, sizeof path, "/api/v1/%s?%s=%s", type->kind, record_key_field(type)->name, key);
	struct apitest_res res = apitest_call(&fx.t, &fx.admin, "GET", path, NULL);
	assert_status(res, 200);
	long long n = (long long)json_integer_value(json_object_get(res.json, "total"));
	apitest_res_free(&res);
	return n;
}

static void expect_forbidden(struct apitest_res *res, const char *what)
{
	if (res->status != 403 || strcmp(apitest_error_code(res), "forbidden"))
		fail_msg("%s: want 403 forbidden, got %d %.300s", what, res->status, res->body);
}

/* One role, one kind, one action, on a record inside or outside its scope. */
static void check_cell(enum role r, const struct record_type *type, enum action a, const char *station)
{
	const struct sample *s = sample_of(type->kind);
	const struct apitest_who *who = &fx.as[r];
	bool granted = perm_allows(r, type->kind, a);
	char what[160], path[BUF + 128];
	snprintf(what, sizeof what, "%s %s %s (record of %s)", role_code(r), action_name(a), type->kind, station);
	struct target t;
	struct apitest_res res;
	const char *keyname = record_key_field(type)->name;

	if (a == ACT_CREATE) {
		t.owner = s->make(station, ++fx.serial[s - samples], t.body, t.key, t.patch);
		snprintf(path, sizeof path, "/api/v1/%s", type->kind);
		long long had = admin_count(type, t.key);
		res = apitest_call(&fx.t, who, "POST", path, t.body);
		bool made = admin_count(type, t.key) > had;
		if (!granted) {
			expect_forbidden(&res, what);
			if (made)
				fail_msg("%s: refused, yet created", what);
		} else if (visible(r, s, t.owner)) {
			if (res.status != 201 || !made)
				fail_msg("%s: want 201, got %d %.300s", what, res.status, res.body);
		} else {
			/* outside the scope: the station does not exist for the caller */
			if ((res.status != 400 && res.status != 404) || made)
				fail_msg("%s: want a refusal, got %d %.300s", what, res.status, res.body);
		}
		apitest_res_free(&res);
		/* the file faces of creating, gated by the same right: the template, and an upload
		   (a file of no rows: 400 to those who may, 403 to the others, nothing written) */
		snprintf(path, sizeof path, "/api/v1/%s/template?format=csv", type->kind);
		res = apitest_call(&fx.t, who, "GET", path, NULL);
		if (!granted)
			expect_forbidden(&res, what);
		else if (res.status != 200)
			fail_msg("%s: template: want 200, got %d %.300s", what, res.status, res.body);
		apitest_res_free(&res);
		snprintf(path, sizeof path, "/api/v1/%s/import", type->kind);
		res = apitest_call(&fx.t, who, "POST", path, "");
		if (!granted)
			expect_forbidden(&res, what);
		else if (res.status != 400)
			fail_msg("%s: empty upload: want 400, got %d %.300s", what, res.status, res.body);
		apitest_res_free(&res);
		return;
	}

	make_target(s, station, &t);
	bool seen = visible(r, s, t.owner);
	switch (a) {
	case ACT_READ: {
		snprintf(path, sizeof path, "/api/v1/%s?%s=%s&per_page=500", type->kind, keyname, t.key);
		res = apitest_call(&fx.t, who, "GET", path, NULL);
		if (!granted) {
			expect_forbidden(&res, what);
			break;
		}
		assert_status(res, 200);
		bool listed = false;
		size_t i;
		json_t *item;
		json_array_foreach(json_object_get(res.json, "items"), i, item)
			listed |= json_integer_value(json_object_get(item, "id")) == t.id;
		if (listed != seen)
			fail_msg("%s: the list by key %s the record: %.300s", what, seen ? "lacks" : "shows", res.body);
		apitest_res_free(&res);
		snprintf(path, sizeof path, "/api/v1/%s/%lld", type->kind, t.id);
		res = apitest_call(&fx.t, who, "GET", path, NULL);
		if (seen) {
			assert_status(res, 200);
			if (json_integer_value(json_object_get(res.json, "id")) != t.id)
				fail_msg("%s: got another record: %.300s", what, res.body);
		} else {
			assert_error(res, 404, "record.not_found");
		}
		break;
	}
	case ACT_EXPORT:
		snprintf(path, sizeof path, "/api/v1/%s/export?%s=%s", type->kind, keyname, t.key);
		res = apitest_call(&fx.t, who, "GET", path, NULL);
		if (!granted) {
			expect_forbidden(&res, what);
			break;
		}
		assert_status(res, 200);
		if ((strstr(res.body, t.key) != NULL) != seen)
			fail_msg("%s: export %s the record: %.300s", what, seen ? "lacks" : "shows", res.body);
		break;
	case ACT_REVEAL: {
		snprintf(path, sizeof path, "/api/v1/%s/%lld/reveal?field=%s", type->kind, t.id, s->reveal);
		res = apitest_call(&fx.t, who, "GET", path, NULL);
		if (!granted) {
			expect_forbidden(&res, what);
			break;
		}
		int fi = field_index(type, s->reveal);
		if (!seen)
			assert_error(res, 404, "record.not_found");
		else if (fi >= 0 && type->fields[fi].sens != SENS_NONE)
			assert_status(res, 200);
		else
			assert_error(res, 400, "reveal.field");
		break;
	}
	case ACT_UPDATE:
	case ACT_VOID: {
		bool upd = a == ACT_UPDATE;
		char one[BUF + 64];
		snprintf(one, sizeof one, "/api/v1/%s/%lld", type->kind, t.id);
		struct apitest_res before = apitest_call(&fx.t, &fx.admin, "GET", one, NULL);
		assert_status(before, 200);
		snprintf(path, sizeof path, upd ? "%s" : "%s/void", one);
		res = apitest_call(&fx.t, who, upd ? "PATCH" : "POST", path, upd ? t.patch : "{\"reason\":\"测试\"}");
		if (!granted)
			expect_forbidden(&res, what);
		else if (seen)
			assert_status(res, 200);
		else
			assert_error(res, 404, "record.not_found");
		/* unless the change was allowed, the record is exactly as it was */
		struct apitest_res after = apitest_call(&fx.t, &fx.admin, "GET", one, NULL);
		assert_status(after, 200);
		bool voided = json_is_true(json_object_get(after.json, "voided"));
		if (!(granted && seen) && strcmp(before.body, after.body))
			fail_msg("%s: refused, yet changed: %s -> %s", what, before.body, after.body);
		if (!upd && voided != (granted && seen))
			fail_msg("%s: voided=%d", what, voided);
		apitest_res_free(&before);
		apitest_res_free(&after);
		break;
	}
	case ACT_CREATE:
	case ACT_COUNT:
		break;
	}
	apitest_res_free(&res);
}

static void every_kind_has_a_sample(void **state)
{
	(void)state;
	for (int k = 0; record_types[k]; k++)
		if (!sample_of(record_types[k]->kind))
			fail_msg("kind %s has no sample in tests/api/test_permissions.c: add one", record_types[k]->kind);
}

static void every_kind_is_in_the_table(void **state)
{
	(void)state;
	/* the administrator may do everything with every kind: a kind left out of the table is a mistake */
	for (int k = 0; record_types[k]; k++)
		for (int a = 0; a < ACT_COUNT; a++)
			if (!perm_allows(ROLE_ADMIN, record_types[k]->kind, (enum action)a))
				fail_msg("the table does not grant admin %s on %s", action_name((enum action)a),
					 record_types[k]->kind);
	/* deny by default: unknown roles, resources and actions have nothing */
	assert_false(perm_allows(ROLE_UNKNOWN, "posts", ACT_READ));
	assert_false(perm_allows(ROLE_ADMIN, "nonsense", ACT_READ));
	assert_false(perm_allows(ROLE_ADMIN, "posts", ACT_COUNT));
	assert_int_equal(role_from_code("root"), ROLE_UNKNOWN);
	struct scope unknown = perm_scope(ROLE_UNKNOWN, "S01"), no_unit = perm_scope(ROLE_STATION, ""),
		     leader = perm_scope(ROLE_LEADER, ""), mediator = perm_scope(ROLE_MEDIATOR, "SF01"),
		     county_leader = perm_scope(ROLE_LEADER, "S01");
	assert_string_equal(scope_station(&unknown), "\x01");
	assert_string_equal(scope_station(&no_unit), "\x01");
	assert_string_equal(scope_station(&leader), "");
	/* a leader with a unit (a county bureau's, in a city) is confined to that unit and below */
	assert_int_equal(county_leader.kind, SCOPE_UNIT);
	assert_string_equal(scope_station(&county_leader), "S01");
	assert_string_equal(scope_station(&mediator), "\x01");
	/* the recuperation programme is the bureau's: admins plan, save, swap, freeze; a leader of
	 * the whole bureau reads, exports and runs an unsaved plan (read); one confined to a unit, nothing */
	struct scope all = perm_scope(ROLE_ADMIN, "");
	for (int a = 0; a < ACT_COUNT; a++) {
		enum action act = (enum action)a;
		assert_int_equal(perm_allows_in(ROLE_ADMIN, &all, RES_RECUPERATION, act), act != ACT_VOID && act != ACT_REVEAL);
		assert_int_equal(perm_allows_in(ROLE_LEADER, &leader, RES_RECUPERATION, act), act == ACT_READ || act == ACT_EXPORT);
		assert_false(perm_allows_in(ROLE_LEADER, &county_leader, RES_RECUPERATION, act));
		assert_false(perm_allows_in(ROLE_STATION, &no_unit, RES_RECUPERATION, act));
	}
	/* other resources keep the table's word within a unit's scope */
	assert_true(perm_allows_in(ROLE_LEADER, &county_leader, "personnel", ACT_READ));
}

static void matrix(void **state)
{
	(void)state;
	int cells = 0;
	for (int r = 0; r < ROLE_COUNT; r++)
		for (int k = 0; record_types[k]; k++)
			for (int a = 0; a < ACT_COUNT; a++) {
				check_cell((enum role)r, record_types[k], (enum action)a, OWN);
				check_cell((enum role)r, record_types[k], (enum action)a, OTHER);
				cells += 2;
			}
	print_message("permission matrix: %d cells\n", cells);
}

/* The named resources: reports for every role the table names, the audit log, the to-do list. */
static void resources(void **state)
{
	(void)state;
	static const struct {
		const char *resource, *path;
	} routes[] = {
		{ RES_REPORTS, "/api/v1/reports/coverage?as_of=2026-06-30" },
		{ RES_REPORTS, "/api/v1/reports/incidents?from=2026-01-01&to=2026-08-31&compare=yoy" },
		{ RES_REPORTS, "/api/v1/reports/incidents/trend?year=2026" },
		{ RES_REPORTS, "/api/v1/reports/incidents/records?from=2026-01-01&to=2026-08-31" },
		{ RES_REPORTS, "/api/v1/reports/warnings?as_of=2026-08-31" },
		{ RES_AUDIT, "/api/v1/audit" },
		{ RES_AUDIT, "/api/v1/audit/verify" },
		{ RES_TODO, "/api/v1/todo?as_of=2026-09-15" },
		{ RES_RECUPERATION, "/api/v1/recuperation/plans" },
		{ RES_RECUPERATION, "/api/v1/recuperation/eligible?year=2026" },
	};
	for (int r = 0; r < ROLE_COUNT; r++)
		for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
			struct apitest_res res = apitest_call(&fx.t, &fx.as[r], "GET", routes[i].path, NULL);
			if (perm_allows((enum role)r, routes[i].resource, ACT_READ)) {
				if (res.status != 200 || !json_is_object(res.json))
					fail_msg("%s %s: want 200, got %d %.200s", role_code((enum role)r), routes[i].path,
						 res.status, res.body);
			} else {
				expect_forbidden(&res, routes[i].path);
			}
			apitest_res_free(&res);
		}
	/* meta lists exactly the kinds a role may read, with the actions it may take */
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct apitest_res res = apitest_call(&fx.t, &fx.as[r], "GET", "/api/v1/meta", NULL);
		assert_status(res, 200);
		json_t *kinds = json_object_get(res.json, "kinds");
		for (int k = 0; record_types[k]; k++) {
			json_t *found = NULL, *it;
			size_t i;
			json_array_foreach(kinds, i, it) if (!strcmp(json_string_value(json_object_get(it, "kind")),
								     record_types[k]->kind)) found = it;
			bool readable = perm_allows((enum role)r, record_types[k]->kind, ACT_READ);
			if ((found != NULL) != readable)
				fail_msg("meta for %s: %s listed=%d", role_code((enum role)r), record_types[k]->kind, found != NULL);
			if (found && json_array_size(json_object_get(found, "actions")) == 0)
				fail_msg("meta for %s: %s has no actions", role_code((enum role)r), record_types[k]->kind);
		}
		/* and the named resources and the scope, which the interface follows instead of role names */
		static const char *const named[] = { RES_REPORTS, RES_AUDIT, RES_TODO, RES_RECUPERATION };
		for (size_t n = 0; n < sizeof named / sizeof named[0]; n++) {
			const char *name = named[n];
			json_t *acts = json_object_get(json_object_get(res.json, "resources"), name);
			bool listed = false;
			size_t i;
			json_t *it;
			json_array_foreach(acts, i, it) listed |= !strcmp(json_string_value(it), "read");
			if (listed != perm_allows((enum role)r, name, ACT_READ))
				fail_msg("meta for %s: %s read=%d", role_code((enum role)r), name, listed);
		}
		const char *scope = json_string_value(json_object_get(json_object_get(res.json, "scope"), "kind"));
		/* the words the interface reads, as written there (web/src/session.js) */
		static const char *const said[ROLE_COUNT] = { "all", "all", "unit", "unit", "grid", "partner" };
		if (!scope || strcmp(scope, scope_kinds.items[role_scope((enum role)r)].code) || strcmp(scope, said[r]))
			fail_msg("meta for %s: scope %s", role_code((enum role)r), scope ? scope : "(none)");
		apitest_res_free(&res);
	}
}

/*
 * The routes that are not a record kind's REST, for every role, as the
 * table grants them: the grid report inbox's actions (gridreports update),
 * the indicators and the briefing (reports), the online backup (backups).
 * What a role may not do answers 403 "forbidden" and changes nothing; what
 * it may do answers 200 (201) with the body it should, within its scope.
 */

/* A fresh grid report of `station`'s grid, accepted by the administrator first when `accepted`: its id. */
static long long inbox_report(const char *station, bool accepted)
{
	const struct sample *s = sample_of("gridreports");
	struct target t;
	make_target(s, station, &t);
	if (accepted) {
		char path[96];
		snprintf(path, sizeof path, "/api/v1/gridreports/%lld/accept", t.id);
		struct apitest_res res = apitest_call(&fx.t, &fx.admin, "POST", path, NULL);
		assert_status(res, 200);
		apitest_res_free(&res);
	}
	return t.id;
}

static void inbox_actions(void **state)
{
	(void)state;
	static const struct {
		const char *action, *body, *status; /* status: the report's after it */
		bool accepted;                      /* the report was accepted before */
	} acts[] = {
		{ "accept", NULL, "accepted", false },
		{ "turn", "{\"outcome\":\"hazard\",\"type\":\"fire\",\"place\":\"楼道\",\"deadline\":\"2099-12-31\"}", "handled",
		  false },
		{ "no_action", NULL, "handled", false },
		{ "feedback", "{\"text\":\"已处理\"}", "closed", true },
	};
	int cells = 0;
	for (int r = 0; r < ROLE_COUNT; r++)
		for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++)
			for (int k = 0; k < 2; k++) {
				const char *station = k ? OTHER : OWN;
				long long id = inbox_report(station, acts[a].accepted);
				char one[96], path[128], what[160];
				snprintf(one, sizeof one, "/api/v1/gridreports/%lld", id);
				snprintf(path, sizeof path, "%s/%s", one, acts[a].action);
				snprintf(what, sizeof what, "%s POST %s (report of %s)", role_code((enum role)r), acts[a].action,
					 station);
				struct apitest_res before = apitest_call(&fx.t, &fx.admin, "GET", one, NULL);
				struct apitest_res res = apitest_call(&fx.t, &fx.as[r], "POST", path, acts[a].body);
				bool granted = perm_allows((enum role)r, "gridreports", ACT_UPDATE);
				bool seen = visible((enum role)r, sample_of("gridreports"), station);
				if (!granted)
					expect_forbidden(&res, what);
				else if (!seen)
					assert_error(res, 404, "record.not_found");
				else {
					json_t *g = json_object_get(res.json, "gridreport");
					if (res.status != 200 || json_integer_value(json_object_get(g, "id")) != id ||
					    strcmp(json_string_value(json_object_get(g, "status")), acts[a].status))
						fail_msg("%s: want 200 with status %s, got %d %.300s", what, acts[a].status,
							 res.status, res.body);
					if (!strcmp(acts[a].action, "turn") &&
					    strcmp(json_string_value(json_object_get(json_object_get(res.json, "hazards"),
										      "gridreport_no")),
						   json_string_value(json_object_get(g, "report_no"))))
						fail_msg("%s: the hazard does not name its report: %.300s", what, res.body);
				}
				struct apitest_res after = apitest_call(&fx.t, &fx.admin, "GET", one, NULL);
				if (!(granted && seen) && strcmp(before.body, after.body))
					fail_msg("%s: refused, yet changed: %s -> %s", what, before.body, after.body);
				apitest_res_free(&before);
				apitest_res_free(&after);
				apitest_res_free(&res);
				cells++;
			}
	print_message("grid report inbox: %d cells\n", cells);
}

static void reports_and_backups(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const char *role = role_code((enum role)r);
		bool granted = perm_allows((enum role)r, RES_REPORTS, ACT_READ);
		bool unit = role_scope((enum role)r) == SCOPE_UNIT;
		/* the four indicators: a station's own for a station's user */
		struct apitest_res res = apitest_call(&fx.t, &fx.as[r], "GET", "/api/v1/reports/kpi?from=2026-01-01&to=2026-06-30",
						      NULL);
		if (!granted)
			expect_forbidden(&res, "kpi");
		else {
			json_t *station = json_object_get(res.json, "station");
			if (res.status != 200 || json_array_size(json_object_get(res.json, "groups")) != 4 ||
			    (unit ? !json_is_string(station) || strcmp(json_string_value(station), OWN) : json_is_string(station)))
				fail_msg("%s kpi: got %d %.300s", role, res.status, res.body);
		}
		apitest_res_free(&res);
		/* the briefing: of the own town, and of the other station's town (outside a station's jurisdiction) */
		for (int k = 0; k < 2; k++) {
			const char *division = town(k ? OTHER : OWN);
			for (int html = 0; html < 2; html++) {
				char path[160];
				snprintf(path, sizeof path, "/api/v1/reports/briefing?division=%s&from=2026-01-01&to=2026-03-31%s",
					 division, html ? "&format=html" : "");
				res = apitest_call(&fx.t, &fx.as[r], "GET", path, NULL);
				if (!granted)
					expect_forbidden(&res, path);
				else if (unit && k)
					assert_error(res, 403, "division.out_of_scope");
				else if (html) {
					if (res.status != 200 || !strstr(res.body, "辖区治安形势通报") || !strstr(res.body, "<html"))
						fail_msg("%s %s: got %d %.300s", role, path, res.status, res.body);
				} else {
					json_t *scope = json_object_get(res.json, "scope");
					const char *st = json_string_value(json_object_get(scope, "station"));
					if (res.status != 200 ||
					    strcmp(json_string_value(json_object_get(json_object_get(res.json, "division"), "code")),
						   division) ||
					    (unit ? !st || strcmp(st, OWN) : st != NULL))
						fail_msg("%s %s: got %d %.300s", role, path, res.status, res.body);
				}
				apitest_res_free(&res);
			}
		}
	}
	/* an online backup into serve's folder: administrators only */
	char folder[160];
	snprintf(folder, sizeof folder, "%s/backups", fx.t.dir);
	assert_int_equal(mkdir(folder, 0700), 0);
	fx.t.api.db_url = fx.t.path;
	fx.t.api.backup_dir = folder;
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct apitest_res res = apitest_call(&fx.t, &fx.as[r], "POST", "/api/v1/backups", NULL);
		if (!perm_allows((enum role)r, RES_BACKUPS, ACT_CREATE))
			expect_forbidden(&res, "backups");
		else {
			const char *file = json_string_value(json_object_get(res.json, "file"));
			if (res.status != 201 || !file || strncmp(file, "fengqiao-", 9) ||
			    !json_is_string(json_object_get(json_object_get(res.json, "database"), "sha256")))
				fail_msg("%s backups: got %d %.300s", role_code((enum role)r), res.status, res.body);
			static const char *const suffix[] = { "", ".audit", ".manifest" };
			for (size_t i = 0; i < 3; i++) {
				char p[400];
				snprintf(p, sizeof p, "%s/%s%s", folder, file, suffix[i]);
				assert_int_equal(unlink(p), 0);
			}
		}
		apitest_res_free(&res);
	}
	assert_int_equal(rmdir(folder), 0);
	fx.t.api.backup_dir = NULL;
}

/*
 * The policy as people state it, written by hand: the matrix above checks
 * that the handlers follow the table; this checks the table says what the
 * bureau decided.
 */
static void policy_by_hand(void **state)
{
	(void)state;
	for (int k = 0; record_types[k]; k++) {
		const char *kind = record_types[k]->kind;
		/* a leader changes nothing; only administrators manage users */
		for (int a = ACT_CREATE; a <= ACT_VOID; a++)
			assert_false(perm_allows(ROLE_LEADER, kind, (enum action)a));
		if (strcmp(kind, "users"))
			continue;
		for (int r = ROLE_LEADER; r < ROLE_COUNT; r++)
			assert_false(perm_allows((enum role)r, kind, ACT_READ));
	}
	/* personal data unmasked: administrators, and those handling a dispute for its parties */
	for (int r = ROLE_LEADER; r < ROLE_COUNT; r++)
		for (int k = 0; record_types[k]; k++) {
			bool handles = !strcmp(record_types[k]->kind, "parties") &&
				       (r == ROLE_STATION || r == ROLE_OFFICER || r == ROLE_MEDIATOR);
			assert_int_equal(perm_allows((enum role)r, record_types[k]->kind, ACT_REVEAL), handles);
		}
	/* a mediator: none of the stations' records, no figures, and it cannot void */
	static const char *const station_records[] = { "personnel", "posts", "incidents", "cases" };
	for (size_t i = 0; i < 4; i++)
		assert_false(perm_allows(ROLE_MEDIATOR, station_records[i], ACT_READ));
	assert_false(perm_allows(ROLE_MEDIATOR, RES_REPORTS, ACT_READ));
	assert_false(perm_allows(ROLE_MEDIATOR, "mediations", ACT_VOID));
	assert_false(perm_allows(ROLE_MEDIATOR, "referrals", ACT_CREATE));
	/* a grid worker: reference data only, until its grid reports exist */
	assert_false(perm_allows(ROLE_GRID, "disputes", ACT_READ));
	assert_false(perm_allows(ROLE_GRID, "incidents", ACT_READ));
	assert_true(perm_allows(ROLE_GRID, "divisions", ACT_READ));
	/* the audit log: administrators */
	for (int r = ROLE_LEADER; r < ROLE_COUNT; r++)
		assert_false(perm_allows((enum role)r, RES_AUDIT, ACT_READ));
}

/* Masked values cannot be found, sorted by or read another way. */
static void masked_stays_masked(void **state)
{
	(void)state;
	const struct apitest_who *leader = &fx.as[ROLE_LEADER], *chief = &fx.as[ROLE_STATION];
	struct apitest_res r = apitest_call(&fx.t, &fx.admin, "POST", "/api/v1/parties",
					    "{\"dispute_no\":\"D-S01\",\"role\":\"respondent\",\"name\":\"赵六\","
					    "\"id_no\":\"11010519491231002X\",\"phone\":\"13900000009\"}");
	assert_status(r, 201);
	long long id = (long long)json_integer_value(json_object_get(r.json, "id"));
	apitest_res_free(&r);
	/* the ID number, name and phone are not searchable through the hidden key that holds them */
	static const char *const probes[] = { "/api/v1/parties?q=11010519491231002X", "/api/v1/parties?q=id:1101",
					      "/api/v1/parties?q=赵六", "/api/v1/parties?q=13900000009" };
	for (size_t i = 0; i < 4; i++) {
		r = apitest_call(&fx.t, leader, "GET", probes[i], NULL);
		assert_status(r, 200);
		if (json_integer_value(json_object_get(r.json, "total")) != 0)
			fail_msg("%s found a masked party: %s", probes[i], r.body);
		apitest_res_free(&r);
	}
	r = apitest_call(&fx.t, leader, "GET", "/api/v1/parties?sort=person_key", NULL);
	assert_error(r, 400, "sort.unknown");
	apitest_res_free(&r);
	r = apitest_call(&fx.t, leader, "GET", "/api/v1/parties?sort=phone", NULL);
	assert_error(r, 400, "sort.personal");
	apitest_res_free(&r);
	/* a leader sees the party masked; the station handling it sees it whole, and that reveal is audited */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/parties/%lld", id);
	r = apitest_call(&fx.t, leader, "GET", path, NULL);
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "id_no")), "110105********002X");
	assert_string_equal(json_string_value(json_object_get(r.json, "phone")), "139****0009");
	assert_string_not_equal(json_string_value(json_object_get(r.json, "name")), "赵六");
	apitest_res_free(&r);
	snprintf(path, sizeof path, "/api/v1/parties/%lld/reveal?field=id_no", id);
	r = apitest_call(&fx.t, chief, "GET", path, NULL);
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "value")), "11010519491231002X");
	apitest_res_free(&r);
	char audit[128];
	snprintf(audit, sizeof audit, "/api/v1/audit?action=reveal&kind=parties&record_id=%lld", id);
	r = apitest_call(&fx.t, &fx.admin, "GET", audit, NULL);
	assert_status(r, 200);
	json_t *entry = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(entry, "actor")), "as-station");
	assert_string_equal(json_string_value(json_object_get(json_object_get(entry, "detail"), "field")), "id_no");
	apitest_res_free(&r);
}

/* A partner's mediator records its own body's sessions and its referral's acceptance and result, nothing else. */
static void mediator_writes_its_own_only(void **state)
{
	(void)state;
	const struct apitest_who *med = &fx.as[ROLE_MEDIATOR];
	struct apitest_res r = apitest_call(&fx.t, &fx.admin, "POST", "/api/v1/mediations",
					    "{\"dispute_no\":\"D-S01\",\"held_on\":\"2026-01-03\",\"mode\":\"station\","
					    "\"result\":\"failed\"}");
	assert_status(r, 201);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/mediations/%lld", (long long)json_integer_value(json_object_get(r.json, "id")));
	apitest_res_free(&r);
	/* the station's own session: not the mediator's to turn into an agreement */
	r = apitest_call(&fx.t, med, "PATCH", path, "{\"result\":\"agreement\",\"agreement_no\":\"X1\",\"partner\":\"PF1\"}");
	assert_error(r, 403, "mediation.partner_own");
	apitest_res_free(&r);
	/* nor a session in another body's name */
	r = apitest_call(&fx.t, med, "POST", "/api/v1/mediations",
			 "{\"dispute_no\":\"D-S01\",\"held_on\":\"2026-01-04\",\"mode\":\"court\",\"partner\":\"PF2\","
			 "\"result\":\"continue\"}");
	assert_error(r, 403, "mediation.partner_own");
	apitest_res_free(&r);
	/* its referral: acceptance and result yes, the station's facts no */
	r = apitest_call(&fx.t, &fx.admin, "GET", "/api/v1/referrals?referral_no=R-S01", NULL);
	assert_status(r, 200);
	snprintf(path, sizeof path, "/api/v1/referrals/%lld",
		 (long long)json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id")));
	apitest_res_free(&r);
	r = apitest_call(&fx.t, med, "PATCH", path, "{\"referred_on\":\"2026-01-05\"}");
	assert_error(r, 403, "referral.partner_fields");
	apitest_res_free(&r);
	r = apitest_call(&fx.t, med, "PATCH", path, "{\"dispute_no\":\"D-S02\"}");
	assert_error(r, 400, "field.unknown_ref"); /* another body's dispute does not exist for it */
	apitest_res_free(&r);
	r = apitest_call(&fx.t, med, "PATCH", path, "{\"accepted_on\":\"2026-01-03\"}");
	assert_status(r, 200);
	apitest_res_free(&r);
}

/* Does `who`'s list of partner bodies hold `code`? */
static bool lists_partner(const struct apitest_who *who, const char *code)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/partners?code=%s", code);
	struct apitest_res r = apitest_call(&fx.t, who, "GET", path, NULL);
	assert_status(r, 200);
	bool found = json_integer_value(json_object_get(r.json, "total")) == 1;
	apitest_res_free(&r);
	return found;
}

/* A station user sees the partner bodies of its area: in its jurisdiction, above it, or bureau-wide. */
static void station_sees_partners_of_its_area(void **state)
{
	(void)state;
	static const char *const made[][2] = { { "PA-OWN", "152921110001" },
					      { "PA-OTHER", "152921112001" },
					      { "PA-BANNER", "152921000000" } };
	long long other_id = 0;
	for (size_t i = 0; i < 3; i++) {
		char body[200];
		snprintf(body, sizeof body, "{\"code\":\"%s\",\"name\":\"协作%zu\",\"kind\":\"law_firm\",\"division\":\"%s\"}",
			 made[i][0], i, made[i][1]);
		struct apitest_res r = apitest_call(&fx.t, &fx.admin, "POST", "/api/v1/partners", body);
		assert_status(r, 201);
		if (i == 1)
			other_id = (long long)json_integer_value(json_object_get(r.json, "id"));
		apitest_res_free(&r);
	}
	for (int role = ROLE_LEADER; role < ROLE_COUNT; role++) {
		const struct apitest_who *who = &fx.as[role];
		if (!perm_allows((enum role)role, "partners", ACT_READ))
			continue;
		bool confined = role_scope((enum role)role) == SCOPE_UNIT;
		assert_true(lists_partner(who, "PA-OWN"));
		assert_true(lists_partner(who, "PA-BANNER"));
		assert_true(lists_partner(who, "PF1")); /* no division given: bureau-wide */
		assert_int_equal(lists_partner(who, "PA-OTHER"), !confined);
		char path[64];
		snprintf(path, sizeof path, "/api/v1/partners/%lld", other_id);
		struct apitest_res r = apitest_call(&fx.t, who, "GET", path, NULL);
		if (confined)
			assert_error(r, 404, "record.not_found");
		else
			assert_status(r, 200);
		apitest_res_free(&r);
	}
	assert_true(lists_partner(&fx.admin, "PA-OTHER"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_has_a_sample),
		cmocka_unit_test(every_kind_is_in_the_table),
		cmocka_unit_test(matrix),
		cmocka_unit_test(resources),
		cmocka_unit_test(inbox_actions),
		cmocka_unit_test(reports_and_backups),
		cmocka_unit_test(policy_by_hand),
		cmocka_unit_test(masked_stays_masked),
		cmocka_unit_test(mediator_writes_its_own_only),
		cmocka_unit_test(station_sees_partners_of_its_area),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
