/* The two JSON faces of a record agree: the tree (record_to_json) and the
 * direct writer list pages use (record_write_json). */
#include "testlib.h"
#include "io/record_json.h"
#include "model/incident.h"
#include "model/org.h"

static void same(const struct record *r, bool reveal)
{
	struct buf out;
	buf_init(&out);
	record_write_json(&out, r, reveal);
	json_error_t je;
	json_t *direct = json_loadb(out.p, out.len, 0, &je);
	if (!direct)
		fail_msg("direct JSON does not parse: %s: %s", je.text, out.p);
	json_t *tree = record_to_json(r, reveal);
	if (!json_equal(direct, tree)) {
		char *a = json_dumps(tree, JSON_COMPACT | JSON_SORT_KEYS);
		fail_msg("differ:\n%s\n%s", out.p, a);
	}
	json_decref(direct);
	json_decref(tree);
	buf_free(&out);
}

static void writers_agree(void **state)
{
	(void)state;
	struct err e;
	struct record *r = record_new(&personnel_type);
	assert_int_equal(record_set_by_name(r, "badge_no", "150101", 480, &e), 0);
	assert_int_equal(record_set_by_name(r, "name", "巴特尔 \"老\\巴\"\t(测试)", 480, &e), 0);
	assert_int_equal(record_set_by_name(r, "type", "police", 480, &e), 0);
	assert_int_equal(record_set_by_name(r, "phone", "13904830008", 480, &e), 0);
	r->id = 7;
	same(r, false);
	same(r, true);
	r->voided_at = 1700000000;
	r->void_reason = strdup("录入\n错误");
	same(r, false);
	record_free(r);

	r = record_new(&incident_type);
	assert_int_equal(record_set_by_name(r, "incident_no", "J1", 480, &e), 0);
	assert_int_equal(record_set_by_name(r, "received_at", "2023-01-01 08:00", 480, &e), 0);
	assert_int_equal(record_set_by_name(r, "major", "1", 480, &e), 0);
	assert_int_equal(record_set_by_name(r, "lat", "38.8401234", 480, &e), 0);
	assert_int_equal(record_set_by_name(r, "lon", "105.67", 480, &e), 0);
	assert_int_equal(record_set_by_name(r, "summary", "\x01\x1f控制字符", 480, &e), 0);
	same(r, true);
	record_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writers_agree),
	};
	return cmocka_run_group_tests_name("record_json", tests, NULL, NULL);
}
