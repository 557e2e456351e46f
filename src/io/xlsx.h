/*
 * xlsx — a small writer of one-sheet Excel workbooks (Office Open XML in a
 * stored zip), enough for reports: text cells (inline strings, so a cell
 * starting with "=" is text, never a formula), integers, two-decimal
 * numbers and percentages.  No dependency beyond libc.
 */
#ifndef FQ_IO_XLSX_H
#define FQ_IO_XLSX_H

#include <stdio.h>

#include "base/err.h"

enum xlsx_format { XLSX_INTEGER, XLSX_DECIMAL2, XLSX_PERCENT };

struct xlsx;

struct xlsx *xlsx_new(void);
/* Start the next row (the first row is open from the start). */
void xlsx_row(struct xlsx *x);
void xlsx_text(struct xlsx *x, const char *s);
void xlsx_number(struct xlsx *x, double v, enum xlsx_format f);
/* Text of several lines, one row a line (each on a new row). */
void xlsx_paragraphs(struct xlsx *x, const char *text);
int xlsx_write(struct xlsx *x, const char *sheet_name, FILE *out, struct err *e);
void xlsx_free(struct xlsx *x);

#endif
