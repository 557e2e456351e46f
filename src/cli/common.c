/* common.c — what every subcommand shares: opening the database, options, errors. */
#include "cli/cli.h"
#include "model/audit.h"
#include "model/incident.h"

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

struct db *cli_open_db(const struct cli *cli)
{
	struct err e;
	err_clear(&e);
	struct db *db = db_open(cli->db_url, &e);
	if (!db) {
		cli_fail(&e);
		return NULL;
	}
	if (db_migrate(db, NULL, &e) || incident_backfill_address_keys(db, &e)) {
		cli_fail(&e);
		db_close(db);
		return NULL;
	}
	return db;
}

int cli_audit(struct db *db, const char *action, const char *kind, int64_t id, const char *detail, struct err *e)
{
	/* "cli:<login name>": the audit log says who acted at the console */
	const struct passwd *pw = getpwuid(getuid());
	char actor[64];
	snprintf(actor, sizeof actor, "cli:%s", pw ? pw->pw_name : "?");
	struct audit_entry a = { .actor = actor, .action = action, .kind = kind, .record_id = id, .detail = detail };
	return audit_append(db, &a, (int64_t)time(NULL), e);
}
