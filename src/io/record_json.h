/*
 * record_json — the JSON face of any described record: {"id": N, field:
 * value, ...} with codes (not labels), numbers as numbers, unset fields as
 * null, and personal data masked unless the caller may see it.
 */
#ifndef FQ_IO_RECORD_JSON_H
#define FQ_IO_RECORD_JSON_H

#include <stdbool.h>
#include <jansson.h>

#include "base/text.h"
#include "model/record.h"

json_t *record_to_json(const struct record *r, bool reveal);

/*
 * Append the same JSON as record_to_json, written straight into `out`:
 * list pages use it, since building and freeing a tree per record was
 * almost half of a list request's cost.
 */
void record_write_json(struct buf *out, const struct record *r, bool reveal);

/* The text of a field for output (masked unless `reveal`); NULL when unset. */
const char *record_text_out(const struct record *r, int idx, bool reveal, char *buf, size_t n);

/*
 * Set fields from a JSON object {name: value}: strings, numbers and
 * booleans are parsed as their text would be; null clears a field.  Fields
 * not named keep their value (a PATCH).  "id" is ignored; an unknown name
 * is a problem.  Each problem goes to `sink`; returns their number.
 */
int record_from_json(struct record *r, json_t *obj, int tz_minutes, const struct problem_sink *sink);

#endif
