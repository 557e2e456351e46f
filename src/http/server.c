/*
 * server.c — libmicrohttpd glue.  A request's body is gathered across the
 * access handler's calls and the application runs once, on the last call:
 * answering on the first call would make libmicrohttpd drop keep-alive
 * (7x fewer requests per second when measured).
 */
#include "http/server.h"

#include "http/deadline.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct http_server {
	struct MHD_Daemon *daemon;
	struct deadlines *deadlines;
	http_handler handler;
	void *app;
	size_t max_body;
	bool tls;
};

/* A pair list under construction (its strings belong to libmicrohttpd). */
struct pair_list {
	struct http_pair *v;
	size_t n, cap;
	bool failed;
};

struct pending {
	char *buf;
	size_t len, cap;
	bool too_large;
	struct pair_list query, headers, cookies;
};

static const char security_headers[][2][64] = {
	{ "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; object-src 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "X-Frame-Options", "DENY" },
	{ "Referrer-Policy", "no-referrer" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
};

void http_set_header(struct http_response *res, const char *name, const char *value)
{
	if (res->nheaders >= HTTP_MAX_HEADERS)
		return;
	snprintf(res->headers[res->nheaders].name, sizeof res->headers[0].name, "%s", name);
	snprintf(res->headers[res->nheaders].value, sizeof res->headers[0].value, "%s", value);
	res->nheaders++;
}

void http_set_body(struct http_response *res, int status, const char *content_type, char *body, size_t len)
{
	free(res->body);
	res->status = status;
	res->content_type = content_type;
	res->body = body;
	res->body_len = len;
	res->static_body = NULL;
}

static const char *pair_find(const struct http_pairs *p, const char *name, bool icase)
{
	for (size_t i = 0; i < p->n; i++)
		if (icase ? !strcasecmp(p->v[i].name, name) : !strcmp(p->v[i].name, name))
			return p->v[i].value;
	return NULL;
}

const char *http_query(const struct http_request *req, const char *name)
{
	return pair_find(&req->query, name, false);
}

const char *http_header(const struct http_request *req, const char *name)
{
	return pair_find(&req->headers, name, true);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
	return pair_find(&req->cookies, name, false);
}

static enum MHD_Result pair_add(void *cls, enum MHD_ValueKind kind, const char *name, const char *value)
{
	struct pair_list *l = cls;
	(void)kind;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct http_pair *v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->failed = true;
			return MHD_NO;
		}
		l->v = v;
		l->cap = cap;
	}
	/* a query argument without '=' has a NULL value: it is present and empty */
	l->v[l->n++] = (struct http_pair){ name, value ? value : "" };
	return MHD_YES;
}

/* Gather one kind of pair from the connection; false when out of memory. */
static bool pairs_read(struct MHD_Connection *conn, enum MHD_ValueKind kind, struct pair_list *l,
		       struct http_pairs *out)
{
	l->n = 0;
	MHD_get_connection_values(conn, kind, pair_add, l);
	*out = (struct http_pairs){ l->v, l->n };
	return !l->failed;
}

static void pairs_free(struct pair_list *l)
{
	free(l->v);
	*l = (struct pair_list){ 0 };
}

static enum MHD_Result respond(struct MHD_Connection *conn, struct http_response *res, bool tls)
{
	struct MHD_Response *r;
	if (res->static_body)
		r = MHD_create_response_from_buffer(res->body_len, (void *)res->static_body, MHD_RESPMEM_PERSISTENT);
	else if (res->body)
		r = MHD_create_response_from_buffer(res->body_len, res->body, MHD_RESPMEM_MUST_FREE);
	else
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(res->body);
		return MHD_NO;
	}
	res->body = NULL; /* MHD owns it now */
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++) {
		bool own = false; /* a handler's own value replaces the default (a stricter CSP for a document) */
		for (int k = 0; k < res->nheaders && !own; k++)
			own = !strcasecmp(res->headers[k].name, security_headers[i][0]);
		if (!own)
			MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
	}
	if (tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (res->content_type)
		MHD_add_response_header(r, "Content-Type", res->content_type);
	for (int i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned)(res->status ? res->status : 500), r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result too_large(struct MHD_Connection *conn, bool tls)
{
	static const char body[] = "{\"error\":{\"code\":\"too_large\",\"message\":\"请求体过大（request body too large）\",\"field\":null,\"line\":null}}";
	struct http_response res = { .status = 413, .content_type = "application/json; charset=utf-8",
				     .static_body = body, .body_len = sizeof body - 1 };
	return respond(conn, &res, tls);
}

/* Out of memory reading the request: say so, and that it may be tried again. */
static enum MHD_Result unavailable(struct MHD_Connection *conn, bool tls)
{
	static const char body[] = "{\"error\":{\"code\":\"unavailable\",\"message\":\"服务器繁忙，请稍后重试（server busy: try again）\",\"field\":null,\"line\":null}}";
	struct http_response res = { .status = 503, .content_type = "application/json; charset=utf-8",
				     .static_body = body, .body_len = sizeof body - 1, .nheaders = 1 };
	snprintf(res.headers[0].name, sizeof res.headers[0].name, "Retry-After");
	snprintf(res.headers[0].value, sizeof res.headers[0].value, "1");
	return respond(conn, &res, tls);
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
}

/*
 * libmicrohttpd's messages, with repeats within a second counted instead of
 * written: a flood of refused connections would otherwise write a line each.
 */
__attribute__((format(printf, 2, 0))) static void on_log(void *cls, const char *fmt, va_list ap)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static const char *last;
	static time_t last_at;
	static unsigned repeats;
	(void)cls;
	time_t now = time(NULL);
	pthread_mutex_lock(&lock);
	if (fmt == last && now == last_at) {
		repeats++;
	} else {
		if (repeats)
			fprintf(stderr, "libmicrohttpd: (the message above %u more times)\n", repeats);
		repeats = 0;
		last = fmt;
		last_at = now;
		fputs("libmicrohttpd: ", stderr);
		vfprintf(stderr, fmt, ap);
	}
	pthread_mutex_unlock(&lock);
}

/* The connection's deadline watch (NULL when none could be made). */
static struct deadline_watch *watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *s = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? deadline_opened(s->deadlines, ci->connect_fd) : NULL;
	} else {
		deadline_closed(s->deadlines, *socket_context);
		*socket_context = NULL;
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct http_server *s = cls;
	struct pending *p = *con_cls;
	(void)version;

	if (!p) {
		/* First call: headers only.  Refuse an announced oversize body now. */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > s->max_body) {
			deadline_busy(s->deadlines, watch_of(conn));
			return too_large(conn, s->tls);
		}
		/* the body's time: its announced length, else (chunked) the largest allowed */
		size_t expect = cl ? (size_t)strtoull(cl, NULL, 10)
			: MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) ? s->max_body : 0;
		deadline_body(s->deadlines, watch_of(conn), expect);
		p = calloc(1, sizeof *p);
		if (!p)
			return MHD_NO;
		*con_cls = p;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (p->too_large || p->len + n > s->max_body) {
			p->too_large = true; /* chunked body past the limit: drain, then refuse */
			return MHD_YES;
		}
		if (p->len + n + 1 > p->cap) {
			size_t cap = p->cap ? p->cap : 4096;
			while (cap < p->len + n + 1)
				cap *= 2;
			char *b = realloc(p->buf, cap);
			if (!b)
				return MHD_NO;
			p->buf = b;
			p->cap = cap;
		}
		memcpy(p->buf + p->len, upload_data, n);
		p->len += n;
		return MHD_YES;
	}
	deadline_busy(s->deadlines, watch_of(conn));
	if (p->too_large)
		return too_large(conn, s->tls);

	struct http_request req = { .method = method, .url = url, .body = p->buf ? p->buf : "",
				    .body_len = p->len, .tls = s->tls };
	if (p->buf)
		p->buf[p->len] = 0;
	if (!pairs_read(conn, MHD_GET_ARGUMENT_KIND, &p->query, &req.query) ||
	    !pairs_read(conn, MHD_HEADER_KIND, &p->headers, &req.headers) ||
	    !pairs_read(conn, MHD_COOKIE_KIND, &p->cookies, &req.cookies))
		return unavailable(conn, s->tls);
	client_ip(conn, req.remote_ip, sizeof req.remote_ip);
	struct http_response res = { 0 };
	s->handler(s->app, &req, &res);
	return respond(conn, &res, s->tls);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	(void)toe;
	deadline_waiting(s->deadlines, watch_of(conn));
	struct pending *p = *con_cls;
	if (p) {
		free(p->buf);
		pairs_free(&p->query);
		pairs_free(&p->headers);
		pairs_free(&p->cookies);
		free(p);
		*con_cls = NULL;
	}
}

int http_parse_listen(const char *s, char *host, size_t hostlen, uint16_t *port, struct err *e)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s)
		return err_set(e, ERR_INVALID, "listen", "listen", "监听地址应为 HOST:PORT（expected HOST:PORT）: %s", s);
	const char *h = s;
	size_t hl = (size_t)(colon - s);
	if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	char *end;
	unsigned long p = strtoul(colon + 1, &end, 10);
	if (*end || p == 0 || p > 65535 || hl + 1 > hostlen)
		return err_set(e, ERR_INVALID, "listen", "listen", "监听地址无效（bad HOST:PORT）: %s", s);
	memcpy(host, h, hl);
	host[hl] = 0;
	*port = (uint16_t)p;
	return 0;
}

/*
 * Connections at once: every one holds a descriptor, so raise the soft
 * limit on open files to the hard one, and keep 128 of them for the
 * database, logs and the listening socket.  `wanted` 0: HTTP_MAX_CONNECTIONS_DEFAULT.
 */
static unsigned connection_limit(unsigned wanted)
{
	struct rlimit rl;
	rlim_t have = 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			struct rlimit raised = { rl.rlim_max, rl.rlim_max };
			if (rl.rlim_max == RLIM_INFINITY)
				raised.rlim_cur = 1u << 20;
			if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
				rl.rlim_cur = raised.rlim_cur;
		}
		have = rl.rlim_cur;
	}
	unsigned limit = wanted ? wanted : HTTP_MAX_CONNECTIONS_DEFAULT;
	rlim_t room = have > 256 ? have - 128 : have / 2;
	return room < limit ? (unsigned)room : limit;
}

struct http_server *http_start(const struct http_config *cfg, http_handler h, void *app, struct err *e)
{
	char host[128];
	uint16_t port;
	if (http_parse_listen(cfg->listen, host, sizeof host, &port, e))
		return NULL;
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		((struct sockaddr_in *)&ss)->sin_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons(port);
	} else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
		flags |= MHD_USE_IPv6;
	} else {
		err_set(e, ERR_INVALID, "listen", "listen", "监听地址须为 IP 地址（an IP address is required）: %s", host);
		return NULL;
	}
	struct http_server *s = calloc(1, sizeof *s);
	if (!s) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	s->handler = h;
	s->app = app;
	s->max_body = cfg->max_body;
	s->tls = cfg->tls_cert_pem && cfg->tls_key_pem;
	if (s->tls)
		flags |= MHD_USE_TLS;
	unsigned threads = cfg->threads ? cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	unsigned idle = cfg->timeout_seconds ? cfg->timeout_seconds : 30u;
	s->deadlines = deadlines_start((cfg->header_seconds ? cfg->header_seconds : HTTP_HEADER_SECONDS_DEFAULT) * 1000u,
				       cfg->min_body_rate ? cfg->min_body_rate : HTTP_MIN_BODY_RATE_DEFAULT, idle * 1000u);
	if (!s->deadlines) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "cannot start the request deadline thread");
		free(s);
		return NULL;
	}
	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cfg->tls_cert_pem },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)cfg->tls_key_pem },
		{ MHD_OPTION_END, 0, NULL },
	};
	s->daemon = MHD_start_daemon(flags, port, NULL, NULL, on_request, s,
				     MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL, /* first: it covers the options' messages */
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				     MHD_OPTION_THREAD_POOL_SIZE, threads,
				     MHD_OPTION_CONNECTION_TIMEOUT, idle,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
				     MHD_OPTION_CONNECTION_LIMIT, connection_limit(cfg->max_connections),
				     MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit ? cfg->per_ip_limit : HTTP_PER_IP_DEFAULT,
				     MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
				     MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				     MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				     MHD_OPTION_ARRAY, s->tls ? tls_opts : &tls_opts[2],
				     MHD_OPTION_END);
	if (!s->daemon) {
		err_set(e, ERR_IO, "listen", "listen", "无法在 %s 上监听（cannot listen: address in use or not permitted）", cfg->listen);
		deadlines_stop(s->deadlines);
		free(s);
		return NULL;
	}
	return s;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon); /* closes every connection: their watches go */
	deadlines_stop(s->deadlines);
	free(s);
}
