/*
 * cli — the `fengqiao` subcommands.  main.c parses the global options and
 * dispatches; each cmd_*.c parses its own arguments, calls the domain, and
 * renders for people (tables, Chinese first) or programs (json, csv).
 */
#ifndef FQ_CLI_CLI_H
#define FQ_CLI_CLI_H

#include <stdint.h>

#include "db/db.h"

struct cli {
	const char *db_url;
	int argc;
	char **argv; /* argv[0] is the subcommand */
};

/* Open the database and apply pending migrations. NULL after printing why. */
struct db *cli_open_db(const struct cli *cli);

/* Print "fengqiao: message" (and the error's field) to stderr; returns 1. */
int cli_fail(const struct err *e);
int cli_usage(const char *usage);

/* Append to the audit log as the console's user ("cli:<login>"). */
int cli_audit(struct db *db, const char *action, const char *kind, int64_t id, const char *detail, struct err *e);

/* Option parsing: is argv[*i] "--name" (taking the value from the next
 * argument or from "--name=value")?  Sets *value and advances *i. */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **value);

int cmd_init(const struct cli *cli);
int cmd_import(const struct cli *cli);
int cmd_export(const struct cli *cli);
int cmd_report(const struct cli *cli);
int cmd_serve(const struct cli *cli);
int cmd_user(const struct cli *cli);
int cmd_audit(const struct cli *cli);
int cmd_stats(const struct cli *cli);
int cmd_todo(const struct cli *cli);

/* Load the demonstration data (cli/demo.c). */
int demo_load(struct db *db, struct err *e);

#endif
