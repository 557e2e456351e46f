/*
 * api_backup.c — POST /api/v1/backups: an online backup of the whole
 * database (io/backup.h) into the folder serve was given (--backup-dir),
 * named by the bureau's local time, fengqiao-YYYYMMDD-HHMMSS.db (.dump on
 * PostgreSQL: pg_dump's archive, as docs/operations.md names it).  The
 * caller names no path: the server writes only there.  201 with the
 * manifest and the file's name; audited ("backup").  Administrators only
 * (model/perm.c, RES_BACKUPS).
 */
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "io/backup.h"

#include <limits.h>
#include <stdio.h>

void backups_post(struct ctx *c)
{
	if (!c->api->backup_dir || !c->api->db_url) {
		reply_fail(c, ERR_CONFLICT, "backup.no_folder", NULL,
			   "服务启动时未指定备份目录 --backup-dir，请在服务器上运行 fengqiao backup（serve was given no "
			   "--backup-dir: run fengqiao backup on the server）");
		return;
	}
	char local[20], name[40], path[PATH_MAX];
	instant_format_local(c->now, config()->tz_minutes, local); /* YYYY-MM-DD HH:MM:SS */
	snprintf(name, sizeof name, "fengqiao-%.4s%.2s%.2s-%.2s%.2s%.2s.%s", local, local + 5, local + 8, local + 11,
		 local + 14, local + 17, db_backend(c->db) == DB_POSTGRES ? "dump" : "db");
	if (snprintf(path, sizeof path, "%s/%s", c->api->backup_dir, name) >= (int)sizeof path) {
		reply_fail(c, ERR_INVALID, "backup.path", NULL, "备份目录路径过长（the backup folder's path is too long）");
		return;
	}
	struct err e;
	err_clear(&e);
	json_t *m = NULL;
	if (backup_take(c->db, c->api->db_url, path, &m, &e) ||
	    audit_request(c, "backup", NULL, 0, json_incref(json_object_get(m, "database")), &e)) {
		json_decref(m);
		reply_error(c, &e);
		return;
	}
	json_object_set_new(m, "file", json_string(name));
	reply_json(c, 201, m);
}
