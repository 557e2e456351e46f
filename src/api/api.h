/*
 * api — the JSON API and the embedded web interface behind one handler.
 * A route table (in the manner of cgit's cmd.c) maps method and path to a
 * handler; the dispatcher resolves the session, checks the CSRF token on
 * unsafe methods and the role's right to the route, borrows a database
 * connection, and turns every error into the contracted JSON shape.
 * Record routes are generic over the descriptors (api_records.c).
 */
#ifndef FQ_API_API_H
#define FQ_API_API_H

#include <stdbool.h>
#include <jansson.h>

#include "db/pool.h"
#include "http/server.h"
#include "model/access.h"

struct api {
	struct db_pool *pool;
};

/* The http_handler for the server. */
void api_handle(void *app, const struct http_request *req, struct http_response *res);

/* What a handler gets. */
struct ctx {
	const struct http_request *req;
	struct http_response *res;
	struct db *db;
	struct user user;      /* valid when `authed` */
	bool authed;
	char csrf[65];
	int64_t now;
	const char *kind;      /* {kind} path segment, or NULL */
	int64_t id;            /* {id} path segment, or 0 */
};

/* Responses. */
void reply_json(struct ctx *c, int status, json_t *body); /* steals body */
void reply_error(struct ctx *c, const struct err *e);
void reply_problems(struct ctx *c, int status, json_t *problems); /* first problem as "error" */
int status_of(const struct err *e);

/*
 * The station a report is about: a station user's own, whatever it asks
 * (another station answers 404); others get ?station= or NULL (all).
 * Returns -1 after replying.
 */
int report_station(struct ctx *c, const char **station);

/* An integer query parameter in [lo, hi]; *out keeps its value when absent; -1 after replying 400 with `msg`. */
int query_int(struct ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out, const char *msg);

/* ?page= and ?per_page= (default 1 and 20, at most 500); -1 after replying 400. */
int page_params(struct ctx *c, int64_t *page, int64_t *per_page);

/*
 * Reply with a page of records, {"items": [...], "total", "page", "per_page"}
 * plus `extra` members (a JSON object's text without braces, or NULL),
 * written straight into the response buffer.
 */
int reply_records(struct ctx *c, const struct record_type *t, const struct record_query *q, int64_t page,
		  int64_t per_page, const char *extra);

/* Parse the request body as a JSON object; NULL after replying 400. */
json_t *body_object(struct ctx *c);

/* Audit from a request (actor = the user, ip = the client); steals `detail`. */
int audit_request(struct ctx *c, const char *action, const char *kind, int64_t id, json_t *detail, struct err *e);

/* Route handlers (api_records.c, api_misc.c). */
void records_list(struct ctx *c);
void records_get(struct ctx *c);
void records_create(struct ctx *c);
void records_patch(struct ctx *c);
void records_void(struct ctx *c);
void records_export(struct ctx *c);
void records_reveal(struct ctx *c);
void meta_get(struct ctx *c);
void coverage_get(struct ctx *c);
void incidents_report_get(struct ctx *c);
void incidents_report_records(struct ctx *c);
void incidents_report_trend(struct ctx *c);
void geo_banner(struct ctx *c);
void audit_list_get(struct ctx *c);
void audit_verify_get(struct ctx *c);

/* Serve an embedded web asset for a GET outside /api (api_static.c). */
bool static_serve(const struct http_request *req, struct http_response *res);

#endif
