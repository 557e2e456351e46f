/*
 * import — load a CSV file or an XLSX sheet of any described record type
 * (CONTRACTS.md §2).
 *
 * Headers may be the English field names or the Chinese labels (or a
 * listed alias), in any order; codes may be given by code or by Chinese
 * label.  One transaction per file, all or nothing: every row is checked,
 * every problem reported as (line, column, message), and if there was any,
 * nothing is written.  A row whose key exists updates that record, so
 * importing a file twice is safe.  Rows stream through one reused record:
 * memory stays flat however long the file.
 */
#ifndef FQ_IO_IMPORT_H
#define FQ_IO_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "db/db.h"
#include "io/csv.h"
#include "model/record.h"

struct import_result;

struct import_report {
	/* One call per problem; `column` is the header as written in the file. */
	void (*problem)(void *ctx, long line, const char *column, const char *message);
	/* Called every 10,000 rows; `fraction` of the file read so far (or -1). */
	void (*progress)(void *ctx, long rows, double fraction);
	/* Called inside the transaction just before it commits (the audit entry). */
	int (*before_commit)(void *ctx, struct db *db, const struct import_result *res, struct err *e);
	void *ctx;
	/* NULL: a row that would break the posts resting on it is refused; else
	 * they end as it says (`fengqiao import ... --end-posts DATE`) */
	const struct end_dependents *end_dependents;
	/* NULL: every row may be written; else a row whose record (as stored, or
	 * as the row leaves it) is outside this scope is a problem on its line */
	const struct scope *scope;
};

struct import_result {
	long rows, inserted, updated, problems;
	enum csv_encoding encoding; /* of a CSV file */
	bool xlsx;                  /* the input was an XLSX workbook */
	int ignored_columns;
};

/*
 * Import `f` (named `name` in messages) as records of type `t`.  With
 * `dry_run`, check everything and write nothing.  Returns 0 when the file
 * was (or, dry, would be) imported; -1 when any row had a problem (e says
 * how many) or the file could not be read.
 */
int import_csv(struct db *db, const struct record_type *t, FILE *f, bool dry_run,
	       const struct import_report *rep, struct import_result *res, struct err *e);

/*
 * The same for a CSV file or an XLSX workbook, told apart by content (a zip
 * starts "PK\3\4"), never by name.  An XLSX workbook's rows are those of
 * its first sheet, or of the sheet named `sheet` (NULL = first; a CSV file
 * with a sheet named is refused).  Problems name the sheet's row numbers.
 * import_file reads `f` (a pipe too); import_buffer reads `len` bytes at
 * `buf` (an upload).
 */
int import_file(struct db *db, const struct record_type *t, FILE *f, const char *sheet, bool dry_run,
		const struct import_report *rep, struct import_result *res, struct err *e);
int import_buffer(struct db *db, const struct record_type *t, const void *buf, size_t len, const char *sheet,
		  bool dry_run, const struct import_report *rep, struct import_result *res, struct err *e);

#endif
