/*
 * csv — a streaming RFC 4180 reader for the files bureaus export from
 * Excel and WPS: quoted fields with embedded commas, quotes and newlines;
 * CRLF or LF; UTF-8 with or without a byte-order mark, or GB18030 (what
 * Chinese Excel writes), detected from the first bytes and converted to
 * UTF-8.  Memory stays bounded by the longest record, whatever the file's
 * length, so a million-row import reads in constant memory.
 */
#ifndef FQ_IO_CSV_H
#define FQ_IO_CSV_H

#include <stdio.h>
#include <stddef.h>

#include "base/err.h"

enum csv_encoding {
	CSV_UTF8,     /* UTF-8 without a byte-order mark (or plain ASCII) */
	CSV_UTF8_BOM, /* UTF-8 with a byte-order mark */
	CSV_GB18030,  /* GB18030 (a superset of GBK and GB2312) */
};

/* The longest record (all fields together) the reader accepts. */
#define CSV_MAX_RECORD (16u * 1024u * 1024u)

struct csv_reader;

/* One record.  Fields are NUL-terminated UTF-8, valid until the next call. */
struct csv_row {
	size_t n;             /* number of fields */
	char **fields;
	size_t *lens;         /* byte length of each field */
	long line;            /* physical line where the record starts (1-based) */
};

/*
 * Start reading `f` (not closed by the reader).  The encoding is detected
 * from the leading bytes: a UTF-8 BOM, else valid UTF-8 in the first 64 KiB,
 * else GB18030.  Returns NULL and fills `e` on failure.
 */
struct csv_reader *csv_open(FILE *f, struct err *e);

/*
 * Read the next record into `row`.  Returns 1 when a record was read, 0 at
 * the end of the input, -1 on malformed input (unterminated quote, text
 * after a closing quote, a NUL byte, invalid UTF-8 or GB18030, a record over
 * CSV_MAX_RECORD) with `e` naming the line.  Lines that are entirely empty
 * are skipped.  After -1 the reader is finished.
 */
int csv_next(struct csv_reader *r, struct csv_row *row, struct err *e);

enum csv_encoding csv_encoding(const struct csv_reader *r);

/* "UTF-8", "UTF-8 (BOM)" or "GB18030", as told to the user. */
const char *csv_encoding_name(enum csv_encoding enc);

void csv_close(struct csv_reader *r);

#endif
