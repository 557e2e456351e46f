/*
 * backup — a whole database written to files while the server runs
 * (docs/operations.md): FILE (the database as of one snapshot, db_backup),
 * FILE.audit (the signed audit checkpoints as they were just before the
 * snapshot, whole lines, so each names an entry the snapshot holds) and
 * FILE.manifest (JSON: each file's size and SHA-256, the migration level,
 * the audit log's last entry), renamed into place last: a backup without
 * it is unfinished.  The audit key is not in it: the operator keeps it
 * apart, and restore verifies the chain with the key of the database it
 * replaces.  Also the file work restore and copy share (cli/cmd_backup.c).
 */
#ifndef FQ_IO_BACKUP_H
#define FQ_IO_BACKUP_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

#define BACKUP_MANIFEST_FORMAT "fengqiao-backup/1"

/*
 * Back up `db` (opened from `db_url`, its audit keys open) into `file`,
 * `file`.audit and `file`.manifest; *manifest (the caller's) says what was
 * written.  An existing file is refused (ERR_CONFLICT "backup.exists"),
 * also when another backup takes the name meanwhile; on failure nothing is
 * left behind (a run killed half way leaves FILE.part-* files: remove
 * them).  The caller audits it.
 */
int backup_take(struct db *db, const char *db_url, const char *file, json_t **manifest, struct err *e);

/* A backup's three names, with `suffix` (".part" while written). */
struct backup_files {
	char db[PATH_MAX], audit[PATH_MAX], manifest[PATH_MAX];
};
int backup_names(const char *file, const char *suffix, struct backup_files *f, struct err *e);
void backup_remove(const struct backup_files *f);

/* What a database holds, for the manifest and the messages: its newest
 * migration and how many, its audit log's last entry and how many. */
struct backup_facts {
	char migration[128];
	int64_t migrations, audit_entries, audit_last;
};
int backup_read_facts(struct db *db, struct backup_facts *f, struct err *e);

/* A file's SHA-256 (hex) and size. */
int backup_digest(const char *path, char hex[65], int64_t *bytes, struct err *e);
/*
 * Copy `from` to the new file `to` (mode 0600), synced.  `whole_lines`: only
 * up to the last line break (a line being appended then is left out).  A
 * missing `from` sets *missing when given, else fails.
 */
int backup_copy_file(const char *from, const char *to, bool whole_lines, bool *missing, struct err *e);
int backup_rename(const char *from, const char *to, struct err *e);
/* fsync the folder holding `path` (after renames in it). */
int backup_sync_folder(const char *path, struct err *e);
/* A db_integrity callback: the first problem's words into ctx (200 bytes), then stop. */
int backup_first_problem(void *ctx, const char *problem);

#endif
