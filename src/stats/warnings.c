/*
 * warnings.c — the early warnings (CONTRACTS.md §5), from indexes.
 *
 * A window's keys are counted from one range of a covering partial index
 * over its days (disputes_warn_day, parties_warn_dispute,
 * incidents_warn_day: schema/007), in a hash table: the cost is the records
 * of the window, whatever the size of the tables, and never a join of the
 * records with themselves.  Only keys with enough records are read again,
 * each by its own key's index range (parties_warn_person,
 * disputes_address_key, incidents_warn_address).  The unresolved warnings
 * read the partial indexes of risky follow-ups and of disputes without a
 * result.
 */
#include "stats/warnings.h"
#include "base/date.h"
#include "base/idno.h"
#include "base/text.h"
#include "model/settings.h"
#include "model/unit.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char warnings_definitions[] =
	"口径：重复当事人——同一人（同一身份证号；无身份证号时同一姓名和电话）在截至当日的 180 天内登记的 2 起以上纠纷中"
	"为当事人：2 起黄色，3 起以上橙色，其中有调解不成或回访仍有激化风险的为红色。重复地址——同一地址（全角转半角、"
	"去空格后相同）在截至当日的 90 天内有纠纷和纠纷、治安、刑事类警情合计 3 起以上：3–4 起橙色，5 起以上红色。"
	"未化解——已调解成功的纠纷最近一次回访（按应回访日期）仍有激化风险或协议未履行为橙色；登记满 30 天仍无调处结果为黄色。"
	"指定派出所时只计该所的记录。\n"
	"Definitions: repeat_party — the same person (ID number; else name and phone) is a party in 2+ disputes "
	"registered in the 180 days up to the date: yellow 2, orange 3+, red when one failed or a follow-up found a "
	"risk. repeat_address — 3+ disputes and incidents (dispute, public_order, criminal) at the same folded "
	"address in the 90 days up to the date: orange 3-4, red 5+. unresolved — a settled dispute whose latest done "
	"follow-up found a risk or the agreement not performed (orange); a dispute past its 30-day deadline without "
	"a result (yellow). With a station, only its records count.\n";

static const struct code_item warn_level_items[] = {
	[WARN_RED] = { "red", "红色", "red" },
	[WARN_ORANGE] = { "orange", "橙色", "orange" },
	[WARN_YELLOW] = { "yellow", "黄色", "yellow" },
};
const struct code_list warn_levels = CODE_LIST(warn_level_items);

static const struct code_item warn_kind_items[] = {
	[WARN_REPEAT_PARTY] = { "repeat_party", "重复当事人", "repeat party" },
	[WARN_REPEAT_ADDRESS] = { "repeat_address", "重复地址", "repeat address" },
	[WARN_UNRESOLVED] = { "unresolved", "未化解", "unresolved" },
};
const struct code_list warn_kinds = CODE_LIST(warn_kind_items);

/*
 * ---- counting a window's keys ----
 *
 * A table of 64-bit hashes (FNV-1a) and counts: no string is copied until
 * its hash is seen `min` times, so a window of a million keys, nearly all
 * seen once, costs no allocation each.  Two keys sharing a hash can only add
 * a candidate, never hide one; the candidates are counted exactly again.
 */
struct key_counts {
	uint64_t *hash; /* 0: empty slot */
	uint32_t *n;
	size_t cap, used;
	int min;
	char **cand; /* keys whose hash reached `min` */
	size_t ncand, capcand;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1;
}

static int kc_grow(struct key_counts *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1u << 16;
	uint64_t *h = calloc(cap, sizeof *h);
	uint32_t *n = calloc(cap, sizeof *n);
	if (!h || !n) {
		free(h);
		free(n);
		return -1;
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->hash[i])
			continue;
		size_t j = t->hash[i] & (cap - 1);
		while (h[j])
			j = (j + 1) & (cap - 1);
		h[j] = t->hash[i];
		n[j] = t->n[i];
	}
	free(t->hash);
	free(t->n);
	t->hash = h;
	t->n = n;
	t->cap = cap;
	return 0;
}

static int kc_add(struct key_counts *t, const char *key)
{
	if ((t->used + 1) * 2 > t->cap && kc_grow(t))
		return -1;
	uint64_t h = fnv(key);
	size_t j = h & (t->cap - 1);
	while (t->hash[j] && t->hash[j] != h)
		j = (j + 1) & (t->cap - 1);
	if (!t->hash[j]) {
		t->hash[j] = h;
		t->used++;
	}
	if (++t->n[j] != (uint32_t)t->min)
		return 0;
	if (t->ncand == t->capcand) {
		size_t cap = t->capcand ? t->capcand * 2 : 256;
		char **c = realloc(t->cand, cap * sizeof *c);
		if (!c)
			return -1;
		t->cand = c;
		t->capcand = cap;
	}
	return (t->cand[t->ncand] = strdup(key)) ? (t->ncand++, 0) : -1;
}

static void kc_free(struct key_counts *t)
{
	for (size_t i = 0; i < t->ncand; i++)
		free(t->cand[i]);
	free(t->cand);
	free(t->hash);
	free(t->n);
	memset(t, 0, sizeof *t);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The candidates, sorted (a stable order of lookups). */
static void kc_sort(struct key_counts *t)
{
	if (t->ncand)
		qsort(t->cand, t->ncand, sizeof *t->cand, cmp_str);
}

/* ---- the list ---- */

static struct warning *add_warning(struct warnings *w, struct err *e)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct warning *l = realloc(w->list, cap * sizeof *l);
		if (!l) {
			err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
			return NULL;
		}
		w->list = l;
		w->cap = cap;
	}
	struct warning *x = &w->list[w->n++];
	memset(x, 0, sizeof *x);
	return x;
}

static int add_record(struct warning *x, const char *kind, const char *key, const char *day, struct err *e)
{
	struct warn_record *r = realloc(x->records, (x->nrecords + 1) * sizeof *r);
	if (!r)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	x->records = r;
	r = &r[x->nrecords++];
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	snprintf(r->key, sizeof r->key, "%s", key);
	snprintf(r->day, sizeof r->day, "%s", day);
	return 0;
}

static void reason(struct warning *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(struct warning *x, const char *fmt, ...)
{
	if (x->nreasons >= WARN_REASONS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->reasons[x->nreasons++], sizeof x->reasons[0], fmt, ap);
	va_end(ap);
}

void mask_name_mou(const char *s, char *out, size_t n)
{
	if (!n)
		return;
	out[0] = '\0';
	if (!s || !*s)
		return;
	size_t first = 1, len = strlen(s);
	while (first < len && ((unsigned char)s[first] & 0xC0) == 0x80)
		first++;
	int rest = 0;
	for (size_t i = first; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			rest++;
	if (rest < 1)
		rest = 1;
	if (rest > 2)
		rest = 2;
	snprintf(out, n, "%.*s%s", (int)first, s, rest == 1 ? "某" : "某某");
}

/* Bind the station condition "(? = '' OR station IN UNIT_SUBTREE)" at idx and idx + 1: "" for the whole bureau. */
static void bind_station(struct db_stmt *st, int idx, const char *station)
{
	db_bind_text(st, idx, station ? station : "");
	db_bind_text(st, idx + 1, station ? station : "");
}

/* Count the first column of each row of `st` (bound already) in `t`; done with `st`. */
static int count_rows(struct db_stmt *st, struct key_counts *t, struct err *e)
{
	int rc;
	while ((rc = db_step(st, e)) == 1)
		if (kc_add(t, db_col_text(st, 0))) {
			db_done(st);
			return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		}
	db_done(st);
	return rc;
}

/* ---- repeat_party ---- */

/*
 * Count each person's parties in the disputes of the window: for the whole
 * bureau one range of parties_warn_day (a party carries its dispute's day);
 * for a station, its disputes of the window (disputes_warn_day) and their
 * parties.  The bureau's count does not look at the disputes, so it may
 * include a voided dispute's parties: it chooses the people to read again,
 * and party_warning() counts exactly.
 */
static int party_counts(struct db *db, const char *from, const char *to, const char *station, struct key_counts *t,
			struct err *e)
{
	struct db_stmt *st = db_prepare(db, station
		? "SELECT p.person_key FROM disputes d JOIN parties p ON p.dispute_no = d.dispute_no AND p.voided_at IS NULL "
		  "WHERE d.registered_on BETWEEN ? AND ? AND d.voided_at IS NULL AND d.station IN " UNIT_SUBTREE
		: "SELECT person_key FROM parties WHERE registered_on BETWEEN ? AND ? AND voided_at IS NULL", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	if (station)
		db_bind_text(st, 3, station);
	return count_rows(st, t, e);
}

static void party_subject(struct warning *x, const char *key, const char *name, const char *id_no, const char *phone,
			  bool reveal)
{
	char nm[160], other[64] = "";
	if (reveal)
		snprintf(nm, sizeof nm, "%s", name);
	else
		mask_name_mou(name, nm, sizeof nm);
	if (!strncmp(key, "id:", 3) && *id_no) {
		if (reveal)
			snprintf(other, sizeof other, "%s", id_no);
		else
			mask_idno(id_no, other, sizeof other);
	} else if (*phone) {
		if (reveal)
			snprintf(other, sizeof other, "%s", phone);
		else
			mask_phone(phone, other, sizeof other);
	}
	snprintf(x->subject, sizeof x->subject, "%s%s%s", nm, *other ? " " : "", other);
}

/*
 * The repeat-party rule, once for the list (party_warning) and the count
 * (warnings_count): a person's live disputes registered in the window [?, ?]
 * (YYYY-MM-DD) of the scope (? = '': everywhere), p the parties, d the
 * disputes; a warning from WARN_PARTY_MIN disputes.
 */
#define PARTY_DISPUTES \
	"p.voided_at IS NULL AND d.voided_at IS NULL AND d.registered_on BETWEEN ? AND ? " \
	"AND (? = '' OR d.station IN " UNIT_SUBTREE ")"

static int party_warning(struct db *db, struct warnings *w, const char *key, const char *from, const char *to,
			 const char *station, bool reveal, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT d.dispute_no, d.station, d.registered_on, "
		"d.status = 'failed' AND d.result_on <= ?, "
		"EXISTS (SELECT 1 FROM followups f WHERE f.dispute_no = d.dispute_no AND f.voided_at IS NULL "
		"AND f.done_on IS NOT NULL AND f.done_on <= ? AND f.risk = 1), p.name, p.id_no, p.phone "
		"FROM parties p JOIN disputes d ON d.dispute_no = p.dispute_no "
		"WHERE p.person_key = ? AND " PARTY_DISPUTES " ORDER BY d.registered_on, d.dispute_no", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, to);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, key);
	db_bind_text(st, 4, from);
	db_bind_text(st, 5, to);
	bind_station(st, 6, station);
	struct warning *x = add_warning(w, e);
	if (!x) {
		db_done(st);
		return -1;
	}
	int rc, failed = 0, risky = 0;
	char last[44] = "";
	while ((rc = db_step(st, e)) == 1) {
		const char *no = db_col_text(st, 0);
		if (!strcmp(no, last))
			continue; /* one person twice in a dispute counts once */
		snprintf(last, sizeof last, "%s", no);
		if (add_record(x, "disputes", no, db_col_text(st, 2), e)) {
			rc = -1;
			break;
		}
		failed += db_col_int(st, 3) != 0;
		risky += db_col_int(st, 4) != 0;
		/* the latest dispute names the station and the person */
		snprintf(x->station, sizeof x->station, "%s", db_col_text(st, 1));
		party_subject(x, key, db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7), reveal);
	}
	db_done(st);
	if (rc < 0)
		return -1;
	size_t n = x->nrecords;
	if (n < WARN_PARTY_MIN) { /* counted with a voided dispute's parties, or another key's hash */
		free(x->records);
		w->n--;
		return 0;
	}
	x->kind = WARN_REPEAT_PARTY;
	x->level = failed || risky ? WARN_RED : n >= 3 ? WARN_ORANGE : WARN_YELLOW;
	snprintf(x->sort_key, sizeof x->sort_key, "%s", key);
	reason(x, "%d 天内 %zu 起纠纷", WARN_PARTY_DAYS, n);
	if (failed)
		reason(x, "%d 起调解不成", failed);
	if (risky)
		reason(x, "%d 起回访仍有激化风险", risky);
	return 0;
}

static int repeat_party(struct db *db, struct warnings *w, int32_t as_of, const char *station, bool reveal,
			struct err *e)
{
	char from[11], to[11];
	date_format(as_of - (WARN_PARTY_DAYS - 1), from);
	date_format(as_of, to);
	struct key_counts t = { .min = WARN_PARTY_MIN };
	int rc = party_counts(db, from, to, station, &t, e);
	kc_sort(&t);
	for (size_t i = 0; !rc && i < t.ncand; i++)
		rc = party_warning(db, w, t.cand[i], from, to, station, reveal, e);
	kc_free(&t);
	return rc;
}

/* ---- repeat_address ---- */

#define WARN_TOPS "top_category IN ('dispute', 'public_order', 'criminal')"

/*
 * The repeat-address rule, once for the candidates (address_counts), the list
 * (address_warning) and the count (warnings_count): an address's live
 * disputes registered in the window [?, ?] (YYYY-MM-DD) and its live
 * incidents of the WARN_TOPS categories received in it [?, ?] (day numbers),
 * of the scope (? = '': everywhere); a warning from WARN_ADDRESS_MIN of them.
 */
#define ADDRESS_DISPUTES \
	"registered_on BETWEEN ? AND ? AND voided_at IS NULL AND address_key IS NOT NULL " \
	"AND (? = '' OR station IN " UNIT_SUBTREE ")"
#define ADDRESS_INCIDENTS \
	"received_day BETWEEN ? AND ? AND voided_at IS NULL AND address_key IS NOT NULL AND " WARN_TOPS \
	" AND (? = '' OR station IN " UNIT_SUBTREE ")"

static int address_counts(struct db *db, const char *from, const char *to, int32_t dfrom, int32_t dto,
			  const char *station, struct key_counts *t, struct err *e)
{
	static const char *const sql[2] = {
		"SELECT address_key FROM disputes WHERE " ADDRESS_DISPUTES,
		"SELECT address_key FROM incidents WHERE " ADDRESS_INCIDENTS,
	};
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st = db_prepare(db, sql[k], e);
		if (!st)
			return -1;
		if (k == 0) {
			db_bind_text(st, 1, from);
			db_bind_text(st, 2, to);
		} else {
			db_bind_int(st, 1, dfrom);
			db_bind_int(st, 2, dto);
		}
		bind_station(st, 3, station);
		if (count_rows(st, t, e) < 0)
			return -1;
	}
	return 0;
}

static int cmp_record(const void *a, const void *b)
{
	const struct warn_record *x = a, *y = b;
	int c = strcmp(x->day, y->day);
	if (!c)
		c = strcmp(x->kind, y->kind);
	return c ? c : strcmp(x->key, y->key);
}

static int address_warning(struct db *db, struct warnings *w, const char *key, const char *from, const char *to,
			   int32_t dfrom, int32_t dto, const char *station, struct err *e)
{
	static const char *const sql[2] = {
		"SELECT dispute_no, station, registered_on, address FROM disputes WHERE address_key = ? AND " ADDRESS_DISPUTES,
		"SELECT incident_no, station, received_day, address FROM incidents WHERE address_key = ? AND "
		ADDRESS_INCIDENTS,
	};
	struct warning *x = add_warning(w, e);
	if (!x)
		return -1;
	/* the station and the address as written come from the latest record */
	struct warn_record latest = { "", "", "" };
	int counts[2] = { 0, 0 };
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st = db_prepare(db, sql[k], e);
		if (!st)
			return -1;
		db_bind_text(st, 1, key);
		if (k == 0) {
			db_bind_text(st, 2, from);
			db_bind_text(st, 3, to);
		} else {
			db_bind_int(st, 2, dfrom);
			db_bind_int(st, 3, dto);
		}
		bind_station(st, 4, station);
		int rc;
		while ((rc = db_step(st, e)) == 1) {
			struct warn_record cur;
			snprintf(cur.kind, sizeof cur.kind, "%s", k ? "incidents" : "disputes");
			snprintf(cur.key, sizeof cur.key, "%s", db_col_text(st, 0));
			if (k == 0)
				snprintf(cur.day, sizeof cur.day, "%s", db_col_text(st, 2));
			else
				date_format((int32_t)db_col_int(st, 2), cur.day);
			if (add_record(x, cur.kind, cur.key, cur.day, e)) {
				db_done(st);
				return -1;
			}
			counts[k]++;
			if (!latest.kind[0] || cmp_record(&cur, &latest) > 0) {
				latest = cur;
				snprintf(x->station, sizeof x->station, "%s", db_col_text(st, 1));
				snprintf(x->subject, sizeof x->subject, "%s", db_col_text(st, 3));
			}
		}
		db_done(st);
		if (rc < 0)
			return -1;
	}
	if (x->nrecords < WARN_ADDRESS_MIN) { /* another key's hash */
		free(x->records);
		w->n--;
		return 0;
	}
	qsort(x->records, x->nrecords, sizeof *x->records, cmp_record);
	size_t n = x->nrecords;
	x->kind = WARN_REPEAT_ADDRESS;
	x->level = n >= WARN_ADDRESS_RED ? WARN_RED : WARN_ORANGE;
	snprintf(x->sort_key, sizeof x->sort_key, "%s", key);
	reason(x, "%d 天内同一地址 %zu 起", WARN_ADDRESS_DAYS, n);
	reason(x, "纠纷 %d 起，警情 %d 起", counts[0], counts[1]);
	return 0;
}

static int repeat_address(struct db *db, struct warnings *w, int32_t as_of, const char *station, struct err *e)
{
	char from[11], to[11];
	int32_t dfrom = as_of - (WARN_ADDRESS_DAYS - 1);
	date_format(dfrom, from);
	date_format(as_of, to);
	struct key_counts t = { .min = WARN_ADDRESS_MIN };
	int rc = address_counts(db, from, to, dfrom, as_of, station, &t, e);
	kc_sort(&t);
	for (size_t i = 0; !rc && i < t.ncand; i++)
		rc = address_warning(db, w, t.cand[i], from, to, dfrom, as_of, station, e);
	kc_free(&t);
	return rc;
}

/* ---- the two counts alone ---- */

#define STR_(x) #x
#define STR(x) STR_(x)

/* The single count of `sql`, bound from, to (text), station twice, then (address) the incidents' day numbers. */
static int count_one(struct db *db, const char *sql, const char *from, const char *to, const char *station,
		     const int32_t *days, int64_t *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	bind_station(st, 3, station);
	if (days) {
		db_bind_int(st, 5, days[0]);
		db_bind_int(st, 6, days[1]);
		bind_station(st, 7, station);
	}
	int rc = db_step(st, e);
	*out = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int warnings_count(struct db *db, int32_t as_of, const char *station, int64_t *party, int64_t *address, struct err *e)
{
	if (station && !*station)
		station = NULL;
	char from[11], to[11];
	date_format(as_of - (WARN_PARTY_DAYS - 1), from);
	date_format(as_of, to);
	/* as party_warning counts: the person's live disputes of the window, each once */
	if (count_one(db,
		      "SELECT COUNT(*) FROM (SELECT p.person_key FROM parties p JOIN disputes d ON d.dispute_no = p.dispute_no "
		      "WHERE p.person_key IS NOT NULL AND " PARTY_DISPUTES " "
		      "GROUP BY p.person_key HAVING COUNT(DISTINCT d.dispute_no) >= " STR(WARN_PARTY_MIN) ") w",
		      from, to, station, NULL, party, e))
		return -1;
	/* as address_warning counts: the address's live disputes and incidents of the window */
	int32_t days[2] = { as_of - (WARN_ADDRESS_DAYS - 1), as_of };
	date_format(days[0], from);
	return count_one(db,
			 "SELECT COUNT(*) FROM (SELECT k FROM ("
			 "SELECT address_key AS k FROM disputes WHERE " ADDRESS_DISPUTES " UNION ALL "
			 "SELECT address_key FROM incidents WHERE " ADDRESS_INCIDENTS
			 ") a GROUP BY k HAVING COUNT(*) >= " STR(WARN_ADDRESS_MIN) ") w",
			 from, to, station, days, address, e);
}

/* ---- unresolved ---- */

static int unresolved(struct db *db, struct warnings *w, int32_t as_of, const char *station, struct err *e)
{
	char to[11], deadline[11];
	date_format(as_of, to);
	date_format(as_of - 30, deadline); /* registered before this: the 30 days have passed */
	/*
	 * A settled dispute's latest done follow-up (by due_on, done by as_of)
	 * found a risk or the agreement not performed: read from the partial
	 * index of such follow-ups, then each dispute's later ones.
	 */
	struct db_stmt *st = db_prepare(db,
		"SELECT f.dispute_no, d.station, f.risk, f.performed = 'no', f.due_on FROM followups f "
		"JOIN disputes d ON d.dispute_no = f.dispute_no "
		"WHERE f.voided_at IS NULL AND f.done_on IS NOT NULL AND (f.risk = 1 OR f.performed = 'no') "
		"AND f.done_on <= ? AND d.voided_at IS NULL AND d.status = 'settled' AND d.settled_on <= ? "
		"AND (? = '' OR d.station IN " UNIT_SUBTREE ") "
		"AND NOT EXISTS (SELECT 1 FROM followups g WHERE g.dispute_no = f.dispute_no AND g.voided_at IS NULL "
		"AND g.done_on IS NOT NULL AND g.done_on <= ? AND g.due_on > f.due_on) "
		"ORDER BY f.dispute_no", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, to);
	db_bind_text(st, 2, to);
	bind_station(st, 3, station);
	db_bind_text(st, 5, to);
	int rc;
	while ((rc = db_step(st, e)) == 1) {
		struct warning *x = add_warning(w, e);
		const char *no = db_col_text(st, 0);
		if (!x || add_record(x, "disputes", no, "", e)) {
			db_done(st);
			return -1;
		}
		x->kind = WARN_UNRESOLVED;
		x->level = WARN_ORANGE;
		snprintf(x->subject, sizeof x->subject, "%s", no);
		snprintf(x->sort_key, sizeof x->sort_key, "%s", no);
		snprintf(x->station, sizeof x->station, "%s", db_col_text(st, 1));
		reason(x, "已调解成功");
		if (db_col_int(st, 2))
			reason(x, "最近一次回访（应回访 %s）仍有激化风险", db_col_text(st, 4));
		if (db_col_int(st, 3))
			reason(x, "最近一次回访（应回访 %s）协议未履行", db_col_text(st, 4));
	}
	db_done(st);
	if (rc < 0)
		return -1;
	/* past the 30-day deadline with no result by as_of: the partial index of disputes by result day */
	st = db_prepare(db,
		"SELECT dispute_no, station, registered_on FROM disputes "
		"WHERE voided_at IS NULL AND result_on IS NULL AND registered_on < ? AND (? = '' OR station IN " UNIT_SUBTREE ") "
		"UNION ALL "
		"SELECT dispute_no, station, registered_on FROM disputes "
		"WHERE voided_at IS NULL AND result_on > ? AND registered_on < ? AND (? = '' OR station IN " UNIT_SUBTREE ")", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, deadline);
	bind_station(st, 2, station);
	db_bind_text(st, 4, to);
	db_bind_text(st, 5, deadline);
	bind_station(st, 6, station);
	while ((rc = db_step(st, e)) == 1) {
		struct warning *x = add_warning(w, e);
		const char *no = db_col_text(st, 0), *reg = db_col_text(st, 2);
		if (!x || add_record(x, "disputes", no, reg, e)) {
			db_done(st);
			return -1;
		}
		int32_t d;
		struct err ignored;
		int days = date_parse(reg, "registered_on", &d, &ignored) ? 0 : (int)(as_of - d);
		x->kind = WARN_UNRESOLVED;
		x->level = WARN_YELLOW;
		snprintf(x->subject, sizeof x->subject, "%s", no);
		snprintf(x->sort_key, sizeof x->sort_key, "%s", no);
		snprintf(x->station, sizeof x->station, "%s", db_col_text(st, 1));
		reason(x, "登记 %d 天仍无调处结果（超过 30 天期限）", days);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static int cmp_warning(const void *a, const void *b)
{
	const struct warning *x = a, *y = b;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->nrecords != y->nrecords)
		return x->nrecords > y->nrecords ? -1 : 1;
	return strcmp(x->sort_key, y->sort_key);
}

int warnings_compute(struct db *db, const char *as_of, const char *station, bool reveal, struct warnings *out,
		     struct err *e)
{
	memset(out, 0, sizeof *out);
	int32_t day;
	if (date_parse(as_of, "as_of", &day, e))
		return -1;
	date_format(day, out->as_of);
	if (station && !*station)
		station = NULL;
	snprintf(out->station, sizeof out->station, "%s", station ? station : "");
	if (station) {
		struct db_stmt *st = db_prepare(db, "SELECT 1 FROM units WHERE code = ? AND voided_at IS NULL", e);
		if (!st)
			return -1;
		db_bind_text(st, 1, station);
		int found = db_step_done(st, e);
		if (found < 0)
			return -1;
		char shown[48];
		if (!found)
			return err_set(e, ERR_NOT_FOUND, "station.not_found", "station", "找不到派出所“%s”（no such station）",
				       text_quote(shown, sizeof shown, station, 30));
	}
	int rc = repeat_party(db, out, day, station, reveal, e) || repeat_address(db, out, day, station, e) ||
			 unresolved(db, out, day, station, e) || settings_demo(db, &out->demo, e)
		 ? -1
		 : 0;
	if (rc) {
		warnings_free(out);
		return -1;
	}
	if (out->n)
		qsort(out->list, out->n, sizeof *out->list, cmp_warning);
	return 0;
}

void warnings_free(struct warnings *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->list[i].records);
	free(w->list);
	w->list = NULL;
	w->n = w->cap = 0;
}

json_t *warnings_json(const struct warnings *w)
{
	json_t *list = json_array();
	for (size_t i = 0; i < w->n; i++) {
		const struct warning *x = &w->list[i];
		json_t *reasons = json_array(), *records = json_array();
		for (int k = 0; k < x->nreasons; k++)
			json_array_append_new(reasons, json_string(x->reasons[k]));
		for (size_t k = 0; k < x->nrecords; k++)
			json_array_append_new(records, json_pack("{s:s, s:s}", "kind", x->records[k].kind, "key",
								 x->records[k].key));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "level", warn_levels.items[x->level].code,
						      "kind", warn_kinds.items[x->kind].code, "subject", x->subject, "station",
						      x->station, "reasons", reasons, "records", records));
	}
	json_t *o = json_pack("{s:s, s:s?, s:o}", "as_of", w->as_of, "station", w->station[0] ? w->station : NULL,
			      "warnings", list);
	if (w->demo)
		json_object_set_new(o, "demo", json_true());
	return o;
}
