/*
 * referral.c — a dispute referred to a partner body (两所联调, 律师进所,
 * 庭所对接: 移交): when it was referred, accepted (within 3 days) and
 * closed, and its result.  The partner's mediator records acceptance and
 * result.  A result other than returned needs its closing day, and a
 * closing day a result; any change settles, fails or reopens the dispute.
 */
#include "model/dispute.h"
#include "model/org.h"

#include <string.h>

/*
 * What a stored referral says that only the station may change: the
 * dispute (a referral never moves to another one: the dispute it left would
 * keep a result it no longer has), the partner body and the referral day.
 * A partner body's mediator records acceptance and result only.
 */
static int fixed_fields_kept(struct db *db, const struct record *r, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT dispute_no, partner, referred_on FROM referrals WHERE id = ?", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, r->id);
	int rc = db_step(st, e);
	const char *moved = NULL;
	if (rc == 1 && strcmp(db_col_text(st, 0), record_get(r, "dispute_no")))
		moved = "dispute_no";
	else if (rc == 1 && r->scope && r->scope->kind == SCOPE_PARTNER &&
		 (strcmp(db_col_text(st, 1), record_get(r, "partner")) || strcmp(db_col_text(st, 2), record_get(r, "referred_on"))))
		moved = strcmp(db_col_text(st, 1), record_get(r, "partner")) ? "partner" : "referred_on";
	db_done(st);
	if (rc < 0)
		return -1;
	if (moved && !strcmp(moved, "dispute_no"))
		return err_set(e, ERR_INVALID, "referral.dispute_fixed", moved,
			       "纠纷编号：移交记录不能改挂到别的纠纷，请作废后新建（a referral stays with its dispute: void it and refer anew）");
	if (moved)
		return err_set(e, ERR_FORBIDDEN, "referral.partner_fields", moved,
			       "%s：承接单位只能填写接收日期、办理结果和办结日期（a partner body records acceptance and result only）",
			       r->type->fields[field_index(r->type, moved)].zh);
	return 0;
}

static int referral_check(struct db *db, const struct record *r, struct rules *rs)
{
	/* what the caller may not change (or move) stops the check: nothing more to tell it */
	if (r->id && rule_has(rs, r, "dispute_no") && rule_has(rs, r, "partner") && rule_has(rs, r, "referred_on")) {
		int before = rs->broken;
		if (rule_outcome(rs, fixed_fields_kept(db, r, &rs->e)))
			return -1;
		if (rs->broken > before)
			return 0;
	}
	const char *referred = record_get(r, "referred_on"), *accepted = record_get(r, "accepted_on");
	const char *result = record_get(r, "result"), *closed = record_get(r, "closed_on");
	bool referred_ok = rule_has(rs, r, "referred_on"), accepted_ok = rule_has(rs, r, "accepted_on");
	bool closed_ok = rule_has(rs, r, "closed_on");
	if (accepted_ok && referred_ok && strcmp(accepted, referred) < 0)
		rule_broken(rs, ERR_INVALID, "referral.accepted_before", "accepted_on",
			    "接收日期 %s 早于移交日期 %s（accepted before it was referred）", accepted, referred);
	if (closed_ok && (accepted ? accepted_ok : referred_ok) && strcmp(closed, accepted ? accepted : referred) < 0)
		rule_broken(rs, ERR_INVALID, "referral.closed_before", "closed_on",
			    "办结日期 %s 早于%s %s（closed before it was %s）", closed, accepted ? "接收日期" : "移交日期",
			    accepted ? accepted : referred, accepted ? "accepted" : "referred");
	if (result && strcmp(result, "returned") && !closed)
		rule_broken(rs, ERR_INVALID, "referral.closed_required", "closed_on",
			    "办结日期：有办理结果时必填（required with a result）");
	if (closed && !result)
		rule_broken(rs, ERR_INVALID, "referral.result_required", "result",
			    "办理结果：填写办结日期时必填（required with a closing day）");
	if (!referred_ok || !rule_has(rs, r, "dispute_no"))
		return 0;
	return rule_outcome(rs, dispute_date_not_before_registration(db, r, "referred_on", &rs->e));
}

static int referral_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	return dispute_refresh(db, record_get(r, "dispute_no"), now, e);
}

static const struct field referral_fields[] = {
	{ .name = "referral_no", .zh = "移交编号", .en = "Referral no.", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 40 },
	{ .name = "dispute_no", .zh = "纠纷编号", .en = "Dispute no.", .type = FT_REF, .flags = FF_REQUIRED | FF_FILTER,
	  .ref = &dispute_type },
	{ .name = "partner", .zh = "承接单位", .en = "Partner body", .aliases = "协作单位", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_FILTER, .ref = &partner_type },
	{ .name = "referred_on", .zh = "移交日期", .en = "Referred on", .type = FT_DATE, .flags = FF_REQUIRED | FF_MAIN_DATE | FF_NOT_FUTURE },
	{ .name = "accepted_on", .zh = "接收日期", .en = "Accepted on", .type = FT_DATE, .flags = FF_NOT_FUTURE },
	{ .name = "result", .zh = "办理结果", .en = "Result", .type = FT_ENUM, .flags = FF_FILTER, .codes = &referral_results },
	{ .name = "closed_on", .zh = "办结日期", .en = "Closed on", .type = FT_DATE, .flags = FF_NOT_FUTURE },
};

const struct record_type referral_type = {
	.kind = "referrals", .table = "referrals", .zh = "移交记录", .en = "referral",
	.fields = referral_fields, .nfields = sizeof referral_fields / sizeof referral_fields[0],
	.check = referral_check, .after_change = referral_after, .check_needs_id = true,
	.scope_sql = { [SCOPE_UNIT] = DISPUTE_OF_STATION, [SCOPE_PARTNER] = "partner = ?" },
};
