/*
 * err — the one error record every fallible function fills.
 *
 * Functions return 0 / -1 (or a pointer / NULL) and, on failure, describe
 * what went wrong in a caller-provided struct err: a stable machine code
 * ("invalid", "not_found", "conflict", ...), a message a user can act on
 * (Chinese first where a person reads it), and, for input, the field and
 * the line.  Nothing here allocates, so an error can always be reported.
 */
#ifndef FQ_BASE_ERR_H
#define FQ_BASE_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum err_kind {
	ERR_NONE = 0,
	ERR_INVALID,   /* bad input: 400 */
	ERR_AUTH,      /* no session / bad credentials: 401 */
	ERR_FORBIDDEN, /* no right: 403 */
	ERR_NOT_FOUND, /* missing or outside scope: 404 */
	ERR_CONFLICT,  /* duplicate key, broken rule on state: 409 */
	ERR_TOO_LARGE, /* 413 */
	ERR_THROTTLED, /* 429 */
	ERR_IO,        /* file or OS failure */
	ERR_DB,        /* storage failure */
	ERR_UNAVAILABLE, /* storage busy or locked for now: try again later, 503 */
	ERR_INTERNAL,  /* a bug: 500, never shown in detail */
};

struct err {
	enum err_kind kind;
	char code[48];     /* stable machine code, e.g. "post.not_party_member" */
	char message[512]; /* for a person; UTF-8 */
	char field[64];    /* offending field or column, "" when none */
	long line;         /* input line (1 = header), 0 when none */
};

/* Clear an error record. */
void err_clear(struct err *e);

/*
 * Fill an error record.  code may be NULL (a default per kind is used),
 * field may be NULL.  Returns -1 so that "return err_set(...)" reads well.
 */
int err_set(struct err *e, enum err_kind kind, const char *code,
	    const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int err_vset(struct err *e, enum err_kind kind, const char *code,
	     const char *field, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

/*
 * The system's text for an errno value, thread-safe (strerror is not):
 * written into `buf` of `n` bytes (ERR_ERRNO_TEXT is enough), or a static
 * string; returned either way.
 */
#define ERR_ERRNO_TEXT 128
const char *err_errno_text(int errnum, char *buf, size_t n);

/* Stable name of a kind ("invalid", "not_found", ...). */
const char *err_kind_name(enum err_kind kind);

#endif
