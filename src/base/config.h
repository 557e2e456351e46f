/*
 * config — the settings read once at start (the only process-wide state):
 * the bureau's time zone and the like.  Set by main() before any thread
 * starts; read everywhere after.
 */
#ifndef FQ_BASE_CONFIG_H
#define FQ_BASE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* How many follow-up visits a settled dispute gets (their days are settings). */
#define CONFIG_FOLLOWUPS 2
#define CONFIG_FOLLOWUP_DEFAULT { 7, 30 }

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
	/*
	 * $FENGQIAO_FOLLOWUP_DAYS (default "7,30"): the follow-up visits a
	 * settled dispute gets, in days after the agreement (dispute_refresh).
	 */
	int followup_days[CONFIG_FOLLOWUPS];
	/*
	 * The audit log's secret key and signed checkpoints (model/audit.h):
	 * --audit-key or $FENGQIAO_AUDIT_KEY (default: the database's path +
	 * ".key"), $FENGQIAO_AUDIT_CHECKPOINTS (default: the database's path +
	 * ".audit"), $FENGQIAO_AUDIT_SYSLOG=1 to send every checkpoint to the
	 * system log as well.  NULL: the default.
	 */
	const char *audit_key, *audit_checkpoints;
	bool audit_syslog;
};

/* The settings before main() reads the environment: the defaults. */
struct config config_defaults(void);

/*
 * Parse "7,30" (CONFIG_FOLLOWUPS whole days, each 1..366, rising) into
 * days[]; -1 with `e` (field `name`) when it is not that.
 */
int config_parse_followup_days(const char *s, const char *name, int days[CONFIG_FOLLOWUPS], struct err *e);

/*
 * The audit key's and checkpoint file's paths for the database `db_url`:
 * the settings, else beside a SQLite file ("PATH.key", "PATH.audit").
 */
int config_audit_paths(const char *db_url, char *key, size_t key_len, char *checkpoints, size_t checkpoints_len,
		       struct err *e);

const struct config *config(void);
void config_set(const struct config *c);

#endif
