/*
 * deadline — total time limits for a request's headers and body.
 *
 * libmicrohttpd only has an idle timer, which every byte restarts: a
 * client trickling one byte every few seconds holds a connection for ever.
 * Here each connection has a watch (created and destroyed by libmicrohttpd's
 * connection notifications) with a deadline, and a sweeper thread shuts down
 * (shutdown(2)) the sockets whose deadline has passed; libmicrohttpd then
 * sees the end of the stream and closes the connection itself.  The list's
 * mutex is also taken when a connection closes, so a socket is never shut
 * down after libmicrohttpd has closed it and the number been reused.
 *
 * The phases of a connection:
 *   waiting  between requests: no deadline (the idle timeout applies); the
 *            sweeper notices the first byte of a request (TCP_INFO's time
 *            of the last data received) and starts the headers' clock, as
 *            do bytes already waiting when the connection is accepted;
 *   headers  request line and headers within `header_ms` of the first byte;
 *   body     from the end of the headers: `header_ms` plus the body's length
 *            (Content-Length, else the largest body allowed) at
 *            `min_body_rate` bytes a second;
 *   busy     the application runs and the answer is sent: no deadline.
 */
#ifndef FQ_HTTP_DEADLINE_H
#define FQ_HTTP_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct deadlines;
struct deadline_watch;

/* NULL when out of memory or no thread could be started. */
struct deadlines *deadlines_start(unsigned header_ms, size_t min_body_rate, unsigned idle_ms);
/* After the daemon has stopped (its connections are closed): stop the sweeper, free the set. */
void deadlines_stop(struct deadlines *d);

/* A connection opened on `fd` (waiting) / closed.  NULL when out of memory. */
struct deadline_watch *deadline_opened(struct deadlines *d, int fd);
void deadline_closed(struct deadlines *d, struct deadline_watch *w);

/* The headers are in: the body's clock starts (`body_len` bytes expected). */
void deadline_body(struct deadlines *d, struct deadline_watch *w, size_t body_len);
/* The request is complete: no deadline while the application answers. */
void deadline_busy(struct deadlines *d, struct deadline_watch *w);
/* The answer is sent: wait for the next request. */
void deadline_waiting(struct deadlines *d, struct deadline_watch *w);

/* Requests shut down so far for being past their deadline. */
uint64_t deadlines_cut(struct deadlines *d);

#endif
