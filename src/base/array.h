/*
 * array — growing an array of records one element at a time, the pattern
 * every query that gathers rows into C needs.
 */
#ifndef FQ_BASE_ARRAY_H
#define FQ_BASE_ARRAY_H

#include <stddef.h>

#include "base/err.h"

/*
 * Append one zeroed element to the array at *(T **)pp holding *n elements
 * in room for *cap, doubling the room when full.  Returns the new element,
 * or NULL with `e` filled when memory runs out (the array is unchanged).
 */
void *array_push(void *pp, long *n, long *cap, size_t elem, struct err *e);

#endif
