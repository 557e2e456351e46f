/*
 * idno.c — resident ID and phone checks, and the masks.  The checks are
 * structural only: a number that passes may still belong to nobody.
 */
#include "base/idno.h"
#include "base/date.h"

#include <string.h>

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

bool idno_valid(const char *s)
{
	/* GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11 */
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	if (!s || strlen(s) != 18 || !all_digits(s, 17))
		return false;
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (s[i] - '0') * weight[i];
	char last = s[17] == 'x' ? 'X' : s[17];
	if (last != check[sum % 11])
		return false;
	/* the checksum does not cover a made-up birth date */
	int y = num(s + 6, 4), m = num(s + 10, 2), d = num(s + 12, 2);
	if (y < 1900 || !date_valid(y, m, d))
		return false;
	return days_from_civil(y, m, d) <= date_today(TZ_DEFAULT_MINUTES);
}

static bool mobile_valid(const char *s)
{
	return strlen(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && all_digits(s, 11);
}

bool phone_valid(const char *s)
{
	if (!s)
		return false;
	if (mobile_valid(s))
		return true;
	/* landline: 0 + 2-3 digit area code, optional '-', 7-8 digit number; "00" dials abroad */
	if (s[0] != '0' || s[1] == '0')
		return false;
	size_t n = strlen(s);
	const char *dash = strchr(s, '-');
	if (dash) {
		size_t area = (size_t)(dash - s), rest = n - area - 1;
		return area >= 3 && area <= 4 && all_digits(s, area) && rest >= 7 && rest <= 8 &&
		       all_digits(dash + 1, rest);
	}
	return n >= 10 && n <= 12 && all_digits(s, n);
}

/*
 * Copy s to out (n bytes), keeping `head` leading and `tail` trailing bytes
 * and starring the rest.  Too short to keep both: all stars, so a short
 * value never shows through whole.
 */
/* Keep the first `head` and last `tail` characters (UTF-8 aware), one star for each other. */
static void mask_keep(const char *s, size_t head, size_t tail, char *out, size_t n)
{
	if (!n)
		return;
	size_t chars = 0;
	for (const char *p = s ? s : ""; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	bool keep = chars > head + tail;
	size_t o = 0, i = 0;
	for (const char *p = s ? s : ""; *p; i++) {
		size_t len = 1;
		while (p[len] && ((unsigned char)p[len] & 0xc0) == 0x80)
			len++;
		bool shown = keep && (i < head || i >= chars - tail);
		size_t need = shown ? len : 1;
		if (o + need + 1 > n)
			break;
		if (shown)
			memcpy(out + o, p, len);
		else
			out[o] = '*';
		o += need;
		p += len;
	}
	out[o] = 0;
}

void mask_idno(const char *s, char *out, size_t n)
{
	mask_keep(s, 6, 4, out, n);
}

void mask_phone(const char *s, char *out, size_t n)
{
	if (s && mobile_valid(s))
		mask_keep(s, 3, 4, out, n);
	else
		mask_keep(s, 0, 4, out, n);
}

void mask_name(const char *s, char *out, size_t n)
{
	if (!n)
		return;
	out[0] = 0;
	if (!s || !*s)
		return;
	size_t first = 1;
	while (((unsigned char)s[first] & 0xc0) == 0x80)
		first++;
	if (first + 1 > n)
		return; /* not even the first character fits: show nothing */
	memcpy(out, s, first);
	size_t o = first;
	/* one star per character, not per byte, so the length reads right */
	for (const char *p = s + first; *p && o + 1 < n; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			out[o++] = '*';
	out[o] = 0;
}
