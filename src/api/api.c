/*
 * api.c — routing, sessions, CSRF, roles, and the error shape.
 */
#include "base/text.h"
#include "api/api.h"
#include "io/record_json.h"
#include "model/audit.h"

#include <sodium.h>

#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COOKIE SESSION_COOKIE

/*
 * A route names what it touches and how: a resource of the permission
 * table (a fixed one, or the {kind} segment) and an action.  The
 * dispatcher asks the table once; no handler checks a role.
 */
#define KIND_SEGMENT "{kind}"

enum route_access {
	ANYONE,    /* no session needed */
	SIGNED_IN, /* any role with a session */
	GRANTED,   /* the table must grant `action` on `resource` */
};

struct route {
	const char *method;
	const char *pattern; /* segments; "{kind}" and "{id}" capture */
	void (*handler)(struct ctx *c);
	enum route_access access;
	const char *resource; /* GRANTED: RES_..., or KIND_SEGMENT */
	enum action action;
};

static void session_create(struct ctx *c);
static void session_get(struct ctx *c);
static void session_delete(struct ctx *c);
static void session_password(struct ctx *c);
static void healthz(struct ctx *c);

static const struct route routes[] = {
	{ "GET", "/healthz", healthz, ANYONE, NULL, 0 },
	{ "POST", "/api/v1/session", session_create, ANYONE, NULL, 0 },
	{ "GET", "/api/v1/session", session_get, SIGNED_IN, NULL, 0 },
	{ "DELETE", "/api/v1/session", session_delete, SIGNED_IN, NULL, 0 },
	{ "POST", "/api/v1/session/password", session_password, SIGNED_IN, NULL, 0 },
	{ "GET", "/api/v1/meta", meta_get, SIGNED_IN, NULL, 0 },
	{ "GET", "/api/v1/reports/coverage", coverage_get, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/reports/incidents", incidents_report_get, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/reports/incidents/records", incidents_report_records, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/reports/incidents/trend", incidents_report_trend, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/reports/disputes", disputes_report_get, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/reports/disputes/records", disputes_report_records, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/reports/warnings", warnings_report_get, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/reports/briefing", briefing_get, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/reports/kpi", kpi_report_get, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/geo/banner", geo_banner, GRANTED, RES_REPORTS, ACT_READ },
	{ "GET", "/api/v1/audit/verify", audit_verify_get, GRANTED, RES_AUDIT, ACT_READ },
	{ "GET", "/api/v1/audit", audit_list_get, GRANTED, RES_AUDIT, ACT_READ },
	{ "GET", "/api/v1/todo", todo_get, GRANTED, RES_TODO, ACT_READ },
	{ "POST", "/api/v1/backups", backups_post, GRANTED, RES_BACKUPS, ACT_CREATE },
	{ "POST", "/api/v1/gridreports/{id}/accept", gridreports_accept, GRANTED, "gridreports", ACT_UPDATE },
	{ "POST", "/api/v1/gridreports/{id}/turn", gridreports_turn, GRANTED, "gridreports", ACT_UPDATE },
	{ "POST", "/api/v1/gridreports/{id}/no_action", gridreports_no_action, GRANTED, "gridreports", ACT_UPDATE },
	{ "POST", "/api/v1/gridreports/{id}/feedback", gridreports_feedback, GRANTED, "gridreports", ACT_UPDATE },
	{ "POST", "/api/v1/recuperation/plan", recuperation_plan_post, GRANTED, RES_RECUPERATION, ACT_READ }, /* save: create */
	{ "GET", "/api/v1/recuperation/eligible", recuperation_eligible_get, GRANTED, RES_RECUPERATION, ACT_READ },
	{ "GET", "/api/v1/recuperation/plans", recuperation_plans_get, GRANTED, RES_RECUPERATION, ACT_READ },
	{ "GET", "/api/v1/recuperation/plans/{id}", recuperation_plan_get, GRANTED, RES_RECUPERATION, ACT_READ },
	{ "POST", "/api/v1/recuperation/plans/{id}/swap", recuperation_plan_swap, GRANTED, RES_RECUPERATION, ACT_UPDATE },
	{ "POST", "/api/v1/recuperation/plans/{id}/freeze", recuperation_plan_freeze, GRANTED, RES_RECUPERATION, ACT_UPDATE },
	{ "GET", "/api/v1/recuperation/plans/{id}/export", recuperation_plan_export, GRANTED, RES_RECUPERATION, ACT_EXPORT },
	{ "GET", "/api/v1/recuperation/plans/{id}/print", recuperation_plan_print, GRANTED, RES_RECUPERATION, ACT_READ },
	{ "GET", "/api/v1/{kind}/export", records_export, GRANTED, KIND_SEGMENT, ACT_EXPORT },
	{ "GET", "/api/v1/{kind}/template", records_template, GRANTED, KIND_SEGMENT, ACT_CREATE },
	{ "POST", "/api/v1/{kind}/import", records_import, GRANTED, KIND_SEGMENT, ACT_CREATE },
	{ "GET", "/api/v1/{kind}/{id}/reveal", records_reveal, GRANTED, KIND_SEGMENT, ACT_REVEAL },
	{ "POST", "/api/v1/{kind}/{id}/void", records_void, GRANTED, KIND_SEGMENT, ACT_VOID },
	{ "GET", "/api/v1/{kind}/{id}", records_get, GRANTED, KIND_SEGMENT, ACT_READ },
	{ "PATCH", "/api/v1/{kind}/{id}", records_patch, GRANTED, KIND_SEGMENT, ACT_UPDATE },
	{ "GET", "/api/v1/{kind}", records_list, GRANTED, KIND_SEGMENT, ACT_READ },
	{ "POST", "/api/v1/{kind}", records_create, GRANTED, KIND_SEGMENT, ACT_CREATE },
};

int status_of(const struct err *e)
{
	switch (e->kind) {
	case ERR_INVALID: return 400;
	case ERR_AUTH: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_NOT_FOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_TOO_LARGE: return 413;
	case ERR_THROTTLED: return 429;
	case ERR_UNAVAILABLE: return 503;
	default: return 500;
	}
}

void reply_json(struct ctx *c, int status, json_t *body)
{
	/* 15 significant digits print -8.81 as -8.81, not -8.8100000000000005 */
	char *s = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(body);
	if (!s) {
		static const char oom[] = "{\"error\":{\"code\":\"internal\",\"message\":\"内部错误（internal error）\",\"field\":null,\"line\":null}}";
		c->res->status = 500;
		c->res->content_type = "application/json; charset=utf-8";
		c->res->static_body = oom;
		c->res->body_len = sizeof oom - 1;
		return;
	}
	http_set_body(c->res, status, "application/json; charset=utf-8", s, strlen(s));
	http_set_header(c->res, "Cache-Control", "no-store");
}

static json_t *error_object(const struct err *e)
{
	json_t *o = json_pack("{s:s, s:s, s:s?, s:o}", "code", e->code[0] ? e->code : err_kind_name(e->kind), "message",
			      e->message, "field", e->field[0] ? e->field : NULL, "line",
			      e->line ? json_integer(e->line) : json_null());
	message_languages(o);
	return o;
}

void reply_fail(struct ctx *c, enum err_kind kind, const char *code, const char *field, const char *fmt, ...)
{
	struct err e;
	va_list ap;
	va_start(ap, fmt);
	err_vset(&e, kind, code, field, fmt, ap);
	va_end(ap);
	reply_error(c, &e);
}

void reply_error(struct ctx *c, const struct err *e)
{
	int status = status_of(e);
	if (status == 500) {
		/* never leak internals: the details go to the server's log */
		fprintf(stderr, "fengqiao: %s %s: %s (%s)\n", c->req->method, c->req->url, e->message, e->code);
		struct err pub;
		err_set(&pub, ERR_INTERNAL, "internal", NULL, "服务器内部错误，请稍后重试（internal error）");
		reply_json(c, 500, json_pack("{s:o}", "error", error_object(&pub)));
		return;
	}
	reply_json(c, status, json_pack("{s:o}", "error", error_object(e)));
	if (status == 503)
		http_set_header(c->res, "Retry-After", "1"); /* the store is busy for a moment, not down */
}

void reply_error_listing(struct ctx *c, const struct err *e, json_t *list)
{
	int status = status_of(e);
	if (!json_array_size(list) || status >= 500) {
		json_decref(list);
		reply_error(c, e);
		return;
	}
	/* the error first among its problems, as in every other answer with problems */
	json_array_insert_new(list, 0, error_object(e));
	reply_problems(c, status, list);
}

void reply_problems(struct ctx *c, int status, json_t *problems)
{
	for (size_t i = 0; i < json_array_size(problems); i++)
		message_languages(json_array_get(problems, i));
	json_t *first = json_array_get(problems, 0);
	json_t *err = first ? json_deep_copy(first) : json_pack("{s:s, s:s}", "code", "invalid", "message", "invalid");
	json_object_set_new(err, "line", json_null());
	if (!json_object_get(err, "field"))
		json_object_set_new(err, "field", json_null());
	reply_json(c, status, json_pack("{s:o, s:o}", "error", err, "problems", problems));
}

json_t *body_object_or_reply(struct ctx *c)
{
	if (body_encoding_or_reply(c))
		return NULL;
	json_error_t je;
	json_t *o = json_loadb(c->req->body, c->req->body_len, JSON_REJECT_DUPLICATES, &je);
	struct err e;
	err_clear(&e);
	if (!o) {
		err_set(&e, ERR_INVALID, "json.malformed", NULL, "请求体不是有效的 JSON（malformed JSON）: %s", je.text);
		e.line = je.line > 0 ? je.line : 0;
		reply_error(c, &e);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		err_set(&e, ERR_INVALID, "json.not_object", NULL, "请求体应为 JSON 对象（expected a JSON object）");
		reply_error(c, &e);
		return NULL;
	}
	return o;
}

int report_station_or_reply(struct ctx *c, const char **station)
{
	const char *asked = http_query(c->req, "station");
	if (asked && !*asked)
		asked = NULL;
	const char *own = scope_station(&c->scope);
	/* a unit's figures are its subtree's: a county bureau's leader may narrow to one of its stations */
	int below = 0;
	if (*own && asked && strcmp(asked, own) && c->scope.kind == SCOPE_UNIT) {
		struct err e;
		err_clear(&e);
		if ((below = perm_unit_in(c->db, own, asked, &e)) < 0) {
			reply_error(c, &e);
			return -1;
		}
	}
	if (*own && asked && strcmp(asked, own) && !below) {
		/* another station's figures do not exist for a station user */
		char shown[48];
		reply_fail(c, ERR_NOT_FOUND, "station.not_found", "station", "找不到派出所“%s”（no such station）",
			   text_quote(shown, sizeof shown, asked, 30));
		return -1;
	}
	*station = *own && !below ? own : asked;
	return 0;
}

int query_int_or_reply(struct ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out, const char *msg)
{
	const char *s = http_query(c->req, name);
	if (!s)
		return 0;
	if (!text_int(s, lo, hi, out)) {
		reply_fail(c, ERR_INVALID, name, name, "%s", msg);
		return -1;
	}
	return 0;
}

int page_params_or_reply(struct ctx *c, int64_t *page, int64_t *per_page)
{
	*page = 1;
	*per_page = 20;
	return query_int_or_reply(c, "page", 1, 1000000000, page, "页码应为正整数（page must be a positive integer）") ||
			       query_int_or_reply(c, "per_page", 1, 500, per_page, "每页条数应为 1–500（per_page must be 1 to 500）")
		       ? -1
		       : 0;
}

struct page_out {
	struct buf *out;
	bool reveal, first;
};

static int page_add(void *ctx, const struct record *r)
{
	struct page_out *p = ctx;
	if (!p->first)
		buf_add(p->out, ",", 1);
	p->first = false;
	record_write_json(p->out, r, p->reveal);
	return 0;
}

int reply_records(struct ctx *c, const struct record_type *t, const struct record_query *q, int64_t page,
		  int64_t per_page, const char *extra)
{
	struct buf out;
	buf_init(&out);
	buf_puts(&out, "{\"items\":[");
	struct page_out p = { &out, may(c, t->kind, ACT_REVEAL), true };
	int64_t total = 0;
	struct err e;
	err_clear(&e);
	if (record_list(c->db, t, q, page_add, &p, &total, &e)) {
		buf_free(&out);
		reply_error(c, &e);
		return -1;
	}
	buf_printf(&out, "],\"total\":%lld,\"page\":%lld,\"per_page\":%lld%s%s}", (long long)total, (long long)page,
		   (long long)per_page, extra ? "," : "", extra ? extra : "");
	if (out.failed) {
		buf_free(&out);
		err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
		reply_error(c, &e);
		return -1;
	}
	http_set_body(c->res, 200, "application/json; charset=utf-8", out.p, out.len);
	http_set_header(c->res, "Cache-Control", "no-store");
	return 0;
}

/*
 * An entry's detail is at most AUDIT_DETAIL_MAX bytes: a larger one (a
 * request's text that slipped past its own limit) is stored as its size and
 * its first AUDIT_DETAIL_HEAD bytes, cut on a character's boundary.
 */
#define AUDIT_DETAIL_MAX (64 * 1024)
#define AUDIT_DETAIL_HEAD 1024

static char *detail_capped(char *text)
{
	size_t n = text ? strlen(text) : 0;
	if (n <= AUDIT_DETAIL_MAX)
		return text;
	size_t head = AUDIT_DETAIL_HEAD;
	while (head > 0 && ((unsigned char)text[head] & 0xC0) == 0x80)
		head--;
	text[head] = 0;
	json_t *j = json_pack("{s:b, s:I, s:s}", "truncated", 1, "bytes", (json_int_t)n, "head", text);
	free(text);
	char *capped = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return capped;
}

int audit_request(struct ctx *c, const char *action, const char *kind, int64_t id, json_t *detail, struct err *e)
{
	char *text = detail ? detail_capped(json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS)) : NULL;
	json_decref(detail);
	struct audit_entry a = { .actor = c->authed ? c->user.username : "-", .ip = c->req->remote_ip,
				 .action = action, .kind = kind, .record_id = id, .detail = text };
	int rc = audit_append(c->db, &a, c->now, e);
	free(text);
	return rc;
}

static json_t *user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s?}", "id", (json_int_t)u->id, "username", u->username,
			 "display_name", u->display_name, "role", role_code(u->role), "unit", u->unit[0] ? u->unit : NULL);
}

static void healthz(struct ctx *c)
{
	reply_json(c, 200, json_pack("{s:s}", "status", "ok"));
}

static void session_create(struct ctx *c)
{
	if (json_content_type_or_reply(c))
		return;
	json_t *body = body_object_or_reply(c);
	if (!body)
		return;
	const char *username = json_string_value(json_object_get(body, "username"));
	const char *password = json_string_value(json_object_get(body, "password"));
	struct err e;
	err_clear(&e);
	if (!username || !password || !*username) {
		/* the field is read from the body, so the body goes after it (a use after free found by fuzz_api) */
		err_set(&e, ERR_INVALID, "login.fields", !username || !*username ? "username" : "password",
			"请输入用户名和密码（username and password required）");
		json_decref(body);
		reply_error(c, &e);
		return;
	}
	/* no user has a longer name: refused before anything (a failure, an audit entry) is stored */
	const struct field *uf = &user_type.fields[field_index(&user_type, "username")];
	if (uf->max_len > 0 && utf8_chars(username) > (size_t)uf->max_len) {
		json_decref(body);
		err_set(&e, ERR_INVALID, "login.username_too_long", "username", "用户名过长（username too long: at most %d characters）",
			uf->max_len);
		reply_error(c, &e);
		return;
	}
	char token[65], csrf[65];
	struct user u;
	int rc = session_login(c->db, username, password, c->req->remote_ip, c->now, &u, token, csrf, &e);
	if (rc == 0) {
		c->authed = true;
		c->user = u;
		c->scope = perm_scope(u.role, c->user.unit);
	}
	struct err ae;
	err_clear(&ae);
	json_t *detail = rc ? json_pack("{s:s, s:s}", "username", username, "reason", e.code) : NULL;
	/* a store too busy to log in is too busy to audit it: answer now */
	if (rc && e.kind == ERR_UNAVAILABLE)
		json_decref(detail);
	else if (audit_request(c, rc ? "login_failed" : "login", "users", rc ? 0 : u.id, detail, &ae)) {
		/* a login nobody can account for does not happen: the session made ends */
		fprintf(stderr, "fengqiao: audit: %s\n", ae.message);
		json_decref(body);
		if (rc == 0 && session_logout(c->db, token, &e))
			fprintf(stderr, "fengqiao: %s\n", e.message);
		c->authed = false;
		err_set(&e, ERR_UNAVAILABLE, "audit.unavailable", NULL,
			"审计日志暂时无法写入，登录未完成，请稍后重试（the audit log cannot be written: login refused, try again later）");
		reply_error(c, &e);
		return;
	}
	json_decref(body);
	if (rc) {
		reply_error(c, &e);
		return;
	}
	char cookie[256];
	snprintf(cookie, sizeof cookie, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
		 SESSION_ABSOLUTE_SECONDS, c->req->tls ? "; Secure" : "");
	reply_json(c, 200, json_pack("{s:o, s:s}", "user", user_json(&u), "csrf_token", csrf));
	http_set_header(c->res, "Set-Cookie", cookie);
}

static void session_get(struct ctx *c)
{
	reply_json(c, 200, json_pack("{s:o, s:s}", "user", user_json(&c->user), "csrf_token", c->csrf));
}

static void session_delete(struct ctx *c)
{
	struct err e;
	err_clear(&e);
	/* the session ends with its audit entry, in one transaction */
	if (db_begin(c->db, &e)) {
		reply_error(c, &e);
		return;
	}
	if (session_logout(c->db, http_cookie(c->req, COOKIE), &e)) {
		db_rollback(c->db);
		reply_error(c, &e);
		return;
	}
	if (audit_request(c, "logout", "users", c->user.id, NULL, &e) || db_commit(c->db, &e)) {
		/* as for a login: a logout nobody can account for does not happen, the session stays */
		db_rollback(c->db);
		if (e.kind != ERR_UNAVAILABLE)
			err_set(&e, ERR_UNAVAILABLE, "audit.unavailable", NULL,
				"审计日志暂时无法写入，未退出登录，请稍后重试（the audit log cannot be written: still signed in, try again later）");
		reply_error(c, &e);
		return;
	}
	reply_json(c, 200, json_pack("{s:b}", "ok", 1));
	http_set_header(c->res, "Set-Cookie", COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

/*
 * A user changes their own password: `current` must be right (wrong guesses
 * are throttled as logins are), `new` must pass the policy; their other
 * sessions end, this one stays.
 */
static void session_password(struct ctx *c)
{
	json_t *body = body_object_or_reply(c);
	if (!body)
		return;
	const char *current = json_string_value(json_object_get(body, "current"));
	const char *fresh = json_string_value(json_object_get(body, "new"));
	struct err e, ae;
	err_clear(&e);
	err_clear(&ae);
	if (!current || !fresh || !*fresh) {
		err_set(&e, ERR_INVALID, "password.fields", !current ? "current" : "new",
			"请输入原密码和新密码（current and new password required）");
		goto fail;
	}
	if (password_check_current(c->db, &c->user, current, c->req->remote_ip, c->now, &e)) {
		if (audit_request(c, "passwd_failed", "users", c->user.id, json_pack("{s:s}", "reason", e.code), &ae))
			fprintf(stderr, "fengqiao: audit: %s\n", ae.message);
		goto fail;
	}
	if (!strcmp(current, fresh)) {
		err_set(&e, ERR_INVALID, "password.unchanged", "new", "新密码须与原密码不同（the new password must differ）");
		goto fail;
	}
	if (db_begin(c->db, &e))
		goto fail;
	if (user_change_password(c->db, c->user.username, fresh, c->now, http_cookie(c->req, COOKIE), &e) ||
	    audit_request(c, "passwd", "users", c->user.id, NULL, &e) || db_commit(c->db, &e)) {
		db_rollback(c->db);
		if (!strcmp(e.field, "password"))
			snprintf(e.field, sizeof e.field, "new");
		goto fail;
	}
	json_decref(body);
	reply_json(c, 200, json_pack("{s:b}", "ok", 1));
	return;
fail:
	json_decref(body);
	reply_error(c, &e);
}

/*
 * Every SESSION_PURGE_SECONDS, one request also deletes the expired sessions.
 * It never waits for another writer (an import, say): its request may be a
 * read, which nothing else would hold up: the connection does not wait for
 * a lock during the purge (db_busy_wait 0); a busy database leaves it to the
 * next request.
 */
static void purge_sessions_now_and_then(struct api *api, struct db *db, int64_t now)
{
	int64_t last = api->sessions_purged;
	if (!db || now - last < SESSION_PURGE_SECONDS || !atomic_compare_exchange_strong(&api->sessions_purged, &last, now))
		return;
	struct err e;
	err_clear(&e);
	db_busy_wait(db, 0);
	sessions_purge(db, now, &e);
	db_busy_wait(db, DB_BUSY_WAIT_MS);
	if (e.kind == ERR_UNAVAILABLE)
		api->sessions_purged = last; /* busy: the next request tries again */
	else if (e.kind != ERR_NONE)
		fprintf(stderr, "fengqiao: purging expired sessions: %s\n", e.message); /* next time, then */
}

/* Match a pattern against a path, capturing {kind} and {id}. */
static bool match(const char *pattern, const char *path, struct ctx *c, char *kind, size_t kindlen)
{
	const char *p = pattern, *u = path;
	while (*p && *u) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t seg = strcspn(u, "/");
			if (!close || seg == 0)
				return false;
			if (!strncmp(p, "{kind}", 6)) {
				if (seg >= kindlen)
					return false;
				memcpy(kind, u, seg);
				kind[seg] = 0;
			} else {
				int64_t id = 0;
				for (size_t i = 0; i < seg; i++) {
					if (u[i] < '0' || u[i] > '9' || id > (INT64_MAX - 9) / 10)
						return false;
					id = id * 10 + (u[i] - '0');
				}
				if (id <= 0)
					return false;
				c->id = id;
			}
			p = close + 1;
			u += seg;
			continue;
		}
		if (*p != *u)
			return false;
		p++;
		u++;
	}
	return *p == 0 && *u == 0;
}

static bool unsafe(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

bool may(const struct ctx *c, const char *resource, enum action action)
{
	return c->authed && perm_allows_in(c->user.role, &c->scope, resource, action);
}

/*
 * The route's right: a {kind} route first needs a kind that exists (404),
 * then the table's grant (403).  Returns -1 after replying.
 */
static int grant_or_reply(struct ctx *c, const struct route *route)
{
	const char *resource = route->resource;
	if (!strcmp(resource, KIND_SEGMENT)) {
		c->type = c->kind ? record_type_find(c->kind) : NULL;
		if (!c->type) {
			reply_fail(c, ERR_NOT_FOUND, "not_found", NULL, "没有这类数据（no such kind）");
			return -1;
		}
		resource = c->type->kind;
	}
	if (may(c, resource, route->action))
		return 0;
	reply_fail(c, ERR_FORBIDDEN, "forbidden", NULL, "您的角色无权%s这类数据（your role may not %s these records）",
		   action_zh(route->action), action_name(route->action));
	return -1;
}

/*
 * A handler whose work met a serialization failure or a deadlock
 * (PostgreSQL) and committed nothing runs again from the start
 * (db_may_replay), up to API_REPLAYS times after a short random pause (the
 * other transaction ends meanwhile; two requests that clashed do not clash
 * again in step).  When every run fails, the client gets the last one's 503
 * with Retry-After.
 */
#define API_REPLAYS 3
static void run_handler(const struct route *route, struct ctx *c)
{
	const struct ctx before = *c;
	const struct http_response res = *c->res;
	for (int attempt = 0;; attempt++) {
		struct db_mark mark;
		db_replay_mark(c->db, &mark);
		route->handler(c);
		if (attempt == API_REPLAYS || c->res->status != 503 || !db_may_replay(c->db, &mark))
			return;
		if (db_in_transaction(c->db))
			db_rollback(c->db); /* a handler left it open: nothing of it is kept */
		free(c->res->body);
		*c->res = res;
		*c = before;
		/* 5, 10, 20 ms on average, each ± half */
		uint32_t ms = 5u << attempt;
		struct timespec pause = { 0, (long)(ms / 2 + randombytes_uniform(ms + 1)) * 1000000L };
		nanosleep(&pause, NULL);
	}
}

void api_handle(void *app, const struct http_request *req, struct http_response *res)
{
	struct api *api = app;
	struct ctx c = { .api = api, .req = req, .res = res, .now = api->now ? api->now : (int64_t)time(NULL),
			 .scope = perm_scope(ROLE_UNKNOWN, NULL) };
	char kind[48] = "";

	if (strncmp(req->url, "/api/", 5) != 0 && strcmp(req->url, "/healthz") != 0) {
		if ((!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD")) && static_serve(req, res))
			return;
		reply_fail(&c, ERR_NOT_FOUND, "not_found", NULL, "页面不存在（not found）");
		return;
	}
	if (request_encoding_or_reply(&c))
		return;

	const struct route *route = NULL;
	bool path_known = false;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		c.id = 0;
		if (!match(routes[i].pattern, req->url, &c, kind, sizeof kind))
			continue;
		path_known = true;
		if (!strcmp(routes[i].method, req->method)) {
			route = &routes[i];
			break;
		}
	}
	if (!route) {
		if (path_known) {
			struct err e;
			err_set(&e, ERR_INVALID, "method_not_allowed", NULL, "不支持该请求方法（method not allowed）");
			json_t *eo = json_pack("{s:s, s:s, s:n, s:n}", "code", e.code, "message", e.message, "field", "line");
			message_languages(eo);
			reply_json(&c, 405, json_pack("{s:o}", "error", eo));
		} else
			reply_fail(&c, ERR_NOT_FOUND, "not_found", NULL, "接口不存在（no such endpoint）");
		return;
	}
	c.kind = kind[0] ? kind : NULL;

	c.db = db_pool_get(api->pool);
	struct err e;
	err_clear(&e);
	if (route->access != ANYONE) {
		if (session_resolve(c.db, http_cookie(req, COOKIE), c.now, &c.user, c.csrf, &e)) {
			reply_error(&c, &e);
			goto out;
		}
		c.authed = true;
		c.scope = perm_scope(c.user.role, c.user.unit);
		const char *token = http_header(req, "X-CSRF-Token");
		if (unsafe(req->method) && (!token || strlen(token) != 64 || sodium_memcmp(token, c.csrf, 64) != 0)) {
			reply_fail(&c, ERR_FORBIDDEN, "csrf", NULL, "缺少或错误的 CSRF 令牌，请刷新页面（missing or wrong CSRF token）");
			goto out;
		}
		if (route->access == GRANTED && grant_or_reply(&c, route))
			goto out;
	}
	run_handler(route, &c);
out:
	purge_sessions_now_and_then(api, c.db, c.now);
	db_pool_put(api->pool, c.db);
}
