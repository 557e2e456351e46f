/*
 * disputes.c — the disputes report: its rows from the dispute rollup cells
 * (model/rollup.h), the rest by indexed counts on the tables (mediations
 * by day, referrals by day, follow-ups by due day, disputes by registration
 * day for the overdue ones), and its JSON.
 */
#include "stats/disputes.h"
#include "base/array.h"
#include "base/date.h"
#include "model/dispute.h"
#include "model/org.h"
#include "model/settings.h"
#include "model/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char dispute_definitions[] =
	"口径：期间为含首尾两日的本地日期；排查数 = 本期登记的纠纷数；调处数 = 其中在期末当日及以前有调解或移交的纠纷数；"
	"成功数 = 其中在期末当日及以前达成协议（调解达成协议或移交调解成功）的纠纷数；调处率 = 调处数 / 排查数，"
	"成功率 = 成功数 / 调处数，百分比四舍五入到两位小数，分母为 0 时不计算；增减% 比较本期与对比期（同比或环比）的排查数；"
	"按方式统计本期举行的调解，按协作单位统计本期移交的纠纷（接收、调解成功均截至期末）；"
	"超期截至期末当日：登记 30 日内无结果（达成协议、调解不成或已立案）的纠纷，移交 3 日内未接收且无结果的移交，"
	"到期未回访的回访；回访统计本期应回访的，按期回访 = 回访日期不晚于应回访日期，满意率 = (满意 + 基本满意) / 已回访并评价的。\n"
	"Definitions: periods are inclusive local dates; registered = disputes registered in the period; handled = of "
	"those, the ones with a mediation or a referral on or before the last day; settled = of those, the ones with an "
	"agreement (a mediation or a referral) on or before the last day; handled rate = handled / registered, settled "
	"rate = settled / handled, in percent rounded half away from zero to two decimals, not computed on a zero base; "
	"change % compares the registrations with the comparison period (yoy or mom); by mode counts the mediations held "
	"in the period, by partner the referrals made in it (accepted and settled by the last day); overdue on the last "
	"day: disputes without a result (agreement, failed or filed) 30 days after registration, referrals neither "
	"accepted nor with a result 3 days after referral, follow-ups not done by their due day; follow-ups are those due in the "
	"period, on time = done on or before the due day, satisfaction rate = (satisfied + basic) / all rated.\n";

/* Disputes of a division and of every division below it (one `?`: the division). */
#define DISPUTE_OF_DIVISION "dispute_no IN (SELECT dispute_no FROM disputes WHERE division IN (" DIVISIONS_BELOW_SQL "))"

/*
 * The scope conditions of a table's SQL: the station, then the division when
 * the report has them (disputes carry both; the other tables their dispute's).
 * `prefix` qualifies dispute_no ("f." for an aliased table).
 */
static const char *scope_sql(const struct dispute_report *r, bool disputes, const char *prefix, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s", r->station[0] ? " AND " : "",
		 r->station[0] ? (disputes ? "station IN " UNIT_SUBTREE : prefix) : "",
		 r->station[0] && !disputes ? DISPUTE_OF_STATION : "", r->division[0] ? " AND " : "",
		 r->division[0] ? (disputes ? "division IN (" DIVISIONS_BELOW_SQL ")" : prefix) : "");
	if (r->division[0] && !disputes)
		snprintf(buf + strlen(buf), n - strlen(buf), "%s", DISPUTE_OF_DIVISION);
	return buf;
}

static void day_text(int32_t day, char out[11])
{
	date_format(day, out);
}

static int type_row(const char *type)
{
	for (size_t i = 0; i < dispute_types.n; i++)
		if (!strcmp(dispute_types.items[i].code, type))
			return (int)i + 1;
	return -1;
}

/* Prepare `sql` with `n` text binds, then the report's station and division when it has them; NULL after setting e. */
static struct db_stmt *prepare_bound(struct db *db, const char *sql, const char *const *binds, int n,
				     const struct dispute_report *r, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return NULL;
	for (int i = 0; i < n; i++)
		db_bind_text(st, i + 1, binds[i]);
	if (r->station[0])
		db_bind_text(st, ++n, r->station);
	if (r->division[0])
		db_bind_text(st, ++n, r->division);
	return st;
}

/*
 * The dispute rows of n disjoint periods in order (rows[i]), from one of the
 * dispute cell tables (each live dispute is one n in each), of a station
 * (NULL: the whole bureau): per type and in total, registered in the period
 * and handled by its last day (the handled cells), settled by it (the
 * settled cells), or (previous) the registrations alone.  One statement
 * grouped by registration day, type and the cells' day.
 */
static int cells_periods(struct db *db, const char *station, const char *table, const char *day, int n,
			 const int32_t *from, const int32_t *to, struct dispute_row (*rows)[DISPUTE_ROWS], bool previous,
			 struct err *e)
{
	char sql[512];
	bool settled = !strcmp(day, "settled_day");
	snprintf(sql, sizeof sql,
		 "SELECT registered_day, type, %s, SUM(n) FROM %s WHERE registered_day BETWEEN ? AND ?%s"
		 " GROUP BY registered_day, type, %s",
		 day, table, station ? " AND station IN " UNIT_SUBTREE : "", day);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_int(st, 1, from[0]);
	db_bind_int(st, 2, to[n - 1]);
	if (station)
		db_bind_text(st, 3, station);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		int i = day_bucket((int32_t)db_col_int(st, 0), n, from, to);
		if (i < 0)
			continue;
		int row = type_row(db_col_text(st, 1));
		int64_t d = db_col_int(st, 2), c = db_col_int(st, 3);
		bool by_last = d >= 0 && d <= to[i]; /* handled (settled) on or before the period's last day */
		for (int k = 0; k < 2; k++) {
			if (k == 1 && row < 0)
				break;
			struct dispute_row *x = &rows[i][k == 0 ? 0 : row];
			if (previous)
				x->previous += c;
			else if (settled)
				x->settled += by_last ? c : 0;
			else {
				x->registered += c;
				x->handled += by_last ? c : 0;
			}
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/*
 * Registered and handled (or settled) per type of [from, to]: from the cells
 * (cells_periods with one period), or with a division from the disputes.
 */
static int sum_cells(struct db *db, struct dispute_report *r, const char *table, const char *day, int32_t from,
		     int32_t to, bool previous, struct err *e)
{
	if (!r->division[0])
		return cells_periods(db, r->station[0] ? r->station : NULL, table, day, 1, &from, &to, &r->rows, previous,
				     e);
	char sql[1024], scope[512];
	bool settled = !strcmp(day, "settled_day");
	/* the cells carry no division: the same figures from the disputes themselves */
	char dfrom[11], dto[11];
	day_text(from, dfrom);
	day_text(to, dto);
	snprintf(sql, sizeof sql,
		 "SELECT type, COUNT(*), COALESCE(SUM(CASE WHEN %s THEN 1 ELSE 0 END), 0) FROM disputes"
		 " WHERE voided_at IS NULL AND registered_on BETWEEN ? AND ?%s GROUP BY type",
		 settled ? DR_SETTLED : DR_HANDLED, scope_sql(r, true, "", scope, sizeof scope));
	const char *binds[3] = { dto, dfrom, dto };
	struct db_stmt *st = prepare_bound(db, sql, binds, 3, r, e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		int row = type_row(db_col_text(st, 0));
		int64_t n = db_col_int(st, 1), k = db_col_int(st, 2);
		for (int i = 0; i < 2; i++) {
			if (i == 1 && row < 0)
				break;
			struct dispute_row *d = &r->rows[i == 0 ? 0 : row];
			if (previous)
				d->previous += n;
			else if (settled)
				d->settled += k;
			else {
				d->registered += n;
				d->handled += k;
			}
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int count_rows(struct db *db, struct dispute_report *r, struct err *e)
{
	return sum_cells(db, r, "dispute_handled_cells", "handled_day", r->from, r->to, false, e) ||
			       sum_cells(db, r, "dispute_settled_cells", "settled_day", r->from, r->to, false, e) ||
			       (r->compare != COMPARE_NONE &&
				sum_cells(db, r, "dispute_handled_cells", "handled_day", r->prev_from, r->prev_to, true, e))
		       ? -1
		       : 0;
}

/* Bind the scope (when any) after `n` binds and step a one-row count query into out[0..ncols-1]. */
static int count_one(struct db *db, const char *sql, const char *const *binds, int n, const struct dispute_report *r,
		     int64_t *out, int ncols, struct err *e)
{
	struct db_stmt *st = prepare_bound(db, sql, binds, n, r, e);
	if (!st)
		return -1;
	int rc = db_step(st, e);
	for (int i = 0; rc == 1 && i < ncols; i++)
		out[i] = db_col_int(st, i);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int count_modes(struct db *db, struct dispute_report *r, const char *dfrom, const char *dto, struct err *e)
{
	char sql[1024], scope[512];
	snprintf(sql, sizeof sql,
		 "SELECT mode, COUNT(*), COALESCE(SUM(CASE WHEN result = 'agreement' THEN 1 ELSE 0 END), 0) FROM mediations"
		 " WHERE voided_at IS NULL AND held_on BETWEEN ? AND ?%s GROUP BY mode",
		 scope_sql(r, false, "", scope, sizeof scope));
	const char *binds[2] = { dfrom, dto };
	struct db_stmt *st = prepare_bound(db, sql, binds, 2, r, e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		const char *mode = db_col_text(st, 0);
		for (int i = 0; i < DISPUTE_MODES; i++)
			if (r->modes[i] && !strcmp(r->modes[i], mode)) {
				r->by_mode[i].mediations = db_col_int(st, 1);
				r->by_mode[i].agreements = db_col_int(st, 2);
			}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int count_partners(struct db *db, struct dispute_report *r, const char *dfrom, const char *dto, struct err *e)
{
	char sql[1280], scope[512];
	snprintf(sql, sizeof sql,
		 "SELECT f.partner, COALESCE(p.name, ''), COUNT(*),"
		 " COALESCE(SUM(CASE WHEN f.accepted_on <= ? THEN 1 ELSE 0 END), 0),"
		 " COALESCE(SUM(CASE WHEN f.result = 'agreement' AND f.closed_on <= ? THEN 1 ELSE 0 END), 0)"
		 " FROM referrals f LEFT JOIN partners p ON p.code = f.partner"
		 " WHERE f.voided_at IS NULL AND f.referred_on BETWEEN ? AND ?%s GROUP BY f.partner, p.name ORDER BY f.partner",
		 scope_sql(r, false, "f.", scope, sizeof scope));
	const char *binds[4] = { dto, dto, dfrom, dto };
	struct db_stmt *st = prepare_bound(db, sql, binds, 4, r, e);
	if (!st)
		return -1;
	long cap = 0;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct dispute_partner *p = array_push(&r->by_partner, &r->npartners, &cap, sizeof *p, e);
		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p->code, sizeof p->code, "%s", db_col_text(st, 0));
		snprintf(p->name, sizeof p->name, "%s", db_col_text(st, 1));
		p->referred = db_col_int(st, 2);
		p->accepted = db_col_int(st, 3);
		p->settled = db_col_int(st, 4);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int count_overdue(struct db *db, struct dispute_report *r, struct err *e)
{
	struct dispute_cell cell;
	static const char *const measures[3] = { "overdue_disputes", "overdue_referrals", "overdue_followups" };
	int64_t *out[3] = { &r->overdue_disputes, &r->overdue_referrals, &r->overdue_followups };
	for (int k = 0; k < 3; k++) {
		if (dispute_measure(measures[k], r->from, r->to, &cell, e))
			return -1;
		char sql[1024], scope[512];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE voided_at IS NULL AND %s <= ? AND %s%s",
			 cell.type->table, k == 0 ? "registered_on" : k == 1 ? "referred_on" : "due_on", cell.extra_sql,
			 scope_sql(r, k == 0, "", scope, sizeof scope));
		const char *binds[2] = { cell.to, cell.day };
		if (count_one(db, sql, binds, 2, r, out[k], 1, e))
			return -1;
	}
	return 0;
}

struct followup_counts {
	int64_t due, done, on_time, satisfied, basic, unsatisfied;
};

/*
 * The follow-ups due in each of n disjoint periods in order (out[i]), of the
 * report's station and division: done by the period's last day, of those on
 * time (done by the due day) and rated.  One statement grouped by due day,
 * done day and rating; the report (n = 1) and the indicators count by it.
 */
static int followups_periods(struct db *db, const struct dispute_report *r, int n, const int32_t *from,
			     const int32_t *to, struct followup_counts *out, struct err *e)
{
	memset(out, 0, (size_t)n * sizeof *out);
	char sql[1024], scope[512], lo[11], hi[11];
	snprintf(sql, sizeof sql,
		 "SELECT due_on, COALESCE(done_on, '9999-12-31'), COALESCE(satisfaction, ''), COUNT(*) FROM followups"
		 " WHERE voided_at IS NULL AND due_on BETWEEN ? AND ?%s GROUP BY due_on, done_on, satisfaction",
		 scope_sql(r, false, "", scope, sizeof scope));
	day_text(from[0], lo);
	day_text(to[n - 1], hi);
	const char *binds[2] = { lo, hi };
	struct db_stmt *st = prepare_bound(db, sql, binds, 2, r, e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		int32_t due;
		struct err ignored;
		char last[11];
		const char *due_on = db_col_text(st, 0), *done_on = db_col_text(st, 1), *sat = db_col_text(st, 2);
		if (date_parse(due_on, "due_on", &due, &ignored))
			continue;
		int i = day_bucket(due, n, from, to);
		if (i < 0)
			continue;
		int64_t c = db_col_int(st, 3);
		struct followup_counts *f = &out[i];
		f->due += c;
		day_text(to[i], last);
		if (strcmp(done_on, last) > 0)
			continue; /* not done by the last day */
		f->done += c;
		f->on_time += strcmp(done_on, due_on) <= 0 ? c : 0;
		f->satisfied += !strcmp(sat, "satisfied") ? c : 0;
		f->basic += !strcmp(sat, "basic") ? c : 0;
		f->unsatisfied += !strcmp(sat, "unsatisfied") ? c : 0;
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int count_followups(struct db *db, struct dispute_report *r, struct err *e)
{
	struct followup_counts f;
	if (followups_periods(db, r, 1, &r->from, &r->to, &f, e))
		return -1;
	r->fu_due = f.due;
	r->fu_done = f.done;
	r->fu_on_time = f.on_time;
	r->fu_satisfied = f.satisfied;
	r->fu_basic = f.basic;
	r->fu_unsatisfied = f.unsatisfied;
	return 0;
}

int dispute_counts_periods(struct db *db, const char *station, int n, const int32_t *from, const int32_t *to,
			   struct dispute_counts *out, struct err *e)
{
	memset(out, 0, (size_t)n * sizeof *out);
	if (n <= 0)
		return 0;
	struct dispute_report scope = { 0 };
	snprintf(scope.station, sizeof scope.station, "%s", station ? station : "");
	struct dispute_row(*rows)[DISPUTE_ROWS] = calloc((size_t)n, sizeof *rows);
	struct followup_counts *fu = calloc((size_t)n, sizeof *fu);
	const char *s = scope.station[0] ? scope.station : NULL;
	int rc = !rows || !fu ? err_set(e, ERR_INTERNAL, "oom", NULL, "内存不足（out of memory）") : 0;
	/* as the report counts each period: its rows' total and its follow-ups */
	if (!rc)
		rc = cells_periods(db, s, "dispute_handled_cells", "handled_day", n, from, to, rows, false, e) ||
				     cells_periods(db, s, "dispute_settled_cells", "settled_day", n, from, to, rows, false, e) ||
				     followups_periods(db, &scope, n, from, to, fu, e)
			     ? -1
			     : 0;
	for (int i = 0; !rc && i < n; i++)
		out[i] = (struct dispute_counts){ rows[i][0].registered, rows[i][0].settled, fu[i].satisfied, fu[i].basic,
						  fu[i].unsatisfied };
	free(rows);
	free(fu);
	return rc;
}

static int station_known(void *ctx, const char *code, const char *name)
{
	(void)code;
	(void)name;
	*(bool *)ctx = true;
	return 0;
}

int dispute_report_compute(struct db *db, int32_t from, int32_t to, enum compare compare, const char *station,
			   struct dispute_report *r, struct err *e)
{
	return dispute_report_compute_in(db, from, to, compare, station, NULL, r, e);
}

int dispute_report_compute_in(struct db *db, int32_t from, int32_t to, enum compare compare, const char *station,
			      const char *division, struct dispute_report *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	if (division && *division) {
		if (division_known(db, division, e))
			return -1;
		snprintf(r->division, sizeof r->division, "%s", division);
	}
	if (from > to)
		return err_set(e, ERR_INVALID, "period.order", "to", "结束日期早于开始日期（the period ends before it starts）");
	r->from = from;
	r->to = to;
	r->compare = compare;
	compare_period(compare, from, to, &r->prev_from, &r->prev_to);
	if (station && *station) {
		bool known = false;
		if (stations_each(db, station, station_known, &known, e))
			return -1;
		snprintf(r->station, sizeof r->station, "%s", station);
	}
	r->keys[0] = "total";
	for (size_t i = 0; i < dispute_types.n && i + 1 < DISPUTE_ROWS; i++)
		r->keys[i + 1] = dispute_types.items[i].code;
	for (size_t i = 0; i < mediation_modes.n && i < DISPUTE_MODES; i++)
		r->modes[i] = mediation_modes.items[i].code;
	char dfrom[11], dto[11];
	day_text(from, dfrom);
	day_text(to, dto);
	if (count_rows(db, r, e) || count_modes(db, r, dfrom, dto, e) || count_partners(db, r, dfrom, dto, e) || count_overdue(db, r, e) ||
	    count_followups(db, r, e) || settings_demo(db, &r->demo, e)) {
		dispute_report_free(r);
		return -1;
	}
	return 0;
}

void dispute_report_free(struct dispute_report *r)
{
	free(r->by_partner);
	r->by_partner = NULL;
	r->npartners = 0;
}

int dispute_measure(const char *measure, int32_t from, int32_t to, struct dispute_cell *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	day_text(to, c->day);
	const char *m = measure ? measure : "registered";
	bool period = true;
	int32_t until = to; /* the main date's last day when the measure is not the period's */
	if (!strcmp(m, "registered") || !strcmp(m, "handled") || !strcmp(m, "settled")) {
		c->type = &dispute_type;
		c->by_type = true;
		c->extra_sql = !strcmp(m, "handled") ? DR_HANDLED : !strcmp(m, "settled") ? DR_SETTLED : NULL;
	} else if (!strcmp(m, "overdue_disputes")) {
		/* a result due within 30 days of registration: passed on the last day */
		c->type = &dispute_type;
		c->by_type = true;
		c->extra_sql = DR_DISPUTE_OPEN;
		period = false;
		until = to - DISPUTE_RESULT_DAYS - 1;
	} else if (!strcmp(m, "overdue_referrals")) {
		c->type = &referral_type;
		c->extra_sql = DR_REFERRAL_OPEN;
		period = false;
		until = to - REFERRAL_ACCEPT_DAYS - 1;
	} else if (!strcmp(m, "overdue_followups")) {
		c->type = &followup_type;
		c->extra_sql = DR_FOLLOWUP_OPEN;
		period = false;
		until = to - 1;
	} else if (!strcmp(m, "followups_due") || !strcmp(m, "followups_done")) {
		c->type = &followup_type;
		c->extra_sql = !strcmp(m, "followups_done") ? DR_FOLLOWUP_DONE : NULL;
	} else {
		return err_set(e, ERR_INVALID, "measure", "measure",
			       "measure 应为 registered、handled、settled、overdue_disputes、overdue_referrals、"
			       "overdue_followups、followups_due 或 followups_done（unknown measure）");
	}
	if (period)
		day_text(from, c->from);
	day_text(until, c->to);
	return 0;
}

static json_t *hundredths_or_null(bool ok, int64_t v)
{
	return ok ? json_real((double)v / 100.0) : json_null();
}

static json_t *rate_json(int64_t part, int64_t whole)
{
	int64_t v = 0;
	bool ok = rate_x100(part, whole, &v);
	return hundredths_or_null(ok, v);
}

json_t *dispute_report_json(const struct dispute_report *r)
{
	char from[11], to[11], pfrom[11], pto[11];
	day_text(r->from, from);
	day_text(r->to, to);
	day_text(r->prev_from, pfrom);
	day_text(r->prev_to, pto);
	bool compare = r->compare != COMPARE_NONE;
	json_t *o = json_object();
	json_object_set_new(o, "period", json_pack("{s:s, s:s}", "from", from, "to", to));
	json_object_set_new(o, "compare", compare ? json_pack("{s:s, s:s, s:s}", "kind", compare_name(r->compare), "from",
							      pfrom, "to", pto)
						  : json_pack("{s:s}", "kind", "none"));
	json_object_set_new(o, "scope", json_pack("{s:o}", "station", r->station[0] ? json_string(r->station) : json_null()));
	if (r->division[0])
		json_object_set_new(json_object_get(o, "scope"), "division", json_string(r->division));
	json_t *rows = json_array();
	for (int i = 0; i < DISPUTE_ROWS; i++) {
		const struct dispute_row *d = &r->rows[i];
		int64_t pct = 0;
		bool has = compare && change_pct_x100(d->registered, d->previous, &pct);
		json_array_append_new(rows, json_pack("{s:s, s:I, s:I, s:o, s:I, s:o, s:o, s:o}", "key", r->keys[i],
						      "registered", (json_int_t)d->registered, "handled",
						      (json_int_t)d->handled, "handled_rate", rate_json(d->handled, d->registered),
						      "settled", (json_int_t)d->settled, "settled_rate",
						      rate_json(d->settled, d->handled), "previous_registered",
						      compare ? json_integer(d->previous) : json_null(), "change_pct",
						      hundredths_or_null(has, pct)));
	}
	json_object_set_new(o, "rows", rows);
	json_t *modes = json_array();
	for (int i = 0; i < DISPUTE_MODES; i++)
		if (r->modes[i])
			json_array_append_new(modes, json_pack("{s:s, s:I, s:I}", "key", r->modes[i], "mediations",
							       (json_int_t)r->by_mode[i].mediations, "agreements",
							       (json_int_t)r->by_mode[i].agreements));
	json_object_set_new(o, "by_mode", modes);
	json_t *partners = json_array();
	for (long i = 0; i < r->npartners; i++) {
		const struct dispute_partner *p = &r->by_partner[i];
		json_array_append_new(partners, json_pack("{s:s, s:s, s:I, s:I, s:I}", "partner", p->code, "name", p->name,
							  "referred", (json_int_t)p->referred, "accepted",
							  (json_int_t)p->accepted, "settled", (json_int_t)p->settled));
	}
	json_object_set_new(o, "by_partner", partners);
	json_object_set_new(o, "overdue", json_pack("{s:I, s:I, s:I}", "disputes", (json_int_t)r->overdue_disputes,
						    "referrals", (json_int_t)r->overdue_referrals, "followups",
						    (json_int_t)r->overdue_followups));
	json_object_set_new(o, "followups",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "due", (json_int_t)r->fu_due, "done",
				      (json_int_t)r->fu_done, "done_on_time", (json_int_t)r->fu_on_time, "satisfied",
				      (json_int_t)r->fu_satisfied, "basic", (json_int_t)r->fu_basic, "unsatisfied",
				      (json_int_t)r->fu_unsatisfied, "satisfaction_rate",
				      rate_json(r->fu_satisfied + r->fu_basic,
						r->fu_satisfied + r->fu_basic + r->fu_unsatisfied)));
	json_object_set_new(o, "definitions", json_string(dispute_definitions));
	return o;
}
