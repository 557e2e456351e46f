/*
 * todo.c — the deadlines of §5 and the to-do list (待办): for each kind, a
 * record_list in the caller's scope with a condition that keeps what is
 * not done as of the day and due by the horizon; todo_state() then decides
 * each item, so the rule is written once.
 */
#include "model/todo.h"
#include "base/config.h"
#include "base/date.h"
#include "base/text.h"
#include "model/dispute.h"
#include "model/gridreport.h"
#include "model/ledger.h"
#include "model/org.h"
#include "model/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int32_t todo_result_due(int32_t registered)
{
	return registered + DISPUTE_RESULT_DAYS;
}

int32_t todo_accept_due(int32_t referred)
{
	return referred + REFERRAL_ACCEPT_DAYS;
}

enum todo_state todo_state(int32_t due, int32_t done, int32_t as_of)
{
	if (done >= 0 && done <= as_of)
		return TODO_DONE;
	if (as_of > due)
		return TODO_OVERDUE;
	return due - as_of <= TODO_HORIZON_DAYS ? TODO_DUE_SOON : TODO_LATER;
}

const char *todo_kind_name(enum todo_kind k)
{
	static const char *const names[TODO_KINDS] = { "disputes", "referrals", "followups", "gridreports", "hazards", "actions" };
	return k < TODO_KINDS ? names[k] : "";
}

/* A live dispute's number: referrals and follow-ups of a voided one are no one's work. */
#define OF_LIVE_DISPUTE " AND dispute_no IN (SELECT dispute_no FROM disputes WHERE voided_at IS NULL)"
/*
 * Not done by as_of, and started (or due) by the last day that may be
 * listed: one text parameter "AS_OF|LAST" (both YYYY-MM-DD), so the SQL
 * stays the same whatever the day and uses no engine's date functions.
 */
#define WINDOW(done, start)                                                                  \
	"EXISTS (SELECT 1 FROM (SELECT ? AS v) p WHERE " done " > substr(p.v, 1, 10) AND " start \
	" <= substr(p.v, 12, 10))"

/* A grid report made by the moment ? (Unix seconds) and not fed back by it. */
#define GRIDREPORT_OPEN_AT                                                                              \
	"EXISTS (SELECT 1 FROM (SELECT CAST(? AS BIGINT) AS m) p WHERE reported_at <= p.m"             \
	" AND (feedback_at IS NULL OR feedback_at > p.m))"

/* How each kind is read: its type, the SQL of its window, and its fields. */
static const struct todo_source {
	const struct record_type *type;
	const char *sql;          /* one ? = "AS_OF|LAST" */
	const char *start, *done; /* the start (or due) field; the done field (NULL: a referral's) */
	int days;                 /* deadline = start + days */
} sources[TODO_KINDS] = {
	[TODO_DISPUTE] = { &dispute_type, WINDOW(DISPUTE_RESULT_ON, "registered_on"), "registered_on",
			   "result_on", DISPUTE_RESULT_DAYS },
	[TODO_REFERRAL] = { &referral_type,
			    WINDOW(REFERRAL_DONE_ON, "referred_on") OF_LIVE_DISPUTE,
			    "referred_on", NULL, REFERRAL_ACCEPT_DAYS },
	[TODO_FOLLOWUP] = { &followup_type, WINDOW(FOLLOWUP_DONE_ON, "due_on") OF_LIVE_DISPUTE, "due_on",
			    "done_on", 0 },
	/* reported and without feedback at the list's moment (GRIDREPORT_OPEN_AT; each_gridreport decides) */
	[TODO_GRIDREPORT] = { &gridreport_type, NULL, "reported_at", "feedback_at", GRIDREPORT_FEEDBACK_DAYS },
	[TODO_HAZARD] = { &hazard_type, WINDOW("COALESCE(fixed_on, '9999-12-31')", "deadline"), "deadline", "fixed_on", 0 },
	[TODO_ACTION] = { &action_type, WINDOW("COALESCE(done_on, '9999-12-31')", "due_on"), "due_on", "done_on", 0 },
};

struct walk {
	struct db *db;
	const struct todo_query *q;
	struct todo *out;
	enum todo_kind kind;
	struct err *e;
	int failed;
};

static int32_t day_of(const char *s)
{
	int32_t d;
	struct err ignored;
	return s && *s && date_parse(s, "date", &d, &ignored) == 0 ? d : -1;
}

/* The station of the dispute a referral or follow-up is filed under. */
static int dispute_station(struct walk *w, const char *dispute_no, char out[24])
{
	struct db_stmt *st = db_prepare(w->db, "SELECT station FROM disputes WHERE dispute_no = ?", w->e);
	if (!st)
		return -1;
	db_bind_text(st, 1, dispute_no);
	int rc = db_step(st, w->e);
	snprintf(out, 24, "%s", rc == 1 ? db_col_text(st, 0) : "");
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static void label(struct todo_item *it)
{
	char due[11], left[64];
	date_format(it->due, due);
	int late = it->days_overdue;
	if (late == 0)
		snprintf(left, sizeof left, "今日到期（due today）");
	else
		snprintf(left, sizeof left, "还剩 %d 天（due in %d days）", -late, -late);
	switch (it->kind) {
	case TODO_DISPUTE:
		if (late > 0)
			snprintf(it->label, sizeof it->label, "纠纷 %s 登记超过 %d 天未出调处结果，已逾期 %d 天（no result within %d days, %d days overdue）",
				 it->key, DISPUTE_RESULT_DAYS, late, DISPUTE_RESULT_DAYS, late);
		else
			snprintf(it->label, sizeof it->label, "纠纷 %s 应于 %s 前出调处结果，%s", it->key, due, left);
		break;
	case TODO_REFERRAL:
		if (late > 0)
			snprintf(it->label, sizeof it->label, "移交 %s（纠纷 %s）超过 %d 天未接收，已逾期 %d 天（not accepted within %d days, %d days overdue）",
				 it->key, it->dispute_no, REFERRAL_ACCEPT_DAYS, late, REFERRAL_ACCEPT_DAYS, late);
		else
			snprintf(it->label, sizeof it->label, "移交 %s（纠纷 %s）应于 %s 前接收，%s", it->key, it->dispute_no, due, left);
		break;
	case TODO_GRIDREPORT:
		break; /* labelled by each_gridreport */
	case TODO_HAZARD:
		if (late > 0)
			snprintf(it->label, sizeof it->label, "隐患 %s 整改期限 %s 已过仍未整改，已逾期 %d 天（not fixed by its deadline, %d days overdue）",
				 it->key, due, late, late);
		else
			snprintf(it->label, sizeof it->label, "隐患 %s 应于 %s 前整改完成，%s", it->key, due, left);
		break;
	case TODO_ACTION:
		if (late > 0)
			snprintf(it->label, sizeof it->label, "会议 %s 议定事项“%s”应于 %s 完成，已逾期 %d 天（action item %d days overdue）",
				 it->meeting, it->what, due, late, late);
		else
			snprintf(it->label, sizeof it->label, "会议 %s 议定事项“%s”应于 %s 完成，%s", it->meeting, it->what, due, left);
		break;
	default:
		if (late > 0)
			snprintf(it->label, sizeof it->label, "纠纷 %s 应于 %s 回访，已逾期 %d 天（follow-up %d days overdue）", it->key, due, late,
				 late);
		else
			snprintf(it->label, sizeof it->label, "纠纷 %s 应于 %s 回访，%s", it->key, due, left);
	}
}

static struct todo_station *station_counts(struct todo *t, const char *station)
{
	for (size_t i = 0; i < t->nstations; i++)
		if (!strcmp(t->stations[i].station, station))
			return &t->stations[i];
	struct todo_station *s = realloc(t->stations, (t->nstations + 1) * sizeof *s);
	if (!s)
		return NULL;
	t->stations = s;
	s = &t->stations[t->nstations++];
	memset(s, 0, sizeof *s);
	snprintf(s->station, sizeof s->station, "%s", station);
	return s;
}

static void count(struct todo_counts *c, enum todo_kind k, bool overdue)
{
	if (overdue)
		c->overdue[k]++;
	else
		c->due_soon[k]++;
}

static int add_item(struct walk *w, struct todo_item *it);

int64_t todo_moment(int32_t as_of, int64_t now)
{
	int64_t end_of_day = local_day_end(as_of, config()->tz_minutes) - 1;
	return now && now < end_of_day ? now : end_of_day;
}

static int64_t list_moment(const struct todo_query *q)
{
	return todo_moment(q->as_of, q->now);
}

/*
 * A grid report: its acceptance due 24 hours after reported_at while not
 * accepted, then its feedback due 7 days after it; the moment compared is
 * now on today's list, the end of as_of on another day's.
 */
static int each_gridreport(struct walk *w, const struct record *r)
{
	const struct value *at = &r->v[field_index(r->type, "reported_at")];
	const struct value *accepted = &r->v[field_index(r->type, "accepted_at")];
	const struct value *feedback = &r->v[field_index(r->type, "feedback_at")];
	int tz = config()->tz_minutes;
	int64_t moment = list_moment(w->q);
	bool accept = !accepted->set || accepted->i > moment;
	if (at->i > moment || (!accept && feedback->set && feedback->i <= moment))
		return 0;
	int64_t deadline = accept ? gridreport_accept_due(at->i) : gridreport_feedback_due(at->i);
	struct todo_item it = { .kind = TODO_GRIDREPORT, .id = r->id, .due = instant_local_day(deadline, tz),
				.overdue = moment > deadline };
	it.days_overdue = (int)(w->q->as_of - it.due);
	if (!it.overdue && it.due - w->q->as_of > TODO_HORIZON_DAYS)
		return 0;
	snprintf(it.key, sizeof it.key, "%s", record_get(r, "report_no"));
	if (division_station(w->db, record_get(r, "grid"), it.station, w->e))
		return w->failed = -1;
	if (w->q->station && *w->q->station && strcmp(w->q->station, it.station))
		return 0;
	long hours = (long)((moment - deadline) / 3600);
	char due[11];
	date_format(it.due, due);
	if (accept && it.overdue)
		snprintf(it.label, sizeof it.label, "网格上报 %s 超过 %d 小时未受理，已逾期 %ld 小时（not accepted within %d hours, %ld hours overdue）",
			 it.key, GRIDREPORT_ACCEPT_HOURS, hours, GRIDREPORT_ACCEPT_HOURS, hours);
	else if (accept)
		snprintf(it.label, sizeof it.label, "网格上报 %s 应于 %s 前受理（accept within %d hours）", it.key, due,
			 GRIDREPORT_ACCEPT_HOURS);
	else if (it.overdue)
		snprintf(it.label, sizeof it.label, "网格上报 %s 超过 %d 天未反馈，已逾期 %ld 小时（no feedback within %d days, %ld hours overdue）",
			 it.key, GRIDREPORT_FEEDBACK_DAYS, hours, GRIDREPORT_FEEDBACK_DAYS, hours);
	else
		snprintf(it.label, sizeof it.label, "网格上报 %s 应于 %s 前反馈（feedback within %d days）", it.key, due,
			 GRIDREPORT_FEEDBACK_DAYS);
	return add_item(w, &it);
}

static int each(void *ctx, const struct record *r)
{
	struct walk *w = ctx;
	if (w->kind == TODO_GRIDREPORT)
		return each_gridreport(w, r);
	const struct todo_source *src = &sources[w->kind];
	int32_t start = day_of(record_get(r, src->start));
	int32_t done = -1;
	if (src->done)
		done = day_of(record_get(r, src->done));
	else /* a referral is done once accepted, or closed, or returned without either (REFERRAL_DONE_ON) */
		done = day_of(record_get(r, record_get(r, "accepted_on") ? "accepted_on"
					   : record_get(r, "closed_on") || !record_get(r, "result") ? "closed_on"
												    : "referred_on"));
	int32_t as_of = w->q->as_of;
	if (start < 0 || (w->kind == TODO_REFERRAL && start > as_of))
		return 0; /* a referral made after the day was no one's work on it */
	int32_t due = start + src->days;
	enum todo_state st = todo_state(due, done, as_of);
	if (st != TODO_OVERDUE && st != TODO_DUE_SOON)
		return 0;

	struct todo_item it = { .kind = w->kind, .id = r->id, .due = due, .days_overdue = (int)(as_of - due),
				.overdue = st == TODO_OVERDUE };
	const char *dispute_no = record_get(r, "dispute_no");
	snprintf(it.dispute_no, sizeof it.dispute_no, "%s", dispute_no ? dispute_no : "");
	snprintf(it.key, sizeof it.key, "%s", w->kind == TODO_REFERRAL ? record_get(r, "referral_no") : it.dispute_no);
	if (w->kind == TODO_HAZARD)
		snprintf(it.key, sizeof it.key, "%s", record_get(r, "hazard_no"));
	if (w->kind == TODO_ACTION) { /* its meeting's division and day; what is to be done, cut at a whole character */
		snprintf(it.key, sizeof it.key, "%s %s", record_get(r, "division"), record_get(r, "held_on"));
		text_quote(it.what, sizeof it.what, record_get(r, "item"), sizeof it.what - 1);
		/* the label names the division, not its 12 digits */
		char name[256] = "", shown[64];
		if (division_name(w->db, record_get(r, "division"), name, sizeof name, w->e) < 0)
			return w->failed = -1;
		text_quote(shown, sizeof shown, *name ? name : record_get(r, "division"), sizeof shown - 1);
		snprintf(it.meeting, sizeof it.meeting, "%s %s", shown, record_get(r, "held_on"));
	}
	if (w->kind == TODO_REFERRAL || w->kind == TODO_FOLLOWUP) {
		if (dispute_station(w, it.dispute_no, it.station))
			return w->failed = -1;
	} else {
		snprintf(it.station, sizeof it.station, "%s", record_get(r, "station"));
	}
	if (w->q->station && *w->q->station && strcmp(w->q->station, it.station))
		return 0;
	label(&it);
	return add_item(w, &it);
}

static int add_item(struct walk *w, struct todo_item *item)
{
	const struct todo_item it = *item;
	struct todo *t = w->out;
	struct todo_item *items = realloc(t->items, (t->n + 1) * sizeof *items);
	struct todo_station *s = station_counts(t, it.station);
	if (items)
		t->items = items;
	if (!items || !s) {
		err_set(w->e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return w->failed = -1;
	}
	t->items[t->n++] = it;
	bool overdue = it.overdue;
	count(&t->total, w->kind, overdue);
	count(&s->c, w->kind, overdue);
	/* the items of the caller's own unit (and below) are "mine": all it sees when
	 * its scope is that unit, as a partner's mediator's or a grid worker's are */
	const struct scope *sc = w->q->scope;
	bool confined = sc && (sc->kind == SCOPE_PARTNER || sc->kind == SCOPE_GRID ||
			       (sc->kind == SCOPE_UNIT && !strcmp(sc->unit, t->mine_unit)));
	if (t->has_mine && (confined || !strcmp(it.station, t->mine_unit)))
		count(&t->mine, w->kind, overdue);
	return 0;
}

static int by_urgency(const void *a, const void *b)
{
	const struct todo_item *x = a, *y = b;
	if (x->overdue != y->overdue)
		return x->overdue ? -1 : 1;
	if (x->days_overdue != y->days_overdue)
		return x->days_overdue > y->days_overdue ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int by_station(const void *a, const void *b)
{
	return strcmp(((const struct todo_station *)a)->station, ((const struct todo_station *)b)->station);
}

int todo_compute(struct db *db, const struct todo_query *q, struct todo *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->as_of = q->as_of;
	if (q->unit && *q->unit) {
		out->has_mine = true;
		snprintf(out->mine_unit, sizeof out->mine_unit, "%s", q->unit);
	}
	struct walk w = { .db = db, .q = q, .out = out, .e = e };
	int rc = 0;
	for (int k = 0; rc == 0 && k < TODO_KINDS; k++) {
		if (q->hide[k])
			continue;
		const struct todo_source *src = &sources[k];
		struct record_filter f = { "station", q->station };
		char window[22];
		date_format(q->as_of, window);
		window[10] = '|';
		date_format(q->as_of + TODO_HORIZON_DAYS - src->days, window + 11);
		struct record_query rq = { .scope = q->scope, .extra_text_sql = src->sql, .extra_text = window };
		if (k == TODO_GRIDREPORT) /* reported, and not fed back, by the list's moment */
			rq = (struct record_query){ .scope = q->scope, .extra_int_sql = GRIDREPORT_OPEN_AT, .extra_int = list_moment(q) };
		if ((k == TODO_DISPUTE || k == TODO_HAZARD || k == TODO_ACTION) && q->station && *q->station) {
			rq.filters = &f;
			rq.nfilters = 1;
		}
		w.kind = (enum todo_kind)k;
		rc = record_list(db, src->type, &rq, each, &w, NULL, e);
		if (w.failed)
			rc = -1;
	}
	if (rc == 0)
		rc = settings_demo(db, &out->demo, e);
	if (rc) {
		todo_free(out);
		return -1;
	}
	if (out->n)
		qsort(out->items, out->n, sizeof *out->items, by_urgency);
	if (out->nstations)
		qsort(out->stations, out->nstations, sizeof *out->stations, by_station);
	return 0;
}

void todo_free(struct todo *t)
{
	free(t->items);
	free(t->stations);
	memset(t, 0, sizeof *t);
}
