#include "base/err.h"
#include "base/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Cheap enough for every row of an import: only the lead bytes of each text are reset. */
void err_clear(struct err *e)
{
	e->kind = ERR_NONE;
	e->code[0] = e->message[0] = e->field[0] = 0;
	e->line = 0;
}

const char *err_kind_name(enum err_kind kind)
{
	switch (kind) {
	case ERR_NONE: return "none";
	case ERR_INVALID: return "invalid";
	case ERR_AUTH: return "unauthorized";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_NOT_FOUND: return "not_found";
	case ERR_CONFLICT: return "conflict";
	case ERR_TOO_LARGE: return "too_large";
	case ERR_THROTTLED: return "throttled";
	case ERR_IO: return "io";
	case ERR_DB: return "db";
	case ERR_UNAVAILABLE: return "unavailable";
	case ERR_INTERNAL: return "internal";
	}
	return "internal";
}

int err_vset(struct err *e, enum err_kind kind, const char *code,
	     const char *field, const char *fmt, va_list ap)
{
	if (!e)
		return -1;
	e->kind = kind;
	e->line = 0;
	snprintf(e->code, sizeof e->code, "%s", code ? code : err_kind_name(kind));
	/*
	 * The field and the message may quote input: both leave as valid UTF-8
	 * without control characters (text_quote), cut at a character boundary,
	 * so every error can go out as JSON.
	 */
	text_quote(e->field, sizeof e->field, field ? field : "", SIZE_MAX);
	char raw[sizeof e->message];
	vsnprintf(raw, sizeof raw, fmt, ap);
	text_quote(e->message, sizeof e->message, raw, SIZE_MAX);
	return -1;
}

int err_set(struct err *e, enum err_kind kind, const char *code,
	    const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, kind, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

const char *err_errno_text(int errnum, char *buf, size_t n)
{
	/* the GNU strerror_r: returns a static string or one written into buf */
	return strerror_r(errnum, buf, n);
}
