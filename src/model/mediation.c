/*
 * mediation.c — a mediation session of a dispute (调解): its mode (民警调解,
 * 两所联调, 律师进所, 庭所对接, 协作单位调解), the partner body that took
 * part (required unless the station mediated alone), the mediators, and
 * its result; an agreement carries its number and performance deadline.
 * Any change settles, fails or reopens the dispute (dispute_refresh).
 */
#include "model/dispute.h"
#include "model/org.h"

#include <stdio.h>
#include <string.h>

/* The partner body a stored session names ("" for none). */
static int stored_partner(struct db *db, int64_t id, char out[64], struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT COALESCE(partner, '') FROM mediations WHERE id = ?", e);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, e);
	snprintf(out, 64, "%s", rc == 1 ? db_col_text(st, 0) : "");
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/*
 * A partner body's mediator records its own body's sessions only: not the
 * station's, not another body's, and it cannot take one over by naming
 * itself in a session that was someone else's.
 */
static int partner_may_write(struct db *db, const struct record *r, struct err *e)
{
	const char *unit = r->scope->unit, *partner = record_get(r, "partner");
	char was[64] = "";
	if (r->id && stored_partner(db, r->id, was, e))
		return -1;
	if (!strcmp(record_get(r, "mode"), "station") || !partner || strcmp(partner, unit) || (r->id && strcmp(was, unit)))
		return err_set(e, ERR_FORBIDDEN, "mediation.partner_own", "partner",
			       "协作单位：只能记录本单位（%s）参与的调解（a partner body records only its own sessions）", unit);
	return 0;
}

/*
 * Judicial confirmation (司法确认) of the agreement: applied for at a people's
 * tribunal on or after the session, ruled on or after the application.
 */
static int confirmation_check(struct db *db, const struct record *r, struct err *e)
{
	const char *applied = record_get(r, "confirm_applied_on"), *court = record_get(r, "confirm_court");
	const char *ruling = record_get(r, "confirm_ruling"), *confirmed = record_get(r, "confirmed_on");
	if (!applied && !court && !ruling && !confirmed)
		return 0;
	if (strcmp(record_get(r, "result"), "agreement"))
		return err_set(e, ERR_INVALID, "mediation.confirm_agreement", "confirm_applied_on",
			       "司法确认只适用于达成协议的调解（only an agreement can be judicially confirmed）");
	if (!applied || !court)
		return err_set(e, ERR_INVALID, "mediation.confirm_applied", applied ? "confirm_court" : "confirm_applied_on",
			       "%s：司法确认须填写申请日期和确认法院（the application day and the court are required）",
			       applied ? "确认法院" : "申请司法确认日期");
	char kind[32];
	if (db_text_of(db, "SELECT kind FROM partners WHERE code = ?", court, kind, sizeof kind, e) < 0)
		return -1;
	if (strcmp(kind, "court"))
		return err_set(e, ERR_INVALID, "mediation.confirm_court", "confirm_court",
			       "确认法院：“%s”不是人民法庭（judicial confirmation is given by a people's tribunal）", court);
	if (strcmp(applied, record_get(r, "held_on")) < 0)
		return err_set(e, ERR_INVALID, "mediation.confirm_before", "confirm_applied_on",
			       "申请司法确认日期 %s 早于调解日期（applied before the agreement）", applied);
	if ((ruling || confirmed) && !(ruling && confirmed))
		return err_set(e, ERR_INVALID, "mediation.confirm_ruling", ruling ? "confirmed_on" : "confirm_ruling",
			       "%s：裁定书号和裁定日期须同时填写（the ruling number and day go together）",
			       ruling ? "裁定日期" : "确认裁定书号");
	if (confirmed && strcmp(confirmed, applied) < 0)
		return err_set(e, ERR_INVALID, "mediation.confirm_before", "confirmed_on",
			       "裁定日期 %s 早于申请日期 %s（ruled before it was applied for）", confirmed, applied);
	return 0;
}

/* The judicial confirmation's fields, as far as given, may be read by its rules. */
static bool confirmation_usable(const struct rules *rs, const struct record *r)
{
	static const char *const names[] = { "confirm_applied_on", "confirm_court", "confirm_ruling", "confirmed_on" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (record_get(r, names[i]) && !rule_has(rs, r, names[i]))
			return false;
	return true;
}

static int mediation_check(struct db *db, const struct record *r, struct rules *rs)
{
	const char *mode = record_get(r, "mode"), *result = record_get(r, "result");
	bool mode_ok = rule_has(rs, r, "mode"), result_ok = rule_has(rs, r, "result"), held_ok = rule_has(rs, r, "held_on");
	/* a partner body writing a session not its own: nothing more to tell it */
	if (r->scope && r->scope->kind == SCOPE_PARTNER && mode_ok && partner_may_write(db, r, &rs->e))
		return rule_outcome(rs, -1);
	if (mode_ok && strcmp(mode, "station") && !record_get(r, "partner"))
		rule_broken(rs, ERR_INVALID, "mediation.partner_required", "partner",
			    "协作单位：%s须填写参与的协作单位（a partner body is required unless the station mediated alone）",
			    code_label(&mediation_modes, mode));
	if (result_ok && !strcmp(result, "agreement") && !record_get(r, "agreement_no"))
		rule_broken(rs, ERR_INVALID, "mediation.agreement_no", "agreement_no",
			    "协议编号：达成协议时必填（required when an agreement is reached）");
	const char *held = record_get(r, "held_on"), *by = record_get(r, "perform_by");
	if (held_ok && rule_has(rs, r, "perform_by") && strcmp(by, held) < 0)
		rule_broken(rs, ERR_INVALID, "mediation.perform_by", "perform_by",
			    "履行期限 %s 早于调解日期 %s（the deadline is before the session）", by, held);
	if (result_ok && held_ok && confirmation_usable(rs, r) && rule_outcome(rs, confirmation_check(db, r, &rs->e)))
		return -1;
	if (!held_ok || !rule_has(rs, r, "dispute_no"))
		return 0;
	return rule_outcome(rs, dispute_date_not_before_registration(db, r, "held_on", &rs->e));
}

static int mediation_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	return dispute_refresh(db, record_get(r, "dispute_no"), now, e);
}

static const struct field mediation_fields[] = {
	{ .name = "dispute_no", .zh = "纠纷编号", .en = "Dispute no.", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &dispute_type },
	{ .name = "held_on", .zh = "调解日期", .en = "Held on", .aliases = "调解时间", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_KEY | FF_MAIN_DATE | FF_NOT_FUTURE },
	{ .name = "mode", .zh = "调解方式", .en = "Mode", .type = FT_ENUM, .flags = FF_REQUIRED | FF_KEY | FF_FILTER,
	  .codes = &mediation_modes },
	{ .name = "result", .zh = "调解结果", .en = "Result", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &mediation_results },
	{ .name = "partner", .zh = "协作单位", .en = "Partner body", .aliases = "参与单位", .type = FT_REF,
	  .flags = FF_FILTER, .ref = &partner_type },
	{ .name = "mediators", .zh = "调解人员", .en = "Mediators", .aliases = "调解员", .type = FT_TEXT, .max_len = 200 },
	{ .name = "agreement_no", .zh = "协议编号", .en = "Agreement no.", .type = FT_TEXT, .max_len = 60 },
	{ .name = "perform_by", .zh = "履行期限", .en = "Perform by", .type = FT_DATE },
	{ .name = "note", .zh = "备注", .en = "Note", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
	{ .name = "confirm_applied_on", .zh = "申请司法确认日期", .en = "Confirmation applied on", .aliases = "申请司法确认",
	  .type = FT_DATE, .flags = FF_NOT_FUTURE },
	{ .name = "confirm_court", .zh = "确认法院", .en = "Confirming court", .aliases = "司法确认法院", .type = FT_REF,
	  .ref = &partner_type },
	{ .name = "confirm_ruling", .zh = "确认裁定书号", .en = "Ruling no.", .aliases = "裁定书号", .type = FT_TEXT, .max_len = 60 },
	{ .name = "confirmed_on", .zh = "裁定日期", .en = "Confirmed on", .aliases = "司法确认日期", .type = FT_DATE, .flags = FF_NOT_FUTURE },
};

const struct record_type mediation_type = {
	.kind = "mediations", .table = "mediations", .zh = "调解记录", .en = "mediation",
	.fields = mediation_fields, .nfields = sizeof mediation_fields / sizeof mediation_fields[0],
	.check = mediation_check, .after_change = mediation_after, .check_needs_id = true,
	.scope_sql = { [SCOPE_UNIT] = DISPUTE_OF_STATION, [SCOPE_PARTNER] = DISPUTE_OF_PARTNER },
};
