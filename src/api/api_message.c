/*
 * api_message.c — an error's message in each language.  Messages are written
 * "中文（English）", with any detail after: `message` stays so for programs,
 * `message_zh` and `message_en` give the interface the one of its language.
 */
#include "api/api.h"

#include <stdbool.h>
#include <string.h>

#define OPEN "\xef\xbc\x88"  /* （ */
#define CLOSE "\xef\xbc\x89" /* ） */

static bool ascii_only(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return n > 0;
}

/* The last "（...）" holding only ASCII is the English; NULL when there is none. */
static const char *english_group(const char *m, const char **inner_end)
{
	const char *found = NULL;
	for (const char *p = strstr(m, OPEN); p; p = strstr(p + 1, OPEN)) {
		const char *in = p + strlen(OPEN), *q = strstr(in, CLOSE);
		if (q && ascii_only(in, (size_t)(q - in))) {
			found = p;
			*inner_end = q;
		}
	}
	return found;
}

void message_languages(json_t *o)
{
	const char *m = json_string_value(json_object_get(o, "message"));
	if (!m || json_object_get(o, "message_zh"))
		return;
	const char *end = NULL, *g = english_group(m, &end);
	if (!g) {
		json_object_set_new(o, "message_zh", json_string(m));
		json_object_set_new(o, "message_en", json_string(m));
		return;
	}
	const char *in = g + strlen(OPEN), *after = end + strlen(CLOSE);
	size_t before = (size_t)(g - m);
	while (before > 0 && m[before - 1] == ' ')
		before--;
	json_object_set_new(o, "message_zh", json_sprintf("%.*s%s", (int)before, m, after));
	/* the English alone when the Chinese had no detail after it */
	json_object_set_new(o, "message_en", json_sprintf("%.*s%s", (int)(end - in), in, after));
}
