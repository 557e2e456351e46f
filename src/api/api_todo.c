/*
 * api_todo.c — GET /api/v1/todo?as_of=&station=: the caller's to-do list
 * (待办), within its scope (model/todo.h).
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "io/todo_json.h"
#include "model/perm.h"
#include "model/unit.h"

#include <string.h>

void todo_get(struct ctx *c)
{
	struct err e;
	err_clear(&e);
	const char *as_of = http_query(c->req, "as_of"), *station = http_query(c->req, "station");
	/* a station user's list is its own station's; a mediator's its referrals', which ?station= may narrow */
	if (c->scope.kind != SCOPE_PARTNER && c->scope.kind != SCOPE_GRID && report_station_or_reply(c, &station))
		return;
	int32_t day = date_today(config()->tz_minutes);
	if (as_of && *as_of && date_parse(as_of, "as_of", &day, &e)) {
		reply_error(c, &e);
		return;
	}
	/* a unit above the stations: its scope confines the list (the unit and below), no one station does */
	int is_station = 1;
	if (c->scope.kind == SCOPE_UNIT && station && !strcmp(station, c->scope.unit) &&
	    (is_station = unit_is_station(c->db, station, &e)) < 0) {
		reply_error(c, &e);
		return;
	}
	if (!is_station)
		station = NULL;
	struct todo_query q = { .as_of = day, .station = station && *station ? station : NULL, .scope = &c->scope,
				.unit = c->user.unit, .now = c->now };
	/* the scope confines each kind; a kind the caller may not read at all is not listed */
	for (int k = 0; k < TODO_KINDS; k++)
		q.hide[k] = !may(c, todo_kind_name((enum todo_kind)k), ACT_READ);
	struct todo t;
	if (todo_compute(c->db, &q, &t, &e)) {
		reply_error(c, &e);
		return;
	}
	reply_json(c, 200, todo_json(&t, q.station));
	todo_free(&t);
}
