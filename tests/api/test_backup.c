/*
 * POST /api/v1/backups: an administrator's online backup into serve's
 * --backup-dir, named by the bureau's local time, with its checkpoints and
 * manifest, audited; refused to other roles, without a folder, and over an
 * existing backup of the same second.
 */
#include "apitest.h"

#include "io/backup.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 1796083200 /* 2026-12-01 00:00:00 UTC: 08:00:00 in the bureau's zone */

static int64_t audited_backups(struct apitest *t)
{
	struct db *db = db_pool_get(t->api.pool);
	int64_t n = -1;
	struct err e;
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'backup'", &n, &e), 0);
	db_pool_put(t->api.pool, db);
	return n;
}

static void administrators_back_up_into_the_folder(void **state)
{
	(void)state;
	struct apitest t;
	apitest_open(&t);
	apitest_user(&t, "root", "admin", NULL, "keeper-pass-1");
	apitest_user(&t, "boss", "leader", NULL, "leader-pass-1");
	struct apitest_who root, boss;
	apitest_login(&t, "root", "keeper-pass-1", &root);
	apitest_login(&t, "boss", "leader-pass-1", &boss);
	t.api.now = T0;

	struct apitest_res r = apitest_call(&t, &root, "POST", "/api/v1/backups", NULL);
	assert_status(r, 409); /* serve was given no --backup-dir */
	assert_string_equal(apitest_error_code(&r), "backup.no_folder");
	apitest_res_free(&r);

	char folder[120];
	snprintf(folder, sizeof folder, "%s/backups", t.dir);
	assert_int_equal(mkdir(folder, 0700), 0);
	t.api.db_url = t.path;
	t.api.backup_dir = folder;
	r = apitest_call(&t, &boss, "POST", "/api/v1/backups", NULL);
	assert_status(r, 403);
	apitest_res_free(&r);

	r = apitest_call(&t, &root, "POST", "/api/v1/backups", NULL);
	assert_status(r, 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "file")), "fengqiao-20261201-080000.db");
	char file[200], sum[65];
	int64_t bytes = 0;
	snprintf(file, sizeof file, "%s/fengqiao-20261201-080000.db", folder);
	struct err e;
	assert_int_equal(backup_digest(file, sum, &bytes, &e), 0);
	json_t *d = json_object_get(r.json, "database");
	assert_string_equal(json_string_value(json_object_get(d, "sha256")), sum);
	assert_int_equal(json_integer_value(json_object_get(d, "bytes")), bytes);
	assert_int_equal(audited_backups(&t), 1);
	apitest_res_free(&r);

	r = apitest_call(&t, &root, "POST", "/api/v1/backups", NULL); /* the same second: the same name */
	assert_status(r, 409);
	assert_string_equal(apitest_error_code(&r), "backup.exists");
	apitest_res_free(&r);

	static const char *const suffix[] = { "", ".audit", ".manifest" };
	for (size_t i = 0; i < 3; i++) {
		char p[220];
		snprintf(p, sizeof p, "%s%s", file, suffix[i]);
		assert_int_equal(unlink(p), 0);
	}
	rmdir(folder);
	apitest_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(administrators_back_up_into_the_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
