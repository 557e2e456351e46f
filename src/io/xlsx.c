/*
 * xlsx.c — the sheet XML is built as cells arrive; xlsx_write wraps it in
 * the fixed parts of a workbook and a zip with stored (uncompressed)
 * entries, which every spreadsheet program reads.
 */
#include "io/xlsx.h"
#include "base/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct xlsx {
	struct buf sheet;
	int row, col;   /* current row (1-based), next column (0-based) */
	bool row_open;
};

struct xlsx *xlsx_new(void)
{
	struct xlsx *x = calloc(1, sizeof *x);
	if (x) {
		buf_init(&x->sheet);
		x->row = 1;
	}
	return x;
}

void xlsx_free(struct xlsx *x)
{
	if (!x)
		return;
	buf_free(&x->sheet);
	free(x);
}

static void open_row(struct xlsx *x)
{
	if (!x->row_open) {
		buf_printf(&x->sheet, "<row r=\"%d\">", x->row);
		x->row_open = true;
	}
}

void xlsx_row(struct xlsx *x)
{
	if (x->row_open)
		buf_puts(&x->sheet, "</row>");
	x->row_open = false;
	x->row++;
	x->col = 0;
}

static void cell_ref(const struct xlsx *x, char out[16])
{
	char letters[8];
	int n = 0;
	for (int c = x->col + 1; c > 0; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	int o = 0;
	while (n)
		out[o++] = letters[--n];
	snprintf(out + o, 16 - (size_t)o, "%d", x->row);
}

static void xml_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '<')
			buf_puts(b, "&lt;");
		else if (c == '>')
			buf_puts(b, "&gt;");
		else if (c == '"')
			buf_puts(b, "&quot;");
		else if (c < 0x20 && c != '\t' && c != '\n')
			continue; /* not allowed in XML 1.0 */
		else
			buf_add(b, s, 1);
	}
}

void xlsx_text(struct xlsx *x, const char *s)
{
	char ref[16];
	open_row(x);
	cell_ref(x, ref);
	buf_printf(&x->sheet, "<c r=\"%s\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", ref);
	xml_escape(&x->sheet, s ? s : "");
	buf_puts(&x->sheet, "</t></is></c>");
	x->col++;
}

void xlsx_number(struct xlsx *x, double v, enum xlsx_format f)
{
	char ref[16];
	open_row(x);
	cell_ref(x, ref);
	/* style indexes: see styles_xml */
	buf_printf(&x->sheet, "<c r=\"%s\" s=\"%d\"><v>%.15g</v></c>", ref, f == XLSX_INTEGER ? 1 : f == XLSX_DECIMAL2 ? 3 : 2, v);
	x->col++;
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
	"</Types>";

static const char root_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";

static const char workbook_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

/* 0 general, 1 integer ("0"), 2 percent ("0.00%"), 3 two decimals ("0.00"). */
static const char styles_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"宋体\"/></font></fonts>"
	"<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
	"<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
	"<cellXfs count=\"4\">"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
	"<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"10\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"2\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
	"</cellXfs></styleSheet>";

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return ~c;
}

static void le16(struct buf *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	buf_add(b, (const char *)x, 2);
}

static void le32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	buf_add(b, (const char *)x, 4);
}

struct zip_entry {
	const char *name;
	const char *data;
	size_t len;
};

/* A zip of stored entries: local headers and data, then the central directory. */
static void zip(struct buf *z, const struct zip_entry *ents, int n)
{
	uint32_t offsets[8], crcs[8];
	for (int i = 0; i < n; i++) {
		offsets[i] = (uint32_t)z->len;
		crcs[i] = crc32_of((const unsigned char *)ents[i].data, ents[i].len);
		le32(z, 0x04034b50);
		le16(z, 20);
		le16(z, 0x0800); /* names are UTF-8 */
		le16(z, 0);      /* stored */
		le16(z, 0);      /* 00:00 */
		le16(z, 0x21);   /* 1980-01-01 */
		le32(z, crcs[i]);
		le32(z, (uint32_t)ents[i].len);
		le32(z, (uint32_t)ents[i].len);
		le16(z, (unsigned)strlen(ents[i].name));
		le16(z, 0);
		buf_puts(z, ents[i].name);
		buf_add(z, ents[i].data, ents[i].len);
	}
	uint32_t cd = (uint32_t)z->len;
	for (int i = 0; i < n; i++) {
		le32(z, 0x02014b50);
		le16(z, 20);
		le16(z, 20);
		le16(z, 0x0800);
		le16(z, 0);
		le16(z, 0);
		le16(z, 0x21);
		le32(z, crcs[i]);
		le32(z, (uint32_t)ents[i].len);
		le32(z, (uint32_t)ents[i].len);
		le16(z, (unsigned)strlen(ents[i].name));
		le16(z, 0);
		le16(z, 0);
		le16(z, 0);
		le16(z, 0);
		le32(z, 0);
		le32(z, offsets[i]);
		buf_puts(z, ents[i].name);
	}
	uint32_t cd_size = (uint32_t)z->len - cd;
	le32(z, 0x06054b50);
	le16(z, 0);
	le16(z, 0);
	le16(z, (unsigned)n);
	le16(z, (unsigned)n);
	le32(z, cd_size);
	le32(z, cd);
	le16(z, 0);
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

int xlsx_write(struct xlsx *x, const char *sheet_name, FILE *out, struct err *e)
{
	if (x->row_open) {
		buf_puts(&x->sheet, "</row>");
		x->row_open = false;
	}
	struct buf sheet, book, z;
	buf_init(&sheet);
	buf_init(&book);
	buf_init(&z);
	buf_puts(&sheet, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			 "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			 "<cols><col min=\"1\" max=\"1\" width=\"18\" customWidth=\"1\"/>"
			 "<col min=\"2\" max=\"9\" width=\"12\" customWidth=\"1\"/></cols><sheetData>");
	if (x->sheet.p)
		buf_add(&sheet, x->sheet.p, x->sheet.len);
	buf_puts(&sheet, "</sheetData></worksheet>");
	buf_puts(&book, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
			"<sheets><sheet name=\"");
	xml_escape(&book, sheet_name);
	buf_puts(&book, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
	int rc = 0;
	if (x->sheet.failed || sheet.failed || book.failed) {
		rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	} else {
		struct zip_entry ents[] = {
			{ "[Content_Types].xml", content_types, sizeof content_types - 1 },
			{ "_rels/.rels", root_rels, sizeof root_rels - 1 },
			{ "xl/workbook.xml", book.p, book.len },
			{ "xl/_rels/workbook.xml.rels", workbook_rels, sizeof workbook_rels - 1 },
			{ "xl/styles.xml", styles_xml, sizeof styles_xml - 1 },
			{ "xl/worksheets/sheet1.xml", sheet.p, sheet.len },
		};
		zip(&z, ents, (int)(sizeof ents / sizeof ents[0]));
		if (z.failed)
			rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		else if (fwrite(z.p, 1, z.len, out) != z.len)
			rc = err_set(e, ERR_IO, NULL, NULL, "写入失败（write failed）");
	}
	buf_free(&sheet);
	buf_free(&book);
	buf_free(&z);
	return rc;
}
