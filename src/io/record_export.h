/*
 * record_export — the columns and cells of an export for people or for
 * the import (CONTRACTS.md §9), shared by the API and `fengqiao export`.
 *
 * EXPORT_LABELS (the default) reads well: Chinese headers, code lists as
 * their Chinese labels, local times "YYYY-MM-DD HH:MM:SS", 是/否, and
 * beside each reference's code column a "…名称" column with the names of
 * the records it points at (an import ignores that column, so the file
 * still re-imports).  EXPORT_CODES writes the import format: English field
 * names and canonical values, so an export re-imports unchanged.
 */
#ifndef FQ_IO_RECORD_EXPORT_H
#define FQ_IO_RECORD_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "db/db.h"
#include "model/record.h"

enum export_values { EXPORT_LABELS, EXPORT_CODES };

/* "labels" or "codes" (NULL = labels); -1 with `e` naming `field` otherwise. */
int export_values_parse(const char *s, const char *field, enum export_values *out, struct err *e);

/*
 * Does `t` hold personal data?  Its import format needs it unmasked: masked
 * values imported back would overwrite the real ones, so an export with
 * codes of such a type is for a caller who may see them (and is audited).
 */
bool record_type_personal(const struct record_type *t);

struct record_export;

/*
 * The plan for exporting records of `t`; with labels, the names of the
 * referenced records are read once from `db`.  `chinese` headers (labels
 * always have them).  `reveal`: personal data unmasked.
 */
struct record_export *record_export_new(struct db *db, const struct record_type *t, enum export_values values,
					bool chinese, bool reveal, struct err *e);
void record_export_free(struct record_export *x);

int record_export_ncols(const struct record_export *x);
const char *record_export_header(const struct record_export *x, int col);
/* Cell `col` of `r` as text ("" when unset); valid until the next call. */
const char *record_export_cell(struct record_export *x, const struct record *r, int col);

/* CSV: the header row (with a byte-order mark when the headers are Chinese), and one row. */
void record_export_csv_header(FILE *f, const struct record_export *x);
void record_export_csv_row(FILE *f, struct record_export *x, const struct record *r);

/*
 * XLSX: the header row (bold, frozen), and one row with real cell types
 * when the values are labels: instants as local date-times, dates as
 * dates, numbers as numbers, Excel reads and sorts them as such.  With
 * codes every cell is the import format's text, so it re-imports unchanged.
 */
struct xlsx;
void record_export_xlsx_header(struct xlsx *out, const struct record_export *x);
void record_export_xlsx_row(struct xlsx *out, struct record_export *x, const struct record *r);

#endif
