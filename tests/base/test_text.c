/* UTF-8 validation, display widths, padding, trimming, struct buf. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"

static bool valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

/* Input quoted in a message: whole characters, stray bytes and control characters as \xNN. */
static void test_text_quote(void **state)
{
	(void)state;
	char out[32];
	assert_string_equal(text_quote(out, sizeof out, "中文", SIZE_MAX), "中文");
	assert_string_equal(text_quote(out, sizeof out, "中文", 4), "中"); /* cut inside 文: left out */
	assert_string_equal(text_quote(out, sizeof out, "a\xff" "b\xe4", SIZE_MAX), "a\\xFFb");
	assert_string_equal(text_quote(out, sizeof out, "a\tb\n\x1b" "[1m\x7f", SIZE_MAX), "a\\x09b\\x0A\\x1B[1m\\x7F");
	assert_string_equal(text_quote(out, 6, "ab\x01" "cd", SIZE_MAX), "ab"); /* an escape is whole or not at all */
	assert_string_equal(text_quote(out, 6, "中文字", SIZE_MAX), "中");
	assert_int_equal(utf8_invalid_at("ab\xe4\xb8", 4), 2);
	assert_int_equal(utf8_invalid_at("ab", 2), 2);

	/* an error's message and field: always UTF-8, cut at a character, no control character */
	struct err e;
	char big[700];
	memset(big, 'a', 1);
	for (size_t i = 1; i + 3 < sizeof big; i += 3)
		memcpy(big + i, "中", 3);
	big[sizeof big - 1] = 0;
	err_set(&e, ERR_INVALID, "x", "f\xe4\nld", "%s", big);
	assert_true(utf8_valid(e.message, strlen(e.message)));
	assert_true(strlen(e.message) >= sizeof e.message - 4);
	assert_string_equal(e.field, "f\\xE4\\x0Ald");
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("plain ASCII"));
	assert_true(valid("阿拉善左旗公安局"));
	assert_true(valid("\xc2\xa0"));         /* NBSP */
	assert_true(valid("\xf0\xa0\x80\x80")); /* U+20000 */
	assert_true(valid("\xf4\x8f\xbf\xbf")); /* U+10FFFF */
	assert_true(valid("\xef\xbb\xbf" "BOM"));
	assert_false(valid("\x80"));             /* lone continuation */
	assert_false(valid("\xe5\xbc"));         /* cut short */
	assert_false(valid("\xe5\xbc" "A"));     /* cut short, then ASCII */
	assert_false(valid("\xc0\xaf"));         /* overlong '/' */
	assert_false(valid("\xe0\x80\xaf"));     /* overlong '/' */
	assert_false(valid("\xed\xa0\x80"));     /* surrogate D800 */
	assert_false(valid("\xf4\x90\x80\x80")); /* beyond U+10FFFF */
	assert_false(valid("\xf8\x88\x80\x80\x80"));
	assert_false(valid("\xff"));
	assert_false(valid("\xb3\xc2\xca\xfd")); /* GBK "陈数", the usual culprit */
	/* n bounds the check, so a character cut by n is invalid */
	assert_true(utf8_valid("张三", 3));
	assert_false(utf8_valid("张三", 4));
	assert_true(utf8_valid("a\0b", 3));
}

static void test_utf8_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("张三"), 4);
	assert_int_equal(utf8_width("张三 abc"), 8);
	assert_int_equal(utf8_width("，。"), 4);            /* U+FF0C, U+3002 */
	assert_int_equal(utf8_width("\xe3\x80\x80"), 2);    /* U+3000 ideographic space */
	assert_int_equal(utf8_width("「」"), 4);            /* U+300C, U+300D */
	assert_int_equal(utf8_width("ＡＢ"), 4);            /* fullwidth Latin */
	assert_int_equal(utf8_width("ｱ"), 1);               /* halfwidth katakana U+FF71 */
	assert_int_equal(utf8_width("￥"), 2);              /* U+FFE5 */
	assert_int_equal(utf8_width("한국"), 4);            /* Hangul */
	assert_int_equal(utf8_width("かな"), 4);
	assert_int_equal(utf8_width("𠀀"), 2);              /* CJK extension B */
	assert_int_equal(utf8_width("é"), 1);
	assert_int_equal(utf8_width("Ж"), 1);
	assert_int_equal(utf8_width("\xc2\xa0"), 1);
	assert_int_equal(utf8_width("\xb3\xc2"), 2);        /* stray bytes: one column each */
	assert_int_equal(utf8_width("ᠮᠣᠩᠭᠣᠯ"), 6);          /* Mongolian script is narrow */
}

/* What text_pad() prints. */
static char *padded(const char *s, int width, bool right)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	assert_non_null(f);
	text_pad(f, s, width, right);
	assert_int_equal(fclose(f), 0);
	return p;
}

static void check_pad(const char *s, int width, bool right, const char *want)
{
	char *got = padded(s, width, right);
	assert_string_equal(got, want);
	free(got);
}

static void test_text_pad(void **state)
{
	(void)state;
	check_pad("abc", 6, false, "abc   ");
	check_pad("abc", 6, true, "   abc");
	check_pad("张三", 6, false, "张三  ");
	check_pad("张三", 6, true, "  张三");
	check_pad("张三", 4, false, "张三");
	check_pad("张三丰", 4, false, "张三丰"); /* too wide: printed whole, no padding */
	check_pad("", 3, false, "   ");
	check_pad("x", 0, true, "x");
	check_pad("x", -5, false, "x");
	/* columns line up under a header with mixed widths */
	char *a = padded("姓名", 8, false), *b = padded("Name", 8, false);
	assert_int_equal(utf8_width(a), utf8_width(b));
	free(a);
	free(b);
}

static void check_trim(const char *in, const char *want)
{
	char s[64];
	snprintf(s, sizeof s, "%s", in);
	char *t = text_trim(s);
	assert_string_equal(t, want);
	assert_true(t >= s && t < s + sizeof s);
}

static void test_text_trim(void **state)
{
	(void)state;
	check_trim("abc", "abc");
	check_trim("  abc  ", "abc");
	check_trim("\t\r\n abc \v\f\n", "abc");
	check_trim("\xe3\x80\x80张三\xe3\x80\x80", "张三");
	check_trim("\xe3\x80\x80 \xc2\xa0张 三\xc2\xa0 \xe3\x80\x80\t", "张 三");
	check_trim("张\xe3\x80\x80三", "张\xe3\x80\x80三"); /* inside stays */
	check_trim("   ", "");
	check_trim("\xe3\x80\x80\xe3\x80\x80", "");
	check_trim("", "");
	/* characters that merely share bytes with the blanks stay */
	check_trim("\xe3\x80\x81", "\xe3\x80\x81");           /* U+3001 、 */
	check_trim("\xe3\x81\x80", "\xe3\x81\x80");           /* U+3040 */
	check_trim("a\xc2\xa1", "a\xc2\xa1");                 /* U+00A1 ¡ */
	check_trim("中", "中");                               /* E4 B8 AD */
	check_trim("\xe3\x80", "\xe3\x80");                   /* a cut U+3000 */
}

static void test_eq_icase(void **state)
{
	(void)state;
	assert_true(text_eq_icase_ascii("true", "TRUE"));
	assert_true(text_eq_icase_ascii("Male", "mALE"));
	assert_true(text_eq_icase_ascii("", ""));
	assert_true(text_eq_icase_ascii("张三", "张三"));
	assert_false(text_eq_icase_ascii("true", "tru"));
	assert_false(text_eq_icase_ascii("tru", "true"));
	assert_false(text_eq_icase_ascii("a", ""));
	assert_false(text_eq_icase_ascii("[", "{")); /* only letters fold */
	assert_false(text_eq_icase_ascii("@", "`"));
	assert_false(text_eq_icase_ascii("é", "É"));
}

static void test_buf(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "SELECT"), 0);
	assert_int_equal(buf_add(&b, " id, name", 3), 0);
	assert_int_equal(buf_printf(&b, " FROM %s WHERE n = %d", "person", 42), 0);
	assert_string_equal(b.p, "SELECT id FROM person WHERE n = 42");
	assert_int_equal(b.len, strlen(b.p));
	assert_int_equal(buf_add(&b, "", 0), 0);
	assert_int_equal(b.len, strlen(b.p));

	/* growing past the first block keeps everything */
	buf_reset(&b);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%d,", i % 10), 0);
	assert_int_equal(b.len, 2000);
	assert_int_equal(strlen(b.p), 2000);
	assert_memory_equal(b.p + 1990, "5,6,7,8,9,", 10);
	assert_true(b.cap > b.len);
	char big[5000];
	memset(big, '#', sizeof big);
	assert_int_equal(buf_add(&b, big, sizeof big), 0);
	assert_int_equal(b.len, 7000);
	assert_int_equal(b.p[7000], 0);

	/* reset keeps the memory */
	char *p = b.p;
	size_t cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.p, p);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.p, "");
	assert_int_equal(buf_puts(&b, "张三"), 0);
	assert_string_equal(b.p, "张三");

	buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_free(&b); /* twice is harmless */

	/* an empty append still leaves a string to read */
	assert_int_equal(buf_add(&b, NULL, 0), 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	buf_free(&b);
}

static void test_buf_oom(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	assert_int_equal(buf_puts(&b, "kept"), 0);
	/* a size no allocator can give: refused with -1, never an abort */
	assert_int_equal(buf_add(&b, "x", SIZE_MAX - 2), -1);
	assert_true(b.failed);
	assert_string_equal(b.p, "kept");
	/* sticky, so a string built in steps is checked once at the end */
	assert_int_equal(buf_puts(&b, "more"), -1);
	assert_int_equal(buf_printf(&b, "%d", 1), -1);
	assert_string_equal(b.p, "kept");
	buf_reset(&b);
	assert_false(b.failed);
	assert_int_equal(buf_puts(&b, "again"), 0);
	assert_string_equal(b.p, "again");
	buf_free(&b);
	assert_false(b.failed);
}

/* Addresses typed twice differently fold to one key; a short buffer never splits a character. */
static void fold_key(void **state)
{
	(void)state;
	char out[64];
	text_fold_key("巴彦浩特镇　和平路 １２号Ａ座", out, sizeof out);
	assert_string_equal(out, "巴彦浩特镇和平路12号a座");
	text_fold_key("Heping Rd. ＮＯ．5", out, sizeof out);
	assert_string_equal(out, "hepingrd.no.5");
	text_fold_key("和平路", out, 7); /* room for two characters and the NUL */
	assert_string_equal(out, "和平");
	text_fold_key("", out, sizeof out);
	assert_string_equal(out, "");
}

/* Counts in human tables: thousands separated, the sign only where asked. */
static void grouped(void **state)
{
	(void)state;
	char b[TEXT_GROUPED];
	assert_string_equal(text_grouped(b, sizeof b, 0, false), "0");
	assert_string_equal(text_grouped(b, sizeof b, 0, true), "0");
	assert_string_equal(text_grouped(b, sizeof b, 999, false), "999");
	assert_string_equal(text_grouped(b, sizeof b, 1234, false), "1,234");
	assert_string_equal(text_grouped(b, sizeof b, 1234, true), "+1,234");
	assert_string_equal(text_grouped(b, sizeof b, -56, true), "-56");
	assert_string_equal(text_grouped(b, sizeof b, -1234567, false), "-1,234,567");
	assert_string_equal(text_grouped(b, sizeof b, 100000, false), "100,000");
	assert_string_equal(text_grouped(b, sizeof b, LLONG_MIN, false), "-9,223,372,036,854,775,808");
}

/* A cut never ends inside a character: 和 is 3 bytes, so 4 bytes of "a和b" keep "a和". */
static void test_utf8_clip(void **state)
{
	(void)state;
	assert_int_equal(utf8_clip("a和b", 10), 5);
	assert_int_equal(utf8_clip("a和b", 5), 5);
	assert_int_equal(utf8_clip("a和b", 4), 4);
	assert_int_equal(utf8_clip("a和b", 3), 1);
	assert_int_equal(utf8_clip("a和b", 2), 1);
	assert_int_equal(utf8_clip("和", 2), 0);
	assert_int_equal(utf8_clip("", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_key),
		cmocka_unit_test(grouped),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_clip),
		cmocka_unit_test(test_text_quote),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_text_pad),
		cmocka_unit_test(test_text_trim),
		cmocka_unit_test(test_eq_icase),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_buf_oom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
