#include "base/config.h"
#include "base/date.h"

static struct config current = { .tz_minutes = TZ_DEFAULT_MINUTES };

const struct config *config(void)
{
	return &current;
}

void config_set(const struct config *c)
{
	current = *c;
}
