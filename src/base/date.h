/*
 * date — civil dates and instants, the way statistics need them.
 *
 * A civil date is a day number (days since 1970-01-01, proleptic
 * Gregorian) and is written YYYY-MM-DD.  An instant is Unix seconds (UTC).
 * The bureau's zone is a fixed offset in minutes east of UTC (default +480,
 * China has no daylight saving), so a local day is computed in C, the same
 * on every database backend.  Parsing is strict: 2023-02-30 is refused.
 */
#ifndef FQ_BASE_DATE_H
#define FQ_BASE_DATE_H

#include <stdint.h>
#include <stdbool.h>

#include "base/err.h"

#define TZ_DEFAULT_MINUTES 480 /* UTC+08:00 */

bool date_is_leap(int y);
int date_days_in_month(int y, int m);
bool date_valid(int y, int m, int d);

/* Day number of a civil date (no validation), and back. */
int32_t days_from_civil(int y, int m, int d);
void civil_from_days(int32_t days, int *y, int *m, int *d);

/*
 * Parse "YYYY-MM-DD" exactly (also accepts "YYYY/MM/DD" and "YYYY/M/D",
 * what Excel writes).  Fills `e` with field `field` on failure.
 */
int date_parse(const char *s, const char *field, int32_t *days, struct err *e);

/* Write "YYYY-MM-DD" (out must hold 11 bytes). */
void date_format(int32_t days, char out[11]);

/* The same date `years` years later (negative: earlier); 29 Feb maps to 28 Feb. */
int32_t date_add_years(int32_t days, int years);

/* The same day `months` months later, clamped to the month's last day. */
int32_t date_add_months(int32_t days, int months);

/*
 * Parse an instant:
 *   "YYYY-MM-DD HH:MM[:SS]" (also with '/' in the date, or 'T' as separator)
 *      is local time in the zone `tz_minutes`;
 *   ISO 8601 with "Z" or an offset ("+08:00", "+0800", "+08") is taken as
 *      written; fractional seconds are accepted and dropped.
 *   A bare date "YYYY-MM-DD" is local midnight.
 */
int instant_parse(const char *s, const char *field, int tz_minutes,
		  int64_t *unix_secs, struct err *e);

/* Local day number of an instant. */
int32_t instant_local_day(int64_t unix_secs, int tz_minutes);

/* The end of local day `day`: the first instant after it (the next day's local midnight), in Unix seconds. */
int64_t local_day_end(int32_t day, int tz_minutes);

/* The index of the period [from[i], to[i]] holding `day` among n disjoint ones, -1 when none does. */
int day_bucket(int32_t day, int n, const int32_t *from, const int32_t *to);

/* "YYYY-MM-DD HH:MM:SS" in local time (out: 20 bytes). */
void instant_format_local(int64_t unix_secs, int tz_minutes, char out[20]);

/* ISO 8601 with the zone's offset, "2023-01-01T08:00:00+08:00" (out: 26 bytes). */
void instant_format_iso(int64_t unix_secs, int tz_minutes, char out[26]);

/* Today's local day number. */
int32_t date_today(int tz_minutes);

/* Parse a zone offset "+08:00", "+0800", "-05:30", "UTC+8"; minutes east of UTC. */
int tz_parse(const char *s, int *minutes, struct err *e);

#endif
