/*
 * gridreport.c — grid reports (网格上报, CONTRACTS.md §6): the descriptor,
 * the rules, the status a report derives from its times and outcome, and
 * the link to the dispute, incident or hazard it became (see gridreport.h).
 */
#include "model/gridreport.h"
#include "base/config.h"
#include "base/date.h"
#include "model/dispute.h"
#include "model/incident.h"
#include "model/ledger.h"
#include "model/memo.h"
#include "model/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR_(x) #x
#define STR(x) STR_(x)

enum { G_NO, G_REPORTED_AT, G_REPORTED_DAY, G_GRID, G_KIND, G_SUMMARY, G_ADDRESS, G_ACCEPTED_AT, G_OUTCOME,
       G_OUTCOME_NO, G_FEEDBACK_AT, G_FEEDBACK, G_STATUS, G_COUNT };

static const struct code_item kind_items[] = {
	{ "dispute", "矛盾纠纷", "dispute" },
	{ "hazard", "安全隐患", "hazard" },
	{ "clue", "违法犯罪线索", "crime clue" },
	{ "help", "群众求助", "request for help" },
	{ "other", "其他", "other" },
};
const struct code_list gridreport_kinds = CODE_LIST(kind_items);

static const struct code_item outcome_items[] = {
	{ "dispute", "转为矛盾纠纷", "turned into a dispute" },
	{ "hazard", "转为安全隐患", "turned into a hazard" },
	{ "incident", "转为警情", "turned into an incident" },
	{ "no_action", "无需处置", "no action" },
};
const struct code_list gridreport_outcomes = CODE_LIST(outcome_items);

const struct gridreport_outcome gridreport_outcome_types[] = {
	{ "dispute", &dispute_type, "address", "summary", true },
	{ "incident", &incident_type, "address", "summary", true },
	{ "hazard", &hazard_type, "place", "note", false },
};
const size_t gridreport_n_outcome_types = sizeof gridreport_outcome_types / sizeof gridreport_outcome_types[0];

const struct gridreport_outcome *gridreport_outcome_of(const char *outcome)
{
	for (size_t i = 0; outcome && i < gridreport_n_outcome_types; i++)
		if (!strcmp(gridreport_outcome_types[i].outcome, outcome))
			return &gridreport_outcome_types[i];
	return NULL;
}

const struct record_type *gridreport_outcome_type(const char *outcome)
{
	const struct gridreport_outcome *o = gridreport_outcome_of(outcome);
	return o ? o->type : NULL;
}

static const struct code_item status_items[] = {
	{ "reported", "待受理", "awaiting acceptance" },
	{ "accepted", "已受理", "accepted" },
	{ "handled", "已处置", "handled" },
	{ "closed", "已反馈", "feedback given" },
};
const struct code_list gridreport_statuses = CODE_LIST(status_items);

int64_t gridreport_accept_due(int64_t reported_at)
{
	return reported_at + GRIDREPORT_ACCEPT_HOURS * 3600;
}

int64_t gridreport_feedback_due(int64_t reported_at)
{
	return reported_at + GRIDREPORT_FEEDBACK_DAYS * 86400;
}

/*
 * For an import (memo): the live reports with this outcome, all read once
 * into the memo, when they are few (GRIDREPORT_MEMO_MAX); 1 loaded, 0 not
 * (then each row asks), -1 error.  The mark goes in first: should the memo
 * start over while they go in, or forget one, the mark is gone or the
 * "incomplete" mark is there, and rows ask the database again.
 */
#define GRIDREPORT_MEMO_MAX 500
static int load_outcomes(struct db *db, struct memo *memo, const char *outcome, struct err *e)
{
	if (memo_get(memo, "gridreport_incomplete", outcome))
		return 0;
	if (memo_get(memo, "gridreport_loaded", outcome))
		return 1;
	int64_t n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(DISTINCT outcome_no) FROM gridreports WHERE outcome = ? AND voided_at IS NULL", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, outcome);
	int rc = db_step(st, e);
	if (rc == 1)
		n = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return -1;
	if (n > GRIDREPORT_MEMO_MAX)
		return 0;
	memo_put(memo, "gridreport_loaded", outcome, "1");
	st = db_prepare(db, "SELECT outcome_no, MIN(report_no) FROM gridreports WHERE outcome = ? AND voided_at IS NULL"
			    " GROUP BY outcome_no", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, outcome);
	bool whole = true;
	while ((rc = db_step(st, e)) == 1) {
		memo_put(memo, outcome, db_col_text(st, 0), db_col_text(st, 1));
		const char *got = memo_get(memo, outcome, db_col_text(st, 0));
		whole = whole && got && !strcmp(got, db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0)
		return -1;
	if (!whole)
		memo_put(memo, "gridreport_incomplete", outcome, "1");
	return whole && memo_get(memo, "gridreport_loaded", outcome) ? 1 : 0;
}

int gridreport_of(struct db *db, struct memo *memo, const char *outcome, const char *no, char out[48], struct err *e)
{
	*out = 0;
	if (!no)
		return 0;
	/* within an import's transaction no report is made, changed or voided */
	int loaded = memo && strlen(no) < 200 ? load_outcomes(db, memo, outcome, e) : 0;
	if (loaded < 0)
		return -1;
	if (loaded) {
		const char *from = memo_get(memo, outcome, no);
		snprintf(out, 48, "%s", from ? from : "");
		return 0;
	}
	struct db_stmt *st = db_prepare(db, "SELECT report_no FROM gridreports WHERE outcome_no = ? AND outcome = ?"
					    " AND voided_at IS NULL ORDER BY report_no LIMIT 1", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, no);
	db_bind_text(st, 2, outcome);
	int rc = db_step(st, e);
	if (rc == 1)
		snprintf(out, 48, "%s", db_col_text(st, 0));
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int gridreport_derive(struct db *db, struct record *r, struct err *e)
{
	(void)db;
	if (r->v[G_REPORTED_AT].set &&
	    record_set_int(r, G_REPORTED_DAY, instant_local_day(r->v[G_REPORTED_AT].i, config()->tz_minutes), e))
		return -1;
	const char *status = r->v[G_FEEDBACK_AT].set ? "closed"
			     : r->v[G_OUTCOME].set   ? "handled"
			     : r->v[G_ACCEPTED_AT].set ? "accepted"
						       : "reported";
	return record_put(r, G_STATUS, status, strlen(status), e);
}

/* `later` (field b) is not before `earlier` (field a). */
static void in_order(struct rules *rs, const struct record *r, int a, int b, const char *code)
{
	if (!rule_usable(rs, r, a) || !rule_usable(rs, r, b) || r->v[b].i >= r->v[a].i)
		return;
	const struct field *fa = &r->type->fields[a], *fb = &r->type->fields[b];
	rule_broken(rs, ERR_INVALID, code, fb->name, "%s早于%s（%s before %s）", fb->zh, fa->zh, fb->name, fa->name);
}

/* The record a report became: it exists, and it is a record of the station that holds the grid. */
static int outcome_exists(struct db *db, const struct record *r, const char *outcome, struct rules *rs)
{
	const char *no = r->v[G_OUTCOME_NO].s;
	const struct record_type *t = gridreport_outcome_type(outcome);
	if (!t)
		return 0;
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT station FROM %s WHERE %s = ? AND voided_at IS NULL", t->table,
		 field_column(record_key_field(t)));
	char station[24], grid_station[24] = "";
	int found = db_text_of(db, sql, no, station, sizeof station, &rs->e);
	if (found < 0 || (found == 1 && rule_usable(rs, r, G_GRID) &&
			  division_station(db, r->v[G_GRID].s, grid_station, &rs->e)))
		return rule_outcome(rs, -1);
	if (!found)
		rule_broken(rs, ERR_INVALID, "gridreport.outcome_unknown", "outcome_no",
			    "转入编号：找不到%s“%s”（no such %s）", t->zh, no, t->en);
	else if (*grid_station && strcmp(station, grid_station))
		rule_broken(rs, ERR_INVALID, "gridreport.outcome_station", "outcome_no",
			    "转入编号：%s“%s”属于 %s，不是网格所在派出所 %s 的（the %s belongs to another station）", t->zh, no,
			    station, grid_station, t->en);
	return 0;
}

static int gridreport_check(struct db *db, const struct record *r, struct rules *rs)
{
	if (rule_usable(rs, r, G_GRID)) {
		char kind[16];
		if (db_text_of(db, "SELECT kind FROM divisions WHERE code = ?", r->v[G_GRID].s, kind, sizeof kind, &rs->e) < 0)
			return rule_outcome(rs, -1);
		if (strcmp(kind, "grid"))
			rule_broken(rs, ERR_INVALID, "gridreport.not_grid", "grid",
				    "网格：“%s”不是网格（kind grid），请填写 15 位网格编码（not a grid division）", r->v[G_GRID].s);
	}
	/* a grid worker reports; the station accepts, decides and answers */
	if (r->scope && r->scope->kind == SCOPE_GRID)
		for (int i = G_ACCEPTED_AT; i <= G_FEEDBACK; i++)
			if (r->v[i].set)
				rule_broken(rs, ERR_FORBIDDEN, "gridreport.station_only", r->type->fields[i].name,
					    "%s：由派出所填写，网格员不能填写（the station fills this in, not the grid worker）",
					    r->type->fields[i].zh);
	in_order(rs, r, G_REPORTED_AT, G_ACCEPTED_AT, "gridreport.accepted_before_reported");
	in_order(rs, r, G_ACCEPTED_AT, G_FEEDBACK_AT, "gridreport.feedback_before_accepted");
	/* an outcome and feedback come after the station accepted the report */
	if (!r->v[G_ACCEPTED_AT].set && (r->v[G_OUTCOME].set || r->v[G_FEEDBACK_AT].set))
		rule_broken(rs, ERR_INVALID, "gridreport.not_accepted", "accepted_at",
			    "受理时间：已有处置结果或反馈的上报须先受理（an outcome or feedback needs the acceptance time）");
	if (r->v[G_FEEDBACK].set && !r->v[G_FEEDBACK_AT].set)
		rule_broken(rs, ERR_INVALID, "gridreport.feedback_time", "feedback_at",
			    "反馈时间：填写反馈内容时须填写反馈时间（feedback text needs its time）");
	if (!rule_usable(rs, r, G_OUTCOME)) {
		if (r->v[G_OUTCOME_NO].set && !r->v[G_OUTCOME].set)
			rule_broken(rs, ERR_INVALID, "gridreport.outcome_no_without_outcome", "outcome_no",
				    "转入编号：未填写处置结果时不能填写（no outcome: no record number）");
		return 0;
	}
	const char *outcome = r->v[G_OUTCOME].s;
	if (!strcmp(outcome, "no_action")) {
		if (r->v[G_OUTCOME_NO].set)
			rule_broken(rs, ERR_INVALID, "gridreport.outcome_no_unexpected", "outcome_no",
				    "转入编号：无需处置的上报不转入其他记录（no action: no record number）");
		return 0;
	}
	if (!r->v[G_OUTCOME_NO].set) {
		rule_broken(rs, ERR_INVALID, "gridreport.outcome_no_required", "outcome_no",
			    "转入编号：处置结果为“%s”时须填写转入记录的编号（the number of the record it became is required）",
			    code_label(&gridreport_outcomes, outcome));
		return 0;
	}
	return rule_usable(rs, r, G_OUTCOME_NO) ? outcome_exists(db, r, outcome, rs) : 0;
}

/*
 * Records of `t` to name report `to` (NULL: none) instead: those `where`
 * says (?1 = a, ?2 = b unless NULL) whose gridreport_no is not `to` already.  Each is
 * stamped (updated_at) and its change audited as the report's (r->by).
 */
static int relink(struct db *db, const struct record *r, const struct record_type *t, const char *where, const char *a,
		  const char *b, const char *to, int64_t now, struct err *e)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT id, gridreport_no FROM %s WHERE %s ORDER BY id", t->table, where);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	struct row {
		int64_t id;
		char *was; /* the whole number: up to 40 characters of up to 4 bytes */
	} *rows = NULL;
	size_t n = 0;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		const char *was = db_col_null(st, 1) ? NULL : db_col_text(st, 1);
		if (to && was && !strcmp(was, to))
			continue;
		struct row *more = realloc(rows, (n + 1) * sizeof *rows);
		if (!more) {
			rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			break;
		}
		rows = more;
		rows[n].id = db_col_int(st, 0);
		if (!(rows[n++].was = strdup(was ? was : ""))) {
			rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			break;
		}
	}
	db_done(st);
	snprintf(sql, sizeof sql, "UPDATE %s SET gridreport_no = ?, updated_at = ? WHERE id = ?", t->table);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!(st = db_prepare(db, sql, e)))
			rc = -1;
		else {
			db_bind_text(st, 1, to);
			db_bind_int(st, 2, now);
			db_bind_int(st, 3, rows[i].id);
			rc = db_step_done(st, e) < 0 ||
					     record_follow_audit(db, r->by, "update", t, rows[i].id, "gridreport_no",
								 *rows[i].was ? rows[i].was : NULL, to, r, now, e)
				     ? -1
				     : 0;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(rows[i].was);
	free(rows);
	return rc < 0 ? -1 : 0;
}

/*
 * The dispute, incident or hazard the report became names it back; the one
 * it no longer names forgets it (gridreport_no: derived, stamped and
 * audited as the report's change).
 */
static int gridreport_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	const char *no = r->v[G_NO].s;
	const struct record_type *to = r->voided_at || !r->v[G_OUTCOME_NO].set ? NULL : gridreport_outcome_type(r->v[G_OUTCOME].s);
	const char *outcome_no = to ? r->v[G_OUTCOME_NO].s : "";
	char where[120];
	for (size_t i = 0; i < gridreport_n_outcome_types; i++) {
		const struct record_type *t = gridreport_outcome_types[i].type;
		/* every record naming it but the one it became */
		snprintf(where, sizeof where, "gridreport_no = ?1 AND %s <> ?2", field_column(record_key_field(t)));
		if (relink(db, r, t, where, no, t == to ? outcome_no : "", NULL, now, e))
			return -1;
	}
	if (!to)
		return 0;
	snprintf(where, sizeof where, "%s = ?1", field_column(record_key_field(to)));
	return relink(db, r, to, where, outcome_no, NULL, no, now, e);
}

static const struct field gridreport_fields[G_COUNT] = {
	[G_NO] = { .name = "report_no", .zh = "上报编号", .en = "Report no.", .aliases = "编号", .type = FT_TEXT,
		   .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .max_len = 40 },
	[G_REPORTED_AT] = { .name = "reported_at", .zh = "上报时间", .en = "Reported at", .type = FT_INSTANT,
			    .flags = FF_REQUIRED | FF_MAIN_DATE | FF_NOT_FUTURE, .day_column = "reported_day" },
	[G_REPORTED_DAY] = { .name = "reported_day", .zh = "上报日", .en = "Reported day", .type = FT_INT,
			     .flags = FF_DERIVED | FF_HIDDEN },
	[G_GRID] = { .name = "grid", .zh = "网格", .en = "Grid", .aliases = "所在网格|网格编码", .type = FT_REF,
		     .flags = FF_REQUIRED | FF_FILTER, .ref = &division_type },
	[G_KIND] = { .name = "kind", .zh = "事项类型", .en = "Kind", .aliases = "类型", .type = FT_ENUM,
		     .flags = FF_REQUIRED | FF_FILTER, .codes = &gridreport_kinds },
	[G_SUMMARY] = { .name = "summary", .zh = "内容", .en = "Summary", .aliases = "上报内容|简要情况", .type = FT_TEXT,
			.flags = FF_REQUIRED | FF_MULTILINE, .max_len = 2000 },
	[G_ADDRESS] = { .name = "address", .zh = "地址", .en = "Address", .aliases = "地点", .type = FT_TEXT, .max_len = 200 },
	[G_ACCEPTED_AT] = { .name = "accepted_at", .zh = "受理时间", .en = "Accepted at", .type = FT_INSTANT,
			    .flags = FF_NOT_FUTURE },
	[G_OUTCOME] = { .name = "outcome", .zh = "处置结果", .en = "Outcome", .type = FT_ENUM, .flags = FF_FILTER,
			.codes = &gridreport_outcomes },
	[G_OUTCOME_NO] = { .name = "outcome_no", .zh = "转入编号", .en = "Outcome no.", .type = FT_TEXT, .flags = FF_FILTER,
			   .max_len = 40 },
	[G_FEEDBACK_AT] = { .name = "feedback_at", .zh = "反馈时间", .en = "Feedback at", .type = FT_INSTANT,
			    .flags = FF_NOT_FUTURE },
	[G_FEEDBACK] = { .name = "feedback", .zh = "反馈内容", .en = "Feedback", .aliases = "反馈", .type = FT_TEXT,
			 .flags = FF_MULTILINE, .max_len = 2000 },
	[G_STATUS] = { .name = "status", .zh = "状态", .en = "Status", .type = FT_ENUM, .flags = FF_DERIVED | FF_FILTER,
		       .codes = &gridreport_statuses },
};

const struct record_type gridreport_type = {
	.kind = "gridreports", .table = "gridreports", .zh = "网格上报", .en = "grid report",
	.fields = gridreport_fields, .nfields = G_COUNT,
	.derive = gridreport_derive, .check = gridreport_check, .after_change = gridreport_after,
	.scope_sql = { [SCOPE_UNIT] = "grid IN (" DIVISIONS_OF_STATION ")", [SCOPE_GRID] = "grid = ?" },
	/* not accepted 24 hours after it was made, or without feedback 7 days after (todo.c's deadlines) */
	.overdue_sql = "EXISTS (SELECT 1 FROM (SELECT CAST(? AS BIGINT) AS m) p WHERE"
		       " (accepted_at IS NULL AND reported_at + " STR(GRIDREPORT_ACCEPT_HOURS) " * 3600 < p.m) OR"
		       " (feedback_at IS NULL AND reported_at + " STR(GRIDREPORT_FEEDBACK_DAYS) " * 86400 < p.m))",
	.overdue_at_moment = true,
};
