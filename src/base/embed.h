/*
 * embed — files compiled into the binary (migrations, reference data, web
 * assets), generated at build time by tools/embed.c.  Each file's data is
 * followed by a NUL byte that `len` does not count, so text files can be
 * used as C strings.
 */
#ifndef FQ_BASE_EMBED_H
#define FQ_BASE_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *path; /* as given to the build, e.g. "schema/001_org.sql" */
	const unsigned char *data;
	size_t len;
	const char *etag; /* quoted strong validator, e.g. "\"0123abcd...\"" */
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

/* The embedded file at exactly this path, or NULL. */
const struct embedded_file *embed_find(const char *path);

#endif
