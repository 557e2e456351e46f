/*
 * cmd_backup.c — whole databases (CONTRACTS.md §8, docs/operations.md):
 *
 *   fengqiao backup FILE    a consistent copy while the server runs and writes (io/backup.h)
 *   fengqiao restore FILE   checked first, then put in place atomically
 *   fengqiao copy --to URL  every table, ids kept, into another (empty) database
 */
#include "cli/cli.h"
#include "base/config.h"
#include "base/embed.h"
#include "base/text.h"
#include "io/backup.h"
#include "model/audit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cmd_backup(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao backup FILE   (writes FILE, FILE.audit, FILE.manifest)\n";
	if (cli->argc != 2 || cli->argv[1][0] == '-')
		return cli_usage(usage);
	const char *file = cli->argv[1];
	struct err e;
	err_clear(&e);
	char key[PATH_MAX], checkpoints[PATH_MAX];
	if (config_audit_paths(cli->db_url, key, sizeof key, checkpoints, sizeof checkpoints, &e))
		return cli_fail(&e);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	json_t *m = NULL;
	int rc = backup_take(db, cli->db_url, file, &m, &e);
	if (!rc) {
		char *detail = json_dumps(json_object_get(m, "database"), JSON_COMPACT | JSON_SORT_KEYS);
		rc = cli_audit(db, "backup", NULL, 0, detail, &e);
		free(detail);
	}
	db_close(db);
	if (rc) {
		json_decref(m);
		fprintf(stderr, "fengqiao: [%s] %s\n", e.code[0] ? e.code : "backup.failed", e.message);
		return e.kind == ERR_UNAVAILABLE ? CLI_EXIT_TRY_AGAIN : 1;
	}
	json_t *d = json_object_get(m, "database");
	long long last = (long long)json_integer_value(json_object_get(json_object_get(m, "audit"), "last_id"));
	printf("备份完成 backup written: %s（%lld 字节 bytes，sha256 %s），迁移 migration %s，审计日志至第 %lld 条 audit log up to entry %lld\n",
	       file, (long long)json_integer_value(json_object_get(d, "bytes")),
	       json_string_value(json_object_get(d, "sha256")), json_string_value(json_object_get(m, "migration")), last,
	       last);
	printf("另有 also: %s.audit（签名检查点 signed checkpoints）, %s.manifest（清单 manifest）\n", file, file);
	printf("审计密钥不在备份中，请另行妥善保管 %s（the audit key is not in the backup: keep a copy of it apart）\n", key);
	json_decref(m);
	return 0;
}

/* ---- restore -------------------------------------------------------------------------------- */

/* A refusal of restore: its code and words, printed as "fengqiao: [code] message". */
#define refuse(e, code, ...) err_set(e, ERR_INVALID, code, NULL, __VA_ARGS__)

static bool known_migration(const char *version)
{
	char path[160];
	snprintf(path, sizeof path, "schema/%s", version);
	return embed_find(path) != NULL;
}

/* The staged copy, opened: a Fengqiao database of a level this program knows, whole, passing every check. */
static int restore_check(const char *staged, const char *staged_audit, const char *key, struct backup_facts *facts,
			 struct err *e)
{
	struct err why;
	err_clear(&why);
	struct db *db = db_open(staged, &why);
	if (!db)
		return refuse(e, "restore.damaged", "备份文件不是可读的 SQLite 数据库（not a readable SQLite database）: %s",
			      why.message);
	int rc = 0;
	char first[200] = "";
	int problems = db_integrity(db, backup_first_problem, first, &why);
	if (problems != 0) {
		rc = refuse(e, "restore.damaged", "备份文件已损坏，未通过完整性检查（damaged: fails the integrity check）: %s",
			    problems < 0 ? why.message : first);
		goto out;
	}
	struct db_stmt *st = db_prepare(db, "SELECT version FROM schema_migrations ORDER BY version", &why);
	int n = 0, step = st ? 0 : -1;
	while (st && (step = db_step(st, &why)) == 1) {
		n++;
		if (!known_migration(db_col_text(st, 0))) {
			refuse(e, "restore.newer", "备份来自更新版本的 fengqiao（迁移 %s 本程序不认识），请用该版本恢复（written by a newer "
						   "fengqiao: restore it with that version）", db_col_text(st, 0));
			step = -2;
			break;
		}
	}
	db_done(st);
	if (step == -2 || step == -1 || n == 0) {
		if (step != -2)
			refuse(e, "restore.foreign", "这不是 fengqiao 数据库（没有迁移记录）（not a fengqiao database: no migrations）");
		rc = -1;
		goto out;
	}
	if (db_migrate(db, NULL, e) || backup_read_facts(db, facts, e)) {
		rc = -1;
		goto out;
	}
	if (access(key, R_OK) != 0) {
		rc = refuse(e, "restore.key_missing", "审计密钥 %s 缺失：请先放回原密钥，再恢复（the audit key is missing: put it back "
						      "first）", key);
		goto out;
	}
	if (audit_keys_open(db, key, staged_audit, false, e)) {
		rc = -1;
		goto out;
	}
	json_t *checks = NULL, *found = NULL;
	rc = cli_check_db(db, false, &checks, &found, e);
	if (rc == 0 && json_array_size(found)) {
		char failed[64];
		cli_check_failed(checks, failed, sizeof failed);
		json_t *one = json_array_get(found, 0);
		rc = refuse(e, "restore.check_failed", "备份未通过检查：%s（fails fengqiao check），例如 e.g. %s",
			    failed, json_string_value(json_object_get(one, "message")));
	}
	json_decref(checks);
	json_decref(found);
	audit_keys_close();
out:
	db_close(db);
	return rc;
}

struct restore_place {
	const char *staged_audit, *checkpoints;
};

/* While the database is ours: the backup's checkpoints in place, the
 * current ones kept aside (they witness the history the restore goes
 * back from). */
static int place_checkpoints(void *ctx, struct err *e)
{
	const struct restore_place *p = ctx;
	if (access(p->checkpoints, F_OK) == 0) {
		char aside[PATH_MAX + 40];
		snprintf(aside, sizeof aside, "%s.before-restore-%lld", p->checkpoints, (long long)time(NULL));
		if (backup_rename(p->checkpoints, aside, e))
			return -1;
	}
	/* their folder synced too: it may not be the database's, which the restore syncs */
	return backup_rename(p->staged_audit, p->checkpoints, e) || backup_sync_folder(p->checkpoints, e) ? -1 : 0;
}

static const char *sqlite_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) ? url : url + 7;
}

int cmd_restore(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao restore FILE [--no-manifest]   (stop the server first)\n";
	const char *file = NULL;
	bool no_manifest = false;
	for (int i = 1; i < cli->argc; i++) {
		if (!strcmp(cli->argv[i], "--no-manifest"))
			no_manifest = true;
		else if (cli->argv[i][0] != '-' && !file)
			file = cli->argv[i];
		else
			return cli_usage(usage);
	}
	if (!file)
		return cli_usage(usage);
	struct err e;
	err_clear(&e);
	const char *target = sqlite_path(cli->db_url);
	char key[PATH_MAX], checkpoints[PATH_MAX], staged[PATH_MAX] = "", staged_audit[PATH_MAX + 24] = "", side[PATH_MAX + 8];
	char scratch[PATH_MAX] = ""; /* PostgreSQL: the scratch database's URL */
	struct backup_files given;
	json_t *m = NULL;
	/* PostgreSQL: the file copied beside itself, the checkpoints beside theirs, then pg_restore'd into a scratch database */
	bool pg = strstr(target, "://") != NULL;
	int rc = config_audit_paths(cli->db_url, key, sizeof key, checkpoints, sizeof checkpoints, &e) ||
			 backup_names(file, "", &given, &e) ? -1 : 0;
	if (rc)
		goto fail;
	snprintf(staged, sizeof staged, "%s.restore-%ld", pg ? file : target, (long)getpid());
	if (pg)
		snprintf(staged_audit, sizeof staged_audit, "%s.restore-%ld", checkpoints, (long)getpid());
	else
		snprintf(staged_audit, sizeof staged_audit, "%s.audit", staged);
	if (!no_manifest) {
		json_error_t je;
		m = json_load_file(given.manifest, 0, &je);
		if (!m && access(given.manifest, F_OK) != 0) {
			rc = refuse(&e, "restore.manifest_missing", "缺少清单 %s：不是 fengqiao backup 写成的备份，或不完整；确认无误可加 --no-manifest"
				    "（no manifest: not a complete fengqiao backup; --no-manifest to restore it anyway）",
				    given.manifest);
			goto fail;
		}
		if (!m || strcmp(json_string_value(json_object_get(m, "format")) ? json_string_value(json_object_get(m, "format")) : "",
				 BACKUP_MANIFEST_FORMAT)) {
			rc = refuse(&e, "restore.manifest_bad", "清单 %s 格式不符（the manifest is not one fengqiao wrote）",
				    given.manifest);
			goto fail;
		}
		const char *backend = json_string_value(json_object_get(m, "backend"));
		if (strcmp(backend ? backend : "sqlite", pg ? "postgresql" : "sqlite")) {
			rc = refuse(&e, "restore.other_backend", "这是 %s 数据库的备份，不能恢复到 %s：请先恢复到同类数据库，再用 fengqiao copy"
				    "（a backup of the other backend: restore it there, then use fengqiao copy）",
				    backend ? backend : "sqlite", pg ? "PostgreSQL" : "SQLite");
			goto fail;
		}
	}
	if (backup_copy_file(file, staged, false, NULL, &e)) {
		rc = -1;
		goto fail;
	}
	bool no_audit = false;
	rc = backup_copy_file(given.audit, staged_audit, false, &no_audit, &e);
	if (rc)
		goto fail;
	/* the checksums: the file as the backup wrote it */
	for (int f = 0; m && f < 2; f++) {
		json_t *want = json_object_get(m, f ? "checkpoints" : "database");
		const char *path = f ? staged_audit : staged;
		char sum[65];
		int64_t bytes = 0;
		if (f && no_audit) {
			rc = refuse(&e, "restore.truncated", "备份缺少检查点文件 %s（the checkpoint file is missing）", given.audit);
			goto fail;
		}
		if (backup_digest(path, sum, &bytes, &e)) {
			rc = -1;
			goto fail;
		}
		json_int_t want_bytes = json_integer_value(json_object_get(want, "bytes"));
		const char *want_sum = json_string_value(json_object_get(want, "sha256"));
		if (bytes < want_bytes) {
			rc = refuse(&e, "restore.truncated", "备份文件 %s 不完整：比清单记载的短（truncated: shorter than its manifest says）",
				    f ? given.audit : file);
			goto fail;
		}
		if (bytes != want_bytes || !want_sum || strcmp(sum, want_sum)) {
			rc = refuse(&e, "restore.checksum", "备份文件 %s 已损坏：校验和与清单不符（damaged: its SHA-256 differs from the "
							   "manifest's）", f ? given.audit : file);
			goto fail;
		}
	}
	struct backup_facts facts;
	if ((pg && db_restore_stage(cli->db_url, staged, scratch, sizeof scratch, &e)) ||
	    restore_check(pg ? scratch : staged, staged_audit, key, &facts, &e)) {
		rc = -1;
		goto fail;
	}
	struct restore_place place = { staged_audit, checkpoints };
	if (db_restore(pg ? cli->db_url : target, pg ? scratch : staged, place_checkpoints, &place, &e)) {
		rc = -1;
		goto fail;
	}
	if (pg)
		unlink(staged);
	printf("已恢复 restored: %s → %s（迁移 migration %s，审计日志至第 %lld 条 audit log up to entry %lld）\n", file,
	       pg ? "PostgreSQL" : target, facts.migration, (long long)facts.audit_last, (long long)facts.audit_last);
	json_decref(m);
	return 0;
fail:
	if (scratch[0])
		db_restore_unstage(cli->db_url, scratch);
	unlink(staged);
	unlink(staged_audit);
	snprintf(side, sizeof side, "%s-wal", staged);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", staged);
	unlink(side);
	json_decref(m);
	fprintf(stderr, "fengqiao: [%s] %s\n", e.code[0] ? e.code : "restore.failed", e.message);
	fprintf(stderr, "fengqiao: 未作任何改动（nothing was changed）\n");
	return e.kind == ERR_UNAVAILABLE ? CLI_EXIT_TRY_AGAIN : 1;
}

/* ---- copy ----------------------------------------------------------------------------------- */

/* SQL naming `table` (from the database's own catalogue), quoted. */
static int table_sql(struct buf *b, const char *fmt_before, const char *table, const char *after, struct err *e)
{
	buf_reset(b);
	if (strchr(table, '"'))
		return err_set(e, ERR_INVALID, "copy.table", NULL, "表名含引号（a table name with a quote）: %s", table);
	buf_printf(b, "%s\"%s\"%s", fmt_before, table, after);
	return b->failed ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory") : 0;
}

static int count_rows(struct db *db, const char *table, int64_t *out, struct err *e)
{
	struct buf b;
	buf_init(&b);
	int rc = table_sql(&b, "SELECT COUNT(*) FROM ", table, "", e) || db_query_int(db, b.p, out, e) ? -1 : 0;
	buf_free(&b);
	return rc;
}

/* Every row of `table` from `src` into `dst`, column by column as stored. */
static int copy_table(struct db *src, struct db *dst, const char *table, int64_t *rows, struct err *e)
{
	struct buf sel, ins;
	buf_init(&sel);
	buf_init(&ins);
	*rows = 0;
	int rc = table_sql(&sel, "SELECT * FROM ", table, "", e);
	struct db_stmt *st = rc ? NULL : db_prepare(src, sel.p, e);
	int step = st ? 0 : -1;
	while (st && (step = db_step(st, e)) == 1) {
		int cols = db_col_count(st);
		if (!*rows) {
			if (table_sql(&ins, "INSERT INTO ", table, " (", e)) {
				step = -1;
				break;
			}
			for (int c = 0; c < cols; c++)
				buf_printf(&ins, "%s\"%s\"", c ? ", " : "", db_col_name(st, c));
			buf_puts(&ins, ") VALUES (");
			for (int c = 0; c < cols; c++)
				buf_puts(&ins, c ? ", ?" : "?");
			buf_puts(&ins, ")");
			if (ins.failed) {
				step = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
				break;
			}
		}
		struct db_stmt *w = db_prepare(dst, ins.p, e);
		if (!w) {
			step = -1;
			break;
		}
		for (int c = 0; c < cols; c++) {
			switch (db_col_type(st, c)) {
			case DB_TYPE_NULL:
				db_bind_null(w, c + 1);
				break;
			case DB_TYPE_INT:
				db_bind_int(w, c + 1, db_col_int(st, c));
				break;
			case DB_TYPE_DOUBLE:
				db_bind_double(w, c + 1, db_col_double(st, c));
				break;
			case DB_TYPE_TEXT:
				db_bind_text(w, c + 1, db_col_text(st, c));
				break;
			}
		}
		if (db_step_done(w, e) < 0) {
			step = -1;
			break;
		}
		++*rows;
	}
	db_done(st);
	buf_free(&sel);
	buf_free(&ins);
	return step < 0 || db_ids_taken(dst, table, e) ? -1 : 0;
}

/*
 * Is `dst` empty: no table holds more rows than a database just made by
 * this program's migrations does (their seed rows, counted on one in
 * memory)?  A target left by a copy that failed half way passes again.
 */
static int target_empty(struct db *dst, char **tables, int n, const char *url, struct err *e)
{
	struct db *fresh = db_open(":memory:", e);
	if (!fresh || db_migrate(fresh, NULL, e)) {
		db_close(fresh);
		return -1;
	}
	int rc = 0;
	for (int t = 0; t < n && rc == 0; t++) {
		int64_t have = 0, seeded = 0;
		rc = count_rows(dst, tables[t], &have, e) || count_rows(fresh, tables[t], &seeded, e) ? -1 : 0;
		if (rc == 0 && have > seeded)
			rc = err_set(e, ERR_CONFLICT, "copy.target_not_empty", NULL,
				     "目标数据库 %s 不是空的（表 %s 有 %lld 行）：请复制到新建的空库（the target is not empty: copy into a new, "
				     "empty database）", url, tables[t], (long long)have);
	}
	db_close(fresh);
	return rc;
}

/* Both files hold the same bytes (a key file: small). */
static bool same_file_text(const char *a, const char *b)
{
	char x[512], y[512];
	FILE *fa = fopen(a, "re"), *fb = fopen(b, "re");
	size_t na = fa ? fread(x, 1, sizeof x, fa) : 0, nb = fb ? fread(y, 1, sizeof y, fb) : 0;
	bool same = fa && fb && na == nb && !memcmp(x, y, na);
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

struct copy_paths {
	char key[PATH_MAX], checkpoints[PATH_MAX];
};

/* The source's checkpoints and key beside the target, so its chain verifies there. */
static int copy_audit_files(const struct copy_paths *from, const struct copy_paths *to, const char *checkpoints_part,
			    struct err *e)
{
	if (strcmp(from->key, to->key) && access(to->key, F_OK) != 0) {
		char part[PATH_MAX + 8], pub_from[PATH_MAX + 8], pub_to[PATH_MAX + 8];
		snprintf(part, sizeof part, "%s.part", to->key);
		snprintf(pub_from, sizeof pub_from, "%s.pub", from->key);
		snprintf(pub_to, sizeof pub_to, "%s.pub", to->key);
		unlink(part);
		if (backup_copy_file(from->key, part, false, NULL, e) || backup_rename(part, to->key, e))
			return -1;
		bool no_pub = false;
		unlink(part);
		if (backup_copy_file(pub_from, part, false, &no_pub, e) || (!no_pub && backup_rename(part, pub_to, e)))
			return -1;
	}
	if (checkpoints_part[0]) {
		if (access(to->checkpoints, F_OK) == 0) {
			char aside[PATH_MAX + 40];
			snprintf(aside, sizeof aside, "%s.before-copy-%lld", to->checkpoints, (long long)time(NULL));
			if (backup_rename(to->checkpoints, aside, e))
				return -1;
		}
		if (backup_rename(checkpoints_part, to->checkpoints, e))
			return -1;
	}
	return 0;
}

/*
 * The tables a database keeps of itself, not copied: schema_migrations
 * records what the target's own migrations applied, and a change the two
 * backends write differently is recorded under each backend's file name
 * (NNN_name.sqlite.sql / .postgresql.sql): the source's rows would make the
 * target apply its own variant again.
 */
static bool own_record(const char *table)
{
	return !strcmp(table, "schema_migrations");
}

/* Every table, parents first, inside one snapshot of `src` and one transaction of `dst`. */
static int copy_tables(struct db *src, struct db *dst, const char *url, int *ntables, int64_t *total, struct err *e)
{
	char **tables = NULL;
	int n = 0;
	*total = 0;
	if (db_begin_read(src, e))
		return -1;
	int rc = db_tables(src, &tables, &n, e) || target_empty(dst, tables, n, url, e) || db_begin_bulk(dst, e) ? -1 : 0;
	if (rc == 0) {
		/* a fresh database's seed rows give way to the source's, children first */
		struct buf b;
		buf_init(&b);
		for (int t = n - 1; t >= 0 && rc == 0; t--)
			if (!own_record(tables[t]))
				rc = table_sql(&b, "DELETE FROM ", tables[t], "", e) || db_exec(dst, b.p, e) ? -1 : 0;
		buf_free(&b);
		for (int t = 0; t < n && rc == 0; t++) {
			int64_t rows = 0, landed = 0;
			if (own_record(tables[t]))
				continue;
			rc = copy_table(src, dst, tables[t], &rows, e) || count_rows(dst, tables[t], &landed, e) ? -1 : 0;
			if (rc == 0 && landed != rows)
				rc = err_set(e, ERR_DB, "copy.rows", NULL, "表 %s 复制了 %lld 行，目标有 %lld 行（rows copied and found differ）",
					     tables[t], (long long)rows, (long long)landed);
			*total += rows;
		}
		if (rc == 0)
			rc = db_commit(dst, e);
		if (rc)
			db_rollback(dst);
	}
	db_rollback(src); /* the read snapshot ends */
	db_tables_free(tables, n);
	*ntables = n;
	return rc;
}

/* A URL as shown: a password in it (postgresql://USER:PASSWORD@...) left out. */
static void shown_url(const char *url, char *out, size_t n)
{
	const char *start = strstr(url, "://"), *at = start ? strchr(start + 3, '@') : NULL;
	const char *colon = at ? memchr(start + 3, ':', (size_t)(at - start - 3)) : NULL;
	if (colon)
		snprintf(out, n, "%.*s%s", (int)(colon - url), url, at);
	else
		snprintf(out, n, "%s", url);
}

int cmd_copy(const struct cli *cli)
{
	static const char usage[] = "用法 usage: fengqiao copy --to URL [--to-audit-key FILE] [--to-audit-checkpoints FILE]\n";
	const char *to = NULL, *to_key = NULL, *to_checkpoints = NULL;
	for (int i = 1; i < cli->argc; i++) {
		int r = cli_opt(cli->argc, cli->argv, &i, "--to", &to);
		if (r == 0)
			r = cli_opt(cli->argc, cli->argv, &i, "--to-audit-key", &to_key);
		if (r == 0)
			r = cli_opt(cli->argc, cli->argv, &i, "--to-audit-checkpoints", &to_checkpoints);
		if (r <= 0)
			return cli_usage(usage);
	}
	if (!to || !*to)
		return cli_usage(usage);
	struct err e;
	err_clear(&e);
	struct copy_paths from, dest;
	char checkpoints_part[PATH_MAX + 8] = "", shown[PATH_MAX];
	shown_url(to, shown, sizeof shown);
	if (!strcmp(sqlite_path(to), sqlite_path(cli->db_url))) {
		fprintf(stderr, "fengqiao: [copy.same] 目标与来源是同一个数据库（the target is the source）\n");
		return 1;
	}
	if (config_audit_paths(cli->db_url, from.key, sizeof from.key, from.checkpoints, sizeof from.checkpoints, &e))
		return cli_fail(&e);
	if (to_key && to_checkpoints) {
		snprintf(dest.key, sizeof dest.key, "%s", to_key);
		snprintf(dest.checkpoints, sizeof dest.checkpoints, "%s", to_checkpoints);
	} else if (config_audit_paths(to, dest.key, sizeof dest.key, dest.checkpoints, sizeof dest.checkpoints, &e)) {
		fprintf(stderr, "fengqiao: [%s] %s；或用 --to-audit-key 与 --to-audit-checkpoints（or give both options）\n", e.code,
			e.message);
		return 1;
	}
	if (strcmp(from.key, dest.key) && access(dest.key, F_OK) == 0 && !same_file_text(from.key, dest.key)) {
		fprintf(stderr, "fengqiao: [copy.key_differs] 目标已有另一把审计密钥 %s，复制过去的审计链将无法核验：请复制到新建的空库"
				"（the target has another audit key: copy into a new, empty database）\n", dest.key);
		return 1;
	}
	struct db *src = cli_open_db(cli);
	if (!src)
		return 1;
	struct db *dst = db_open(to, &e);
	int rc = dst && !db_migrate(dst, NULL, &e) ? 0 : -1;
	/* the checkpoints before the snapshot: each then names an entry the copy holds */
	if (rc == 0 && strcmp(from.checkpoints, dest.checkpoints)) {
		snprintf(checkpoints_part, sizeof checkpoints_part, "%s.part", dest.checkpoints);
		unlink(checkpoints_part);
		rc = backup_copy_file(from.checkpoints, checkpoints_part, true, NULL, &e);
		if (rc)
			checkpoints_part[0] = 0;
	}
	int ntables = 0;
	int64_t rows = 0;
	if (rc == 0)
		rc = copy_tables(src, dst, shown, &ntables, &rows, &e);
	char first[200] = "";
	int problems = rc == 0 ? db_integrity(dst, backup_first_problem, first, &e) : 0;
	if (problems < 0)
		rc = -1;
	else if (problems)
		rc = err_set(&e, ERR_DB, "copy.integrity", NULL, "复制后的数据库未通过完整性检查（the copy fails its integrity check）: %s",
			     first);
	if (rc == 0)
		rc = copy_audit_files(&from, &dest, checkpoints_part, &e);
	if (rc == 0) {
		char detail[300];
		snprintf(detail, sizeof detail, "{\"tables\":%d,\"rows\":%lld}", ntables, (long long)rows);
		rc = cli_audit(src, "copy", NULL, 0, detail, &e);
	}
	db_close(dst);
	db_close(src);
	if (rc) {
		if (checkpoints_part[0])
			unlink(checkpoints_part);
		fprintf(stderr, "fengqiao: [%s] %s\n", e.code[0] ? e.code : "copy.failed", e.message);
		return e.kind == ERR_UNAVAILABLE ? CLI_EXIT_TRY_AGAIN : 1;
	}
	printf("已复制 copied: %d 个表 tables，%lld 行 rows → %s（审计密钥 audit key %s，检查点 checkpoints %s）\n", ntables,
	       (long long)rows, shown, dest.key, dest.checkpoints);
	return 0;
}
