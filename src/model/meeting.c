/*
 * meeting.c — committee meetings and their action items (会议, 议定事项,
 * CONTRACTS.md §6).
 *
 * A meeting is the town's, community's or gacha's committee meeting that a
 * community officer, a member of it by his concurrent post (post.c),
 * attended: on the meeting day the attendee holds a live post in that
 * division (for a town, a township_committee post).  Whether he briefed
 * the meeting on the local situation is recorded (briefed, 0/1).  The
 * meeting belongs to the attendee's station as it was when first recorded.
 *
 * An action item names its meeting by division and day (CONTRACTS §6 keys
 * it division + held_on + item).  A division may hold two meetings of
 * different kinds on one day (a party committee and a joint meeting): an
 * item then belongs to that day's sitting as a whole — it needs a live
 * meeting of the division on that day, and its station is the first
 * recorded one's.  Its deadline and its completion are not before that day.
 * Voiding the day's last meeting voids its items; moving it away from them is
 * refused.
 */
#include "model/ledger.h"
#include "model/org.h"
#include "model/unit.h"

#include <stdlib.h>
#include <string.h>

static const struct code_item meeting_kind_items[] = {
	{ "party_committee", "党委会", "party committee" },
	{ "two_committees", "两委会", "two committees" },
	{ "joint", "联席会议", "joint meeting" },
	{ "other", "其他", "other" },
};
const struct code_list meeting_kinds = CODE_LIST(meeting_kind_items);

enum { M_ON, M_DIVISION, M_KIND, M_ATTENDEE, M_STATION, M_TOPICS, M_BRIEFED, M_COUNT };

static int meeting_derive(struct db *db, struct record *r, struct err *e)
{
	if (!r->v[M_BRIEFED].set && record_set(r, M_BRIEFED, "0", 0, e))
		return -1;
	static const char *const keys[] = { "attendee", "division", "held_on", "kind", NULL };
	return ledger_derive_station(db, r, keys, "SELECT station FROM personnel WHERE badge_no = ?", 1, e);
}

/* Does the attendee hold a live post in the division on the day (a town: a township_committee post)?  1, 0, -1. */
static int holds_post(struct db *db, const struct record *r, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM posts p WHERE p.badge_no = ? AND p.division = ?"
					    " AND p.voided_at IS NULL AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?)"
					    " AND (p.kind = 'township_committee' OR"
					    " NOT EXISTS (SELECT 1 FROM divisions d WHERE d.code = p.division AND d.kind = 'town'))",
					e);
	if (!st)
		return -1;
	db_bind_text(st, 1, r->v[M_ATTENDEE].s);
	db_bind_text(st, 2, r->v[M_DIVISION].s);
	db_bind_text(st, 3, r->v[M_ON].s);
	db_bind_text(st, 4, r->v[M_ON].s);
	return db_step_done(st, e);
}

static int meeting_check(struct db *db, const struct record *r, struct rules *rs)
{
	if (!rule_usable(rs, r, M_ATTENDEE) || !rule_usable(rs, r, M_DIVISION) || !rule_usable(rs, r, M_ON))
		return 0;
	int held = holds_post(db, r, &rs->e);
	if (held < 0)
		return rule_outcome(rs, -1);
	if (!held)
		rule_broken(rs, ERR_INVALID, "meeting.attendee_no_post", "attendee",
			    "参会民警 %s 在 %s 当天未在 %s 担任兼职（乡镇须为乡镇党委班子成员）"
			    "（the attendee holds no post in that division on that day; in a town, a township_committee post）",
			    r->v[M_ATTENDEE].s, r->v[M_ON].s, r->v[M_DIVISION].s);
	return 0;
}

/*
 * After a meeting changed or was voided: the action items of a division's day
 * that has no live meeting left.  A void takes them with it (they were agreed
 * at a meeting entered in error); a change of the division or day that would
 * leave them without a meeting is refused (409 meeting.actions_orphaned): move
 * or void them first.
 */
static int meeting_after(struct db *db, const struct record *r, int64_t now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM actions a WHERE a.station = ? AND a.voided_at IS NULL"
					    " AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.division = a.division"
					    " AND m.held_on = a.held_on AND m.voided_at IS NULL) ORDER BY id", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, r->v[M_STATION].s);
	int64_t *ids = NULL;
	long n = 0;
	if (db_ids(st, &ids, &n, e))
		return -1;
	int rc = 0;
	if (n && !r->voided_at)
		rc = err_set(e, ERR_CONFLICT, "meeting.actions_orphaned", "held_on",
			     "会议名下有 %ld 项议定事项，改动会议单位或日期会使其失去所属会议，请先调整或作废这些事项"
			     "（%ld action items would lose their meeting: move or void them first）", n, n);
	for (long i = 0; rc == 0 && i < n; i++)
		rc = record_void(db, &action_type, ids[i], "会议已作废（the meeting was voided）", now, e);
	free(ids);
	return rc;
}

static const struct field meeting_fields[M_COUNT] = {
	[M_ON] = { .name = "held_on", .zh = "会议日期", .en = "Held on", .aliases = "日期", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER | FF_MAIN_DATE | FF_NOT_FUTURE },
	[M_DIVISION] = { .name = "division", .zh = "会议单位", .en = "Division", .aliases = "区划", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &division_type },
	[M_KIND] = { .name = "kind", .zh = "会议类型", .en = "Kind", .aliases = "类型", .type = FT_ENUM,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .codes = &meeting_kinds },
	[M_ATTENDEE] = { .name = "attendee", .zh = "参会民警", .en = "Attendee", .aliases = "民警|警号", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_FILTER, .ref = &personnel_type },
	[M_STATION] = { .name = "station", .zh = "管辖单位", .en = "Station", .type = FT_REF, .flags = FF_DERIVED | FF_FILTER,
	  .ref = &station_type },
	[M_TOPICS] = { .name = "topics", .zh = "议题", .en = "Topics", .type = FT_TEXT, .flags = FF_MULTILINE, .max_len = 2000 },
	[M_BRIEFED] = { .name = "briefed", .zh = "通报警情", .en = "Briefed", .aliases = "是否通报", .type = FT_BOOL,
	  .flags = FF_FILTER },
};

const struct record_type meeting_type = {
	.kind = "meetings", .table = "meetings", .zh = "会议", .en = "meeting",
	.fields = meeting_fields, .nfields = M_COUNT,
	.derive = meeting_derive, .check = meeting_check, .after_change = meeting_after,
	.scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE },
};

enum { A_DIVISION, A_ON, A_ITEM, A_STATION, A_OWNER, A_DUE, A_DONE, A_COUNT };

/* The day's meetings of the division, first recorded first (those of other stations do not exist for a station user). */
#define DAY_MEETING "SELECT station FROM meetings WHERE division = ? AND held_on = ? AND voided_at IS NULL ORDER BY id LIMIT 1"

static int action_derive(struct db *db, struct record *r, struct err *e)
{
	static const char *const keys[] = { "division", "held_on", "item", NULL };
	return ledger_derive_station(db, r, keys, DAY_MEETING, 2, e);
}

static int action_check(struct db *db, const struct record *r, struct rules *rs)
{
	ledger_not_before(rs, r, "due_on", "held_on", "action.due_before_meeting");
	ledger_not_before(rs, r, "done_on", "held_on", "action.done_before_meeting");
	if (!rule_usable(rs, r, A_DIVISION) || !rule_usable(rs, r, A_ON))
		return 0;
	bool unit = r->scope && r->scope->kind == SCOPE_UNIT;
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM meetings WHERE division = ? AND held_on = ? AND voided_at IS NULL"
					    " AND (? IS NULL OR station IN " UNIT_SUBTREE ")", &rs->e);
	if (!st)
		return rule_outcome(rs, -1);
	db_bind_text(st, 1, r->v[A_DIVISION].s);
	db_bind_text(st, 2, r->v[A_ON].s);
	db_bind_text(st, 3, unit ? r->scope->unit : NULL);
	db_bind_text(st, 4, unit ? r->scope->unit : NULL);
	int found = db_step_done(st, &rs->e);
	if (found < 0)
		return rule_outcome(rs, -1);
	if (!found)
		rule_broken(rs, ERR_INVALID, "action.no_meeting", "held_on",
			    "%s 在 %s 没有会议记录，请先登记会议（no meeting of that division on that day）", r->v[A_DIVISION].s,
			    r->v[A_ON].s);
	return 0;
}

static const struct field action_fields[A_COUNT] = {
	[A_DIVISION] = { .name = "division", .zh = "会议单位", .en = "Division", .aliases = "区划", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &division_type },
	[A_ON] = { .name = "held_on", .zh = "会议日期", .en = "Meeting day", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_KEY | FF_MAIN_DATE },
	[A_ITEM] = { .name = "item", .zh = "议定事项", .en = "Item", .aliases = "事项", .type = FT_TEXT,
	  .flags = FF_REQUIRED | FF_KEY, .max_len = 500 },
	[A_STATION] = { .name = "station", .zh = "管辖单位", .en = "Station", .type = FT_REF, .flags = FF_DERIVED | FF_FILTER,
	  .ref = &station_type },
	[A_OWNER] = { .name = "owner", .zh = "责任人", .en = "Owner", .type = FT_TEXT, .flags = FF_REQUIRED | FF_FILTER,
	  .max_len = 60 },
	[A_DUE] = { .name = "due_on", .zh = "期限", .en = "Due on", .aliases = "完成期限", .type = FT_DATE, .flags = FF_REQUIRED },
	[A_DONE] = { .name = "done_on", .zh = "完成日期", .en = "Done on", .type = FT_DATE, .flags = FF_NOT_FUTURE },
};

const struct record_type action_type = {
	.kind = "actions", .table = "actions", .zh = "议定事项", .en = "action item",
	.fields = action_fields, .nfields = A_COUNT,
	/* not rows_stand_alone: the derive reads the stored item's station */
	.derive = action_derive, .check = action_check, .scope_sql = { [SCOPE_UNIT] = "station IN " UNIT_SUBTREE },
	.overdue_sql = "done_on IS NULL AND due_on < ?", /* not done, its due day passed */
};
