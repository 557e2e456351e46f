/*
 * api — the JSON API and the embedded web interface behind one handler.
 * A route table (in the manner of cgit's cmd.c) maps method and path to a
 * handler and to the resource and action it touches; the dispatcher
 * resolves the session, checks the CSRF token on unsafe methods, asks the
 * permission table (model/perm.h) once, sets the caller's data scope,
 * borrows a database connection, and turns every error into the contracted
 * JSON shape.
 * Record routes are generic over the descriptors (api_records.c).
 */
#ifndef FQ_API_API_H
#define FQ_API_API_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

#include "db/pool.h"
#include "http/server.h"
#include "io/record_export.h"
#include "model/access.h"

/* The session cookie's name. */
#define SESSION_COOKIE "fq_session"

struct api {
	struct db_pool *pool;
	int64_t now; /* Unix time for every request (tests); 0 = the clock */
	_Atomic int64_t sessions_purged; /* when expired sessions were last deleted */
	/* POST /api/v1/backups: the database's URL (its audit files) and serve's
	 * --backup-dir, NULL when none was given (api_backup.c) */
	const char *db_url, *backup_dir;
};

/* The http_handler for the server. */
void api_handle(void *app, const struct http_request *req, struct http_response *res);

/* What a handler gets. */
struct ctx {
	const struct api *api;
	const struct http_request *req;
	struct http_response *res;
	struct db *db;
	struct user user;      /* valid when `authed` */
	bool authed;
	char csrf[65];
	int64_t now;
	const char *kind;      /* {kind} path segment, or NULL */
	const struct record_type *type; /* the {kind}'s record type, once the route's right is granted */
	int64_t id;            /* {id} path segment, or 0 */
	/* where the caller's records end (model/perm), applied by the record layer */
	struct scope scope;
};

/* Does the permission table grant the caller this action on a resource? */
bool may(const struct ctx *c, const char *resource, enum action action);

/*
 * Responses.  Every error goes out through reply_error (the contracted
 * shape; the status comes from the error's kind; a 500 never shows its
 * details).  Helpers named ..._or_reply answer the request themselves when
 * they fail and return -1 (or NULL): the handler just returns.
 */
void reply_json(struct ctx *c, int status, json_t *body); /* steals body */
/* 200 with a report, marked "demo": true when the database holds demonstration data (api_misc.c). */
void reply_report(struct ctx *c, json_t *report);
void reply_error(struct ctx *c, const struct err *e);
/* reply_error with the problems behind the error (each post a 409 would break): "problems" is
 * the error, then the list; an empty list, or a 5xx, is reply_error's alone.  Steals list. */
void reply_error_listing(struct ctx *c, const struct err *e, json_t *list);
void reply_fail(struct ctx *c, enum err_kind kind, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Problems gathered by a problem_sink: the first as "error", all as "problems". */
void reply_problems(struct ctx *c, int status, json_t *problems); /* steals problems */
/* A record's problems as a problem_sink gathers them: all as JSON, the first whole (api_records.c). */
struct problems {
	json_t *list;
	struct err first;
};
void problems_init(struct problems *p);
void problems_collect(void *ctx, const struct err *e); /* a problem_sink's report */
/* Reply with them: the first's status (400, 409), or a storage failure as itself; takes p->list. */
void reply_problems_of(struct ctx *c, struct problems *p);
/* Add message_zh and message_en, split from o's "中文（English）" message (api_message.c). */
void message_languages(json_t *o);
int status_of(const struct err *e);

/*
 * The station a report is about: a station user's own, whatever it asks
 * (another station answers 404); a unit user's unit (the reports count its
 * subtree's stations), or one station of its subtree it asks for; others get
 * ?station= or NULL (all).
 */
int report_station_or_reply(struct ctx *c, const char **station);

/* The station (as above) and ?as_of= (default today) of a report as of a day (api_warnings.c). */
int report_as_of_or_reply(struct ctx *c, const char **station, char date[11]);

/* An integer query parameter in [lo, hi]; *out keeps its value when absent; 400 with `msg` when bad. */
int query_int_or_reply(struct ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out, const char *msg);

/* ?page= and ?per_page= (default 1 and 20, at most 500). */
int page_params_or_reply(struct ctx *c, int64_t *page, int64_t *per_page);

/*
 * Reply with a page of records, {"items": [...], "total", "page", "per_page"}
 * plus `extra` members (a JSON object's text without braces, or NULL),
 * written straight into the response buffer.
 */
int reply_records(struct ctx *c, const struct record_type *t, const struct record_query *q, int64_t page,
		  int64_t per_page, const char *extra);

/* Parse the request body as a JSON object; NULL after replying 400. */
json_t *body_object_or_reply(struct ctx *c);

/*
 * Input checks (api_input.c), each -1 after replying: every query
 * parameter's name and value is UTF-8 (400 bad_encoding naming it; the
 * dispatcher asks once); the body is UTF-8 (400 bad_encoding with the byte
 * offset and the member); the body is sent as application/json (415).
 */
int request_encoding_or_reply(struct ctx *c);
int body_encoding_or_reply(struct ctx *c);
int json_content_type_or_reply(struct ctx *c);

/* Audit from a request (actor = the user, ip = the client); steals `detail`. */
int audit_request(struct ctx *c, const char *action, const char *kind, int64_t id, json_t *detail, struct err *e);

/*
 * A report as a file (api_report_file.c): ?format= is json (or absent: *format
 * = NULL), csv or xlsx; -1 after a 400.
 */
#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
int report_format_or_reply(struct ctx *c, const char **format);
/* The request's query arguments but format and paging, for an export's audit entry. */
json_t *report_filters_json(const struct ctx *c);
/* Content-Disposition: attachment, `ascii`.`ext` and the Chinese `zh`.`ext` as RFC 5987 filename*. */
void set_download_name(struct ctx *c, const char *ascii, const char *zh, const char *ext);
struct report_file {
	const char *kind, *name, *zh; /* audit kind; download names (ASCII, Chinese) without the extension */
	void (*csv)(FILE *out, const void *report);
	int (*xlsx)(FILE *out, const void *report, struct err *e);
};
/* Send `report` rendered as `format` (csv or xlsx), audited as an export with its filters. */
void reply_report_file(struct ctx *c, const char *format, const struct report_file *f, const void *report);
struct compstat_query;
/* The same, the names followed by the period of `q` ("incidents-2026-01-01-2026-08-31", "警情统计-…至…"). */
void reply_period_report_file(struct ctx *c, const char *format, const struct report_file *f,
			      const struct compstat_query *q, const void *report);

/*
 * The records of `q` as a CSV or XLSX file (values as labels or codes), audited as an export
 * of `filters` (stolen); download names as set_download_name's (records_export, the drill-downs).
 */
void reply_records_file(struct ctx *c, const struct record_type *t, const struct record_query *q, bool xlsx,
			enum export_values values, json_t *filters, const char *name, const char *zh);
/* The records behind a report's cell, all of them, as `format` (csv or xlsx) with labels (api_reports.c). */
void reply_cells_file(struct ctx *c, const struct record_type *t, struct record_query *rq, const char *format,
		      const char *from, const char *to);

/* Route handlers (api_records.c, api_misc.c). */
void records_list(struct ctx *c);
void records_get(struct ctx *c);
void records_create(struct ctx *c);
void records_patch(struct ctx *c);
void records_void(struct ctx *c);
void records_export(struct ctx *c);
void records_reveal(struct ctx *c);
void records_import(struct ctx *c);   /* api_import.c */
void records_template(struct ctx *c); /* api_import.c */
/* the station's inbox of grid reports (api_gridreports.c) */
void gridreports_accept(struct ctx *c);
void gridreports_turn(struct ctx *c);
void gridreports_no_action(struct ctx *c);
void gridreports_feedback(struct ctx *c);
void meta_get(struct ctx *c);
void coverage_get(struct ctx *c);
void incidents_report_get(struct ctx *c);
void incidents_report_records(struct ctx *c);
void incidents_report_trend(struct ctx *c);
void disputes_report_get(struct ctx *c);
void briefing_get(struct ctx *c); /* api_briefing.c */
void disputes_report_records(struct ctx *c);

/* ?from&to&compare&station&division of a report route (station scoped); -1 after replying 400/404. */
struct compstat_query;
int read_period_or_reply(struct ctx *c, struct compstat_query *q);
/* The days a drill-down lists: ?period=current (default) or previous (the comparison period); -1 after a 400. */
int cell_period_or_reply(struct ctx *c, const struct compstat_query *q, int32_t *from, int32_t *to);
void warnings_report_get(struct ctx *c); /* api_warnings.c */
void kpi_report_get(struct ctx *c); /* api_kpi.c */
void geo_banner(struct ctx *c);
void audit_list_get(struct ctx *c);
void audit_verify_get(struct ctx *c);
void todo_get(struct ctx *c); /* api_todo.c */
void backups_post(struct ctx *c); /* api_backup.c */
/* 疗养计划 (api_recuperation.c) */
void recuperation_plan_post(struct ctx *c);
void recuperation_eligible_get(struct ctx *c);
void recuperation_plans_get(struct ctx *c);
void recuperation_plan_get(struct ctx *c);
void recuperation_plan_swap(struct ctx *c);
void recuperation_plan_freeze(struct ctx *c);
void recuperation_plan_export(struct ctx *c);
void recuperation_plan_print(struct ctx *c);

/* Serve an embedded web asset for a GET outside /api (api_static.c). */
bool static_serve(const struct http_request *req, struct http_response *res);

#endif
