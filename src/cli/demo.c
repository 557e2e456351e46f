/*
 * demo.c — the demonstration data of `fengqiao init --demo`: the real Alxa
 * Left Banner divisions (compiled in from data/), 11 stations whose
 * jurisdictions cover all 19 town-level units, about 250 staff, partner
 * bodies, and posts that obey every rule yet leave a few remote gacha
 * uncovered, two years of incidents and cases, and about 1 500 disputes
 * with their parties (valid ID numbers), sessions of every mode, referrals
 * to every kind of partner body, follow-ups, and the few cases that make
 * each kind of early warning.  Everything is generated from a fixed seed
 * and goes through the same checks as an import (and a dispute's status
 * and follow-ups through the real code), so the demo can never hold what
 * the rules forbid, and running it twice gives the same data.
 *
 * One file past 1,000 lines, on purpose: its parts run in one order from one
 * random stream (stations, staff, posts, incidents, cases, disputes), each
 * reading what the ones before made, so that the seed fixes the data; the
 * parts with their own seeds (units, honours and trips) are demo_units.c
 * and demo_welfare.c.
 */
#include "cli/cli.h"
#include "base/array.h"
#include "base/date.h"
#include "base/embed.h"
#include "io/import.h"
#include "base/config.h"
#include "model/dispute.h"
#include "model/gridreport.h"
#include "model/incident.h"
#include "model/org.h"
#include "model/rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEED 0x5eedf00dcafe2023ull

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull); /* splitmix64 */
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int below(struct rng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

static bool chance(struct rng *r, double p)
{
	return (double)(next(r) >> 11) / 9007199254740992.0 < p;
}

struct station_plan {
	const char *code, *name, *model;
	const char *towns; /* division codes, ';' separated */
	bool remote;       /* pastoral sumu: some gacha stay uncovered */
	const char *lat, *lon; /* approximate, inside the banner's outline */
};

static const struct station_plan stations[] = {
	{ "S01", "巴彦浩特派出所", "two_teams_one_office", "152921110000", false, "38.840", "105.670" },
	{ "S02", "王府派出所", "two_teams_one_office", "152921405000", false, "38.852", "105.662" },
	{ "S03", "额鲁特派出所", "two_teams_one_office", "152921402000", false, "38.830", "105.700" },
	{ "S04", "南环派出所", "two_teams_one_office", "152921403000;152921404000", false, "38.810", "105.690" },
	{ "S05", "嘉尔嘎勒赛汉派出所", "multi_skill", "152921111000;152921105000", false, "38.550", "105.600" },
	{ "S06", "温都尔勒图派出所", "multi_skill", "152921102000;152921113000", false, "39.600", "106.300" },
	{ "S07", "吉兰泰派出所", "two_in_one", "152921112000;152921203000", false, "39.730", "105.730" },
	{ "S08", "敖伦布拉格派出所", "multi_skill", "152921114000;152921214000", true, "40.200", "106.600" },
	{ "S09", "腾格里派出所", "multi_skill", "152921115000;152921217000", true, "38.600", "104.500" },
	{ "S10", "孪井滩派出所", "standard", "152921401000", false, "37.600", "105.050" },
	{ "S11", "银根派出所", "two_in_one", "152921216000;152921213000;152921215000", true, "41.000", "104.200" },
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何",
	"高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "田", "董", "袁",
	"潘", "于", "蒋", "蔡", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "白",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀",
	"霞", "平", "刚", "英", "华", "建", "国", "志", "海", "文", "斌", "鹏", "辉", "宇", "浩", "凯", "鑫",
	"晨", "亮", "峰", "龙", "云", "雪",
};
static const char *const mongolian[] = {
	"巴特尔", "额尔敦", "苏和", "孟和", "斯琴", "图雅", "那顺", "宝音", "乌日娜", "其其格", "萨仁",
	"哈斯", "朝鲁", "阿拉坦", "布和", "达来", "敖登", "乌兰", "格日勒", "吉日嘎拉", "特木尔", "巴雅尔",
	"满都拉", "呼和", "额日和木", "阿拉腾", "其木格", "苏日娜", "包勒尔", "孟根",
};

static void make_name(struct rng *r, char *out, size_t n)
{
	if (chance(r, 0.35)) {
		snprintf(out, n, "%s", mongolian[below(r, sizeof mongolian / sizeof *mongolian)]);
		return;
	}
	const char *s = surnames[below(r, sizeof surnames / sizeof *surnames)];
	const char *g1 = given[below(r, sizeof given / sizeof *given)];
	if (chance(r, 0.4))
		snprintf(out, n, "%s%s", s, g1);
	else
		snprintf(out, n, "%s%s%s", s, g1, given[below(r, sizeof given / sizeof *given)]);
}

void demo_name(uint64_t *state, char *out, size_t n)
{
	struct rng r = { *state };
	make_name(&r, out, n);
	*state = r.s;
}

static void make_date(struct rng *r, int y0, int y1, char *out)
{
	int y = y0 + below(r, y1 - y0 + 1), m = 1 + below(r, 12), d = 1 + below(r, 28);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* The first problem a record's check reports. */
static void keep_first(void *ctx, const struct err *e)
{
	struct err *first = ctx;
	if (first->kind == ERR_NONE)
		*first = *e;
}

/* Check and save one record given as name/value pairs (NULL-terminated). */
static int put_to(struct db *db, struct record *r, const char *const *kv, const struct cell_sink *sink, struct err *e)
{
	record_clear(r);
	for (; kv[0]; kv += 2)
		if (kv[1] && record_set_by_name(r, kv[0], kv[1], 480, e))
			return -1;
	struct err first;
	err_clear(&first);
	struct problem_sink problems = { keep_first, &first };
	if (record_check(db, r, &problems)) {
		return err_set(e, ERR_INTERNAL, "demo.invalid", first.field,
			       "演示数据不符合规则（demo record broke a rule）: %s %s", r->type->kind, first.message);
	}
	return record_save_to(db, r, (int64_t)time(NULL), NULL, sink, e);
}

static int put(struct db *db, struct record *r, const char *const *kv, struct err *e)
{
	return put_to(db, r, kv, NULL, e);
}

int demo_put(struct db *db, struct record *r, const char *const *kv, struct err *e)
{
	return put_to(db, r, kv, NULL, e);
}

static int load_divisions(struct db *db, struct err *e)
{
	const struct embedded_file *f = embed_find("data/alxa-left-divisions.csv");
	if (!f)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "division list not compiled in");
	FILE *in = fmemopen((void *)f->data, f->len, "rb");
	if (!in)
		return err_set(e, ERR_IO, NULL, NULL, "fmemopen failed");
	struct import_result res;
	int rc = import_csv(db, &division_type, in, false, NULL, &res, e);
	fclose(in);
	return rc;
}

struct person {
	char badge[16], name[32], type[12], position[24], party[16];
};

struct staff {
	struct person *p;
	long n, cap;
};

static int add_person(struct db *db, struct record *r, struct rng *g, struct staff *st, const char *station,
		      int seq, const char *type, const char *position, const char *party, struct err *e)
{
	struct person *p = array_push(&st->p, &st->n, &st->cap, sizeof *p, e);
	if (!p)
		return -1;
	bool police = !strcmp(type, "police");
	snprintf(p->badge, sizeof p->badge, police ? "15%s%02d" : "FJ%s%02d", station + 1, seq);
	make_name(g, p->name, sizeof p->name);
	snprintf(p->type, sizeof p->type, "%s", type);
	snprintf(p->position, sizeof p->position, "%s", position);
	snprintf(p->party, sizeof p->party, "%s", party);
	char hired[11], phone[16];
	make_date(g, police ? 1995 : 2012, 2022, hired);
	snprintf(phone, sizeof phone, "1%d%09d", 3 + below(g, 7), below(g, 1000000000));
	const char *kv[] = { "badge_no", p->badge, "name", p->name, "type", type, "position", position,
			     "party", party, "station", station, "gender", chance(g, 0.75) ? "male" : "female",
			     "hired_on", hired, "phone", phone, NULL };
	return put(db, r, kv, e);
}

static const char *random_party(struct rng *g)
{
	double x = (double)below(g, 1000) / 1000.0;
	return x < 0.78 ? "member" : x < 0.88 ? "probationary" : "none";
}

static int add_post(struct db *db, struct record *r, const char *badge, const char *kind, const char *division,
		    const char *start, const char *end, struct err *e)
{
	const char *kv[] = { "badge_no", badge, "kind", kind, "division", division, "start", start, "end", end, NULL };
	return put(db, r, kv, e);
}

struct division_list {
	char (*code)[16];
	long n;
};

/* The codes an SQL query with one ? (bound to `key`) answers, in its order. */
static int codes_of(struct db *db, const char *sql, const char *key, struct division_list *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	int rc;
	long cap = 0;
	out->n = 0;
	while ((rc = db_step(st, e)) == 1) {
		char *code = array_push(&out->code, &out->n, &cap, sizeof *out->code, e);
		if (!code) {
			rc = -1;
			break;
		}
		snprintf(code, 16, "%s", db_col_text(st, 0));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* Communities and gacha in a station's jurisdiction, in code order. */
static int jurisdiction_divisions(struct db *db, const char *station, struct division_list *out, struct err *e)
{
	return codes_of(db,
			"SELECT d.code FROM divisions d JOIN station_divisions sd ON sd.division_code = d.parent_code"
			" WHERE sd.station_code = ? AND d.kind IN ('community', 'gacha') ORDER BY d.code",
			station, out, e);
}

static int is_gacha(const char *code)
{
	/* NBS codes: the village part 200-399 is rural (gacha / village). */
	return code[9] >= '2';
}

static int load_station(struct db *db, struct rng *g, const struct station_plan *sp, struct err *e)
{
	struct record *sr = record_new(&station_type), *pr = record_new(&personnel_type),
		      *po = record_new(&post_type);
	struct staff staff = { 0 };
	struct division_list divs = { 0 };
	int rc = -1;
	if (!sr || !pr || !po) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	const char *kv[] = { "code", sp->code, "name", sp->name, "model", sp->model, "divisions", sp->towns,
			     "lat", sp->lat, "lon", sp->lon, NULL };
	if (put(db, sr, kv, e) || jurisdiction_divisions(db, sp->code, &divs, e))
		goto out;

	char towns[3][16] = { "" };
	int ntowns = 0;
	for (const char *p = sp->towns; *p && ntowns < 3; ntowns++) {
		size_t len = strcspn(p, ";");
		snprintf(towns[ntowns], sizeof towns[ntowns], "%.*s", (int)len, p);
		p += len + (p[len] == ';');
	}

	/* Leaders: chief, instructor, one deputy per town. */
	int seq = 1;
	if (add_person(db, pr, g, &staff, sp->code, seq++, "police", "chief", "member", e) ||
	    add_person(db, pr, g, &staff, sp->code, seq++, "police", "instructor", "member", e))
		goto out;
	for (int t = 0; t < ntowns; t++)
		if (add_person(db, pr, g, &staff, sp->code, seq++, "police", "deputy_chief",
			       t == 0 || chance(g, 0.85) ? "member" : "probationary", e))
			goto out;
	long n_co = (divs.n * 10 + 21) / 22; /* about one community officer per 2.2 divisions */
	if (n_co < 2)
		n_co = 2;
	long first_co = staff.n;
	for (int k = 0; k < n_co; k++)
		if (add_person(db, pr, g, &staff, sp->code, seq++, "police", "community_officer", random_party(g), e))
			goto out;
	int cases = 3 + below(g, 3);
	for (int k = 0; k < cases; k++)
		if (add_person(db, pr, g, &staff, sp->code, seq++, "police", "case_officer", random_party(g), e))
			goto out;
	long first_aux = staff.n, n_aux = divs.n / 3 + 2;
	for (int k = 0; k < n_aux; k++)
		if (add_person(db, pr, g, &staff, sp->code, k + 1, "auxiliary", "auxiliary",
			       chance(g, 0.3) ? "member" : "none", e))
			goto out;

	/* Township committee: the chief in the first town, the instructor
	 * and deputies in the others. */
	char start[11];
	for (int t = 0; t < ntowns; t++) {
		make_date(g, 2021, 2022, start);
		const struct person *p = &staff.p[t == 0 ? 0 : t == 1 ? 1 : 2];
		if (add_post(db, po, p->badge, "township_committee", towns[t], start, NULL, e))
			goto out;
	}

	/* Community officers in the committees of communities and gacha. */
	for (int d = 0; d < divs.n; d++) {
		const char *code = divs.code[d];
		if (sp->remote && is_gacha(code) && chance(g, 0.22))
			continue; /* a remote gacha still waiting for its officer */
		const struct person *co = &staff.p[first_co + d % n_co];
		make_date(g, 2021, 2023, start);
		if (chance(g, 0.12)) {
			/* a predecessor held the assistant post until the day before */
			const struct person *prev = &staff.p[first_co + (d + 1) % n_co];
			char old[11];
			make_date(g, 2018, 2020, old);
			int32_t day;
			char end[11];
			if (date_parse(start, "start", &day, e))
				goto out;
			date_format(day - 1, end);
			if (add_post(db, po, prev->badge, "director_assistant", code, old, end, e))
				goto out;
		}
		if (add_post(db, po, co->badge, "director_assistant", code, start, NULL, e))
			goto out;
		if (!strcmp(co->party, "member")) {
			if (chance(g, 0.3) && add_post(db, po, co->badge, "village_committee", code, start, NULL, e))
				goto out;
			if (chance(g, 0.15) && add_post(db, po, co->badge, "deputy_secretary", code, start, NULL, e))
				goto out;
			if (chance(g, 0.3) && add_post(db, po, co->badge, "secretary_assistant", code, start, NULL, e))
				goto out;
		}
		/* Auxiliaries help in the pastoral gacha. */
		if (is_gacha(code) && n_aux && chance(g, 0.2)) {
			const struct person *aux = &staff.p[first_aux + d % n_aux];
			if (add_post(db, po, aux->badge, "director_assistant", code, start, NULL, e))
				goto out;
		}
	}
	rc = 0;
out:
	free(staff.p);
	free(divs.code);
	record_free(sr);
	record_free(pr);
	record_free(po);
	return rc;
}

static int load_partners(struct db *db, struct err *e)
{
	static const char *const partners[][4] = {
		{ "SF01", "巴彦浩特司法所", "judicial_office", "152921110000" },
		{ "SF02", "王府街道司法所", "judicial_office", "152921405000" },
		{ "SF03", "吉兰泰司法所", "judicial_office", "152921112000" },
		{ "SF04", "温都尔勒图司法所", "judicial_office", "152921102000" },
		{ "SF05", "敖伦布拉格司法所", "judicial_office", "152921114000" },
		{ "SF06", "腾格里额里斯司法所", "judicial_office", "152921115000" },
		/* law firms take cases from the whole banner: every station's partners */
		{ "LS01", "内蒙古贺兰律师事务所", "law_firm", "152921000000" },
		{ "LS02", "阿拉善盟驼乡律师事务所", "law_firm", "152921000000" },
		{ "FW01", "巴彦浩特法律服务所", "legal_service", "152921110000" },
		{ "FW02", "吉兰泰法律服务所", "legal_service", "152921112000" },
		{ "FT01", "阿拉善左旗人民法院巴彦浩特人民法庭", "court", "152921110000" },
		{ "FT02", "阿拉善左旗人民法院吉兰泰人民法庭", "court", "152921112000" },
		{ "FT03", "阿拉善左旗人民法院温都尔勒图人民法庭", "court", "152921102000" },
	};
	struct record *r = record_new(&partner_type);
	if (!r)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = 0;
	for (size_t i = 0; i < sizeof partners / sizeof *partners && rc == 0; i++) {
		const char *kv[] = { "code", partners[i][0], "name", partners[i][1], "kind", partners[i][2],
				     "division", partners[i][3], NULL };
		rc = put(db, r, kv, e);
	}
	record_free(r);
	return rc;
}

/* ---- incidents and cases ---------------------------------------------------- */

struct weighted {
	const char *code;
	double w;
};

static const char *pick(struct rng *g, const struct weighted *items, size_t n)
{
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += items[i].w;
	double x = (double)(next(g) >> 11) / 9007199254740992.0 * total;
	for (size_t i = 0; i < n; i++)
		if ((x -= items[i].w) < 0)
			return items[i].code;
	return items[n - 1].code;
}

#define PICK(g, arr) pick(g, arr, sizeof arr / sizeof arr[0])

/* Incidents a day per station (relative), by station size. */
static const double station_rate[] = { 5.0, 4.0, 4.0, 4.0, 2.5, 2.0, 3.0, 1.5, 2.0, 1.5, 1.0 };
/* Month factors: Spring Festival, summer tourism in the desert, National Day. */
static const double season[] = { 1.15, 1.2, 0.9, 0.9, 1.0, 1.1, 1.25, 1.25, 1.05, 1.1, 0.9, 0.95 };

/* Top-level mix before (2025) and after (2026) the reform took hold. */
static const struct weighted mix_before[] = {
	{ "criminal", 9 }, { "public_order", 13 }, { "traffic", 12 }, { "fire", 2 }, { "disaster", 2 },
	{ "dispute", 22 }, { "assistance", 28 }, { "complaint", 7 }, { "other", 5 },
};
static const struct weighted mix_after[] = {
	{ "criminal", 6.8 }, { "public_order", 9.1 }, { "traffic", 11 }, { "fire", 2 }, { "disaster", 2 },
	{ "dispute", 22.5 }, { "assistance", 29 }, { "complaint", 7 }, { "other", 4.6 },
};

static const struct weighted sub_criminal[] = {
	{ "criminal.theft", 35 }, { "criminal.theft.livestock", 10 }, { "criminal.fraud.telecom", 30 },
	{ "criminal.fraud", 5 }, { "criminal.robbery", 5 }, { "criminal.injury", 15 },
};
static const struct weighted sub_public_order[] = {
	{ "public_order.assault", 40 }, { "public_order.gambling", 15 }, { "public_order.disturbance", 25 },
	{ "public_order.damage", 20 },
};
static const struct weighted sub_dispute[] = {
	{ "dispute.neighbour", 35 }, { "dispute.family", 30 }, { "dispute.grassland", 15 }, { "dispute.labour", 20 },
};
static const struct weighted sub_assistance[] = {
	{ "assistance.lost", 20 }, { "assistance.unlock", 30 }, { "assistance", 50 },
};
static const struct weighted sub_traffic[] = { { "traffic.accident", 80 }, { "traffic", 20 } };
static const struct weighted sources[] = {
	{ "110", 62 }, { "walk_in", 15 }, { "patrol", 8 }, { "community", 6 }, { "grid", 5 }, { "online", 3 }, { "other", 1 },
};

static const char *sub_category(struct rng *g, const char *top)
{
	if (!strcmp(top, "criminal"))
		return PICK(g, sub_criminal);
	if (!strcmp(top, "public_order"))
		return PICK(g, sub_public_order);
	if (!strcmp(top, "dispute"))
		return PICK(g, sub_dispute);
	if (!strcmp(top, "assistance"))
		return PICK(g, sub_assistance);
	if (!strcmp(top, "traffic"))
		return PICK(g, sub_traffic);
	return top;
}

static void iso_local(int32_t day, int secs, char out[32])
{
	char date[11];
	date_format(day, date);
	snprintf(out, 32, "%s %02d:%02d:%02d", date, secs / 3600 % 24, secs / 60 % 60, secs % 60);
}

/* A case from an incident: accepted soon after, moved along its steps. */
static int add_case(struct db *db, struct record *cr, struct rng *g, const char *station, const char *kind,
		    const char *incident_no, int32_t day, int32_t today, const struct cell_sink *sink,
		    struct err *e)
{
	bool after = day >= days_from_civil(2026, 1, 1);
	bool criminal = !strcmp(kind, "criminal");
	double close_p = criminal ? (after ? 0.62 : 0.48) : (after ? 0.9 : 0.7);
	int max_delay = criminal ? (after ? 90 : 120) : (after ? 25 : 45);
	int32_t acc = day + below(g, 2);
	if (acc >= today)
		acc = day; /* nothing is accepted today or later: its time may not have come yet */
	char case_no[40], accepted[32], investigating[32] = "", processing[32] = "", closed[32] = "", revoked[32] = "";
	snprintf(case_no, sizeof case_no, "%s%c%s", station, criminal ? 'X' : 'Z', incident_no + 4);
	int t0 = 8 * 3600 + below(g, 10 * 3600);
	iso_local(acc, t0, accepted);
	int32_t inv = acc + below(g, 3);
	if (inv < today)
		iso_local(inv, t0 + 3600, investigating);
	if (chance(g, 0.03) && inv + 5 < today) {
		iso_local(inv + 5, t0 + 7200, revoked);
	} else if (chance(g, close_p)) {
		int32_t end = inv + 1 + below(g, max_delay);
		if (end < today) {
			iso_local(end - 1 > inv ? end - 1 : inv, t0 + 5400, processing);
			iso_local(end, t0 + 9000, closed);
		}
	}
	const char *kv[] = { "case_no", case_no, "kind", kind, "station", station, "accepted_at", accepted,
			     "investigating_at", investigating, "processing_at", processing, "closed_at", closed,
			     "revoked_at", revoked, "incident_no", incident_no, NULL };
	return put_to(db, cr, kv, sink, e);
}

static int load_incidents(struct db *db, struct rng *g, struct err *e)
{
	struct record *ir = record_new(&incident_type), *cr = record_new(&case_type);
	struct rollup_batch *batch = rollup_batch_new();
	struct division_list divs[sizeof stations / sizeof *stations] = { { 0 } };
	int rc = -1;
	if (!ir || !cr || !batch) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	struct cell_sink sink = rollup_batch_sink(batch);
	for (size_t s = 0; s < sizeof stations / sizeof *stations; s++)
		if (jurisdiction_divisions(db, stations[s].code, &divs[s], e))
			goto out;
	int32_t today = date_today(480), first = days_from_civil(2025, 1, 1), reform = days_from_civil(2026, 1, 1);
	for (int32_t day = first; day < today; day++) {
		int y, m, d;
		civil_from_days(day, &y, &m, &d);
		bool after = day >= reform;
		for (size_t s = 0; s < sizeof stations / sizeof *stations; s++) {
			double expect = station_rate[s] * season[m - 1] * (after ? 0.92 : 1.0);
			int n = (int)expect + chance(g, expect - (int)expect);
			n += below(g, 3) - 1; /* a little noise around the mean */
			for (int k = 0; k < n; k++) {
				const char *top = after ? PICK(g, mix_after) : PICK(g, mix_before);
				const char *cat = sub_category(g, top);
				char no[40], at[32];
				snprintf(no, sizeof no, "%sJ%04d%02d%02d%03d", stations[s].code, y, m, d, k + 1);
				/* calls gather in the day and the evening */
				int secs = chance(g, 0.75) ? 8 * 3600 + below(g, 14 * 3600) : below(g, 86400);
				iso_local(day, secs, at);
				const char *division = divs[s].n && chance(g, 0.85) ? divs[s].code[below(g, (int)divs[s].n)] : NULL;
				const char *kv[] = { "incident_no", no, "received_at", at, "station", stations[s].code,
						     "category", cat, "division", division, "source", PICK(g, sources),
						     "major", chance(g, 0.01) ? "1" : "0", NULL };
				if (put_to(db, ir, kv, &sink, e))
					goto out;
				if (!strcmp(top, "criminal") && chance(g, 0.6) &&
				    add_case(db, cr, g, stations[s].code, "criminal", no, day, today, &sink, e))
					goto out;
				if (!strcmp(top, "public_order") && chance(g, 0.8) &&
				    add_case(db, cr, g, stations[s].code, "public_order", no, day, today, &sink, e))
					goto out;
			}
		}
	}
	rc = rollup_batch_flush(batch, db, e);
out:
	for (size_t s = 0; s < sizeof stations / sizeof *stations; s++)
		free(divs[s].code);
	record_free(ir);
	record_free(cr);
	rollup_batch_free(batch);
	return rc;
}

/* ---- disputes and mediation (矛盾纠纷, CONTRACTS.md §5) ----------------------- */

static const struct weighted dispute_kinds[] = {
	{ "neighbour", 27 }, { "family", 22 }, { "land", 13 }, { "labour", 10 }, { "debt", 10 },
	{ "damage", 8 }, { "property", 4 }, { "demolition", 2 }, { "other", 4 },
};
static const struct weighted dispute_origins[] = {
	{ "walk_in", 35 }, { "screening", 25 }, { "grid", 25 }, { "transfer", 8 }, { "other", 7 },
};
static const char *const streets[] = { "新华路", "团结路", "建设路", "友谊街", "贺兰路", "巴彦路", "胜利街", "育才路" };
static const char *const partners_of[][6] = {
	{ "SF01", "SF02", "SF03", "SF04", "SF05", "SF06" }, /* judicial offices: 两所联调 */
	{ "LS01", "LS02" },                                 /* law firms: 律师进所 */
	{ "FT01", "FT02", "FT03" },                         /* tribunals: 庭所对接 */
	{ "FW01", "FW02" },                                 /* legal-service offices */
};
static const int partners_n[] = { 6, 2, 3, 2 };

/* A dispute's planned outcome; the specials below fix theirs. */
enum fate { FATE_RANDOM, FATE_SETTLED, FATE_FAILED, FATE_OPEN, FATE_RISK };

/*
 * The few disputes that make each kind of early warning, `ago` days before
 * today: the same person in 2, 3 and 4 disputes within 180 days (one of the
 * 4 failed), 3 and 5 disputes at one address within 90 days written with
 * full-width digits and spaces, and settled disputes whose latest follow-up
 * found a risk.  Their people and addresses are nobody else's.
 */
static const struct special {
	int ago, station;
	int person;          /* 1..3: a repeat party, 0 none */
	const char *address; /* a repeat address, or NULL */
	enum fate fate;
} specials[] = {
	{ 160, 0, 1, NULL, FATE_SETTLED }, { 40, 0, 1, NULL, FATE_SETTLED },
	{ 170, 1, 2, NULL, FATE_SETTLED }, { 100, 1, 2, NULL, FATE_SETTLED }, { 20, 1, 2, NULL, FATE_OPEN },
	{ 175, 6, 3, NULL, FATE_SETTLED }, { 120, 6, 3, NULL, FATE_SETTLED }, { 60, 6, 3, NULL, FATE_FAILED },
	{ 15, 6, 3, NULL, FATE_SETTLED },
	{ 80, 0, 0, "巴彦浩特镇和平路12号", FATE_SETTLED }, { 50, 0, 0, "巴彦浩特镇和平路１２号", FATE_SETTLED },
	{ 10, 0, 0, "巴彦浩特镇 和平路 12 号", FATE_OPEN },
	{ 85, 6, 0, "吉兰泰镇盐湖街3号", FATE_SETTLED }, { 70, 6, 0, "吉兰泰镇盐湖街３号", FATE_SETTLED },
	{ 45, 6, 0, "吉兰泰镇　盐湖街3号", FATE_FAILED }, { 30, 6, 0, "吉兰泰镇盐湖街 ３ 号", FATE_SETTLED },
	{ 5, 6, 0, "吉兰泰镇盐湖街3号", FATE_OPEN },
	{ 100, 3, 0, NULL, FATE_RISK }, { 70, 8, 0, NULL, FATE_RISK },
};
static const char *const repeat_names[] = { "", "王建国", "斯琴", "赵海峰" };
static const char *const repeat_ids[] = { "", "15292119760315041X", "152921198209112823", "152921196807240033" };

struct dispute_gen {
	struct db *db;
	struct rng *g;
	struct record *d, *p, *m, *r, *f;
	const struct cell_sink *sink;
	int32_t today;
	int seq_year, seq;      /* JF<year>-<seq> */
	int people;             /* ID numbers made, for their sequence part */
	struct division_list divs[sizeof stations / sizeof *stations];
	struct division_list badges[sizeof stations / sizeof *stations]; /* police officers' badges */
};

/* A valid GB 11643 number of someone born in the banner: region, birth date, sequence, check. */
static void make_idno(struct dispute_gen *dg, char out[19])
{
	int y = 1950 + below(dg->g, 55), m = 1 + below(dg->g, 12), d = 1 + below(dg->g, 28);
	snprintf(out, 19, "152921%04d%02d%02d%03d", y, m, d, 1 + dg->people++ % 999);
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * weight[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = 0;
}

static const char *any_of(struct rng *g, const struct division_list *l)
{
	return l->n ? l->code[below(g, (int)l->n)] : NULL;
}

static int add_parties(struct dispute_gen *dg, const char *no, const struct special *sp, struct err *e)
{
	int n = 2 + chance(dg->g, 0.3);
	char names[3][32];
	static const char *const roles[] = { "applicant", "respondent", "other" };
	for (int i = 0; i < n; i++) {
		char id[19], phone[16];
		bool repeat = sp && sp->person && i == 1;
		do
			make_name(dg->g, names[i], sizeof names[i]);
		while ((i > 0 && !strcmp(names[i], names[0])) || (i > 1 && !strcmp(names[i], names[1])) ||
		       !strcmp(names[i], "王建国") || !strcmp(names[i], "斯琴") || !strcmp(names[i], "赵海峰"));
		if (repeat)
			snprintf(names[i], sizeof names[i], "%s", repeat_names[sp->person]);
		make_idno(dg, id);
		snprintf(phone, sizeof phone, "1%d%09d", 3 + below(dg->g, 7), below(dg->g, 1000000000));
		const char *kv[] = { "dispute_no", no, "role", roles[i], "name", names[i], "id_no",
				     repeat ? repeat_ids[sp->person] : chance(dg->g, 0.9) ? id : NULL, "phone",
				     repeat ? "13904831234" : chance(dg->g, 0.85) ? phone : NULL, NULL };
		if (put_to(dg->db, dg->p, kv, dg->sink, e))
			return -1;
	}
	return 0;
}

static int add_session(struct dispute_gen *dg, const char *no, int32_t day, const char *mode, const char *partner,
		       const char *result, struct err *e)
{
	char held[11], by[11], agreement[48], mediators[96];
	date_format(day, held);
	date_format(day + 15 + below(dg->g, 45), by);
	snprintf(agreement, sizeof agreement, "XY%s", no + 2);
	char a[32], b[32];
	make_name(dg->g, a, sizeof a);
	make_name(dg->g, b, sizeof b);
	snprintf(mediators, sizeof mediators, "%s、%s", a, b);
	bool agreed = !strcmp(result, "agreement");
	const char *kv[] = { "dispute_no", no, "held_on", held, "mode", mode, "result", result, "partner", partner,
			     "mediators", mediators, "agreement_no", agreed ? agreement : NULL, "perform_by",
			     agreed ? by : NULL, NULL };
	return put_to(dg->db, dg->m, kv, dg->sink, e);
}

/* A referral made on `day`: accepted (mostly within 3 days), closed with `result` (NULL: still open). */
static int add_referral(struct dispute_gen *dg, const char *no, int32_t day, const char *partner, const char *result,
			int32_t *closed_day, struct err *e)
{
	char ref_no[48], referred[11], accepted[11] = "", closed[11] = "";
	snprintf(ref_no, sizeof ref_no, "YJ%s", no + 2);
	date_format(day, referred);
	int32_t acc = day + (chance(dg->g, 0.92) ? below(dg->g, 4) : 4 + below(dg->g, 3));
	if (acc < dg->today)
		date_format(acc, accepted);
	int32_t end = (acc > day ? acc : day) + 3 + below(dg->g, 20);
	if (result && *accepted && end < dg->today)
		date_format(end, closed);
	else
		result = NULL;
	*closed_day = result ? end : -1;
	const char *kv[] = { "referral_no", ref_no, "dispute_no", no, "partner", partner, "referred_on", referred,
			     "accepted_on", accepted, "result", result, "closed_on", closed, NULL };
	return put_to(dg->db, dg->r, kv, dg->sink, e);
}

/* The follow-ups the settlement on `settled` created: done (mostly) once due, by an officer. */
static int visit(struct dispute_gen *dg, const char *no, int station, int32_t settled, bool risk, struct err *e)
{
	for (int k = 0; k < CONFIG_FOLLOWUPS; k++) {
		int32_t due = settled + config()->followup_days[k];
		int32_t done = due - 1 + below(dg->g, 4);
		if (done >= dg->today || (!risk && due > dg->today - 60 && chance(dg->g, 0.05)))
			continue; /* not yet, or forgotten: on the to-do list */
		bool last = k == CONFIG_FOLLOWUPS - 1;
		char due_s[11], done_s[11];
		date_format(due, due_s);
		date_format(done, done_s);
		/* a worry at the first visit is gone by the last, but for the few that make a warning */
		double x = (double)below(dg->g, 1000) / 1000.0;
		const char *performed = risk && last ? "no" : x < 0.86 ? "yes" : x < 0.97 || last ? "partial" : "no";
		x = (double)below(dg->g, 1000) / 1000.0;
		const char *satisfied = risk && last ? "unsatisfied" : x < 0.8 ? "satisfied" : x < 0.97 ? "basic" : "unsatisfied";
		bool worry = risk ? last : !last && chance(dg->g, 0.03);
		const char *kv[] = { "dispute_no", no, "due_on", due_s, "done_on", done_s, "officer",
				     any_of(dg->g, &dg->badges[station]), "performed", performed, "satisfaction", satisfied,
				     "risk", worry ? "1" : "0", "scheduled", "1", NULL };
		if (put_to(dg->db, dg->f, kv, dg->sink, e))
			return -1;
	}
	return 0;
}

/*
 * One dispute registered on `day` at station `s`, and its course: a first
 * session by the station or with a partner body, or a referral; an
 * agreement (mostly within 30 days), a failure, a filed suit; follow-ups.
 * Nothing happens on or after today: the recent ones are still open.
 */
static int add_dispute(struct dispute_gen *dg, int32_t day, int s, const char *kind, const char *origin,
		       const char *incident_no, const char *division, const struct special *sp, struct err *e)
{
	struct rng *g = dg->g;
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	if (y != dg->seq_year) {
		dg->seq_year = y;
		dg->seq = 0;
	}
	char no[24], reg[11], address[96], amount[16] = "";
	snprintf(no, sizeof no, "JF%04d-%04d", y, ++dg->seq);
	date_format(day, reg);
	char place[32];
	snprintf(place, sizeof place, "%.*s", (int)(strlen(stations[s].name) - strlen("派出所")), stations[s].name);
	if (sp && sp->address)
		snprintf(address, sizeof address, "%s", sp->address);
	else
		snprintf(address, sizeof address, "%s%s%d号", place, streets[below(g, 8)], 1 + below(g, 120));
	if (!strcmp(kind, "debt") || !strcmp(kind, "labour") || !strcmp(kind, "damage"))
		snprintf(amount, sizeof amount, "%d", 500 * (1 + below(g, 80)));
	char summary[160];
	snprintf(summary, sizeof summary, "%s，双方各执一词，经民警初步了解情况后登记。", code_label(&dispute_types, kind));
	const char *kv[] = { "dispute_no", no, "registered_on", reg, "station", stations[s].code, "type", kind,
			     "source", origin, "division", division, "address", address, "incident_no", incident_no,
			     "amount", *amount ? amount : NULL, "officer", any_of(g, &dg->badges[s]), "summary", summary,
			     NULL };
	if (put_to(dg->db, dg->d, kv, dg->sink, e) || add_parties(dg, no, sp, e))
		return -1;

	enum fate fate = sp ? sp->fate : FATE_RANDOM;
	if (fate == FATE_RANDOM) {
		double x = (double)below(g, 1000) / 1000.0;
		fate = x < 0.8 ? FATE_SETTLED : x < 0.93 ? FATE_FAILED : FATE_OPEN;
		if (fate == FATE_OPEN && day < dg->today - 60)
			fate = FATE_SETTLED; /* long past: all have a result */
	}
	/* how: the station alone, a session with a partner body, or a referral */
	double how = (double)below(g, 1000) / 1000.0;
	int32_t first = day + below(g, 4);
	int32_t result_day = first + (fate == FATE_OPEN ? 0 : below(g, 100) < 7 ? 31 + below(g, 10) : 1 + below(g, 26));
	if (first >= dg->today)
		return 0;
	if (how < 0.3 || fate == FATE_OPEN) { /* the station mediates; a hard one twice */
		bool twice = fate != FATE_OPEN && chance(g, 0.35);
		if ((twice || fate == FATE_OPEN) && add_session(dg, no, first, "station", NULL, "continue", e))
			return -1;
		if (fate == FATE_OPEN)
			return 0;
	} else if (how < 0.72) { /* a session with a partner: 两所联调, 律师进所, 庭所对接, 协作单位 */
		static const char *const modes[] = { "joint", "lawyer", "court", "partner" };
		int k = how < 0.5 ? 0 : how < 0.6 ? 1 : how < 0.66 ? 2 : 3;
		const char *partner = partners_of[k][below(g, partners_n[k])];
		if (chance(g, 0.3) && add_session(dg, no, first, modes[k], partner, "continue", e))
			return -1;
		if (result_day < dg->today && fate != FATE_RISK)
			return add_session(dg, no, result_day, modes[k], partner,
					   fate == FATE_FAILED ? "failed" : "agreement", e) ||
					       (fate == FATE_SETTLED && visit(dg, no, s, result_day, false, e))
				       ? -1
				       : 0;
	} else { /* referred to a partner body, which reports back */
		int k = below(g, 4);
		const char *result = fate == FATE_FAILED ? (k == 2 && chance(g, 0.5) ? "filed" : "failed")
				   : chance(g, 0.08)     ? "returned"
							 : "agreement";
		int32_t closed;
		if (add_referral(dg, no, first, partners_of[k][below(g, partners_n[k])], result, &closed, e))
			return -1;
		if (closed >= 0 && !strcmp(result, "agreement"))
			return visit(dg, no, s, closed, fate == FATE_RISK, e);
		if (closed < 0 || strcmp(result, "returned"))
			return 0;
		/* returned: the station takes it back */
		result_day = closed + 1 + below(g, 5);
	}
	if (result_day >= dg->today)
		return 0;
	if (add_session(dg, no, result_day, "station", NULL, fate == FATE_FAILED ? "failed" : "agreement", e))
		return -1;
	return fate == FATE_FAILED ? 0 : visit(dg, no, s, result_day, fate == FATE_RISK, e);
}

/* Police badges of a station, for the disputes' and follow-ups' officers. */
static int station_badges(struct db *db, const char *station, struct division_list *out, struct err *e)
{
	return codes_of(db, "SELECT badge_no FROM personnel WHERE station = ? AND type = 'police' AND voided_at IS NULL"
			    " ORDER BY badge_no", station, out, e);
}

/* An incident of the top category dispute, which may become a dispute's file. */
struct dispute_call {
	char no[24], division[16], category[40];
	int station;
	int32_t day;
};

static int dispute_calls(struct db *db, struct dispute_call **out, long *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT incident_no, station, received_day, COALESCE(division, ''), category"
					    " FROM incidents WHERE top_category = 'dispute' AND voided_at IS NULL"
					    " ORDER BY received_day, incident_no", e);
	if (!st)
		return -1;
	int rc;
	long cap = 0;
	*n = 0;
	while ((rc = db_step(st, e)) == 1) {
		struct dispute_call *c = array_push(out, n, &cap, sizeof **out, e);
		if (!c) {
			rc = -1;
			break;
		}
		snprintf(c->no, sizeof c->no, "%s", db_col_text(st, 0));
		c->station = 0;
		for (size_t s = 0; s < sizeof stations / sizeof *stations; s++)
			if (!strcmp(stations[s].code, db_col_text(st, 1)))
				c->station = (int)s;
		c->day = (int32_t)db_col_int(st, 2);
		snprintf(c->division, sizeof c->division, "%s", db_col_text(st, 3));
		snprintf(c->category, sizeof c->category, "%s", db_col_text(st, 4));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* The dispute type an incident's sub-category points at. */
static const char *kind_of_call(struct rng *g, const char *category)
{
	static const char *const map[][2] = { { "dispute.neighbour", "neighbour" }, { "dispute.family", "family" },
					      { "dispute.grassland", "land" }, { "dispute.labour", "labour" } };
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (!strcmp(category, map[i][0]))
			return map[i][1];
	return PICK(g, dispute_kinds);
}

static int load_disputes(struct db *db, struct rng *g, struct err *e)
{
	struct dispute_gen dg = { .db = db, .g = g, .today = date_today(480) };
	struct rollup_batch *batch = rollup_batch_new();
	struct dispute_call *calls = NULL;
	long ncalls = 0;
	int rc = -1;
	dg.d = record_new(&dispute_type);
	dg.p = record_new(&party_type);
	dg.m = record_new(&mediation_type);
	dg.r = record_new(&referral_type);
	dg.f = record_new(&followup_type);
	if (!dg.d || !dg.p || !dg.m || !dg.r || !dg.f || !batch) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	struct cell_sink sink = rollup_batch_sink(batch);
	dg.sink = &sink;
	for (size_t s = 0; s < sizeof stations / sizeof *stations; s++)
		if (jurisdiction_divisions(db, stations[s].code, &dg.divs[s], e) ||
		    station_badges(db, stations[s].code, &dg.badges[s], e))
			goto out;
	if (dispute_calls(db, &calls, &ncalls, e))
		goto out;
	long c = 0;
	for (int32_t day = days_from_civil(2025, 1, 1); day < dg.today; day++) {
		/* about one dispute call in ten becomes a dispute's file */
		for (; c < ncalls && calls[c].day <= day; c++)
			if (calls[c].day == day && chance(g, 0.1) &&
			    add_dispute(&dg, day, calls[c].station, kind_of_call(g, calls[c].category), "incident", calls[c].no,
					*calls[c].division ? calls[c].division : NULL, NULL, e))
				goto out;
		for (size_t s = 0; s < sizeof stations / sizeof *stations; s++)
			if (chance(g, station_rate[s] * 0.055) &&
			    add_dispute(&dg, day, (int)s, PICK(g, dispute_kinds), PICK(g, dispute_origins), NULL,
					any_of(g, &dg.divs[s]), NULL, e))
				goto out;
		for (size_t k = 0; k < sizeof specials / sizeof *specials; k++)
			if (dg.today - specials[k].ago == day &&
			    add_dispute(&dg, day, specials[k].station, specials[k].address ? "neighbour" : "family",
					"walk_in", NULL, NULL, &specials[k], e))
				goto out;
	}
	rc = rollup_batch_flush(batch, db, e);
out:
	for (size_t s = 0; s < sizeof stations / sizeof *stations; s++) {
		free(dg.divs[s].code);
		free(dg.badges[s].code);
	}
	free(calls);
	record_free(dg.d);
	record_free(dg.p);
	record_free(dg.m);
	record_free(dg.r);
	record_free(dg.f);
	rollup_batch_free(batch);
	return rc;
}

/* ---- grids and grid reports (网格, 网格上报, CONTRACTS.md §6) -------------------- */

/* The stations whose first divisions get grids: S01 (town), S07 (two-in-one), S08 (remote). */
static const int grid_stations[] = { 0, 6, 7 };
#define GRID_PARENTS 3 /* divisions of each such station with grids */
#define GRIDS_EACH 2   /* grids in each */

static const char *const grid_help[] = { "独居老人求助", "路灯损坏", "楼道堆放杂物", "牲畜走失", "噪音扰民", "井盖缺失" };

struct grid_gen {
	struct db *db;
	struct rng g;
	struct record *r;
	int32_t today;
	int serial;
	struct err *e;
};

/* One grid report: made at `at` (seconds since the epoch), accepted after `accept_h` hours, fed back after `feedback_d` days (< 0: not yet). */
static int add_gridreport(struct grid_gen *gg, const char *grid, int64_t at, const char *kind, const char *summary,
			  double accept_h, const char *outcome, const char *outcome_no, double feedback_d)
{
	int64_t start_of_today = (int64_t)gg->today * 86400 - 480 * 60;
	char no[48], reported[32], accepted[32] = "", fed[32] = "";
	snprintf(no, sizeof no, "WG%s-%04d", grid + 9, ++gg->serial);
	instant_format_iso(at, 480, reported);
	int64_t acc = at + (int64_t)(accept_h * 3600);
	bool is_accepted = accept_h >= 0 && acc < start_of_today;
	if (is_accepted)
		instant_format_iso(acc, 480, accepted);
	int64_t fb = acc + (int64_t)(feedback_d * 86400);
	bool is_fed = is_accepted && feedback_d >= 0 && fb < start_of_today;
	if (is_fed)
		instant_format_iso(fb, 480, fed);
	const char *kv[] = { "report_no", no, "reported_at", reported, "grid", grid, "kind", kind, "summary", summary,
			     "accepted_at", is_accepted ? accepted : NULL, "outcome", is_accepted ? outcome : NULL,
			     "outcome_no", is_accepted ? outcome_no : NULL, "feedback_at", is_fed ? fed : NULL,
			     "feedback", is_fed ? "已处置，已向网格员反馈" : NULL, NULL };
	return put(gg->db, gg->r, kv, gg->e);
}

/* Hours to acceptance: mostly within the day, one in twenty late. */
static double accept_hours(struct grid_gen *gg)
{
	return chance(&gg->g, 0.05) ? 25 + below(&gg->g, 20) : 0.5 + below(&gg->g, 20);
}

static double feedback_days(struct grid_gen *gg)
{
	return chance(&gg->g, 0.05) ? 8 + below(&gg->g, 4) : 0.5 + below(&gg->g, 6);
}

/* The grid reports of one grid: the disputes and incidents of its division that came from the grid, and the rest. */
static int grid_reports(struct grid_gen *gg, const char *grid, const char *parent, int which)
{
	static const char *const from_sql[] = {
		"SELECT dispute_no, registered_on FROM disputes WHERE division = ? AND source = 'grid' AND voided_at IS NULL ORDER BY dispute_no",
		"SELECT incident_no, received_at FROM incidents WHERE division = ? AND source = 'grid' AND voided_at IS NULL ORDER BY incident_no",
	};
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st = db_prepare(gg->db, from_sql[k], gg->e);
		if (!st)
			return -1;
		db_bind_text(st, 1, parent);
		struct { char no[48]; int64_t at; } rows[64];
		int n = 0, rc, i = 0;
		while ((rc = db_step(st, gg->e)) == 1 && n < 64)
			if (i++ % GRIDS_EACH == which) {
				snprintf(rows[n].no, sizeof rows[n].no, "%s", db_col_text(st, 0));
				if (k == 0) {
					int32_t day = 0;
					struct err ignored;
					date_parse(db_col_text(st, 1), "day", &day, &ignored);
					rows[n].at = (int64_t)day * 86400 - 480 * 60 - 3600 * (2 + below(&gg->g, 30));
				} else
					rows[n].at = db_col_int(st, 1) - 600 * (1 + below(&gg->g, 6));
				n++;
			}
		db_done(st);
		if (rc < 0)
			return -1;
		for (int j = 0; j < n; j++) {
			/* a dispute was registered the day of its acceptance at the latest; an incident's call came after the report */
			double acc = k == 0 ? 1 : 0.1;
			if (add_gridreport(gg, grid, rows[j].at, k == 0 ? "dispute" : "clue", k == 0 ? "邻里、家庭矛盾，请派出所调处" : "发现可疑情况，已报警",
					   acc, k == 0 ? "dispute" : "incident", rows[j].no, feedback_days(gg)))
				return -1;
		}
	}
	/* requests and small hazards: about one in twelve days, no action beyond a word to those responsible */
	for (int32_t day = days_from_civil(2025, 1, 1); day < gg->today; day++) {
		if (!chance(&gg->g, 1.0 / 12))
			continue;
		int64_t at = (int64_t)day * 86400 - 480 * 60 + 8 * 3600 + below(&gg->g, 12 * 3600);
		bool recent = gg->today - day <= 10;
		/* the last days' reports: some not accepted yet, some awaiting feedback (overdue ones among them) */
		double acc = recent && chance(&gg->g, 0.4) ? -1 : accept_hours(gg);
		double fb = recent && chance(&gg->g, 0.5) ? -1 : feedback_days(gg);
		const char *kind = chance(&gg->g, 0.3) ? "hazard" : chance(&gg->g, 0.7) ? "help" : "other";
		if (add_gridreport(gg, grid, at, kind, grid_help[below(&gg->g, 6)], acc, "no_action", NULL, fb))
			return -1;
	}
	return 0;
}

/* Grids under the first divisions of a few stations, and their reports over the two years. */
static int load_grids(struct db *db, struct err *e)
{
	struct grid_gen gg = { .db = db, .g = { SEED ^ 0x67726964ull }, .today = date_today(480), .e = e };
	struct record *d = record_new(&division_type);
	gg.r = record_new(&gridreport_type);
	struct division_list divs = { 0 };
	int rc = d && gg.r ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	static const char *const nth[] = { "一", "二", "三" };
	for (size_t s = 0; rc == 0 && s < sizeof grid_stations / sizeof *grid_stations; s++) {
		rc = jurisdiction_divisions(db, stations[grid_stations[s]].code, &divs, e);
		for (long p = 0; rc == 0 && p < divs.n && p < GRID_PARENTS; p++) {
			char name[128];
			if (division_name(db, divs.code[p], name, sizeof name, e) < 0) {
				rc = -1;
				break;
			}
			/* 南田村民委员会 → 南田村, 乌兰布和社区居民委员会 → 乌兰布和社区 */
			char *cut = strstr(name, "居民委员会");
			if (!cut && (cut = strstr(name, "村民委员会")))
				cut += strlen("村");
			if (cut)
				*cut = 0;
			for (int k = 0; rc == 0 && k < GRIDS_EACH; k++) {
				char code[24], grid_name[160];
				snprintf(code, sizeof code, "%s%03d", divs.code[p], k + 1);
				snprintf(grid_name, sizeof grid_name, "%s第%s网格", name, nth[k]);
				const char *kv[] = { "code", code, "name", grid_name, "kind", "grid", "parent_code", divs.code[p], NULL };
				rc = put(db, d, kv, e) || grid_reports(&gg, code, divs.code[p], k) ? -1 : 0;
			}
		}
	}
	free(divs.code);
	record_free(d);
	record_free(gg.r);
	return rc;
}

int demo_load(struct db *db, struct err *e)
{
	if (load_divisions(db, e))
		return -1;
	struct rng g = { SEED };
	if (db_begin(db, e))
		return -1;
	for (size_t i = 0; i < sizeof stations / sizeof *stations; i++)
		if (load_station(db, &g, &stations[i], e))
			goto fail;
	if (load_partners(db, e) || load_incidents(db, &g, e) || load_disputes(db, &g, e) || demo_ledgers(db, e) ||
	    load_grids(db, e) || demo_units(db, e) || demo_welfare(db, e))
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return -1;
}
