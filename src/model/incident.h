/*
 * incident — incidents (警情) and cases (刑事 / 治安案件) with the category
 * dictionary: record descriptors, the case status path (受理 → 调查 → 处理
 * → 办结, or 撤销, each step timed), and the rollup cells both feed.
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
extern const struct code_list case_kinds;
extern const struct code_list case_statuses;
extern const struct code_list incident_sources;

#endif
