/*
 * report_file — the statistics reports as files (CSV for programs, an XLSX
 * workbook for people), written once for both faces: `fengqiao report ...
 * --format csv|xlsx` and GET /api/v1/reports/...?format=csv|xlsx.  A
 * workbook starts with the title, the period and the scope rows (and the
 * demo mark), then the figures as numbers, then the definitions.
 */
#ifndef FQ_IO_REPORT_FILE_H
#define FQ_IO_REPORT_FILE_H

#include <stdint.h>
#include <stdio.h>

#include "base/err.h"

/* A figure kept in hundredths as "12.34", with the signs a positive and a zero value carry and a suffix. */
void hundredths(char *buf, size_t n, int64_t v, const char *pos, const char *zero, const char *suffix);
/* A change in percent ("-4.96%", "—" with no base, "新增" with no base and something now). */
void pct_text(int64_t cur, int64_t prev, char *buf, size_t n);
/* part / whole in percent, or "—". */
void rate_text(int64_t part, int64_t whole, char *buf, size_t n);

/* The demo mark of every report (演示数据), one line without its end. */
extern const char report_demo_mark[];

/* The coverage report's definitions (Chinese, then English). */
extern const char coverage_definitions[];
/* The disputes table's columns. */
extern const char *const dispute_column_labels[6];

/* Each takes the computed report: struct compstat, struct dispute_report, struct coverage. */
void incidents_csv(FILE *out, const void *report);
int incidents_xlsx(FILE *out, const void *report, struct err *e);
void disputes_csv(FILE *out, const void *report);
int disputes_xlsx(FILE *out, const void *report, struct err *e);
void coverage_csv(FILE *out, const void *report);
int coverage_xlsx(FILE *out, const void *report, struct err *e);

#endif
