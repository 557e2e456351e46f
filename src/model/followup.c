/*
 * followup.c — follow-up visits after a dispute is settled (回访): due 7
 * and 30 days after the agreement (created by dispute_refresh), done on a
 * day, by an officer, with how the agreement was performed, the parties'
 * satisfaction and whether the dispute may still flare up (risk).
 */
#include "model/dispute.h"
#include "model/org.h"

#include <string.h>

/*
 * Whether the stored visit with r's key was scheduled on settlement: a
 * change given without the flag (an import of an export) keeps it.
 */
static int stored_scheduled(struct db *db, const struct record *r, bool *scheduled, struct err *e)
{
	*scheduled = false;
	const char *no = record_get(r, "dispute_no"), *due = record_get(r, "due_on");
	if (!db || !no || !due)
		return 0;
	struct db_stmt *st = db_prepare(db, "SELECT scheduled FROM followups WHERE dispute_no = ? AND due_on = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, no);
	db_bind_text(st, 2, due);
	int rc = db_step(st, e);
	if (rc == 1)
		*scheduled = db_col_int(st, 0) == 1;
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int followup_derive(struct db *db, struct record *r, struct err *e)
{
	static const char *const flags[] = { "risk", "scheduled" }; /* no unless said */
	int si = field_index(r->type, "scheduled");
	bool kept;
	if (!r->v[si].set && (stored_scheduled(db, r, &kept, e) || (kept && record_set(r, si, "1", 0, e))))
		return -1;
	for (size_t k = 0; k < 2; k++) {
		int i = field_index(r->type, flags[k]);
		if (!r->v[i].set && record_set(r, i, "0", 0, e))
			return -1;
	}
	return 0;
}

static int followup_check(struct db *db, const struct record *r, struct rules *rs)
{
	(void)db;
	const char *done = record_get(r, "done_on");
	if (!done && (record_get(r, "performed") || record_get(r, "satisfaction")))
		rule_broken(rs, ERR_INVALID, "followup.done_required", "done_on",
			    "回访日期：填写履行情况或满意度时必填（required once the visit is recorded）");
	return 0;
}

static const struct field followup_fields[] = {
	{ .name = "dispute_no", .zh = "纠纷编号", .en = "Dispute no.", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &dispute_type },
	{ .name = "due_on", .zh = "应回访日期", .en = "Due on", .type = FT_DATE, .flags = FF_REQUIRED | FF_KEY | FF_MAIN_DATE },
	{ .name = "done_on", .zh = "回访日期", .en = "Done on", .type = FT_DATE, .flags = FF_NOT_FUTURE },
	{ .name = "officer", .zh = "回访人", .en = "Officer", .aliases = "回访民警", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &personnel_type },
	{ .name = "performed", .zh = "履行情况", .en = "Performed", .type = FT_ENUM, .flags = FF_FILTER, .codes = &performances },
	{ .name = "satisfaction", .zh = "满意度", .en = "Satisfaction", .type = FT_ENUM, .flags = FF_FILTER,
	  .codes = &satisfactions },
	{ .name = "risk", .zh = "仍有激化风险", .en = "Risk remains", .aliases = "激化风险", .type = FT_BOOL, .flags = FF_FILTER },
	{ .name = "note", .zh = "备注", .en = "Note", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
	{ .name = "scheduled", .zh = "化解后自动安排", .en = "Scheduled on settlement", .type = FT_BOOL,
	  .flags = FF_DERIVED | FF_FILTER },
};

const struct record_type followup_type = {
	.kind = "followups", .table = "followups", .zh = "回访记录", .en = "follow-up",
	.fields = followup_fields, .nfields = sizeof followup_fields / sizeof followup_fields[0],
	.derive = followup_derive, .check = followup_check,
	.scope_sql = { [SCOPE_UNIT] = DISPUTE_OF_STATION, [SCOPE_PARTNER] = DISPUTE_OF_PARTNER },
};
