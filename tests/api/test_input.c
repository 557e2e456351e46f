/*
 * Input that is not what it should be never answers 500: query parameters
 * that are not UTF-8 (a stray byte, a character cut in the middle) answer
 * 400 bad_encoding naming the parameter; a body that is not UTF-8 names
 * the byte and the member; a message that quotes input quotes it cut at a
 * character and with control characters escaped; login takes JSON only;
 * an integer parameter with anything but digits is refused.
 */
#include "apitest.h"

#include "base/text.h"

static struct apitest t;
static struct apitest_who admin;

static int setup(void **state)
{
	apitest_open(&t);
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

/* A request with exactly these query pairs, headers and body, as admin (cookie and CSRF token added). */
static struct apitest_res call_raw(const char *method, const char *url, const struct http_pair *query, size_t nq,
				   const char *content_type, const char *body, size_t body_len)
{
	struct http_pair hp[2], cp[1] = { { "fq_session", admin.cookie } };
	size_t nh = 0;
	if (strcmp(method, "GET"))
		hp[nh++] = (struct http_pair){ "X-CSRF-Token", admin.csrf };
	if (content_type)
		hp[nh++] = (struct http_pair){ "Content-Type", content_type };
	struct http_request req = { .method = method, .url = url, .body = body ? body : "", .body_len = body_len,
				    .remote_ip = "127.0.0.1", .query = { query, nq }, .headers = { hp, nh },
				    .cookies = { cp, 1 } };
	struct apitest_res out = apitest_request(&t, &req);
	if (!out.json)
		fail_msg("%s %s: %d, the body is not JSON: %.200s", method, url, out.status, out.body);
	return out;
}

static const char *error_field(const struct apitest_res *r)
{
	const char *f = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
	return f ? f : "";
}

static const char *error_message(const struct apitest_res *r)
{
	const char *m = json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
	return m ? m : "";
}

static void query_not_utf8_is_400(void **state)
{
	(void)state;
	static const struct {
		const char *url, *param;
	} cases[] = {
		{ "/api/v1/personnel", "sort" },	       { "/api/v1/personnel", "name" },
		{ "/api/v1/personnel", "q" },		       { "/api/v1/reports/incidents", "from" },
		{ "/api/v1/reports/incidents", "to" },	       { "/api/v1/reports/incidents", "division" },
		{ "/api/v1/reports/incidents", "station" },    { "/api/v1/reports/coverage", "as_of" },
		{ "/api/v1/reports/coverage", "station" },     { "/api/v1/reports/warnings", "station" },
		{ "/api/v1/todo", "station" },		       { "/api/v1/reports/incidents/trend", "category" },
		{ "/api/v1/audit", "actor" },		       { "/api/v1/stations/export", "format" },
	};
	/* a stray byte, a character cut after its first byte, an overlong '/' */
	static const char *const bad[] = { "S0\xff", "\xe4\xb8", "a\xc0\xaf" };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			struct http_pair q[3] = { { "from", "2026-01-01" }, { "to", "2026-06-30" }, { cases[i].param, bad[k] } };
			struct apitest_res r = call_raw("GET", cases[i].url, q, 3, NULL, NULL, 0);
			if (r.status != 400 || strcmp(apitest_error_code(&r), "bad_encoding") ||
			    strcmp(error_field(&r), cases[i].param))
				fail_msg("%s?%s: want 400 bad_encoding naming it, got %d %s", cases[i].url, cases[i].param,
					 r.status, r.body);
			apitest_res_free(&r);
		}
	/* a name that is not UTF-8 is named as safely as it can be */
	struct http_pair q[1] = { { "s\xffrt", "name" } };
	struct apitest_res r = call_raw("GET", "/api/v1/personnel", q, 1, NULL, NULL, 0);
	assert_error(r, 400, "bad_encoding");
	assert_string_equal(error_field(&r), "s\\xFFrt");
	apitest_res_free(&r);
}

/* Every byte of a message is UTF-8 and none is a control character. */
static void assert_quoted_safely(const struct apitest_res *r)
{
	const char *m = error_message(r);
	if (!*m || !utf8_valid(m, strlen(m)))
		fail_msg("no message, or not UTF-8: %s", r->body);
	for (const char *p = m; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			fail_msg("a control character in the message: %s", r->body);
}

static void messages_quote_input_safely(void **state)
{
	(void)state;
	/* 31 bytes: the 30 a message quotes end inside the last 中 */
	struct http_pair q[1] = { { "station", "S\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
					       "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad" } };
	struct apitest_res r = call_raw("GET", "/api/v1/reports/warnings", q, 1, NULL, NULL, 0);
	assert_error(r, 404, "station.not_found");
	assert_quoted_safely(&r);
	assert_non_null(strstr(error_message(&r), "“S中中中中中中中中中”"));
	apitest_res_free(&r);

	q[0].value = "S\x01\x1b[31m";
	r = call_raw("GET", "/api/v1/reports/warnings", q, 1, NULL, NULL, 0);
	assert_error(r, 404, "station.not_found");
	assert_quoted_safely(&r);
	assert_non_null(strstr(error_message(&r), "S\\x01\\x1B[31m"));
	apitest_res_free(&r);

	/* an unknown member whose 40 quoted bytes end inside a character, and one with a newline */
	static const char body[] = "{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xe4\xb8\xad\":1,\"x\\ny\":2}";
	r = call_raw("POST", "/api/v1/stations", NULL, 0, "application/json", body, sizeof body - 1);
	assert_status(r, 400);
	assert_string_equal(apitest_error_code(&r), "field.unknown");
	assert_quoted_safely(&r);
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(r.json, "problems"), i, p)
	{
		const char *m = json_string_value(json_object_get(p, "message"));
		if (!m || !utf8_valid(m, strlen(m)) || strchr(m, '\n'))
			fail_msg("problem %zu not quoted safely: %s", i, r.body);
	}
	apitest_res_free(&r);
}

static void body_not_utf8_names_member(void **state)
{
	(void)state;
	static const char body[] = "{\"code\":\"S09\",\"name\":\"二\xe6\x89\",\"model\":\"standard\"}";
	struct apitest_res r = call_raw("POST", "/api/v1/stations", NULL, 0, "application/json", body, sizeof body - 1);
	assert_error(r, 400, "bad_encoding");
	assert_string_equal(error_field(&r), "name");
	assert_non_null(strstr(error_message(&r), "第 25 字节"));
	apitest_res_free(&r);

	/* no member before it: the body is named */
	r = call_raw("PATCH", "/api/v1/stations/1", NULL, 0, "application/json", "\xff{}", 3);
	assert_error(r, 400, "bad_encoding");
	assert_string_equal(error_field(&r), "body");
	apitest_res_free(&r);
}

static void login_takes_json_only(void **state)
{
	(void)state;
	static const char form[] = "username=root&password=admin-pass-1";
	static const char json[] = "{\"username\":\"root\",\"password\":\"admin-pass-1\"}";
	static const char *const refused[] = { "application/x-www-form-urlencoded", "text/plain", "multipart/form-data",
					       "application/jsonp", "application/json; charset=gbk", NULL };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		const char *body = i == 0 ? form : json;
		struct apitest_res r = call_raw("POST", "/api/v1/session", NULL, 0, refused[i], body, strlen(body));
		if (r.status != 415 || strcmp(apitest_error_code(&r), "unsupported_media_type") ||
		    strcmp(error_field(&r), "Content-Type"))
			fail_msg("Content-Type %s: want 415, got %d %s", refused[i] ? refused[i] : "(none)", r.status, r.body);
		apitest_res_free(&r);
	}
	struct apitest_res r =
		call_raw("POST", "/api/v1/session", NULL, 0, "Application/JSON; charset=UTF-8", json, strlen(json));
	assert_status(r, 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "user"), "username")), "root");
	apitest_res_free(&r);
}

static void integer_parameters_refuse_garbage(void **state)
{
	(void)state;
	static const struct {
		const char *url, *param, *value;
	} cases[] = {
		{ "/api/v1/personnel", "page", "+2" },
		{ "/api/v1/personnel", "page", " 2" },
		{ "/api/v1/personnel", "per_page", "20x" },
		{ "/api/v1/personnel", "per_page", "" },
		{ "/api/v1/audit", "record_id", "99999999999999999999" },
		{ "/api/v1/audit", "page", "0x10" },
		{ "/api/v1/reports/incidents/trend", "year", " 2026" },
		{ "/api/v1/reports/incidents/trend", "year", "2026年" },
		{ "/api/v1/reports/incidents/trend", "year", "abc" },
		{ "/api/v1/reports/incidents/trend", "year", "99999" },
		{ "/api/v1/reports/incidents/records", "page", "-1" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_pair q[3] = { { "from", "2026-01-01" }, { "to", "2026-06-30" }, { cases[i].param, cases[i].value } };
		struct apitest_res r = call_raw("GET", cases[i].url, q, 3, NULL, NULL, 0);
		if (r.status != 400 || strcmp(error_field(&r), cases[i].param))
			fail_msg("%s?%s=%s: want 400 naming it, got %d %s", cases[i].url, cases[i].param, cases[i].value,
				 r.status, r.body);
		apitest_res_free(&r);
	}
	struct http_pair q[1] = { { "year", "2026" } };
	struct apitest_res r = call_raw("GET", "/api/v1/reports/incidents/trend", q, 1, NULL, NULL, 0);
	assert_status(r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "year")), 2026);
	apitest_res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(query_not_utf8_is_400),
		cmocka_unit_test(messages_quote_input_safely),
		cmocka_unit_test(body_not_utf8_names_member),
		cmocka_unit_test(login_takes_json_only),
		cmocka_unit_test(integer_parameters_refuse_garbage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
