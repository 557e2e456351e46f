/*
 * demo.c — the demonstration data of `fengqiao init --demo`: the real Alxa
 * Left Banner divisions (compiled in from data/), 11 stations whose
 * jurisdictions cover all 19 town-level units, about 250 staff, partner
 * bodies, and posts that obey every rule yet leave a few remote gacha
 * uncovered.  Everything is generated from a fixed seed and goes through
 * the same checks as an import, so the demo can never hold what the rules
 * forbid, and running it twice gives the same data.
 */
#include "cli/cli.h"
#include "base/array.h"
#include "base/date.h"
#include "base/embed.h"
#include "io/import.h"
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

/* Communities and gacha in a station's jurisdiction, in code order. */
static int jurisdiction_divisions(struct db *db, const char *station, struct division_list *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT d.code FROM divisions d JOIN station_divisions sd ON sd.division_code = d.parent_code"
		" WHERE sd.station_code = ? AND d.kind IN ('community', 'gacha') ORDER BY d.code", e);
	if (!st)
		return -1;
	db_bind_text(st, 1, station);
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
		{ "LS01", "内蒙古贺兰律师事务所", "law_firm", "152921405000" },
		{ "LS02", "阿拉善盟驼乡律师事务所", "law_firm", "152921402000" },
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
	if (load_partners(db, e) || load_incidents(db, &g, e))
		goto fail;
	return db_commit(db, e);
fail:
	db_rollback(db);
	return -1;
}
