/* The rules of "进班子" posts, one test per rule of CONTRACTS.md §2. */
#include "testlib.h"
#include "model/org.h"

/* A small county: one town with a community and a gacha; a second town
 * outside the station's jurisdiction; staff of every kind. */
static int setup(void **state)
{
	struct db *db = test_db();
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区居民委员会", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921110200", "name", "查干嘎查村民委员会", "parent_code", "152921110000");
	assert_put_ok(db, &division_type, "code", "152921112000", "name", "吉兰泰镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921112001", "name", "盐湖社区居民委员会", "parent_code", "152921112000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "巴彦浩特派出所", "model", "两队一室", "divisions", "152921110000");
	assert_put_ok(db, &station_type, "code", "S02", "name", "吉兰泰派出所", "model", "standard", "divisions", "152921112000");
	const char *people[][5] = {
		{ "150101", "张所长", "police", "chief", "member" },
		{ "150102", "李教导", "police", "instructor", "member" },
		{ "150103", "王副所", "police", "deputy_chief", "probationary" },
		{ "150104", "巴特尔", "police", "community_officer", "member" },
		{ "150105", "其其格", "police", "community_officer", "probationary" },
		{ "150106", "赵群众", "police", "community_officer", "none" },
		{ "FJ0101", "孙辅警", "auxiliary", "auxiliary", "member" },
		{ "150201", "吉所长", "police", "chief", "member" },
	};
	for (size_t i = 0; i < sizeof people / sizeof *people; i++)
		assert_put_ok(db, &personnel_type, "badge_no", people[i][0], "name", people[i][1], "type", people[i][2],
			      "position", people[i][3], "party", people[i][4], "station", i == 7 ? "S02" : "S01");
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

#define POST(badge, kind, division, start, end) \
	"badge_no", badge, "kind", kind, "division", division, "start", start, "end", end

static void township_committee_rules(void **state)
{
	struct db *db = *state;
	assert_put_ok(db, &post_type, POST("150101", "township_committee", "152921110000", "2021-03-01", ""));
	assert_put_ok(db, &post_type, POST("150102", "乡镇（街道）党（工）委委员", "152921110000", "2021-03-01", ""));
	/* a community officer is not a station leader */
	assert_put_refused(db, &post_type, "post.leaders_only", POST("150104", "township_committee", "152921110000", "2021-03-01", ""));
	/* a probationary member does not qualify */
	assert_put_refused(db, &post_type, "post.not_party_member", POST("150103", "township_committee", "152921110000", "2021-03-01", ""));
	/* an auxiliary may not */
	assert_put_refused(db, &post_type, "post.police_only", POST("FJ0101", "township_committee", "152921110000", "2021-03-01", ""));
	/* only at town level */
	assert_put_refused(db, &post_type, "post.division_level", POST("150101", "township_committee", "152921110001", "2021-03-01", ""));
}

static void village_posts_need_police_party_members(void **state)
{
	struct db *db = *state;
	const char *kinds[] = { "village_committee", "deputy_secretary", "secretary_assistant" };
	for (size_t k = 0; k < 3; k++) {
		assert_put_ok(db, &post_type, POST("150104", kinds[k], "152921110001", "2022-01-01", ""));
		assert_put_refused(db, &post_type, "post.not_party_member", POST("150105", kinds[k], "152921110001", "2022-01-01", ""));
		assert_put_refused(db, &post_type, "post.not_party_member", POST("150106", kinds[k], "152921110001", "2022-01-01", ""));
		assert_put_refused(db, &post_type, "post.police_only", POST("FJ0101", kinds[k], "152921110001", "2022-01-01", ""));
		assert_put_refused(db, &post_type, "post.division_level", POST("150104", kinds[k], "152921110000", "2022-01-01", ""));
	}
}

static void director_assistant_open_to_all(void **state)
{
	struct db *db = *state;
	assert_put_ok(db, &post_type, POST("150106", "director_assistant", "152921110001", "2022-01-01", ""));
	assert_put_ok(db, &post_type, POST("FJ0101", "主任助理", "152921110200", "2022-01-01", ""));
	assert_put_ok(db, &post_type, POST("150105", "director_assistant", "152921110200", "2022-01-01", ""));
	assert_put_refused(db, &post_type, "post.division_level", POST("FJ0101", "director_assistant", "152921110000", "2022-01-01", ""));
}

static void division_must_lie_in_jurisdiction(void **state)
{
	struct db *db = *state;
	assert_put_refused(db, &post_type, "post.outside_jurisdiction", POST("150104", "director_assistant", "152921112001", "2022-01-01", ""));
	assert_put_refused(db, &post_type, "post.outside_jurisdiction", POST("150101", "township_committee", "152921112000", "2022-01-01", ""));
	assert_put_ok(db, &post_type, POST("150201", "township_committee", "152921112000", "2022-01-01", ""));
}

static void no_overlapping_dates(void **state)
{
	struct db *db = *state;
	assert_put_ok(db, &post_type, POST("150104", "director_assistant", "152921110200", "2020-01-01", "2020-12-31"));
	/* starts the day the first ended: overlaps by one day */
	assert_put_refused(db, &post_type, "post.overlap", POST("150104", "director_assistant", "152921110200", "2020-12-31", ""));
	/* an open-ended post overlapping an earlier closed one */
	assert_put_refused(db, &post_type, "post.overlap", POST("150104", "director_assistant", "152921110200", "2019-06-01", ""));
	/* the next day is fine */
	assert_put_ok(db, &post_type, POST("150104", "director_assistant", "152921110200", "2021-01-01", ""));
	/* then nothing later may start while it is open */
	assert_put_refused(db, &post_type, "post.overlap", POST("150104", "director_assistant", "152921110200", "2025-01-01", ""));
	/* a different kind in the same place is another post */
	assert_put_ok(db, &post_type, POST("150104", "secretary_assistant", "152921110200", "2021-01-01", ""));
	/* re-saving the same key (an update) does not clash with itself */
	assert_put_ok(db, &post_type, POST("150104", "director_assistant", "152921110200", "2021-01-01", "2024-06-30"));
	assert_put_ok(db, &post_type, POST("150104", "director_assistant", "152921110200", "2024-07-01", ""));
}

static void end_not_before_start(void **state)
{
	struct db *db = *state;
	assert_put_refused(db, &post_type, "post.end_before_start", POST("150104", "director_assistant", "152921110001", "2022-05-01", "2022-04-30"));
	assert_put_ok(db, &post_type, POST("150104", "director_assistant", "152921110001", "2022-05-01", "2022-05-01"));
}

static void unknown_references_and_codes(void **state)
{
	struct db *db = *state;
	assert_put_refused(db, &post_type, "field.unknown_ref", POST("999999", "director_assistant", "152921110001", "2022-05-01", ""));
	assert_put_refused(db, &post_type, "field.unknown_ref", POST("150104", "director_assistant", "152921999999", "2022-05-01", ""));
	assert_put_refused(db, &post_type, "field.unknown_code", POST("150104", "mayor", "152921110001", "2022-05-01", ""));
	assert_put_refused(db, &post_type, "date.invalid", POST("150104", "director_assistant", "152921110001", "2023-02-30", ""));
	struct err e;
	assert_int_equal(test_put(db, &post_type, &e, "badge_no", "150104", "kind", "director_assistant", "division", "152921110001"), -1);
	assert_string_equal(e.code, "field.required");
	assert_string_equal(e.field, "start");
}

static void messages_speak_chinese(void **state)
{
	struct db *db = *state;
	struct err e;
	assert_int_equal(test_put(db, &post_type, &e, POST("150105", "deputy_secretary", "152921110001", "2022-01-01", "")), -1);
	assert_non_null(strstr(e.message, "其其格"));
	assert_non_null(strstr(e.message, "预备党员"));
	assert_non_null(strstr(e.message, "党组织副书记"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(township_committee_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(village_posts_need_police_party_members, setup, teardown),
		cmocka_unit_test_setup_teardown(director_assistant_open_to_all, setup, teardown),
		cmocka_unit_test_setup_teardown(division_must_lie_in_jurisdiction, setup, teardown),
		cmocka_unit_test_setup_teardown(no_overlapping_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(end_not_before_start, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_references_and_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(messages_speak_chinese, setup, teardown),
	};
	return cmocka_run_group_tests_name("posts", tests, NULL, NULL);
}
