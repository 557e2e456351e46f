/* Civil dates, strict parsing, instants in a fixed zone, zone offsets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "base/config.h"
#include "base/date.h"

/* 2023-01-01T00:00:00Z */
#define JAN1_2023_UTC INT64_C(1672531200)

static int32_t day(const char *s)
{
	struct err e;
	int32_t d = INT32_MIN;
	err_clear(&e);
	if (date_parse(s, "d", &d, &e))
		fail_msg("date_parse(%s): %s", s, e.message);
	return d;
}

static bool date_ok(const char *s)
{
	struct err e;
	int32_t d;
	err_clear(&e);
	return date_parse(s, "d", &d, &e) == 0;
}

static int64_t instant(const char *s, int tz)
{
	struct err e;
	int64_t t = INT64_MIN;
	err_clear(&e);
	if (instant_parse(s, "t", tz, &t, &e))
		fail_msg("instant_parse(%s): %s", s, e.message);
	return t;
}

static bool instant_ok(const char *s)
{
	struct err e;
	int64_t t;
	err_clear(&e);
	return instant_parse(s, "t", 480, &t, &e) == 0;
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_false(date_is_leap(1900));
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(2023));
	assert_false(date_is_leap(2100));
	assert_true(date_is_leap(1600));
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2023, 4), 30);
	assert_int_equal(date_days_in_month(2023, 12), 31);
	/* out of range months have no days rather than reading past a table */
	assert_int_equal(date_days_in_month(2023, 0), 0);
	assert_int_equal(date_days_in_month(2023, 13), 0);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2023, 2, 29));
	assert_false(date_valid(2023, 2, 30));
	assert_false(date_valid(2023, 4, 31));
	assert_false(date_valid(2023, 0, 1));
	assert_false(date_valid(2023, 13, 1));
	assert_false(date_valid(2023, 1, 0));
	assert_false(date_valid(0, 1, 1));
	assert_true(date_valid(1, 1, 1));
	assert_true(date_valid(9999, 12, 31));
}

static void test_known_days(void **state)
{
	(void)state;
	assert_int_equal(days_from_civil(1970, 1, 1), 0);
	assert_int_equal(days_from_civil(1969, 12, 31), -1);
	assert_int_equal(days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(days_from_civil(1900, 3, 1), -25508);
	assert_int_equal(days_from_civil(1600, 2, 29), -135081);
	assert_int_equal(days_from_civil(1, 1, 1), -719162);
	assert_int_equal(days_from_civil(9999, 12, 31), 2932896);
	assert_int_equal(days_from_civil(2023, 1, 1), 19358);
	assert_int_equal(days_from_civil(2024, 2, 29), 19782);
}

/* Every day from 0001-01-01 to 9999-12-31, and beyond both ends. */
static void test_round_trip(void **state)
{
	(void)state;
	int py, pm, pd;
	civil_from_days(-719163, &py, &pm, &pd);
	assert_int_equal(py, 0);
	assert_int_equal(pm, 12);
	assert_int_equal(pd, 31);
	const int32_t first = -719162 - 400 * 366, last = 2932896 + 400 * 366;
	civil_from_days(first - 1, &py, &pm, &pd);
	for (int32_t z = first; z <= last; z++) {
		int y, m, d;
		civil_from_days(z, &y, &m, &d);
		if (days_from_civil(y, m, d) != z)
			fail_msg("day %d -> %d-%d-%d does not come back", (int)z, y, m, d);
		/* the next day follows the previous one */
		bool next = (y == py && m == pm && d == pd + 1) ||
			    (y == py && m == pm + 1 && d == 1 && pd == date_days_in_month(py, pm)) ||
			    (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31);
		if (!next)
			fail_msg("day %d: %d-%d-%d after %d-%d-%d", (int)z, y, m, d, py, pm, pd);
		py = y, pm = m, pd = d;
	}
}

static void test_format_parse_round_trip(void **state)
{
	(void)state;
	/* days before and after 1970, through leap days and century years */
	for (int32_t z = days_from_civil(1890, 1, 1); z <= days_from_civil(2110, 12, 31); z++) {
		char s[11];
		date_format(z, s);
		assert_int_equal(strlen(s), 10);
		assert_int_equal(day(s), z);
	}
	char s[11];
	date_format(-719162, s);
	assert_string_equal(s, "0001-01-01");
	date_format(2932896, s);
	assert_string_equal(s, "9999-12-31");
	date_format(-1, s);
	assert_string_equal(s, "1969-12-31");
}

static void test_parse_strict(void **state)
{
	(void)state;
	assert_int_equal(day("2024-02-29"), 19782);
	assert_int_equal(day("1970-01-01"), 0);
	assert_true(date_ok("2000-02-29"));
	assert_false(date_ok("1900-02-29"));
	assert_false(date_ok("2023-02-29"));
	assert_false(date_ok("2023-02-30"));
	assert_false(date_ok("2023-13-01"));
	assert_false(date_ok("2023-00-10"));
	assert_false(date_ok("2023-01-00"));
	assert_false(date_ok("2023-04-31"));
	assert_false(date_ok("2023-01-01x"));
	assert_false(date_ok("2023-01-01 "));
	assert_false(date_ok(" 2023-01-01"));
	assert_false(date_ok("2023-01-01 00:00"));
	assert_false(date_ok("2023-1-1"));
	assert_false(date_ok("2023-001-01"));
	assert_false(date_ok("23-01-01"));
	assert_false(date_ok("20230-01-01"));
	assert_false(date_ok("+2023-01-01"));
	assert_false(date_ok("20230101"));
	assert_false(date_ok("2023/01-01"));
	assert_false(date_ok("2023.01.01"));
	assert_false(date_ok("0000-01-01"));
	assert_false(date_ok(""));
	assert_false(date_ok(NULL));
}

static void test_parse_excel(void **state)
{
	(void)state;
	assert_int_equal(day("2023/1/5"), days_from_civil(2023, 1, 5));
	assert_int_equal(day("2023/01/05"), days_from_civil(2023, 1, 5));
	assert_int_equal(day("2023/12/31"), days_from_civil(2023, 12, 31));
	assert_int_equal(day("2024/2/29"), 19782);
	assert_false(date_ok("2023/2/29"));
	assert_false(date_ok("2023/1/123"));
	assert_false(date_ok("2023//1"));
	assert_false(date_ok("2023/1/"));
}

static void test_parse_error(void **state)
{
	(void)state;
	struct err e;
	int32_t d = 42;
	err_clear(&e);
	assert_int_equal(date_parse("2023-02-30", "birth_date", &d, &e), -1);
	assert_int_equal(d, 42);
	assert_int_equal(e.kind, ERR_INVALID);
	assert_string_equal(e.code, "date.invalid");
	assert_string_equal(e.field, "birth_date");
	assert_string_equal(e.message, "日期无效：2023-02-30（invalid date, expected YYYY-MM-DD）");

	/* a long value is cut, but never inside a character */
	char longs[200] = "";
	for (int i = 0; i < 30; i++)
		strcat(longs, "日");
	err_clear(&e);
	assert_int_equal(date_parse(longs, "x", &d, &e), -1);
	assert_non_null(strstr(e.message, "日日（invalid date"));

	err_clear(&e);
	int64_t t;
	assert_int_equal(instant_parse("2023-01-01 25:00", "occurred_at", 480, &t, &e), -1);
	assert_int_equal(e.kind, ERR_INVALID);
	assert_string_equal(e.code, "instant.invalid");
	assert_string_equal(e.field, "occurred_at");
	assert_non_null(strstr(e.message, "时间无效：2023-01-01 25:00（"));
}

static void test_instant_local(void **state)
{
	(void)state;
	assert_int_equal(instant("2023-01-01 00:00", 480), INT64_C(1672502400));
	assert_int_equal(instant("2023-01-01 00:00:00", 480), INT64_C(1672502400));
	assert_int_equal(instant("2023-01-01T00:00:00", 480), INT64_C(1672502400));
	assert_int_equal(instant("2023-01-01 00:00", 0), JAN1_2023_UTC);
	assert_int_equal(instant("2023-01-01 08:30:15", 480), JAN1_2023_UTC + 30 * 60 + 15);
	assert_int_equal(instant("2023-01-01 23:59:59", 0), JAN1_2023_UTC + 86399);
	assert_int_equal(instant("2023/1/1 8:00", 480), JAN1_2023_UTC);
	assert_int_equal(instant("2023/01/01 08:00:00", 480), JAN1_2023_UTC);
	/* a bare date is local midnight */
	assert_int_equal(instant("2023-01-01", 480), INT64_C(1672502400));
	assert_int_equal(instant("2023/1/1", 0), JAN1_2023_UTC);
	assert_int_equal(instant("1970-01-01", 480), -28800);
	assert_int_equal(instant("1969-12-31 23:59:59", 0), -1);
}

static void test_instant_iso(void **state)
{
	(void)state;
	int64_t t = instant("2022-12-31T16:30:00Z", 480);
	assert_int_equal(t, JAN1_2023_UTC - 7 * 3600 - 1800);
	assert_int_equal(instant_local_day(t, 480), days_from_civil(2023, 1, 1));
	assert_int_equal(instant_local_day(t, 0), days_from_civil(2022, 12, 31));

	/* the written offset wins over the zone */
	assert_int_equal(instant("2023-01-01T08:00:00+08:00", 0), JAN1_2023_UTC);
	assert_int_equal(instant("2023-01-01T08:00:00+0800", -300), JAN1_2023_UTC);
	assert_int_equal(instant("2023-01-01T08:00:00+08", 0), JAN1_2023_UTC);
	assert_int_equal(instant("2023-01-01T08:00+08:00", 0), JAN1_2023_UTC);
	assert_int_equal(instant("2023-01-01 08:00:00+08:00", 0), JAN1_2023_UTC);
	assert_int_equal(instant("2023-01-01T00:00:00z", 480), JAN1_2023_UTC);
	assert_int_equal(instant("2022-12-31T18:30:00-05:30", 480), JAN1_2023_UTC);
	assert_int_equal(instant("2022-12-31T18:30:00-0530", 480), JAN1_2023_UTC);
	assert_int_equal(instant("2023-01-01T14:00:00+14:00", 480), JAN1_2023_UTC);

	/* fractional seconds are dropped, not rounded */
	assert_int_equal(instant("2023-01-01T00:00:00.123Z", 480), JAN1_2023_UTC);
	assert_int_equal(instant("2023-01-01T00:00:59.999999+00:00", 480), JAN1_2023_UTC + 59);
	assert_int_equal(instant("2023-01-01 08:00:00,5", 480), JAN1_2023_UTC);
}

static void test_instant_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "garbage", "2023-01-01T", "2023-01-01 ", "2023-01-01 08", "2023-01-01 08:",
		"2023-01-01 08:0", "2023-01-01 24:00", "2023-01-01 23:60", "2023-01-01 23:59:60",
		"2023-01-01 8:00", "2023-01-01 08:00:00.", "2023-01-01 08:00.5",
		"2023-01-01 08:00:00 ", "2023-01-01 08:00:00x", "2023-01-01 08:00:00Zx",
		"2023-01-01T08:00:00+8", "2023-01-01T08:00:00+15:00", "2023-01-01T08:00:00+14:01",
		"2023-01-01T08:00:00+08:60", "2023-01-01T08:00:00+08:0", "2023-01-01T08:00:00+080",
		"2023-01-01T08:00:00+", "2023-01-01T08:00:00 +08:00", "2023-02-30 00:00",
		"2023-02-29", "2023-13-01 00:00", "2023-01-01Z", "2023-01-01  08:00",
		"2023-01-01_08:00", "1672502400",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (instant_ok(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(instant_ok(NULL));
	assert_true(instant_ok("2024-02-29 23:59:59"));
}

static void test_local_day_boundaries(void **state)
{
	(void)state;
	int64_t midnight = instant("2023-01-01 00:00:00", 480);
	assert_int_equal(instant_local_day(midnight, 480), 19358);
	assert_int_equal(instant_local_day(midnight - 1, 480), 19357);
	assert_int_equal(instant_local_day(midnight + 86399, 480), 19358);
	assert_int_equal(instant_local_day(midnight + 86400, 480), 19359);
	/* before 1970 the day is still the floor */
	assert_int_equal(instant_local_day(0, 0), 0);
	assert_int_equal(instant_local_day(-1, 0), -1);
	assert_int_equal(instant_local_day(-86400, 0), -1);
	assert_int_equal(instant_local_day(-86401, 0), -2);
	assert_int_equal(instant_local_day(-28800, 480), 0);
	assert_int_equal(instant_local_day(-28801, 480), -1);
	assert_int_equal(instant_local_day(0, -300), -1);
}

static void test_instant_format(void **state)
{
	(void)state;
	char local[20], iso[26];
	instant_format_local(JAN1_2023_UTC, 480, local);
	assert_string_equal(local, "2023-01-01 08:00:00");
	instant_format_local(INT64_C(1672502399), 480, local);
	assert_string_equal(local, "2022-12-31 23:59:59");
	instant_format_local(-1, 0, local);
	assert_string_equal(local, "1969-12-31 23:59:59");
	instant_format_iso(JAN1_2023_UTC, 480, iso);
	assert_string_equal(iso, "2023-01-01T08:00:00+08:00");
	instant_format_iso(JAN1_2023_UTC, -330, iso);
	assert_string_equal(iso, "2022-12-31T18:30:00-05:30");
	instant_format_iso(JAN1_2023_UTC, 0, iso);
	assert_string_equal(iso, "2023-01-01T00:00:00+00:00");
	/* what we write, we read back */
	assert_int_equal(instant(iso, 480), JAN1_2023_UTC);
	instant_format_iso(INT64_C(1700000000), -330, iso);
	assert_int_equal(instant(iso, 480), INT64_C(1700000000));
}

static void test_add_years(void **state)
{
	(void)state;
	assert_int_equal(date_add_years(day("2024-02-29"), -1), day("2023-02-28"));
	assert_int_equal(date_add_years(day("2024-02-29"), 1), day("2025-02-28"));
	assert_int_equal(date_add_years(day("2024-02-29"), 4), day("2028-02-29"));
	assert_int_equal(date_add_years(day("2000-02-29"), 100), day("2100-02-28"));
	assert_int_equal(date_add_years(day("2023-03-15"), 1), day("2024-03-15"));
	assert_int_equal(date_add_years(day("2023-03-15"), -18), day("2005-03-15"));
	assert_int_equal(date_add_years(day("2023-03-15"), 0), day("2023-03-15"));
}

static void test_add_months(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(day("2023-01-31"), 1), day("2023-02-28"));
	assert_int_equal(date_add_months(day("2024-01-31"), 1), day("2024-02-29"));
	assert_int_equal(date_add_months(day("2023-03-31"), -1), day("2023-02-28"));
	assert_int_equal(date_add_months(day("2023-03-31"), 1), day("2023-04-30"));
	assert_int_equal(date_add_months(day("2023-12-15"), 1), day("2024-01-15"));
	assert_int_equal(date_add_months(day("2023-01-15"), -1), day("2022-12-15"));
	assert_int_equal(date_add_months(day("2023-01-15"), -13), day("2021-12-15"));
	assert_int_equal(date_add_months(day("2023-01-15"), 24), day("2025-01-15"));
	assert_int_equal(date_add_months(day("2023-05-31"), -24), day("2021-05-31"));
	assert_int_equal(date_add_months(day("2023-05-31"), 0), day("2023-05-31"));
	assert_int_equal(date_add_months(day("2023-08-31"), -6), day("2023-02-28"));
	/* below year 0 the month arithmetic must still floor */
	assert_int_equal(date_add_months(days_from_civil(1, 1, 15), -1), days_from_civil(0, 12, 15));
	assert_int_equal(date_add_months(days_from_civil(1, 3, 31), -14),
			 days_from_civil(0, 1, 31));
	assert_int_equal(date_add_months(days_from_civil(1, 3, 31), -15),
			 days_from_civil(-1, 12, 31));
	assert_int_equal(date_add_months(days_from_civil(1, 3, 31), -25),
			 days_from_civil(-1, 2, 28));
}

static void test_today(void **state)
{
	(void)state;
	int32_t t = date_today(TZ_DEFAULT_MINUTES);
	int32_t u = instant_local_day((int64_t)time(NULL), TZ_DEFAULT_MINUTES);
	assert_true(t == u || t + 1 == u); /* midnight may pass between the calls */
	assert_true(t > day("2023-01-01"));
	int32_t west = date_today(-12 * 60), east = date_today(14 * 60);
	assert_true(east - west >= 0 && east - west <= 2);
}

/* $FENGQIAO_TODAY, once in the configuration, is every zone's today. */
static void test_today_fixed(void **state)
{
	(void)state;
	struct config saved = *config(), fixed = saved;
	fixed.today_fixed = true;
	fixed.today = day("2026-09-15");
	config_set(&fixed);
	assert_int_equal(date_today(TZ_DEFAULT_MINUTES), day("2026-09-15"));
	assert_int_equal(date_today(-12 * 60), day("2026-09-15"));
	config_set(&saved);
	int32_t t = date_today(0), u = instant_local_day((int64_t)time(NULL), 0);
	assert_true(t == u || t + 1 == u); /* the clock again; midnight may pass */
}

static int tz(const char *s)
{
	struct err e;
	int m = 12345;
	err_clear(&e);
	if (tz_parse(s, &m, &e))
		fail_msg("tz_parse(%s): %s", s, e.message);
	return m;
}

static void test_tz_parse(void **state)
{
	(void)state;
	assert_int_equal(tz("+08:00"), 480);
	assert_int_equal(tz("+0800"), 480);
	assert_int_equal(tz("+08"), 480);
	assert_int_equal(tz("+8"), 480);
	assert_int_equal(tz("UTC+8"), 480);
	assert_int_equal(tz("UTC+08:00"), 480);
	assert_int_equal(tz("utc+08:00"), 480);
	assert_int_equal(tz("GMT-5"), -300);
	assert_int_equal(tz("-05:30"), -330);
	assert_int_equal(tz("+05:45"), 345);
	assert_int_equal(tz("+14:00"), 840);
	assert_int_equal(tz("-14:00"), -840);
	assert_int_equal(tz("0"), 0);
	assert_int_equal(tz("Z"), 0);
	assert_int_equal(tz("UTC"), 0);
	assert_int_equal(tz("UTC0"), 0);
	assert_int_equal(tz("-00:00"), 0);

	static const char *const bad[] = {
		"", "8", "08:00", "+15", "+14:01", "-14:30", "+08:60", "+08:0", "+080", "+",
		"UTC+", "UTC 8", "+08:00x", " +08:00", "abc", "UTC+8:00:00", "00", "ZZ",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e;
		int m = 12345;
		err_clear(&e);
		if (tz_parse(bad[i], &m, &e) == 0)
			fail_msg("accepted \"%s\" as %d", bad[i], m);
		assert_int_equal(m, 12345);
		assert_int_equal(e.kind, ERR_INVALID);
		assert_string_equal(e.code, "tz.invalid");
	}
	struct err e;
	int m = 1;
	err_clear(&e);
	assert_int_equal(tz_parse(NULL, &m, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_format_parse_round_trip),
		cmocka_unit_test(test_parse_strict),
		cmocka_unit_test(test_parse_excel),
		cmocka_unit_test(test_parse_error),
		cmocka_unit_test(test_instant_local),
		cmocka_unit_test(test_instant_iso),
		cmocka_unit_test(test_instant_refused),
		cmocka_unit_test(test_local_day_boundaries),
		cmocka_unit_test(test_instant_format),
		cmocka_unit_test(test_add_years),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_today_fixed),
		cmocka_unit_test(test_tz_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
