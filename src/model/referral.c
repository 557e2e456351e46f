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

static int referral_check(struct db *db, const struct record *r, struct err *e)
{
	const char *referred = record_get(r, "referred_on"), *accepted = record_get(r, "accepted_on");
	const char *result = record_get(r, "result"), *closed = record_get(r, "closed_on");
	if (accepted && strcmp(accepted, referred) < 0)
		return err_set(e, ERR_INVALID, "referral.accepted_before", "accepted_on",
			       "接收日期 %s 早于移交日期 %s（accepted before it was referred）", accepted, referred);
	if (closed && strcmp(closed, accepted ? accepted : referred) < 0)
		return err_set(e, ERR_INVALID, "referral.closed_before", "closed_on",
			       "办结日期 %s 早于%s %s（closed before it was %s）", closed, accepted ? "接收日期" : "移交日期",
			       accepted ? accepted : referred, accepted ? "accepted" : "referred");
	if (result && strcmp(result, "returned") && !closed)
		return err_set(e, ERR_INVALID, "referral.closed_required", "closed_on",
			       "办结日期：有办理结果时必填（required with a result）");
	if (closed && !result)
		return err_set(e, ERR_INVALID, "referral.result_required", "result",
			       "办理结果：填写办结日期时必填（required with a closing day）");
	return dispute_date_not_before_registration(db, r, "referred_on", e);
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
	{ .name = "referred_on", .zh = "移交日期", .en = "Referred on", .type = FT_DATE, .flags = FF_REQUIRED | FF_MAIN_DATE },
	{ .name = "accepted_on", .zh = "接收日期", .en = "Accepted on", .type = FT_DATE },
	{ .name = "result", .zh = "办理结果", .en = "Result", .type = FT_ENUM, .flags = FF_FILTER, .codes = &referral_results },
	{ .name = "closed_on", .zh = "办结日期", .en = "Closed on", .type = FT_DATE },
};

const struct record_type referral_type = {
	.kind = "referrals", .table = "referrals", .zh = "移交记录", .en = "referral",
	.fields = referral_fields, .nfields = sizeof referral_fields / sizeof referral_fields[0],
	.check = referral_check, .after_change = referral_after,
	.scope_sql = { [SCOPE_UNIT] = DISPUTE_OF_STATION, [SCOPE_PARTNER] = "partner = ?" },
};
