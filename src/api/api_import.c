/*
 * api_import.c — files in and out for people (CONTRACTS.md §9): an import
 * uploaded as the request body or as multipart/form-data, checked and
 * saved like the command line's, all or nothing, within the caller's scope;
 * and the empty template a file is filled in from.
 */
#include "api/api.h"
#include "base/config.h"
#include "io/csv_write.h"
#include "io/import.h"
#include "io/multipart.h"
#include "io/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROBLEMS_LISTED 1000 /* more are counted, not listed */
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

struct upload {
	struct ctx *c;
	const char *file;
	json_t *problems;
	bool may_update;
};

static void on_problem(void *ctx, long line, const char *column, const char *message)
{
	struct upload *u = ctx;
	if (json_array_size(u->problems) < PROBLEMS_LISTED)
		json_array_append_new(u->problems,
				      json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "column", column, "message", message));
}

/* Rows that change stored records need the right to change them, as a PATCH does. */
static int updates_allowed(const struct upload *u, const struct import_result *res, struct err *e)
{
	if (res->updated && !u->may_update)
		return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
			       "文件中有 %ld 行会修改已有记录，您无权修改（%ld rows would change stored records: not permitted）",
			       res->updated, res->updated);
	return 0;
}

/* The audit entry, in the import's transaction: one for the file, with its counts. */
static int audit_upload(void *ctx, struct db *db, const struct import_result *res, struct err *e)
{
	(void)db;
	struct upload *u = ctx;
	if (updates_allowed(u, res, e))
		return -1;
	return audit_request(u->c, "import", u->c->type->kind, 0,
			     json_pack("{s:s, s:I, s:I, s:I}", "file", u->file, "rows", (json_int_t)res->rows, "inserted",
				       (json_int_t)res->inserted, "updated", (json_int_t)res->updated),
			     e);
}

void records_import(struct ctx *c)
{
	const struct record_type *t = c->type;
	const char *dry = http_query(c->req, "dry_run");
	bool dry_run = dry && (!strcmp(dry, "1") || !strcmp(dry, "true"));
	const char *data = c->req->body;
	size_t len = c->req->body_len;
	const char *file = http_query(c->req, "filename");
	struct multipart_file part;
	struct err e;
	err_clear(&e);
	if (multipart_is_form(http_header(c->req, "Content-Type"))) {
		if (multipart_file(http_header(c->req, "Content-Type"), data, len, &part, &e)) {
			reply_error(c, &e);
			return;
		}
		data = part.data;
		len = part.len;
		if (part.filename[0])
			file = part.filename;
	}
	struct upload u = { .c = c, .file = file && *file ? file : "-", .problems = json_array(),
			    .may_update = may(c, t->kind, ACT_UPDATE) };
	struct import_report rep = { .problem = on_problem, .before_commit = audit_upload, .ctx = &u,
				     .scope = c->scope.kind == SCOPE_ALL ? NULL : &c->scope };
	struct import_result res;
	int rc = import_buffer(c->db, t, data, len, http_query(c->req, "sheet"), dry_run, &rep, &res, &e);
	if (!rc && dry_run)
		rc = updates_allowed(&u, &res, &e);
	if (rc) {
		if (status_of(&e) != 400) {
			json_decref(u.problems);
			reply_error(c, &e);
			return;
		}
		/* a file unreadable as a whole still names where, as a problem */
		if (!json_array_size(u.problems))
			json_array_append_new(u.problems, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)e.line, "column",
								    e.field[0] ? e.field : "-", "message", e.message));
		/* each message also in each language, as every other error gives it */
		size_t i;
		json_t *p;
		json_array_foreach(u.problems, i, p)
			message_languages(p);
		json_t *body = json_pack("{s:{s:s, s:s, s:n, s:n}, s:o, s:I}", "error", "code", e.code[0] ? e.code : "invalid",
					 "message", e.message, "field", "line", "problems", u.problems, "rows",
					 (json_int_t)res.rows);
		message_languages(json_object_get(body, "error"));
		reply_json(c, 400, body);
		return;
	}
	json_decref(u.problems);
	reply_json(c, 200,
		   json_pack("{s:I, s:I, s:I, s:b}", "rows", (json_int_t)res.rows, "created", (json_int_t)res.inserted,
			     "updated", (json_int_t)res.updated, "dry_run", dry_run));
}

/* The columns a file is filled in with: required ones first, then the rest, in the descriptor's order. */
static int template_columns(const struct record_type *t, const char **cols)
{
	int n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < t->nfields; i++) {
			const struct field *f = &t->fields[i];
			if (f->flags & (FF_HIDDEN | FF_DERIVED))
				continue;
			if (!!(f->flags & FF_REQUIRED) == (pass == 0))
				cols[n++] = f->zh;
		}
	return n;
}

void records_template(struct ctx *c)
{
	const struct record_type *t = c->type;
	const char *format = http_query(c->req, "format");
	bool xlsx = format && !strcmp(format, "xlsx");
	if (format && !xlsx && strcmp(format, "csv")) {
		reply_fail(c, ERR_INVALID, "format", "format", "模板格式应为 csv 或 xlsx（format must be csv or xlsx）");
		return;
	}
	const char **cols = calloc((size_t)t->nfields, sizeof *cols);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = cols ? open_memstream(&buf, &len) : NULL;
	if (!out) {
		free(cols);
		reply_fail(c, ERR_INTERNAL, NULL, NULL, "out of memory");
		return;
	}
	int n = template_columns(t, cols);
	struct err e;
	err_clear(&e);
	int rc = 0;
	if (xlsx) {
		struct xlsx *x = xlsx_new();
		if (!x) {
			rc = err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
		} else {
			for (int i = 0; i < n; i++)
				xlsx_text(x, cols[i]);
			rc = xlsx_write(x, t->zh, out, &e);
			xlsx_free(x);
		}
	} else {
		fputs("\xEF\xBB\xBF", out); /* Excel reads UTF-8 Chinese only with a BOM */
		for (int i = 0; i < n; i++)
			csv_write_field(out, cols[i], i == 0);
		csv_write_eol(out);
	}
	fclose(out);
	free(cols);
	if (rc) {
		free(buf);
		reply_error(c, &e);
		return;
	}
	http_set_body(c->res, 200, xlsx ? XLSX_TYPE : "text/csv; charset=utf-8", buf, len);
	char disp[160];
	snprintf(disp, sizeof disp, "attachment; filename=\"%s-template.%s\"", t->kind, xlsx ? "xlsx" : "csv");
	http_set_header(c->res, "Content-Disposition", disp);
	http_set_header(c->res, "Cache-Control", "no-store");
}
