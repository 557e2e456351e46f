/* The CSV reader: RFC 4180 records, encodings, line numbers, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "io/csv.h"

/* The reader's chunk size, mirrored here to build boundary cases. */
#define CHUNK (64 * 1024)

struct src {
	FILE *f;
	struct csv_reader *r;
	struct err e;
};

static void src_open(struct src *s, const void *data, size_t n)
{
	memset(s, 0, sizeof *s);
	s->f = fmemopen((void *)data, n, "r");
	assert_non_null(s->f);
	s->r = csv_open(s->f, &s->e);
	assert_non_null(s->r);
}

static void src_str(struct src *s, const char *data)
{
	src_open(s, data, strlen(data));
}

static void src_close(struct src *s)
{
	csv_close(s->r);
	fclose(s->f);
}

/* Next record must start on `line` and hold exactly the n given fields. */
static void expect_row(struct src *s, long line, size_t n, ...)
{
	struct csv_row row;
	int rc = csv_next(s->r, &row, &s->e);
	if (rc != 1)
		fail_msg("csv_next returned %d (%s: %s)", rc, s->e.code, s->e.message);
	assert_int_equal(row.line, line);
	assert_int_equal(row.n, n);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);
		assert_string_equal(row.fields[i], want);
		assert_int_equal(row.lens[i], strlen(want));
	}
	va_end(ap);
}

static void expect_end(struct src *s)
{
	struct csv_row row;
	assert_int_equal(csv_next(s->r, &row, &s->e), 0);
	/* the end is sticky */
	assert_int_equal(csv_next(s->r, &row, &s->e), 0);
}

/* Records until an error, which must have this code and line. */
static void expect_error(struct src *s, const char *code, long line)
{
	struct csv_row row;
	int rc;
	while ((rc = csv_next(s->r, &row, &s->e)) == 1)
		;
	assert_int_equal(rc, -1);
	assert_int_equal(s->e.kind, ERR_INVALID);
	assert_string_equal(s->e.code, code);
	assert_string_equal(s->e.field, "");
	assert_int_equal(s->e.line, line);
	/* after a failure the reader stays failed, with the same report */
	struct err again;
	err_clear(&again);
	assert_int_equal(csv_next(s->r, &row, &again), -1);
	assert_string_equal(again.code, code);
	assert_int_equal(again.line, line);
}

static void simple_rows(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "a,b,c\n1,2,3\nx,y,z\n");
	assert_int_equal(csv_encoding(s.r), CSV_UTF8);
	assert_string_equal(csv_encoding_name(csv_encoding(s.r)), "UTF-8");
	expect_row(&s, 1, 3, "a", "b", "c");
	expect_row(&s, 2, 3, "1", "2", "3");
	expect_row(&s, 3, 3, "x", "y", "z");
	expect_end(&s);
	src_close(&s);
}

static void quoted_fields(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "\"a\",\"b c\",d\n\"\",x,\"\"\n");
	expect_row(&s, 1, 3, "a", "b c", "d");
	expect_row(&s, 2, 3, "", "x", "");
	expect_end(&s);
	src_close(&s);
}

static void doubled_quotes(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "\"he said \"\"hi\"\"\",\"\"\"\"\n\"\"\"x\"\"\",\"a\"\"\"\"b\"\n");
	expect_row(&s, 1, 2, "he said \"hi\"", "\"");
	expect_row(&s, 2, 2, "\"x\"", "a\"\"b");
	expect_end(&s);
	src_close(&s);
}

static void quote_inside_unquoted_is_literal(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "ab\"c\",d\"\n \"x\",y\n");
	expect_row(&s, 1, 2, "ab\"c\"", "d\"");
	/* a space before the quote makes the field unquoted */
	expect_row(&s, 2, 2, " \"x\"", "y");
	expect_end(&s);
	src_close(&s);
}

static void embedded_newlines(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "h1,h2\n"
		    "\"line1\nline2\",\"a,b\"\n"
		    "next,row\n"
		    "\"x\r\ny\",z\r\n"
		    "\"\n\n\",\"p\nq\"\n"
		    "last,1\n");
	expect_row(&s, 1, 2, "h1", "h2");
	expect_row(&s, 2, 2, "line1\nline2", "a,b");
	expect_row(&s, 4, 2, "next", "row");
	/* a CR inside quotes is data */
	expect_row(&s, 5, 2, "x\r\ny", "z");
	expect_row(&s, 7, 2, "\n\n", "p\nq");
	expect_row(&s, 11, 2, "last", "1");
	expect_end(&s);
	src_close(&s);
}

static void crlf_file(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "a,b\r\n1,2\r\n\r\n\"3\",\"4\"\r\n5,\r\n");
	expect_row(&s, 1, 2, "a", "b");
	expect_row(&s, 2, 2, "1", "2");
	expect_row(&s, 4, 2, "3", "4");
	expect_row(&s, 5, 2, "5", "");
	expect_end(&s);
	src_close(&s);
}

static void lone_cr(void **state)
{
	(void)state;
	struct src s;
	/* a CR not before LF is data; a CR as the last byte ends the line */
	src_str(&s, "a\rb,c\nd,e\r");
	expect_row(&s, 1, 2, "a\rb", "c");
	expect_row(&s, 2, 2, "d", "e");
	expect_end(&s);
	src_close(&s);
}

static void utf8_bom(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "\xEF\xBB\xBF编码,名称\n1,阿拉善\n");
	assert_int_equal(csv_encoding(s.r), CSV_UTF8_BOM);
	assert_string_equal(csv_encoding_name(CSV_UTF8_BOM), "UTF-8 (BOM)");
	expect_row(&s, 1, 2, "编码", "名称");
	expect_row(&s, 2, 2, "1", "阿拉善");
	expect_end(&s);
	src_close(&s);

	/* a BOM settles the encoding: a GB18030 byte later is an error */
	src_str(&s, "\xEF\xBB\xBF" "a\n\xB1\xE0\n");
	assert_int_equal(csv_encoding(s.r), CSV_UTF8_BOM);
	expect_row(&s, 1, 1, "a");
	expect_error(&s, "csv.bad_utf8", 2);
	src_close(&s);
}

static void utf8_without_bom(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "编码,名称\n1,\"阿拉善\n左旗\"\n");
	assert_int_equal(csv_encoding(s.r), CSV_UTF8);
	expect_row(&s, 1, 2, "编码", "名称");
	expect_row(&s, 2, 2, "1", "阿拉善\n左旗");
	expect_end(&s);
	src_close(&s);
}

/* 编码,名称 / 1,阿拉善 / "派出所,姓名",𠀀 (a four-byte character) */
static const char gb_small[] = "\xB1\xE0\xC2\xEB,\xC3\xFB\xB3\xC6\r\n"
			       "1,\xB0\xA2\xC0\xAD\xC9\xC6\r\n"
			       "\"\xC5\xC9\xB3\xF6\xCB\xF9,\xD0\xD5\xC3\xFB\",\x95\x32\x82\x36\r\n";

static void gb18030(void **state)
{
	(void)state;
	struct src s;
	src_open(&s, gb_small, sizeof gb_small - 1);
	assert_int_equal(csv_encoding(s.r), CSV_GB18030);
	assert_string_equal(csv_encoding_name(CSV_GB18030), "GB18030");
	expect_row(&s, 1, 2, "编码", "名称");
	expect_row(&s, 2, 2, "1", "阿拉善");
	expect_row(&s, 3, 2, "派出所,姓名", "𠀀");
	expect_end(&s);
	src_close(&s);
}

static void gb18030_bom_dropped(void **state)
{
	(void)state;
	static const char in[] = "\x84\x31\x95\x33\xB1\xE0\xC2\xEB,x\n";
	struct src s;
	src_open(&s, in, sizeof in - 1);
	assert_int_equal(csv_encoding(s.r), CSV_GB18030);
	expect_row(&s, 1, 2, "编码", "x");
	expect_end(&s);
	src_close(&s);
}

/* Characters in both encodings, of every GB18030 length. */
static const struct {
	const char *gb, *utf8;
} gb_chars[] = {
	{ "a", "a" },
	{ "\xB1\xE0", "编" },
	{ "\xC2\xEB", "码" },
	{ "\xA2\xE3", "€" },
	{ "\x81\x30\x89\x38", "ß" },
	{ "\x95\x32\x82\x36", "𠀀" },
	{ "\xFE\x51", "𠂇" }, /* two bytes that become four */
	{ ",", "," },
	{ "\n", "\n" },
	{ "\"\"", "\"" },
};

struct buf {
	char *p;
	size_t n, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/*
 * Over 256 KiB of GB18030 with one-, two- and four-byte characters in a
 * varying mix, so sequences straddle every chunk boundary at some offset;
 * each record must come out exactly as its UTF-8 twin.
 */
static void gb18030_chunk_boundaries(void **state)
{
	(void)state;
	struct buf gb = { 0 };
	char **want = calloc(20000, sizeof *want);
	assert_non_null(want);
	size_t rows = 0;
	unsigned seed = 12345;

	buf_str(&gb, "\xB1\xE0\xC2\xEB,\xC3\xFB\xB3\xC6\n");
	while (gb.n < 4 * CHUNK + 1000) {
		struct buf u = { 0 };
		char num[32];
		snprintf(num, sizeof num, "%zu,\"", rows);
		buf_str(&gb, num);
		size_t len = 1 + (seed >> 8) % 40;
		for (size_t k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t c = (seed >> 16) % (sizeof gb_chars / sizeof *gb_chars);
			buf_str(&gb, gb_chars[c].gb);
			buf_str(&u, gb_chars[c].utf8);
		}
		buf_str(&gb, "\"\n");
		if (!u.p)
			buf_str(&u, "");
		want[rows++] = u.p;
		assert_true(rows < 20000);
	}

	struct src s;
	src_open(&s, gb.p, gb.n);
	assert_int_equal(csv_encoding(s.r), CSV_GB18030);
	expect_row(&s, 1, 2, "编码", "名称");
	struct csv_row row;
	long line = 2;
	for (size_t i = 0; i < rows; i++) {
		int rc = csv_next(s.r, &row, &s.e);
		if (rc != 1)
			fail_msg("row %zu: %d %s", i, rc, s.e.message);
		char num[32];
		snprintf(num, sizeof num, "%zu", i);
		assert_int_equal(row.line, line);
		assert_int_equal(row.n, 2);
		assert_string_equal(row.fields[0], num);
		assert_string_equal(row.fields[1], want[i]);
		for (const char *p = want[i]; *p; p++)
			line += *p == '\n';
		line++;
		free(want[i]);
	}
	expect_end(&s);
	src_close(&s);
	free(want);
	free(gb.p);
}

/* A GB18030 file of exactly one chunk: the end is found by a read of nothing. */
static void gb18030_exact_chunk(void **state)
{
	(void)state;
	struct buf gb = { 0 };
	while (gb.n < CHUNK - 5)
		buf_str(&gb, "\xB1\xE0\n");
	while (gb.n < CHUNK - 1)
		buf_str(&gb, "x");
	buf_str(&gb, "\n");
	assert_int_equal(gb.n, CHUNK);
	struct src s;
	src_open(&s, gb.p, gb.n);
	assert_int_equal(csv_encoding(s.r), CSV_GB18030);
	struct csv_row row;
	long rows = 0;
	while (csv_next(s.r, &row, &s.e) == 1)
		rows++;
	assert_int_equal(rows, (CHUNK - 5 + 2) / 3 + 1);
	expect_end(&s);
	src_close(&s);
	free(gb.p);
}

/* A four-byte character cut by the first chunk boundary after each of its bytes. */
static void gb18030_four_byte_straddle(void **state)
{
	(void)state;
	for (size_t cut = 1; cut <= 3; cut++) {
		struct buf gb = { 0 };
		buf_str(&gb, "\xB1\xE0\n");
		while (gb.n < CHUNK - cut - 1)
			buf_str(&gb, "x");
		buf_str(&gb, "\n");
		assert_int_equal(gb.n, CHUNK - cut);
		buf_str(&gb, "\x95\x32\x82\x36,\xB1\xE0\n");

		struct src s;
		src_open(&s, gb.p, gb.n);
		assert_int_equal(csv_encoding(s.r), CSV_GB18030);
		expect_row(&s, 1, 1, "编");
		struct csv_row row;
		assert_int_equal(csv_next(s.r, &row, &s.e), 1);
		assert_int_equal(row.lens[0], CHUNK - cut - 4);
		expect_row(&s, 3, 2, "𠀀", "编");
		expect_end(&s);
		src_close(&s);
		free(gb.p);
	}
}

/* Chunks of two-byte codes that each become four UTF-8 bytes: the worst growth. */
static void gb18030_doubling(void **state)
{
	(void)state;
	const size_t count = 3 * CHUNK / 2 + 1;
	struct buf gb = { 0 };
	struct buf want = { 0 };
	for (size_t i = 0; i < count; i++) {
		buf_str(&gb, "\xFE\x51");
		buf_str(&want, "𠂇");
	}
	buf_str(&gb, ",\xFE\x51\n");
	struct src s;
	src_open(&s, gb.p, gb.n);
	assert_int_equal(csv_encoding(s.r), CSV_GB18030);
	struct csv_row row;
	assert_int_equal(csv_next(s.r, &row, &s.e), 1);
	assert_int_equal(row.n, 2);
	assert_int_equal(row.lens[0], 4 * count);
	assert_memory_equal(row.fields[0], want.p, want.n);
	assert_string_equal(row.fields[1], "𠂇");
	expect_end(&s);
	src_close(&s);
	free(gb.p);
	free(want.p);
}

static void gb18030_invalid(void **state)
{
	(void)state;
	static const char bad[] = "\xB1\xE0\n\xC2\xEB,x\ny,\x80z\n";
	struct src s;
	src_open(&s, bad, sizeof bad - 1);
	assert_int_equal(csv_encoding(s.r), CSV_GB18030);
	expect_row(&s, 1, 1, "编");
	expect_row(&s, 2, 2, "码", "x");
	expect_error(&s, "csv.bad_gb18030", 3);
	src_close(&s);

	static const char cut[] = "\xB1\xE0\nx,\xC2";
	src_open(&s, cut, sizeof cut - 1);
	expect_error(&s, "csv.bad_gb18030", 2);
	src_close(&s);
}

/* Every UTF-8 length and every narrowed second-byte range, at the edges. */
static void utf8_all_lengths(void **state)
{
	(void)state;
	static const char *const chars[] = {
		"\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xEC\xBF\xBF", "\xED\x9F\xBF",
		"\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF3\xBF\xBF\xBF", "\xF4\x8F\xBF\xBF",
	};
	struct buf in = { 0 };
	struct buf want = { 0 };
	/* once inside the sniff window, once far after it */
	for (int round = 0; round < 2; round++) {
		for (size_t k = 0; k < sizeof chars / sizeof *chars; k++) {
			buf_str(&in, chars[k]);
			buf_str(&want, chars[k]);
		}
		buf_str(&in, "\n");
		while (round == 0 && in.n < 3 * CHUNK)
			buf_str(&in, "filler\n");
	}
	struct src s;
	src_open(&s, in.p, in.n);
	assert_int_equal(csv_encoding(s.r), CSV_UTF8);
	struct csv_row row;
	assert_int_equal(csv_next(s.r, &row, &s.e), 1);
	assert_string_equal(row.fields[0], want.p + want.n / 2);
	long line = 1;
	while (csv_next(s.r, &row, &s.e) == 1)
		line = row.line;
	assert_string_equal(row.fields[0], want.p + want.n / 2);
	assert_true(line > 2);
	expect_end(&s);
	src_close(&s);
	free(in.p);
	free(want.p);
}

/* A stream that gives `left` bytes of `p`, then fails. */
struct failing {
	const char *p;
	size_t left;
};

static ssize_t failing_read(void *cookie, char *buf, size_t size)
{
	struct failing *c = cookie;
	if (!c->left) {
		errno = EIO;
		return -1;
	}
	size_t n = size < c->left ? size : c->left;
	memcpy(buf, c->p, n);
	c->p += n;
	c->left -= n;
	return (ssize_t)n;
}

static void read_error(void **state)
{
	(void)state;
	struct buf in = { 0 };
	for (int i = 0; i < 20000; i++)
		buf_str(&in, "abc,def\n");
	struct failing c = { in.p, in.n };
	FILE *f = fopencookie(&c, "r", (cookie_io_functions_t){ .read = failing_read });
	assert_non_null(f);
	struct err e;
	err_clear(&e);
	struct csv_reader *r = csv_open(f, &e);
	assert_non_null(r);
	struct csv_row row;
	int rc;
	long rows = 0;
	while ((rc = csv_next(r, &row, &e)) == 1)
		rows++;
	assert_int_equal(rc, -1);
	assert_int_equal(rows, 20000);
	assert_int_equal(e.kind, ERR_IO);
	assert_string_equal(e.code, "csv.read_failed");
	assert_int_equal(e.line, 20001);
	csv_close(r);
	fclose(f);

	/* failing at once: csv_open itself reports it */
	c.left = 0;
	f = fopencookie(&c, "r", (cookie_io_functions_t){ .read = failing_read });
	assert_non_null(f);
	err_clear(&e);
	assert_null(csv_open(f, &e));
	assert_int_equal(e.kind, ERR_IO);
	fclose(f);
	free(in.p);
}

/* Excel's "Unicode text" export: refused up front, by name. */
static void utf16_refused(void **state)
{
	(void)state;
	static const char le[] = "\xFF\xFE" "a\0,\0b\0\n\0";
	static const char be[] = "\xFE\xFF\0a\0,\0b\0\n";
	const char *const in[] = { le, be };
	for (size_t k = 0; k < 2; k++) {
		FILE *f = fmemopen((void *)in[k], sizeof le - 1, "r");
		assert_non_null(f);
		struct err e;
		err_clear(&e);
		assert_null(csv_open(f, &e));
		assert_int_equal(e.kind, ERR_INVALID);
		assert_string_equal(e.code, "csv.utf16");
		assert_int_equal(e.line, 1);
		fclose(f);
	}
}

/* A UTF-8 character cut by the end of the 64 KiB sniff window is still UTF-8. */
static void utf8_cut_by_sniff_window(void **state)
{
	(void)state;
	char *in = malloc(CHUNK + 16);
	assert_non_null(in);
	memset(in, 'x', CHUNK - 1);
	memcpy(in + CHUNK - 1, "编\n", 4);
	struct src s;
	src_open(&s, in, CHUNK + 3);
	assert_int_equal(csv_encoding(s.r), CSV_UTF8);
	struct csv_row row;
	assert_int_equal(csv_next(s.r, &row, &s.e), 1);
	assert_int_equal(row.lens[0], CHUNK + 2);
	assert_memory_equal(row.fields[0] + CHUNK - 1, "编", 3);
	expect_end(&s);
	src_close(&s);
	free(in);
}

static void empty_cells(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "a,,c\na,b,\n,\n\"\",\nx,");
	expect_row(&s, 1, 3, "a", "", "c");
	expect_row(&s, 2, 3, "a", "b", "");
	expect_row(&s, 3, 2, "", "");
	expect_row(&s, 4, 2, "", "");
	expect_row(&s, 5, 2, "x", "");
	expect_end(&s);
	src_close(&s);
}

static void ragged_rows(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "a,b,c\n1\n1,2,3,4\n,\n");
	expect_row(&s, 1, 3, "a", "b", "c");
	expect_row(&s, 2, 1, "1");
	expect_row(&s, 3, 4, "1", "2", "3", "4");
	expect_row(&s, 4, 2, "", "");
	expect_end(&s);
	src_close(&s);
}

static void blank_lines_skipped(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "\n\na\n\r\n\nb\n \n\n");
	expect_row(&s, 3, 1, "a");
	expect_row(&s, 6, 1, "b");
	/* a line with a space is not empty */
	expect_row(&s, 7, 1, " ");
	expect_end(&s);
	src_close(&s);
}

static void no_trailing_newline(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "a,b\n1,2");
	expect_row(&s, 1, 2, "a", "b");
	expect_row(&s, 2, 2, "1", "2");
	expect_end(&s);
	src_close(&s);

	src_str(&s, "a,\"b\nc\"");
	expect_row(&s, 1, 2, "a", "b\nc");
	expect_end(&s);
	src_close(&s);
}

static void empty_file(void **state)
{
	(void)state;
	struct src s;
	src_open(&s, "", 0);
	assert_int_equal(csv_encoding(s.r), CSV_UTF8);
	expect_end(&s);
	src_close(&s);

	src_str(&s, "\xEF\xBB\xBF");
	assert_int_equal(csv_encoding(s.r), CSV_UTF8_BOM);
	expect_end(&s);
	src_close(&s);

	src_str(&s, "\n\r\n\n");
	expect_end(&s);
	src_close(&s);
}

static void megabyte_field(void **state)
{
	(void)state;
	const size_t big = 1024 * 1024;
	struct buf in = { 0 };
	struct buf want = { 0 };
	buf_str(&in, "id,note\n7,\"");
	for (size_t i = 0; want.n < big; i++) {
		/* sprinkle escapes and newlines through it */
		if (i % 1000 == 999) {
			buf_str(&in, "\"\"");
			buf_str(&want, "\"");
		} else if (i % 777 == 0) {
			buf_str(&in, "\n");
			buf_str(&want, "\n");
		} else {
			buf_str(&in, "汉");
			buf_str(&want, "汉");
		}
	}
	buf_str(&in, "\",end\nnext,row\n");

	long newlines = 0;
	for (size_t i = 0; i < want.n; i++)
		newlines += want.p[i] == '\n';

	struct src s;
	src_open(&s, in.p, in.n);
	expect_row(&s, 1, 2, "id", "note");
	struct csv_row row;
	assert_int_equal(csv_next(s.r, &row, &s.e), 1);
	assert_int_equal(row.line, 2);
	assert_int_equal(row.n, 3);
	assert_int_equal(row.lens[1], want.n);
	assert_memory_equal(row.fields[1], want.p, want.n);
	assert_string_equal(row.fields[2], "end");
	expect_row(&s, 3 + newlines, 2, "next", "row");
	expect_end(&s);
	src_close(&s);
	free(in.p);
	free(want.p);
}

static void record_too_long(void **state)
{
	(void)state;
	size_t n = CSV_MAX_RECORD + 100;
	char *in = malloc(n + 16);
	assert_non_null(in);
	memcpy(in, "a\n\"", 3);
	memset(in + 3, 'x', n - 4);
	in[n - 1] = '"';
	struct src s;
	src_open(&s, in, n);
	expect_row(&s, 1, 1, "a");
	expect_error(&s, "csv.record_too_long", 2);
	src_close(&s);
	free(in);
}

static void too_many_fields(void **state)
{
	(void)state;
	size_t n = 100000;
	char *in = malloc(n + 4);
	assert_non_null(in);
	memcpy(in, "a\n", 2);
	memset(in + 2, ',', n - 2);
	struct src s;
	src_open(&s, in, n);
	expect_row(&s, 1, 1, "a");
	expect_error(&s, "csv.too_many_fields", 2);
	src_close(&s);
	free(in);
}

static void unterminated_quote(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "a,b\n1,\"open\nmore\nstuff\n");
	expect_row(&s, 1, 2, "a", "b");
	expect_error(&s, "csv.unterminated_quote", 2);
	assert_non_null(strstr(s.e.message, "第2行"));
	src_close(&s);
}

static void text_after_quote(void **state)
{
	(void)state;
	struct src s;
	src_str(&s, "a\n\"x\ny\"z,w\n");
	expect_row(&s, 1, 1, "a");
	/* named on the line of the closing quote */
	expect_error(&s, "csv.text_after_quote", 3);
	assert_string_equal(s.e.message, "第3行：引号后有多余字符 (text after closing quote)");
	src_close(&s);

	src_str(&s, "\"x\"\ry\n");
	expect_error(&s, "csv.text_after_quote", 1);
	src_close(&s);
}

static void nul_byte(void **state)
{
	(void)state;
	static const char plain[] = "a,b\n1,x\0y\n";
	struct src s;
	src_open(&s, plain, sizeof plain - 1);
	expect_row(&s, 1, 2, "a", "b");
	expect_error(&s, "csv.nul_byte", 2);
	src_close(&s);

	static const char quoted[] = "a\n\"1\n\0\"\n";
	src_open(&s, quoted, sizeof quoted - 1);
	expect_row(&s, 1, 1, "a");
	expect_error(&s, "csv.nul_byte", 3);
	src_close(&s);
}

/* Valid UTF-8 for the whole sniff window, then a stray byte much later. */
static void invalid_utf8_after_window(void **state)
{
	(void)state;
	struct buf in = { 0 };
	for (int i = 0; i < 8000; i++)
		buf_str(&in, "abc,编码\n");
	assert_true(in.n > CHUNK);
	buf_str(&in, "x,y\xFFz\n");
	buf_str(&in, "more\n");

	struct src s;
	src_open(&s, in.p, in.n);
	assert_int_equal(csv_encoding(s.r), CSV_UTF8);
	for (long i = 1; i <= 8000; i++)
		expect_row(&s, i, 2, "abc", "编码");
	expect_error(&s, "csv.bad_utf8", 8001);
	src_close(&s);
	free(in.p);

	/* overlong, surrogate and cut sequences are refused too */
	static const char *const bad[] = { "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE7\xBC" };
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		struct buf b = { 0 };
		for (int i = 0; i < 8000; i++)
			buf_str(&b, "abcdefgh\n");
		buf_str(&b, bad[k]);
		src_open(&s, b.p, b.n);
		assert_int_equal(csv_encoding(s.r), CSV_UTF8);
		expect_error(&s, "csv.bad_utf8", 8001);
		src_close(&s);
		free(b.p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_rows),
		cmocka_unit_test(quoted_fields),
		cmocka_unit_test(doubled_quotes),
		cmocka_unit_test(quote_inside_unquoted_is_literal),
		cmocka_unit_test(embedded_newlines),
		cmocka_unit_test(crlf_file),
		cmocka_unit_test(lone_cr),
		cmocka_unit_test(utf8_bom),
		cmocka_unit_test(utf8_without_bom),
		cmocka_unit_test(gb18030),
		cmocka_unit_test(gb18030_bom_dropped),
		cmocka_unit_test(gb18030_chunk_boundaries),
		cmocka_unit_test(gb18030_exact_chunk),
		cmocka_unit_test(gb18030_four_byte_straddle),
		cmocka_unit_test(gb18030_doubling),
		cmocka_unit_test(gb18030_invalid),
		cmocka_unit_test(utf8_all_lengths),
		cmocka_unit_test(read_error),
		cmocka_unit_test(utf16_refused),
		cmocka_unit_test(utf8_cut_by_sniff_window),
		cmocka_unit_test(empty_cells),
		cmocka_unit_test(ragged_rows),
		cmocka_unit_test(blank_lines_skipped),
		cmocka_unit_test(no_trailing_newline),
		cmocka_unit_test(empty_file),
		cmocka_unit_test(megabyte_field),
		cmocka_unit_test(record_too_long),
		cmocka_unit_test(too_many_fields),
		cmocka_unit_test(unterminated_quote),
		cmocka_unit_test(text_after_quote),
		cmocka_unit_test(nul_byte),
		cmocka_unit_test(invalid_utf8_after_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
