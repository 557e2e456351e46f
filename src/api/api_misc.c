/*
 * api_misc.c — the descriptors for the interface (meta), the coverage
 * report, the banner outline, and the audit log.
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "base/embed.h"
#include "model/audit.h"
#include "model/settings.h"
#include "model/unit.h"
#include "io/report_file.h"
#include "stats/coverage.h"

#include <stdlib.h>
#include <string.h>

static const char *type_name(enum field_type t)
{
	static const char *const names[] = { "text", "int", "real", "bool", "date", "instant", "enum", "ref", "reflist" };
	return names[t];
}

static json_t *field_json(const struct field *f)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b}", "name", f->name, "zh", f->zh, "en", f->en,
			      "type", type_name(f->type), "required", (f->flags & FF_REQUIRED) != 0, "key",
			      (f->flags & FF_KEY) != 0, "filter", (f->flags & FF_FILTER) != 0, "main_date",
			      (f->flags & FF_MAIN_DATE) != 0, "sensitive", f->sens != SENS_NONE);
	json_object_set_new(o, "derived", json_boolean(f->flags & FF_DERIVED));
	if (f->type == FT_TEXT)
		json_object_set_new(o, "max_len", json_integer(f->max_len ? f->max_len : 200));
	if (f->codes) {
		json_t *codes = json_array();
		for (size_t i = 0; i < f->codes->n; i++)
			json_array_append_new(codes, json_pack("{s:s, s:s, s:s}", "code", f->codes->items[i].code, "zh",
							       f->codes->items[i].zh, "en", f->codes->items[i].en));
		json_object_set_new(o, "codes", codes);
	}
	if (f->ref)
		json_object_set_new(o, "ref", json_string(f->ref->kind));
	return o;
}

void meta_get(struct ctx *c)
{
	json_t *kinds = json_array();
	for (int k = 0; record_types[k]; k++) {
		const struct record_type *t = record_types[k];
		if (!may(c, t->kind, ACT_READ))
			continue;
		bool writable = may(c, t->kind, ACT_CREATE);
		json_t *fields = json_array();
		for (int i = 0; i < t->nfields; i++)
			if (!(t->fields[i].flags & FF_HIDDEN))
				json_array_append_new(fields, field_json(&t->fields[i]));
		json_t *actions = json_array();
		for (int a = 0; a < ACT_COUNT; a++)
			if (may(c, t->kind, (enum action)a))
				json_array_append_new(actions, json_string(action_name((enum action)a)));
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:b, s:o, s:o}", "kind", t->kind, "zh", t->zh, "en",
						       t->en, "writable", writable, "actions", actions, "fields", fields));
	}
	/* the named resources the caller may use, and where its records end: the interface follows these, not role names */
	json_t *resources = json_object();
	static const char *const named[] = { RES_REPORTS, RES_AUDIT, RES_TODO, RES_RECUPERATION };
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		json_t *actions = json_array();
		for (int a = 0; a < ACT_COUNT; a++)
			if (may(c, named[i], (enum action)a))
				json_array_append_new(actions, json_string(action_name((enum action)a)));
		json_object_set_new(resources, named[i], actions);
	}
	/* a unit above the stations (a county bureau's leader) is no one station: the pages offer its stations */
	enum scope_kind sk = c->scope.kind;
	bool demo = false;
	struct err e;
	err_clear(&e);
	int unit_rc = sk == SCOPE_UNIT && c->user.unit[0] ? unit_is_station(c->db, c->user.unit, &e) : 0;
	json_t *scope = json_pack("{s:s, s:s?, s:s?, s:s?}", "kind", scope_kinds.items[sk].code, "station",
				  unit_rc > 0 ? c->user.unit : NULL, "unit",
				  sk == SCOPE_UNIT && c->user.unit[0] ? c->user.unit : NULL, "grid",
				  sk == SCOPE_GRID && c->user.unit[0] ? c->user.unit : NULL);
	if (unit_rc < 0 || settings_demo(c->db, &demo, &e)) {
		json_decref(kinds);
		json_decref(resources);
		json_decref(scope);
		reply_error(c, &e);
		return;
	}
	reply_json(c, 200, json_pack("{s:o, s:o, s:o, s:i, s:b}", "kinds", kinds, "resources", resources, "scope", scope,
				     "tz_minutes", config()->tz_minutes, "demo", demo));
}

void reply_report(struct ctx *c, json_t *report)
{
	bool demo = false;
	struct err e;
	err_clear(&e);
	if (settings_demo(c->db, &demo, &e)) {
		json_decref(report);
		reply_error(c, &e);
		return;
	}
	if (demo)
		json_object_set_new(report, "demo", json_true());
	reply_json(c, 200, report);
}

void coverage_get(struct ctx *c)
{
	struct err e;
	err_clear(&e);
	const char *station;
	char date[11];
	const char *format;
	if (report_format_or_reply(c, &format) || report_as_of_or_reply(c, &station, date))
		return;
	struct coverage cov;
	if (coverage_compute(c->db, date, station, &cov, &e)) {
		reply_error(c, &e);
		return;
	}
	if (format) {
		char name[48], zh[80];
		snprintf(name, sizeof name, "coverage-%s", date);
		snprintf(zh, sizeof zh, "进班子覆盖情况-%s", date);
		const struct report_file f = { "reports", name, zh, coverage_csv, coverage_xlsx };
		reply_report_file(c, format, &f, &cov);
		coverage_free(&cov);
		return;
	}
	reply_report(c, coverage_json(&cov));
	coverage_free(&cov);
}

void geo_banner(struct ctx *c)
{
	const struct embedded_file *f = embed_find("data/alxa-left-boundary.geojson");
	if (!f) {
		struct err e;
		err_set(&e, ERR_NOT_FOUND, "not_found", NULL, "缺少旗界数据（no outline compiled in）");
		reply_error(c, &e);
		return;
	}
	c->res->status = 200;
	c->res->content_type = "application/geo+json";
	c->res->static_body = f->data;
	c->res->body_len = f->len;
	http_set_header(c->res, "Cache-Control", "private, max-age=86400");
}

static int add_audit(void *ctx, const struct audit_row *r)
{
	json_t *detail = r->detail[0] ? json_loads(r->detail, 0, NULL) : NULL;
	json_array_append_new(ctx, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?, s:o, s:o, s:s}", "id", (json_int_t)r->id,
					     "at", (json_int_t)r->at, "actor", r->actor, "ip", r->ip, "action", r->action,
					     "kind", r->kind[0] ? r->kind : NULL, "record_id",
					     r->record_id ? json_integer(r->record_id) : json_null(), "detail",
					     detail ? detail : json_null(), "hash", r->hash));
	return 0;
}

void audit_list_get(struct ctx *c)
{
	struct audit_query q = { .actor = http_query(c->req, "actor"), .action = http_query(c->req, "action"),
				 .kind = http_query(c->req, "kind") };
	int64_t page = 1, per_page = 50;
	if (query_int_or_reply(c, "record_id", 1, INT64_MAX, &q.record_id, "record_id 应为正整数（record_id must be a positive integer）") ||
	    query_int_or_reply(c, "page", 1, 1000000000, &page, "页码应为正整数（page must be a positive integer）") ||
	    query_int_or_reply(c, "per_page", 1, 500, &per_page, "每页条数应为 1–500（per_page must be 1 to 500）"))
		return;
	struct err e;
	err_clear(&e);
	int32_t day;
	const char *from = http_query(c->req, "from"), *to = http_query(c->req, "to");
	int tz = config()->tz_minutes;
	if (from) {
		if (date_parse(from, "from", &day, &e))
			goto fail;
		q.since = local_day_end(day - 1, tz);
	}
	if (to) {
		if (date_parse(to, "to", &day, &e))
			goto fail;
		q.until = local_day_end(day, tz);
	}
	q.limit = per_page;
	q.offset = (page - 1) * per_page;
	json_t *items = json_array();
	int64_t total;
	if (audit_list(c->db, &q, add_audit, items, &total, &e)) {
		json_decref(items);
		goto fail;
	}
	reply_json(c, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
				     (json_int_t)page, "per_page", (json_int_t)per_page));
	return;
fail:
	reply_error(c, &e);
}

void audit_verify_get(struct ctx *c)
{
	struct audit_report r;
	struct err e;
	err_clear(&e);
	int rc = audit_verify(c->db, &r, &e);
	if (rc && e.kind != ERR_CONFLICT) {
		reply_error(c, &e); /* storage, not the chain */
		return;
	}
	json_t *out = json_pack("{s:b, s:I, s:I, s:{s:I, s:I}}", "ok", !rc, "entries", (json_int_t)r.entries, "legacy",
				(json_int_t)r.legacy, "checkpoints", "count", (json_int_t)r.checkpoints, "newest",
				(json_int_t)r.checkpoint_id);
	if (r.unconfirmed_from)
		json_object_set_new(out, "unconfirmed",
				    json_pack("{s:I, s:I}", "from", (json_int_t)r.unconfirmed_from, "to", (json_int_t)r.unconfirmed_to));
	if (rc) {
		json_object_set_new(out, "code", json_string(e.code));
		json_object_set_new(out, "message", json_string(e.message));
		if (r.broken_id)
			json_object_set_new(out, "broken_at", json_integer(r.broken_id));
		if (r.missing_from)
			json_object_set_new(out, "missing",
					    json_pack("{s:I, s:I}", "from", (json_int_t)r.missing_from, "to", (json_int_t)r.missing_to));
		if (!strcmp(e.code, "audit.checkpoint_bad"))
			json_object_set_new(out, "checkpoint_line", json_integer(r.bad_line));
	}
	reply_json(c, 200, out);
}
