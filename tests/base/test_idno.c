/* Resident ID numbers, phone numbers, and the masks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/idno.h"

/* The check character for 17 digits, computed here independently of idno.c. */
static char check_char(const char *s17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (s17[i] - '0') * ((1 << (17 - i)) % 11);
	return "10X98765432"[sum % 11];
}

/* An ID for region 152921 born on `days`, with a correct check character. */
static void make_id(int32_t days, char out[19])
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, 19, "152921%04u%02u%02u123", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
	out[17] = check_char(out);
	out[18] = 0;
}

static void test_idno_valid(void **state)
{
	(void)state;
	assert_true(idno_valid("11010519491231002X"));
	assert_true(idno_valid("11010519491231002x"));
	assert_true(idno_valid("152921198001011230"));
	assert_true(idno_valid("152921200002290016")); /* 2000 is a leap year */
	assert_true(idno_valid("152921190001010020")); /* the first year allowed */
	assert_true(idno_valid("152921199912310033"));
	assert_true(idno_valid("440304199003072814"));
	assert_int_equal(check_char("11010519491231002"), 'X');
}

static void test_idno_checksum(void **state)
{
	(void)state;
	/* every wrong check character is refused */
	const char *good = "152921198001011230";
	char s[19];
	for (const char *c = "0123456789Xx"; *c; c++) {
		memcpy(s, good, 19);
		s[17] = *c;
		if (*c != '0')
			assert_false(idno_valid(s));
	}
	assert_false(idno_valid("110105194912310021"));
	assert_false(idno_valid("110105194912310020"));
	/* one digit changed, or two swapped */
	assert_false(idno_valid("11010519491231003X"));
	assert_false(idno_valid("10110519491231002X"));
}

static void test_idno_shape(void **state)
{
	(void)state;
	assert_false(idno_valid(NULL));
	assert_false(idno_valid(""));
	assert_false(idno_valid("11010519491231002"));
	assert_false(idno_valid("11010519491231002X0"));
	assert_false(idno_valid("110105194912310X2X"));
	assert_false(idno_valid("11010519491231002Y"));
	assert_false(idno_valid(" 11010519491231002X"));
	assert_false(idno_valid("11010519491231002X "));
	assert_false(idno_valid("110105491231002")); /* the old 15-digit form */
	assert_false(idno_valid("1101051949-231002X"));
}

static void test_idno_birth_date(void **state)
{
	(void)state;
	/* checksums are right in all of these; the date is what is wrong */
	assert_false(idno_valid("152921202302290017")); /* 2023-02-29 */
	assert_false(idno_valid("152921189912310018")); /* before 1900 */
	assert_false(idno_valid("152921198013010016")); /* month 13 */
	assert_false(idno_valid("152921210001010018")); /* 2100, in the future */

	char s[19];
	make_id(days_from_civil(1980, 2, 29), s);
	assert_true(idno_valid(s));
	make_id(days_from_civil(1980, 4, 30), s);
	assert_true(idno_valid(s));

	/* born today is fine, later is not; two days on so midnight cannot flake it */
	int32_t today = date_today(TZ_DEFAULT_MINUTES);
	make_id(today, s);
	assert_true(idno_valid(s));
	make_id(today + 2, s);
	assert_false(idno_valid(s));
}

static void test_phone_valid(void **state)
{
	(void)state;
	assert_true(phone_valid("13812345678"));
	assert_true(phone_valid("19912345678"));
	assert_true(phone_valid("15047812345"));
	assert_false(phone_valid("12812345678")); /* 12x is no mobile prefix */
	assert_false(phone_valid("10812345678"));
	assert_false(phone_valid("1381234567"));
	assert_false(phone_valid("138123456789"));
	assert_false(phone_valid("1381234567a"));
	assert_false(phone_valid("138-1234-5678"));

	assert_true(phone_valid("0483-8221234"));
	assert_true(phone_valid("04838221234"));
	assert_true(phone_valid("010-12345678"));
	assert_true(phone_valid("01012345678"));
	assert_true(phone_valid("0483-1234567"));
	assert_true(phone_valid("0101234567"));
	assert_false(phone_valid("0483-123456"));    /* 6-digit number */
	assert_false(phone_valid("0483-123456789")); /* 9-digit number */
	assert_false(phone_valid("04-1234567"));     /* 1-digit area code */
	assert_false(phone_valid("04831-1234567"));  /* 4-digit area code */
	assert_false(phone_valid("4831-1234567"));   /* no leading 0 */
	assert_false(phone_valid("0086-13812345"));  /* international prefix */
	assert_false(phone_valid("0483-822-1234"));
	assert_false(phone_valid("0483-"));
	assert_false(phone_valid("-8221234"));
	assert_false(phone_valid("048312"));
	assert_false(phone_valid("0483822123456"));
	assert_false(phone_valid("0483 8221234"));

	assert_false(phone_valid(""));
	assert_false(phone_valid(NULL));
}

static void test_mask_idno(void **state)
{
	(void)state;
	char out[32];
	mask_idno("15292119800101123X", out, sizeof out);
	assert_string_equal(out, "152921********123X");
	mask_idno("11010519491231002x", out, sizeof out);
	assert_string_equal(out, "110105********002x");
	mask_idno("110105491231002", out, sizeof out); /* 15 digits */
	assert_string_equal(out, "110105*****1002");
	mask_idno("1234567890", out, sizeof out); /* nothing left to hide: hide it all */
	assert_string_equal(out, "**********");
	mask_idno("", out, sizeof out);
	assert_string_equal(out, "");
	mask_idno(NULL, out, sizeof out);
	assert_string_equal(out, "");

	/* a short buffer is cut and still terminated */
	char small[8];
	mask_idno("15292119800101123X", small, sizeof small);
	assert_string_equal(small, "152921*");
	memset(small, 'z', sizeof small);
	mask_idno("15292119800101123X", small, 0);
	assert_int_equal(small[0], 'z');
}

static void test_mask_phone(void **state)
{
	(void)state;
	char out[32];
	mask_phone("13812345678", out, sizeof out);
	assert_string_equal(out, "138****5678");
	mask_phone("0483-8221234", out, sizeof out);
	assert_string_equal(out, "********1234");
	mask_phone("04838221234", out, sizeof out);
	assert_string_equal(out, "*******1234");
	mask_phone("1234", out, sizeof out);
	assert_string_equal(out, "****");
	mask_phone("110", out, sizeof out);
	assert_string_equal(out, "***");
	mask_phone(NULL, out, sizeof out);
	assert_string_equal(out, "");
	char small[5];
	mask_phone("13812345678", small, sizeof small);
	assert_string_equal(small, "138*");
}

static void test_mask_name(void **state)
{
	(void)state;
	char out[64];
	mask_name("张三丰", out, sizeof out);
	assert_string_equal(out, "张**");
	mask_name("张三", out, sizeof out);
	assert_string_equal(out, "张*");
	mask_name("欧阳娜娜", out, sizeof out);
	assert_string_equal(out, "欧***");
	mask_name("阿拉腾·巴特尔", out, sizeof out);
	assert_string_equal(out, "阿******");
	mask_name("Li Lei", out, sizeof out);
	assert_string_equal(out, "L*****");
	mask_name("𠀀丁", out, sizeof out); /* a 4-byte first character */
	assert_string_equal(out, "𠀀*");
	mask_name("张", out, sizeof out);
	assert_string_equal(out, "张");
	mask_name("", out, sizeof out);
	assert_string_equal(out, "");
	mask_name(NULL, out, sizeof out);
	assert_string_equal(out, "");

	/* never a cut character: too small for the first one gives "" */
	char small[3];
	mask_name("张三丰", small, sizeof small);
	assert_string_equal(small, "");
	char four[4];
	mask_name("张三丰", four, sizeof four);
	assert_string_equal(four, "张");
	char five[5];
	mask_name("张三丰", five, sizeof five);
	assert_string_equal(five, "张*");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idno_valid),
		cmocka_unit_test(test_idno_checksum),
		cmocka_unit_test(test_idno_shape),
		cmocka_unit_test(test_idno_birth_date),
		cmocka_unit_test(test_phone_valid),
		cmocka_unit_test(test_mask_idno),
		cmocka_unit_test(test_mask_phone),
		cmocka_unit_test(test_mask_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
