/*
 * date.c — civil dates by Howard Hinnant's algorithms (exact over the whole
 * proleptic Gregorian calendar), strict parsing, and instants in a fixed
 * zone.  See http://howardhinnant.github.io/date_algorithms.html.
 */
#include "base/date.h"
#include "base/config.h"
#include "base/text.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0; /* so that date_valid() can never index out of the table */
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool date_valid(int y, int m, int d)
{
	/* four-digit years only: that is all we parse and all we print */
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

int32_t days_from_civil(int y, int m, int d)
{
	/* the year starts on 1 March so that the leap day is the last one */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

void civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)yoe + (int)era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

/* Read `min`..`max` decimal digits; returns the rest, or NULL. */
static const char *digits(const char *s, int min, int max, int *out)
{
	int n = 0, v = 0;
	while (n < max && s[n] >= '0' && s[n] <= '9') {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n < min)
		return NULL;
	*out = v;
	return s + n;
}

/*
 * Parse the date part; returns the rest of the string, or NULL.  *sep tells
 * the caller which flavour it was, so the time can be as strict as the date.
 */
static const char *parse_date_part(const char *s, int *y, int *m, int *d, char *sep)
{
	const char *p = digits(s, 4, 4, y);
	if (!p || (*p != '-' && *p != '/'))
		return NULL;
	*sep = *p;
	/* ISO wants two digits; Excel's slashes may drop the leading zero */
	int lo = *sep == '-' ? 2 : 1;
	p = digits(p + 1, lo, 2, m);
	if (!p || *p != *sep)
		return NULL;
	return digits(p + 1, lo, 2, d);
}

int date_parse(const char *s, const char *field, int32_t *days, struct err *e)
{
	int y = 0, m = 0, d = 0;
	char sep = 0;
	const char *p = s ? parse_date_part(s, &y, &m, &d, &sep) : NULL;
	if (!p || *p || !date_valid(y, m, d)) {
		s = s ? s : "";
		return err_set(e, ERR_INVALID, "date.invalid", field,
			       "日期无效：%.*s（invalid date, expected YYYY-MM-DD）", (int)utf8_clip(s, 64), s);
	}
	*days = days_from_civil(y, m, d);
	return 0;
}

/* Write `width` decimal digits of v (imports format millions of these: no printf). */
static void digits_out(char *out, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10u);
		v /= 10u;
	}
}

void date_format(int32_t days, char out[11])
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	/* reduced to the widths the format has; see date_valid for the years that occur */
	digits_out(out, (unsigned)y % 10000u, 4);
	out[4] = '-';
	digits_out(out + 5, (unsigned)m % 100u, 2);
	out[7] = '-';
	digits_out(out + 8, (unsigned)d % 100u, 2);
	out[10] = 0;
}

int32_t date_add_years(int32_t days, int years)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	y += years;
	if (m == 2 && d == 29 && !date_is_leap(y))
		d = 28;
	return days_from_civil(y, m, d);
}

int32_t date_add_months(int32_t days, int months)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	/* floor division: a month count can go below year 0 */
	y = total >= 0 ? total / 12 : -((-total + 11) / 12);
	m = total - y * 12 + 1;
	if (d > date_days_in_month(y, m))
		d = date_days_in_month(y, m);
	return days_from_civil(y, m, d);
}

/*
 * "Z", "+08:00", "+0800", "+08" and, when `lax`, "+8"; minutes east of UTC
 * within ±14 h.  Returns the rest of the string, or NULL.  Instants take the
 * strict ISO 8601 forms; a configured zone may be written loosely.
 */
static const char *parse_offset(const char *s, bool lax, int *minutes)
{
	if (*s == 'Z' || *s == 'z') {
		*minutes = 0;
		return s + 1;
	}
	if (*s != '+' && *s != '-')
		return NULL;
	int sign = *s == '-' ? -1 : 1, h, mm = 0;
	const char *p = digits(s + 1, lax ? 1 : 2, 2, &h);
	if (!p)
		return NULL;
	if (*p == ':') {
		p = digits(p + 1, 2, 2, &mm);
	} else if (p - s == 3 && *p >= '0' && *p <= '9') {
		p = digits(p, 2, 2, &mm); /* "+0800" */
	}
	if (!p || mm > 59 || h * 60 + mm > 14 * 60)
		return NULL;
	*minutes = sign * (h * 60 + mm);
	return p;
}

int instant_parse(const char *s, const char *field, int tz_minutes, int64_t *unix_secs,
		  struct err *e)
{
	int y = 0, m = 0, d = 0, hh = 0, mi = 0, ss = 0, offset = tz_minutes;
	char sep = 0;
	const char *p = s ? parse_date_part(s, &y, &m, &d, &sep) : NULL;
	if (!p || !date_valid(y, m, d))
		goto bad;
	if (*p == ' ' || *p == 'T' || *p == 't') {
		/* Excel drops the hour's leading zero along with the date's */
		p = digits(p + 1, sep == '/' ? 1 : 2, 2, &hh);
		if (!p || *p != ':')
			goto bad;
		p = digits(p + 1, 2, 2, &mi);
		if (p && *p == ':') {
			p = digits(p + 1, 2, 2, &ss);
			if (p && (*p == '.' || *p == ',')) {
				/* sub-second precision means nothing to a statistic */
				if (*++p < '0' || *p > '9')
					goto bad;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (!p || hh > 23 || mi > 59 || ss > 59)
			goto bad;
		if (*p && !(p = parse_offset(p, false, &offset)))
			goto bad;
	}
	if (*p)
		goto bad;
	int64_t t = (int64_t)days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss - (int64_t)offset * 60;
	/* instants of 1900-2999 (UTC): written in any zone, each parses back to itself */
	if (t < (int64_t)days_from_civil(1900, 1, 1) * 86400 || t >= (int64_t)days_from_civil(3000, 1, 1) * 86400)
		goto bad;
	*unix_secs = t;
	return 0;
bad:
	s = s ? s : "";
	return err_set(e, ERR_INVALID, "instant.invalid", field,
		       "时间无效：%.*s（invalid time, expected YYYY-MM-DD HH:MM[:SS] or ISO 8601）",
		       (int)utf8_clip(s, 64), s);
}

int32_t instant_local_day(int64_t t, int tz_minutes)
{
	int64_t local = t + (int64_t)tz_minutes * 60;
	int64_t day = local / 86400;
	if (local % 86400 < 0)
		day--; /* floor, also before 1970 */
	return (int32_t)day;
}

int64_t local_day_end(int32_t day, int tz_minutes)
{
	return ((int64_t)day + 1) * 86400 - (int64_t)tz_minutes * 60;
}

int day_bucket(int32_t day, int n, const int32_t *from, const int32_t *to)
{
	for (int i = 0; i < n; i++)
		if (from[i] <= day && day <= to[i])
			return i;
	return -1;
}

void instant_format_local(int64_t t, int tz_minutes, char out[20])
{
	int32_t day = instant_local_day(t, tz_minutes);
	int64_t secs = t + (int64_t)tz_minutes * 60 - (int64_t)day * 86400; /* 0..86399 */
	unsigned u = (unsigned)secs % 86400u;
	date_format(day, out);
	out[10] = ' ';
	digits_out(out + 11, u / 3600u, 2);
	out[13] = ':';
	digits_out(out + 14, u / 60u % 60u, 2);
	out[16] = ':';
	digits_out(out + 17, u % 60u, 2);
	out[19] = 0;
}

void instant_format_iso(int64_t t, int tz_minutes, char out[26])
{
	instant_format_local(t, tz_minutes, out);
	out[10] = 'T';
	unsigned a = (unsigned)(tz_minutes < 0 ? -tz_minutes : tz_minutes);
	out[19] = tz_minutes < 0 ? '-' : '+';
	digits_out(out + 20, a / 60u % 100u, 2);
	out[22] = ':';
	digits_out(out + 23, a % 60u, 2);
	out[25] = 0;
}

int32_t date_today(int tz_minutes)
{
	const struct config *c = config();
	if (c->today_fixed)
		return c->today;
	return instant_local_day((int64_t)time(NULL), tz_minutes);
}

int tz_parse(const char *s, int *minutes, struct err *e)
{
	if (!s || !*s)
		goto bad;
	const char *p = s;
	if (!strncasecmp(p, "UTC", 3) || !strncasecmp(p, "GMT", 3))
		p += 3;
	int m = 0;
	/* "UTC" alone and a bare "0" both mean UTC; otherwise a signed offset */
	if (*p && strcmp(p, "0")) {
		p = parse_offset(p, true, &m);
		if (!p || *p)
			goto bad;
	}
	*minutes = m;
	return 0;
bad:
	s = s ? s : "";
	return err_set(e, ERR_INVALID, "tz.invalid", "tz",
		       "时区无效：%.*s（invalid time zone, expected an offset such as +08:00）",
		       (int)utf8_clip(s, 64), s);
}
