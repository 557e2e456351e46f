/*
 * csv — streaming RFC 4180 reader.
 *
 * Two layers.  The lower one turns the file into a stream of valid UTF-8
 * bytes in r->buf[r->pos .. r->len): for UTF-8 files it is the raw chunk
 * itself, validated in place; for GB18030 it is the chunk run through
 * iconv.  A decoding problem found in a chunk is not reported at once but
 * parked at the end of the good bytes (r->pending), so that it surfaces
 * only when the parser reaches it and knows which line it is on.
 *
 * The upper layer is a byte-at-a-time state machine with a bulk fast path
 * for runs of ordinary bytes.  Fields are copied into one record buffer,
 * each followed by a NUL; the pointer array is built once the record is
 * complete, because the buffer may move while it grows.
 */
#include "io/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Bytes read per fread; also the window that decides the encoding.  A
 * test build may shrink it to push every boundary case through small
 * inputs (at least 4, the longest GB18030 character).
 */
#ifndef CSV_CHUNK
#define CSV_CHUNK (64u * 1024u)
#endif
#define CHUNK ((size_t)CSV_CHUNK)

/* A chunk plus the up to three bytes of a UTF-8 character the last one cut. */
#define RAW_CAP (CHUNK + 4u)

/*
 * GB18030 at most doubles when converted to UTF-8: one byte stays one,
 * four become three or four, and two usually become three, but glibc maps
 * a few two-byte codes (FE51, FE91, ...) to supplementary-plane
 * characters, four bytes in UTF-8.  So this holds the conversion of a full
 * chunk; should iconv still stop for room (E2BIG), the rest waits in the
 * raw buffer for the next round.
 */
#define DEC_CAP (2u * CHUNK)

/*
 * Each field costs two array slots besides its bytes, so a 16 MiB line
 * of commas would otherwise take ~256 MiB of bookkeeping.  Excel stops at
 * 16384 columns; this is well above any real export.
 */
#define MAX_FIELDS 65536u

/* getb()/peekb() results besides a byte value. */
#define C_EOF (-1)
#define C_FAIL (-2)

enum pending {
	PEND_NONE,
	PEND_BAD_UTF8,
	PEND_BAD_GB,
	PEND_TRUNC_GB,
	PEND_READ,      /* fread failed after these bytes */
};

enum u8_status {
	U8_OK,
	U8_TRUNC, /* valid so far, but the last sequence runs off the end */
	U8_BAD,
};

enum field_end {
	END_FIELD,  /* a comma: another field follows */
	END_RECORD, /* line end or end of input */
};

enum state {
	ST_READING,
	ST_DONE,
	ST_FAILED,
};

struct csv_reader {
	FILE *f;
	enum csv_encoding enc;
	iconv_t cd;              /* (iconv_t)-1 unless GB18030 */

	unsigned char *raw;      /* bytes as read from f */
	size_t raw_pos, raw_len; /* GB18030: unconverted input is [raw_pos, raw_len) */
	unsigned char *dec;      /* GB18030 converted to UTF-8; NULL for UTF-8 */

	/* What the parser reads: valid UTF-8 in buf[pos .. len). */
	const unsigned char *buf;
	size_t pos, len;

	bool eof;                /* fread has reached the end of f */
	bool read_failed;        /* ... because of an error */
	int read_errno;
	enum pending pending;    /* a decoding error right after buf[len - 1] */
	bool gb_started;         /* GB18030: some output was produced already */

	long line;               /* physical line of the next byte */
	long rec_line;           /* line where the current record began */
	enum state state;
	struct err failure;      /* repeated on every call after a failure */

	char *rec;               /* field bytes, each field NUL-terminated */
	size_t rec_len, rec_cap;
	char **fields;
	size_t *lens;
	size_t nf, fcap;
};

static const unsigned char utf8_bom[3] = { 0xEF, 0xBB, 0xBF };

/*
 * Length of the longest prefix of s made of complete, valid UTF-8
 * sequences (Unicode table 3-7: no overlongs, surrogates or values above
 * U+10FFFF), and why it stops there.
 */
static size_t utf8_prefix(const unsigned char *s, size_t n, enum u8_status *status)
{
	size_t i = 0;

	while (i < n) {
		/* Most exports are mostly ASCII: skip it eight bytes at a time. */
		while (n - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t need;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c == 0xE0) {
			need = 2;
			lo = 0xA0;
		} else if (c >= 0xE1 && c <= 0xEC) {
			need = 2;
		} else if (c == 0xED) {
			need = 2;
			hi = 0x9F;
		} else if (c >= 0xEE && c <= 0xEF) {
			need = 2;
		} else if (c == 0xF0) {
			need = 3;
			lo = 0x90;
		} else if (c >= 0xF1 && c <= 0xF3) {
			need = 3;
		} else if (c == 0xF4) {
			need = 3;
			hi = 0x8F;
		} else {
			*status = U8_BAD;
			return i;
		}
		for (size_t k = 1; k <= need; k++) {
			if (i + k >= n) {
				*status = U8_TRUNC;
				return i;
			}
			unsigned b = s[i + k];
			if (b < lo || b > hi) {
				*status = U8_BAD;
				return i;
			}
			/* only the second byte has a narrowed range */
			lo = 0x80;
			hi = 0xBF;
		}
		i += need + 1;
	}
	*status = U8_OK;
	return n;
}

static int fail(struct err *e, const char *code, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct err *e, const char *code, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, ERR_INVALID, code, "", fmt, ap);
	va_end(ap);
	e->line = line;
	return -1;
}

static int no_memory(struct csv_reader *r, struct err *e)
{
	err_set(e, ERR_INTERNAL, "csv.no_memory", "", "内存不足 (out of memory)");
	e->line = r->line;
	return -1;
}

/* fread that remembers whether a short count meant the end or an error. */
static size_t read_chunk(struct csv_reader *r, unsigned char *dst, size_t want)
{
	size_t n = fread(dst, 1, want, r->f);
	if (n < want) {
		r->eof = true;
		if (ferror(r->f)) {
			r->read_failed = true;
			r->read_errno = errno;
		}
	}
	return n;
}

static int read_error(struct csv_reader *r, struct err *e)
{
	err_set(e, ERR_IO, "csv.read_failed", "", "第%ld行：读取文件失败 (read error: %s)", r->line,
		r->read_errno ? err_errno_text(r->read_errno, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT) : "unknown");
	e->line = r->line;
	return -1;
}

static int report_pending(struct csv_reader *r, struct err *e)
{
	switch (r->pending) {
	case PEND_BAD_UTF8:
		return fail(e, "csv.bad_utf8", r->line,
			    "第%ld行：不是有效的 UTF-8 编码，请将整个文件另存为 UTF-8 (invalid UTF-8)", r->line);
	case PEND_BAD_GB:
		return fail(e, "csv.bad_gb18030", r->line,
			    "第%ld行：不是有效的 GB18030 编码 (invalid GB18030)", r->line);
	case PEND_TRUNC_GB:
		return fail(e, "csv.bad_gb18030", r->line,
			    "第%ld行：文件末尾的字符不完整 (truncated GB18030 character at the end of the file)",
			    r->line);
	case PEND_READ:
		return read_error(r, e);
	case PEND_NONE:
		break;
	}
	return 0;
}

/*
 * UTF-8: the raw buffer is what the parser reads.  Bytes after r->len
 * are the start of a sequence cut by the chunk boundary; they move to the
 * front and the next chunk completes them.
 */
static int refill_utf8(struct csv_reader *r, struct err *e)
{
	for (;;) {
		if (r->pending)
			return report_pending(r, e);
		size_t carry = r->raw_len - r->len;
		memmove(r->raw, r->raw + r->len, carry);
		r->pos = r->len = 0;
		r->raw_len = carry;
		if (r->eof) {
			if (r->read_failed)
				return read_error(r, e);
			if (carry) {
				/* the file ends in the middle of a character */
				r->pending = PEND_BAD_UTF8;
				continue;
			}
			return 0;
		}
		r->raw_len += read_chunk(r, r->raw + carry, CHUNK);
		enum u8_status st;
		r->len = utf8_prefix(r->raw, r->raw_len, &st);
		if (st == U8_BAD)
			r->pending = PEND_BAD_UTF8;
		if (r->len > 0)
			return 1;
	}
}

/*
 * GB18030: convert as much of the raw buffer as iconv will take.  An
 * incomplete sequence at the end of a chunk (EINVAL) stays in the raw
 * buffer and is completed by the next read.
 */
static int refill_gb(struct csv_reader *r, struct err *e)
{
	for (;;) {
		if (r->pending)
			return report_pending(r, e);
		r->pos = r->len = 0;
		size_t rem = r->raw_len - r->raw_pos;
		if (rem == 0 && r->eof)
			return r->read_failed ? read_error(r, e) : 0;
		if (!r->eof && rem < CHUNK) {
			memmove(r->raw, r->raw + r->raw_pos, rem);
			r->raw_pos = 0;
			r->raw_len = rem + read_chunk(r, r->raw + rem, CHUNK - rem);
			rem = r->raw_len;
			if (rem == 0)
				continue;
		}
		char *in = (char *)r->raw + r->raw_pos;
		size_t inleft = rem;
		char *out = (char *)r->dec;
		size_t outleft = DEC_CAP;
		size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
		int saved = errno;
		r->raw_pos = (size_t)((unsigned char *)in - r->raw);
		r->len = (size_t)((unsigned char *)out - r->dec);
		if (rc == (size_t)-1) {
			if (saved == EILSEQ)
				r->pending = PEND_BAD_GB;
			else if (saved == EINVAL && r->eof)
				r->pending = r->read_failed ? PEND_READ : PEND_TRUNC_GB;
			/* EINVAL mid-file, E2BIG: the next round continues */
		}
		if (r->len > 0 && !r->gb_started) {
			r->gb_started = true;
			/*
			 * A GB18030-encoded byte-order mark (84 31 95 33) is
			 * U+FEFF too; left in, it would stick to the first
			 * header name.
			 */
			if (r->len >= 3 && !memcmp(r->dec, utf8_bom, 3))
				r->pos = 3;
		}
		if (r->pos < r->len)
			return 1;
	}
}

static int refill(struct csv_reader *r, struct err *e)
{
	return r->enc == CSV_GB18030 ? refill_gb(r, e) : refill_utf8(r, e);
}

static inline int getb(struct csv_reader *r, struct err *e)
{
	if (r->pos < r->len)
		return r->buf[r->pos++];
	int rc = refill(r, e);
	if (rc <= 0)
		return rc == 0 ? C_EOF : C_FAIL;
	return r->buf[r->pos++];
}

static inline int peekb(struct csv_reader *r, struct err *e)
{
	if (r->pos < r->len)
		return r->buf[r->pos];
	int rc = refill(r, e);
	if (rc <= 0)
		return rc == 0 ? C_EOF : C_FAIL;
	return r->buf[r->pos];
}

static int too_long(struct csv_reader *r, struct err *e)
{
	return fail(e, "csv.record_too_long", r->rec_line,
		    "第%ld行：记录超过 %u MiB 上限 (record longer than %u MiB)", r->rec_line,
		    CSV_MAX_RECORD >> 20, CSV_MAX_RECORD >> 20);
}

/* Room for n more bytes in the record buffer, within CSV_MAX_RECORD. */
static int reserve(struct csv_reader *r, size_t n, struct err *e)
{
	if (n > CSV_MAX_RECORD - r->rec_len)
		return too_long(r, e);
	size_t need = r->rec_len + n;
	if (need <= r->rec_cap)
		return 0;
	size_t cap = r->rec_cap ? r->rec_cap : 4096;
	while (cap < need)
		cap *= 2;
	if (cap > CSV_MAX_RECORD)
		cap = CSV_MAX_RECORD;
	char *p = realloc(r->rec, cap);
	if (!p)
		return no_memory(r, e);
	r->rec = p;
	r->rec_cap = cap;
	return 0;
}

static int append(struct csv_reader *r, const void *p, size_t n, struct err *e)
{
	if (reserve(r, n, e))
		return -1;
	memcpy(r->rec + r->rec_len, p, n);
	r->rec_len += n;
	return 0;
}

static int append_byte(struct csv_reader *r, int c, struct err *e)
{
	if (r->rec_len < r->rec_cap) {
		r->rec[r->rec_len++] = (char)c;
		return 0;
	}
	char b = (char)c;
	return append(r, &b, 1, e);
}

static int nul_byte(struct csv_reader *r, struct err *e)
{
	return fail(e, "csv.nul_byte", r->line, "第%ld行：含有空字符 (NUL byte)", r->line);
}

/* Close the field that began at offset start: record its length, NUL-terminate. */
static int finish_field(struct csv_reader *r, size_t start, struct err *e)
{
	if (r->nf == r->fcap) {
		if (r->fcap >= MAX_FIELDS)
			return fail(e, "csv.too_many_fields", r->rec_line,
				    "第%ld行：字段数超过 %u (more than %u fields)", r->rec_line,
				    MAX_FIELDS, MAX_FIELDS);
		size_t cap = r->fcap ? r->fcap * 2 : 64;
		char **f = realloc(r->fields, cap * sizeof *f);
		if (!f)
			return no_memory(r, e);
		r->fields = f;
		size_t *l = realloc(r->lens, cap * sizeof *l);
		if (!l)
			return no_memory(r, e);
		r->lens = l;
		r->fcap = cap;
	}
	r->lens[r->nf++] = r->rec_len - start;
	return append_byte(r, '\0', e);
}

/*
 * What follows a line's CR: CRLF and a CR as the very last byte end the
 * line (returns 1, LF consumed); anything else leaves the CR as data (0).
 */
static int cr_ends_line(struct csv_reader *r, struct err *e)
{
	int p = peekb(r, e);
	if (p == C_FAIL)
		return -1;
	if (p == '\n') {
		r->pos++;
		r->line++;
		return 1;
	}
	return p == C_EOF;
}

/*
 * Does byte c (just read, outside quotes) end the field?  1 yes (*end
 * says whether the record ends too), 0 no (c is data, or a lone CR), -1 on
 * a failure (a read error or a NUL byte).
 */
static int ends_field(struct csv_reader *r, int c, enum field_end *end, struct err *e)
{
	switch (c) {
	case ',':
		*end = END_FIELD;
		return 1;
	case '\n':
		r->line++;
		*end = END_RECORD;
		return 1;
	case C_EOF:
		*end = END_RECORD;
		return 1;
	case C_FAIL:
		return -1;
	case '\0':
		return nul_byte(r, e);
	case '\r': {
		int k = cr_ends_line(r, e);
		if (k > 0)
			*end = END_RECORD;
		return k;
	}
	default:
		return 0;
	}
}

/* An unquoted field whose first byte (possibly a separator) is c. */
static int plain_field(struct csv_reader *r, int c, enum field_end *end, struct err *e)
{
	for (;;) {
		int k = ends_field(r, c, end, e);
		if (k)
			return k < 0 ? -1 : 0;
		/* data: a lone CR, or a quote (only a leading quote opens a quoted field) */
		if (append_byte(r, c, e))
			return -1;
		if (c != '\r') {
			const unsigned char *p = r->buf + r->pos, *q = p, *lim = r->buf + r->len;
			while (q < lim && *q != ',' && *q != '\n' && *q != '\r' && *q != '\0')
				q++;
			if (q > p && append(r, p, (size_t)(q - p), e))
				return -1;
			r->pos += (size_t)(q - p);
		}
		c = getb(r, e);
	}
}

/* What may follow a closing quote: a separator or the end of the line. */
static int after_quote(struct csv_reader *r, enum field_end *end, struct err *e)
{
	int k = ends_field(r, getb(r, e), end, e);
	if (k)
		return k < 0 ? -1 : 0;
	return fail(e, "csv.text_after_quote", r->line, "第%ld行：引号后有多余字符 (text after closing quote)",
		    r->line);
}

/* A quoted field; its opening quote is consumed. */
static int quoted_field(struct csv_reader *r, enum field_end *end, struct err *e)
{
	for (;;) {
		const unsigned char *p = r->buf + r->pos, *q = p, *lim = r->buf + r->len;
		while (q < lim && *q != '"' && *q != '\n' && *q != '\0')
			q++;
		if (q > p && append(r, p, (size_t)(q - p), e))
			return -1;
		r->pos += (size_t)(q - p);

		int c = getb(r, e);
		switch (c) {
		case C_FAIL:
			return -1;
		case C_EOF:
			return fail(e, "csv.unterminated_quote", r->rec_line,
				    "第%ld行：引号未闭合 (unterminated quote in the record starting on this line)",
				    r->rec_line);
		case '\0':
			return nul_byte(r, e);
		case '\n':
			r->line++;
			if (append_byte(r, c, e))
				return -1;
			break;
		case '"': {
			int n = peekb(r, e);
			if (n == C_FAIL)
				return -1;
			if (n != '"')
				return after_quote(r, end, e);
			r->pos++;
			if (append_byte(r, '"', e))
				return -1;
			break;
		}
		default:
			if (append_byte(r, c, e))
				return -1;
			break;
		}
	}
}

/* Returns 1 with a record in r->fields, 0 at the end, -1 on error. */
static int parse_record(struct csv_reader *r, struct err *e)
{
	int c;

	r->rec_len = 0;
	r->nf = 0;
	for (;;) {
		c = getb(r, e);
		if (c == C_FAIL)
			return -1;
		if (c == C_EOF)
			return 0;
		if (c == '\n') {
			r->line++;
			continue;
		}
		if (c == '\r') {
			int k = cr_ends_line(r, e);
			if (k < 0)
				return -1;
			if (k)
				continue;
		}
		break;
	}
	r->rec_line = r->line;
	for (;;) {
		size_t start = r->rec_len;
		enum field_end end = END_RECORD; /* set by the field readers; GCC -O2 cannot tell */
		int rc = c == '"' ? quoted_field(r, &end, e) : plain_field(r, c, &end, e);
		if (rc || finish_field(r, start, e))
			return -1;
		if (end == END_RECORD)
			break;
		c = getb(r, e);
	}
	char *p = r->rec;
	for (size_t i = 0; i < r->nf; i++) {
		r->fields[i] = p;
		p += r->lens[i] + 1;
	}
	return 1;
}

int csv_next(struct csv_reader *r, struct csv_row *row, struct err *e)
{
	if (r->state == ST_DONE)
		return 0;
	if (r->state == ST_READING) {
		/* errors are built in the reader so a later call can repeat them */
		err_clear(&r->failure);
		int rc = parse_record(r, &r->failure);
		if (rc > 0) {
			row->n = r->nf;
			row->fields = r->fields;
			row->lens = r->lens;
			row->line = r->rec_line;
			return 1;
		}
		if (rc == 0) {
			r->state = ST_DONE;
			return 0;
		}
		r->state = ST_FAILED;
	}
	if (e)
		*e = r->failure;
	return -1;
}

struct csv_reader *csv_open(FILE *f, struct err *e)
{
	struct csv_reader *r = calloc(1, sizeof *r);
	if (!r || !(r->raw = malloc(RAW_CAP))) {
		free(r);
		err_set(e, ERR_INTERNAL, "csv.no_memory", "", "内存不足 (out of memory)");
		return NULL;
	}
	r->f = f;
	r->cd = (iconv_t)-1;
	r->line = 1;
	r->state = ST_READING;

	r->raw_len = read_chunk(r, r->raw, CHUNK);
	if (r->read_failed) {
		read_error(r, e);
		csv_close(r);
		return NULL;
	}

	/*
	 * Excel's "Unicode text" is UTF-16 with a byte-order mark.  It is
	 * neither UTF-8 nor GB18030 (FF and FE FF never start a GB18030
	 * character), so say what it is rather than "invalid GB18030".
	 */
	if (r->raw_len >= 2 && ((r->raw[0] == 0xFF && r->raw[1] == 0xFE) ||
				(r->raw[0] == 0xFE && r->raw[1] == 0xFF))) {
		fail(e, "csv.utf16", 1,
		     "文件是 UTF-16 编码，请另存为 CSV（UTF-8）(UTF-16 is not supported: save as CSV UTF-8)");
		csv_close(r);
		return NULL;
	}

	size_t skip = 0;
	enum u8_status st;
	size_t ok;
	if (r->raw_len >= 3 && !memcmp(r->raw, utf8_bom, 3)) {
		r->enc = CSV_UTF8_BOM;
		skip = 3;
		ok = skip + utf8_prefix(r->raw + skip, r->raw_len - skip, &st);
	} else {
		ok = utf8_prefix(r->raw, r->raw_len, &st);
		/* a character cut by the end of the window says nothing against UTF-8 */
		r->enc = st == U8_OK || (st == U8_TRUNC && !r->eof) ? CSV_UTF8 : CSV_GB18030;
	}

	if (r->enc != CSV_GB18030) {
		r->buf = r->raw;
		r->pos = skip;
		r->len = ok;
		if (st == U8_BAD)
			r->pending = PEND_BAD_UTF8;
		return r;
	}

	r->cd = iconv_open("UTF-8", "GB18030");
	if (r->cd == (iconv_t)-1) {
		err_set(e, ERR_INTERNAL, "csv.iconv", "", "无法转换 GB18030 编码 (iconv GB18030: %s)",
			err_errno_text(errno, (char[ERR_ERRNO_TEXT]){ 0 }, ERR_ERRNO_TEXT));
		csv_close(r);
		return NULL;
	}
	r->dec = malloc(DEC_CAP);
	if (!r->dec) {
		err_set(e, ERR_INTERNAL, "csv.no_memory", "", "内存不足 (out of memory)");
		csv_close(r);
		return NULL;
	}
	r->buf = r->dec;
	r->raw_pos = 0;
	r->pos = r->len = 0;
	return r;
}

enum csv_encoding csv_encoding(const struct csv_reader *r)
{
	return r->enc;
}

const char *csv_encoding_name(enum csv_encoding enc)
{
	switch (enc) {
	case CSV_UTF8: return "UTF-8";
	case CSV_UTF8_BOM: return "UTF-8 (BOM)";
	case CSV_GB18030: return "GB18030";
	}
	return "UTF-8";
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->raw);
	free(r->dec);
	free(r->rec);
	free(r->fields);
	free(r->lens);
	free(r);
}
