/*
 * idno — personal identifiers: resident ID numbers (GB 11643-1999, with
 * its check character and embedded birth date), Chinese mobile and landline
 * numbers, and the masks every list and export applies unless the caller
 * may see them (152921********123X, 138****5678, 张**).
 */
#ifndef FQ_BASE_IDNO_H
#define FQ_BASE_IDNO_H

#include <stdbool.h>
#include <stddef.h>

/* An 18-character resident ID: check character (x or X) and a birth date 1900..today. */
bool idno_valid(const char *s);
/* A mobile (1[3-9] + 9 digits) or a landline (0483-8221234, 04838221234). */
bool phone_valid(const char *s);

/*
 * Masks write at most n bytes, always terminated; NULL input gives "".
 * An ID keeps its first 6 and last 4 characters; a mobile its first 3 and
 * last 4, another number its last 4; a name its first character.  An ID or
 * number too short to keep anything is all stars.
 */
void mask_idno(const char *s, char *out, size_t n);
void mask_phone(const char *s, char *out, size_t n);
void mask_name(const char *utf8, char *out, size_t n);

#endif
