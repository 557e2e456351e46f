/*
 * xlsx_read — a streaming reader of the rows of one sheet of an .xlsx
 * workbook (Office Open XML), built on libzip and expat: no DOM, so a
 * million-row sheet reads in memory bounded by its longest row plus its
 * shared strings.
 *
 * Cells come out as text, the way a CSV export of the sheet would show them:
 * shared and inline strings as written (Excel's _xHHHH_ escapes decoded),
 * numbers as stored, booleans TRUE / FALSE, and numbers with a date style (built-in formats 14–22, 27–36, 45–47,
 * 50–58, or a custom format with y/m/d/h/s) as YYYY-MM-DD, HH:MM:SS or
 * YYYY-MM-DD HH:MM:SS.  Excel stores wall-clock time without a zone, so the
 * text is the bureau's local time as typed.  Missing cells (r="C5" after
 * "A5") and missing trailing cells are empty fields; rows whose cells are
 * all empty are skipped; each row carries its sheet row number.
 *
 * Limits against zip bombs: at most XLSX_MAX_ENTRIES entries, at most
 * XLSX_MAX_INFLATED bytes inflated in all (declared sizes are checked
 * first, actual bytes as they come), shared strings at most
 * XLSX_MAX_STRINGS bytes; a DOCTYPE is refused (no entity expansion).
 */
#ifndef FQ_IO_XLSX_READ_H
#define FQ_IO_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "io/csv.h"

#define XLSX_MAX_ENTRIES 10000
#define XLSX_MAX_INFLATED (1ull << 30)
#define XLSX_MAX_STRINGS (256ull << 20)
#define XLSX_MAX_COLUMNS 16384 /* Excel's own limit (XFD) */

struct xlsx_read_opts {
	const char *sheet;       /* sheet name, NULL = the first sheet */
	uint64_t max_inflated;   /* 0 = XLSX_MAX_INFLATED */
	long max_entries;        /* 0 = XLSX_MAX_ENTRIES */
};

struct xlsx_reader;

/* True when the bytes start like a zip archive ("PK\3\4"). */
bool xlsx_sniff(const void *p, size_t n);

/* Read the workbook in `buf` (kept by the caller until xlsx_close). */
struct xlsx_reader *xlsx_open_buffer(const void *buf, size_t len, const struct xlsx_read_opts *o, struct err *e);
/* Read the workbook in the seekable file `f` (not closed by the reader). */
struct xlsx_reader *xlsx_open_file(FILE *f, const struct xlsx_read_opts *o, struct err *e);

/*
 * The next row with any cell, as csv_next gives it: 1 with `row` filled
 * (valid until the next call; row->line = the sheet's row number), 0 at the
 * end, -1 with `e` (e->line = the row being read) on a malformed or too
 * large workbook.  After -1 the reader is finished.
 */
int xlsx_next(struct xlsx_reader *r, struct csv_row *row, struct err *e);

/* How much of the sheet was read, 0..1 (-1 if unknown). */
double xlsx_fraction(const struct xlsx_reader *r);

void xlsx_close(struct xlsx_reader *r);

#endif
