/*
 * post.c — the concurrent "进班子" posts and their rules (CONTRACTS.md §2).
 *
 * Each refusal names the rule in words a station chief uses, with the
 * holder's name and the facts that broke it, and carries a stable English
 * code ("post.not_party_member") for programs.
 */
#include "model/org.h"
#include "base/config.h"
#include "base/date.h"
#include "base/text.h"
#include "model/audit.h"
#include "model/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field post_fields[] = {
	{ .name = "badge_no", .zh = "警号", .en = "Badge no.", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &personnel_type },
	{ .name = "kind", .zh = "兼任职务", .en = "Post", .aliases = "职务|兼职", .type = FT_ENUM,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .codes = &post_kinds },
	{ .name = "division", .zh = "兼任单位", .en = "Division", .aliases = "任职单位", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &division_type },
	{ .name = "start", .zh = "任职时间", .en = "Start", .aliases = "开始时间", .type = FT_DATE,
	  .flags = FF_REQUIRED | FF_KEY | FF_MAIN_DATE | FF_NOT_FUTURE, .column = "start_date" },
	{ .name = "end", .zh = "离任时间", .en = "End", .aliases = "结束时间", .type = FT_DATE, .column = "end_date" },
};

/* What a post kind asks of its holder and of its division. */
struct post_rule {
	const char *kind;
	bool police_only;
	bool party_member;
	bool leaders_only;    /* chief, instructor or deputy chief */
	bool town_level;      /* else community or gacha */
};

static const struct post_rule post_rules[] = {
	{ "township_committee", true, true, true, true },
	{ "village_committee", true, true, false, false },
	{ "deputy_secretary", true, true, false, false },
	{ "secretary_assistant", true, true, false, false },
	{ "director_assistant", false, false, false, false },
};

struct holder {
	char name[TEXT_BYTES(30)], type[16], position[24], party[16], station[24];
	bool voided, station_voided;
};

struct place {
	char name[TEXT_BYTES(60)], kind[16];
	char voided[16]; /* the code of the division, or of one above it, that is void; "" when none */
};

static int load_holder(struct db *db, const char *badge, struct holder *h, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT p.name, p.type, p.position, p.party, p.station, p.voided_at IS NOT NULL,"
					    " EXISTS (SELECT 1 FROM stations s WHERE s.code = p.station AND s.voided_at IS NOT NULL)"
					    " FROM personnel p WHERE p.badge_no = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, badge);
	int rc = db_step(st, e);
	if (rc == 1) {
		text_copy(h->name, sizeof h->name, db_col_text(st, 0));
		snprintf(h->type, sizeof h->type, "%s", db_col_text(st, 1));
		snprintf(h->position, sizeof h->position, "%s", db_col_text(st, 2));
		snprintf(h->party, sizeof h->party, "%s", db_col_text(st, 3));
		snprintf(h->station, sizeof h->station, "%s", db_col_text(st, 4));
		h->voided = db_col_int(st, 5) != 0;
		h->station_voided = db_col_int(st, 6) != 0;
	}
	db_done(st);
	if (rc == 0)
		err_set(e, ERR_INVALID, "field.unknown_ref", "badge_no", "警号：找不到人员“%s”（no such personnel）", badge);
	return rc == 1 ? 0 : -1;
}

static int load_place(struct db *db, const char *code, struct place *p, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "WITH RECURSIVE up(code, parent, voided) AS ("
					    " SELECT code, parent_code, voided_at FROM divisions WHERE code = ?1"
					    " UNION ALL SELECT d.code, d.parent_code, d.voided_at FROM divisions d JOIN up ON d.code = up.parent)"
					    " SELECT name, kind, (SELECT code FROM up WHERE voided IS NOT NULL LIMIT 1)"
					    " FROM divisions WHERE code = ?1", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	int rc = db_step(st, e);
	if (rc == 1) {
		text_copy(p->name, sizeof p->name, db_col_text(st, 0));
		snprintf(p->kind, sizeof p->kind, "%s", db_col_text(st, 1));
		snprintf(p->voided, sizeof p->voided, "%s", db_col_text(st, 2));
	}
	db_done(st);
	if (rc == 0)
		err_set(e, ERR_INVALID, "field.unknown_ref", "division", "兼任单位：找不到区划“%s”（no such division）", code);
	return rc == 1 ? 0 : -1;
}

/* Another live post of the same person, kind and division whose dates overlap. */
static int find_overlap(struct db *db, const struct record *r, char *other_start, size_t n, struct err *e)
{
	const char *end = record_get(r, "end");
	struct db_stmt *st = db_prepare(db,
		"SELECT start_date, end_date FROM posts WHERE badge_no = ? AND kind = ? AND division = ?"
		" AND voided_at IS NULL AND id <> ?"
		" AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
		" ORDER BY start_date LIMIT 1", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, record_get(r, "badge_no"));
	db_bind_text(st, 2, record_get(r, "kind"));
	db_bind_text(st, 3, record_get(r, "division"));
	db_bind_int(st, 4, r->id);
	db_bind_text(st, 5, end ? end : "9999-12-31");
	db_bind_text(st, 6, record_get(r, "start"));
	int rc = db_step(st, e);
	if (rc == 1)
		snprintf(other_start, n, "%s 至 %s", db_col_text(st, 0),
			 db_col_null(st, 1) ? "今" : db_col_text(st, 1));
	db_done(st);
	return rc;
}

static int post_check(struct db *db, const struct record *r, struct rules *rs)
{
	const char *badge = record_get(r, "badge_no"), *kind = record_get(r, "kind");
	const char *division = record_get(r, "division");
	const struct post_rule *rule = NULL;
	for (size_t i = 0; rule_has(rs, r, "kind") && i < sizeof post_rules / sizeof post_rules[0]; i++)
		if (!strcmp(post_rules[i].kind, kind))
			rule = &post_rules[i];
	if (rule_has(rs, r, "kind") && !rule)
		rule_broken(rs, ERR_INVALID, "post.kind", "kind", "兼任职务：未知（unknown post kind）");
	const char *post = rule ? code_label(&post_kinds, kind) : "";

	const struct field *fs = r->type->fields;
	int istart = field_index(r->type, "start"), iend = field_index(r->type, "end");
	bool dates_ok = rule_usable(rs, r, istart) && (!r->v[iend].set || rule_usable(rs, r, iend));
	if (dates_ok && r->v[iend].set && r->v[iend].i < r->v[istart].i) {
		rule_broken(rs, ERR_INVALID, "post.end_before_start", fs[iend].name,
			    "离任时间 %s 早于任职时间 %s（the end date is before the start date）",
			    r->v[iend].s, r->v[istart].s);
		dates_ok = false;
	}

	/* the rules on the holder and the place, as far as those are known */
	struct holder h;
	struct place p;
	int hrc = rule_has(rs, r, "badge_no") ? load_holder(db, badge, &h, &rs->e) : 1;
	if (hrc < 0 && rule_outcome(rs, hrc))
		return -1;
	int prc = rule_has(rs, r, "division") ? load_place(db, division, &p, &rs->e) : 1;
	if (prc < 0 && rule_outcome(rs, prc))
		return -1;
	bool holder = hrc == 0, place = prc == 0;

	if (holder && h.voided)
		rule_broken(rs, ERR_INVALID, "post.holder_void", "badge_no",
			    "%s已离职或作废，不能担任%s（the holder has left or is void）", h.name, post);
	if (holder && h.station_voided)
		rule_broken(rs, ERR_INVALID, "post.station_void", "badge_no",
			    "%s所属派出所（%s）已作废（the holder's station is void）", h.name, h.station);
	if (place && *p.voided)
		rule_broken(rs, ERR_INVALID, "post.division_void", "division",
			    "%s：区划 %s 已作废（the division, or one above it, is void）", p.name, p.voided);
	if (rule && holder && rule->police_only && strcmp(h.type, "police") != 0)
		rule_broken(rs, ERR_INVALID, "post.police_only", "badge_no",
			    "%s只能由民警担任，%s是辅警（only police officers may hold this post）", post, h.name);
	if (rule && holder && rule->leaders_only && strcmp(h.position, "chief") && strcmp(h.position, "instructor") &&
	    strcmp(h.position, "deputy_chief"))
		rule_broken(rs, ERR_INVALID, "post.leaders_only", "badge_no",
			    "%s须由所长、教导员或副所长担任，%s的职务是%s（only a chief, instructor or deputy chief may hold this post）",
			    post, h.name, code_label(&positions, h.position));
	if (rule && holder && rule->party_member && strcmp(h.party, "member") != 0)
		rule_broken(rs, ERR_INVALID, "post.not_party_member", "badge_no",
			    "%s须由中共正式党员担任，%s的政治面貌是%s（only a full party member may hold this post; a probationary member does not qualify）",
			    post, h.name, code_label(&party_statuses, h.party));
	if (rule && place && rule->town_level && strcmp(p.kind, "town") != 0)
		rule_broken(rs, ERR_INVALID, "post.division_level", "division",
			    "%s须在乡镇（街道）任职，%s是%s（this post is held in a town or street）",
			    post, p.name, code_label(&division_kinds, p.kind));
	if (rule && place && !rule->town_level && strcmp(p.kind, "community") && strcmp(p.kind, "gacha"))
		rule_broken(rs, ERR_INVALID, "post.division_level", "division",
			    "%s须在社区或嘎查任职，%s是%s（this post is held in a community or gacha）",
			    post, p.name, code_label(&division_kinds, p.kind));
	if (!holder || !place)
		return 0;

	int held = station_holds_division(db, h.station, division, &rs->e);
	if (held < 0)
		return rule_outcome(rs, -1);
	if (!held)
		rule_broken(rs, ERR_INVALID, "post.outside_jurisdiction", "division",
			    "%s不在%s所属派出所（%s）的辖区内（the division lies outside the holder's station's jurisdiction）",
			    p.name, h.name, h.station);
	if (!rule || !dates_ok)
		return 0;

	char other[64];
	int overlap = find_overlap(db, r, other, sizeof other, &rs->e);
	if (overlap < 0)
		return rule_outcome(rs, -1);
	if (overlap)
		rule_broken(rs, ERR_CONFLICT, "post.overlap", "start",
			    "%s已在%s担任%s（%s），任职时间重叠（the same person already holds this post there over overlapping dates）",
			    h.name, p.name, post, other);
	return 0;
}

/* The condition on posts of each kind of record a post rests on, its `?` the record's key. */
static const char *const rests_on[] = {
	[POSTS_OF_PERSON] = "badge_no = ?",
	[POSTS_OF_STATION] = "badge_no IN (SELECT badge_no FROM personnel WHERE station = ?)",
	[POSTS_IN_DIVISION] = "division IN (" DIVISIONS_BELOW_SQL ")",
};

/* For a change to a person: the field whose new value broke the post, by the rule's code. */
static const char *person_field(const char *code)
{
	static const char *const map[][2] = {
		{ "post.not_party_member", "party" }, { "post.leaders_only", "position" },
		{ "post.police_only", "type" },        { "post.outside_jurisdiction", "station" },
		{ "post.station_void", "station" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i][0], code))
			return map[i][1];
	return NULL;
}

/* End post `id` the day before `end->on`, and audit it. */
static int end_post(struct db *db, const struct record *p, const struct end_dependents *end, const char *why,
		    int64_t now, struct err *e)
{
	char last[11], detail[400];
	date_format(end->on - 1, last);
	const char *old = record_get(p, "end");
	struct db_stmt *st = db_prepare(db, "UPDATE posts SET end_date = ?, updated_at = ? WHERE id = ?", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, last);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, p->id);
	if (db_step_done(st, e) < 0)
		return -1;
	/* codes and dates only: nothing here needs JSON escaping */
	snprintf(detail, sizeof detail,
		 "{\"before\":{\"end\":%s%s%s},\"after\":{\"end\":\"%s\"},\"ended_by_change\":\"%s\"}",
		 old ? "\"" : "", old ? old : "null", old ? "\"" : "", last, why);
	struct audit_entry a = { .actor = end->actor ? end->actor : "system", .ip = end->ip, .action = "update",
				 .kind = "posts", .record_id = p->id, .detail = detail };
	return audit_append(db, &a, now, e);
}

/* The live posts active on `today_s` or later that rest on r, by id (*ids malloc'd). */
static int posts_resting_on(struct db *db, const struct record *r, enum posts_of which, const char *today_s,
			    int64_t **ids, long *n, struct err *e)
{
	char sql[600];
	snprintf(sql, sizeof sql, "SELECT id FROM posts WHERE voided_at IS NULL AND (end_date IS NULL OR end_date >= ?)"
				  " AND %s ORDER BY badge_no, kind, division, start_date", rests_on[which]);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, today_s);
	db_bind_text(st, 2, r->v[record_key_field(r->type) - r->type->fields].s);
	return db_ids(st, ids, n, e);
}

/* Does post p break a rule that a change to what it rests on can break?  1 with
 * the rule in `pe`, 0, or -1 with `e`. */
/* The first rule a post breaks, but for an overlap: two posts overlapping in
 * time is no change of r's doing, not r's to refuse. */
static void keep_first_not_overlap(void *ctx, const struct err *problem)
{
	struct err *pe = ctx;
	if (pe->kind == ERR_NONE && strcmp(problem->code, "post.overlap"))
		*pe = *problem;
}

static int post_broken(struct db *db, const struct record *p, struct err *pe, struct err *e)
{
	err_clear(pe);
	struct problem_sink sink = { keep_first_not_overlap, pe };
	struct rules rs = { .sink = &sink };
	if (post_check(db, p, &rs)) {
		*e = rs.e;
		return -1;
	}
	return pe->kind != ERR_NONE;
}

int posts_broken_before(struct db *db, struct record *r, enum posts_of which, struct err *e)
{
	char today_s[11];
	date_format(date_today(config()->tz_minutes), today_s);
	int64_t *ids = NULL;
	long n = 0, kept = 0;
	if (posts_resting_on(db, r, which, today_s, &ids, &n, e))
		return -1;
	struct record *p = n ? record_new(&post_type) : NULL;
	int rc = n && !p ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory") : 0;
	for (long i = 0; i < n && rc == 0; i++) {
		struct err pe;
		int b = record_load(db, p, ids[i], NULL, e) ? -1 : post_broken(db, p, &pe, e);
		if (b < 0)
			rc = -1;
		else if (b)
			ids[kept++] = ids[i];
	}
	record_free(p);
	if (rc || !kept) {
		free(ids);
		return rc;
	}
	r->was_broken = ids;
	r->nwas_broken = kept;
	return 0;
}

/* Was post `id` broken before the change to r (see before_change)? */
static bool was_broken(const struct record *r, int64_t id)
{
	for (long i = 0; i < r->nwas_broken; i++)
		if (r->was_broken[i] == id)
			return true;
	return false;
}

int posts_recheck(struct db *db, const struct record *r, enum posts_of which, int64_t now, struct err *e)
{
	const struct end_dependents *end = r->end_dependents;
	int32_t today = date_today(config()->tz_minutes);
	char today_s[11];
	date_format(today, today_s);
	if (end && end->on > today)
		return err_set(e, ERR_INVALID, "end_posts.future", "end_posts",
			       "结束兼职的日期不能晚于今天 %s：改动今天就生效（the change takes effect today: end_posts cannot be later）",
			       today_s);
	/* an ending back-dated further would rewrite what was reported for those days */
	if (end && end->on < today - END_POSTS_DAYS_BACK) {
		char first[11];
		date_format(today - END_POSTS_DAYS_BACK, first);
		return err_set(e, ERR_INVALID, "end_posts.too_early", "end_posts",
			       "结束兼职的日期不能早于 %s（最多倒填 %d 天）（end_posts may be at most %d days back）", first,
			       END_POSTS_DAYS_BACK, END_POSTS_DAYS_BACK);
	}
	/* the posts active today or later that rest on r: their ids first, then each checked */
	int64_t *ids = NULL;
	long n = 0;
	int rc = posts_resting_on(db, r, which, today_s, &ids, &n, e);
	struct record *p = rc < 0 ? NULL : record_new(&post_type);
	if (rc < 0 || !p) {
		free(ids);
		return rc < 0 ? -1 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	}
	struct buf broken;
	buf_init(&broken);
	int nbroken = 0;
	const char *field = which == POSTS_OF_STATION ? "divisions" : which == POSTS_IN_DIVISION ? "code" : NULL;
	for (long i = 0; i < n && rc >= 0; i++) {
		/* broken before the change: not the change's doing, neither refused nor ended */
		if (was_broken(r, ids[i]))
			continue;
		struct err pe;
		int b = record_load(db, p, ids[i], NULL, e) ? -1 : post_broken(db, p, &pe, e);
		if (b < 0) {
			rc = -1;
			break;
		}
		if (!b)
			continue;
		int istart = field_index(&post_type, "start");
		if (end && p->v[istart].i < end->on) {
			if (end_post(db, p, end, pe.code, now, e))
				rc = -1;
			continue;
		}
		if (!field && which == POSTS_OF_PERSON)
			field = person_field(pe.code);
		char name[TEXT_BYTES(30)] = "";
		struct err ne;
		db_text_of(db, "SELECT name FROM personnel WHERE badge_no = ?", record_get(p, "badge_no"), name, sizeof name, &ne);
		buf_printf(&broken, "%s%s（%s）在 %s 的%s，%s 起 [%s]", nbroken ? "；" : "", name, record_get(p, "badge_no"),
			   record_get(p, "division"), code_label(&post_kinds, record_get(p, "kind")), record_get(p, "start"),
			   pe.code);
		nbroken++;
		/* each one whole to whoever asked (the message has room for a few) */
		if (r->by && r->by->broken && r->by->broken->report) {
			char division[TEXT_BYTES(60)] = "";
			division_name(db, record_get(p, "division"), division, sizeof division, &ne);
			/* the English part all ASCII, so that it is told from the Chinese (api_message.c):
			 * the badge in it only when it is ASCII itself */
			const char *badge = record_get(p, "badge_no");
			bool ascii = utf8_chars(badge) == strlen(badge);
			char en[160];
			snprintf(en, sizeof en, "%s%s%s in %s since %s", ascii ? badge : "", ascii ? ": " : "",
				 record_get(p, "kind"), record_get(p, "division"), record_get(p, "start"));
			struct err one;
			err_set(&one, ERR_CONFLICT, pe.code, "posts", "%s（%s）在 %s（%s）的%s，%s 起（%s）", name, badge,
				division, record_get(p, "division"), code_label(&post_kinds, record_get(p, "kind")),
				record_get(p, "start"), en);
			r->by->broken->report(r->by->broken->ctx, &one);
		}
	}
	record_free(p);
	free(ids);
	if (rc >= 0 && nbroken) {
		/* the message names as many as fit, its English part whole; the count says how many
		 * there are, and the caller's `broken` had each */
		char head[96], tail[224];
		snprintf(head, sizeof head, "此改动会使 %d 个在任兼职不再符合规则：", nbroken);
		snprintf(tail, sizeof tail, "。请先调整这些兼职，或注明结束日期（end_posts）"
					    "（the change would break %d active posts; end them explicitly with end_posts=DATE）",
			 nbroken);
		const char *all = broken.p ? broken.p : "", *more = "……";
		size_t room = sizeof e->message - 1 - strlen(head) - strlen(tail);
		size_t keep = strlen(all) <= room ? strlen(all) : utf8_clip(all, room - strlen(more));
		err_set(e, ERR_CONFLICT, "post.would_break", field, "%s%.*s%s%s", head, (int)keep, all,
			keep < strlen(all) ? more : "", tail);
		rc = -1;
	}
	buf_free(&broken);
	return rc < 0 ? -1 : 0;
}

const struct record_type post_type = {
	.kind = "posts", .table = "posts", .zh = "兼任职务", .en = "post",
	.fields = post_fields, .nfields = sizeof post_fields / sizeof post_fields[0],
	.check = post_check, .check_needs_id = true,
	.scope_sql = { [SCOPE_UNIT] = "badge_no IN (SELECT badge_no FROM personnel WHERE unit IN " UNIT_SUBTREE ")" },
};
