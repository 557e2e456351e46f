/*
 * api_warnings.c — GET /api/v1/reports/warnings?as_of=&station=: the early
 * warnings (stats/warnings.c).  A station user's are its station's; the
 * subjects are unmasked only for a caller with the reveal right on parties,
 * and such a reading is audited.  ?kind= keeps the warnings of one kind
 * (the indicators' drill-down).
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "stats/warnings.h"

#include <string.h>

int report_as_of_or_reply(struct ctx *c, const char **station, char date[11])
{
	struct err e;
	err_clear(&e);
	const char *as_of = http_query(c->req, "as_of");
	if (report_station_or_reply(c, station))
		return -1;
	int32_t day = date_today(config()->tz_minutes);
	if (as_of && *as_of && date_parse(as_of, "as_of", &day, &e)) {
		reply_error(c, &e);
		return -1;
	}
	date_format(day, date);
	return 0;
}

void warnings_report_get(struct ctx *c)
{
	struct err e;
	err_clear(&e);
	const char *station;
	char date[11];
	if (report_as_of_or_reply(c, &station, date))
		return;
	const char *kind = http_query(c->req, "kind");
	bool known = false;
	for (size_t i = 0; kind && i < warn_kinds.n; i++)
		known |= !strcmp(warn_kinds.items[i].code, kind);
	if (kind && *kind && !known) {
		reply_fail(c, ERR_INVALID, "kind", "kind", "%s", "未知的预警类型（unknown warning kind）");
		return;
	}
	bool reveal = may(c, "parties", ACT_REVEAL);
	struct warnings w;
	if (warnings_compute(c->db, date, station, reveal, &w, &e)) {
		reply_error(c, &e);
		return;
	}
	if (reveal && w.n &&
	    audit_request(c, "report_reveal", "parties", 0,
			  json_pack("{s:s, s:s, s:I}", "report", "warnings", "as_of", date, "warnings", (json_int_t)w.n), &e)) {
		warnings_free(&w);
		reply_error(c, &e);
		return;
	}
	json_t *o = warnings_json(&w);
	warnings_free(&w);
	json_t *list = json_object_get(o, "warnings");
	for (size_t i = json_array_size(list); kind && *kind && i-- > 0;)
		if (strcmp(json_string_value(json_object_get(json_array_get(list, i), "kind")), kind))
			json_array_remove(list, i);
	reply_json(c, 200, o);
}
