#include "base/array.h"

#include <stdlib.h>
#include <string.h>

void *array_push(void *pp, long *n, long *cap, size_t elem, struct err *e)
{
	char *p;
	memcpy(&p, pp, sizeof p);
	if (*n == *cap) {
		long room = *cap ? *cap * 2 : 16;
		char *q = realloc(p, (size_t)room * elem);
		if (!q) {
			err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			return NULL;
		}
		p = q;
		memcpy(pp, &p, sizeof p);
		*cap = room;
	}
	char *slot = p + (size_t)(*n)++ * elem;
	memset(slot, 0, elem);
	return slot;
}
