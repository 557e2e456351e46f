/*
 * coverage.c — four grouped queries (stations, chiefs, active posts,
 * committee divisions with their station and whether any officer sits in
 * them), folded into per-station counts in C.  The figures are small (a
 * county has a few hundred divisions), so no rollup is needed here.
 */
#include "stats/coverage.h"
#include "base/array.h"
#include "model/org.h"
#include "model/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const coverage_post_keys[CP_COUNT] = {
	"township_committee", "village_committee", "deputy_secretary",
	"secretary_assistant", "community_assistant", "gacha_assistant",
};

const char *const coverage_post_labels[CP_COUNT] = {
	"乡镇党委委员", "两委委员", "党组织副书记", "书记助理", "社区助理", "嘎查助理",
};

/* A post active on date D: start <= D and (no end or end >= D). */
#define ACTIVE(p) p ".voided_at IS NULL AND " p ".start_date <= ? AND (" p ".end_date IS NULL OR " p ".end_date >= ?)"

static struct coverage_station *find_station(struct coverage *c, const char *code)
{
	for (long i = 0; i < c->stations; i++)
		if (!strcmp(c->by_station[i].code, code))
			return &c->by_station[i];
	return NULL;
}

struct station_push {
	struct coverage *c;
	long cap;
	struct err *e;
};

static int push_station(void *ctx, const char *code, const char *name)
{
	struct station_push *p = ctx;
	struct coverage_station *s = array_push(&p->c->by_station, &p->c->stations, &p->cap, sizeof *s, p->e);
	if (!s)
		return -1;
	snprintf(s->code, sizeof s->code, "%s", code);
	text_copy(s->name, sizeof s->name, name);
	return 0;
}

static int load_stations(struct db *db, struct coverage *c, struct err *e)
{
	struct station_push p = { c, 0, e };
	return stations_each(db, c->station[0] ? c->station : NULL, push_station, &p, e);
}

static int load_chiefs(struct db *db, struct coverage *c, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT pe.station, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM posts po"
		" WHERE po.badge_no = pe.badge_no AND po.kind = 'township_committee' AND " ACTIVE("po")
		") THEN 1 ELSE 0 END) FROM personnel pe"
		" WHERE pe.voided_at IS NULL AND pe.type = 'police' AND pe.position = 'chief'"
		" GROUP BY pe.station", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, c->as_of);
	db_bind_text(st, 2, c->as_of);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct coverage_station *s = find_station(c, db_col_text(st, 0));
		if (!s)
			continue;
		s->n.chiefs += db_col_int(st, 1);
		s->n.chiefs_in_township_committee += db_col_int(st, 2);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int load_posts(struct db *db, struct coverage *c, struct err *e)
{
	/* Posts count for their holder's station (whose jurisdiction holds them). */
	struct db_stmt *st = db_prepare(db,
		"SELECT pe.station, po.kind, d.kind, COUNT(*) FROM posts po"
		" JOIN personnel pe ON pe.badge_no = po.badge_no AND pe.voided_at IS NULL"
		" JOIN divisions d ON d.code = po.division"
		" WHERE " ACTIVE("po") " GROUP BY pe.station, po.kind, d.kind", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, c->as_of);
	db_bind_text(st, 2, c->as_of);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct coverage_station *s = find_station(c, db_col_text(st, 0));
		if (!s)
			continue;
		const char *kind = db_col_text(st, 1), *dkind = db_col_text(st, 2);
		int col = -1;
		if (!strcmp(kind, "director_assistant"))
			col = !strcmp(dkind, "gacha") ? CP_GACHA_ASSISTANT : CP_COMMUNITY_ASSISTANT;
		else
			for (int k = 0; k < CP_COUNT; k++)
				if (!strcmp(coverage_post_keys[k], kind))
					col = k;
		if (col >= 0)
			s->n.posts[col] += db_col_int(st, 3);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int load_divisions(struct db *db, struct coverage *c, struct err *e)
{
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE %s SELECT d.code, d.name, d.kind, j.station_code,"
		 " EXISTS (SELECT 1 FROM posts po JOIN personnel pe ON pe.badge_no = po.badge_no"
		 " AND pe.voided_at IS NULL WHERE po.division = d.code AND po.kind <> 'township_committee'"
		 " AND " ACTIVE("po") ")"
		 " FROM divisions d LEFT JOIN jurisdiction j ON j.division_code = d.code"
		 " WHERE d.voided_at IS NULL AND d.kind IN ('community', 'gacha')"
		 " ORDER BY j.station_code, d.code", jurisdiction_cte);
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, c->as_of);
	db_bind_text(st, 2, c->as_of);
	int rc;
	long cap = 0;
	while ((rc = db_step(st, e)) == 1) {
		const char *station = db_col_text(st, 3);
		struct coverage_station *s = find_station(c, station);
		if (c->station[0] && !s)
			continue; /* outside the asked station's jurisdiction */
		bool gacha = !strcmp(db_col_text(st, 2), "gacha");
		bool covered = db_col_int(st, 4) != 0;
		struct coverage_counts *n = s ? &s->n : &c->total; /* no station: bureau total only */
		if (gacha) {
			n->gachas++;
			n->gachas_covered += covered;
		} else {
			n->communities++;
			n->communities_covered += covered;
		}
		if (covered)
			continue;
		struct coverage_gap *g = array_push(&c->uncovered, &c->n_uncovered, &cap, sizeof *g, e);
		if (!g) {
			rc = -1;
			break;
		}
		snprintf(g->code, sizeof g->code, "%s", db_col_text(st, 0));
		text_copy(g->name, sizeof g->name, db_col_text(st, 1));
		snprintf(g->kind, sizeof g->kind, "%s", db_col_text(st, 2));
		snprintf(g->station, sizeof g->station, "%s", station);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static void add_counts(struct coverage_counts *to, const struct coverage_counts *from)
{
	to->chiefs += from->chiefs;
	to->chiefs_in_township_committee += from->chiefs_in_township_committee;
	for (int k = 0; k < CP_COUNT; k++)
		to->posts[k] += from->posts[k];
	to->communities += from->communities;
	to->communities_covered += from->communities_covered;
	to->gachas += from->gachas;
	to->gachas_covered += from->gachas_covered;
}

int coverage_compute(struct db *db, const char *as_of, const char *station, struct coverage *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	snprintf(c->as_of, sizeof c->as_of, "%s", as_of);
	snprintf(c->station, sizeof c->station, "%s", station ? station : "");
	if (load_stations(db, c, e) || load_chiefs(db, c, e) || load_posts(db, c, e) || load_divisions(db, c, e) ||
	    settings_demo(db, &c->demo, e)) {
		coverage_free(c);
		return -1;
	}
	for (long i = 0; i < c->stations; i++)
		add_counts(&c->total, &c->by_station[i].n);
	return 0;
}

void coverage_free(struct coverage *c)
{
	free(c->by_station);
	free(c->uncovered);
	c->by_station = NULL;
	c->uncovered = NULL;
	c->stations = c->n_uncovered = 0;
}

static json_t *counts_json(const struct coverage_counts *n, json_t *o)
{
	json_object_set_new(o, "chiefs", json_integer(n->chiefs));
	json_object_set_new(o, "chiefs_in_township_committee", json_integer(n->chiefs_in_township_committee));
	json_t *posts = json_object();
	for (int k = 0; k < CP_COUNT; k++)
		json_object_set_new(posts, coverage_post_keys[k], json_integer(n->posts[k]));
	json_object_set_new(o, "posts", posts);
	json_object_set_new(o, "divisions", json_pack("{s:I, s:I, s:I, s:I}",
		"communities", (json_int_t)n->communities, "communities_covered", (json_int_t)n->communities_covered,
		"gachas", (json_int_t)n->gachas, "gachas_covered", (json_int_t)n->gachas_covered));
	return o;
}

json_t *coverage_json(const struct coverage *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "as_of", json_string(c->as_of));
	if (c->station[0])
		json_object_set_new(o, "scope", json_pack("{s:s}", "station", c->station));
	json_object_set_new(o, "stations", json_integer(c->stations));
	counts_json(&c->total, o);
	json_t *gaps = json_array();
	for (long i = 0; i < c->n_uncovered; i++) {
		const struct coverage_gap *g = &c->uncovered[i];
		json_array_append_new(gaps, json_pack("{s:s, s:s, s:s, s:s?}", "code", g->code, "name", g->name,
						      "kind", g->kind, "station", g->station[0] ? g->station : NULL));
	}
	json_object_set_new(o, "uncovered", gaps);
	json_t *by = json_array();
	for (long i = 0; i < c->stations; i++) {
		const struct coverage_station *s = &c->by_station[i];
		json_t *so = json_pack("{s:s, s:s}", "code", s->code, "name", s->name);
		json_array_append_new(by, counts_json(&s->n, so));
	}
	json_object_set_new(o, "by_station", by);
	return o;
}
