/*
 * kpi — the bureau's four indicators (发案少、秩序好、社会稳定、群众满意),
 * CONTRACTS.md §6 "Indicators".  Every figure is counted once for any
 * number of periods (the period, the previous one, the 12 months) by the
 * many-period counts of the reports' sources (compstat's cells, the dispute
 * cells and follow-ups, the ledgers of stats/ledger_counts.h, the warnings
 * engine), each as the report counts that period alone (tests/stats/test_kpi.c);
 * major incidents are the incidents marked 重特大.
 */
#ifndef FQ_STATS_KPI_H
#define FQ_STATS_KPI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

#define KPI_MONTHS 12

/* The raw counts of one period. */
struct kpi_raw {
	int64_t criminal, public_order, major;
	int64_t hz_found, hz_on_time;
	int64_t d_registered, d_settled;
	int64_t fu[3], visit[3]; /* satisfied, basic, unsatisfied */
	int64_t w_party, w_address; /* warnings as of the period's last day */
};

struct kpi {
	int32_t from, to, prev_from, prev_to;
	char station[24]; /* "" for the whole bureau */
	struct kpi_raw cur, prev;
	struct kpi_raw month[KPI_MONTHS];     /* the 12 calendar months ending with the period's last one */
	int32_t month_from[KPI_MONTHS], month_to[KPI_MONTHS];
	bool demo;
};

/* One period's counts (station NULL: the whole bureau): the many-period counts with one period. */
int kpi_raw_compute(struct db *db, const char *station, int32_t from, int32_t to, struct kpi_raw *out, struct err *e);
int kpi_compute(struct db *db, int32_t from, int32_t to, const char *station, struct kpi *out, struct err *e);
/* The filters the indicators refuse rather than ignore ("division", "compare"; NULL-ended): a
 * unit's indicators are always against the same period a year before.  kpi_refuse fills `e`
 * (400 filter.unknown) for one of them and returns -1. */
extern const char *const kpi_refused_filters[];
int kpi_refuse(const char *filter, struct err *e);

/*
 * {"from", "to", "previous": {"from", "to"}, "station", "groups": [{"key",
 * "label", "indicators": [{"key", "label", "unit", "better", "value",
 * "previous", "change", "change_unit", "part"?, "base"?, "definition",
 * "drill", "series"}]}], "demo"?}
 */
json_t *kpi_json(const struct kpi *k);

#endif
