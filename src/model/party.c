/*
 * party.c — the parties of a dispute (当事人): applicant, respondent or
 * other, with a resident ID number checked against GB 11643 (date and
 * check digit), a phone and an address.  Names, ID numbers and phones are
 * masked for every role without the reveal right on parties.  person_key
 * says who a party is across disputes, for the early warnings: the ID
 * number when there is one, else the folded name and phone.
 * registered_on is the dispute's, copied so that the warnings count a
 * window's parties from one index range (schema/007); dispute.c keeps it
 * when a dispute's date changes.
 */
#include "model/dispute.h"
#include "base/text.h"

#include <stdio.h>
#include <string.h>

static int party_derive(struct db *db, struct record *r, struct err *e)
{
	const char *id_no = record_get(r, "id_no"), *name = record_get(r, "name"), *phone = record_get(r, "phone");
	/* the dispute's registration day, for the warnings' window over parties (schema/007) */
	char day[11];
	if (dispute_registered_on(db, r, day, e) || record_set_by_name(r, "registered_on", day, 0, e))
		return -1;
	char key[200], folded[160];
	if (id_no) {
		snprintf(key, sizeof key, "id:%s", id_no);
	} else {
		char both[160];
		snprintf(both, sizeof both, "%s|%s", name ? name : "", phone ? phone : "");
		text_fold_key(both, folded, sizeof folded);
		snprintf(key, sizeof key, "np:%s", folded);
	}
	return record_set_by_name(r, "person_key", key, 0, e);
}

static const struct field party_fields[] = {
	{ .name = "dispute_no", .zh = "纠纷编号", .en = "Dispute no.", .type = FT_REF,
	  .flags = FF_REQUIRED | FF_KEY | FF_FILTER, .ref = &dispute_type },
	{ .name = "role", .zh = "身份", .en = "Role", .aliases = "当事人身份", .type = FT_ENUM,
	  .flags = FF_REQUIRED | FF_FILTER, .codes = &party_roles },
	{ .name = "name", .zh = "姓名", .en = "Name", .type = FT_TEXT, .flags = FF_REQUIRED | FF_KEY, .max_len = 40,
	  .sens = SENS_NAME },
	{ .name = "id_no", .zh = "身份证号", .en = "ID no.", .aliases = "公民身份号码|身份证号码", .type = FT_TEXT,
	  .max_len = 18, .sens = SENS_IDNO },
	{ .name = "phone", .zh = "联系电话", .en = "Phone", .aliases = "电话|手机", .type = FT_TEXT, .max_len = 20,
	  .sens = SENS_PHONE },
	{ .name = "address", .zh = "住址", .en = "Address", .aliases = "地址", .type = FT_TEXT, .max_len = 200 },
	{ .name = "person_key", .zh = "人员索引", .en = "Person key", .type = FT_TEXT, .flags = FF_DERIVED | FF_HIDDEN,
	  .max_len = 200 },
	{ .name = "registered_on", .zh = "纠纷登记日期", .en = "Dispute registered on", .type = FT_DATE,
	  .flags = FF_DERIVED | FF_HIDDEN },
};

const struct record_type party_type = {
	.kind = "parties", .table = "parties", .zh = "当事人", .en = "party",
	.fields = party_fields, .nfields = sizeof party_fields / sizeof party_fields[0],
	.derive = party_derive,
	.scope_sql = { [SCOPE_UNIT] = DISPUTE_OF_STATION, [SCOPE_PARTNER] = DISPUTE_OF_PARTNER },
};
