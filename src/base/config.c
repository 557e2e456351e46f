#include "base/config.h"
#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct config config_defaults(void)
{
	return (struct config){ .tz_minutes = TZ_DEFAULT_MINUTES, .followup_days = CONFIG_FOLLOWUP_DEFAULT };
}

static struct config current = { .tz_minutes = TZ_DEFAULT_MINUTES, .followup_days = CONFIG_FOLLOWUP_DEFAULT };

int config_parse_followup_days(const char *s, const char *name, int days[CONFIG_FOLLOWUPS], struct err *e)
{
	int out[CONFIG_FOLLOWUPS];
	const char *p = s ? s : "";
	for (int i = 0; i < CONFIG_FOLLOWUPS; i++) {
		char *end;
		long v = strtol(p, &end, 10);
		bool last = i == CONFIG_FOLLOWUPS - 1;
		if (end == p || *p < '0' || *p > '9' || v < 1 || v > 366 || (i && v <= out[i - 1]) ||
		    (last ? *end != 0 : *end != ','))
			return err_set(e, ERR_INVALID, "config.followup_days", name,
				       "%s 应为 %d 个递增的天数，如 7,30（expected %d rising day counts, e.g. 7,30）", name,
				       CONFIG_FOLLOWUPS, CONFIG_FOLLOWUPS);
		out[i] = (int)v;
		p = end + 1;
	}
	for (int i = 0; i < CONFIG_FOLLOWUPS; i++)
		days[i] = out[i];
	return 0;
}

int config_audit_paths(const char *db_url, char *key, size_t key_len, char *checkpoints, size_t checkpoints_len,
		       struct err *e)
{
	const char *base = db_url;
	if (!strncmp(base, "sqlite:", 7))
		base += 7;
	bool file = strcmp(base, ":memory:") != 0 && !strstr(base, "://");
	if ((!current.audit_key || !current.audit_checkpoints) && !file)
		return err_set(e, ERR_INVALID, "config.audit_key", "FENGQIAO_AUDIT_KEY",
			       "此数据库旁无处存放审计密钥：请设置 FENGQIAO_AUDIT_KEY 与 FENGQIAO_AUDIT_CHECKPOINTS（no file "
			       "beside this database for the audit key: set FENGQIAO_AUDIT_KEY and FENGQIAO_AUDIT_CHECKPOINTS）");
	int k = current.audit_key ? snprintf(key, key_len, "%s", current.audit_key) : snprintf(key, key_len, "%s.key", base);
	int c = current.audit_checkpoints ? snprintf(checkpoints, checkpoints_len, "%s", current.audit_checkpoints)
					  : snprintf(checkpoints, checkpoints_len, "%s.audit", base);
	if (k < 0 || (size_t)k >= key_len || c < 0 || (size_t)c >= checkpoints_len)
		return err_set(e, ERR_INVALID, "config.audit_key", NULL, "审计密钥路径过长（audit key path too long）");
	return 0;
}

const struct config *config(void)
{
	return &current;
}

void config_set(const struct config *c)
{
	current = *c;
}
