/*
 * password.c — the password policy: long enough, not one kind of character
 * when short, not a common password (data/common-passwords.txt, compiled
 * in), not the username.
 */
#include "model/access.h"
#include "base/embed.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#define COMMON_LIST "data/common-passwords.txt"

/* Compare `s` (n bytes) with the line [a, b) byte by byte. */
static int line_cmp(const char *s, size_t n, const unsigned char *a, const unsigned char *b)
{
	size_t m = (size_t)(b - a);
	int c = memcmp(s, a, n < m ? n : m);
	return c ? c : (n > m) - (n < m);
}

/* Is `s` (lower case, n bytes) a line of the sorted list?  A binary search over the text itself. */
static bool common_has(const char *s, size_t n)
{
	const struct embedded_file *f = embed_find(COMMON_LIST);
	if (!f || n == 0)
		return false;
	const unsigned char *lo = f->data, *hi = f->data + f->len;
	while (lo < hi) {
		const unsigned char *mid = lo + (hi - lo) / 2, *start = mid, *end = mid;
		while (start > lo && start[-1] != '\n')
			start--;
		while (end < hi && *end != '\n')
			end++;
		int c = line_cmp(s, n, start, end);
		if (c == 0)
			return true;
		if (c < 0)
			hi = start;
		else
			lo = end < hi ? end + 1 : hi;
	}
	return false;
}

/* Lower-case ASCII copy of `s` into `out` (at most n-1 bytes). */
static size_t lower_copy(const char *s, char *out, size_t n)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = 0;
	return i;
}

static bool common_password(const char *lower, size_t n)
{
	if (common_has(lower, n))
		return true;
	/* password2024!, woaini1314, admin@123: the word with its tail of digits and punctuation */
	size_t k = n;
	while (k > 0 && (isdigit((unsigned char)lower[k - 1]) || ispunct((unsigned char)lower[k - 1])))
		k--;
	return k < n && common_has(lower, k);
}

/* The username, its reverse, or a password the username contains or that contains it. */
static bool like_username(const char *lower, const char *username)
{
	char name[64], rev[64];
	size_t n = lower_copy(username, name, sizeof name);
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		rev[i] = name[n - 1 - i];
	rev[n] = 0;
	if (strstr(name, lower))
		return true;
	return n >= 3 && (strstr(lower, name) || strstr(lower, rev));
}

/*
 * Characters (UTF-8 code points), and how many kinds: lower, upper, digit,
 * other.  Chinese and other non-ASCII characters come from an alphabet of
 * thousands: they count as every kind.
 */
static size_t count_chars(const char *p, int *kinds)
{
	bool lower = false, upper = false, digit = false, other = false, wide = false;
	size_t n = 0;
	for (const unsigned char *s = (const unsigned char *)p; *s; s++) {
		if ((*s & 0xC0) != 0x80)
			n++;
		lower |= islower(*s) != 0;
		upper |= isupper(*s) != 0;
		digit |= isdigit(*s) != 0;
		other |= !isalnum(*s);
		wide |= *s >= 0x80;
	}
	*kinds = wide ? 4 : lower + upper + digit + other;
	return n;
}

int password_acceptable(const char *password, const char *username, struct err *e)
{
	size_t bytes = strlen(password);
	if (bytes > 128)
		return err_set(e, ERR_INVALID, "password.too_long", "password", "密码过长，最多 128 个字节（at most 128 bytes）");
	int kinds;
	size_t n = count_chars(password, &kinds);
	if (n < PASSWORD_MIN_CHARS)
		return err_set(e, ERR_INVALID, "password.too_short", "password",
			       "密码至少 %d 个字符，可用几个词组成的长句（at least %d characters; a passphrase of several words is easiest）",
			       PASSWORD_MIN_CHARS, PASSWORD_MIN_CHARS);
	if (strspn(password, "0123456789") == bytes)
		return err_set(e, ERR_INVALID, "password.digits_only", "password",
			       "密码不能全是数字，请加入字母或符号（not digits only: add letters or symbols）");
	if (n < PASSWORD_PASSPHRASE_CHARS && kinds < 2)
		return err_set(e, ERR_INVALID, "password.one_class", "password",
			       "少于 %d 个字符的密码须混合字母、数字或符号中的至少两类，或用 %d 个字符以上的长句"
			       "（under %d characters, mix at least two of letters, digits and symbols, or use a passphrase of %d or more）",
			       PASSWORD_PASSPHRASE_CHARS, PASSWORD_PASSPHRASE_CHARS, PASSWORD_PASSPHRASE_CHARS,
			       PASSWORD_PASSPHRASE_CHARS);
	char lower[129];
	size_t len = lower_copy(password, lower, sizeof lower);
	if (common_password(lower, len))
		return err_set(e, ERR_INVALID, "password.common", "password",
			       "这是常见密码，容易被猜中，请换一个不常见的词组（a common password, easily guessed: choose an uncommon phrase）");
	if (username && like_username(lower, username))
		return err_set(e, ERR_INVALID, "password.username", "password",
			       "密码不能包含用户名或其倒写（must not contain the username or its reverse）");
	return 0;
}
