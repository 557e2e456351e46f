/*
 * libFuzzer harness for the API's request handling without the network:
 * the bytes become a struct http_request as the server would build it, and
 * api_handle() answers it against a migrated SQLite database in a
 * temporary folder, with an administrator, a station user and a grid
 * worker (confined to its grid) signed in.
 * That covers the route matcher, every parameter reader, the body parsers
 * and the login body.  Whatever the bytes:
 *
 *   - the answer is never a 500 (input must never look like a fault);
 *   - a status is set, and a body that claims to be JSON parses as JSON.
 *
 * The input, as lines ("\n"):
 *   line 1      the method ("GET", "POST", ... or anything)
 *   line 2      the path
 *   ?NAME=VALUE a query pair (decoded already, as libmicrohttpd gives it)
 *   !NAME:VALUE a header (Content-Type defaults to application/json)
 *   @NAME=VALUE a cookie
 *   #admin, #station, #grid, #none
 *               who asks (default the administrator: cookie and CSRF token)
 *   (empty line) the rest is the body, bytes as they are
 * fuzz/corpus/api holds a seed per route (uploads as a body, as multipart and
 * as a cut workbook; templates; reports as files included).
 *
 * The password hash (Argon2id, 64 MB and tens of milliseconds a login) is
 * not what is fuzzed here: crypto_pwhash_str and crypto_pwhash_str_verify
 * are replaced below by a fast keyed hash, so login bodies run at speed.
 * The session of a user the fuzzer logs out, disables or voids is made
 * anew (another user) before the next input.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "api/api.h"
#include "db/db.h"
#include "db/pool.h"
#include "model/access.h"
#include "model/audit.h"
#include "model/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A fast stand-in for Argon2id: "$fuzz$" and a BLAKE2b of the password. */
int crypto_pwhash_str(char out[crypto_pwhash_STRBYTES], const char *const passwd, unsigned long long passwdlen,
		      unsigned long long opslimit, size_t memlimit)
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)passwd, passwdlen, NULL, 0);
	memcpy(out, "$fuzz$", 6);
	sodium_bin2hex(out + 6, crypto_pwhash_STRBYTES - 6, h, sizeof h);
	return 0;
}

int crypto_pwhash_str_verify(const char *str, const char *const passwd, unsigned long long passwdlen)
{
	char want[crypto_pwhash_STRBYTES];
	return crypto_pwhash_str(want, passwd, passwdlen, 0, 0) || strcmp(str, want) ? -1 : 0;
}

#define NOW 1788000000 /* 2026-08-29: fixed, so sessions never expire and runs repeat */
#define PASSWORD "fuzz-pass-word-1"

static struct api api;
static char dir[64];

struct who {
	const char *role, *unit;
	char username[32];
	char token[65], csrf[65];
	int generation;
};
#define GRID "152921100001001" /* the grid worker's grid, under the station's first community */

static struct who admin = { .role = "admin" }, station = { .role = "station", .unit = "S01" },
		  grid = { .role = "grid", .unit = GRID };

static void first_problem(void *ctx, const struct err *e)
{
	*(struct err *)ctx = *e;
}

/* A user of `w`'s role under a fresh name, signed in. */
static void sign_in(struct who *w)
{
	struct db *db = db_pool_get(api.pool);
	struct err e;
	err_clear(&e);
	snprintf(w->username, sizeof w->username, "fuzz%s%d", w->role, w->generation++);
	struct record *r = record_new(&user_type);
	if (!r || record_set_by_name(r, "username", w->username, 480, &e) ||
	    record_set_by_name(r, "role", w->role, 480, &e) ||
	    (w->unit && record_set_by_name(r, "unit", w->unit, 480, &e)) ||
	    record_check(db, r, &(struct problem_sink){ first_problem, &e }) || record_save(db, r, NOW, NULL, &e) ||
	    user_set_password(db, w->username, PASSWORD, NOW, &e)) {
		fprintf(stderr, "fuzz_api: user %s: %s\n", w->username, e.message);
		abort();
	}
	record_free(r);
	/* the inputs' failed logins (from 127.0.0.1, like this one) must not throttle the
	   harness's own sign-in: that is not what is fuzzed, and it would abort the run */
	if (db_exec(db, "DELETE FROM login_failures", &e)) {
		fprintf(stderr, "fuzz_api: %s\n", e.message);
		abort();
	}
	struct user u;
	if (session_login(db, w->username, PASSWORD, "127.0.0.1", NOW, &u, w->token, w->csrf, &e)) {
		fprintf(stderr, "fuzz_api: login %s: %s\n", w->username, e.message);
		abort();
	}
	db_pool_put(api.pool, db);
}

/* Still signed in?  If the last input ended the session or the user, sign another in. */
static void keep_signed_in(struct who *w)
{
	struct db *db = db_pool_get(api.pool);
	struct user u;
	char csrf[65];
	struct err e;
	err_clear(&e);
	bool ok = session_resolve(db, w->token, NOW, &u, csrf, &e) == 0 && !u.disabled;
	db_pool_put(api.pool, db);
	if (!ok)
		sign_in(w);
}

/* The request's answer must be sound; abort() with the request when it is not. */
static void check(const struct http_request *req, const struct http_response *res)
{
	const char *body = res->static_body ? res->static_body : res->body;
	bool bad = res->status < 100 || res->status > 599 || res->status == 500;
	if (!bad && res->content_type && strstr(res->content_type, "json")) {
		json_error_t je;
		json_t *j = json_loadb(body ? body : "", res->body_len, 0, &je);
		bad = !j;
		json_decref(j);
	}
	if (!bad)
		return;
	fprintf(stderr, "fuzz_api: %s %s (%zu query pairs, %zu-byte body) answered %d %s: %.*s\n", req->method,
		req->url, req->query.n, req->body_len, res->status, res->content_type ? res->content_type : "",
		(int)(res->body_len < 400 ? res->body_len : 400), body ? body : "");
	abort();
}

/* Answer one request as `w` (or nobody) and check the answer. */
static void call(struct who *w, const char *method, const char *url, const struct http_pair *query, size_t nq,
		 const struct http_pair *headers, size_t nh, const struct http_pair *cookies, size_t nc,
		 const char *body, size_t body_len)
{
	struct http_pair hp[40], cp[40];
	size_t h = 0, k = 0;
	bool has_type = false;
	for (size_t i = 0; i < nh && h < 38; i++) {
		hp[h++] = headers[i];
		has_type |= !strcasecmp(headers[i].name, "Content-Type");
	}
	if (!has_type)
		hp[h++] = (struct http_pair){ "Content-Type", "application/json" };
	if (w)
		hp[h++] = (struct http_pair){ "X-CSRF-Token", w->csrf };
	if (w)
		cp[k++] = (struct http_pair){ "fq_session", w->token };
	for (size_t i = 0; i < nc && k < 40; i++)
		cp[k++] = cookies[i];
	struct http_request req = { .method = method, .url = url, .body = body, .body_len = body_len,
				    .remote_ip = "127.0.0.1", .query = { query, nq }, .headers = { hp, h },
				    .cookies = { cp, k } };
	struct http_response res = { 0 };
	api_handle(&api, &req, &res);
	if (getenv("FUZZ_API_VERBOSE")) /* to see what a seed reaches */
		fprintf(stderr, "fuzz_api: %s %s -> %d %.*s\n", method, url, res.status, (int)(res.body_len < 300 ? res.body_len : 300),
			res.static_body ? (const char *)res.static_body : res.body ? res.body : "");
	check(&req, &res);
	free(res.body);
}

static void seed(const char *url, const char *body)
{
	call(&admin, "POST", url, NULL, 0, NULL, 0, NULL, 0, body, strlen(body));
}

/* The temporary database goes when the run ends. */
static void cleanup(void)
{
	static const char *const suffix[] = { "/api.db", "/api.db-wal", "/api.db-shm" };
	char path[128];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(path, sizeof path, "%s%s", dir, suffix[i]);
		unlink(path);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	json_object_seed(1);
	if (sodium_init() < 0)
		abort();
	snprintf(dir, sizeof dir, "/tmp/fq-fuzz-api-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	char path[128];
	snprintf(path, sizeof path, "%s/api.db", dir);
	struct err e;
	err_clear(&e);
	struct db *db = db_open(path, &e);
	if (!db || db_migrate(db, NULL, &e)) {
		fprintf(stderr, "fuzz_api: %s\n", e.message);
		abort();
	}
	db_close(db);
	/* the audit chain keyed by a fixed secret, without a checkpoint file: every commit would write one */
	static const unsigned char secret[AUDIT_SECRET_BYTES] = { 1 };
	if (audit_keys_use(secret, NULL, &e)) {
		fprintf(stderr, "fuzz_api: %s\n", e.message);
		abort();
	}
	api = (struct api){ .pool = db_pool_open(path, 2, &e), .now = NOW };
	if (!api.pool)
		abort();
	sign_in(&admin);
	seed("/api/v1/divisions", "{\"code\":\"152921000000\",\"name\":\"阿拉善左旗\"}");
	seed("/api/v1/divisions",
	     "{\"code\":\"152921100000\",\"name\":\"巴彦浩特镇\",\"parent_code\":\"152921000000\"}");
	seed("/api/v1/stations", "{\"code\":\"S01\",\"name\":\"一所\",\"model\":\"standard\",\"divisions\":\"152921100000\"}");
	seed("/api/v1/personnel", "{\"badge_no\":\"150101\",\"name\":\"甲\",\"type\":\"police\",\"position\":"
				  "\"community_officer\",\"party\":\"member\",\"station\":\"S01\"}");
	/* a community with a grid, and a report from it: the grid scope and the station's inbox have a record */
	seed("/api/v1/divisions", "{\"code\":\"152921100001\",\"name\":\"和平社区\",\"parent_code\":\"152921100000\"}");
	seed("/api/v1/divisions", "{\"code\":\"" GRID "\",\"name\":\"和平社区第一网格\",\"parent_code\":\"152921100001\"}");
	seed("/api/v1/gridreports", "{\"report_no\":\"G-1\",\"reported_at\":\"2026-08-01 10:00\",\"grid\":\"" GRID
				    "\",\"kind\":\"help\",\"summary\":\"求助\"}");
	sign_in(&station);
	sign_in(&grid);
	return 0;
}

#define MAX_PAIRS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	keep_signed_in(&admin);
	keep_signed_in(&station);
	keep_signed_in(&grid);
	/* a NUL-terminated copy, cut into lines up to the first empty one */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct http_pair query[MAX_PAIRS], headers[MAX_PAIRS], cookies[MAX_PAIRS];
	size_t nq = 0, nh = 0, nc = 0;
	const char *method = "GET", *url = "/";
	const char *body = "";
	size_t body_len = 0;
	struct who *w = &admin;
	char *p = text;
	for (int line = 0; p < text + size; line++) {
		char *nl = memchr(p, '\n', (size_t)(text + size - p));
		char *end = nl ? nl : text + size;
		*end = 0;
		if (line >= 2 && p == end) { /* the empty line: the body follows */
			body = end + 1 <= text + size ? end + 1 : end;
			body_len = (size_t)(text + size - body);
			break;
		}
		if (line == 0)
			method = p;
		else if (line == 1)
			url = p;
		else if (*p == '#')
			w = !strcmp(p, "#none") ? NULL : !strcmp(p, "#station") ? &station : !strcmp(p, "#grid") ? &grid : &admin;
		else if (*p == '?' || *p == '!' || *p == '@') {
			char *sep = strchr(p + 1, *p == '!' ? ':' : '=');
			if (sep)
				*sep = 0;
			struct http_pair pair = { p + 1, sep ? sep + 1 : "" };
			if (*p == '?' && nq < MAX_PAIRS)
				query[nq++] = pair;
			else if (*p == '!' && nh < MAX_PAIRS)
				headers[nh++] = pair;
			else if (*p == '@' && nc < MAX_PAIRS)
				cookies[nc++] = pair;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	/* the body in a block of its own, exactly body_len long: ASan sees a read one past its end */
	char *own = malloc(body_len);
	if (own || !body_len) {
		if (own)
			memcpy(own, body, body_len);
		call(w, method, url, query, nq, headers, nh, cookies, nc, own ? own : "", body_len);
	}
	free(own);
	free(text);
	return 0;
}
