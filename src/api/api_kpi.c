/*
 * api_kpi.c — GET /api/v1/reports/kpi?from=&to=&station=: the four
 * indicators (stats/kpi.c).  A station user's are its station's.  They
 * are the bureau's or a unit's, always against the same period a year
 * before: ?division= and ?compare= are refused (400 filter.unknown), never
 * ignored.
 */
#include "api/api.h"
#include "stats/compstat.h"
#include "stats/kpi.h"

void kpi_report_get(struct ctx *c)
{
	for (const char *const *f = kpi_refused_filters; *f; f++) {
		const char *v = http_query(c->req, *f);
		if (v && *v) {
			struct err e;
			kpi_refuse(*f, &e);
			reply_error(c, &e);
			return;
		}
	}
	struct compstat_query q;
	if (read_period_or_reply(c, &q))
		return;
	struct kpi k;
	struct err e;
	err_clear(&e);
	if (kpi_compute(c->db, q.from, q.to, q.station, &k, &e)) {
		reply_error(c, &e);
		return;
	}
	reply_json(c, 200, kpi_json(&k));
}
