/*
 * libFuzzer harness for the CSV reader.  Whatever the bytes, it must not
 * crash or leak, and every record it returns must be well formed.  When
 * the whole input decodes (as UTF-8, or as GB18030 when that is what the
 * reader chose), the streaming reader must also agree record for record,
 * error for error, with the small in-memory parser below: the chunking
 * and the carried state between chunks must not change the result.
 *
 * Build with -DCSV_CHUNK=5 as well: tiny chunks push every boundary case
 * through short inputs.
 */
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether s[0 .. n) is valid UTF-8, checked independently of the reader. */
static bool valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i], cp, need;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			need = 1, cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			need = 2, cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			need = 3, cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i <= need)
			return false;
		for (unsigned k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		static const unsigned min[] = { 0, 0x80, 0x800, 0x10000 };
		if (cp < min[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += need + 1;
	}
	return true;
}

/* The reference: RFC 4180 as the reader documents it, on a whole buffer. */
struct ref {
	const unsigned char *d;
	size_t n, i;
	long line;
	char *out;          /* fields, NUL-separated; room for n + fields */
	size_t out_len;
	size_t *lens;
	size_t nf;
	long rec_line;
	const char *code;   /* on error */
	long err_line;
};

static bool ref_line_end(struct ref *r)
{
	if (r->i >= r->n)
		return true;
	if (r->d[r->i] == '\n') {
		r->i++;
		r->line++;
		return true;
	}
	if (r->d[r->i] == '\r' && (r->i + 1 == r->n || r->d[r->i + 1] == '\n')) {
		r->i++;
		if (r->i < r->n) {
			r->i++;
			r->line++;
		}
		return true;
	}
	return false;
}

static int ref_fail(struct ref *r, const char *code, long line)
{
	r->code = code;
	r->err_line = line;
	return -1;
}

static int ref_next(struct ref *r)
{
	r->out_len = 0;
	r->nf = 0;
	while (r->i < r->n && ref_line_end(r))
		;
	if (r->i >= r->n)
		return 0;
	r->rec_line = r->line;
	for (;;) {
		size_t start = r->out_len;
		bool last;
		if (r->i < r->n && r->d[r->i] == '"') {
			r->i++;
			for (;;) {
				if (r->i >= r->n)
					return ref_fail(r, "csv.unterminated_quote", r->rec_line);
				unsigned char c = r->d[r->i];
				if (c == '\0')
					return ref_fail(r, "csv.nul_byte", r->line);
				if (c == '"') {
					if (r->i + 1 < r->n && r->d[r->i + 1] == '"') {
						r->out[r->out_len++] = '"';
						r->i += 2;
						continue;
					}
					r->i++;
					break;
				}
				if (c == '\n')
					r->line++;
				r->out[r->out_len++] = (char)c;
				r->i++;
			}
			if (r->i < r->n && r->d[r->i] == ',') {
				r->i++;
				last = false;
			} else if (ref_line_end(r)) {
				last = true;
			} else if (r->d[r->i] == '\0') {
				return ref_fail(r, "csv.nul_byte", r->line);
			} else {
				return ref_fail(r, "csv.text_after_quote", r->line);
			}
		} else {
			for (;;) {
				if (r->i < r->n && r->d[r->i] == ',') {
					r->i++;
					last = false;
					break;
				}
				if (ref_line_end(r)) {
					last = true;
					break;
				}
				if (r->d[r->i] == '\0')
					return ref_fail(r, "csv.nul_byte", r->line);
				r->out[r->out_len++] = (char)r->d[r->i++];
			}
		}
		r->lens[r->nf++] = r->out_len - start;
		r->out[r->out_len++] = '\0';
		if (last)
			return 1;
	}
}

/* Whole-buffer GB18030 to UTF-8, or NULL when any of it does not convert. */
static unsigned char *gb_to_utf8(const uint8_t *data, size_t size, size_t *len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		abort();
	size_t cap = 2 * size + 4;
	unsigned char *out = malloc(cap);
	if (!out)
		abort();
	char *in = (char *)data, *o = (char *)out;
	size_t inleft = size, outleft = cap;
	size_t rc = iconv(cd, &in, &inleft, &o, &outleft);
	iconv_close(cd);
	if (rc == (size_t)-1 || inleft) {
		free(out);
		return NULL;
	}
	*len = (size_t)((unsigned char *)o - out);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fmemopen wants a writable buffer even for "r" */
	void *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	FILE *f = fmemopen(copy, size, "r");
	if (!f) {
		free(copy);
		return 0;
	}

	struct err e;
	err_clear(&e);
	struct csv_reader *r = csv_open(f, &e);
	if (!r) {
		if (e.kind == ERR_NONE || !e.code[0])
			abort();
		fclose(f);
		free(copy);
		return 0;
	}
	enum csv_encoding enc = csv_encoding(r);

	/* Decide whether the reference can follow: the input must decode whole. */
	unsigned char *decoded = NULL;
	const unsigned char *text = NULL;
	size_t text_len = 0;
	if (enc == CSV_GB18030) {
		decoded = gb_to_utf8(data, size, &text_len);
		text = decoded;
	} else if (valid_utf8(data, size)) {
		text = data;
		text_len = size;
	}
	if (text && text_len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) && enc != CSV_UTF8) {
		text += 3;
		text_len -= 3;
	}
	struct ref ref = { .d = text, .n = text_len, .line = 1 };
	if (text) {
		ref.out = malloc(2 * text_len + 1);
		ref.lens = malloc((text_len + 1) * sizeof *ref.lens);
		if (!ref.out || !ref.lens)
			abort();
	}

	struct csv_row row;
	long last = 0;
	int rc;
	while ((rc = csv_next(r, &row, &e)) == 1) {
		if (row.n < 1 || row.line <= last)
			abort();
		last = row.line;
		size_t total = 0;
		for (size_t i = 0; i < row.n; i++) {
			/* NUL bytes are refused, so strlen sees the whole field */
			if (strlen(row.fields[i]) != row.lens[i])
				abort();
			if (!valid_utf8((const unsigned char *)row.fields[i], row.lens[i]))
				abort();
			total += row.lens[i];
		}
		if (total > CSV_MAX_RECORD)
			abort();
		/* every byte comes from the input; GB18030 at most doubles */
		if (total > 2 * size)
			abort();
		if (text) {
			if (ref_next(&ref) != 1 || ref.rec_line != row.line || ref.nf != row.n)
				abort();
			const char *p = ref.out;
			for (size_t i = 0; i < row.n; i++) {
				if (ref.lens[i] != row.lens[i] || memcmp(p, row.fields[i], row.lens[i]))
					abort();
				p += ref.lens[i] + 1;
			}
		}
	}
	if (rc == -1) {
		if (e.kind == ERR_NONE || e.line < 1 || !e.code[0] || !e.message[0])
			abort();
		if (e.line < last)
			abort();
		/* the limits are the reader's own; the reference knows only syntax */
		bool limit = !strcmp(e.code, "csv.too_many_fields") || !strcmp(e.code, "csv.record_too_long");
		if (text && !limit &&
		    (ref_next(&ref) != -1 || strcmp(ref.code, e.code) || ref.err_line != e.line))
			abort();
		/* the reader stays failed */
		if (csv_next(r, &row, &e) != -1)
			abort();
	} else if (rc == 0) {
		if (text && ref_next(&ref) != 0)
			abort();
		if (csv_next(r, &row, &e) != 0)
			abort();
	} else {
		abort();
	}
	free(ref.out);
	free(ref.lens);
	free(decoded);
	csv_close(r);
	fclose(f);
	free(copy);
	return 0;
}
