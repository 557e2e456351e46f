/*
 * xlsx.c — cells gather in a list; xlsx_write hands them to libxlsxwriter,
 * which writes the workbook to a temporary file (its only output in 1.1),
 * then copies that file to `out`.
 */
#include "io/xlsx.h"
#include "base/err.h"
#include "base/text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_COLS 64      /* reports are narrow; wider columns keep the default width */
#define MAX_WIDTH 60     /* characters: a long label wraps nothing, it just stops here */
#define EXCEL_UNIX_EPOCH 25569.0 /* 1970-01-01 as an Excel serial day (1900 system) */

enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_DATE, CELL_INSTANT };

struct cell {
	int row, col;
	enum cell_kind kind;
	enum xlsx_format fmt;
	double v;
	char *s;
};

struct xlsx {
	struct cell *cells;
	size_t n, cap;
	int row, col;      /* current row and next column, 0-based */
	int *headers;      /* rows marked as headers */
	size_t nheaders, cap_headers;
	bool failed;       /* out of memory on the way: xlsx_write says so */
};

struct xlsx *xlsx_new(void)
{
	return calloc(1, sizeof(struct xlsx));
}

void xlsx_free(struct xlsx *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++)
		free(x->cells[i].s);
	free(x->cells);
	free(x->headers);
	free(x);
}

void xlsx_row(struct xlsx *x)
{
	x->row++;
	x->col = 0;
}

void xlsx_header(struct xlsx *x)
{
	if (x->nheaders == x->cap_headers) {
		size_t cap = x->cap_headers ? 2 * x->cap_headers : 4;
		int *p = realloc(x->headers, cap * sizeof *p);
		if (!p) {
			x->failed = true;
			return;
		}
		x->headers = p;
		x->cap_headers = cap;
	}
	x->headers[x->nheaders++] = x->row;
}

static struct cell *add(struct xlsx *x, enum cell_kind kind)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 64;
		struct cell *p = realloc(x->cells, cap * sizeof *p);
		if (!p) {
			x->failed = true;
			return NULL;
		}
		x->cells = p;
		x->cap = cap;
	}
	struct cell *c = &x->cells[x->n++];
	*c = (struct cell){ .row = x->row, .col = x->col++, .kind = kind };
	return c;
}

void xlsx_text(struct xlsx *x, const char *s)
{
	struct cell *c = add(x, CELL_TEXT);
	if (c && !(c->s = strdup(s)))
		x->failed = true;
}

void xlsx_number(struct xlsx *x, double v, enum xlsx_format f)
{
	struct cell *c = add(x, CELL_NUMBER);
	if (c) {
		c->v = v;
		c->fmt = f;
	}
}

void xlsx_date(struct xlsx *x, int32_t days)
{
	struct cell *c = add(x, CELL_DATE);
	if (c)
		c->v = EXCEL_UNIX_EPOCH + days;
}

void xlsx_instant(struct xlsx *x, int64_t unix_secs, int tz_minutes)
{
	struct cell *c = add(x, CELL_INSTANT);
	if (c) /* Excel has no zones: the serial is the local wall-clock time */
		c->v = EXCEL_UNIX_EPOCH + (double)(unix_secs + (int64_t)tz_minutes * 60) / 86400.0;
}

void xlsx_paragraphs(struct xlsx *x, const char *text)
{
	while (*text) {
		size_t len = strcspn(text, "\n");
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), text);
		xlsx_row(x);
		xlsx_text(x, line);
		text += len + (text[len] == '\n');
	}
}

static bool is_header(const struct xlsx *x, int row)
{
	for (size_t i = 0; i < x->nheaders; i++)
		if (x->headers[i] == row)
			return true;
	return false;
}

/*
 * Column widths from the cells of rows with more than one cell: a title or
 * a paragraph alone on its row may run over the columns to its right.
 */
static void column_widths(const struct xlsx *x, int width[MAX_COLS])
{
	for (int k = 0; k < MAX_COLS; k++)
		width[k] = 8;
	for (size_t i = 0; i < x->n; i++) {
		const struct cell *c = &x->cells[i];
		bool alone = (i == 0 || x->cells[i - 1].row != c->row) && (i + 1 == x->n || x->cells[i + 1].row != c->row);
		if (alone || c->col >= MAX_COLS)
			continue;
		int w = c->kind == CELL_TEXT ? utf8_width(c->s) : c->kind == CELL_INSTANT ? 19 : c->kind == CELL_DATE ? 10 : 10;
		w += 2;
		if (w > MAX_WIDTH)
			w = MAX_WIDTH;
		if (w > width[c->col])
			width[c->col] = w;
	}
}

static int lxw_fail(struct err *e, lxw_error rc)
{
	return err_set(e, ERR_IO, "xlsx.write", NULL, "无法生成 XLSX 文件（cannot write the workbook）: %s",
		       lxw_strerror(rc));
}

static int copy_out(const char *path, FILE *out, struct err *e)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return err_set(e, ERR_IO, "xlsx.write", NULL, "无法读回 XLSX 临时文件（cannot read the workbook back）: %m");
	char b[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(b, 1, sizeof b, in)) > 0)
		if (fwrite(b, 1, n, out) != n) {
			rc = err_set(e, ERR_IO, "xlsx.write", NULL, "写入失败（write failed）: %m");
			break;
		}
	if (!rc && ferror(in))
		rc = err_set(e, ERR_IO, "xlsx.write", NULL, "读取失败（read failed）: %m");
	fclose(in);
	return rc;
}

struct formats {
	lxw_format *bold, *fmts[3], *date, *instant;
};

/* A sheet; *refused when its name was (the name's fault, not memory: the error says why). */
static lxw_error write_sheet(lxw_workbook *wb, const struct formats *f, const struct xlsx *x, const char *sheet_name,
			     bool *refused)
{
	lxw_error why = workbook_validate_sheet_name(wb, sheet_name);
	if ((*refused = why != LXW_NO_ERROR))
		return why;
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name);
	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	int width[MAX_COLS];
	column_widths(x, width);
	for (int k = 0; k < MAX_COLS; k++)
		if (width[k] != 8)
			worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, width[k], NULL);
	if (x->nheaders)
		worksheet_freeze_panes(ws, (lxw_row_t)(x->headers[0] + 1), 0);

	lxw_error err = LXW_NO_ERROR;
	for (size_t i = 0; i < x->n && !err; i++) {
		const struct cell *c = &x->cells[i];
		lxw_row_t r = (lxw_row_t)c->row;
		lxw_col_t k = (lxw_col_t)c->col;
		switch (c->kind) {
		case CELL_TEXT: /* a string cell, never a formula, whatever it starts with */
			err = worksheet_write_string(ws, r, k, c->s, is_header(x, c->row) ? f->bold : NULL);
			break;
		case CELL_NUMBER:
			err = worksheet_write_number(ws, r, k, c->v, f->fmts[c->fmt]);
			break;
		case CELL_DATE:
			err = worksheet_write_number(ws, r, k, c->v, f->date);
			break;
		case CELL_INSTANT:
			err = worksheet_write_number(ws, r, k, c->v, f->instant);
			break;
		}
	}
	return err;
}

int xlsx_write(struct xlsx *x, const char *sheet_name, FILE *out, struct err *e)
{
	return xlsx_write_book(&x, &sheet_name, 1, out, e);
}

int xlsx_write_book(struct xlsx *const *sheets, const char *const *names, size_t n, FILE *out, struct err *e)
{
	for (size_t i = 0; i < n; i++)
		if (sheets[i]->failed)
			return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/fengqiao-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return err_set(e, ERR_IO, "xlsx.write", NULL, "无法创建临时文件（cannot create a temporary file）: %m");
	close(fd);

	int rc = -1;
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		err_set(e, ERR_IO, "xlsx.write", NULL, "无法生成 XLSX 文件（cannot write the workbook）");
		goto out;
	}
	struct formats f = { workbook_add_format(wb), { NULL, NULL, NULL }, workbook_add_format(wb), workbook_add_format(wb) };
	for (int i = 0; i < 3; i++)
		f.fmts[i] = workbook_add_format(wb);
	if (!f.bold || !f.date || !f.instant || !f.fmts[2]) {
		workbook_close(wb);
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	format_set_bold(f.bold);
	format_set_num_format(f.fmts[XLSX_INTEGER], "0");
	format_set_num_format(f.fmts[XLSX_DECIMAL2], "0.00");
	format_set_num_format(f.fmts[XLSX_PERCENT], "0.00%");
	format_set_num_format(f.date, "yyyy-mm-dd");
	format_set_num_format(f.instant, "yyyy-mm-dd hh:mm:ss");

	lxw_error err = LXW_NO_ERROR;
	bool refused = false;
	size_t i = 0;
	for (; i < n && !err; i++)
		err = write_sheet(wb, &f, sheets[i], names[i], &refused);
	lxw_error closed = workbook_close(wb);
	if (refused) {
		err_set(e, ERR_INTERNAL, "xlsx.sheet_name", NULL, "工作表名“%s”不可用（the sheet name is refused）: %s",
			names[i - 1], lxw_strerror(err));
		goto out;
	}
	if (err || closed) {
		lxw_fail(e, err ? err : closed);
		goto out;
	}
	rc = copy_out(path, out, e);
out:
	unlink(path);
	return rc;
}
