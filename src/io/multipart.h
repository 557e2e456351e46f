/*
 * multipart — the one file of a multipart/form-data upload (RFC 7578), as
 * a browser's form sends it: the first part that carries a filename, or
 * else the part named "file".  The body is already whole in memory (the
 * server gathers it), so the file is returned as a slice of it.
 */
#ifndef FQ_IO_MULTIPART_H
#define FQ_IO_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define MULTIPART_NAME_MAX 256

struct multipart_file {
	const char *data; /* within the body */
	size_t len;
	char filename[MULTIPART_NAME_MAX]; /* as sent (path stripped), "" when none */
};

/* Is this Content-Type multipart/form-data? */
bool multipart_is_form(const char *content_type);

/* Find the file part of `body`; -1 with `e` (ERR_INVALID) when the body is malformed or holds none. */
int multipart_file(const char *content_type, const char *body, size_t len, struct multipart_file *out,
		   struct err *e);

#endif
