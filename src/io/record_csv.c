#include "io/record_csv.h"
#include "io/csv_write.h"
#include "io/record_json.h"

void record_csv_header(FILE *f, const struct record_type *t, bool chinese)
{
	if (chinese)
		fputs("\xEF\xBB\xBF", f); /* Excel reads UTF-8 Chinese only with a BOM */
	bool first = true;
	for (int i = 0; i < t->nfields; i++) {
		if (t->fields[i].flags & FF_HIDDEN)
			continue;
		csv_write_field(f, chinese ? t->fields[i].zh : t->fields[i].name, first);
		first = false;
	}
	csv_write_eol(f);
}

void record_csv_row(FILE *f, const struct record *r, bool reveal, bool labels)
{
	bool first = true;
	for (int i = 0; i < r->type->nfields; i++) {
		const struct field *fd = &r->type->fields[i];
		char buf[128];
		if (fd->flags & FF_HIDDEN)
			continue;
		const char *v = record_text_out(r, i, reveal, buf, sizeof buf);
		if (v && labels && fd->type == FT_ENUM)
			v = code_label(fd->codes, v);
		csv_write_field(f, v, first);
		first = false;
	}
	csv_write_eol(f);
}
