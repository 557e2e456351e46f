#!/usr/bin/env bash
# bench/report-pg.sh — bench/report.sh on PostgreSQL: the incident import and
# the year-on-year report against a plain PostgreSQL table.
#
# In one run, on a throwaway cluster (tests/pg/cluster: fsync off, as for the
# tests; both sides run on it):
#   * generates N incidents as CSV (bench/incidents-gen.c, the rows
#     bench/report.sh uses);
#   * times `fengqiao import incidents` of that file into a fresh
#     `init --demo` database against psql `\copy` (COPY FROM STDIN) of the
#     same file into a plain table (no index, no key, no checks);
#   * times `fengqiao report incidents --compare yoy --station S01` (whole
#     process, median of RUNS) against a GROUP BY over the plain table that
#     computes the same counts in psql (whole process, median of RUNS);
#   * the same report over the cluster's Unix socket, and through a running
#     `fengqiao serve` (GET /api/v1/reports/incidents, warm pool, keep-alive);
#   * PostgreSQL's own floors (bench/pg-lib.sh): its COPY of the typed rows
#     straight into `incidents` (every key and index; the primary key alone),
#     and the smallest client process (bench/pq-select1.c: connect, SELECT 1);
#   * checks that they give the same counts;
#   * records peak RSS of every timed client process, and the CPU time of
#     the server's processes (from /proc: the postmaster, its children live
#     and reaped, before and after) beside the client's.
#
# Targets at N = 2M: report >= 20x faster than the scan; import <= 3x COPY.
# Prints a markdown section; exit 1 when the bench itself fails.
#
# Usage: bench/report-pg.sh [N]
# Environment: N, RUNS, SEED, ORDER, FENGQIAO, KEEP as bench/report.sh;
#   PSQL      psql client                         (default psql)
#   HTTP_RUNS requests of the report through the server (default 200)
#   PG_BIN    server binaries for tests/pg/cluster
set -euo pipefail
cd "$(dirname "$0")/.."

SELF=report-pg.sh
. bench/report-lib.sh "$@"
. bench/pg-lib.sh
FQURL=$(tests/pg/cluster createdb "$CLUSTER" fengqiao)
PLAIN=$(tests/pg/cluster createdb "$CLUSTER" plain)

# ---------------------------------------------------------------- fengqiao
"$BIN" --db "$FQURL" init --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "init --demo failed"; }
DEMO_ROWS=$(q "$FQURL" -c "SELECT count(*) FROM incidents")
q "$FQURL" -c "VACUUM ANALYZE"

report() { # name
	measure "$1" "$BIN" --db "$FQURL" report incidents --from "$FROM" --to "$TO" --compare yoy \
		--station "$STATION" --format json
	[ "$RC" = 0 ] || fail_with "$1" "report failed (exit $RC)"
}
report report_demo
cp "$TMP/report_demo.out" "$TMP/demo.json"

S0=$(server_cpu)
measure fq_import "$BIN" --db "$FQURL" import incidents "$CSV"
[ "$RC" = 0 ] || fail_with fq_import "fengqiao import failed (exit $RC)"
FQ_IMPORT_WALL=$WALL FQ_IMPORT_CPU=$CPU FQ_IMPORT_RSS=$RSS
FQ_IMPORT_SCPU=$(awk -v a="$S0" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }')
FQ_ROWS=$(q "$FQURL" -c "SELECT count(*) FROM incidents")
[ "$FQ_ROWS" = $((DEMO_ROWS + N)) ] ||
	die "fengqiao has $FQ_ROWS incidents after import, expected $DEMO_ROWS + $N"

# ---------------------------------------------------------------- plain COPY
q "$PLAIN" -c "CREATE TABLE incidents (incident_no text, received_at text, station text, category text,
	division text, source text, major text)"
S0=$(server_cpu)
measure pg_copy "$PSQL" -X -q "$PLAIN" -c "\\copy incidents FROM '$CSV' WITH (FORMAT csv, HEADER true)"
[ "$RC" = 0 ] || fail_with pg_copy "COPY failed (exit $RC)"
PG_COPY_WALL=$WALL PG_COPY_CPU=$CPU PG_COPY_RSS=$RSS
PG_COPY_SCPU=$(awk -v a="$S0" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }')
PLAIN_ROWS=$(q "$PLAIN" -c "SELECT count(*) FROM incidents")
[ "$PLAIN_ROWS" = "$N" ] || die "plain table has $PLAIN_ROWS rows, expected $N"
q "$PLAIN" -c "VACUUM ANALYZE incidents"

# ---------------------------------------------------------------- the engine's own floors
# The same rows typed, COPYed by PostgreSQL itself into `incidents` with every
# key and index, and with the primary key alone (bench/pg-lib.sh: copy_floor).
typed "$PLAIN" "$CSV" "$TMP/typed.txt"
copy_floor floor_keys "$TMP/typed.txt" keys
FLOOR_KEYS_WALL=$WALL FLOOR_KEYS_SCPU=$SCPU
copy_floor floor_pk "$TMP/typed.txt" pk
FLOOR_PK_WALL=$WALL FLOOR_PK_SCPU=$SCPU
q "$FQURL" -c "VACUUM ANALYZE"

cat >"$TMP/scan.sql" <<EOF
\\pset format csv
\\pset tuples_only on
SELECT split_part(category, '.', 1) AS top,
       count(*) FILTER (WHERE received_at BETWEEN '$FROM 00:00:00' AND '$TO 23:59:59') AS current,
       count(*) FILTER (WHERE received_at BETWEEN '$PFROM 00:00:00' AND '$PTO 23:59:59') AS previous
FROM incidents
WHERE station = '$STATION'
  AND (received_at BETWEEN '$FROM 00:00:00' AND '$TO 23:59:59'
       OR received_at BETWEEN '$PFROM 00:00:00' AND '$PTO 23:59:59')
GROUP BY top
ORDER BY top;
EOF

# ---------------------------------------------------------------- report vs scan
# CPU of both sides summed over the runs (clock ticks are 10 ms: one run alone reads 0)
REP_WALLS=() REP_RSS=() SCAN_WALLS=() SCAN_RSS=()
REP_CPU=0 REP_SCPU=0 SCAN_CPU=0 SCAN_SCPU=0
add() { awk -v a="$1" -v b="$2" -v c="${3:-0}" 'BEGIN { printf "%.2f", a + b - c }'; }
for i in $(seq 1 "$RUNS"); do
	S0=$(server_cpu)
	report "report_$i"
	REP_SCPU=$(add "$REP_SCPU" "$(server_cpu)" "$S0") REP_CPU=$(add "$REP_CPU" "$CPU")
	REP_WALLS+=("$WALL") REP_RSS+=("$RSS")
	S0=$(server_cpu)
	measure "scan_$i" "$PSQL" -X -q "$PLAIN" -f "$TMP/scan.sql"
	[ "$RC" = 0 ] || fail_with "scan_$i" "psql GROUP BY failed (exit $RC)"
	SCAN_SCPU=$(add "$SCAN_SCPU" "$(server_cpu)" "$S0") SCAN_CPU=$(add "$SCAN_CPU" "$CPU")
	SCAN_WALLS+=("$WALL") SCAN_RSS+=("$RSS")
done
per_run() { awk -v s="$1" -v n="$RUNS" 'BEGIN { printf "%.1f ms", s * 1000 / n }'; }
REP_MED=$(median "${REP_WALLS[@]}")
SCAN_MED=$(median "${SCAN_WALLS[@]}")
REP_MAX_RSS=$(maxof "${REP_RSS[@]}")
SCAN_MAX_RSS=$(maxof "${SCAN_RSS[@]}")
check_counts "$TMP/demo.json" "$TMP/report_1.out" "$TMP/scan_1.out"

# ---------------------------------------------------------------- the same report, other ways
# (a) the CLI over the cluster's Unix socket instead of TCP on loopback (no TCP handshake, no
#     Nagle; libpq's start-up and the server's fork are the same)
PORT=$(cat "$CLUSTER/port")
SOCKURL="postgresql:///fengqiao?host=$CLUSTER&port=$PORT&user=fengqiao"
SOCK_WALLS=()
for i in $(seq 1 "$RUNS"); do
	measure "sock_$i" "$BIN" --db "$SOCKURL" report incidents --from "$FROM" --to "$TO" --compare yoy \
		--station "$STATION" --format json
	[ "$RC" = 0 ] || fail_with "sock_$i" "report over the Unix socket failed (exit $RC)"
	SOCK_WALLS+=("$WALL")
done
SOCK_MED=$(median "${SOCK_WALLS[@]}")
# (c) the smallest client process, with fengqiao's connection settings: no report can take less
PQ1_WALLS=()
for i in $(seq 1 "$RUNS"); do
	measure "pq1_$i" "$TMP/pq-select1" "$FQURL?gssencmode=disable"
	[ "$RC" = 0 ] || fail_with "pq1_$i" "pq-select1 failed (exit $RC)"
	PQ1_WALLS+=("$WALL")
done
PQ1_MED=$(median "${PQ1_WALLS[@]}")
cmp -s "$TMP/sock_1.out" "$TMP/report_1.out" || die "the report over the Unix socket differs"
# (b) through a running `fengqiao serve` (how users get it): GET /api/v1/reports/incidents, its
#     pooled connection warm, one keep-alive client; the time is curl's time_total a request
#     (HTTP_RUNS requests after one that warms the pool), and the CPU is the server process's plus
#     PostgreSQL's over those requests
printf 'Bench-pass-2026\n' | "$BIN" --db "$FQURL" user add benchadm --role admin >/dev/null 2>&1 || die "user add failed"
SPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" --db "$FQURL" serve --listen "127.0.0.1:$SPORT" 2>"$TMP/serve.log" &
SERVE_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$SPORT/healthz" >/dev/null && break; sleep 0.1; done
curl -s -c "$TMP/jar" -H 'Content-Type: application/json' -d '{"username":"benchadm","password":"Bench-pass-2026"}' \
	"http://127.0.0.1:$SPORT/api/v1/session" >/dev/null
RURL="http://127.0.0.1:$SPORT/api/v1/reports/incidents?from=$FROM&to=$TO&compare=yoy&station=$STATION"
proc_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' /proc/"$1"/stat; }
curl -s -b "$TMP/jar" -o "$TMP/http_0.out" "$RURL"
cargs=()
HTTP_RUNS=${HTTP_RUNS:-200} # many, for the CPU's 10 ms clock ticks
for i in $(seq 1 "$HTTP_RUNS"); do cargs+=(-o "$TMP/http_$i.out" "$RURL"); done
S0=$(server_cpu) F0=$(proc_cpu "$SERVE_PID")
mapfile -t HTTP_WALLS < <(curl -s -b "$TMP/jar" -w '%{http_code} %{time_total}\n' "${cargs[@]}")
HTTP_SCPU=$(add 0 "$(server_cpu)" "$S0") HTTP_FCPU=$(add 0 "$(proc_cpu "$SERVE_PID")" "$F0")
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" || true
printf '%s\n' "${HTTP_WALLS[@]}" | grep -qv '^200 ' && die "a report through the server failed: ${HTTP_WALLS[*]}"
HTTP_WALLS=($(printf '%s\n' "${HTTP_WALLS[@]}" | cut -d' ' -f2))
HTTP_MED=$(median "${HTTP_WALLS[@]}")
check_counts "$TMP/demo.json" "$TMP/http_1.out" "$TMP/scan_1.out"
HTTP_MATCH=$MATCH
check_counts "$TMP/demo.json" "$TMP/report_1.out" "$TMP/scan_1.out"

# ---------------------------------------------------------------- output
FQ_DB_BYTES=$(q "$FQURL" -c "SELECT pg_database_size(current_database())")
PLAIN_BYTES=$(q "$PLAIN" -c "SELECT pg_database_size(current_database())")
IMPORT_RATIO=$(ratio "$FQ_IMPORT_WALL" "$PG_COPY_WALL")
REPORT_RATIO=$(ratio "$SCAN_MED" "$REP_MED")
FQ_PEAK=$(maxof "$FQ_IMPORT_RSS" "$REP_MAX_RSS")
PGVER=$(q "$PLAIN" -c "SHOW server_version")

cat <<EOF
N = $N incidents ($ORDER order, seed $SEED), CSV $(mib $((CSV_BYTES / 1024))) MiB, generated in ${GEN_WALL} s;
PostgreSQL $PGVER (throwaway cluster, fsync off); fengqiao database starts from \`init --demo\` ($DEMO_ROWS incidents);
$(nproc) CPUs, load average before the run ${LOAD0}, after $(cut -d' ' -f1-3 /proc/loadavg).
Report: \`report incidents --from $FROM --to $TO --compare yoy --station $STATION --format json\`, $RUNS runs, median.

| measure | fengqiao | PostgreSQL baseline | ratio | target |
|---|---|---|---|---|
| import wall | ${FQ_IMPORT_WALL} s | ${PG_COPY_WALL} s (\`\\copy\`, plain table) | ${IMPORT_RATIO}× | ≤ 3× — $(verdict "$IMPORT_RATIO" "<=" 3) |
| the engine's floor: PostgreSQL's own COPY of the typed rows into \`incidents\` (every key and index; no client work) | ${FLOOR_KEYS_WALL} s, server ${FLOOR_KEYS_SCPU} s | ${PG_COPY_WALL} s | $(ratio "$FLOOR_KEYS_WALL" "$PG_COPY_WALL")× (import: $(ratio "$FQ_IMPORT_WALL" "$FLOOR_KEYS_WALL")× this floor) | |
| the same into \`incidents\` with its primary key alone | ${FLOOR_PK_WALL} s, server ${FLOOR_PK_SCPU} s | ${PG_COPY_WALL} s | $(ratio "$FLOOR_PK_WALL" "$PG_COPY_WALL")× | |
| import CPU, client (user+sys) | ${FQ_IMPORT_CPU} s | ${PG_COPY_CPU} s (psql) | | |
| import CPU, server backends | ${FQ_IMPORT_SCPU} s | ${PG_COPY_SCPU} s | $(ratio "$FQ_IMPORT_SCPU" "$PG_COPY_SCPU")× | |
| import peak RSS (client) | $(mib "$FQ_IMPORT_RSS") MiB | $(mib "$PG_COPY_RSS") MiB | | |
| report / scan wall (median) | $(ms "$REP_MED") | $(ms "$SCAN_MED") (GROUP BY, full scan) | ${REPORT_RATIO}× faster | ≥ 20× — $(verdict "$REPORT_RATIO" ">=" 20) |
| report / scan CPU a run, client (user+sys) | $(per_run "$REP_CPU") | $(per_run "$SCAN_CPU") (psql) | | |
| report / scan CPU a run, server | $(per_run "$REP_SCPU") | $(per_run "$SCAN_SCPU") | $(ratio "$SCAN_SCPU" "$REP_SCPU")× less | |
| report / scan CPU a run, both | $(per_run "$(add "$REP_CPU" "$REP_SCPU")") | $(per_run "$(add "$SCAN_CPU" "$SCAN_SCPU")") | $(ratio "$(add "$SCAN_CPU" "$SCAN_SCPU")" "$(add "$REP_CPU" "$REP_SCPU")")× less | |
| the report over the Unix socket (CLI, median) | $(ms "$SOCK_MED") | $(ms "$SCAN_MED") | $(ratio "$SCAN_MED" "$SOCK_MED")× faster | |
| the smallest client process (\`bench/pq-select1.c\`: start, connect, \`SELECT 1\`; median) | $(ms "$PQ1_MED") | $(ms "$SCAN_MED") | $(ratio "$SCAN_MED" "$PQ1_MED")× faster | |
| the report through \`fengqiao serve\` (HTTP, warm, median of $HTTP_RUNS) | $(ms "$HTTP_MED") | $(ms "$SCAN_MED") | $(ratio "$SCAN_MED" "$HTTP_MED")× faster | ≥ 20× — $(verdict "$(ratio "$SCAN_MED" "$HTTP_MED")" ">=" 20) |
| the same, CPU a request: server process + PostgreSQL | $(awk -v a="$HTTP_FCPU" -v b="$HTTP_SCPU" -v n="$HTTP_RUNS" 'BEGIN { printf "%.2f ms + %.2f ms", a * 1000 / n, b * 1000 / n }') | | | |
| report / scan peak RSS (client) | $(mib "$REP_MAX_RSS") MiB | $(mib "$SCAN_MAX_RSS") MiB | | |
| fengqiao peak RSS (any process) | $(mib "$FQ_PEAK") MiB | | | ≤ 256 MiB — $(verdict "$([ "$FQ_IMPORT_RSS" -gt 0 ] && [ "$REP_MAX_RSS" -gt 0 ] && mib "$FQ_PEAK")" "<=" 256) |
| database size | $(mib $((FQ_DB_BYTES / 1024))) MiB | $(mib $((PLAIN_BYTES / 1024))) MiB | | |

Report runs (s): ${REP_WALLS[*]}; scan runs (s): ${SCAN_WALLS[*]}; Unix socket (s): ${SOCK_WALLS[*]}; \`SELECT 1\` process (s): ${PQ1_WALLS[*]};
through the server, the first 11 of $HTTP_RUNS (s): ${HTTP_WALLS[*]:0:11}.
Counts, report after import minus demo-only report vs GROUP BY: $MATCH; through the server: $HTTP_MATCH.
What each figure is: the CLI report and the scan are whole processes (start, connect, query, print), timed
from outside under \`/usr/bin/time\`; "through the server" is one request's \`time_total\` in curl, on a
kept-alive connection, to a server whose pooled PostgreSQL connection is already open.
EOF
[ "$MATCH_RC" = 0 ] || exit 1
