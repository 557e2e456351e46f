/*
 * libFuzzer harness for the date, instant and zone parsers (base/date.c),
 * which read every date and time cell of an import file, every query
 * parameter (as_of, from, to) and $FENGQIAO_TZ.
 *
 * The input is split on NUL and newline; each piece goes to date_parse,
 * instant_parse and tz_parse.  Whatever the bytes, nothing may crash, a
 * refusal is a well-formed error, and what is accepted round-trips:
 *
 *   - a date: date_format writes YYYY-MM-DD, which parses back to the same
 *     day, and is what days_from_civil/civil_from_days agree on;
 *   - an instant: instant_format_iso (and instant_format_local) in the zone
 *     it was read in parses back to the same second, and its local day is
 *     the day of the formatted text;
 *   - a zone: within ±14 h, and "+HH:MM" written from it parses back.
 *
 * Instants are read in the default zone and in the last zone a piece
 * parsed to, so the fuzzer also chooses the zone.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_refusal(const struct err *e, const char *code)
{
	if (e->kind != ERR_INVALID || strcmp(e->code, code) || !e->message[0])
		abort();
	if (strnlen(e->message, sizeof e->message) >= sizeof e->message)
		abort();
}

static void check_date(const char *s)
{
	struct err e;
	err_clear(&e);
	int32_t days = 0;
	if (date_parse(s, "d", &days, &e)) {
		check_refusal(&e, "date.invalid");
		if (strcmp(e.field, "d"))
			abort();
		return;
	}
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	if (!date_valid(y, m, d) || days_from_civil(y, m, d) != days)
		abort();
	char out[11];
	date_format(days, out);
	if (strlen(out) != 10)
		abort();
	int32_t again = 0;
	if (date_parse(out, "d", &again, &e) || again != days)
		abort();
	/* an accepted date well inside 1900-2999 is also an instant: local midnight
	 * (instants outside those years, UTC, are refused, so every one prints in any zone) */
	int64_t t = 0;
	if (instant_parse(s, "t", TZ_DEFAULT_MINUTES, &t, &e)) {
		if (y >= 1901 && y <= 2998)
			abort();
		return;
	}
	if (instant_local_day(t, TZ_DEFAULT_MINUTES) != days)
		abort();
}

static void check_instant(const char *s, int tz)
{
	struct err e;
	err_clear(&e);
	int64_t t = 0;
	if (instant_parse(s, "t", tz, &t, &e)) {
		check_refusal(&e, "instant.invalid");
		if (strcmp(e.field, "t"))
			abort();
		return;
	}
	char iso[26], local[20], day[11];
	instant_format_iso(t, tz, iso);
	instant_format_local(t, tz, local);
	if (strlen(iso) != 25 || strlen(local) != 19)
		abort();
	int64_t back = 0;
	if (instant_parse(iso, "t", tz, &back, &e) || back != t)
		abort();
	/* the ISO text carries its offset: any zone reads it the same */
	if (instant_parse(iso, "t", 0, &back, &e) || back != t)
		abort();
	if (instant_parse(local, "t", tz, &back, &e) || back != t)
		abort();
	date_format(instant_local_day(t, tz), day);
	if (memcmp(day, local, 10) || memcmp(day, iso, 10))
		abort();
}

static void check_tz(const char *s, int *tz)
{
	struct err e;
	err_clear(&e);
	int m = 12345;
	if (tz_parse(s, &m, &e)) {
		check_refusal(&e, "tz.invalid");
		if (m != 12345)
			abort(); /* a refusal leaves the output alone */
		return;
	}
	if (m < -14 * 60 || m > 14 * 60)
		abort();
	char out[16];
	snprintf(out, sizeof out, "%c%02d:%02d", m < 0 ? '-' : '+', abs(m) / 60, abs(m) % 60);
	int again = 0;
	if (tz_parse(out, &again, &e) || again != m)
		abort();
	*tz = m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	int tz = TZ_DEFAULT_MINUTES;
	size_t start = 0;
	for (size_t i = 0; i <= size; i++) {
		if (i < size && buf[i] != '\0' && buf[i] != '\n')
			continue;
		buf[i] = '\0';
		const char *piece = buf + start;
		check_tz(piece, &tz);
		check_date(piece);
		check_instant(piece, TZ_DEFAULT_MINUTES);
		if (tz != TZ_DEFAULT_MINUTES)
			check_instant(piece, tz);
		start = i + 1;
	}
	/* NULL is refused, never dereferenced */
	struct err e;
	int32_t days;
	int64_t t;
	int m;
	err_clear(&e);
	if (!date_parse(NULL, "d", &days, &e) || !instant_parse(NULL, "t", tz, &t, &e) ||
	    !tz_parse(NULL, &m, &e))
		abort();
	free(buf);
	return 0;
}
