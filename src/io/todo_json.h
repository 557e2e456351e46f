/*
 * todo_json — the to-do list (model/todo.h) as JSON, the same for the API
 * (GET /api/v1/todo) and `fengqiao todo --format json`.
 */
#ifndef FQ_IO_TODO_JSON_H
#define FQ_IO_TODO_JSON_H

#include <jansson.h>

#include "model/todo.h"

/* `station` is the filter asked for (NULL: all in the caller's scope). */
json_t *todo_json(const struct todo *t, const char *station);

#endif
