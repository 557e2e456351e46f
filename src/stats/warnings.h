/*
 * warnings — early warnings of escalation (矛盾纠纷预警, 民转刑风险),
 * CONTRACTS.md §5 "Early warnings":
 *
 *   repeat_party    the same person (parties.person_key) in 2+ disputes
 *                   registered in the 180 days up to as_of: yellow 2,
 *                   orange 3+, red when one of them failed or has a done
 *                   follow-up with risk 1;
 *   repeat_address  3+ disputes and incidents (top categories dispute,
 *                   public_order, criminal) at the same folded address in
 *                   the 90 days up to as_of: orange 3-4, red 5+;
 *   unresolved      a settled dispute whose latest done follow-up (by
 *                   due_on) has risk 1 or performed no (orange); a dispute
 *                   past its 30-day deadline without a result (yellow).
 *
 * Computed from indexes, never by scanning every record: one index range
 * over the days of a window gives each key's count (counted in a hash table
 * here), and only the keys with enough records are looked up again, each by
 * its own index range.  With a station, only that station's records count.
 */
#ifndef FQ_STATS_WARNINGS_H
#define FQ_STATS_WARNINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"
#include "model/record.h"

#define WARN_PARTY_DAYS 180
#define WARN_PARTY_MIN 2
#define WARN_ADDRESS_DAYS 90
#define WARN_ADDRESS_MIN 3
#define WARN_ADDRESS_RED 5

enum warn_level { WARN_RED, WARN_ORANGE, WARN_YELLOW };
enum warn_kind { WARN_REPEAT_PARTY, WARN_REPEAT_ADDRESS, WARN_UNRESOLVED };

struct warn_record {
	char kind[12]; /* "disputes" or "incidents" */
	char key[44];
	char day[11];  /* its registration or reception day */
};

#define WARN_REASONS 3

struct warning {
	enum warn_level level;
	enum warn_kind kind;
	char subject[320];
	char station[24];
	char reasons[WARN_REASONS][128];
	int nreasons;
	struct warn_record *records;
	size_t nrecords;
	char sort_key[608]; /* the person or address key, or the dispute number: a stable order */
};

struct warnings {
	char as_of[11];
	char station[24]; /* "" for the whole bureau */
	struct warning *list;
	size_t n, cap;
	bool demo; /* the database holds demonstration data (model/settings.h) */
};

/*
 * The warnings as of `as_of` (YYYY-MM-DD) for `station` (NULL or "": the
 * whole bureau), ordered red, orange, yellow, then by kind, then the most
 * records first.  Names, ID numbers and phones in subjects are masked
 * (张某某, 152921********123X, 138****5678) unless `reveal`.
 */
int warnings_compute(struct db *db, const char *as_of, const char *station, bool reveal, struct warnings *out,
		     struct err *e);
void warnings_free(struct warnings *w);

/*
 * How many repeat_party and repeat_address warnings warnings_compute would
 * give as of `as_of` (a day number) for `station` (NULL: the whole bureau),
 * counted by one grouped statement each: no detail, no other kind.  The
 * station is not checked.
 */
int warnings_count(struct db *db, int32_t as_of, const char *station, int64_t *party, int64_t *address, struct err *e);

/* The levels and kinds as code lists, in enum order: .code for programs, .zh for people. */
extern const struct code_list warn_levels, warn_kinds;

/* {"as_of", "station", "warnings": [{"level", "kind", "subject", "station", "reasons", "records"}]},
 * and "demo": true on demonstration data */
json_t *warnings_json(const struct warnings *w);

/* A name masked the 张某某 way: its first character, then 某 for each other (at most two). */
void mask_name_mou(const char *utf8, char *out, size_t n);

/* The definitions printed under the table (Chinese, then English). */
extern const char warnings_definitions[];

#endif
