/*
 * xlsx — one-sheet Excel workbooks for reports, written by libxlsxwriter
 * (Debian's libxlsxwriter-dev): real cell types (numbers as numbers, dates
 * and instants as Excel date-times in the bureau's local time, text as
 * shared strings).  Text is never a formula: worksheet_write_string stores
 * a string cell whatever it starts with (= + - @ included), so an exported
 * name cannot run in Excel.  Cells gather in memory and xlsx_write lays
 * them out: header rows bold, the first one frozen, columns as wide as
 * their text (a Chinese character counts two).
 */
#ifndef FQ_IO_XLSX_H
#define FQ_IO_XLSX_H

#include <stdint.h>
#include <stdio.h>

#include "base/err.h"

enum xlsx_format { XLSX_INTEGER, XLSX_DECIMAL2, XLSX_PERCENT };

struct xlsx;

struct xlsx *xlsx_new(void);
/* Start the next row (the first row is open from the start). */
void xlsx_row(struct xlsx *x);
/* The current row is a table's header: bold; the first such row is frozen. */
void xlsx_header(struct xlsx *x);
void xlsx_text(struct xlsx *x, const char *s);
void xlsx_number(struct xlsx *x, double v, enum xlsx_format f);
/* A date (days since 1970-01-01), shown yyyy-mm-dd. */
void xlsx_date(struct xlsx *x, int32_t days);
/* An instant (Unix seconds) as the local date-time in `tz_minutes`, yyyy-mm-dd hh:mm:ss. */
void xlsx_instant(struct xlsx *x, int64_t unix_secs, int tz_minutes);
/* Text of several lines, one row a line (each on a new row). */
void xlsx_paragraphs(struct xlsx *x, const char *text);
int xlsx_write(struct xlsx *x, const char *sheet_name, FILE *out, struct err *e);
/* A workbook of `n` sheets (names at most 31 characters, unique). */
int xlsx_write_book(struct xlsx *const *sheets, const char *const *names, size_t n, FILE *out, struct err *e);
void xlsx_free(struct xlsx *x);

#endif
