/*
 * codes.c — the code lists: the bureau's vocabularies (division kinds,
 * positions, post kinds, the nine top-level incident groups, ...).  Fields
 * of several record types and the reports share them, so they are kept
 * together here, each a code with its Chinese and English labels; the
 * descriptors that use them are one per file (division.c, station.c, ...).
 */
#include "model/dispute.h"
#include "model/incident.h"
#include "model/org.h"

#include <string.h>

/* divisions (division.c) */
static const struct code_item division_kind_items[] = {
	{ "county", "旗县", "county" },
	{ "town", "乡镇（街道）", "town" },
	{ "community", "社区", "community" },
	{ "gacha", "嘎查（村）", "gacha" },
	{ "grid", "网格", "grid" },
};
const struct code_list division_kinds = CODE_LIST(division_kind_items);

/* stations (station.c) */
static const struct code_item station_model_items[] = {
	{ "two_teams_one_office", "两队一室", "two teams, one office" },
	{ "multi_skill", "一警多能", "multi-skilled officers" },
	{ "two_in_one", "二警合一", "two forces in one" },
	{ "standard", "常规", "standard" },
};
const struct code_list station_models = CODE_LIST(station_model_items);

/* partner bodies (partner.c) */
static const struct code_item partner_kind_items[] = {
	{ "judicial_office", "司法所", "judicial office" },
	{ "law_firm", "律师事务所", "law firm" },
	{ "legal_service", "基层法律服务所", "legal service office" },
	{ "court", "人民法庭", "people's tribunal" },
};
const struct code_list partner_kinds = CODE_LIST(partner_kind_items);

/* personnel (personnel.c) */
static const struct code_item personnel_type_items[] = {
	{ "police", "民警", "police officer" },
	{ "auxiliary", "辅警", "auxiliary officer" },
};
const struct code_list personnel_types = CODE_LIST(personnel_type_items);

static const struct code_item position_items[] = {
	{ "chief", "所长", "chief" },
	{ "instructor", "教导员", "political instructor" },
	{ "deputy_chief", "副所长", "deputy chief" },
	{ "community_officer", "社区民警", "community officer" },
	{ "case_officer", "办案民警", "case officer" },
	{ "auxiliary", "辅警", "auxiliary" },
	{ "other", "其他", "other" },
};
const struct code_list positions = CODE_LIST(position_items);

static const struct code_item party_items[] = {
	{ "member", "中共党员", "party member" },
	{ "probationary", "预备党员", "probationary member" },
	{ "none", "群众", "none" },
};
const struct code_list party_statuses = CODE_LIST(party_items);

static const struct code_item gender_items[] = {
	{ "male", "男", "male" },
	{ "female", "女", "female" },
};
const struct code_list genders = CODE_LIST(gender_items);

/* posts (post.c) */
static const struct code_item post_kind_items[] = {
	{ "township_committee", "乡镇（街道）党（工）委委员", "township party committee member" },
	{ "village_committee", "社区（嘎查）“两委”委员", "village/community committee member" },
	{ "deputy_secretary", "党组织副书记", "deputy party secretary" },
	{ "secretary_assistant", "党组织书记助理", "party secretary assistant" },
	{ "director_assistant", "主任助理", "director assistant" },
};
const struct code_list post_kinds = CODE_LIST(post_kind_items);

/* categories (category.c), incidents and the reports */
static const struct code_item top_items[] = {
	{ "criminal", "刑事", "criminal" },          { "public_order", "治安", "public order" },
	{ "traffic", "交通", "traffic" },            { "fire", "火灾", "fire" },
	{ "disaster", "灾害事故", "disaster" },      { "dispute", "纠纷", "dispute" },
	{ "assistance", "群众求助", "assistance" },  { "complaint", "举报投诉", "complaint" },
	{ "other", "其他", "other" },
};
const struct code_list top_categories = CODE_LIST(top_items);

int top_category_index(const char *code)
{
	for (size_t i = 0; code && i < top_categories.n; i++)
		if (!strcmp(top_categories.items[i].code, code))
			return (int)i;
	return -1;
}

/* incidents (incident.c) */
static const struct code_item source_items[] = {
	{ "110", "110报警", "110 call" }, { "walk_in", "来所", "walk-in" },  { "patrol", "巡逻发现", "patrol" },
	{ "community", "社区", "community" }, { "grid", "网格员", "grid worker" }, { "online", "网络", "online" },
	{ "other", "其他", "other" },
};
const struct code_list incident_sources = CODE_LIST(source_items);

/* cases (case.c) */
static const struct code_item case_kind_items[] = {
	{ "criminal", "刑事", "criminal" },
	{ "public_order", "治安", "public order" },
};
const struct code_list case_kinds = CODE_LIST(case_kind_items);

static const struct code_item status_items[] = {
	{ "accepted", "受理", "accepted" },     { "investigating", "调查", "investigating" },
	{ "processing", "处理", "processing" }, { "closed", "办结", "closed" },
	{ "revoked", "撤销", "revoked" },
};
const struct code_list case_statuses = CODE_LIST(status_items);

/* disputes (dispute.c and the records filed under a dispute), CONTRACTS.md §5 */
static const struct code_item dispute_type_items[] = {
	{ "neighbour", "邻里纠纷", "neighbours" },
	{ "family", "婚姻家庭", "marriage and family" },
	{ "land", "土地草场山林", "land, grassland and forest" },
	{ "labour", "劳资纠纷", "labour" },
	{ "debt", "合同债务", "contracts and debts" },
	{ "damage", "损害赔偿", "damages" },
	{ "property", "物业纠纷", "property management" },
	{ "demolition", "征地拆迁", "land takings and demolition" },
	{ "other", "其他", "other" },
};
const struct code_list dispute_types = CODE_LIST(dispute_type_items);

static const struct code_item dispute_source_items[] = {
	{ "incident", "警情转入", "from an incident" },
	{ "walk_in", "来所申请", "walk-in application" },
	{ "screening", "排查发现", "found in screening" },
	{ "grid", "网格员上报", "reported by a grid worker" },
	{ "transfer", "部门移交", "transferred by a department" },
	{ "other", "其他", "other" },
};
const struct code_list dispute_sources = CODE_LIST(dispute_source_items);

static const struct code_item dispute_status_items[] = {
	{ "registered", "已登记", "registered" },
	{ "mediating", "调解中", "in mediation" },
	{ "referred", "已移交", "referred" },
	{ "settled", "调解成功", "settled" },
	{ "failed", "调解不成", "failed" },
	{ "filed", "已立案", "filed in court" },
};
const struct code_list dispute_statuses = CODE_LIST(dispute_status_items);

static const struct code_item party_role_items[] = {
	{ "applicant", "申请人", "applicant" },
	{ "respondent", "被申请人", "respondent" },
	{ "other", "其他当事人", "other party" },
};
const struct code_list party_roles = CODE_LIST(party_role_items);

static const struct code_item mediation_mode_items[] = {
	{ "station", "民警调解", "by the station" },
	{ "joint", "两所联调", "station and judicial office together" },
	{ "lawyer", "律师进所", "lawyer at the station" },
	{ "court", "庭所对接", "with the people's tribunal" },
	{ "partner", "协作单位调解", "by a partner body" },
};
const struct code_list mediation_modes = CODE_LIST(mediation_mode_items);

static const struct code_item mediation_result_items[] = {
	{ "agreement", "达成协议", "agreement" },
	{ "failed", "调解不成", "failed" },
	{ "continue", "继续调解", "to continue" },
};
const struct code_list mediation_results = CODE_LIST(mediation_result_items);

static const struct code_item referral_result_items[] = {
	{ "agreement", "调解成功", "settled" },
	{ "failed", "调解不成", "failed" },
	{ "filed", "已立案", "filed in court" },
	{ "returned", "退回", "returned" },
};
const struct code_list referral_results = CODE_LIST(referral_result_items);

static const struct code_item performance_items[] = {
	{ "yes", "已履行", "performed" },
	{ "partial", "部分履行", "partly performed" },
	{ "no", "未履行", "not performed" },
};
const struct code_list performances = CODE_LIST(performance_items);

static const struct code_item satisfaction_items[] = {
	{ "satisfied", "满意", "satisfied" },
	{ "basic", "基本满意", "fairly satisfied" },
	{ "unsatisfied", "不满意", "unsatisfied" },
};
const struct code_list satisfactions = CODE_LIST(satisfaction_items);
