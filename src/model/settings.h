/*
 * settings.h — facts about the database itself (the settings table).
 */
#ifndef FENGQIAO_SETTINGS_H
#define FENGQIAO_SETTINGS_H

#include "base/err.h"
#include "db/db.h"

#include <stdbool.h>

/* Mark the database as holding demonstration data (init --demo). */
int settings_set_demo(struct db *db, struct err *e);
/* Whether it does: false on a database without the mark. */
int settings_demo(struct db *db, bool *demo, struct err *e);

#endif
