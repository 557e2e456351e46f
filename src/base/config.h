/*
 * config — the settings read once at start (the only process-wide state):
 * the bureau's time zone and the like.  Set by main() before any thread
 * starts; read everywhere after.
 */
#ifndef FQ_BASE_CONFIG_H
#define FQ_BASE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

struct config {
	int tz_minutes; /* the bureau's zone, minutes east of UTC (default +480) */
	/*
	 * $FENGQIAO_TODAY (YYYY-MM-DD), a test and demonstration setting: the day
	 * date_today() answers instead of the clock's, so the demonstration data
	 * and every figure computed "as of today" are the same whatever day the
	 * tests run.  Instants stamped on records (created_at) keep the clock.
	 */
	bool today_fixed;
	int32_t today;
};

const struct config *config(void);
void config_set(const struct config *c);

#endif
