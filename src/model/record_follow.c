/*
 * record_follow.c — the audit entry of a change that followed from another
 * one (record.h, record_follow_audit): a station's unit renamed or voided
 * with it, and the other way round, each audited as the caller's.
 */
#include "base/text.h"
#include "model/audit.h"
#include "model/record.h"

#include <string.h>

/* `s` as a JSON string (or null): stored texts hold no control characters (text_check_controls). */
static void json_text(struct buf *b, const char *s)
{
	if (!s) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "\"");
	for (const char *p = s; *p; p++) {
		size_t n = strcspn(p, "\"\\");
		buf_add(b, p, n);
		p += n;
		if (!*p)
			break;
		buf_printf(b, "\\%c", *p);
	}
	buf_puts(b, "\"");
}

int record_follow_audit(struct db *db, const struct change_by *by, const char *action, const struct record_type *t,
			int64_t id, const char *field, const char *before, const char *after, const struct record *cause,
			int64_t now, struct err *e)
{
	if (!by)
		return 0;
	struct buf b;
	buf_init(&b);
	if (!field) {
		buf_puts(&b, "{\"reason\":");
		json_text(&b, after);
	} else {
		if (strcmp(action, "create")) {
			buf_printf(&b, "{\"before\":{\"%s\":", field);
			json_text(&b, before);
			buf_puts(&b, "},");
		} else
			buf_puts(&b, "{");
		buf_printf(&b, "\"after\":{\"%s\":", field);
		json_text(&b, after);
		buf_puts(&b, "}");
	}
	buf_printf(&b, ",\"follows\":\"%s/%lld\"}", cause->type->kind, (long long)cause->id);
	if (b.failed) {
		buf_free(&b);
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	}
	const struct audit_entry a = { .actor = by->actor ? by->actor : "system", .ip = by->ip, .action = action,
				       .kind = t->kind, .record_id = id, .detail = b.p };
	int rc = audit_append(db, &a, now, e);
	buf_free(&b);
	return rc;
}
