/* common.c — what every subcommand shares: opening the database, options, errors. */
#include "cli/cli.h"
#include "base/config.h"
#include "base/text.h"
#include "model/audit.h"
#include "model/incident.h"

#include <limits.h>
#include <pwd.h>
#include <time.h>
#include <unistd.h>

#include <stdio.h>
#include <string.h>

int cli_fail(const struct err *e)
{
	if (e->field[0])
		fprintf(stderr, "fengqiao: %s [%s]\n", e->message, e->field);
	else
		fprintf(stderr, "fengqiao: %s\n", e->message);
	return e->kind == ERR_UNAVAILABLE ? CLI_EXIT_TRY_AGAIN : 1;
}

int cli_usage(const char *usage)
{
	fputs(usage, stderr);
	return 2;
}

int cli_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*value = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != 0)
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "fengqiao: %s 需要一个值 (needs a value)\n", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

int cli_int(const char *name, const char *value, int64_t lo, int64_t hi, int64_t *out)
{
	if (text_int(value, lo, hi, out))
		return 0;
	char shown[48];
	fprintf(stderr, "fengqiao: %s 应为 %lld 到 %lld 之间的整数，而不是“%s”（%s must be an integer from %lld to %lld）\n",
		name, (long long)lo, (long long)hi, text_quote(shown, sizeof shown, value, 40), name, (long long)lo,
		(long long)hi);
	return 2;
}

struct db *cli_open_db(const struct cli *cli)
{
	struct err e;
	err_clear(&e);
	struct db *db = db_open(cli->db_url, &e);
	if (!db) {
		cli_fail(&e);
		return NULL;
	}
	if (db_migrate(db, NULL, &e) || incident_backfill_address_keys(db, &e) || cli_audit_keys(cli, db, &e)) {
		cli_fail(&e);
		db_close(db);
		return NULL;
	}
	return db;
}

int cli_audit_keys(const struct cli *cli, struct db *db, struct err *e)
{
	char key[PATH_MAX], checkpoints[PATH_MAX];
	if (config_audit_paths(cli->db_url, key, sizeof key, checkpoints, sizeof checkpoints, e))
		return -1;
	return audit_keys_open(db, key, checkpoints, config()->audit_syslog, e);
}

const char *cli_actor(char *buf, size_t n)
{
	/* "cli:<login name>": the audit log says who acted at the console */
	const struct passwd *pw = getpwuid(getuid());
	snprintf(buf, n, "cli:%s", pw ? pw->pw_name : "?");
	return buf;
}

int cli_audit(struct db *db, const char *action, const char *kind, int64_t id, const char *detail, struct err *e)
{
	char actor[64];
	struct audit_entry a = { .actor = cli_actor(actor, sizeof actor), .action = action, .kind = kind, .record_id = id, .detail = detail };
	return audit_append(db, &a, (int64_t)time(NULL), e);
}
