/*
 * cmd_admin.c — `fengqiao user ...` and `fengqiao audit ...`: accounts and
 * the audit chain, from the command line of the server's machine.
 */
#include "cli/cli.h"
#include "base/config.h"
#include "base/date.h"
#include "io/record_json.h"
#include "model/access.h"
#include "model/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The password from standard input: its first line, without the newline. */
static int read_password(char *buf, size_t n)
{
	if (isatty(0))
		fprintf(stderr, "密码 password: ");
	if (!fgets(buf, (int)n, stdin))
		return -1;
	buf[strcspn(buf, "\r\n")] = 0;
	return 0;
}

static void keep_first(void *ctx, const struct err *e)
{
	struct err *first = ctx;
	if (first->kind == ERR_NONE)
		*first = *e;
}

static int user_add(struct db *db, int argc, char **argv, struct err *e)
{
	const char *name = NULL, *role = NULL, *unit = NULL, *display = NULL;
	for (int i = 2; i < argc; i++) {
		int r;
		if ((r = cli_opt(argc, argv, &i, "--role", &role)) || (r = cli_opt(argc, argv, &i, "--unit", &unit)) ||
		    (r = cli_opt(argc, argv, &i, "--name", &display))) {
			if (r < 0)
				return err_set(e, ERR_INVALID, "usage", NULL, "参数错误（bad arguments）");
			continue;
		}
		if (argv[i][0] == '-' || name)
			return err_set(e, ERR_INVALID, "usage", NULL, "未知参数 %s（unknown argument）", argv[i]);
		name = argv[i];
	}
	if (!name || !role)
		return err_set(e, ERR_INVALID, "usage", NULL,
			       "用法 usage: fengqiao user add USERNAME --role ROLE [--unit CODE] [--name 姓名] < password");
	char password[256];
	if (read_password(password, sizeof password))
		return err_set(e, ERR_INVALID, "password.required", "password", "请从标准输入提供密码（password on standard input）");
	struct record *r = record_new(&user_type);
	if (!r)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = -1;
	if (record_set_by_name(r, "username", name, 0, e) || record_set_by_name(r, "role", role, 0, e) ||
	    (unit && record_set_by_name(r, "unit", unit, 0, e)) || (display && record_set_by_name(r, "display_name", display, 0, e)))
		goto out;
	struct err first;
	err_clear(&first);
	struct problem_sink sink = { keep_first, &first };
	if (record_check(db, r, &sink)) {
		*e = first;
		goto out;
	}
	if (r->id) {
		err_set(e, ERR_CONFLICT, "user.exists", "username", "用户“%s”已存在，改密码请用 user passwd（user exists）", name);
		goto out;
	}
	if (db_begin(db, e))
		goto out;
	int64_t now = (int64_t)time(NULL);
	json_t *after = record_to_json(r, true);
	char *detail = NULL;
	if (record_save(db, r, now, NULL, e) || user_set_password(db, name, password, now, e) ||
	    (json_object_set_new(after, "id", json_integer(r->id)), detail = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS),
	     cli_audit(db, "create", "users", r->id, detail, e)) ||
	    db_commit(db, e)) {
		db_rollback(db);
		free(detail);
		json_decref(after);
		goto out;
	}
	free(detail);
	json_decref(after);
	printf("已创建用户 %s（%s）（user created）\n", name, code_label(&roles, record_get(r, "role")));
	rc = 0;
out:
	memset(password, 0, sizeof password);
	record_free(r);
	return rc;
}

static int user_passwd(struct db *db, const char *name, struct err *e)
{
	char password[256];
	if (read_password(password, sizeof password))
		return err_set(e, ERR_INVALID, "password.required", "password", "请从标准输入提供密码（password on standard input）");
	struct user u;
	int rc = -1;
	if (user_find(db, name, &u, NULL, 0, e) || db_begin(db, e))
		goto out;
	if (user_set_password(db, name, password, (int64_t)time(NULL), e) ||
	    cli_audit(db, "passwd", "users", u.id, NULL, e) || db_commit(db, e)) {
		db_rollback(db);
		goto out;
	}
	printf("已修改 %s 的密码（password changed）\n", name);
	rc = 0;
out:
	memset(password, 0, sizeof password);
	return rc;
}

/* As a PATCH of `disabled` through the API: the users type's rules (the last
 * administrator) and after-change (sessions end), audited before and after. */
static int user_disable(struct db *db, const char *name, bool disabled, struct err *e)
{
	struct user u;
	if (user_find(db, name, &u, NULL, 0, e))
		return -1;
	struct record *r = record_new(&user_type);
	if (!r)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	int rc = -1;
	json_t *change = NULL;
	char *detail = NULL;
	struct err first;
	err_clear(&first);
	struct problem_sink sink = { keep_first, &first };
	if (db_begin(db, e))
		goto out;
	if (record_load(db, r, u.id, NULL, e))
		goto rollback;
	change = json_pack("{s:o}", "before", record_to_json(r, true));
	if (record_set_by_name(r, "disabled", disabled ? "1" : "0", 0, e))
		goto rollback;
	if (record_check(db, r, &sink)) {
		*e = first;
		goto rollback;
	}
	if (record_save(db, r, (int64_t)time(NULL), NULL, e))
		goto rollback;
	json_object_set_new(change, "after", record_to_json(r, true));
	detail = json_dumps(change, JSON_COMPACT | JSON_SORT_KEYS);
	if (cli_audit(db, disabled ? "disable" : "enable", "users", u.id, detail, e) || db_commit(db, e))
		goto rollback;
	printf("%s %s（user %s）\n", disabled ? "已停用" : "已启用", name, disabled ? "disabled" : "enabled");
	rc = 0;
	goto out;
rollback:
	db_rollback(db);
out:
	free(detail);
	json_decref(change);
	record_free(r);
	return rc;
}

static int print_user(void *ctx, const struct record *r)
{
	(void)ctx;
	const char *unit = record_get(r, "unit"), *display = record_get(r, "display_name");
	printf("%-16s %-10s %-8s %-12s %s\n", record_get(r, "username"), code_label(&roles, record_get(r, "role")),
	       unit ? unit : "-", display ? display : "-", r->v[field_index(r->type, "disabled")].i ? "停用" : "正常");
	return 0;
}

int cmd_user(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao user add USERNAME --role admin|leader|station [--unit CODE] [--name 姓名] < password\n"
		"            fengqiao user passwd USERNAME < password\n"
		"            fengqiao user disable|enable USERNAME\n"
		"            fengqiao user list\n";
	if (cli->argc < 2)
		return cli_usage(usage);
	const char *sub = cli->argv[1];
	if (strcmp(sub, "list") && strcmp(sub, "add") && cli->argc != 3)
		return cli_usage(usage);
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct err e;
	err_clear(&e);
	int rc;
	if (!strcmp(sub, "add"))
		rc = user_add(db, cli->argc, cli->argv, &e);
	else if (!strcmp(sub, "passwd"))
		rc = user_passwd(db, cli->argv[2], &e);
	else if (!strcmp(sub, "disable") || !strcmp(sub, "enable"))
		rc = user_disable(db, cli->argv[2], !strcmp(sub, "disable"), &e);
	else if (!strcmp(sub, "list"))
		rc = record_list(db, &user_type, NULL, print_user, NULL, NULL, &e);
	else {
		db_close(db);
		return cli_usage(usage);
	}
	db_close(db);
	return rc ? cli_fail(&e) : 0;
}

static int print_audit(void *ctx, const struct audit_row *r)
{
	(void)ctx;
	char when[20];
	instant_format_local(r->at, config()->tz_minutes, when); /* the bureau's time, like every date here */
	char id[24] = "-";
	if (r->record_id)
		snprintf(id, sizeof id, "%lld", (long long)r->record_id);
	printf("%6lld  %s  %-16s %-13s %-10s %-6s %s\n", (long long)r->id, when, r->actor, r->action,
	       r->kind[0] ? r->kind : "-", id, r->detail);
	return 0;
}

static void print_verified(const struct audit_report *r)
{
	printf("审计链完整：%lld 条（audit chain intact: %lld entries）\n", (long long)r->entries, (long long)r->entries);
	if (r->checkpoints)
		printf("签名检查点 %lld 个，最新记到第 %lld 条（%lld signed checkpoints, the newest at entry %lld）\n",
		       (long long)r->checkpoints, (long long)r->checkpoint_id, (long long)r->checkpoints,
		       (long long)r->checkpoint_id);
	if (r->legacy)
		printf("其中前 %lld 条为启用密钥前的旧链，由第 %lld 条密钥条目封存（the first %lld entries predate the key, "
		       "sealed by the keyed entry %lld）\n",
		       (long long)r->legacy, (long long)r->legacy + 1, (long long)r->legacy, (long long)r->legacy + 1);
	if (r->unconfirmed_from)
		printf("注意：第 %lld–%lld 条在最新检查点之后，尚无签名确认（提交后、写检查点前中断？）（entries %lld..%lld "
		       "come after the newest checkpoint: not yet confirmed, e.g. a stop between a commit and its checkpoint）\n",
		       (long long)r->unconfirmed_from, (long long)r->unconfirmed_to, (long long)r->unconfirmed_from,
		       (long long)r->unconfirmed_to);
}

int cmd_audit(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao audit verify\n"
		"            fengqiao audit list [--actor USER] [--kind KIND] [--record ID] [--action A]\n"
		"                                [--from DATE] [--to DATE] [--limit N]\n";
	if (cli->argc < 2)
		return cli_usage(usage);
	struct audit_query q = { .limit = 50 };
	bool verify = !strcmp(cli->argv[1], "verify");
	if (!verify && strcmp(cli->argv[1], "list"))
		return cli_usage(usage);
	for (int i = 2; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--actor", &q.actor)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--kind", &q.kind)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--action", &q.action))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--record", &v)) > 0) {
			if (cli_int("--record", v, 1, INT64_MAX, &q.record_id))
				return 2;
			continue;
		}
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--limit", &v)) > 0) {
			if (cli_int("--limit", v, 0, INT64_MAX, &q.limit))
				return 2;
			continue;
		}
		bool from = (r = cli_opt(cli->argc, cli->argv, &i, "--from", &v)) > 0;
		if (from || (r = cli_opt(cli->argc, cli->argv, &i, "--to", &v)) > 0) {
			/* local days in the bureau's zone, as every date here */
			int32_t day;
			struct err de;
			if (date_parse(v, from ? "from" : "to", &day, &de))
				return cli_fail(&de);
			int64_t start = (int64_t)day * 86400 - (int64_t)config()->tz_minutes * 60;
			if (from)
				q.since = start;
			else
				q.until = start + 86400;
			continue;
		}
		return cli_usage(usage);
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return 1;
	struct err e;
	err_clear(&e);
	int rc;
	if (verify) {
		struct audit_report r;
		rc = audit_verify(db, &r, &e);
		if (!rc) {
			print_verified(&r);
		} else if (e.kind == ERR_CONFLICT) {
			/* the fault, by its code (audit.edited, audit.truncated, ...) */
			fprintf(stderr, "fengqiao: [%s] %s\n", e.code, e.message);
			db_close(db);
			return 1;
		}
	} else {
		int64_t total;
		rc = audit_list(db, &q, print_audit, NULL, &total, &e);
		if (!rc)
			printf("共 %lld 条（%lld entries match）\n", (long long)total, (long long)total);
	}
	db_close(db);
	return rc ? cli_fail(&e) : 0;
}
