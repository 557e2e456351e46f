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

SQLITE3=${SQLITE3:-sqlite3}
SELF=report.sh
. bench/report-lib.sh "$@"

command -v "$SQLITE3" >/dev/null || die "sqlite3 CLI not found"

FQDB=$TMP/fengqiao.db
PLAIN=$TMP/plain.db

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

check_counts "$TMP/demo.json" "$TMP/report_1.out" "$TMP/scan_1.out"

# ---------------------------------------------------------------- output
FQ_DB_BYTES=$(( $(stat -c %s "$FQDB") + $( [ -f "$FQDB-wal" ] && stat -c %s "$FQDB-wal" || echo 0) ))
PLAIN_BYTES=$(stat -c %s "$PLAIN")
IMPORT_RATIO=$(ratio "$FQ_IMPORT_WALL" "$SQ_IMPORT_WALL")
REPORT_RATIO=$(ratio "$SCAN_MED" "$REP_MED")
FQ_PEAK=$(maxof "$FQ_IMPORT_RSS" "$REP_MAX_RSS")

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
