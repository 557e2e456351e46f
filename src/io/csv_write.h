/*
 * csv_write — RFC 4180 output that is safe to open in Excel: fields with
 * commas, quotes or line breaks are quoted, and a cell that would start a
 * formula (= + - @, tab, CR) is defused with a leading apostrophe so a
 * spreadsheet shows it as text instead of running it.
 */
#ifndef FQ_IO_CSV_WRITE_H
#define FQ_IO_CSV_WRITE_H

#include <stdbool.h>
#include <stdio.h>

/* Write one field; `first` says whether it opens the line (no comma before). */
void csv_write_field(FILE *f, const char *s, bool first);
/* End the line (CRLF, as RFC 4180 and Excel expect). */
void csv_write_eol(FILE *f);

#endif
