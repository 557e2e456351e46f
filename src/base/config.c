#include "base/config.h"
#include "base/date.h"

#include <stdlib.h>

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

const struct config *config(void)
{
	return &current;
}

void config_set(const struct config *c)
{
	current = *c;
}
