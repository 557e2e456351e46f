/*
 * apitest.h — drive the API's handlers in-process: a migrated database in
 * a temporary folder behind a connection pool, and requests built as the
 * server builds them (struct http_request with its query, headers, cookies
 * and body already parsed), answered by api_handle() without a socket.
 * Sessions are real: a user logs in through POST /api/v1/session and its
 * cookie and CSRF token ride along on later calls.
 */
#ifndef FQ_TESTS_APITEST_H
#define FQ_TESTS_APITEST_H

#include "testlib.h"

#include "api/api.h"
#include "model/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define APITEST_MAX_PAIRS 32

struct apitest {
	char dir[64], path[96];
	struct api api;
};

/* Who a request comes from: a cookie and a CSRF token, or nobody. */
struct apitest_who {
	char cookie[80];
	char csrf[65];
};

struct apitest_res {
	int status;
	char *body;  /* NUL-terminated copy */
	json_t *json; /* parsed body, or NULL */
	char headers[HTTP_MAX_HEADERS][2][400];
	int nheaders;
};

static inline void apitest_open(struct apitest *t)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/fq-apitest-XXXXXX");
	if (!mkdtemp(t->dir))
		fail_msg("mkdtemp failed");
	snprintf(t->path, sizeof t->path, "%s/api.db", t->dir);
	struct err e;
	err_clear(&e);
	struct db *db = db_open(t->path, &e);
	char key[128], checkpoints[128];
	snprintf(key, sizeof key, "%s.key", t->path);
	snprintf(checkpoints, sizeof checkpoints, "%s.audit", t->path);
	if (!db || db_migrate(db, NULL, &e) || audit_keys_open(db, key, checkpoints, false, &e))
		fail_msg("migrate: %s", e.message);
	db_close(db);
	t->api = (struct api){ .pool = db_pool_open(t->path, 2, &e) };
	if (!t->api.pool)
		fail_msg("pool: %s", e.message);
}

static inline void apitest_close(struct apitest *t)
{
	db_pool_close(t->api.pool);
	char p[128];
	audit_keys_close();
	static const char *const suffix[] = { "", "-wal", "-shm", ".key", ".key.pub", ".audit" };
	for (size_t i = 0; i < 6; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

static inline void apitest_res_free(struct apitest_res *r)
{
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

static inline const char *apitest_header(const struct apitest_res *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i][0], name))
			return r->headers[i][1];
	return NULL;
}

/* Answer a request built by hand (every pair, header and body as given); the body is parsed when it is JSON. */
static inline struct apitest_res apitest_request(struct apitest *t, const struct http_request *req)
{
	struct http_response res = { 0 };
	api_handle(&t->api, req, &res);
	struct apitest_res out = { .status = res.status };
	const char *src = res.static_body ? res.static_body : res.body;
	out.body = malloc(res.body_len + 1);
	if (!out.body)
		fail_msg("out of memory");
	if (res.body_len)
		memcpy(out.body, src, res.body_len);
	out.body[res.body_len] = 0;
	free(res.body);
	out.nheaders = res.nheaders;
	for (int i = 0; i < res.nheaders; i++) {
		snprintf(out.headers[i][0], sizeof out.headers[i][0], "%s", res.headers[i].name);
		snprintf(out.headers[i][1], sizeof out.headers[i][1], "%s", res.headers[i].value);
	}
	if (res.content_type && strstr(res.content_type, "json"))
		out.json = json_loads(out.body, 0, NULL);
	return out;
}

/*
 * METHOD TARGET (a path with an optional "?a=b&c=d" query, values not
 * percent-encoded) with an optional JSON body, as `who`.  Unsafe methods
 * carry who's CSRF token.  The answer's body is parsed when it is JSON.
 */
static inline struct apitest_res apitest_call(struct apitest *t, const struct apitest_who *who, const char *method,
					      const char *target, const char *body)
{
	char path[512], query[1024] = "";
	snprintf(path, sizeof path, "%s", target);
	char *q = strchr(path, '?');
	if (q) {
		*q = 0;
		snprintf(query, sizeof query, "%s", q + 1);
	}
	struct http_pair qp[APITEST_MAX_PAIRS], hp[4], cp[2];
	size_t nq = 0, nh = 0, nc = 0;
	char *save = NULL;
	for (char *kv = strtok_r(query, "&", &save); kv && nq < APITEST_MAX_PAIRS; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		if (eq)
			*eq = 0;
		qp[nq++] = (struct http_pair){ kv, eq ? eq + 1 : "" };
	}
	if (who && who->cookie[0])
		cp[nc++] = (struct http_pair){ "fq_session", who->cookie };
	if (who && who->csrf[0] && strcmp(method, "GET"))
		hp[nh++] = (struct http_pair){ "X-CSRF-Token", who->csrf };
	hp[nh++] = (struct http_pair){ "Content-Type", "application/json" };
	struct http_request req = { .method = method, .url = path, .body = body ? body : "",
				    .body_len = body ? strlen(body) : 0, .remote_ip = "127.0.0.1",
				    .query = { qp, nq }, .headers = { hp, nh }, .cookies = { cp, nc } };
	return apitest_request(t, &req);
}

/* The error code of an error answer, or "". */
static inline const char *apitest_error_code(const struct apitest_res *r)
{
	const char *code = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
	return code ? code : "";
}

/* Log in (through the API) and keep the session's cookie and CSRF token. */
static inline void apitest_login(struct apitest *t, const char *username, const char *password,
				 struct apitest_who *who)
{
	char body[256];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
	struct apitest_res r = apitest_call(t, NULL, "POST", "/api/v1/session", body);
	if (r.status != 200)
		fail_msg("login %s: %d %s", username, r.status, r.body);
	const char *cookie = apitest_header(&r, "Set-Cookie");
	const char *csrf = json_string_value(json_object_get(r.json, "csrf_token"));
	if (!cookie || !csrf || strncmp(cookie, "fq_session=", 11))
		fail_msg("login %s: no cookie or token", username);
	snprintf(who->cookie, sizeof who->cookie, "%.*s", (int)strcspn(cookie + 11, ";"), cookie + 11);
	snprintf(who->csrf, sizeof who->csrf, "%s", csrf);
	apitest_res_free(&r);
}

/* Add a user with a password straight through the model (as `fengqiao user add` does). */
static inline void apitest_user(struct apitest *t, const char *username, const char *role, const char *unit,
				const char *password)
{
	struct db *db = db_pool_get(t->api.pool);
	if (unit)
		assert_put_ok(db, &user_type, "username", username, "role", role, "unit", unit);
	else
		assert_put_ok(db, &user_type, "username", username, "role", role);
	struct err e;
	err_clear(&e);
	if (user_set_password(db, username, password, 1700000000, &e))
		fail_msg("password: %s", e.message);
	db_pool_put(t->api.pool, db);
}

#define assert_status(res, want)                                                                          \
	do {                                                                                              \
		if ((res).status != (want))                                                               \
			fail_msg("%s:%d: want %d, got %d: %.300s", __FILE__, __LINE__, (want), (res).status, \
				 (res).body);                                                             \
	} while (0)

#define assert_error(res, want_status, want_code)                                                        \
	do {                                                                                              \
		assert_status(res, want_status);                                                          \
		if (strcmp(apitest_error_code(&(res)), (want_code)))                                      \
			fail_msg("%s:%d: want error %s, got %.300s", __FILE__, __LINE__, (want_code), (res).body); \
	} while (0)

#endif
