/*
 * todo_json.c — {"as_of", "horizon_days", "deadlines", "scope", "counts",
 * "mine", "by_station", "items"}, and "demo": true on demonstration data: see
 * docs/api.md.
 */
#include "io/todo_json.h"
#include "base/date.h"
#include "model/dispute.h"
#include "model/gridreport.h"

static json_t *per_kind(const int64_t n[TODO_KINDS])
{
	json_t *o = json_object();
	for (int k = 0; k < TODO_KINDS; k++)
		json_object_set_new(o, todo_kind_name((enum todo_kind)k), json_integer(n[k]));
	return o;
}

static json_t *counts_json(const struct todo_counts *c)
{
	return json_pack("{s:o, s:o}", "overdue", per_kind(c->overdue), "due_soon", per_kind(c->due_soon));
}

json_t *todo_json(const struct todo *t, const char *station)
{
	char as_of[11], due[11];
	date_format(t->as_of, as_of);
	json_t *items = json_array();
	for (size_t i = 0; i < t->n; i++) {
		const struct todo_item *it = &t->items[i];
		date_format(it->due, due);
		json_array_append_new(items, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:i, s:b, s:s}", "kind",
						       todo_kind_name(it->kind), "key", it->key, "id", (json_int_t)it->id,
						       "dispute_no", it->dispute_no, "station", it->station, "due_on", due,
						       "days_overdue", it->days_overdue, "overdue", it->overdue,
						       "label", it->label));
	}
	json_t *stations = json_array();
	for (size_t i = 0; i < t->nstations; i++) {
		json_t *s = counts_json(&t->stations[i].c);
		json_object_set_new(s, "station", json_string(t->stations[i].station));
		json_array_append_new(stations, s);
	}
	json_t *mine = json_null();
	if (t->has_mine) {
		mine = counts_json(&t->mine);
		json_object_set_new(mine, "unit", json_string(t->mine_unit));
	}
	json_t *o = json_pack("{s:s, s:i, s:{s:i, s:i, s:i, s:i}, s:{s:s?}, s:o, s:o, s:o, s:o}", "as_of", as_of, "horizon_days",
			      TODO_HORIZON_DAYS, "deadlines", "result_days", DISPUTE_RESULT_DAYS, "accept_days",
			      REFERRAL_ACCEPT_DAYS, "gridreport_accept_hours", GRIDREPORT_ACCEPT_HOURS, "gridreport_feedback_days",
			      GRIDREPORT_FEEDBACK_DAYS, "scope", "station", station, "counts", counts_json(&t->total), "mine",
			      mine, "by_station", stations, "items", items);
	if (t->demo)
		json_object_set_new(o, "demo", json_true());
	return o;
}
