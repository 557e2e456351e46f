/*
 * multipart.c — find the file part of a multipart/form-data body.
 */
#include "io/multipart.h"

#include <string.h>
#include <strings.h>

#define BOUNDARY_MAX 70 /* RFC 2046 */
#define HEADERS_MAX 8192

bool multipart_is_form(const char *ct)
{
	return ct && !strncasecmp(ct, "multipart/form-data", 19) && (!ct[19] || ct[19] == ';' || ct[19] == ' ');
}

/*
 * The value of parameter `name` in a header value ("...; name=value" or
 * name="value"), into out; false when absent, empty or too long.
 */
static bool param(const char *v, size_t vlen, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	const char *end = v + vlen;
	for (const char *p = v; p < end; p++) {
		if (*p != ';')
			continue;
		const char *q = p + 1;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(end - q) <= nl || strncasecmp(q, name, nl) || q[nl] != '=')
			continue;
		q += nl + 1;
		size_t k = 0;
		if (q < end && *q == '"') {
			for (q++; q < end && *q != '"'; q++) {
				if (*q == '\\' && q + 1 < end)
					q++;
				if (k + 1 >= n)
					return false;
				out[k++] = *q;
			}
		} else {
			for (; q < end && *q != ';' && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n'; q++) {
				if (k + 1 >= n)
					return false;
				out[k++] = *q;
			}
		}
		out[k] = 0;
		return k > 0;
	}
	return false;
}

/* The value of header `name` within a part's header block, or NULL; *vlen its length. */
static const char *header(const char *h, size_t hlen, const char *name, size_t *vlen)
{
	size_t nl = strlen(name);
	const char *end = h + hlen;
	for (const char *line = h; line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		if (!eol)
			eol = end;
		if ((size_t)(eol - line) > nl && !strncasecmp(line, name, nl) && line[nl] == ':') {
			const char *v = line + nl + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = eol;
			if (ve > v && ve[-1] == '\r')
				ve--;
			*vlen = (size_t)(ve - v);
			return v;
		}
		line = eol + 1;
	}
	return NULL;
}

static int malformed(struct err *e, const char *what)
{
	return err_set(e, ERR_INVALID, "multipart.malformed", NULL, "上传的表单格式有误：%s（malformed multipart/form-data）",
		       what);
}

int multipart_file(const char *ct, const char *body, size_t len, struct multipart_file *out, struct err *e)
{
	char boundary[BOUNDARY_MAX + 1];
	char delim[BOUNDARY_MAX + 5]; /* CR LF - - boundary */
	memset(out, 0, sizeof *out);
	if (!multipart_is_form(ct) || !param(ct + 19, strlen(ct + 19), "boundary", boundary, sizeof boundary))
		return malformed(e, "缺少 boundary");
	size_t blen = strlen(boundary);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen);
	size_t dlen = blen + 4;

	/* the first delimiter may open the body (without the CR LF before it) */
	const char *end = body + len, *p;
	if (len >= dlen - 2 && !memcmp(body, delim + 2, dlen - 2)) {
		p = body + dlen - 2;
	} else {
		p = memmem(body, len, delim, dlen);
		if (!p)
			return malformed(e, "找不到分隔线");
		p += dlen;
	}
	for (;;) {
		/* after a delimiter: "--" closes the body, else CR LF and a part */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return malformed(e, "分隔线后缺少换行");
		p += 2;
		size_t room = (size_t)(end - p);
		const char *hend = memmem(p, room < HEADERS_MAX ? room : HEADERS_MAX, "\r\n\r\n", 4);
		const char *data;
		if (hend) {
			data = hend + 4;
		} else if (room >= 2 && p[0] == '\r' && p[1] == '\n') {
			hend = p; /* a part without headers */
			data = p + 2;
		} else {
			return malformed(e, "分段的头部不完整");
		}
		const char *next = memmem(data, (size_t)(end - data), delim, dlen);
		if (!next)
			return malformed(e, "分段没有结束");
		size_t vlen = 0;
		const char *cd = header(p, (size_t)(hend - p), "Content-Disposition", &vlen);
		char name[64], filename[MULTIPART_NAME_MAX];
		bool has_file = cd && param(cd, vlen, "filename", filename, sizeof filename);
		bool named_file = cd && param(cd, vlen, "name", name, sizeof name) && !strcmp(name, "file");
		if (has_file || named_file) {
			out->data = data;
			out->len = (size_t)(next - data);
			if (has_file) {
				/* some browsers send a whole path: keep its last segment */
				const char *base = filename;
				for (const char *s = filename; *s; s++)
					if (*s == '/' || *s == '\\')
						base = s + 1;
				memmove(out->filename, base, strlen(base) + 1);
			}
			return 0;
		}
		p = next + dlen;
	}
	return err_set(e, ERR_INVALID, "multipart.no_file", "file", "表单中没有文件（no file in the form）");
}
