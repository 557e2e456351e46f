/*
 * cli — the `fengqiao` subcommands.  main.c parses the global options and
 * dispatches; each cmd_*.c parses its own arguments, calls the domain, and
 * renders for people (tables, Chinese first) or programs (json, csv).
 */
#ifndef FQ_CLI_CLI_H
#define FQ_CLI_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"
#include "stats/compstat.h"

struct cli {
	const char *db_url;
	int argc;
	char **argv; /* argv[0] is the subcommand */
};

/* Open the database and apply pending migrations. NULL after printing why. */
struct db *cli_open_db(const struct cli *cli);

/* Print "fengqiao: message" (and the error's field) to stderr; returns 1, or
 * CLI_EXIT_TRY_AGAIN when the database was busy (another import): a script
 * may run the command again later. */
#define CLI_EXIT_TRY_AGAIN 75 /* EX_TEMPFAIL */
int cli_fail(const struct err *e);
int cli_usage(const char *usage);

/* Open the audit log's key and checkpoint file for this database (audit_keys_open). */
int cli_audit_keys(const struct cli *cli, struct db *db, struct err *e);
/* "cli:<login name>" into buf: who acts at the console, as the audit log names them. */
const char *cli_actor(char *buf, size_t n);
/* Append to the audit log as the console's user ("cli:<login>"). */
int cli_audit(struct db *db, const char *action, const char *kind, int64_t id, const char *detail, struct err *e);

/* Option parsing: is argv[*i] "--name" (taking the value from the next
 * argument or from "--name=value")?  Sets *value and advances *i. */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **value);
/* The integer value of option `name` in [lo, hi] (text_int): 0, or 2 after saying what it must be. */
int cli_int(const char *name, const char *value, int64_t lo, int64_t hi, int64_t *out);

int cmd_init(const struct cli *cli);
int cmd_import(const struct cli *cli);
int cmd_export(const struct cli *cli);
int cmd_report(const struct cli *cli);
int cmd_serve(const struct cli *cli);
int cmd_user(const struct cli *cli);
int cmd_audit(const struct cli *cli);
int cmd_stats(const struct cli *cli);
int cmd_todo(const struct cli *cli);
int cmd_check(const struct cli *cli);
int cmd_backup(const struct cli *cli);
int cmd_restore(const struct cli *cli);
int cmd_copy(const struct cli *cli);
int cmd_recuperation(const struct cli *cli); /* cmd_recuperation.c */
/*
 * cmd_check.c: every consistency check on `db` (its audit keys open):
 * *checks [{name, ok, problems}] and *problems (json arrays, the caller's),
 * each problem also printed as a table line when `table`.  0, or -1 with
 * `e` when the store itself failed.  cli_check_failed: the names of the
 * failed checks, "storage, audit".
 */
int cli_check_db(struct db *db, bool table, json_t **checks, json_t **problems, struct err *e);
void cli_check_failed(json_t *checks, char *failed, size_t n);

/* cmd_report.c, shared by the reports' renderers (report_*.c). */
int report_disputes(const struct cli *cli);
int report_briefing(const struct cli *cli); /* report_briefing.c */
/*
 * A period report's options (--from --to --compare --station [--division]
 * --format --output) parsed and checked: 0, or non-zero after saying why,
 * with the exit status in a->rc.
 */
struct report_args {
	int32_t from, to;
	enum compare compare;
	const char *station, *division, *format, *output;
	bool xlsx;
	int rc;
};
int report_args_parse(const struct cli *cli, const char *usage, bool division, struct report_args *a);
/* A report's renderers, each given the computed report. */
struct report_render {
	json_t *(*json)(const void *report);
	void (*csv)(FILE *out, const void *report);
	int (*xlsx)(FILE *out, const void *report, struct err *e);
	void (*table)(FILE *out, const void *report);
};
/* Render `report` as `format` (checked) to --output FILE or stdout: the exit status. */
int report_emit(const struct report_render *r, const void *report, const char *format, const char *output);
/*
 * A report as of a day (coverage, warnings, the to-do list): --as-of DATE
 * (default the bureau's today), --station, --format (one of `formats`,
 * "table|json|csv"), and --reveal where `reveal_ok`; options from argv[first]
 * on.  0, or non-zero after saying why, with the exit status in a->rc.
 */
struct as_of_args {
	int32_t day;
	char date[11];
	const char *station, *format, *output; /* --output FILE where `formats` has xlsx (and then needs it) */
	bool reveal;
	int rc;
};
int as_of_args_parse(const struct cli *cli, int first, const char *usage, const char *formats, bool reveal_ok,
		     struct as_of_args *a);
/* Print JSON for people and programs: indented, members in order, a newline. */
void cli_print_json(json_t *o);
/* `report warnings` (cmd_warnings.c) */
int report_warnings(const struct cli *cli);
int report_kpi(const struct cli *cli); /* report_kpi.c */

/* Load the demonstration data (cli/demo.c). */
int demo_load(struct db *db, struct err *e);
/* Its prevention ledgers (cli/demo_ledgers.c), once the staff and posts are in. */
int demo_ledgers(struct db *db, struct err *e);
/* The bureau above the stations and its other units with their staff (cli/demo_units.c). */
int demo_units(struct db *db, struct err *e);
/* Honours and past recuperation trips of the staff (cli/demo_welfare.c), last: once everyone is in. */
int demo_welfare(struct db *db, struct err *e);
/* A name from the demo's lists, drawn from the caller's own sequence `state` (cli/demo.c). */
void demo_name(uint64_t *state, char *out, size_t n);
/* Check and save one demo record given as name/value pairs, NULL-terminated (cli/demo.c). */
struct record;
int demo_put(struct db *db, struct record *r, const char *const *kv, struct err *e);

#endif
