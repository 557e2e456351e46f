/*
 * pool — a fixed set of connections shared by the server's threads.  A
 * request borrows one for its whole life and gives it back; a thread that
 * finds none free waits.  With SQLite in WAL mode, readers on separate
 * connections never block each other.
 */
#ifndef FQ_DB_POOL_H
#define FQ_DB_POOL_H

#include "db/db.h"

struct db_pool;

struct db_pool *db_pool_open(const char *url, int size, struct err *e);
void db_pool_close(struct db_pool *p);
struct db *db_pool_get(struct db_pool *p);
void db_pool_put(struct db_pool *p, struct db *db);

#endif
