/*
 * api_kpi.c — GET /api/v1/reports/kpi?from=&to=&station=: the four
 * indicators (stats/kpi.c).  A station user's are its station's.
 */
#include "api/api.h"
#include "stats/compstat.h"
#include "stats/kpi.h"

void kpi_report_get(struct ctx *c)
{
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
