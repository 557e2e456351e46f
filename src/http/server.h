/*
 * server — the HTTP layer: libmicrohttpd with its internal thread pool on
 * epoll, request body and header limits, connections per address, an idle
 * timeout and a total deadline for a request's headers and body
 * (deadline.h), optional
 * TLS, security headers on every response, and one handler function the
 * application provides.  It knows nothing of the domain: requests arrive as
 * method, path, query, headers, cookies and a complete body; responses
 * leave as status, content type, body and extra headers.
 */
#ifndef FQ_HTTP_SERVER_H
#define FQ_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Name/value pairs of a request: its query arguments, headers or cookies. */
struct http_pair {
	const char *name, *value;
};

struct http_pairs {
	const struct http_pair *v;
	size_t n;
};

/*
 * A request as the application sees it, already parsed: nothing here
 * reaches back into libmicrohttpd, so a handler can be driven in-process
 * by a test that fills this struct (tests/api).
 */
struct http_request {
	const char *method;  /* "GET", "POST", ... */
	const char *url;     /* path, without the query string */
	const char *body;    /* NUL-terminated, may be "" */
	size_t body_len;
	char remote_ip[64];
	bool tls;
	struct http_pairs query;   /* decoded query arguments, in order */
	struct http_pairs headers; /* names compared without case */
	struct http_pairs cookies;
};

#define HTTP_MAX_HEADERS 8

struct http_response {
	int status;
	const char *content_type; /* static string */
	char *body;               /* malloc'd, owned by the server after return */
	size_t body_len;
	const void *static_body;  /* or a static body (embedded asset), not freed */
	int nheaders;
	struct {
		char name[40];
		char value[400];
	} headers[HTTP_MAX_HEADERS];
};

/* The application's entry point: fill `res` from `req`. */
typedef void (*http_handler)(void *app, const struct http_request *req, struct http_response *res);

struct http_config {
	const char *listen;       /* "HOST:PORT" */
	size_t max_body;          /* bytes; larger bodies answer 413 */
	unsigned threads;         /* 0 = number of CPUs */
	unsigned timeout_seconds; /* idle connection timeout */
	unsigned max_connections; /* at once, 0 = HTTP_MAX_CONNECTIONS_DEFAULT (within the open-file limit) */
	unsigned per_ip_limit;    /* connections from one address, 0 = HTTP_PER_IP_DEFAULT */
	unsigned header_seconds;  /* request line and headers, from their first byte; 0 = default */
	size_t min_body_rate;     /* bytes a second a body must keep up (plus header_seconds); 0 = default */
	const char *tls_cert_pem, *tls_key_pem; /* file contents, or NULL */
};

#define HTTP_MAX_CONNECTIONS_DEFAULT 16384u
#define HTTP_PER_IP_DEFAULT 32u
#define HTTP_HEADER_SECONDS_DEFAULT 10u
#define HTTP_MIN_BODY_RATE_DEFAULT ((size_t)64 * 1024)

struct http_server;

struct http_server *http_start(const struct http_config *cfg, http_handler h, void *app, struct err *e);
void http_stop(struct http_server *s);

/* Request accessors (valid during the handler): the first pair of that name, or NULL. */
const char *http_query(const struct http_request *req, const char *name);
const char *http_header(const struct http_request *req, const char *name);
const char *http_cookie(const struct http_request *req, const char *name);

/* Response helpers. */
void http_set_header(struct http_response *res, const char *name, const char *value);
void http_set_body(struct http_response *res, int status, const char *content_type, char *body, size_t len);

/* Parse "HOST:PORT" ("[::1]:8080" too). */
int http_parse_listen(const char *s, char *host, size_t hostlen, uint16_t *port, struct err *e);

#endif
