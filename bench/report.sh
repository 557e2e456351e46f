#!/usr/bin/env bash
# bench/report.sh — incident import and the year-on-year report against a
# plain SQLite table.
#
# In one run:
#   * generates N incidents as CSV (fixed seed, 2024-01-01 .. 2025-12-31,
#     station and category skew, incident numbers B0000000001 ...);
#   * times `fengqiao import incidents` of that file into a fresh
#     `init --demo` database against `sqlite3 .import` of the same file into a
#     plain table (no index, no checks);
#   * times `fengqiao report incidents --compare yoy --station S01` (whole
#     process, median of RUNS) against a GROUP BY over the plain table that
#     computes the same counts in the sqlite3 CLI (whole process, median of
#     RUNS);
#   * checks that the two give the same counts (report after import minus the
#     report on the demo data alone == GROUP BY);
#   * records peak RSS (/usr/bin/time -v) of every timed process.
#
# Targets at N = 2M: report >= 20x faster than the scan; import <= 3x the raw
# sqlite3 import; peak memory of fengqiao <= 256 MiB.
#
# Prints a markdown section.  Exit status 0 whether or not the targets are met
# (it is a measurement); 1 when the bench itself fails (an import error, a
# report error, counts that do not match).
#
# Usage: bench/report.sh [N]
# Environment:
#   N         incidents to generate               (default 2000000; first arg wins)
#   RUNS      report / scan repetitions, median   (default 5)
#   SEED      generator seed                      (default 20250101)
#   ORDER     chrono (rows in time order, like an export) | random  (default chrono)
#   FENGQIAO  binary                              (default build/fengqiao)
#   SQLITE3   sqlite3 CLI                         (default sqlite3)
#   KEEP=1    keep the temporary directory (CSV, both databases, logs)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-${N:-2000000}}
RUNS=${RUNS:-5}
SEED=${SEED:-20250101}
ORDER=${ORDER:-chrono}
BIN=${FENGQIAO:-build/fengqiao}
SQLITE3=${SQLITE3:-sqlite3}
KEEP=${KEEP:-0}
CC=${CC:-cc}

FROM=2025-01-01
TO=2025-08-31
PFROM=2024-01-01
PTO=2024-08-31
STATION=S01

die() { echo "bench/report.sh: $*" >&2; exit 1; }

case $N in '' | *[!0-9]*) die "N must be a number, got '$N'" ;; esac
case $ORDER in chrono | random) ;; *) die "ORDER must be chrono or random" ;; esac
[ -x "$BIN" ] || die "$BIN not found: build it first (make build/fengqiao)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
command -v "$SQLITE3" >/dev/null || die "sqlite3 CLI not found"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
command -v python3 >/dev/null || die "python3 not found (used to compare the counts)"
command -v "$CC" >/dev/null || die "no C compiler ($CC) for the generator"

TMP=$(mktemp -d /tmp/fq-report-bench.XXXXXX)
cleanup() {
	if [ "$KEEP" = 1 ]; then
		echo "bench/report.sh: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- generator
cat >"$TMP/gen.c" <<'EOF'
/* gen N SEED ORDER > incidents.csv */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t s;
static uint64_t next(void) /* splitmix64 */
{
	uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static int pick(const int *w, int n) /* weights sum to 1000 */
{
	int r = (int)(next() % 1000);
	for (int i = 0; i < n; i++)
		if ((r -= w[i]) < 0)
			return i;
	return n - 1;
}

int main(int argc, char **argv)
{
	long long n = atoll(argv[1]);
	s = strtoull(argv[2], NULL, 10);
	int chrono = strcmp(argv[3], "random") != 0;
	static const char *stations[] = { "S01", "S02", "S03", "S04", "S05", "S06",
					  "S07", "S08", "S09", "S10", "S11" };
	static const int sw[] = { 260, 130, 100, 90, 80, 75, 70, 60, 55, 45, 35 };
	static const char *cats[] = { "criminal.theft", "criminal.fraud.telecom", "public_order.assault",
				      "traffic.accident", "dispute.neighbour", "assistance", "fire", "other" };
	static const int cw[] = { 120, 60, 100, 140, 150, 250, 30, 150 };
	/* the 731 days of 2024 and 2025 */
	static char days[731][11];
	static const int ml[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int k = 0;
	for (int y = 2024; y <= 2025; y++)
		for (int m = 0; m < 12; m++)
			for (int d = 1; d <= ml[m] - (m == 1 && y == 2025); d++)
				snprintf(days[k++], 11, "%04d-%02d-%02d", y, m + 1, d);
	if (k != 731)
		return 2;
	const uint64_t span = 731ULL * 86400;
	static char buf[1 << 16];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	fputs("incident_no,received_at,station,category,division,source,major\n", stdout);
	for (long long i = 0; i < n; i++) {
		uint64_t t;
		if (chrono) {
			uint64_t slot = span / (uint64_t)n ? span / (uint64_t)n : 1;
			t = (uint64_t)i * span / (uint64_t)n + next() % slot;
		} else {
			t = next() % span;
		}
		if (t >= span)
			t = span - 1;
		int day = (int)(t / 86400), sec = (int)(t % 86400);
		printf("B%010lld,%s %02d:%02d:%02d,%s,%s,,110,0\n", i + 1, days[day], sec / 3600,
		       sec / 60 % 60, sec % 60, stations[pick(sw, 11)], cats[pick(cw, 8)]);
	}
	return fflush(stdout) ? 1 : 0;
}
EOF
"$CC" -O2 -o "$TMP/gen" "$TMP/gen.c" || die "cannot compile the generator"

# ---------------------------------------------------------------- measuring
# measure NAME CMD... : runs CMD under /usr/bin/time -v with stdout to
# $TMP/NAME.out and stderr to $TMP/NAME.err; sets WALL (seconds, from
# date +%s%N around it), RSS (peak resident KiB) and RC.
measure() {
	local name=$1
	shift
	local t0 t1
	t0=$(date +%s%N)
	set +e
	/usr/bin/time -v -o "$TMP/$name.time" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	RC=$?
	set -e
	t1=$(date +%s%N)
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
	RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/$name.time")
	CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$TMP/$name.time")
	[ -n "$RSS" ] || RSS=0
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -1; }
fail_with() { # name message
	echo "bench/report.sh: $2" >&2
	tail -20 "$TMP/$1.err" >&2 || true
	exit 1
}

CSV=$TMP/incidents.csv
FQDB=$TMP/fengqiao.db
PLAIN=$TMP/plain.db

# ---------------------------------------------------------------- generate
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
measure gen "$TMP/gen" "$N" "$SEED" "$ORDER"
[ "$RC" = 0 ] || fail_with gen "generator failed"
mv "$TMP/gen.out" "$CSV"
GEN_WALL=$WALL
CSV_BYTES=$(stat -c %s "$CSV")

# ---------------------------------------------------------------- fengqiao
"$BIN" --db "$FQDB" init --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "init --demo failed"; }
DEMO_ROWS=$("$SQLITE3" "$FQDB" "SELECT count(*) FROM incidents")

report() { # name
	measure "$1" "$BIN" --db "$FQDB" report incidents --from "$FROM" --to "$TO" --compare yoy \
		--station "$STATION" --format json
	[ "$RC" = 0 ] || fail_with "$1" "report failed (exit $RC)"
}
# the demo's own counts, subtracted before comparing with the plain table
report report_demo
cp "$TMP/report_demo.out" "$TMP/demo.json"

measure fq_import "$BIN" --db "$FQDB" import incidents "$CSV"
[ "$RC" = 0 ] || fail_with fq_import "fengqiao import failed (exit $RC)"
FQ_IMPORT_WALL=$WALL
FQ_IMPORT_CPU=$CPU
FQ_IMPORT_RSS=$RSS
FQ_ROWS=$("$SQLITE3" "$FQDB" "SELECT count(*) FROM incidents")
[ "$FQ_ROWS" = $((DEMO_ROWS + N)) ] ||
	die "fengqiao has $FQ_ROWS incidents after import, expected $DEMO_ROWS + $N"

# ---------------------------------------------------------------- raw sqlite3
measure sq_import "$SQLITE3" "$PLAIN" -cmd '.mode csv' ".import $CSV incidents"
[ "$RC" = 0 ] || fail_with sq_import "sqlite3 .import failed (exit $RC)"
SQ_IMPORT_WALL=$WALL
SQ_IMPORT_CPU=$CPU
SQ_IMPORT_RSS=$RSS
PLAIN_ROWS=$("$SQLITE3" "$PLAIN" "SELECT count(*) FROM incidents")
[ "$PLAIN_ROWS" = "$N" ] || die "plain table has $PLAIN_ROWS rows, expected $N"

# The same counts as the report's rows: station S01, per top-level category
# (before the first '.'), current and previous period.
cat >"$TMP/scan.sql" <<EOF
SELECT substr(category, 1, instr(category || '.', '.') - 1) AS top,
       sum(received_at BETWEEN '$FROM 00:00:00' AND '$TO 23:59:59') AS current,
       sum(received_at BETWEEN '$PFROM 00:00:00' AND '$PTO 23:59:59') AS previous
FROM incidents
WHERE station = '$STATION'
  AND (received_at BETWEEN '$FROM 00:00:00' AND '$TO 23:59:59'
       OR received_at BETWEEN '$PFROM 00:00:00' AND '$PTO 23:59:59')
GROUP BY top
ORDER BY top;
EOF

# ---------------------------------------------------------------- report vs scan
REP_WALLS=() REP_RSS=() SCAN_WALLS=() SCAN_RSS=()
for i in $(seq 1 "$RUNS"); do
	report "report_$i"
	REP_WALLS+=("$WALL") REP_RSS+=("$RSS")
	measure "scan_$i" "$SQLITE3" -csv "$PLAIN" ".read $TMP/scan.sql"
	[ "$RC" = 0 ] || fail_with "scan_$i" "sqlite3 GROUP BY failed (exit $RC)"
	SCAN_WALLS+=("$WALL") SCAN_RSS+=("$RSS")
done
REP_MED=$(median "${REP_WALLS[@]}")
SCAN_MED=$(median "${SCAN_WALLS[@]}")
REP_MAX_RSS=$(maxof "${REP_RSS[@]}")
SCAN_MAX_RSS=$(maxof "${SCAN_RSS[@]}")

# ---------------------------------------------------------------- counts agree?
set +e
MATCH=$(python3 - "$TMP/demo.json" "$TMP/report_1.out" "$TMP/scan_1.out" <<'EOF'
import csv, json, sys
def rows(path):
    return {r["key"]: (r["current"], r["previous"]) for r in json.load(open(path))["rows"]}
demo, after = rows(sys.argv[1]), rows(sys.argv[2])
scan = {t: (int(c), int(p)) for t, c, p in csv.reader(open(sys.argv[3]))}
scan["total"] = (sum(c for c, _ in scan.values()), sum(p for _, p in scan.values()))
bad = []
for key in sorted(set(after) | set(scan)):
    a, d, s = after.get(key, (0, 0)), demo.get(key, (0, 0)), scan.get(key, (0, 0))
    got = (a[0] - d[0], a[1] - d[1])
    if key not in after and s != (0, 0):
        bad.append(f"{key}: missing from the report, scan {s}")
    elif got != s:
        bad.append(f"{key}: report-demo {got} != scan {s}")
t = scan["total"]
if bad:
    print("MISMATCH " + "; ".join(bad))
    sys.exit(1)
print(f"match (total current {t[0]}, previous {t[1]})")
EOF
)
MATCH_RC=$?
set -e

# ---------------------------------------------------------------- output
FQ_DB_BYTES=$(( $(stat -c %s "$FQDB") + $( [ -f "$FQDB-wal" ] && stat -c %s "$FQDB-wal" || echo 0) ))
PLAIN_BYTES=$(stat -c %s "$PLAIN")
IMPORT_RATIO=$(ratio "$FQ_IMPORT_WALL" "$SQ_IMPORT_WALL")
REPORT_RATIO=$(ratio "$SCAN_MED" "$REP_MED")
FQ_PEAK=$(maxof "$FQ_IMPORT_RSS" "$REP_MAX_RSS")
# verdict VALUE OP TARGET: "met" or "missed" only for a measured value (a
# positive number) in a run whose counts agreed; else "not measured".
verdict() {
	awk -v v="$1" -v op="$2" -v t="$3" -v counts="$MATCH_RC" 'BEGIN {
		if (counts != 0 || v !~ /^[0-9.]+$/ || v + 0 <= 0) { print "**not measured**"; exit }
		ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "**missed**" }'
}
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }

cat <<EOF
N = $N incidents ($ORDER order, seed $SEED), CSV $(mib $((CSV_BYTES / 1024))) MiB, generated in ${GEN_WALL} s;
fengqiao database starts from \`init --demo\` ($DEMO_ROWS incidents); $(nproc) CPUs, load average before the run ${LOAD0}.
Report: \`report incidents --from $FROM --to $TO --compare yoy --station $STATION --format json\`, $RUNS runs, median.

| measure | fengqiao | sqlite3 baseline | ratio | target |
|---|---|---|---|---|
| import wall | ${FQ_IMPORT_WALL} s | ${SQ_IMPORT_WALL} s (\`.import\`, plain table) | ${IMPORT_RATIO}× | ≤ 3× — $(verdict "$IMPORT_RATIO" "<=" 3) |
| import CPU (user+sys) | ${FQ_IMPORT_CPU} s | ${SQ_IMPORT_CPU} s | $(ratio "$FQ_IMPORT_CPU" "$SQ_IMPORT_CPU")× | |
| import peak RSS | $(mib "$FQ_IMPORT_RSS") MiB | $(mib "$SQ_IMPORT_RSS") MiB | | |
| report / scan wall (median) | $(ms "$REP_MED") | $(ms "$SCAN_MED") (GROUP BY, full scan) | ${REPORT_RATIO}× faster | ≥ 20× — $(verdict "$REPORT_RATIO" ">=" 20) |
| report / scan peak RSS | $(mib "$REP_MAX_RSS") MiB | $(mib "$SCAN_MAX_RSS") MiB | | |
| fengqiao peak RSS (any process) | $(mib "$FQ_PEAK") MiB | | | ≤ 256 MiB — $(verdict "$([ "$FQ_IMPORT_RSS" -gt 0 ] && [ "$REP_MAX_RSS" -gt 0 ] && mib "$FQ_PEAK")" "<=" 256) |
| database size | $(mib $((FQ_DB_BYTES / 1024))) MiB | $(mib $((PLAIN_BYTES / 1024))) MiB | | |

Report runs (s): ${REP_WALLS[*]}; scan runs (s): ${SCAN_WALLS[*]}.
Counts, report after import minus demo-only report vs GROUP BY: $MATCH.
EOF
[ "$MATCH_RC" = 0 ] || exit 1
