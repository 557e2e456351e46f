/*
 * record_csv — the CSV face of any described record: a header row (English
 * field names for programs, or Chinese labels with a byte-order mark for
 * Excel) and one row per record, masked unless the caller may see personal
 * data, code lists as codes or as their Chinese labels.  Hidden fields (day
 * numbers kept for queries) never appear.
 */
#ifndef FQ_IO_RECORD_CSV_H
#define FQ_IO_RECORD_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "model/record.h"

void record_csv_header(FILE *f, const struct record_type *t, bool chinese);
void record_csv_row(FILE *f, const struct record *r, bool reveal, bool labels);

#endif
