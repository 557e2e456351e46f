#include "db/pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int size, nfree;
	struct db **all, **free;
};

struct db_pool *db_pool_open(const char *url, int size, struct err *e)
{
	struct db_pool *p = calloc(1, sizeof *p);
	if (!p || !(p->all = calloc((size_t)size, sizeof *p->all)) || !(p->free = calloc((size_t)size, sizeof *p->free))) {
		if (p) {
			free(p->all);
			free(p);
		}
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	for (int i = 0; i < size; i++) {
		p->all[i] = db_open(url, e);
		if (!p->all[i]) {
			p->size = i;
			db_pool_close(p);
			return NULL;
		}
		p->free[p->nfree++] = p->all[i];
	}
	p->size = size;
	return p;
}

void db_pool_close(struct db_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->size; i++)
		db_close(p->all[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->all);
	free(p->free);
	free(p);
}

struct db *db_pool_get(struct db_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	struct db *db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return db;
}

void db_pool_put(struct db_pool *p, struct db *db)
{
	/* A transaction left open would swallow the next borrower's writes (an
	 * audit entry appended "inside" it and never committed): end it here. */
	if (db && db_in_transaction(db)) {
		fprintf(stderr, "fengqiao: a connection came back with a transaction open: rolled back\n");
		db_rollback(db);
	}
	if (db)
		db_after_commit_clear(db); /* never run for the next borrower's commit */
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}
