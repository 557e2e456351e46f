/*
 * api_input.c — what a request's input must be before a handler reads it:
 * query parameters in UTF-8 (checked once, by the dispatcher, so no reader
 * or message downstream meets a broken character), a body in UTF-8 (the
 * byte offset and the member around it named), and a login sent as JSON.
 */
#include "api/api.h"
#include "base/text.h"

#include <string.h>
#include <strings.h>

int request_encoding_or_reply(struct ctx *c)
{
	const struct http_pairs *q = &c->req->query;
	for (size_t i = 0; i < q->n; i++) {
		const char *name = q->v[i].name ? q->v[i].name : "", *value = q->v[i].value ? q->v[i].value : "";
		bool name_ok = utf8_valid(name, strlen(name));
		if (name_ok && utf8_valid(value, strlen(value)))
			continue;
		char shown[48];
		text_quote(shown, sizeof shown, name, 40);
		reply_fail(c, ERR_INVALID, "bad_encoding", shown,
			   "参数“%s”的%s不是有效的 UTF-8 文本（the query parameter's %s is not valid UTF-8）", shown,
			   name_ok ? "值" : "名称", name_ok ? "value" : "name");
		return -1;
	}
	return 0;
}

/*
 * The member whose text holds byte `at` of a JSON text: the last key
 * before it (a string followed by ':'), or "" when there is none.  A light
 * scan of strings and colons, enough to name the field for a person.
 */
static void key_before(const char *s, size_t at, char *key, size_t keylen)
{
	size_t start = 0, end = 0; /* the last string closed so far */
	bool in_string = false;
	key[0] = 0;
	for (size_t i = 0; i < at; i++) {
		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"') {
				in_string = false;
				end = i;
			}
		} else if (s[i] == '"') {
			in_string = true;
			start = i + 1;
		} else if (s[i] == ':' && end > start)
			text_quote(key, keylen, s + start, end - start);
	}
}

int body_encoding_or_reply(struct ctx *c)
{
	size_t at = utf8_invalid_at(c->req->body, c->req->body_len);
	if (at == c->req->body_len)
		return 0;
	char key[48];
	key_before(c->req->body, at, key, sizeof key);
	reply_fail(c, ERR_INVALID, "bad_encoding", key[0] ? key : "body",
		   "请求体第 %zu 字节起不是有效的 UTF-8 文本%s%s%s（the body is not valid UTF-8 from byte %zu）", at,
		   key[0] ? "，在字段“" : "", key, key[0] ? "”中" : "", at);
	return -1;
}

int json_content_type_or_reply(struct ctx *c)
{
	const char *ct = http_header(c->req, "Content-Type");
	static const char json[] = "application/json";
	if (ct) {
		ct += strspn(ct, " \t");
		if (!strncasecmp(ct, json, sizeof json - 1)) {
			const char *rest = ct + sizeof json - 1;
			rest += strspn(rest, " \t");
			const char *charset = strcasestr(rest, "charset=");
			if ((!*rest || *rest == ';') &&
			    (!charset || !strncasecmp(charset + 8, "utf-8", 5) || !strncasecmp(charset + 8, "\"utf-8\"", 7)))
				return 0;
		}
	}
	struct err e;
	err_set(&e, ERR_INVALID, "unsupported_media_type", "Content-Type",
		"请求体应为 JSON，Content-Type: application/json（send the body as application/json）");
	json_t *eo = json_pack("{s:s, s:s, s:s, s:n}", "code", e.code, "message", e.message, "field", e.field, "line");
	message_languages(eo);
	reply_json(c, 415, json_pack("{s:o}", "error", eo));
	return -1;
}
