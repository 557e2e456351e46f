/*
 * dispute.c — a dispute's case file (纠纷登记) and the status it derives from
 * its mediations and referrals (CONTRACTS.md §5):
 *
 *   settled  (调解成功)  on the first day an agreement is reached: a mediation
 *                       with result agreement (its held_on) or a referral
 *                       with result agreement (its closed_on);
 *   filed    (已立案)    a referral's result is filed;
 *   failed   (调解不成)  the latest result is failed and none is an agreement;
 *   referred (已移交)    a referral is open (no result yet);
 *   mediating (调解中)   handled (a mediation or a referral) without a result;
 *   registered (已登记)  nothing yet.
 *
 * A returned referral gives the dispute back to the station and is no
 * result.  Precedence, decided here: an agreement wins over everything;
 * a filing wins over a later failure (the court has the case); a failure
 * that is the latest result wins over an open referral made after it
 * (the deadline of a result was met; the referral is a new try); results on
 * the same day: the failure is taken as the latest, the cautious reading.
 *
 * The rules and the refresh read the dispute without the caller's scope:
 * they run only after record_check found every reference within it.  handled_on is the first mediation or referral, result_on the
 * first result of any kind (the 30-day deadline), settled_on the first
 * agreement.
 */
#include "model/dispute.h"
#include "model/gridreport.h"
#include "model/memo.h"
#include "base/config.h"
#include "base/date.h"
#include "base/text.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/unit.h"

#include <stdio.h>
#include <string.h>

/* What a dispute's mediations and referrals say, gathered by derive_status(). */
struct outcome {
	char handled[11], result[11], settled[11];
	char latest[11];          /* the day of the latest result */
	const char *latest_result; /* "agreement", "failed" or "filed" */
	bool filed, open_referral;
};

static void earliest(char day[11], const char *d)
{
	if (d && *d && (!*day || strcmp(d, day) < 0))
		snprintf(day, 11, "%s", d);
}

/* A result on `day`: the first of each, and the latest (a failure wins a tie: it is the more cautious reading). */
static void note_result(struct outcome *o, const char *result, const char *day)
{
	if (!day || !*day)
		return;
	earliest(o->result, day);
	if (!strcmp(result, "agreement"))
		earliest(o->settled, day);
	if (!strcmp(result, "filed"))
		o->filed = true;
	int c = *o->latest ? strcmp(day, o->latest) : 1;
	if (c > 0 || (c == 0 && !strcmp(result, "failed"))) {
		snprintf(o->latest, sizeof o->latest, "%s", day);
		o->latest_result = !strcmp(result, "agreement") ? "agreement" : !strcmp(result, "failed") ? "failed" : "filed";
	}
}

static int gather(struct db *db, const char *dispute_no, struct outcome *o, struct err *e)
{
	memset(o, 0, sizeof *o);
	struct db_stmt *st = db_prepare(db, "SELECT held_on, result FROM mediations WHERE dispute_no = ? AND voided_at IS NULL", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, dispute_no);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		const char *day = db_col_text(st, 0), *result = db_col_text(st, 1);
		earliest(o->handled, day);
		if (strcmp(result, "continue"))
			note_result(o, result, day);
	}
	db_done(st);
	if (rc < 0)
		return -1;
	st = db_prepare(db, "SELECT referred_on, result, closed_on FROM referrals WHERE dispute_no = ? AND voided_at IS NULL", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, dispute_no);
	while ((rc = db_step(st, e)) == 1) {
		const char *result = db_col_text(st, 1);
		earliest(o->handled, db_col_text(st, 0));
		if (!*result)
			o->open_referral = true;
		else if (strcmp(result, "returned"))
			note_result(o, result, db_col_text(st, 2));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static const char *dispute_status(const struct outcome *o)
{
	if (*o->settled)
		return "settled";
	if (o->filed)
		return "filed";
	if (o->latest_result && !strcmp(o->latest_result, "failed"))
		return "failed";
	if (o->open_referral)
		return "referred";
	return *o->handled ? "mediating" : "registered";
}

/* Fill the derived status and dates of r from the records filed under it. */
static int derive_status(struct db *db, struct record *r, struct err *e)
{
	struct outcome o;
	if (gather(db, record_get(r, "dispute_no"), &o, e))
		return -1;
	return record_set_by_name(r, "status", dispute_status(&o), 0, e) || record_set_by_name(r, "handled_on", o.handled, 0, e) ||
			       record_set_by_name(r, "result_on", o.result, 0, e) ||
			       record_set_by_name(r, "settled_on", o.settled, 0, e)
		       ? -1
		       : 0;
}

static int dispute_derive(struct db *db, struct record *r, struct err *e)
{
	const char *address = record_get(r, "address");
	char key[600];
	text_fold_key(address ? address : "", key, sizeof key);
	if (record_set_by_name(r, "address_key", key, 0, e))
		return -1;
	/* the grid report it came from names it (model/gridreport.c) */
	char from[48];
	if (gridreport_of(db, r->memo, "dispute", record_get(r, "dispute_no"), from, e) ||
	    record_set_by_name(r, "gridreport_no", from, 0, e))
		return -1;
	return derive_status(db, r, e);
}

/* The parties carry their dispute's registration day (party.c, for the warnings): keep it when the dispute's changes. */
static int parties_follow_day(struct db *db, const struct record *r, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE parties SET registered_on = ? WHERE dispute_no = ? AND "
					    "(registered_on IS NULL OR registered_on <> ?)", e);
	if (!st)
		return -1;
	const char *day = record_get(r, "registered_on");
	db_bind_text(st, 1, day);
	db_bind_text(st, 2, record_get(r, "dispute_no"));
	db_bind_text(st, 3, day);
	return db_step_done(st, e) < 0 ? -1 : 0;
}

static int dispute_check(struct db *db, const struct record *r, struct rules *rs)
{
	(void)db;
	if (rule_has(rs, r, "amount") && r->v[field_index(r->type, "amount")].d < 0)
		rule_broken(rs, ERR_INVALID, "dispute.amount", "amount", "涉及金额不能为负（the amount cannot be negative）");
	return 0;
}

/*
 * The follow-ups a settlement schedules (7 and 30 days after settled_on by
 * default: config()->followup_days, $FENGQIAO_FOLLOWUP_DAYS) are marked
 * `scheduled`.  When the settlement moves (an earlier agreement) or goes
 * (the agreement voided),
 * the scheduled visits not yet made are withdrawn (voided); visits already
 * made, and follow-ups entered by hand, stay.  A withdrawn visit's day
 * stays taken: the same day is not scheduled again.
 */
static void keep_first_problem(void *ctx, const struct err *e)
{
	struct err *first = ctx;
	if (first->kind == ERR_NONE)
		*first = *e;
}

static int schedule(const char *settled_on, char due[CONFIG_FOLLOWUPS][11], struct err *e)
{
	int32_t day;
	if (date_parse(settled_on, "settled_on", &day, e))
		return -1;
	for (int k = 0; k < CONFIG_FOLLOWUPS; k++)
		date_format(day + config()->followup_days[k], due[k]);
	return 0;
}

#define WITHDRAW_MAX 16

static int withdraw_stale(struct db *db, const char *dispute_no, char due[CONFIG_FOLLOWUPS][11], bool settled, int64_t now,
			  struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, due_on FROM followups WHERE dispute_no = ? AND scheduled = 1"
					    " AND done_on IS NULL AND voided_at IS NULL", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, dispute_no);
	int64_t stale[WITHDRAW_MAX];
	int n = 0, rc;
	while ((rc = db_step(st, e)) == 1 && n < WITHDRAW_MAX) {
		const char *on = db_col_text(st, 1);
		bool planned = false;
		for (int k = 0; settled && k < CONFIG_FOLLOWUPS; k++)
			planned |= !strcmp(on, due[k]);
		if (!planned)
			stale[n++] = db_col_int(st, 0);
	}
	db_done(st);
	for (int i = 0; rc >= 0 && i < n; i++)
		rc = record_void(db, &followup_type, stale[i], "化解情况已变，计划回访撤回（the settlement changed: the planned visit is withdrawn）",
				 now, e);
	return rc < 0 ? -1 : 0;
}

/* A scheduled follow-up due on `due`, unless one is on file for that day already. */
static int schedule_followup(struct db *db, const char *dispute_no, const char *due, int64_t now, struct err *e)
{
	struct record *f = record_new(&followup_type);
	if (!f)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	struct err first;
	err_clear(&first);
	struct problem_sink sink = { keep_first_problem, &first };
	int rc = record_set_by_name(f, "dispute_no", dispute_no, 0, e) || record_set_by_name(f, "due_on", due, 0, e) ||
				 record_set_by_name(f, "scheduled", "1", 0, e)
			 ? -1
			 : 0;
	if (rc == 0 && record_check(db, f, &sink)) {
		*e = first;
		rc = -1;
	}
	if (rc == 0 && f->id == 0)
		rc = record_save(db, f, now, NULL, e);
	record_free(f);
	return rc;
}

int dispute_refresh(struct db *db, const char *dispute_no, int64_t now, struct err *e)
{
	struct record *d = record_new(&dispute_type);
	if (!d)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int64_t id = 0;
	int rc = record_set_by_name(d, "dispute_no", dispute_no, 0, e) || record_find_id(db, d, &id, e) ? -1 : 0;
	if (rc == 0 && id == 0)
		rc = err_set(e, ERR_NOT_FOUND, "record.not_found", "dispute_no", "纠纷“%s”不存在（no such dispute）", dispute_no);
	if (rc == 0)
		rc = record_load(db, d, id, NULL, e);
	if (rc == 0 && !d->voided_at) {
		rc = derive_status(db, d, e) || record_save(db, d, now, NULL, e) ? -1 : 0;
		const char *settled = record_get(d, "settled_on");
		char due[CONFIG_FOLLOWUPS][11] = { "" };
		if (rc == 0 && settled && schedule(settled, due, e))
			rc = -1;
		if (rc == 0)
			rc = withdraw_stale(db, dispute_no, due, settled != NULL, now, e);
		for (int i = 0; rc == 0 && settled && i < CONFIG_FOLLOWUPS; i++)
			rc = schedule_followup(db, dispute_no, due[i], now, e);
	}
	record_free(d);
	return rc;
}

int dispute_registered_on(struct db *db, const struct record *r, char out[11], struct err *e)
{
	const char *dispute_no = record_get(r, "dispute_no");
	const char *known = dispute_no ? memo_get(r->memo, "disputes.registered_on", dispute_no) : NULL;
	if (known) {
		snprintf(out, 11, "%s", known);
		return 0;
	}
	*out = 0;
	if (!dispute_no)
		return 0;
	if (db_text_of(db, "SELECT registered_on FROM disputes WHERE dispute_no = ?", dispute_no, out, 11, e) < 0)
		return -1;
	/* an import's rows of one dispute ask once: a dispute does not change under its parties' import */
	if (*out)
		memo_put(r->memo, "disputes.registered_on", dispute_no, out);
	return 0;
}

int dispute_date_not_before_registration(struct db *db, const struct record *r, const char *field, struct err *e)
{
	const char *day = record_get(r, field);
	char reg[11];
	if (!day || dispute_registered_on(db, r, reg, e))
		return day ? -1 : 0;
	if (*reg && strcmp(day, reg) < 0) {
		const struct field *f = &r->type->fields[field_index(r->type, field)];
		return err_set(e, ERR_INVALID, "dispute.before_registration", field,
			       "%s %s 早于纠纷登记日期 %s（before the dispute was registered）", f->zh, day, reg);
	}
	return 0;
}

/*
 * A voided dispute was entered in error: what is filed under it goes with
 * it, so no report counts a session, referral or visit of a dispute that
 * does not exist.
 */
static int dispute_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	if (!r->voided_at)
		return parties_follow_day(db, r, e);
	static const struct record_type *const under[] = { &party_type, &mediation_type, &referral_type, &followup_type };
	for (size_t k = 0; k < sizeof under / sizeof under[0]; k++) {
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE dispute_no = ? AND voided_at IS NULL ORDER BY id",
			 under[k]->table);
		for (;;) {
			/* one at a time: voiding a session refreshes the (voided) dispute, which does nothing */
			struct db_stmt *st = db_prepare(db, sql, e);
			if (!st)
				return -1;
			db_bind_text(st, 1, record_get(r, "dispute_no"));
			int rc = db_step(st, e);
			int64_t id = rc == 1 ? db_col_int(st, 0) : 0;
			db_done(st);
			if (rc < 0)
				return -1;
			if (rc == 0)
				break;
			if (record_void(db, under[k], id, "纠纷已作废（the dispute was voided）", now, e))
				return -1;
		}
	}
	return 0;
}

static const struct field dispute_fields[] = {
	{ .name = "dispute_no", .zh = "纠纷编号", .en = "Dispute no.", .aliases = "编号", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 40 },
	{ .name = "registered_on", .zh = "登记日期", .en = "Registered on", .aliases = "登记时间", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_MAIN_DATE | FF_NOT_FUTURE },
	{ .name = "station", .zh = "管辖单位", .en = "Station", .aliases = "派出所|所属派出所", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_FILTER, .ref = &station_type },
	{ .name = "type", .zh = "纠纷类型", .en = "Type", .aliases = "类型", .type = FT_ENUM, .flags = FF_REQUIRED | FF_FILTER,
	  .codes = &dispute_types },
	{ .name = "source", .zh = "来源", .en = "Source", .aliases = "纠纷来源", .type = FT_ENUM,
	  .flags = FF_REQUIRED | FF_FILTER, .codes = &dispute_sources },
	{ .name = "division", .zh = "发生地", .en = "Division", .aliases = "发生地区划", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &division_type },
	{ .name = "address", .zh = "地址", .en = "Address", .aliases = "发生地址", .type = FT_TEXT, .max_len = 200 },
	{ .name = "address_key", .zh = "地址索引", .en = "Address key", .type = FT_TEXT, .flags = FF_DERIVED | FF_HIDDEN,
	  .max_len = 600 },
	{ .name = "incident_no", .zh = "关联警情", .en = "Incident no.", .aliases = "接警编号", .type = FT_REF,
	  .flags = FF_FILTER, .ref = &incident_type },
	{ .name = "amount", .zh = "涉及金额", .en = "Amount", .aliases = "金额", .type = FT_REAL },
	{ .name = "officer", .zh = "承办民警", .en = "Officer", .aliases = "承办人", .type = FT_REF, .flags = FF_FILTER,
	  .ref = &personnel_type },
	{ .name = "summary", .zh = "简要情况", .en = "Summary", .aliases = "简要案情", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
	{ .name = "status", .zh = "状态", .en = "Status", .type = FT_ENUM, .flags = FF_DERIVED | FF_FILTER,
	  .codes = &dispute_statuses },
	{ .name = "handled_on", .zh = "调处日期", .en = "Handled on", .type = FT_DATE, .flags = FF_DERIVED },
	{ .name = "result_on", .zh = "结果日期", .en = "Result on", .type = FT_DATE, .flags = FF_DERIVED },
	{ .name = "settled_on", .zh = "化解日期", .en = "Settled on", .type = FT_DATE, .flags = FF_DERIVED },
	{ .name = "gridreport_no", .zh = "来源网格上报", .en = "From grid report", .type = FT_TEXT,
	  .flags = FF_DERIVED | FF_FILTER, .max_len = 40 },
};

/* A date field's day number, -1 when unset. */
static int32_t day_of(const struct record *r, const char *field)
{
	const struct value *v = &r->v[field_index(r->type, field)];
	return v->set ? (int32_t)v->i : -1;
}

/* The disputes report's cells (schema/006): registered day with the first handled day, and with the first settled day. */
static int dispute_cells(const struct record *r, int sign, const struct cell_sink *sink, struct err *e)
{
	int32_t reg = day_of(r, "registered_on");
	struct cell_delta h = { "dispute_handled", record_get(r, "station"), record_get(r, "type"), "", reg,
				day_of(r, "handled_on"), sign };
	struct cell_delta s = { "dispute_settled", h.k1, h.k2, "", reg, day_of(r, "settled_on"), sign };
	return sink->add(sink->ctx, &h, e) || sink->add(sink->ctx, &s, e) ? -1 : 0;
}

const struct record_type dispute_type = {
	.kind = "disputes", .table = "disputes", .zh = "矛盾纠纷", .en = "dispute",
	.fields = dispute_fields, .nfields = sizeof dispute_fields / sizeof dispute_fields[0],
	.derive = dispute_derive, .check = dispute_check, .after_change = dispute_after,
	.scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE, [SCOPE_PARTNER] = DISPUTE_OF_PARTNER },
	.cells = dispute_cells,
	/* past the 30-day deadline for a result (CONTRACTS.md §5) without one */
	.overdue_sql = "result_on IS NULL AND registered_on < ?", .overdue_days = DISPUTE_RESULT_DAYS,
};
