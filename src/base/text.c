/*
 * text.c — UTF-8 helpers and struct buf.  Widths follow Unicode's East
 * Asian Width closely enough for aligned terminal tables; they are not a
 * full wcwidth().
 */
#include "base/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decode one UTF-8 sequence; returns its length, or 0 when invalid. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* lead byte: sequence length, its payload bits, the least value it may encode */
	size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	static const uint32_t mask[] = { 0, 0, 0x1f, 0x0f, 0x07 };
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (!len || n < len)
		return 0;
	uint32_t v = c & mask[len];
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0; /* overlong, out of range, or a surrogate */
	*cp = v;
	return len;
}

size_t utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t at = 0;
	while (at < n) {
		uint32_t cp;
		size_t len = decode(p + at, n - at, &cp);
		if (!len)
			return at;
		at += len;
	}
	return n;
}

bool utf8_valid(const char *s, size_t n)
{
	return utf8_invalid_at(s, n) == n;
}

/* Is s (n bytes) the start of a character with its end cut off: a lead byte and fewer continuation bytes than it announces? */
static bool cut_at_end(const unsigned char *s, size_t n)
{
	size_t want = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (!want || n >= want)
		return false;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return false;
	return true;
}

char *text_quote(char *out, size_t n, const char *in, size_t max)
{
	if (!n)
		return out;
	const unsigned char *p = (const unsigned char *)in;
	size_t len = strnlen(in, max), at = 0, o = 0;
	while (at < len) {
		uint32_t cp;
		size_t k = decode(p + at, len - at, &cp);
		char esc[5];
		const char *piece = (const char *)p + at;
		size_t plen = k;
		if (!k && cut_at_end(p + at, len - at))
			break; /* the last character, cut by `max` or before: left out */
		if (!k || cp < 0x20 || cp == 0x7f) {
			/* a stray byte, a character cut by `max`, or a control character */
			static const char hex[] = "0123456789ABCDEF";
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[p[at] >> 4];
			esc[3] = hex[p[at] & 15];
			piece = esc;
			plen = 4;
			k = 1;
		}
		if (o + plen >= n)
			break;
		memcpy(out + o, piece, plen);
		o += plen;
		at += k;
	}
	out[o] = 0;
	return out;
}

/* Two columns: Hangul, CJK ideographs and punctuation, kana, fullwidth forms, emoji. */
static bool wide(uint32_t c)
{
	static const struct {
		uint32_t lo, hi;
	} ranges[] = {
		{ 0x1100, 0x115f },   { 0x2e80, 0x303f },   { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf },   { 0x4e00, 0x9fff },   { 0xa000, 0xa4cf },
		{ 0xa960, 0xa97f },   { 0xac00, 0xd7a3 },   { 0xf900, 0xfaff },
		{ 0xfe10, 0xfe19 },   { 0xfe30, 0xfe6f },   { 0xff00, 0xff60 },
		{ 0xffe0, 0xffe6 },   { 0x1f300, 0x1f64f }, { 0x1f900, 0x1f9ff },
		{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (c >= ranges[i].lo && c <= ranges[i].hi)
			return true;
	return false;
}

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

size_t utf8_clip(const char *s, size_t max)
{
	size_t n = max < SIZE_MAX ? strnlen(s, max + 1) : strlen(s);
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

char *text_copy(char *out, size_t n, const char *in)
{
	size_t len = utf8_clip(in ? in : "", n - 1);
	memcpy(out, in ? in : "", len);
	out[len] = '\0';
	return out;
}

int utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	int w = 0;
	while (n) {
		uint32_t cp;
		size_t len = decode(p, n, &cp);
		if (!len) {
			len = 1; /* count a stray byte as one column */
			cp = '?';
		}
		w += wide(cp) ? 2 : 1;
		p += len;
		n -= len;
	}
	return w;
}

void text_html(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

void text_pad(FILE *f, const char *s, int width, bool right_align)
{
	int pad = width - utf8_width(s);
	if (right_align)
		for (int i = 0; i < pad; i++)
			fputc(' ', f);
	fputs(s, f);
	if (!right_align)
		for (int i = 0; i < pad; i++)
			fputc(' ', f);
}

char *text_grouped(char *buf, size_t n, long long v, bool sign)
{
	char digits[24];
	/* the magnitude as unsigned, so that LLONG_MIN has one too */
	unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int len = snprintf(digits, sizeof digits, "%llu", m);
	size_t o = 0;
	if (n == 0)
		return buf;
	if ((v < 0 || (sign && v > 0)) && o + 1 < n)
		buf[o++] = v < 0 ? '-' : '+';
	for (int i = 0; i < len && o + 1 < n; i++) {
		if (i && (len - i) % 3 == 0 && o + 2 < n)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* Length of a blank at s: ASCII whitespace, NBSP (C2 A0) or U+3000 (E3 80 80). */
static size_t blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
		return 1;
	if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		return 2;
	if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

char *text_trim(char *s)
{
	size_t n = strlen(s);
	return text_trim_n(s, &n);
}

char *text_trim_n(char *s, size_t *len)
{
	size_t k, n = *len;
	while ((k = blank_at(s))) {
		s += k;
		n -= k;
	}
	for (;;) {
		if (n >= 1 && blank_at(s + n - 1) == 1)
			n -= 1;
		else if (n >= 2 && blank_at(s + n - 2) == 2)
			n -= 2;
		else if (n >= 3 && blank_at(s + n - 3) == 3)
			n -= 3;
		else
			break;
	}
	s[n] = 0;
	*len = n;
	return s;
}

bool text_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	const char *digits = s[0] == '-' ? s + 1 : s;
	if (*digits < '0' || *digits > '9')
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool text_eq_icase_ascii(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

void buf_init(struct buf *b)
{
	memset(b, 0, sizeof *b);
}

void buf_free(struct buf *b)
{
	free(b->p);
	buf_init(b);
}

void buf_reset(struct buf *b)
{
	/* the text is gone, so is whatever did not fit in it */
	b->len = 0;
	b->failed = false;
	if (b->p)
		b->p[0] = 0;
}

/* Room for `need` more bytes and the terminator; -1 once memory ran out. */
static int grow(struct buf *b, size_t need)
{
	if (b->failed)
		return -1; /* sticky: later appends would leave a hole in the text */
	if (need < b->cap - b->len)
		return 0;
	if (need > SIZE_MAX / 2 - b->len - 1)
		goto oom;
	size_t cap = b->cap ? b->cap : 128;
	while (cap < b->len + need + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		goto oom;
	b->p = p;
	b->cap = cap;
	return 0;
oom:
	b->failed = true;
	return -1;
}

int buf_add(struct buf *b, const char *s, size_t n)
{
	if (grow(b, n))
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
	return 0;
}

int buf_puts(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return -1;
	}
	if (grow(b, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void text_fold_key(const char *in, char *out, size_t n)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)in;
	while (*p && o + 1 < n) {
		/* U+FF01..U+FF5E is EF BC 81..EF BD 9E; U+3000 is E3 80 80 */
		if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
			unsigned cp = 0xFF00u + (unsigned)((p[1] - 0xBC) * 64 + (p[2] - 0x80));
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				char c = (char)(cp - 0xFF01 + 0x21);
				out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
				p += 3;
				continue;
			}
		}
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			p += 3;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		/* copy one whole character, or stop before a partial one */
		size_t len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		if (o + len >= n)
			break;
		for (size_t i = 0; i < len && p[i]; i++)
			out[o++] = (char)(len == 1 && p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
		p += len;
	}
	out[o] = 0;
}
