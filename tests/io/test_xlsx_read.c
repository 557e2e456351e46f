/*
 * The XLSX reader on workbooks it did not write (tests/io/xlsx/make made
 * them with openpyxl and by hand): cell types, dates and times, gaps, row
 * numbers, sheets by name, limits, broken input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "io/xlsx.h"
#include "io/xlsx_read.h"

#define FIX "tests/io/xlsx/"

static struct xlsx_reader *open_fix(const char *name, const struct xlsx_read_opts *o, struct err *e)
{
	FILE *f = fopen(name, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository)", name);
	err_clear(e);
	struct xlsx_reader *r = xlsx_open_file(f, o, e);
	fclose(f); /* the reader has its own descriptor */
	return r;
}

static void expect_row(struct xlsx_reader *r, long line, size_t n, const char *const *want)
{
	struct csv_row row;
	struct err e;
	err_clear(&e);
	int got = xlsx_next(r, &row, &e);
	if (got != 1)
		fail_msg("row %ld: got %d (%s)", line, got, e.message);
	assert_int_equal(row.line, line);
	assert_int_equal(row.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(row.fields[i], want[i]);
		assert_int_equal(row.lens[i], strlen(want[i]));
	}
}

static void expect_end(struct xlsx_reader *r)
{
	struct csv_row row;
	struct err e;
	err_clear(&e);
	assert_int_equal(xlsx_next(r, &row, &e), 0);
	assert_int_equal(xlsx_next(r, &row, &e), 0);
}

static void cells_typed(void **state)
{
	struct err e;
	struct xlsx_reader *r = open_fix(FIX "cells.xlsx", NULL, &e);
	assert_non_null(r);
	expect_row(r, 1, 9,
		   (const char *[]){ "文本", "数字", "日期", "时间", "日期时间", "布尔", "公式文本", "小数", "内置日期" });
	expect_row(r, 2, 9,
		   (const char *[]){ "张三", "42", "2026-03-05", "14:30:00", "2026-03-05 08:15:30", "TRUE", "=SUM(A1)",
				     "3.25", "1999-12-31" });
	/* rows 3 and 4 absent; B5 absent; A6 absent */
	expect_row(r, 5, 3, (const char *[]){ "gap", "", "7" });
	expect_row(r, 6, 2, (const char *[]){ "", "x" });
	expect_end(r);
	assert_true(xlsx_fraction(r) > 0.99);
	xlsx_close(r);
}

static void sheet_by_name(void **state)
{
	struct err e;
	struct xlsx_read_opts o = { .sheet = "第二页" };
	struct xlsx_reader *r = open_fix(FIX "cells.xlsx", &o, &e);
	assert_non_null(r);
	expect_row(r, 1, 1, (const char *[]){ "second" });
	expect_end(r);
	xlsx_close(r);

	o.sheet = "无";
	assert_null(open_fix(FIX "cells.xlsx", &o, &e));
	assert_string_equal(e.code, "xlsx.no_sheet");
	assert_non_null(strstr(e.message, "“数据”、“第二页”"));
}

static void inline_prefixed_1904(void **state)
{
	struct err e;
	struct xlsx_reader *r = open_fix(FIX "inline.xlsx", NULL, &e);
	assert_non_null(r);
	/* rich text runs joined, the phonetic guide left out; serial 0 in a 1904
	 * workbook is 1904-01-01; rows without r= counted from 1 */
	expect_row(r, 1, 6,
		   (const char *[]){ "富文本 ", "公式结果", "#N/A", "2026-03-05 14:30:00", "1904-01-01", "FALSE" });
	/* _xHHHH_ escapes decoded; _x005F_ keeps a literal "_x" */
	expect_row(r, 2, 2, (const char *[]){ "1.5", "a\rb_x0041_ 中" });
	expect_end(r);
	xlsx_close(r);
}

static void malformed_sheet(void **state)
{
	struct err e;
	struct xlsx_reader *r = open_fix(FIX "bad.xlsx", NULL, &e);
	assert_non_null(r);
	expect_row(r, 1, 6,
		   (const char *[]){ "富文本 ", "公式结果", "#N/A", "2026-03-05 14:30:00", "0", "FALSE" });
	struct csv_row row;
	err_clear(&e);
	assert_int_equal(xlsx_next(r, &row, &e), -1);
	assert_string_equal(e.code, "xlsx.xml");
	assert_int_equal(e.line, 2);
	assert_int_equal(xlsx_next(r, &row, &e), -1);
	xlsx_close(r);
}

static void limits(void **state)
{
	struct err e;
	struct xlsx_read_opts o = { .max_inflated = 2000 };
	assert_null(open_fix(FIX "cells.xlsx", &o, &e));
	assert_string_equal(e.code, "xlsx.too_large");
	o = (struct xlsx_read_opts){ .max_entries = 3 };
	assert_null(open_fix(FIX "cells.xlsx", &o, &e));
	assert_string_equal(e.code, "xlsx.too_many_entries");
}

static void not_a_workbook(void **state)
{
	struct err e;
	err_clear(&e);
	static const char junk[] = "PK\3\4 not really a zip";
	assert_true(xlsx_sniff(junk, sizeof junk));
	assert_false(xlsx_sniff("a,b\n", 4));
	assert_null(xlsx_open_buffer(junk, sizeof junk, NULL, &e));
	assert_string_equal(e.code, "xlsx.not_zip");
}

static void from_buffer(void **state)
{
	FILE *f = fopen(FIX "cells.xlsx", "rb");
	assert_non_null(f);
	static char b[65536];
	size_t n = fread(b, 1, sizeof b, f);
	fclose(f);
	struct err e;
	err_clear(&e);
	struct xlsx_reader *r = xlsx_open_buffer(b, n, NULL, &e);
	assert_non_null(r);
	struct csv_row row;
	assert_int_equal(xlsx_next(r, &row, &e), 1);
	assert_string_equal(row.fields[0], "文本");
	xlsx_close(r); /* half read: nothing leaks */
}

/* The writer's typed cells read back: a date, a local instant, text that looks like a formula. */
static void writer_round_trip(void **state)
{
	struct xlsx *x = xlsx_new();
	xlsx_header(x);
	xlsx_text(x, "日期");
	xlsx_text(x, "时间");
	xlsx_text(x, "文本");
	xlsx_text(x, "数");
	xlsx_row(x);
	xlsx_date(x, days_from_civil(2026, 3, 5));
	xlsx_instant(x, 1772692200, 8 * 60); /* 2026-03-05 06:30:00 UTC */
	xlsx_text(x, "=cmd|' /C calc'!A0");
	xlsx_number(x, 0.125, XLSX_PERCENT);
	char *book = NULL;
	size_t len = 0;
	struct err e;
	err_clear(&e);
	FILE *f = open_memstream(&book, &len);
	assert_int_equal(xlsx_write(x, "表", f, &e), 0);
	fclose(f);
	xlsx_free(x);
	struct xlsx_reader *r = xlsx_open_buffer(book, len, NULL, &e);
	assert_non_null(r);
	expect_row(r, 1, 4, (const char *[]){ "日期", "时间", "文本", "数" });
	expect_row(r, 2, 4, (const char *[]){ "2026-03-05", "2026-03-05 14:30:00", "=cmd|' /C calc'!A0", "0.125" });
	expect_end(r);
	xlsx_close(r); /* a formula cell would have read as its cached value, "0" */
	free(book);
}

/* Two sheets Excel takes as one (names differ only in case): the name named, not "out of memory". */
static void writer_sheet_name_refused(void **state)
{
	(void)state;
	struct xlsx *x[2] = { xlsx_new(), xlsx_new() };
	const char *names[2] = { "H1", "h1" };
	char *book = NULL;
	size_t len = 0;
	struct err e;
	err_clear(&e);
	FILE *f = open_memstream(&book, &len);
	assert_int_equal(xlsx_write_book(x, names, 2, f, &e), -1);
	fclose(f);
	assert_string_equal(e.code, "xlsx.sheet_name");
	assert_non_null(strstr(e.message, "h1"));
	xlsx_free(x[0]);
	xlsx_free(x[1]);
	free(book);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cells_typed),
		cmocka_unit_test(sheet_by_name),
		cmocka_unit_test(inline_prefixed_1904),
		cmocka_unit_test(malformed_sheet),
		cmocka_unit_test(limits),
		cmocka_unit_test(not_a_workbook),
		cmocka_unit_test(from_buffer),
		cmocka_unit_test(writer_round_trip),
		cmocka_unit_test(writer_sheet_name_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
