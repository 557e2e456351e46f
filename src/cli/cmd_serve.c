/*
 * cmd_serve.c — `fengqiao serve`: migrate, open a connection pool, start
 * the HTTP server, and run until SIGINT or SIGTERM.
 */
#include "cli/cli.h"
#include "api/api.h"
#include "db/pool.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	char chunk[4096];
	size_t n;
	while (out && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, out);
	if (out)
		fclose(out);
	fclose(f);
	return buf;
}

int cmd_serve(const struct cli *cli)
{
	static const char usage[] =
		"用法 usage: fengqiao serve [--listen HOST:PORT] [--threads N] [--max-body BYTES]\n"
		"                          [--tls-cert FILE --tls-key FILE]\n"
		"                          [--max-connections N] [--per-ip N] [--idle-timeout SECONDS]\n"
		"                          [--header-timeout SECONDS] [--min-body-rate BYTES_PER_SECOND]\n"
		"                          [--backup-dir DIR]   (POST /api/v1/backups writes there)\n";
	const char *listen = getenv("LISTEN"), *threads = NULL, *max_body = NULL, *cert = NULL, *key = NULL;
	const char *max_conns = NULL, *per_ip = NULL, *idle = NULL, *header_timeout = NULL, *body_rate = NULL;
	const char *backup_dir = NULL;
	if (!listen || !*listen)
		listen = "127.0.0.1:8080";
	for (int i = 1; i < cli->argc; i++) {
		int r;
		if ((r = cli_opt(cli->argc, cli->argv, &i, "--listen", &listen)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--threads", &threads)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--max-body", &max_body)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--tls-cert", &cert)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--tls-key", &key)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--max-connections", &max_conns)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--per-ip", &per_ip)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--idle-timeout", &idle)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--header-timeout", &header_timeout)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--min-body-rate", &body_rate)) ||
		    (r = cli_opt(cli->argc, cli->argv, &i, "--backup-dir", &backup_dir))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		return cli_usage(usage);
	}
	/* each number within its range; 0 (or not given) leaves the server's default */
	int64_t n_threads = 0, n_body = 10 * 1024 * 1024, n_idle = 30, n_conns = 0, n_per_ip = 0, n_header = 0, n_rate = 0;
	const struct {
		const char *name, *value;
		int64_t lo, hi, *out;
	} nums[] = {
		{ "--threads", threads, 0, 1024, &n_threads },
		{ "--max-body", max_body, 1, (int64_t)1 << 40, &n_body },
		{ "--idle-timeout", idle, 0, 86400, &n_idle },
		{ "--max-connections", max_conns, 0, 1 << 20, &n_conns },
		{ "--per-ip", per_ip, 0, 1 << 20, &n_per_ip },
		{ "--header-timeout", header_timeout, 0, 3600, &n_header },
		{ "--min-body-rate", body_rate, 0, (int64_t)1 << 40, &n_rate },
	};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (nums[i].value && cli_int(nums[i].name, nums[i].value, nums[i].lo, nums[i].hi, nums[i].out))
			return 2;
	struct http_config hc = { .listen = listen, .max_body = (size_t)n_body, .threads = (unsigned)n_threads,
				  .timeout_seconds = (unsigned)n_idle, .max_connections = (unsigned)n_conns,
				  .per_ip_limit = (unsigned)n_per_ip, .header_seconds = (unsigned)n_header,
				  .min_body_rate = (size_t)n_rate };
	if (!!cert != !!key) {
		fprintf(stderr, "fengqiao: --tls-cert 与 --tls-key 须同时给出（give both --tls-cert and --tls-key）\n");
		return 2;
	}
	char *cert_pem = NULL, *key_pem = NULL;
	if (cert) {
		cert_pem = read_file(cert);
		key_pem = read_file(key);
		if (!cert_pem || !key_pem) {
			fprintf(stderr, "fengqiao: 无法读取证书或私钥（cannot read the TLS certificate or key）\n");
			free(cert_pem);
			free(key_pem);
			return 1;
		}
		hc.tls_cert_pem = cert_pem;
		hc.tls_key_pem = key_pem;
	}

	struct db *db = cli_open_db(cli); /* applies migrations once, before the pool opens */
	if (!db)
		return 1;
	db_close(db);

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct err e;
	err_clear(&e);
	unsigned nthreads = hc.threads ? hc.threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	struct api api = { .pool = db_pool_open(cli->db_url, (int)(nthreads < 1 ? 1 : nthreads) + 1, &e),
			   .db_url = cli->db_url, .backup_dir = backup_dir };
	if (!api.pool)
		return cli_fail(&e);
	struct http_server *srv = http_start(&hc, api_handle, &api, &e);
	if (!srv) {
		db_pool_close(api.pool);
		return cli_fail(&e);
	}
	char shown[1024];
	db_url_redacted(cli->db_url, shown, sizeof shown);
	fprintf(stderr, "枫桥 Fengqiao 正在 %s://%s 上服务（serving），数据库 %s\n", cert ? "https" : "http", listen, shown);
	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "fengqiao: 收到信号 %d，停止服务（stopping）\n", sig);
	http_stop(srv);
	db_pool_close(api.pool);
	free(cert_pem);
	free(key_pem);
	return 0;
}
