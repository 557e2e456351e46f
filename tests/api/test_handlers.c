/*
 * The API's handlers driven in-process through the request seam: sessions
 * and CSRF, the error shape and the status each error kind gives, the
 * query, header and cookie accessors, and a record's round trip.
 */
#include "apitest.h"

#include "model/org.h"

#include <strings.h>

static struct apitest t;
static struct apitest_who admin;

static int setup(void **state)
{
	apitest_open(&t);
	struct db *db = db_pool_get(t.api.pool);
	assert_put_ok(db, &division_type, "code", "152921000000", "name", "阿拉善左旗");
	assert_put_ok(db, &division_type, "code", "152921110000", "name", "巴彦浩特镇", "parent_code", "152921000000");
	assert_put_ok(db, &division_type, "code", "152921110001", "name", "和平社区", "parent_code", "152921110000");
	assert_put_ok(db, &station_type, "code", "S01", "name", "一所", "model", "standard", "divisions", "152921110000");
	assert_put_ok(db, &personnel_type, "badge_no", "150101", "name", "甲", "type", "police", "position",
		      "community_officer", "party", "member", "station", "S01");
	db_pool_put(t.api.pool, db);
	apitest_user(&t, "root", "admin", NULL, "admin-pass-1");
	apitest_login(&t, "root", "admin-pass-1", &admin);
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	apitest_close(&t);
	return 0;
}

/* Every error answer has the contracted shape. */
static void assert_error_shape(const struct apitest_res *r)
{
	json_t *e = json_object_get(r->json, "error");
	if (!json_is_object(e) || !json_is_string(json_object_get(e, "code")) ||
	    !json_is_string(json_object_get(e, "message")) || !json_object_get(e, "field") || !json_object_get(e, "line"))
		fail_msg("not the error shape: %s", r->body);
}

static void sessions_and_csrf(void **state)
{
	(void)state;
	struct apitest_res r = apitest_call(&t, NULL, "GET", "/healthz", NULL);
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	apitest_res_free(&r);

	r = apitest_call(&t, NULL, "GET", "/api/v1/personnel", NULL);
	assert_error(r, 401, "session.none");
	assert_error_shape(&r);
	apitest_res_free(&r);

	r = apitest_call(&t, NULL, "POST", "/api/v1/session", "{\"username\":\"root\",\"password\":\"wrong-pass\"}");
	assert_error(r, 401, "login.failed");
	apitest_res_free(&r);

	r = apitest_call(&t, &admin, "GET", "/api/v1/session", NULL);
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "user"), "role")), "admin");
	apitest_res_free(&r);

	/* an unsafe method without the CSRF token is refused before anything runs */
	struct apitest_who no_token = admin;
	no_token.csrf[0] = 0;
	r = apitest_call(&t, &no_token, "POST", "/api/v1/personnel/1/void", "{\"reason\":\"x\"}");
	assert_error(r, 403, "csrf");
	apitest_res_free(&r);
	struct apitest_who wrong = admin;
	wrong.csrf[0] = wrong.csrf[0] == 'a' ? 'b' : 'a';
	r = apitest_call(&t, &wrong, "POST", "/api/v1/personnel/1/void", "{\"reason\":\"x\"}");
	assert_error(r, 403, "csrf");
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "GET", "/api/v1/personnel?badge_no=150101", NULL);
	assert_status(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
	apitest_res_free(&r);
}

static void routing_and_errors(void **state)
{
	(void)state;
	static const struct {
		const char *method, *target, *body;
		int status;
		const char *code;
	} cases[] = {
		{ "GET", "/api/v1/nothing/here/at/all", NULL, 404, "not_found" },
		{ "PUT", "/api/v1/session", NULL, 405, "method_not_allowed" },
		{ "GET", "/api/v1/nonsense", NULL, 404, "not_found" },
		{ "GET", "/api/v1/personnel/999999", NULL, 404, "record.not_found" },
		{ "GET", "/api/v1/personnel?page=0", NULL, 400, "page" },
		{ "GET", "/api/v1/personnel?per_page=501", NULL, 400, "per_page" },
		{ "GET", "/api/v1/personnel?phone=1", NULL, 400, "filter.unknown" },
		{ "GET", "/api/v1/posts?from=2023-02-30", NULL, 400, "date.invalid" },
		{ "GET", "/api/v1/reports/incidents/trend?year=abc", NULL, 400, "year" },
		{ "GET", "/api/v1/reports/incidents?from=2026-01-01", NULL, 400, "period.required" },
		{ "POST", "/api/v1/personnel", "{\"badge_no\":", 400, "json.malformed" },
		{ "POST", "/api/v1/personnel", "[1]", 400, "json.not_object" },
		{ "GET", "/api/v1/personnel/1/reveal?field=name", NULL, 400, "reveal.field" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct apitest_res r = apitest_call(&t, &admin, cases[i].method, cases[i].target, cases[i].body);
		if (r.status != cases[i].status || strcmp(apitest_error_code(&r), cases[i].code))
			fail_msg("%s %s: want %d %s, got %d %s", cases[i].method, cases[i].target, cases[i].status,
				 cases[i].code, r.status, r.body);
		assert_error_shape(&r);
		apitest_res_free(&r);
	}
}

/* The status of a refused record comes from its first problem's kind: 400 bad input, 409 a clash. */
static void problem_status_from_kind(void **state)
{
	(void)state;
	const char *post = "{\"badge_no\":\"150101\",\"kind\":\"director_assistant\",\"division\":\"152921110001\","
			   "\"start\":\"2024-01-01\"}";
	struct apitest_res r = apitest_call(&t, &admin, "POST", "/api/v1/posts", post);
	assert_status(r, 201);
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "POST", "/api/v1/posts",
			 "{\"badge_no\":\"150101\",\"kind\":\"director_assistant\",\"division\":\"152921110001\","
			 "\"start\":\"2025-01-01\"}");
	assert_error(r, 409, "post.overlap");
	assert_true(json_array_size(json_object_get(r.json, "problems")) >= 1);
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "POST", "/api/v1/posts", post);
	assert_error(r, 409, "record.exists");
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "POST", "/api/v1/posts",
			 "{\"badge_no\":\"150101\",\"kind\":\"director_assistant\",\"division\":\"152921110001\","
			 "\"start\":\"2024-02-30\"}");
	assert_status(r, 400);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "start");
	apitest_res_free(&r);
}

/* Query arguments: the first of a name wins, as libmicrohttpd's lookup did; values arrive decoded. */
static void request_accessors(void **state)
{
	(void)state;
	struct http_pair q[] = { { "station", "S01" }, { "station", "S02" }, { "flag", "" } };
	struct http_pair h[] = { { "X-CSRF-Token", "abc" } };
	struct http_pair c[] = { { "fq_session", "tok" }, { "FQ_SESSION", "other" } };
	struct http_request req = { .method = "GET", .url = "/", .query = { q, 3 }, .headers = { h, 1 }, .cookies = { c, 2 } };
	assert_string_equal(http_query(&req, "station"), "S01");
	assert_string_equal(http_query(&req, "flag"), "");
	assert_null(http_query(&req, "Station"));
	assert_string_equal(http_header(&req, "x-csrf-token"), "abc"); /* header names have no case */
	assert_string_equal(http_cookie(&req, "fq_session"), "tok");
	assert_null(http_cookie(&req, "Fq_session"));
}

static void record_round_trip(void **state)
{
	(void)state;
	struct apitest_res r = apitest_call(&t, &admin, "POST", "/api/v1/personnel",
					    "{\"badge_no\":\"150199\",\"name\":\"乙\",\"type\":\"auxiliary\",\"position\":"
					    "\"other\",\"party\":\"none\",\"station\":\"S01\",\"phone\":\"13812345678\"}");
	assert_status(r, 201);
	long long id = (long long)json_integer_value(json_object_get(r.json, "id"));
	assert_string_equal(json_string_value(json_object_get(r.json, "phone")), "13812345678");
	apitest_res_free(&r);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/personnel/%lld", id);
	r = apitest_call(&t, &admin, "PATCH", path, "{\"badge_no\":\"150198\"}");
	assert_error(r, 400, "field.key_immutable");
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "PATCH", path, "{\"name\":\"丙\"}");
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "丙");
	apitest_res_free(&r);
	snprintf(path, sizeof path, "/api/v1/personnel/%lld/void", id);
	r = apitest_call(&t, &admin, "POST", path, "{}");
	assert_status(r, 400);
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "POST", path, "{\"reason\":\"录入错误\"}");
	assert_status(r, 200);
	assert_true(json_is_true(json_object_get(r.json, "voided")));
	apitest_res_free(&r);
	snprintf(path, sizeof path, "/api/v1/personnel/%lld", id);
	r = apitest_call(&t, &admin, "PATCH", path, "{\"name\":\"丁\"}");
	assert_error(r, 409, "record.voided");
	apitest_res_free(&r);
	/* the export is audited with its row count */
	r = apitest_call(&t, &admin, "GET", "/api/v1/personnel/export?station=S01", NULL);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, "150101"));
	apitest_res_free(&r);
	r = apitest_call(&t, &admin, "GET", "/api/v1/audit?action=export", NULL);
	assert_status(r, 200);
	json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "kind")), "personnel");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(first, "detail"), "rows")), 1);
	apitest_res_free(&r);
}

/* A store busy past its wait answers 503 with Retry-After, never a 500 or a 400 quoting SQLite. */
static void busy_store_answers_503(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	struct db *pooled[2] = { db_pool_get(t.api.pool), db_pool_get(t.api.pool) };
	for (int i = 0; i < 2; i++)
		assert_int_equal(db_exec(pooled[i], "PRAGMA busy_timeout=20", &e), 0);
	db_pool_put(t.api.pool, pooled[0]);
	db_pool_put(t.api.pool, pooled[1]);
	struct db *other = db_open(t.path, &e);
	assert_non_null(other);
	assert_int_equal(db_begin(other, &e), 0); /* another writer holds the lock */
	struct apitest_res r = apitest_call(&t, &admin, "POST", "/api/v1/personnel",
					    "{\"badge_no\":\"150177\",\"name\":\"戊\",\"type\":\"police\",\"position\":"
					    "\"other\",\"party\":\"none\",\"station\":\"S01\"}");
	assert_error(r, 503, "db.busy");
	assert_string_equal(apitest_header(&r, "Retry-After"), "1");
	apitest_res_free(&r);
	db_rollback(other);
	db_close(other);
	r = apitest_call(&t, &admin, "GET", "/api/v1/personnel?badge_no=150177", NULL);
	assert_status(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
	apitest_res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sessions_and_csrf),
		cmocka_unit_test(routing_and_errors),
		cmocka_unit_test(problem_status_from_kind),
		cmocka_unit_test(request_accessors),
		cmocka_unit_test(record_round_trip),
		cmocka_unit_test(busy_store_answers_503),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
