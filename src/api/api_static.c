/*
 * api_static.c — the web interface, built by Vite into web/dist and
 * compiled into the binary: ETag revalidation, gzip when the client takes
 * it (precompressed at build time), long caching for hashed assets, and
 * index.html for the interface's own routes.
 */
#include "api/api.h"
#include "base/embed.h"

#include <stdio.h>
#include <string.h>

static const char *content_type(const char *path)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" },   { ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },     { ".svg", "image/svg+xml" },
		{ ".png", "image/png" },                   { ".ico", "image/x-icon" },
		{ ".json", "application/json" },           { ".woff2", "font/woff2" },
		{ ".woff", "font/woff" },                  { ".ttf", "font/ttf" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(dot, types[i][0]))
			return types[i][1];
	return "application/octet-stream";
}

static bool accepts_gzip(const struct http_request *req)
{
	const char *ae = http_header(req, "Accept-Encoding");
	return ae && strstr(ae, "gzip");
}

bool static_serve(const struct http_request *req, struct http_response *res)
{
	char path[512];
	if (strstr(req->url, "..") || strlen(req->url) > 400)
		return false;
	snprintf(path, sizeof path, "web/dist%s", strcmp(req->url, "/") ? req->url : "/index.html");
	const struct embedded_file *f = embed_find(path);
	if (!f) {
		/* the interface's routes (/posts, /coverage, ...) are index.html's */
		const char *last = strrchr(req->url, '/');
		if (strchr(last ? last : req->url, '.'))
			return false;
		snprintf(path, sizeof path, "web/dist/index.html");
		f = embed_find(path);
		if (!f)
			return false;
	}
	bool immutable = !strncmp(path, "web/dist/assets/", 16);
	http_set_header(res, "ETag", f->etag);
	http_set_header(res, "Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
	http_set_header(res, "Vary", "Accept-Encoding");
	const char *inm = http_header(req, "If-None-Match");
	if (inm && !strcmp(inm, f->etag)) {
		res->status = 304;
		return true;
	}
	res->status = 200;
	res->content_type = content_type(path);
	res->static_body = f->data;
	res->body_len = f->len;
	char gz[520];
	snprintf(gz, sizeof gz, "%s.gz", path);
	const struct embedded_file *z = accepts_gzip(req) ? embed_find(gz) : NULL;
	if (z) {
		res->static_body = z->data;
		res->body_len = z->len;
		http_set_header(res, "Content-Encoding", "gzip");
	}
	return true;
}
