/*
 * api_briefing.c — GET /api/v1/reports/briefing?division=&from=&to=
 * [&format=html]: 辖区治安形势通报 (CONTRACTS.md §6).  A station user may
 * brief only on divisions its jurisdiction holds (403 division.out_of_scope),
 * and its figures are its own station's; an unknown division is 404.
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "base/text.h"
#include "model/perm.h"
#include "stats/briefing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void briefing_get(struct ctx *c)
{
	const char *division = http_query(c->req, "division"), *format = http_query(c->req, "format");
	if (!division || !*division) {
		reply_fail(c, ERR_INVALID, "division.required", "division", "%s", "请给出区划 division（division is required）");
		return;
	}
	if (format && strcmp(format, "html") && strcmp(format, "json")) {
		reply_fail(c, ERR_INVALID, "format", "format", "%s", "format 应为 html 或 json（expected html or json）");
		return;
	}
	struct compstat_query q;
	if (read_period_or_reply(c, &q))
		return;
	struct err e;
	err_clear(&e);
	/* refused before anything is computed: a confined caller briefs only on what its jurisdiction holds */
	int held = perm_division_in(c->db, q.station, division, &e);
	if (held <= 0) {
		if (held < 0)
			reply_error(c, &e);
		else {
			char shown[48];
			reply_fail(c, ERR_FORBIDDEN, "division.out_of_scope", "division",
				   "区划“%s”不在本所辖区（the division is outside your station's jurisdiction）",
				   text_quote(shown, sizeof shown, division, 30));
		}
		return;
	}
	struct briefing b;
	if (briefing_compute(c->db, division, q.from, q.to, q.station, &b, &e)) {
		reply_error(c, &e);
		return;
	}
	if (format && !strcmp(format, "html")) {
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);
		if (!out) {
			briefing_free(&b);
			reply_fail(c, ERR_INTERNAL, NULL, NULL, "%s", "内存不足（out of memory）");
			return;
		}
		briefing_html(out, &b, date_today(config()->tz_minutes));
		fclose(out);
		briefing_free(&b);
		http_set_body(c->res, 200, "text/html; charset=utf-8", buf, len);
		/* its print CSS is inline; nothing else may load or run */
		http_set_header(c->res, "Content-Security-Policy",
				"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'");
		return;
	}
	json_t *o = briefing_json(&b);
	briefing_free(&b);
	reply_json(c, 200, o);
}
