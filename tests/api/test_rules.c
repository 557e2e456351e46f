/*
 * Rules that stay true (issue 10, point 1) through the API: a change to a
 * person, a station or a division that would break an active post answers
 * 409 post.would_break naming each post, unless ?end_posts=DATE ends them
 * (the day before, each audited); jurisdictions do not overlap; division
 * codes extend their parent's; events are not in the future; text holds no
 * control characters.  Today is fixed at 2026-09-15.
 */
#include "apitest.h"

#include "base/config.h"
#include "base/date.h"
#include "model/org.h"

static struct apitest t;
static struct apitest_who root;
static struct config saved;

static int setup(void **state)
{
	(void)state;
	saved = *config();
	struct config c = saved;
	c.today_fixed = true;
	c.today = days_from_civil(2026, 9, 15);
	config_set(&c);
	apitest_open(&t);
	struct db *db = db_pool_get(t.api.pool);
	test_two_stations(db); /* S01 and S02 */
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &personnel_type, "badge_no", "P1", "name", "张建国", "type", "police", "position", "chief",
		      "party", "member", "station", "S01");
	assert_put_ok(db, &post_type, "badge_no", "P1", "kind", "township_committee", "division", "152921110000",
		      "start", "2021-03-01");
	assert_put_ok(db, &post_type, "badge_no", "P1", "kind", "village_committee", "division", "152921110001",
		      "start", "2022-01-01");
	db_pool_put(t.api.pool, db);
	apitest_user(&t, "root", "admin", NULL, "pass-word-1");
	apitest_login(&t, "root", "pass-word-1", &root);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	apitest_close(&t);
	config_set(&saved);
	return 0;
}

/* The id of the record of `kind` whose key field `field` is `key`. */
static long long id_of(const char *kind, const char *field, const char *key)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/%s?%s=%s", kind, field, key);
	struct apitest_res r = apitest_call(&t, &root, "GET", path, NULL);
	assert_status(r, 200);
	long long id = (long long)json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id"));
	apitest_res_free(&r);
	assert_true(id > 0);
	return id;
}

static const char *error_message(const struct apitest_res *r)
{
	return json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
}

static void person_change_that_breaks_posts_is_refused(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/personnel/%lld", id_of("personnel", "badge_no", "P1"));
	/* no longer a party member: both posts ask for one */
	struct apitest_res r = apitest_call(&t, &root, "PATCH", path, "{\"party\":\"probationary\"}");
	assert_error(r, 409, "post.would_break");
	assert_non_null(strstr(error_message(&r), "2 个在任兼职"));
	assert_non_null(strstr(error_message(&r), "张建国（P1）在 152921110000 的乡镇（街道）党（工）委委员，2021-03-01 起"));
	assert_non_null(strstr(error_message(&r), "152921110001"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "party");
	/* and each post whole among the problems: its rule, who, where by name, since when */
	json_t *problems = json_object_get(r.json, "problems");
	assert_int_equal(json_array_size(problems), 3); /* the refusal, then each post */
	assert_string_equal(json_string_value(json_object_get(json_array_get(problems, 0), "code")), "post.would_break");
	for (size_t i = 1; i < 3; i++) {
		json_t *p = json_array_get(problems, i);
		assert_string_equal(json_string_value(json_object_get(p, "field")), "posts");
		assert_string_equal(json_string_value(json_object_get(p, "code")), "post.not_party_member");
	}
	const char *zh = json_string_value(json_object_get(json_array_get(problems, 2), "message_zh"));
	assert_non_null(zh);
	assert_non_null(strstr(zh, "张建国（P1）在 和平社区（152921110001）的"));
	assert_null(strstr(zh, "since"));
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(problems, 2), "message_en")),
			       "P1: village_committee in 152921110001 since"));
	apitest_res_free(&r);
	/* no longer a leader: the township committee post alone */
	r = apitest_call(&t, &root, "PATCH", path, "{\"position\":\"community_officer\"}");
	assert_error(r, 409, "post.would_break");
	assert_non_null(strstr(error_message(&r), "1 个在任兼职"));
	apitest_res_free(&r);
	/* a move, a jurisdiction shrinking under the posts, a void station, division or person */
	static const char *const changes[][5] = {
		{ "personnel", "badge_no", "P1", "", "{\"station\":\"S02\"}" },
		{ "stations", "code", "S01", "", "{\"divisions\":\"152921110001\"}" },
		{ "stations", "code", "S01", "/void", "{\"reason\":\"撤并\"}" },
		{ "divisions", "code", "152921110001", "/void", "{\"reason\":\"撤并\"}" },
		{ "personnel", "badge_no", "P1", "/void", "{\"reason\":\"调离\"}" },
	};
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		snprintf(path, sizeof path, "/api/v1/%s/%lld%s", changes[i][0], id_of(changes[i][0], changes[i][1], changes[i][2]),
			 changes[i][3]);
		r = apitest_call(&t, &root, *changes[i][3] ? "POST" : "PATCH", path, changes[i][4]);
		if (r.status != 409 || strcmp(apitest_error_code(&r), "post.would_break") ||
		    !json_array_size(json_object_get(r.json, "problems")))
			fail_msg("%s %s: %d %s", path, changes[i][4], r.status, r.body);
		apitest_res_free(&r);
	}
	/* nothing changed */
	r = apitest_call(&t, &root, "GET", "/api/v1/posts?badge_no=P1", NULL);
	assert_status(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 2);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "end")));
	apitest_res_free(&r);
}

static void end_posts_ends_them_instead(void **state)
{
	(void)state;
	char path[128];
	long long id = id_of("personnel", "badge_no", "P1");
	snprintf(path, sizeof path, "/api/v1/personnel/%lld?end_posts=2026-09-16", id);
	struct apitest_res r = apitest_call(&t, &root, "PATCH", path, "{\"position\":\"community_officer\"}");
	assert_error(r, 400, "end_posts.future");
	apitest_res_free(&r);
	/* nor more than 30 days back: 2026-08-16 is the first day allowed */
	snprintf(path, sizeof path, "/api/v1/personnel/%lld?end_posts=2026-08-15", id);
	r = apitest_call(&t, &root, "PATCH", path, "{\"position\":\"community_officer\"}");
	assert_error(r, 400, "end_posts.too_early");
	assert_non_null(strstr(error_message(&r), "2026-08-16"));
	apitest_res_free(&r);
	snprintf(path, sizeof path, "/api/v1/personnel/%lld?end_posts=2026-09-01", id);
	r = apitest_call(&t, &root, "PATCH", path, "{\"position\":\"community_officer\"}");
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "position")), "community_officer");
	apitest_res_free(&r);
	/* the township committee post ended the day before; the other one stays */
	r = apitest_call(&t, &root, "GET", "/api/v1/posts?badge_no=P1&kind=township_committee", NULL);
	json_t *post = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(post, "end")), "2026-08-31");
	long long post_id = (long long)json_integer_value(json_object_get(post, "id"));
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "GET", "/api/v1/posts?badge_no=P1&kind=village_committee", NULL);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "end")));
	apitest_res_free(&r);
	/* and the ending is in the audit log, by the user who asked */
	snprintf(path, sizeof path, "/api/v1/audit?kind=posts&record_id=%lld", post_id);
	r = apitest_call(&t, &root, "GET", path, NULL);
	assert_status(r, 200);
	json_t *entry = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(entry, "actor")), "root");
	assert_string_equal(json_string_value(json_object_get(entry, "action")), "update");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(entry, "detail"), "after"), "end")),
			    "2026-08-31");
	apitest_res_free(&r);
}

/*
 * More posts than the message has room for: it names the first few and keeps its English part
 * whole; the problems list each one.  A badge that is not ASCII stays out of the English.
 */
static void every_post_is_listed_when_the_message_is_full(void **state)
{
	(void)state;
	enum { N = 9 };
	struct db *db = db_pool_get(t.api.pool);
	assert_put_ok(db, &personnel_type, "badge_no", "辅警０７", "name", "巴图孟和", "type", "police", "position",
		      "community_officer", "party", "member", "station", "S01");
	for (int i = 0; i < N; i++) {
		char code[24], name[64];
		snprintf(code, sizeof code, "1529211101%02d", 20 + i);
		snprintf(name, sizeof name, "乌兰布和第%d牧业联合管理委员会嘎查", i + 1);
		assert_put_ok(db, &division_type, "code", code, "name", name, "parent_code", "152921110000");
		assert_put_ok(db, &post_type, "badge_no", "辅警０７", "kind", "village_committee", "division", code, "start",
			      "2024-05-01");
	}
	db_pool_put(t.api.pool, db);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/personnel/%lld", id_of("personnel", "badge_no", "辅警０７"));
	struct apitest_res r = apitest_call(&t, &root, "PATCH", path, "{\"party\":\"none\"}");
	assert_error(r, 409, "post.would_break");
	json_t *err = json_object_get(r.json, "error");
	assert_non_null(strstr(error_message(&r), "9 个在任兼职"));
	assert_non_null(strstr(error_message(&r), "……"));
	assert_string_equal(json_string_value(json_object_get(err, "message_en")),
			    "the change would break 9 active posts; end them explicitly with end_posts=DATE");
	json_t *problems = json_object_get(r.json, "problems");
	assert_int_equal(json_array_size(problems), N + 1);
	for (size_t i = 1; i <= N; i++) {
		json_t *p = json_array_get(problems, i);
		assert_string_equal(json_string_value(json_object_get(p, "field")), "posts");
		assert_non_null(strstr(json_string_value(json_object_get(p, "message_zh")), "巴图孟和（辅警０７）在 乌兰布和第"));
		char want[80];
		snprintf(want, sizeof want, "village_committee in 1529211101%02d since 2024-05-01", (int)(20 + i - 1));
		assert_string_equal(json_string_value(json_object_get(p, "message_en")), want);
	}
	apitest_res_free(&r);
}

/* A post broken before a change (here by hand) is not the change's doing: neither refused nor ended. */
static void posts_broken_before_are_not_the_change_s(void **state)
{
	(void)state;
	struct db *db = db_pool_get(t.api.pool);
	assert_put_ok(db, &personnel_type, "badge_no", "P2", "name", "李卫东", "type", "police", "position", "chief",
		      "party", "member", "station", "S01");
	assert_put_ok(db, &post_type, "badge_no", "P2", "kind", "township_committee", "division", "152921110000",
		      "start", "2023-01-01");
	assert_put_ok(db, &post_type, "badge_no", "P2", "kind", "village_committee", "division", "152921110001",
		      "start", "2023-01-01");
	struct err e;
	if (db_exec(db, "UPDATE personnel SET position = 'community_officer' WHERE badge_no = 'P2'", &e))
		fail_msg("%s", e.message);
	db_pool_put(t.api.pool, db);
	char path[128];
	long long id = id_of("personnel", "badge_no", "P2");
	/* the township committee post asks for a leader already: a new name breaks nothing */
	snprintf(path, sizeof path, "/api/v1/personnel/%lld", id);
	struct apitest_res r = apitest_call(&t, &root, "PATCH", path, "{\"name\":\"李卫国\"}");
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "李卫国");
	apitest_res_free(&r);
	/* leaving the party breaks the village committee post: it alone is named, and ended */
	r = apitest_call(&t, &root, "PATCH", path, "{\"party\":\"none\"}");
	assert_error(r, 409, "post.would_break");
	assert_non_null(strstr(error_message(&r), "1 个在任兼职"));
	assert_non_null(strstr(error_message(&r), "152921110001"));
	apitest_res_free(&r);
	snprintf(path, sizeof path, "/api/v1/personnel/%lld?end_posts=2026-09-10", id);
	r = apitest_call(&t, &root, "PATCH", path, "{\"party\":\"none\"}");
	assert_status(r, 200);
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "GET", "/api/v1/posts?badge_no=P2&kind=village_committee", NULL);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "end")),
			    "2026-09-09");
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "GET", "/api/v1/posts?badge_no=P2&kind=township_committee", NULL);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "end")));
	apitest_res_free(&r);
	/* a void: the person's posts broken before stay as they were too */
	snprintf(path, sizeof path, "/api/v1/personnel/%lld/void?end_posts=2026-09-15", id);
	r = apitest_call(&t, &root, "POST", path, "{\"reason\":\"调离\"}");
	assert_status(r, 200);
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "GET", "/api/v1/posts?badge_no=P2&kind=township_committee", NULL);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "end")));
	apitest_res_free(&r);
}

static void jurisdictions_do_not_overlap(void **state)
{
	(void)state;
	struct apitest_res r = apitest_call(&t, &root, "POST", "/api/v1/stations",
					    "{\"code\":\"S03\",\"name\":\"三所\",\"model\":\"standard\",\"divisions\":\"152921110001\"}");
	assert_error(r, 409, "station.jurisdiction_overlap");
	assert_non_null(strstr(error_message(&r), "一所（S01）"));
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "POST", "/api/v1/stations",
			 "{\"code\":\"S03\",\"name\":\"三所\",\"model\":\"standard\",\"divisions\":\"152921000000\"}");
	assert_error(r, 409, "station.jurisdiction_overlap");
	apitest_res_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/stations/%lld", id_of("stations", "code", "S02"));
	r = apitest_call(&t, &root, "PATCH", path, "{\"divisions\":\"152921112000;152921112000\"}");
	assert_error(r, 400, "station.division_twice");
	apitest_res_free(&r);
}

static void division_codes_extend_their_parent(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"{\"code\":\"152922113000\",\"name\":\"错镇\",\"parent_code\":\"152921000000\"}",  /* another county's */
		"{\"code\":\"152921000100\",\"name\":\"零镇\",\"parent_code\":\"152921000000\"}",  /* town digits 000 */
		"{\"code\":\"152921113001\",\"name\":\"尾镇\",\"parent_code\":\"152921000000\"}",  /* 10-12 not 000 */
		"{\"code\":\"152921112001\",\"name\":\"错位社区\",\"parent_code\":\"152921110000\"}", /* another town's */
		"{\"code\":\"152900000000\",\"name\":\"某旗\"}", /* county digits 00 */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct apitest_res r = apitest_call(&t, &root, "POST", "/api/v1/divisions", bad[i]);
		if (r.status != 400 || strcmp(apitest_error_code(&r), "division.code_structure"))
			fail_msg("%s: %d %s", bad[i], r.status, r.body);
		apitest_res_free(&r);
	}
	struct apitest_res r = apitest_call(&t, &root, "POST", "/api/v1/divisions",
					    "{\"code\":\"152921110002\",\"name\":\"团结社区\",\"parent_code\":\"152921110000\"}");
	assert_status(r, 201);
	apitest_res_free(&r);
}

static void no_future_and_no_control_characters(void **state)
{
	(void)state;
	/* the end of the fixed day is still today; the next morning is the future */
	struct apitest_res r = apitest_call(&t, &root, "POST", "/api/v1/incidents",
					    "{\"incident_no\":\"J1\",\"received_at\":\"2026-09-15 23:59\",\"station\":\"S02\",\"category\":\"other\"}");
	assert_status(r, 201);
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "POST", "/api/v1/incidents",
			 "{\"incident_no\":\"J2\",\"received_at\":\"2026-09-16 08:00\",\"station\":\"S02\",\"category\":\"other\"}");
	assert_error(r, 400, "field.future");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "received_at");
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "POST", "/api/v1/personnel",
			 "{\"badge_no\":\"P9\",\"name\":\"新人\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\","
			 "\"station\":\"S02\",\"hired_on\":\"2026-09-16\"}");
	assert_error(r, 400, "field.future");
	apitest_res_free(&r);
	/* control characters: a name never, a summary its tabs and line breaks only */
	static const char *const bad[] = {
		"{\"badge_no\":\"P9\",\"name\":\"新\\u0001人\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\",\"station\":\"S02\"}",
		"{\"badge_no\":\"P9\",\"name\":\"新\\n人\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\",\"station\":\"S02\"}",
		"{\"badge_no\":\"P9\",\"name\":\"新\\u007f人\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\",\"station\":\"S02\"}",
		"{\"badge_no\":\"P9\",\"name\":\"新\\u0085人\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\",\"station\":\"S02\"}",
		/* bidi override and isolate, a line separator in a single-line field */
		"{\"badge_no\":\"P9\",\"name\":\"新\\u202e人\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\",\"station\":\"S02\"}",
		"{\"badge_no\":\"P9\",\"name\":\"新\\u2067人\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\",\"station\":\"S02\"}",
		"{\"badge_no\":\"P9\",\"name\":\"新\\u2028人\",\"type\":\"police\",\"position\":\"other\",\"party\":\"none\",\"station\":\"S02\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = apitest_call(&t, &root, "POST", "/api/v1/personnel", bad[i]);
		assert_error(r, 400, "field.control_char");
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "name");
		apitest_res_free(&r);
	}
	r = apitest_call(&t, &root, "POST", "/api/v1/incidents",
			 "{\"incident_no\":\"J3\",\"received_at\":\"2026-09-15 08:00\",\"station\":\"S02\",\"category\":\"other\","
			 "\"summary\":\"第一行\\n\\t第二行\"}");
	assert_status(r, 201);
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "POST", "/api/v1/incidents",
			 "{\"incident_no\":\"J4\",\"received_at\":\"2026-09-15 08:00\",\"station\":\"S02\",\"category\":\"other\","
			 "\"summary\":\"响铃\\u0007\"}");
	assert_error(r, 400, "field.control_char");
	apitest_res_free(&r);
	/* a summary may hold a paragraph separator, never a bidi override */
	r = apitest_call(&t, &root, "POST", "/api/v1/incidents",
			 "{\"incident_no\":\"J5\",\"received_at\":\"2026-09-15 08:00\",\"station\":\"S02\",\"category\":\"other\","
			 "\"summary\":\"第一段\\u2029第二段\"}");
	assert_status(r, 201);
	apitest_res_free(&r);
	r = apitest_call(&t, &root, "POST", "/api/v1/incidents",
			 "{\"incident_no\":\"J6\",\"received_at\":\"2026-09-15 08:00\",\"station\":\"S02\",\"category\":\"other\","
			 "\"summary\":\"倒\\u202d序\"}");
	assert_error(r, 400, "field.control_char");
	assert_non_null(strstr(error_message(&r), "U+202D"));
	apitest_res_free(&r);
	/* a void's reason is text like any other */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/incidents/%lld/void", id_of("incidents", "incident_no", "J3"));
	r = apitest_call(&t, &root, "POST", path, "{\"reason\":\"录入\\u001b错误\"}");
	assert_error(r, 400, "field.control_char");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "reason");
	apitest_res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(person_change_that_breaks_posts_is_refused),
		cmocka_unit_test(end_posts_ends_them_instead),
		cmocka_unit_test(posts_broken_before_are_not_the_change_s),
		cmocka_unit_test(every_post_is_listed_when_the_message_is_full),
		cmocka_unit_test(jurisdictions_do_not_overlap),
		cmocka_unit_test(division_codes_extend_their_parent),
		cmocka_unit_test(no_future_and_no_control_characters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
