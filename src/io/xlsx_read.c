/*
 * xlsx_read.c — the package's parts are found as Excel finds them:
 * _rels/.rels names the workbook, its rels name the sheets, the shared
 * strings and the styles.  Every part is parsed by expat in chunks; the
 * sheet's parser is suspended at the end of each row (XML_StopParser with
 * resumable = true) so xlsx_next hands out one row at a time.
 */
#include "io/xlsx_read.h"
#include "base/date.h"
#include "base/text.h"

#include <errno.h>
#include <stdarg.h>
#include <expat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define CHUNK 65536
#define MAX_PART_NAME 512

enum date_kind { DK_NONE, DK_DATE, DK_TIME, DK_DATETIME };

struct xlsx_reader {
	zip_t *zip;
	uint64_t inflated, max_inflated;
	struct err *e;        /* where the current step reports */
	bool failed;          /* a handler refused: the parse stops */
	XML_Parser cur;       /* the parser running, stopped by a failure */
	/* the package */
	char workbook[MAX_PART_NAME], sheet_part[MAX_PART_NAME], strings_part[MAX_PART_NAME],
		styles_part[MAX_PART_NAME];
	const char *want_sheet;
	char sheet_rid[256];
	char sheet_names[400]; /* listed when the one asked for is absent */
	int nsheets;
	bool date1904;
	/* shared strings: one buffer, offsets of each string's start */
	struct buf sst;
	size_t *sst_off;
	size_t nsst, cap_sst;
	bool in_si, in_t, in_rph;
	/* styles: date kind per cellXfs index; custom formats by id */
	unsigned char *xf_kind;
	size_t nxf, cap_xf;
	struct custom_fmt { long id; enum date_kind kind; } *fmts;
	size_t nfmt, cap_fmt;
	bool in_xfs;
	/* the sheet */
	XML_Parser p;
	zip_file_t *zf;
	uint64_t sheet_size, sheet_read;
	char *chunk;
	bool suspended, fed_last, done;
	long row_num;
	int col;              /* next column when a cell has no r= */
	bool in_row, in_c, in_v, in_is, sheet_rph;
	char ctype[16];
	long cstyle;
	int ccol;
	struct buf val;       /* the current cell's text */
	struct buf rowtext;   /* the row's fields, each NUL-terminated */
	size_t *off;          /* start of each field in rowtext */
	size_t *lens;
	char **fields;
	size_t ncells, cap_cells, nonempty;
	bool row_ready;
};

bool xlsx_sniff(const void *p, size_t n)
{
	return n >= 4 && !memcmp(p, "PK\3\4", 4);
}

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

static void fail(struct xlsx_reader *r, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(struct xlsx_reader *r, const char *code, const char *fmt, ...)
{
	if (r->failed)
		return;
	r->failed = true;
	va_list ap;
	va_start(ap, fmt);
	err_vset(r->e, ERR_INVALID, code, NULL, fmt, ap);
	va_end(ap);
	if (r->cur)
		XML_StopParser(r->cur, XML_FALSE);
}

static void oom(struct xlsx_reader *r)
{
	if (!r->failed) {
		r->failed = true;
		err_set(r->e, ERR_INTERNAL, NULL, NULL, "out of memory");
		if (r->cur)
			XML_StopParser(r->cur, XML_FALSE);
	}
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static void too_large(struct xlsx_reader *r)
{
	fail(r, "xlsx.too_large", "XLSX 文件解压后超过 %llu MiB，拒绝读取（the workbook inflates past the limit: a zip bomb?）",
	     (unsigned long long)(r->max_inflated >> 20));
}

static void missing(struct xlsx_reader *r, const char *part)
{
	fail(r, "xlsx.missing_part", "XLSX 文件缺少 %s（not a workbook, or a damaged one）", part);
}

/* Read from an entry, counting every inflated byte against the cap. */
static zip_int64_t zread(struct xlsx_reader *r, zip_file_t *zf, char *b, size_t n)
{
	zip_int64_t got = zip_fread(zf, b, n);
	if (got < 0) {
		fail(r, "xlsx.corrupt", "XLSX 文件已损坏，无法解压（the workbook is corrupt: %s）", zip_file_strerror(zf));
		return -1;
	}
	r->inflated += (uint64_t)got;
	if (r->inflated > r->max_inflated) {
		too_large(r);
		return -1;
	}
	return got;
}

static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal)
{
	struct xlsx_reader *r = ud;
	fail(r, "xlsx.doctype", "XLSX 中不允许 DOCTYPE（%s）（a DOCTYPE is not allowed）", name);
}

static XML_Parser new_parser(struct xlsx_reader *r, XML_StartElementHandler s, XML_EndElementHandler en,
			     XML_CharacterDataHandler ch)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		return NULL;
	XML_SetUserData(p, r);
	XML_SetElementHandler(p, s, en);
	XML_SetCharacterDataHandler(p, ch);
	XML_SetStartDoctypeDeclHandler(p, no_doctype);
	return p;
}

static void xml_fail(struct xlsx_reader *r, XML_Parser p, const char *part)
{
	if (r->failed)
		return;
	char what[MAX_PART_NAME + 120];
	snprintf(what, sizeof what, "%s, line %lu: %s", part, (unsigned long)XML_GetCurrentLineNumber(p),
		 XML_ErrorString(XML_GetErrorCode(p)));
	fail(r, "xlsx.xml", "XLSX 内容不是有效的 XML（malformed XML in %s）", what);
}

/* Parse a whole part; a missing part is an error only when `required`. */
static int parse_part(struct xlsx_reader *r, const char *name, bool required, XML_StartElementHandler s,
		      XML_EndElementHandler en, XML_CharacterDataHandler ch)
{
	zip_file_t *zf = zip_fopen(r->zip, name, 0);
	if (!zf) {
		if (!required)
			return 0;
		missing(r, name);
		return -1;
	}
	XML_Parser p = new_parser(r, s, en, ch);
	if (!p) {
		zip_fclose(zf);
		oom(r);
		return -1;
	}
	int rc = -1;
	r->cur = p;
	for (;;) {
		zip_int64_t n = zread(r, zf, r->chunk, CHUNK);
		if (n < 0)
			break;
		if (XML_Parse(p, r->chunk, (int)n, n == 0) != XML_STATUS_OK || r->failed) {
			xml_fail(r, p, name);
			break;
		}
		if (n == 0) {
			rc = 0;
			break;
		}
	}
	r->cur = NULL;
	XML_ParserFree(p);
	zip_fclose(zf);
	return rc;
}

/* --- relationships ------------------------------------------------------- */

/* `target` relative to the directory of the part `from` (or absolute: "/xl/..."). */
static void resolve(const char *from, const char *target, char out[MAX_PART_NAME])
{
	if (target[0] == '/') {
		snprintf(out, MAX_PART_NAME, "%s", target + 1);
		return;
	}
	const char *slash = strrchr(from, '/');
	int dir = slash ? (int)(slash - from + 1) : 0;
	while (!strncmp(target, "../", 3) && dir > 0) { /* up one directory */
		target += 3;
		dir--;
		while (dir > 0 && from[dir - 1] != '/')
			dir--;
	}
	snprintf(out, MAX_PART_NAME, "%.*s%s", dir, from, target);
}

static bool type_is(const char *type, const char *tail)
{
	size_t n = strlen(type), m = strlen(tail);
	return n >= m && !strcmp(type + n - m, tail);
}

static void XMLCALL root_rel(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *type = attr(atts, "Type"), *target = attr(atts, "Target");
	if (!strcmp(local(name), "Relationship") && type && target && type_is(type, "/officeDocument") && !r->workbook[0])
		resolve("", target, r->workbook);
}

static void XMLCALL book_rel(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *type = attr(atts, "Type"), *target = attr(atts, "Target"), *id = attr(atts, "Id");
	if (strcmp(local(name), "Relationship") || !type || !target || !id)
		return;
	if (type_is(type, "/sharedStrings"))
		resolve(r->workbook, target, r->strings_part);
	else if (type_is(type, "/styles"))
		resolve(r->workbook, target, r->styles_part);
	else if (r->sheet_rid[0] && !strcmp(id, r->sheet_rid))
		resolve(r->workbook, target, r->sheet_part);
}

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (!strcmp(n, "workbookPr")) {
		const char *d = attr(atts, "date1904");
		r->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	} else if (!strcmp(n, "sheet")) {
		const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
		if (!sname || !rid)
			return;
		size_t used = strlen(r->sheet_names);
		if (used < sizeof r->sheet_names - 80)
			snprintf(r->sheet_names + used, sizeof r->sheet_names - used, "%s“%.60s”", r->nsheets ? "、" : "",
				 sname);
		r->nsheets++;
		if (!r->sheet_rid[0] && (!r->want_sheet || !strcmp(r->want_sheet, sname)))
			snprintf(r->sheet_rid, sizeof r->sheet_rid, "%s", rid);
	}
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
}

static void XMLCALL no_text(void *ud, const XML_Char *s, int len)
{
}

/* --- styles -------------------------------------------------------------- */

static enum date_kind builtin_kind(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
		return DK_DATE;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47))
		return DK_TIME;
	if (id == 22)
		return DK_DATETIME;
	return DK_NONE;
}

/* A custom format: quoted text, [colour] and \-escapes aside, y/d (or m
 * without h/s) make a date, h/s a time. */
static enum date_kind custom_kind(const char *f)
{
	bool date = false, time = false, month = false;
	for (; *f; f++) {
		char c = (char)(*f | 0x20);
		if (*f == '"') {
			const char *q = strchr(f + 1, '"');
			if (!q)
				break;
			f = q;
		} else if (*f == '\\' && f[1]) {
			f++;
		} else if (*f == '[') {
			const char *q = strchr(f, ']');
			if (!q)
				break;
			if (f[1] == 'h' || f[1] == 'H' || f[1] == 'm' || f[1] == 'M' || f[1] == 's' || f[1] == 'S')
				time = true; /* elapsed time: [h]:mm */
			f = q;
		} else if (*f == ';') {
			break; /* the format for positive numbers decides */
		} else if (c == 'y' || c == 'd') {
			date = true;
		} else if (c == 'h' || c == 's') {
			time = true;
		} else if (c == 'm') {
			month = true;
		}
	}
	if (month && !time)
		date = true;
	return date && time ? DK_DATETIME : date ? DK_DATE : time ? DK_TIME : DK_NONE;
}

static bool parse_long(const char *s, long *out)
{
	if (!s)
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end)
		return false;
	*out = v;
	return true;
}

static void XMLCALL style_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	long id;
	if (!strcmp(n, "numFmt") && parse_long(attr(atts, "numFmtId"), &id) && attr(atts, "formatCode")) {
		if (r->nfmt >= 100000 || !grow((void **)&r->fmts, &r->cap_fmt, r->nfmt + 1, sizeof *r->fmts)) {
			oom(r);
			return;
		}
		r->fmts[r->nfmt++] = (struct custom_fmt){ id, custom_kind(attr(atts, "formatCode")) };
	} else if (!strcmp(n, "cellXfs")) {
		r->in_xfs = true;
	} else if (!strcmp(n, "xf") && r->in_xfs) {
		if (r->nxf >= 1000000 || !grow((void **)&r->xf_kind, &r->cap_xf, r->nxf + 1, 1)) {
			oom(r);
			return;
		}
		enum date_kind k = DK_NONE;
		if (parse_long(attr(atts, "numFmtId"), &id)) {
			k = builtin_kind(id);
			for (size_t i = 0; i < r->nfmt; i++)
				if (r->fmts[i].id == id)
					k = r->fmts[i].kind;
		}
		r->xf_kind[r->nxf++] = (unsigned char)k;
	}
}

static void XMLCALL style_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	if (!strcmp(local(name), "cellXfs"))
		r->in_xfs = false;
}

/* --- shared strings ------------------------------------------------------ */

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/*
 * Excel writes characters XML cannot carry (a carriage return, other
 * control characters) as _xHHHH_, and a literal "_x" that would read as one
 * as _x005F_x.  Decode them in place; returns the new length (never longer).
 */
static size_t decode_escapes(char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		unsigned cp = 0;
		bool esc = i + 7 <= len && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
		for (size_t k = 2; esc && k < 6; k++) {
			int d = hex_digit(s[i + k]);
			esc = d >= 0;
			cp = cp * 16 + (unsigned)(d < 0 ? 0 : d);
		}
		if (!esc || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			s[o++] = s[i++];
			continue;
		}
		if (cp < 0x80) {
			s[o++] = (char)cp;
		} else if (cp < 0x800) {
			s[o++] = (char)(0xC0 | (cp >> 6));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			s[o++] = (char)(0xE0 | (cp >> 12));
			s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		}
		i += 7;
	}
	s[o] = '\0';
	return o;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (!strcmp(n, "si")) {
		if (!grow((void **)&r->sst_off, &r->cap_sst, r->nsst + 1, sizeof *r->sst_off)) {
			oom(r);
			return;
		}
		r->sst_off[r->nsst] = r->sst.len;
		r->in_si = true;
	} else if (!strcmp(n, "rPh")) {
		r->in_rph = true; /* phonetic guide: not the cell's text */
	} else if (!strcmp(n, "t")) {
		r->in_t = true;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (!strcmp(n, "si") && r->in_si) {
		r->in_si = false;
		if (buf_add(&r->sst, "", 1)) { /* the NUL */
			oom(r);
			return;
		}
		size_t start = r->sst_off[r->nsst];
		r->sst.len = start + decode_escapes(r->sst.p + start, r->sst.len - 1 - start) + 1;
		r->nsst++;
	} else if (!strcmp(n, "rPh")) {
		r->in_rph = false;
	} else if (!strcmp(n, "t")) {
		r->in_t = false;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *r = ud;
	if (r->in_si && r->in_t && !r->in_rph && buf_add(&r->sst, s, (size_t)len))
		oom(r);
}

/* The shared strings' memory, offsets included, stays under XLSX_MAX_STRINGS. */
static void XMLCALL sst_end_capped(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	sst_end(ud, name);
	if (r->sst.len + r->nsst * sizeof *r->sst_off > XLSX_MAX_STRINGS)
		fail(r, "xlsx.too_large", "XLSX 的共享字符串超过 %llu MiB（too much shared text）",
		     (unsigned long long)(XLSX_MAX_STRINGS >> 20));
}

static void XMLCALL sst_text_capped(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *r = ud;
	sst_text(ud, s, len);
	if (r->sst.len > XLSX_MAX_STRINGS)
		sst_end_capped(ud, "");
}

/* --- the sheet ----------------------------------------------------------- */

/* "BC12" → column 54 (0-based) and row 12; false when it is not a reference. */
static bool cell_ref(const char *s, int *col, long *row)
{
	long c = 0;
	int letters = 0;
	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++) {
		if (++letters > 3)
			return false;
		c = c * 26 + ((*s | 0x20) - 'a' + 1);
	}
	long rw;
	if (!letters || !parse_long(s, &rw) || rw < 1)
		return false;
	*col = (int)(c - 1);
	*row = rw;
	return true;
}

#define row_fail(r, ...) (fail((r), __VA_ARGS__), (r)->e->line = (r)->row_num)

/* Append a field (and any empty ones before it) at column `col`. */
static int put_field(struct xlsx_reader *r, int col, const char *s, size_t len)
{
	if ((size_t)col + 1 > XLSX_MAX_COLUMNS) {
		row_fail(r, "xlsx.columns", "本行超过 16384 列（%s）（too many columns）", "XFD");
		return -1;
	}
	if (!grow((void **)&r->off, &r->cap_cells, (size_t)col + 1, sizeof *r->off)) {
		oom(r);
		return -1;
	}
	while (r->ncells <= (size_t)col) {
		r->off[r->ncells++] = r->rowtext.len;
		if (r->ncells <= (size_t)col && buf_add(&r->rowtext, "", 1)) {
			oom(r);
			return -1;
		}
	}
	if (buf_add(&r->rowtext, s, len) || buf_add(&r->rowtext, "", 1)) {
		oom(r);
		return -1;
	}
	if (r->rowtext.len > CSV_MAX_RECORD) {
		row_fail(r, "xlsx.row_too_long", "本行超过 16 MiB（%s）（row too long）", "");
		return -1;
	}
	if (len)
		r->nonempty++;
	return 0;
}

/* A serial date-time as text in the style's kind. */
static bool format_serial(const struct xlsx_reader *r, enum date_kind k, const char *v, char out[48])
{
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || !isfinite(d) || d < 0 || d >= 2958466.0) /* 9999-12-31 */
		return false;
	double whole = floor(d);
	long secs = lround((d - whole) * 86400.0);
	long day = (long)whole;
	if (secs >= 86400) {
		day++;
		secs -= 86400;
	}
	/* 1900 system: serial 25569 is 1970-01-01, and Excel counts a 29 February 1900 */
	int32_t days = r->date1904 ? (int32_t)(day - 24107) : (int32_t)(day - (day < 61 ? 25568 : 25569));
	char date[11];
	date_format(days, date);
	char hms[32];
	snprintf(hms, sizeof hms, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
	if (k == DK_DATE)
		snprintf(out, 48, "%s", date);
	else if (k == DK_TIME && day == 0)
		snprintf(out, 48, "%s", hms);
	else
		snprintf(out, 48, "%s %s", date, hms);
	return true;
}

static void end_cell(struct xlsx_reader *r)
{
	const char *v = r->val.p ? r->val.p : "";
	size_t len = r->val.len;
	char tmp[48];
	if (r->val.failed) {
		oom(r);
		return;
	}
	if (!strcmp(r->ctype, "s")) {
		long i;
		if (!parse_long(v, &i) || i < 0 || (size_t)i >= r->nsst) {
			row_fail(r, "xlsx.bad_string", "单元格引用了不存在的共享字符串（%s）（no such shared string）", v);
			return;
		}
		v = r->sst.p + r->sst_off[i];
		len = strlen(v);
	} else if ((!strcmp(r->ctype, "inlineStr") || !strcmp(r->ctype, "str")) && r->val.p) {
		len = decode_escapes(r->val.p, r->val.len);
	} else if (!strcmp(r->ctype, "b")) {
		v = !strcmp(v, "1") ? "TRUE" : "FALSE";
		len = strlen(v);
	} else if (!strcmp(r->ctype, "d")) {
		/* an ISO 8601 date cell: "2026-03-05T14:30:00" */
		snprintf(tmp, sizeof tmp, "%.19s", v);
		if (tmp[10] == 'T')
			tmp[10] = ' ';
		v = tmp;
		len = strlen(v);
	} else if ((!r->ctype[0] || !strcmp(r->ctype, "n")) && r->cstyle >= 0 && (size_t)r->cstyle < r->nxf &&
		   r->xf_kind[r->cstyle] != DK_NONE && format_serial(r, (enum date_kind)r->xf_kind[r->cstyle], v, tmp)) {
		v = tmp;
		len = strlen(v);
	}
	put_field(r, r->ccol, v, len);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (!strcmp(n, "row")) {
		long rw;
		const char *ra = attr(atts, "r");
		if (ra) {
			if (!parse_long(ra, &rw) || rw <= r->row_num) {
				row_fail(r, "xlsx.bad_row", "行号“%s”无效或不按顺序（bad or out-of-order row number）", ra);
				return;
			}
			r->row_num = rw;
		} else {
			r->row_num++;
		}
		r->in_row = true;
		r->col = 0;
		r->ncells = r->nonempty = 0;
		buf_reset(&r->rowtext);
	} else if (!strcmp(n, "c") && r->in_row) {
		const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		int col = r->col;
		long rw = r->row_num;
		if (ref && (!cell_ref(ref, &col, &rw) || rw != r->row_num || col < r->col)) {
			row_fail(r, "xlsx.bad_cell", "单元格引用“%s”无效或不按顺序（bad or out-of-order cell reference）", ref);
			return;
		}
		r->ccol = col;
		r->col = col + 1;
		snprintf(r->ctype, sizeof r->ctype, "%s", t ? t : "");
		if (!parse_long(s, &r->cstyle))
			r->cstyle = -1;
		r->in_c = true;
		buf_reset(&r->val);
	} else if (r->in_c && !strcmp(n, "v")) {
		r->in_v = true;
	} else if (r->in_c && !strcmp(n, "is")) {
		r->in_is = true;
	} else if (r->in_is && !strcmp(n, "rPh")) {
		r->sheet_rph = true;
	} else if (r->in_is && !strcmp(n, "t")) {
		r->in_t = true;
	}
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (!strcmp(n, "v")) {
		r->in_v = false;
	} else if (!strcmp(n, "t")) {
		r->in_t = false;
	} else if (!strcmp(n, "rPh")) {
		r->sheet_rph = false;
	} else if (!strcmp(n, "is")) {
		r->in_is = false;
	} else if (!strcmp(n, "c") && r->in_c) {
		r->in_c = false;
		end_cell(r);
	} else if (!strcmp(n, "row") && r->in_row) {
		r->in_row = false;
		if (r->nonempty && !r->failed) {
			r->row_ready = true;
			XML_StopParser(r->p, XML_TRUE);
		}
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *r = ud;
	if (r->in_c && (r->in_v || (r->in_t && !r->sheet_rph)) && buf_add(&r->val, s, (size_t)len))
		oom(r);
	else if (r->val.len > CSV_MAX_RECORD)
		row_fail(r, "xlsx.row_too_long", "单元格超过 16 MiB（%s）（cell too long）", "");
}

/* --- opening ------------------------------------------------------------- */

static int open_package(struct xlsx_reader *r, const struct xlsx_read_opts *o)
{
	zip_int64_t entries = zip_get_num_entries(r->zip, 0);
	long max_entries = o && o->max_entries ? o->max_entries : XLSX_MAX_ENTRIES;
	if (entries < 0 || entries > max_entries) {
		char n[32];
		snprintf(n, sizeof n, "%ld", max_entries);
		fail(r, "xlsx.too_many_entries", "XLSX 文件的条目超过 %s 个，拒绝读取（too many entries: a zip bomb?）", n);
		return -1;
	}
	uint64_t declared = 0;
	for (zip_int64_t i = 0; i < entries; i++) {
		zip_stat_t st;
		if (zip_stat_index(r->zip, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
			declared += st.size;
		if (declared > r->max_inflated) {
			too_large(r);
			return -1;
		}
	}
	if (parse_part(r, "_rels/.rels", true, root_rel, no_end, no_text))
		return -1;
	if (!r->workbook[0]) {
		missing(r, "workbook");
		return -1;
	}
	if (parse_part(r, r->workbook, true, book_start, no_end, no_text))
		return -1;
	if (!r->sheet_rid[0]) {
		if (r->want_sheet) {
			char msg[sizeof r->sheet_names + 160];
			snprintf(msg, sizeof msg, "%.100s”；有：%s", r->want_sheet, r->sheet_names);
			fail(r, "xlsx.no_sheet", "找不到工作表“%s（no such sheet）", msg);
		} else {
			fail(r, "xlsx.no_sheet", "XLSX 文件中没有工作表（%s）（no sheet）", r->workbook);
		}
		return -1;
	}
	char rels[MAX_PART_NAME + 16];
	const char *slash = strrchr(r->workbook, '/');
	int dir = slash ? (int)(slash - r->workbook + 1) : 0;
	snprintf(rels, sizeof rels, "%.*s_rels/%s.rels", dir, r->workbook, r->workbook + dir);
	if (parse_part(r, rels, true, book_rel, no_end, no_text))
		return -1;
	if (!r->sheet_part[0]) {
		missing(r, "worksheet");
		return -1;
	}
	if (r->styles_part[0] && parse_part(r, r->styles_part, false, style_start, style_end, no_text))
		return -1;
	if (r->strings_part[0] && parse_part(r, r->strings_part, false, sst_start, sst_end_capped, sst_text_capped))
		return -1;
	r->in_t = false;
	zip_stat_t st;
	if (zip_stat(r->zip, r->sheet_part, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
		r->sheet_size = st.size;
	r->zf = zip_fopen(r->zip, r->sheet_part, 0);
	if (!r->zf) {
		missing(r, r->sheet_part);
		return -1;
	}
	r->p = new_parser(r, sheet_start, sheet_end, sheet_text);
	if (!r->p) {
		oom(r);
		return -1;
	}
	r->cur = r->p;
	return 0;
}

static struct xlsx_reader *open_zip(zip_t *zip, const struct xlsx_read_opts *o, struct err *e)
{
	struct xlsx_reader *r = calloc(1, sizeof *r);
	char *chunk = malloc(CHUNK);
	if (!r || !chunk) {
		free(r);
		free(chunk);
		zip_discard(zip);
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	r->zip = zip;
	r->chunk = chunk;
	r->e = e;
	r->max_inflated = o && o->max_inflated ? o->max_inflated : XLSX_MAX_INFLATED;
	r->want_sheet = o ? o->sheet : NULL;
	buf_init(&r->sst);
	buf_init(&r->val);
	buf_init(&r->rowtext);
	if (open_package(r, o)) {
		xlsx_close(r);
		return NULL;
	}
	return r;
}

static struct xlsx_reader *zip_failed(zip_error_t *ze, struct err *e)
{
	err_set(e, ERR_INVALID, "xlsx.not_zip", NULL, "不是有效的 XLSX（zip）文件（not an xlsx workbook: %s）",
		zip_error_strerror(ze));
	zip_error_fini(ze);
	return NULL;
}

struct xlsx_reader *xlsx_open_buffer(const void *buf, size_t len, const struct xlsx_read_opts *o, struct err *e)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	if (!src)
		return zip_failed(&ze, e);
	zip_t *zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!zip) {
		zip_source_free(src);
		return zip_failed(&ze, e);
	}
	zip_error_fini(&ze);
	return open_zip(zip, o, e);
}

struct xlsx_reader *xlsx_open_file(FILE *f, const struct xlsx_read_opts *o, struct err *e)
{
	int fd = dup(fileno(f));
	if (fd < 0) {
		err_set(e, ERR_IO, "xlsx.io", NULL, "无法读取文件（cannot read the file）: %m");
		return NULL;
	}
	int zerr = 0;
	zip_t *zip = zip_fdopen(fd, ZIP_RDONLY, &zerr);
	if (!zip) {
		close(fd); /* zip_fdopen leaves it open when it fails */
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		return zip_failed(&ze, e);
	}
	return open_zip(zip, o, e);
}

int xlsx_next(struct xlsx_reader *r, struct csv_row *row, struct err *e)
{
	if (r->done)
		return r->failed ? -1 : 0;
	r->e = e;
	r->row_ready = false;
	for (;;) {
		enum XML_Status st;
		if (r->suspended) {
			st = XML_ResumeParser(r->p);
		} else if (r->fed_last) {
			r->done = true;
			return 0;
		} else {
			zip_int64_t n = zread(r, r->zf, r->chunk, CHUNK);
			if (n < 0) {
				e->line = r->row_num;
				r->done = true;
				return -1;
			}
			r->sheet_read += (uint64_t)n;
			r->fed_last = n == 0;
			st = XML_Parse(r->p, r->chunk, (int)n, n == 0);
		}
		if (st == XML_STATUS_ERROR || r->failed) {
			xml_fail(r, r->p, r->sheet_part);
			if (!e->line)
				e->line = r->row_num;
			r->done = true;
			r->failed = true;
			return -1;
		}
		r->suspended = st == XML_STATUS_SUSPENDED;
		if (r->row_ready)
			break;
	}
	/* the fields point into rowtext, complete now */
	size_t need = r->ncells ? r->ncells : 1;
	char **fields = realloc(r->fields, need * sizeof *fields);
	size_t *lens = fields ? realloc(r->lens, need * sizeof *lens) : NULL;
	if (fields)
		r->fields = fields;
	if (!fields || !lens) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		r->done = r->failed = true;
		return -1;
	}
	r->lens = lens;
	/* trailing empty cells are dropped, as if they were not there */
	size_t n = r->ncells;
	while (n > 0 && r->rowtext.p[r->off[n - 1]] == '\0')
		n--;
	for (size_t i = 0; i < n; i++) {
		r->fields[i] = r->rowtext.p + r->off[i];
		r->lens[i] = strlen(r->fields[i]);
	}
	row->n = n;
	row->fields = r->fields;
	row->lens = r->lens;
	row->line = r->row_num;
	return 1;
}

double xlsx_fraction(const struct xlsx_reader *r)
{
	return r->sheet_size ? (double)r->sheet_read / (double)r->sheet_size : -1;
}

void xlsx_close(struct xlsx_reader *r)
{
	if (!r)
		return;
	if (r->p)
		XML_ParserFree(r->p);
	if (r->zf)
		zip_fclose(r->zf);
	if (r->zip)
		zip_discard(r->zip);
	buf_free(&r->sst);
	buf_free(&r->val);
	buf_free(&r->rowtext);
	free(r->sst_off);
	free(r->xf_kind);
	free(r->fmts);
	free(r->off);
	free(r->fields);
	free(r->lens);
	free(r->chunk);
	free(r);
}
