/*
 * main.c — `fengqiao [--db URL] COMMAND ...`: global options, the
 * configuration read once at start, and dispatch.
 */
#include "cli/cli.h"
#include "base/config.h"
#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"用法 usage: fengqiao [--db URL] [--audit-key FILE] COMMAND ...  (--db 也可写在命令之后 also after the command)\n"
	"\n"
	"  init [--demo]                      建库或升级，--demo 载入演示数据 (create/migrate the database)\n"
	"  import KIND FILE [--dry-run] [--end-posts DATE]   导入 CSV (KIND: divisions stations partners personnel posts\n                                     categories incidents cases disputes parties mediations referrals\n"
	"                                     followups hazards visits outreach dissuasions meetings actions users)\n"
	"  export KIND [--format csv|json] [--output FILE]   导出记录 (export records)\n"
	"  report coverage [--as-of DATE] [--station CODE] [--format table|json|csv|xlsx] [--output FILE]\n"
	"                                     进班子覆盖情况 (post coverage report)\n"
	"  report incidents --from DATE --to DATE [--compare yoy|mom|none] [--station CODE]\n"
	"                   [--division CODE] [--format table|json|csv|xlsx] [--output FILE]   警情同比环比\n"
	"  report kpi --from DATE --to DATE [--station CODE] [--format table|json|csv]   四项指标 (the four indicators)\n"
	"  todo [--as-of DATE] [--station CODE] [--format table|json]   待办：逾期与 7 天内到期 (deadlines)\n"
	"  report disputes --from DATE --to DATE [--compare yoy|mom|none] [--station CODE]\n"
	"                  [--format table|json|csv|xlsx] [--output FILE]   矛盾纠纷统计 (disputes report)\n"
	"  stats check | stats rebuild        统计汇总核对与重建 (rollups against a recount)\n"
	"  check [--format table|json]       一致性检查：存储、记录规则、汇总、审计链 (every consistency check)\n"
	"  backup FILE                        在线备份，写 FILE、FILE.audit、FILE.manifest (consistent backup while serving)\n"
	"  restore FILE [--no-manifest]       检查后恢复备份，须先停止服务 (check, then restore; stop the server first)\n"
	"  copy --to URL [--to-audit-key F --to-audit-checkpoints F]   整库复制到空库，含审计链 (copy into an empty database)\n"
	"  serve [--listen HOST:PORT] [--tls-cert F --tls-key F]   网页与接口服务 (HTTP API and web interface)\n"
	"  recuperation plan PROGRAMME.json [--format table|json|csv|xlsx] [--save] [--out FILE]\n"
	"  recuperation plans | show ID | swap ID OUT IN | freeze ID   疗养计划：编制、保存、调换、定稿 (recuperation plans)\n"
	"  user add|passwd|disable|enable|list ...                   用户管理 (accounts; password on stdin)\n"
	"  audit verify | audit list [--actor U] [--kind K] ...     审计日志 (audit log)\n"
	"\n"
	"数据库 database: --db, else $FENGQIAO_DB, else var/fengqiao.db (a path, sqlite:PATH).\n"
	"审计密钥 audit key: --audit-key, else $FENGQIAO_AUDIT_KEY, else DB.key (mode 0600; created when missing);\n"
	"  检查点 signed checkpoints: $FENGQIAO_AUDIT_CHECKPOINTS, else DB.audit; $FENGQIAO_AUDIT_SYSLOG=1 also to syslog.\n"
	"时区 zone: $FENGQIAO_TZ (default +08:00).\n"
	"回访 follow-ups: $FENGQIAO_FOLLOWUP_DAYS=7,30, days after the agreement (default 7,30).\n"
	"测试与演示 tests and demo: $FENGQIAO_TODAY=YYYY-MM-DD fixes \"today\" (default: the clock).\n";

struct command {
	const char *name;
	int (*run)(const struct cli *cli);
};

static const struct command commands[] = {
	{ "init", cmd_init },
	{ "import", cmd_import },
	{ "export", cmd_export },
	{ "report", cmd_report },
	{ "serve", cmd_serve },
	{ "user", cmd_user },
	{ "audit", cmd_audit },
	{ "stats", cmd_stats },
	{ "todo", cmd_todo },
	{ "check", cmd_check },
	{ "backup", cmd_backup },
	{ "restore", cmd_restore },
	{ "copy", cmd_copy },
	{ "recuperation", cmd_recuperation },
};

int main(int argc, char **argv)
{
	struct cli cli = { .db_url = getenv("FENGQIAO_DB") };
	const char *audit_key = getenv("FENGQIAO_AUDIT_KEY");
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		int r = cli_opt(argc, argv, &i, "--db", &v);
		if (r < 0)
			return cli_usage(usage);
		if (r > 0) {
			cli.db_url = v;
			continue;
		}
		if ((r = cli_opt(argc, argv, &i, "--audit-key", &audit_key)) < 0)
			return cli_usage(usage);
		if (r > 0)
			continue;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		fprintf(stderr, "fengqiao: 未知选项 unknown option %s\n", argv[i]);
		return cli_usage(usage);
	}
	/* --db and --audit-key may also come after the command: take them out of its arguments */
	int kept = i;
	for (int j = i; j < argc; j++) {
		const char *v;
		int r = j > i ? cli_opt(argc, argv, &j, "--db", &v) : 0;
		if (r > 0)
			cli.db_url = v;
		else if (r == 0 && j > i && (r = cli_opt(argc, argv, &j, "--audit-key", &v)) > 0)
			audit_key = v;
		if (r < 0)
			return cli_usage(usage);
		if (r == 0)
			argv[kept++] = argv[j];
	}
	argc = kept;
	if (!cli.db_url || !*cli.db_url)
		cli.db_url = "var/fengqiao.db";

	struct config conf = config_defaults();
	const char *tz = getenv("FENGQIAO_TZ");
	if (tz && *tz) {
		struct err e;
		err_clear(&e);
		if (tz_parse(tz, &conf.tz_minutes, &e))
			return cli_fail(&e);
	}
	const char *today = getenv("FENGQIAO_TODAY");
	if (today && *today) {
		struct err e;
		err_clear(&e);
		if (date_parse(today, "FENGQIAO_TODAY", &conf.today, &e))
			return cli_fail(&e);
		conf.today_fixed = true;
	}
	const char *followups = getenv("FENGQIAO_FOLLOWUP_DAYS");
	if (followups && *followups) {
		struct err e;
		err_clear(&e);
		if (config_parse_followup_days(followups, "FENGQIAO_FOLLOWUP_DAYS", conf.followup_days, &e))
			return cli_fail(&e);
	}
	conf.audit_key = audit_key && *audit_key ? audit_key : NULL;
	const char *checkpoints = getenv("FENGQIAO_AUDIT_CHECKPOINTS");
	conf.audit_checkpoints = checkpoints && *checkpoints ? checkpoints : NULL;
	const char *use_syslog = getenv("FENGQIAO_AUDIT_SYSLOG");
	conf.audit_syslog = use_syslog && !strcmp(use_syslog, "1");
	config_set(&conf);

	if (i >= argc)
		return cli_usage(usage);
	if (!strcmp(argv[i], "help")) {
		fputs(usage, stdout);
		return 0;
	}
	cli.argc = argc - i;
	cli.argv = argv + i;
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (!strcmp(commands[k].name, argv[i]))
			return commands[k].run(&cli);
	fprintf(stderr, "fengqiao: 未知命令 unknown command '%s'\n", argv[i]);
	return cli_usage(usage);
}
