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
	static const char *const refused[] = { "division", "compare" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		const char *v = http_query(c->req, refused[i]);
		if (v && *v) {
			reply_fail(c, ERR_INVALID, "filter.unknown", refused[i],
				   "指标不能按“%s”筛选（the indicators take no %s: a unit's, against the same period a year before）",
				   refused[i], refused[i]);
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
