/*
 * text — small UTF-8 helpers and a growable string buffer: validation,
 * display width for aligned Chinese tables (CJK characters take two
 * columns), trimming (including the ideographic space U+3000 that Chinese
 * spreadsheets carry), and `struct buf`, which reports running out of
 * memory instead of aborting.
 */
#ifndef FQ_BASE_TEXT_H
#define FQ_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

bool utf8_valid(const char *s, size_t n);
/* Characters (code points) of a UTF-8 string: the unit of every text length limit. */
size_t utf8_chars(const char *s);
/* Bytes of valid UTF-8 `s` to keep when cutting it to at most `max`: never inside a character. */
size_t utf8_clip(const char *s, size_t max);
/* Bytes that hold any text of `chars` characters (a field's max_len) and the NUL. */
#define TEXT_BYTES(chars) ((chars) * 4 + 1)
/* `in` (NULL: "") into `out` of n > 0 bytes, cut at a character when it does not fit.  Returns out. */
char *text_copy(char *out, size_t n, const char *in);
/* Display columns of a UTF-8 string (wide characters count 2). */
int utf8_width(const char *s);
/* Print `s` padded with spaces to `width` columns, left- or right-aligned. */
void text_pad(FILE *f, const char *s, int width, bool right_align);
/* `s` into HTML text or a quoted attribute: < > & " escaped. */
void text_html(FILE *f, const char *s);
/*
 * A count for people, thousands separated ("1,234", "-56"; with `sign`, "+1,234"
 * and "0"), in `buf` (TEXT_GROUPED bytes are enough); returns buf.  Human tables
 * only: JSON and CSV keep plain numbers.
 */
#define TEXT_GROUPED 32
char *text_grouped(char *buf, size_t n, long long v, bool sign);
/* Trim ASCII whitespace, NBSP and U+3000 in place; returns the new start. */
char *text_trim(char *s);
/* The same for a string of *len bytes (NUL-terminated); *len becomes the trimmed length. */
char *text_trim_n(char *s, size_t *len);
bool text_eq_icase_ascii(const char *a, const char *b);
/*
 * Copy untrusted text into `out` (n bytes, always NUL-terminated) so that it
 * can be quoted in a message and a JSON string: at most `max` bytes of `in`,
 * cut at a character boundary (a last character cut short is left out),
 * each other byte that is not valid UTF-8 and each control character (tab
 * and newline too) written as "\xNN".  The copy ends
 * at a whole character or escape when `out` is full.  Returns out.
 */
char *text_quote(char *out, size_t n, const char *in, size_t max);
/*
 * A whole decimal integer in [lo, hi]: digits with at most a leading '-',
 * nothing before or after (no blank, no '+'), not out of range.  Sets *out
 * and returns true, or leaves it and returns false.
 */
bool text_int(const char *s, int64_t lo, int64_t hi, int64_t *out);
/* The byte offset of the first byte of `s` (n bytes) that is not valid UTF-8, or n. */
size_t utf8_invalid_at(const char *s, size_t n);
/*
 * A key for comparing what people type twice differently (addresses,
 * names): full-width ASCII (ＡＢＣ１２３，) folded to half-width, ASCII
 * letters to lower case, spaces (ASCII and the ideographic U+3000) removed.
 * Writes at most n - 1 bytes and a NUL into `out`; `in` is valid UTF-8.
 */
void text_fold_key(const char *in, char *out, size_t n);

/*
 * A growable NUL-terminated string.  p is NULL until the first append; an
 * append that cannot get memory returns -1 and sets `failed`, after which
 * every append fails too, so a caller may build a whole string and check
 * once.  buf_reset() empties it, keeps the memory and clears `failed`.
 */
struct buf {
	char *p;
	size_t len, cap;
	bool failed; /* an allocation failed: p holds what fitted before */
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_add(struct buf *b, const char *s, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
