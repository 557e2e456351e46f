/*
 * bench/pq-select1.c — the smallest PostgreSQL client process: start,
 * connect to argv[1], SELECT 1, exit.  bench/report-pg.sh times it beside the
 * report and the scan: no command-line report can take less.
 */
#include <libpq-fe.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: pq-select1 URL\n");
		return 2;
	}
	PGconn *c = PQconnectdb(argv[1]);
	int ok = PQstatus(c) == CONNECTION_OK;
	if (ok) {
		PGresult *r = PQexec(c, "SELECT 1");
		ok = PQresultStatus(r) == PGRES_TUPLES_OK;
		PQclear(r);
	}
	if (!ok)
		fprintf(stderr, "pq-select1: %s", PQerrorMessage(c));
	PQfinish(c);
	return !ok;
}
