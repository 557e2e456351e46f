/*
 * coverage — the "进班子" coverage report (CONTRACTS.md §3): on a date,
 * how many stations and chiefs there are, how many chiefs sit on the
 * township committee, how many posts of each kind are active, and which
 * communities and gacha have no officer in their committees (the gaps).
 * Figures are also broken down per station, for the dashboard's bars and
 * the table's sections.
 */
#ifndef FQ_STATS_COVERAGE_H
#define FQ_STATS_COVERAGE_H

#include <jansson.h>
#include <stdbool.h>

#include "base/text.h"
#include "db/db.h"

/* The report's post columns, in the contract's order. */
enum coverage_post {
	CP_TOWNSHIP_COMMITTEE,
	CP_VILLAGE_COMMITTEE,
	CP_DEPUTY_SECRETARY,
	CP_SECRETARY_ASSISTANT,
	CP_COMMUNITY_ASSISTANT,
	CP_GACHA_ASSISTANT,
	CP_COUNT
};

extern const char *const coverage_post_keys[CP_COUNT];
extern const char *const coverage_post_labels[CP_COUNT];

struct coverage_counts {
	long chiefs, chiefs_in_township_committee;
	long posts[CP_COUNT];
	long communities, communities_covered, gachas, gachas_covered;
};

struct coverage_station {
	char code[24], name[TEXT_BYTES(60)];
	struct coverage_counts n;
};

struct coverage_gap {
	char code[16], name[TEXT_BYTES(60)], kind[12], station[24];
};

struct coverage {
	char as_of[11];
	char station[24]; /* "" = whole bureau */
	long stations;
	struct coverage_counts total;
	struct coverage_station *by_station; /* stations, in code order */
	struct coverage_gap *uncovered;      /* by station, then code */
	long n_uncovered;
	bool demo; /* the database holds demonstration data (model/settings.h) */
};

/*
 * Compute the report as of `as_of` (YYYY-MM-DD), for the whole bureau or,
 * with `station` non-NULL, for that station's jurisdiction and staff.
 * An unknown station is ERR_NOT_FOUND.  Free with coverage_free().
 */
int coverage_compute(struct db *db, const char *as_of, const char *station, struct coverage *c, struct err *e);
void coverage_free(struct coverage *c);

/* The contract's JSON, plus "by_station". */
json_t *coverage_json(const struct coverage *c);

#endif
