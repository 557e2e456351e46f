/*
 * deadline.c — see deadline.h.
 */
#include "http/deadline.h"

#include <errno.h>
#include <netinet/in.h>
#include <linux/tcp.h> /* its tcp_info has tcpi_bytes_received; glibc's has not */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

enum phase { WAITING, HEADERS, BODY, BUSY };

struct deadline_watch {
	int fd;
	enum phase phase;
	int64_t since_ms;    /* when the phase began */
	int64_t deadline_ms; /* 0: none */
	bool cut;            /* shut down: nothing more to watch */
	bool fresh;          /* no request yet: any byte received is the first */
	struct deadline_watch *prev, *next;
};

struct deadlines {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t sweeper;
	bool stopping;
	unsigned header_ms, idle_ms;
	size_t min_body_rate;
	struct deadline_watch head; /* circular list of open connections */
	uint64_t cut;
};

#define SWEEP_MS 250

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * A waiting connection: has a byte arrived since the phase began?  On a
 * fresh connection, any byte received; after a request, data received later
 * than its end (a few ms of slack: the kernel's clock ticks coarser than
 * ours).  The kernel knows how long ago data last arrived; the headers'
 * clock starts then.  Without TCP_INFO, the idle timeout plus the headers'
 * time from the start of the wait bounds the headers instead.
 */
static void notice_first_byte(struct deadlines *d, struct deadline_watch *w, int64_t now)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;
	if (getsockopt(w->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0) {
		w->deadline_ms = w->since_ms + d->idle_ms + d->header_ms;
		return;
	}
	int64_t last = now - (int64_t)ti.tcpi_last_data_recv;
	if (w->fresh ? ti.tcpi_bytes_received > 0 : last > w->since_ms + 10) {
		w->phase = HEADERS;
		w->since_ms = last;
		w->deadline_ms = last + d->header_ms;
	}
}

static void sweep(struct deadlines *d)
{
	int64_t now = now_ms();
	unsigned n = 0;
	for (struct deadline_watch *w = d->head.next; w != &d->head; w = w->next) {
		if (w->cut)
			continue;
		if (w->phase == WAITING && !w->deadline_ms)
			notice_first_byte(d, w, now);
		if (w->deadline_ms && now > w->deadline_ms) {
			/*
			 * Bytes the client sent that are still in the socket's queue
			 * mean the server is behind (its thread busy with another
			 * request, waiting on the write lock), not the client: look
			 * again after the next sweep.  A slow client's bytes are read
			 * as they come, so its queue is empty when it is cut.
			 */
			int unread = 0;
			if (ioctl(w->fd, FIONREAD, &unread) == 0 && unread > 0)
				continue;
			shutdown(w->fd, SHUT_RDWR);
			w->cut = true;
			n++;
		}
	}
	d->cut += n;
	if (n)
		fprintf(stderr, "fengqiao: 切断 %u 个超时未完成的请求（cut %u requests past their deadline）\n", n, n);
}

static void *sweeper(void *arg)
{
	struct deadlines *d = arg;
	pthread_mutex_lock(&d->lock);
	while (!d->stopping) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_nsec += SWEEP_MS * 1000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		int rc = pthread_cond_timedwait(&d->wake, &d->lock, &t);
		if (rc == ETIMEDOUT && !d->stopping)
			sweep(d);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

struct deadlines *deadlines_start(unsigned header_ms, size_t min_body_rate, unsigned idle_ms)
{
	struct deadlines *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->header_ms = header_ms;
	d->idle_ms = idle_ms;
	d->min_body_rate = min_body_rate ? min_body_rate : 1;
	d->head.next = d->head.prev = &d->head;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&d->sweeper, NULL, sweeper, d) != 0) {
		pthread_cond_destroy(&d->wake);
		pthread_mutex_destroy(&d->lock);
		free(d);
		return NULL;
	}
	return d;
}

void deadlines_stop(struct deadlines *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	d->stopping = true;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->sweeper, NULL);
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

static void set_phase(struct deadlines *d, struct deadline_watch *w, enum phase ph, int64_t deadline_ms)
{
	if (!w)
		return;
	pthread_mutex_lock(&d->lock);
	if (!w->cut) {
		w->fresh = false;
		w->phase = ph;
		w->since_ms = now_ms();
		w->deadline_ms = deadline_ms;
	}
	pthread_mutex_unlock(&d->lock);
}

struct deadline_watch *deadline_opened(struct deadlines *d, int fd)
{
	struct deadline_watch *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->fd = fd;
	w->phase = WAITING;
	w->fresh = true;
	w->since_ms = now_ms();
	/* bytes that came with the connection, before it was accepted: the headers' clock runs */
	int pending = 0;
	if (ioctl(fd, FIONREAD, &pending) == 0 && pending > 0) {
		w->phase = HEADERS;
		w->deadline_ms = w->since_ms + d->header_ms;
	}
	pthread_mutex_lock(&d->lock);
	w->next = d->head.next;
	w->prev = &d->head;
	d->head.next->prev = w;
	d->head.next = w;
	pthread_mutex_unlock(&d->lock);
	return w;
}

void deadline_closed(struct deadlines *d, struct deadline_watch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&d->lock);
	w->prev->next = w->next;
	w->next->prev = w->prev;
	pthread_mutex_unlock(&d->lock);
	free(w);
}

void deadline_body(struct deadlines *d, struct deadline_watch *w, size_t body_len)
{
	int64_t ms = (int64_t)d->header_ms + (int64_t)(body_len / d->min_body_rate) * 1000;
	set_phase(d, w, BODY, now_ms() + ms);
}

void deadline_busy(struct deadlines *d, struct deadline_watch *w)
{
	set_phase(d, w, BUSY, 0);
}

void deadline_waiting(struct deadlines *d, struct deadline_watch *w)
{
	set_phase(d, w, WAITING, 0);
}

uint64_t deadlines_cut(struct deadlines *d)
{
	pthread_mutex_lock(&d->lock);
	uint64_t n = d->cut;
	pthread_mutex_unlock(&d->lock);
	return n;
}
