/*
 * api_records.c — list, get, create, patch, void, export and reveal for
 * every record type, driven by its descriptor.  The dispatcher has already
 * granted the route's action on the kind (model/perm.h) and set the
 * caller's scope, which the record layer applies; a record outside it
 * answers 404 like a missing one.
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "io/record_export.h"
#include "io/xlsx.h"
#include "io/record_json.h"
#include "model/todo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILTERS 24

static bool reveal(const struct ctx *c)
{
	return may(c, c->type->kind, ACT_REVEAL);
}

static void collect(void *ctx, const struct err *e)
{
	struct problems *p = ctx;
	/* the status is the first problem's, but a failure of the store wins */
	if (p->first.kind == ERR_NONE || (status_of(e) >= 500 && status_of(&p->first) < 500))
		p->first = *e;
	json_array_append_new(p->list, json_pack("{s:s, s:s, s:s?}", "code", e->code, "message", e->message, "field",
						 e->field[0] ? e->field : NULL));
}

void problems_collect(void *ctx, const struct err *e)
{
	collect(ctx, e);
}

void problems_init(struct problems *p)
{
	p->list = json_array();
	err_clear(&p->first);
}

/*
 * Reply with the problems; the status is the first problem's kind (400 for
 * bad input, 409 for a clash with stored state).  A storage failure among
 * them is answered as itself, without the list.
 */
void reply_problems_of(struct ctx *c, struct problems *p)
{
	int status = status_of(&p->first);
	if (status >= 500) {
		json_decref(p->list);
		reply_error(c, &p->first);
		return;
	}
	reply_problems(c, status, p->list);
}

struct query_buf {
	struct record_filter filters[MAX_FILTERS];
	char *values[MAX_FILTERS];
	struct record_query q;
	int64_t page, per_page;
	char overdue_before[11]; /* ?overdue=1: the day the type's condition is bound to */
};

static void query_free(struct query_buf *qb)
{
	for (int i = 0; i < qb->q.nfilters; i++)
		free(qb->values[i]);
}

/* Filters, dates, search, sort and paging from the query string. */
static int read_query_or_reply(struct ctx *c, const struct record_type *t, struct query_buf *qb, bool paged)
{
	memset(qb, 0, sizeof *qb);
	qb->q.filters = qb->filters;
	qb->q.scope = &c->scope;
	struct err e;
	err_clear(&e);
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		const char *v = http_query(c->req, f->name);
		if (!v)
			continue;
		if (!(f->flags & FF_FILTER)) {
			err_set(&e, ERR_INVALID, "filter.unknown", f->name, "不能按“%s”筛选（cannot filter by this field）", f->zh);
			goto bad;
		}
		/* the filter's value is parsed like the field's: labels become codes */
		char *canon;
		if (record_canonical(t, f->name, v, &canon, &e))
			goto bad;
		if (!canon)
			continue;
		if (qb->q.nfilters == MAX_FILTERS) {
			free(canon);
			continue;
		}
		qb->values[qb->q.nfilters] = canon;
		qb->filters[qb->q.nfilters] = (struct record_filter){ f->name, canon };
		qb->q.nfilters++;
	}
	int32_t day;
	qb->q.from = http_query(c->req, "from");
	qb->q.to = http_query(c->req, "to");
	if ((qb->q.from && date_parse(qb->q.from, "from", &day, &e)) || (qb->q.to && date_parse(qb->q.to, "to", &day, &e)))
		goto bad;
	/*
	 * ?overdue=1: open and past its deadline as of the bureau's today (the
	 * moment, for a grid report), as the to-do list counts it: the type's
	 * overdue_sql (disputes, hazards, action items, grid reports)
	 */
	const char *overdue = http_query(c->req, "overdue");
	if (overdue && *overdue) {
		if (!t->overdue_sql || (strcmp(overdue, "1") && strcmp(overdue, "0"))) {
			err_set(&e, ERR_INVALID, "filter.unknown", "overdue",
				"不能按“超期”筛选（overdue applies to records with deadlines, as 1 or 0）");
			goto bad;
		}
		int32_t today = date_today(config()->tz_minutes);
		if (!strcmp(overdue, "1") && t->overdue_at_moment) {
			qb->q.extra_int_sql = t->overdue_sql;
			qb->q.extra_int = todo_moment(today, c->now);
		} else if (!strcmp(overdue, "1")) {
			date_format(today - t->overdue_days, qb->overdue_before);
			qb->q.extra_text_sql = t->overdue_sql;
			qb->q.extra_text = qb->overdue_before;
		}
	}
	qb->q.search = http_query(c->req, "q");
	qb->q.sort = http_query(c->req, "sort");
	if (qb->q.sort && !reveal(c)) {
		/* ordering by a masked value would disclose it, one comparison at a time */
		int si = field_index(t, qb->q.sort + (qb->q.sort[0] == '-'));
		if (si >= 0 && t->fields[si].sens != SENS_NONE) {
			err_set(&e, ERR_INVALID, "sort.personal", "sort", "不能按个人信息排序（cannot sort by personal data）");
			goto bad;
		}
	}
	if (page_params_or_reply(c, &qb->page, &qb->per_page)) {
		query_free(qb);
		return -1;
	}
	if (paged) {
		qb->q.limit = qb->per_page;
		qb->q.offset = (qb->page - 1) * qb->per_page;
	}
	return 0;
bad:
	query_free(qb);
	reply_error(c, &e);
	return -1;
}

void records_list(struct ctx *c)
{
	const struct record_type *t = c->type;
	struct query_buf qb;
	if (read_query_or_reply(c, t, &qb, true))
		return;
	reply_records(c, t, &qb.q, qb.page, qb.per_page, NULL);
	query_free(&qb);
}

/* Load {id} within the caller's scope (404 outside it, as when missing). */
static struct record *load_or_reply(struct ctx *c)
{
	struct record *r = record_new(c->type);
	struct err e;
	err_clear(&e);
	if (!r || record_load(c->db, r, c->id, &c->scope, &e)) {
		record_free(r);
		if (e.kind == ERR_NONE)
			err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
		reply_error(c, &e);
		return NULL;
	}
	return r;
}

void records_get(struct ctx *c)
{
	struct record *r = load_or_reply(c);
	if (!r)
		return;
	reply_json(c, 200, record_to_json(r, reveal(c)));
	record_free(r);
}

/*
 * ?end_posts=DATE on a change or a void: the posts the change would break
 * end the day before DATE (each audited) instead of refusing it.  *out
 * points at `ep` when given, else NULL; -1 with `e` for a bad date.
 */
static int end_posts_param(const struct ctx *c, struct end_dependents *ep, const struct end_dependents **out,
			   struct err *e)
{
	const char *v = http_query(c->req, "end_posts");
	*out = NULL;
	if (!v || !*v)
		return 0;
	if (date_parse(v, "end_posts", &ep->on, e))
		return -1;
	ep->actor = c->user.username;
	ep->ip = c->req->remote_ip;
	*out = ep;
	return 0;
}

/*
 * Check, save within scope, audit, commit; reply with the saved record.
 * `before` is the record's JSON before a change (NULL for a create).
 */
static void save(struct ctx *c, struct record *r, json_t *before, const char *password)
{
	struct problems problems;
	problems_init(&problems);
	struct problem_sink sink = { collect, &problems };
	struct err e;
	err_clear(&e);
	bool creating = r->id == 0;
	r->scope = &c->scope; /* what the caller may not see, its rules may not look at either */
	struct problems broken; /* the posts the change would break, each named (409 post.would_break) */
	problems_init(&broken);
	struct problem_sink broken_sink = { collect, &broken };
	const struct change_by by = { c->user.username, c->req->remote_ip, &broken_sink };
	r->by = &by; /* what follows in other records is audited as the caller's */
	struct end_dependents ep;
	if (end_posts_param(c, &ep, &r->end_dependents, &e)) {
		json_decref(problems.list);
		goto fail;
	}
	/* rules, derived fields and the save read and write one state of the records */
	if (db_begin(c->db, &e)) {
		json_decref(problems.list);
		goto fail;
	}
	int64_t existing = 0;
	if (creating && record_find_id(c->db, r, &existing, &e)) {
		json_decref(problems.list);
		goto rollback;
	}
	if (existing) {
		/* the key already names a record: a create must not overwrite it */
		json_decref(problems.list);
		err_set(&e, ERR_CONFLICT, "record.exists", record_key_field(r->type)->name,
			"%s已存在（a %s with this key exists）", r->type->zh, r->type->en);
		goto rollback;
	}
	if (record_check(c->db, r, &sink)) {
		db_rollback(c->db);
		json_decref(broken.list);
		reply_problems_of(c, &problems);
		return;
	}
	json_decref(problems.list);
	if (record_save(c->db, r, c->now, NULL, &e))
		goto rollback;
	int in = record_in_scope(c->db, r->type, r->id, &c->scope, &e);
	if (in < 0)
		goto rollback;
	if (in == 0) {
		err_set(&e, ERR_NOT_FOUND, "scope", NULL, "超出您的数据范围（outside your unit's records）");
		goto rollback;
	}
	/* a new password ends the user's sessions, but for the one setting its own */
	if (password && user_change_password(c->db, record_get(r, "username"), password, c->now,
					     r->id == c->user.id ? http_cookie(c->req, SESSION_COOKIE) : NULL, &e))
		goto rollback;
	json_t *after = record_to_json(r, true);
	json_t *detail = before ? json_pack("{s:O, s:O}", "before", before, "after", after) : json_pack("{s:O}", "after", after);
	int rc = audit_request(c, creating ? "create" : "update", r->type->kind, r->id, detail, &e);
	json_decref(after);
	if (rc || db_commit(c->db, &e))
		goto rollback;
	json_decref(broken.list);
	reply_json(c, creating ? 201 : 200, record_to_json(r, reveal(c)));
	return;
rollback:
	db_rollback(c->db);
fail:
	reply_error_listing(c, &e, broken.list);
}

/* A problem of the record's checks, unless a field's value was already refused. */
static void collect_more(void *ctx, const struct err *e)
{
	struct problems *p = ctx;
	for (size_t i = 0; e->field[0] && i < json_array_size(p->list); i++) {
		const char *f = json_string_value(json_object_get(json_array_get(p->list, i), "field"));
		if (f && !strcmp(f, e->field))
			return;
	}
	collect(ctx, e);
}

/*
 * Take the body's fields into `r`, then save it.  Every problem at once: when
 * some values are refused, the record is still checked as given without
 * them (required fields, references and every rule that does not need
 * them), so the form shows field and record problems together.  `also`: a
 * problem of the body found before (a user's missing password), or NULL.
 */
static void apply_and_save(struct ctx *c, struct record *r, json_t *body, json_t *before, const char *password,
			   const struct err *also)
{
	struct problems problems;
	problems_init(&problems);
	struct problem_sink sink = { collect, &problems };
	if (also)
		collect(&problems, also);
	if (record_from_json(r, body, config()->tz_minutes, &sink) || also) {
		struct problem_sink more = { collect_more, &problems };
		if (status_of(&problems.first) < 500)
			record_check(c->db, r, &more);
		reply_problems_of(c, &problems);
		return;
	}
	json_decref(problems.list);
	save(c, r, before, password);
}

/* Users carry a password that is not a field: take it out of the body. */
static char *take_password_or_reply(struct ctx *c, const struct record_type *t, json_t *body, struct err *missing,
				    bool *bad)
{
	*bad = false;
	if (strcmp(t->kind, "users") != 0)
		return NULL;
	json_t *pw = json_object_get(body, "password");
	struct err e;
	err_clear(&e);
	if (!pw || json_is_null(pw)) {
		/* a new user's: told with the record's problems */
		if (missing)
			err_set(missing, ERR_INVALID, "password.required", "password", "密码：必填（required）");
		json_object_del(body, "password");
		return NULL;
	}
	/* the policy is user_change_password's, with the username as saved */
	if (!json_is_string(pw)) {
		err_set(&e, ERR_INVALID, "password.type", "password", "密码应为文本（password must be a string）");
		reply_error(c, &e);
		*bad = true;
		return NULL;
	}
	char *copy = strdup(json_string_value(pw));
	json_object_del(body, "password");
	return copy;
}

void records_create(struct ctx *c)
{
	const struct record_type *t = c->type;
	json_t *body = body_object_or_reply(c);
	if (!body)
		return;
	bool bad;
	struct err missing;
	err_clear(&missing);
	char *password = take_password_or_reply(c, t, body, &missing, &bad);
	struct record *r = bad ? NULL : record_new(t);
	if (r)
		apply_and_save(c, r, body, NULL, password, missing.kind != ERR_NONE ? &missing : NULL);
	free(password);
	record_free(r);
	json_decref(body);
}

void records_patch(struct ctx *c)
{
	const struct record_type *t = c->type;
	json_t *body = body_object_or_reply(c);
	if (!body)
		return;
	struct record *r = load_or_reply(c);
	bool bad = false;
	char *password = r ? take_password_or_reply(c, t, body, NULL, &bad) : NULL;
	if (!r || bad)
		goto out;
	if (r->voided_at) {
		reply_fail(c, ERR_CONFLICT, "record.voided", NULL, "已作废的记录不能修改（a void record cannot change）");
		goto out;
	}
	json_t *before = record_to_json(r, true);
	/* keys name the record: they do not change */
	for (int i = 0; i < t->nfields; i++) {
		json_t *v = json_object_get(body, t->fields[i].name);
		if (!(t->fields[i].flags & FF_KEY) || !v)
			continue;
		if (!json_is_string(v) || strcmp(json_string_value(v), r->v[i].s ? r->v[i].s : "")) {
			reply_fail(c, ERR_INVALID, "field.key_immutable", t->fields[i].name,
				   "%s：不能修改，请作废后新建（a key field cannot change: void and create anew）", t->fields[i].zh);
			json_decref(before);
			goto out;
		}
	}
	apply_and_save(c, r, body, before, password, NULL);
	json_decref(before);
out:
	free(password);
	record_free(r);
	json_decref(body);
}

void records_void(struct ctx *c)
{
	const struct record_type *t = c->type;
	json_t *body = body_object_or_reply(c);
	if (!body)
		return;
	struct record *r = load_or_reply(c);
	struct err e;
	err_clear(&e);
	if (!r)
		goto out;
	const char *reason = json_string_value(json_object_get(body, "reason"));
	struct end_dependents ep;
	const struct end_dependents *end = NULL;
	struct problems broken; /* as in save */
	problems_init(&broken);
	struct problem_sink broken_sink = { collect, &broken };
	const struct change_by by = { c->user.username, c->req->remote_ip, &broken_sink };
	if (end_posts_param(c, &ep, &end, &e) || db_begin(c->db, &e))
		goto fail;
	/* still within the caller's scope once the write lock is held */
	if (record_load(c->db, r, r->id, &c->scope, &e) || record_void_by(c->db, t, r->id, reason, end, &by, c->now, &e) ||
	    audit_request(c, "void", t->kind, r->id, json_pack("{s:s}", "reason", reason), &e) ||
	    record_load(c->db, r, r->id, NULL, &e) || db_commit(c->db, &e)) {
		db_rollback(c->db);
		goto fail;
	}
	json_decref(broken.list);
	reply_json(c, 200, record_to_json(r, reveal(c)));
	goto out;
fail:
	reply_error_listing(c, &e, broken.list);
out:
	record_free(r);
	json_decref(body);
}

struct export_ctx {
	FILE *out;
	struct record_export *plan;
	struct xlsx *xlsx; /* or CSV to `out` */
	long rows;
};

static int export_row(void *vctx, const struct record *r)
{
	struct export_ctx *x = vctx;
	if (x->xlsx) {
		record_export_xlsx_row(x->xlsx, x->plan, r);
	} else {
		record_export_csv_row(x->out, x->plan, r);
	}
	x->rows++;
	return 0;
}

/* ?format=csv|xlsx and ?values=labels|codes; -1 after a 400. */
static int export_params_or_reply(struct ctx *c, bool *xlsx, enum export_values *values)
{
	const char *format = http_query(c->req, "format");
	struct err e;
	err_clear(&e);
	*xlsx = format && !strcmp(format, "xlsx");
	if (format && !*xlsx && strcmp(format, "csv"))
		err_set(&e, ERR_INVALID, "format", "format", "导出格式应为 csv 或 xlsx（format must be csv or xlsx）");
	else
		export_values_parse(http_query(c->req, "values"), "values", values, &e);
	if (e.kind == ERR_NONE && *values == EXPORT_CODES && record_type_personal(c->type) && !reveal(c))
		err_set(&e, ERR_FORBIDDEN, "values.personal", "values",
			"%s含个人信息，导入格式须不加遮蔽，您无权导出（the import format of personal data is unmasked: not permitted）",
			c->type->zh);
	if (e.kind == ERR_NONE)
		return 0;
	reply_error(c, &e);
	return -1;
}

void records_export(struct ctx *c)
{
	const struct record_type *t = c->type;
	struct query_buf qb;
	bool xlsx;
	enum export_values values;
	if (export_params_or_reply(c, &xlsx, &values) || read_query_or_reply(c, t, &qb, false))
		return;
	/* the entry says what was taken: every filter as the caller gave it */
	json_t *filters = json_object();
	for (int i = 0; i < qb.q.nfilters; i++)
		json_object_set_new(filters, qb.filters[i].field, json_string(qb.filters[i].value));
	static const char *const more[] = { "from", "to", "q", "overdue" };
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
		const char *v = http_query(c->req, more[i]);
		if (v && *v)
			json_object_set_new(filters, more[i], json_string(v));
	}
	char name[64], zh[96], day[11];
	date_format(date_today(config()->tz_minutes), day);
	snprintf(name, sizeof name, "%s-%s", t->kind, day);
	snprintf(zh, sizeof zh, "%s-%s", t->zh, day);
	reply_records_file(c, t, &qb.q, xlsx, values, filters, name, zh);
	query_free(&qb);
}

void reply_records_file(struct ctx *c, const struct record_type *t, const struct record_query *q, bool xlsx,
			enum export_values values, json_t *filters, const char *name, const char *zh)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct err e;
	err_clear(&e);
	struct export_ctx x = { .out = out };
	if (out)
		x.plan = record_export_new(c->db, t, values, true, may(c, t->kind, ACT_REVEAL), &e);
	if (x.plan && xlsx)
		x.xlsx = xlsx_new();
	if (!out || !x.plan || (xlsx && !x.xlsx)) {
		if (e.kind == ERR_NONE)
			err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto fail;
	}
	if (xlsx)
		record_export_xlsx_header(x.xlsx, x.plan);
	else
		record_export_csv_header(out, x.plan);
	if (record_list(c->db, t, q, export_row, &x, NULL, &e) || (xlsx && xlsx_write(x.xlsx, t->zh, out, &e)))
		goto fail;
	json_t *detail = json_pack("{s:O, s:I, s:s, s:s}", "filters", filters, "rows", (json_int_t)x.rows, "format",
				   xlsx ? "xlsx" : "csv", "values", values == EXPORT_CODES ? "codes" : "labels");
	if (audit_request(c, "export", t->kind, 0, detail, &e))
		goto fail;
	json_decref(filters);
	fclose(out);
	xlsx_free(x.xlsx);
	record_export_free(x.plan);
	http_set_body(c->res, 200, xlsx ? XLSX_MIME : "text/csv; charset=utf-8", buf, len);
	set_download_name(c, name, zh, xlsx ? "xlsx" : "csv");
	http_set_header(c->res, "Cache-Control", "no-store");
	return;
fail:
	json_decref(filters);
	if (out)
		fclose(out);
	free(buf);
	xlsx_free(x.xlsx);
	record_export_free(x.plan);
	reply_error(c, &e);
}

void records_reveal(struct ctx *c)
{
	const struct record_type *t = c->type;
	struct record *r = load_or_reply(c);
	if (!r)
		return;
	const char *name = http_query(c->req, "field");
	int i = name ? field_index(t, name) : -1;
	struct err e;
	err_clear(&e);
	if (i < 0 || t->fields[i].sens == SENS_NONE) {
		reply_fail(c, ERR_INVALID, "reveal.field", "field", "该字段不是个人敏感信息（not a personal field）");
	} else if (audit_request(c, "reveal", t->kind, r->id, json_pack("{s:s}", "field", name), &e)) {
		reply_error(c, &e);
	} else {
		reply_json(c, 200, json_pack("{s:s, s:s?}", "field", name, "value", r->v[i].set ? r->v[i].s : NULL));
	}
	record_free(r);
}
