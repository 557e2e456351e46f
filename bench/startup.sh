#!/usr/bin/env bash
# bench/startup.sh — a process's start-up, two binaries side by side (e.g. before and after
# CBC was loaded lazily): `fengqiao --version` and `report incidents --compare yoy` on an
# `init --demo` SQLite database (`--version` is no option: the usage and exit 2, start-up and
# argument parsing alone), RUNS runs of each, interleaved, timed from fork to exit by a
# small C timer (posix_spawn + waitpid, CLOCK_MONOTONIC).  Prints the median and the minimum
# in ms, and each binary's shared objects (ldd).
#
# Usage: bench/startup.sh BEFORE AFTER     (e.g. /work/main/build/fengqiao build/fengqiao)
# Environment: RUNS (21) CC (cc)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: bench/startup.sh BEFORE AFTER" >&2; exit 2; }
RUNS=${RUNS:-21}
CC=${CC:-cc}
A=$(realpath "$1") B=$(realpath "$2")
TMP=$(mktemp -d /tmp/fq-startup-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/t.c" <<'C'
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
extern char **environ;
int main(int argc, char **argv)
{
	struct timespec a, b;
	pid_t pid;
	int st;
	clock_gettime(CLOCK_MONOTONIC, &a);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
	/* any exit status counts (--version is no option: usage, exit 2), a signal does not */
	if (argc < 2 || posix_spawn(&pid, argv[1], &fa, NULL, argv + 1, environ) || waitpid(pid, &st, 0) < 0 ||
	    !WIFEXITED(st))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.3f\n", (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
	return 0;
}
C
"$CC" -O2 -o "$TMP/t" "$TMP/t.c"
export FENGQIAO_AUDIT_KEY=$TMP/audit.key FENGQIAO_AUDIT_CHECKPOINTS=$TMP/audit.checkpoints
"$B" --db "$TMP/x.db" init --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; exit 1; }
report=(--db "$TMP/x.db" report incidents --from 2025-01-01 --to 2025-08-31 --compare yoy)
for bin in "$A" "$B"; do "$bin" "${report[@]}" >/dev/null || { echo "$bin: report failed" >&2; exit 1; }; done
for i in $(seq "$RUNS"); do
	for w in a b; do
		bin=$A; [ $w = b ] && bin=$B
		"$TMP/t" "$bin" --version >>"$TMP/version.$w"
		"$TMP/t" "$bin" "${report[@]}" >>"$TMP/report.$w"
	done
done
stat() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.2f (%.2f)", v[int((NR + 1) / 2)], v[1] }'; }
echo "Load before: $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs each, interleaved; median (minimum), ms."
echo
echo "| binary | shared objects | \`--version\` | \`report incidents --compare yoy\` |"
echo "|---|---|---|---|"
echo "| before: $1 | $(ldd "$A" | wc -l) | $(stat "$TMP/version.a") | $(stat "$TMP/report.a") |"
echo "| after: $2 | $(ldd "$B" | wc -l) | $(stat "$TMP/version.b") | $(stat "$TMP/report.b") |"
