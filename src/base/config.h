/*
 * config — the settings read once at start (the only process-wide state):
 * the bureau's time zone and the like.  Set by main() before any thread
 * starts; read everywhere after.
 */
#ifndef FQ_BASE_CONFIG_H
#define FQ_BASE_CONFIG_H

struct config {
	int tz_minutes; /* the bureau's zone, minutes east of UTC (default +480) */
};

const struct config *config(void);
void config_set(const struct config *c);

#endif
