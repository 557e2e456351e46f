/*
 * settings.c — facts about the database itself, kept in the settings table
 * (schema/009_settings.sql): for now only whether its data are generated.
 */
#include "model/settings.h"

int settings_set_demo(struct db *db, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO settings (key, value) VALUES ('demo', '1') "
					    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", e);
	if (!st)
		return -1;
	return db_step_done(st, e) < 0 ? -1 : 0;
}

int settings_demo(struct db *db, bool *demo, struct err *e)
{
	char value[8];
	int rc = db_text_of(db, "SELECT value FROM settings WHERE key = ?", "demo", value, sizeof value, e);
	if (rc < 0)
		return -1;
	*demo = rc == 1 && value[0] == '1';
	return 0;
}
