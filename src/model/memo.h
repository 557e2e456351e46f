/*
 * memo — what one import has already looked up: references that exist and
 * categories resolved from a code or a name.  Inside one import's
 * transaction these answers cannot change (records are not voided there),
 * so a file of a million incidents asks about its eleven stations eleven
 * times, not a million.  Only found answers are kept; the table is bounded
 * and simply starts over when full.
 */
#ifndef FQ_MODEL_MEMO_H
#define FQ_MODEL_MEMO_H

struct memo;

struct memo *memo_new(void);
void memo_free(struct memo *m);
/* The value remembered for (ns, key), or NULL. */
const char *memo_get(struct memo *m, const char *ns, const char *key);
void memo_put(struct memo *m, const char *ns, const char *key, const char *value);

#endif
