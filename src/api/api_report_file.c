/*
 * api_report_file.c — the statistics as files from the interface:
 * ?format=csv|xlsx on the report routes (the same renderers as `fengqiao
 * report ... --format`, io/report_file.h), audited as an export with its
 * filters, and a download name in Chinese (RFC 5987 filename*).
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "stats/compstat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int report_format_or_reply(struct ctx *c, const char **format)
{
	const char *f = http_query(c->req, "format");
	*format = NULL;
	if (!f || !*f || !strcmp(f, "json"))
		return 0;
	if (strcmp(f, "csv") && strcmp(f, "xlsx")) {
		reply_fail(c, ERR_INVALID, "format", "format", "%s", "导出格式应为 json、csv 或 xlsx（format must be json, csv or xlsx）");
		return -1;
	}
	*format = f;
	return 0;
}

json_t *report_filters_json(const struct ctx *c)
{
	json_t *o = json_object();
	for (size_t i = 0; i < c->req->query.n; i++) {
		const struct http_pair *p = &c->req->query.v[i];
		if (strcmp(p->name, "format") && strcmp(p->name, "page") && strcmp(p->name, "per_page") && p->value)
			json_object_set_new(o, p->name, json_string(p->value));
	}
	return o;
}

void set_download_name(struct ctx *c, const char *ascii, const char *zh, const char *ext)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[512];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)zh; *p && n + 4 < sizeof enc; p++) {
		/* RFC 5987 attr-char: ALPHA DIGIT ! # $ & + - . ^ _ ` | ~ */
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
			enc[n++] = (char)*p;
		} else {
			enc[n++] = '%';
			enc[n++] = hex[*p >> 4];
			enc[n++] = hex[*p & 15];
		}
	}
	enc[n] = 0;
	char disp[768];
	snprintf(disp, sizeof disp, "attachment; filename=\"%s.%s\"; filename*=UTF-8''%s.%s", ascii, ext, enc, ext);
	http_set_header(c->res, "Content-Disposition", disp);
}

void reply_report_file(struct ctx *c, const char *format, const struct report_file *f, const void *report)
{
	bool xlsx = !strcmp(format, "xlsx");
	char *buf = NULL;
	size_t len = 0;
	struct err e;
	err_clear(&e);
	FILE *out = open_memstream(&buf, &len);
	if (!out) {
		err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
		reply_error(c, &e);
		return;
	}
	int rc = 0;
	if (xlsx)
		rc = f->xlsx(out, report, &e);
	else
		f->csv(out, report);
	if (fclose(out) && !rc)
		rc = err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
	if (rc || audit_request(c, "export", f->kind, 0,
				json_pack("{s:s, s:o, s:s}", "report", f->name, "filters", report_filters_json(c), "format", format),
				&e)) {
		free(buf);
		reply_error(c, &e);
		return;
	}
	http_set_body(c->res, 200, xlsx ? XLSX_MIME : "text/csv; charset=utf-8", buf, len);
	set_download_name(c, f->name, f->zh, format);
	http_set_header(c->res, "Cache-Control", "no-store");
}

void reply_period_report_file(struct ctx *c, const char *format, const struct report_file *f,
			      const struct compstat_query *q, const void *report)
{
	char from[11], to[11], name[64], zh[96];
	date_format(q->from, from);
	date_format(q->to, to);
	snprintf(name, sizeof name, "%s-%s-%s", f->name, from, to);
	snprintf(zh, sizeof zh, "%s-%s至%s", f->zh, from, to);
	struct report_file named = *f;
	named.name = name;
	named.zh = zh;
	reply_report_file(c, format, &named, report);
}
