#include "io/csv_write.h"

#include <string.h>

void csv_write_field(FILE *f, const char *s, bool first)
{
	if (!first)
		fputc(',', f);
	if (!s)
		return;
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	/* A plain negative number is data, not a formula. */
	if (s[0] == '-' && s[1] && strspn(s + 1, "0123456789.") == strlen(s + 1))
		formula = false;
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csv_write_eol(FILE *f)
{
	fputs("\r\n", f);
}
