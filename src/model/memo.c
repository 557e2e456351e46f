#include "model/memo.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMO_SLOTS 4096 /* power of two */
#define MEMO_MAX (MEMO_SLOTS / 2)

struct memo {
	struct {
		char *key, *value;
	} slot[MEMO_SLOTS];
	int used;
};

struct memo *memo_new(void)
{
	return calloc(1, sizeof(struct memo));
}

static void clear(struct memo *m)
{
	for (int i = 0; i < MEMO_SLOTS; i++) {
		free(m->slot[i].key);
		free(m->slot[i].value);
		m->slot[i].key = m->slot[i].value = NULL;
	}
	m->used = 0;
}

void memo_free(struct memo *m)
{
	if (m) {
		clear(m);
		free(m);
	}
}

/* The slot for "ns\x1fkey": where it is, or the empty one where it would go. */
static int find(const struct memo *m, const char *full)
{
	uint32_t h = 2166136261u;
	for (const char *p = full; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (int i = (int)(h & (MEMO_SLOTS - 1));; i = (i + 1) & (MEMO_SLOTS - 1))
		if (!m->slot[i].key || !strcmp(m->slot[i].key, full))
			return i;
}

/* "ns\x1fkey" into full (256 bytes); false when it does not fit. */
static bool join(char full[256], const char *ns, const char *key)
{
	size_t a = strlen(ns), b = strlen(key);
	if (a + b + 2 > 256)
		return false;
	memcpy(full, ns, a);
	full[a] = '\x1f';
	memcpy(full + a + 1, key, b + 1);
	return true;
}

const char *memo_get(struct memo *m, const char *ns, const char *key)
{
	char full[256];
	if (!m || !join(full, ns, key))
		return NULL;
	int i = find(m, full);
	return m->slot[i].key ? m->slot[i].value : NULL;
}

void memo_put(struct memo *m, const char *ns, const char *key, const char *value)
{
	char full[256];
	if (!m || !join(full, ns, key))
		return;
	if (m->used >= MEMO_MAX)
		clear(m);
	int i = find(m, full);
	if (m->slot[i].key)
		return;
	char *k = strdup(full), *v = strdup(value);
	if (!k || !v) {
		free(k);
		free(v);
		return; /* forgetting is always safe */
	}
	m->slot[i].key = k;
	m->slot[i].value = v;
	m->used++;
}
