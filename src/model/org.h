/*
 * org — the organisation: the division tree (12-digit national statistical
 * codes: county > town > community / gacha), police stations with their
 * operating model and jurisdiction, partner bodies of the 四所一庭 mediation
 * network, personnel (民警 / 辅警) and their concurrent "进班子" posts.
 *
 * One file per record type: division.c, station.c, partner.c,
 * personnel.c, and post.c with the rules of posts (CONTRACTS.md §2).  This
 * header also offers the jurisdiction questions the rules and the reports
 * ask (org.c).  The code lists are in codes.c.
 */
#ifndef FQ_MODEL_ORG_H
#define FQ_MODEL_ORG_H

#include <stdbool.h>

#include "model/record.h"
#include "model/unit.h"

extern const struct record_type division_type;
extern const struct record_type station_type;
extern const struct record_type partner_type;
extern const struct record_type personnel_type;
extern const struct record_type post_type;

extern const struct code_list division_kinds;
extern const struct code_list station_models;
extern const struct code_list partner_kinds;
extern const struct code_list personnel_types;
extern const struct code_list positions;
extern const struct code_list party_statuses;
extern const struct code_list genders;
extern const struct code_list post_kinds;

/*
 * The kind a division's name implies: 旗/县 county; 镇, 苏木, 乡, 街道,
 * 示范区 town; 社区 (居民委员会) community; 嘎查 or 村 (村民委员会) gacha.
 * NULL when the name says nothing.
 */
const char *division_kind_from_name(const char *name);

/*
 * Does the station's jurisdiction hold the division?  A station lists
 * divisions; a listed division covers everything below it.  `station` may
 * be any unit: one of its subtree's stations.
 * Returns 1 yes, 0 no, -1 error.
 */
int station_holds_division(struct db *db, const char *station, const char *division, struct err *e);

/* Is there a division `code` (void or not)?  1 yes, 0 no, -1 error. */
int division_exists(struct db *db, const char *code, struct err *e);
/* A division's name into `out` ("" when there is none), as db_text_of: 1 found, 0 not, -1 error. */
int division_name(struct db *db, const char *code, char *out, size_t n, struct err *e);

/* The SQL of a CTE "jurisdiction(division_code, station_code)" mapping
 * every division to the station whose listed division is its nearest
 * ancestor-or-self.  Use as: WITH RECURSIVE <this> SELECT ... */
extern const char jurisdiction_cte[];

/*
 * The live stations of a scope: "FROM " STATIONS_OF_SCOPE, both `?` bound to
 * the unit (NULL: all); stations_each lists them, and counts over the
 * stations' cells take the same (stats/compstat.c).
 */
#define STATIONS_OF_SCOPE "stations WHERE voided_at IS NULL AND (? IS NULL OR code IN " UNIT_SUBTREE ")"

/*
 * Call `each` for the live stations, all of them or only `only`, in code
 * order.  A named station that does not exist is ERR_NOT_FOUND.
 */
int stations_each(struct db *db, const char *only, int (*each)(void *ctx, const char *code, const char *name),
		  void *ctx, struct err *e);

/* What a post rests on: its holder, its holder's station, its division (or one above). */
enum posts_of { POSTS_OF_PERSON, POSTS_OF_STATION, POSTS_IN_DIVISION };

/*
 * After a change to a person, a station or a division (r as stored, in the
 * change's transaction): every live post active today or later that rests
 * on r must still keep its rules (CONTRACTS §2; a void holder, station or
 * division breaks them all).  Those that do not are refused together,
 * ERR_CONFLICT "post.would_break" naming each (holder, kind, division,
 * start), unless r->end_dependents ends them the day before its `on` (today
 * or up to END_POSTS_DAYS_BACK days back), each audited.  Posts broken
 * before the change (posts_broken_before) are not its doing: neither
 * refused nor ended.  An after_change callback.
 */
/* How far back an end_posts date may lie (the change itself takes effect today). */
#define END_POSTS_DAYS_BACK 30

int posts_recheck(struct db *db, const struct record *r, enum posts_of which, int64_t now, struct err *e);
/* Before such a change: the posts resting on r that break their rules already,
 * into r->was_broken.  A before_change callback. */
int posts_broken_before(struct db *db, struct record *r, enum posts_of which, struct err *e);

/* The divisions a station's jurisdiction holds: those it lists and all below (one ?: the station). */
#define DIVISIONS_OF_STATION                                                              \
	"WITH RECURSIVE down(code) AS (SELECT division_code FROM station_divisions"       \
	" WHERE station_code IN " UNIT_SUBTREE " UNION SELECT d.code FROM divisions d JOIN down" \
	" ON d.parent_code = down.code) SELECT code FROM down"

/*
 * The station whose jurisdiction holds the division (the nearest listed
 * ancestor-or-self, as jurisdiction_cte): a grid's station is its
 * community's.  out[24] is "" when none holds it.  0, or -1 on error.
 */
int division_station(struct db *db, const char *division, char out[24], struct err *e);

/* SQL yielding the code of division `?` and of every division below it. */
#define DIVISIONS_BELOW_SQL                                                                  \
	"WITH RECURSIVE down(code) AS (SELECT code FROM divisions WHERE code = ? UNION"      \
	" SELECT d.code FROM divisions d JOIN down ON d.parent_code = down.code) SELECT code FROM down"

#endif
