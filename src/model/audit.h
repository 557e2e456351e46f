/*
 * audit — the append-only, hash-chained log of every login, write, export
 * and reveal of personal data.  Each entry's hash covers the previous
 * entry's hash and its own fields, so altering or deleting any past entry
 * breaks the chain at that point, which audit_verify() names.  Entries are
 * written in the same transaction as the change they describe.
 */
#ifndef FQ_MODEL_AUDIT_H
#define FQ_MODEL_AUDIT_H

#include <stdint.h>

#include "db/db.h"

struct audit_entry {
	const char *actor;  /* username, or "system" / "cli:<user>" */
	const char *ip;     /* may be NULL */
	const char *action; /* "login", "login_failed", "create", "update", "void", "export", "reveal", "import", ... */
	const char *kind;   /* record kind, may be NULL */
	int64_t record_id;  /* 0 = none */
	const char *detail; /* JSON text (before/after, filters, counts), may be NULL */
};

int audit_append(struct db *db, const struct audit_entry *a, int64_t now, struct err *e);

/*
 * Walk the chain.  Returns 0 when intact (*entries = count), -1 with `e`
 * naming the first broken entry (code "audit.broken", message with its id).
 */
int audit_verify(struct db *db, int64_t *entries, int64_t *broken_id, struct err *e);

struct audit_query {
	const char *actor, *action, *kind; /* NULL = any */
	int64_t record_id;                 /* 0 = any */
	int64_t since, until;              /* Unix seconds, [since, until); 0 = open */
	int64_t offset, limit;
};

struct audit_row {
	int64_t id, at, record_id;
	const char *actor, *ip, *action, *kind, *detail, *hash;
};

/* Newest first; `each` returning non-zero stops.  *total counts all matches. */
int audit_list(struct db *db, const struct audit_query *q, int (*each)(void *ctx, const struct audit_row *row),
	       void *ctx, int64_t *total, struct err *e);

#endif
