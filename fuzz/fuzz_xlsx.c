/*
 * libFuzzer harness for the XLSX reader.  Whatever the bytes, it must not
 * crash or leak, memory stays bounded (8 MiB inflated at most), and every
 * row it returns is well formed: NUL-terminated fields of the lengths given,
 * row numbers rising.
 *
 * An input starting "PK\3\4" is read as a workbook as it is.  Mutations
 * rarely survive deflate, so any other input is split at NUL bytes into the
 * package's parts (rels, workbook, workbook rels, styles, shared strings,
 * sheet), stored uncompressed in a zip built here with libzip: the XML
 * parsing is what gets fuzzed.  The seeds (fuzz/corpus/xlsx) are workbooks
 * made by openpyxl and by libxlsxwriter, whole and split into parts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const parts[] = {
	"_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml",
	"xl/worksheets/sheet1.xml",
};

/* A zip of stored entries, one per NUL-separated piece of the input. */
static char *package(const uint8_t *data, size_t size, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	char *out = NULL;
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!mem)
		goto done;
	zip_source_keep(mem);
	zip_t *z = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	if (!z) {
		zip_source_free(mem);
		goto done;
	}
	const uint8_t *p = data, *end = data + size;
	for (size_t k = 0; k < sizeof parts / sizeof *parts && p <= end; k++) {
		const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		zip_source_t *s = zip_source_buffer(z, p, n, 0);
		zip_int64_t i = s ? zip_file_add(z, parts[k], s, ZIP_FL_ENC_UTF_8) : -1;
		if (i < 0)
			zip_source_free(s);
		else
			zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
		p += n + 1;
	}
	if (zip_close(z) < 0) {
		zip_discard(z);
		zip_source_free(mem);
		goto done;
	}
	zip_stat_t st;
	if (zip_source_stat(mem, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(mem) == 0) {
		out = malloc(st.size ? st.size : 1);
		if (out && zip_source_read(mem, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		*len = st.size;
		zip_source_close(mem);
	}
	zip_source_free(mem);
done:
	zip_error_fini(&ze);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size;
	char *built = NULL;
	const void *book = data;
	if (!xlsx_sniff(data, size)) {
		built = package(data, size, &len);
		if (!built)
			return 0;
		book = built;
	}
	struct xlsx_read_opts o = { .max_inflated = 8u << 20 };
	struct err e;
	err_clear(&e);
	struct xlsx_reader *r = xlsx_open_buffer(book, len, &o, &e);
	if (r) {
		struct csv_row row;
		long last = 0;
		int got;
		while ((got = xlsx_next(r, &row, &e)) == 1) {
			if (row.line <= last || row.n > XLSX_MAX_COLUMNS)
				abort();
			last = row.line;
			for (size_t i = 0; i < row.n; i++)
				if (strlen(row.fields[i]) != row.lens[i])
					abort();
		}
		if (got == -1 && !e.message[0])
			abort();
		xlsx_close(r);
	} else if (!e.message[0]) {
		abort();
	}
	free(built);
	return 0;
}
