/*
 * libFuzzer harness for the multipart/form-data reader.  The first line of
 * the input is the Content-Type, the rest the body.  Whatever the bytes, it
 * must not crash or read outside the body, and a file it finds must lie
 * within the body, with a NUL-terminated name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ctlen = nl ? (size_t)(nl - data) : size;
	char *ct = malloc(ctlen + 1);
	if (!ct)
		return 0;
	memcpy(ct, data, ctlen);
	ct[ctlen] = 0;
	size_t blen = nl ? size - ctlen - 1 : 0;
	/* an exact-size copy, so ASan sees any read past the body */
	char *body = malloc(blen ? blen : 1);
	if (!body) {
		free(ct);
		return 0;
	}
	if (blen)
		memcpy(body, nl + 1, blen);
	struct multipart_file f;
	struct err e;
	if (multipart_file(ct, body, blen, &f, &e) == 0) {
		if (f.data < body || f.data + f.len > body + blen || strlen(f.filename) >= sizeof f.filename)
			abort();
	}
	free(body);
	free(ct);
	return 0;
}
