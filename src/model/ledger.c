/*
 * ledger.c — the rules the ledgers share (ledger.h): counts not negative,
 * one date not before another, a place within the station's jurisdiction,
 * and the station a row derives, kept as first recorded.
 */
#include "model/ledger.h"
#include "model/org.h"

#include <stdio.h>
#include <string.h>

void ledger_not_negative(struct rules *rs, const struct record *r, const char *prefix, const char *const *names)
{
	for (; *names; names++) {
		int i = field_index(r->type, *names);
		if (!rule_usable(rs, r, i) || r->v[i].i >= 0)
			continue;
		char code[64];
		snprintf(code, sizeof code, "%s.negative", prefix);
		rule_broken(rs, ERR_INVALID, code, *names, "%s不能为负（a count cannot be negative）", r->type->fields[i].zh);
	}
}

void ledger_not_before(struct rules *rs, const struct record *r, const char *later, const char *earlier,
		       const char *code)
{
	int il = field_index(r->type, later), ie = field_index(r->type, earlier);
	if (!rule_usable(rs, r, il) || !rule_usable(rs, r, ie) || r->v[il].i >= r->v[ie].i)
		return;
	const struct field *fl = &r->type->fields[il], *fe = &r->type->fields[ie];
	rule_broken(rs, ERR_INVALID, code, later, "%s %s 早于%s %s（%s is before %s）", fl->zh, r->v[il].s, fe->zh,
		    r->v[ie].s, later, earlier);
}

int ledger_division_in_station(struct db *db, const struct record *r, struct rules *rs, const char *prefix,
			       const char *station, const char *division)
{
	if (!rule_has(rs, r, station) || !rule_has(rs, r, division))
		return 0;
	const char *s = record_get(r, station), *d = record_get(r, division);
	int held = station_holds_division(db, s, d, &rs->e);
	if (held < 0)
		return rule_outcome(rs, -1);
	if (!held) {
		char code[64];
		snprintf(code, sizeof code, "%s.outside_jurisdiction", prefix);
		rule_broken(rs, ERR_INVALID, code, division, "%s：%s不在派出所 %s 的辖区内（outside the station's jurisdiction）",
			    r->type->fields[field_index(r->type, division)].zh, d, s);
	}
	return 0;
}

/* The first column of `sql`'s first row, its `?`s bound to `keys`, into out: 1 a row, 0 none, -1 error. */
static int first_text(struct db *db, const char *sql, const char *const *keys, int nkeys, char out[32], struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	for (int k = 0; k < nkeys; k++)
		db_bind_text(st, k + 1, keys[k]);
	int rc = db_step(st, e);
	if (rc == 1)
		snprintf(out, 32, "%s", db_col_text(st, 0));
	db_done(st);
	return rc;
}

int ledger_derive_station(struct db *db, struct record *r, const char *const *keys, const char *sql_now, int nnow,
			  struct err *e)
{
	const char *vals[8];
	char sql[300], station[32] = "";
	int n = snprintf(sql, sizeof sql, "SELECT station FROM %s WHERE 1 = 1", r->type->table), k = 0;
	for (; keys[k] && k < 8; k++) {
		vals[k] = record_get(r, keys[k]);
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND %s = ?", keys[k]);
		if (!vals[k])
			return record_set(r, field_index(r->type, "station"), "", 0, e);
	}
	int rc = first_text(db, sql, vals, k, station, e);
	if (rc == 0)
		rc = first_text(db, sql_now, vals, nnow, station, e);
	return rc < 0 ? -1 : record_set(r, field_index(r->type, "station"), station, 0, e);
}
