/*
 * incident — incidents (警情) and cases (刑事 / 治安案件) with the category
 * dictionary: record descriptors, the case status path (受理 → 调查 → 处理
 * → 办结, or 撤销, each step timed), and the rollup cells both feed.
 * One file per record type: category.c (with the top-level groups),
 * incident.c, case.c; the code lists are in codes.c.
 */
#ifndef FQ_MODEL_INCIDENT_H
#define FQ_MODEL_INCIDENT_H

#include "model/record.h"

extern const struct record_type category_type;
extern const struct record_type incident_type;
extern const struct record_type case_type;

extern const struct code_list top_categories; /* the nine statistics groups, in report order */
/* The position of a top-level category's code in top_categories, -1 when it is none of them. */
int top_category_index(const char *code);
/*
 * Resolve a category given by code or by its Chinese name to its code and
 * top-level group: 1 found, 0 none, -1 error.  Found answers are kept in
 * `memo` (may be NULL) as "code top".
 */
int category_lookup(struct db *db, struct memo *memo, const char *given, char code[64], char top[32],
		    struct err *e);

/*
 * Fill in address_key for the incidents stored before migration 007 (the
 * fold is C's, not SQL's); once, while pending_backfills names it.  Its own
 * transaction.
 */
int incident_backfill_address_keys(struct db *db, struct err *e);

extern const struct code_list case_kinds;
extern const struct code_list case_statuses;
extern const struct code_list incident_sources;

#endif
