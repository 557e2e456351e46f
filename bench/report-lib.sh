# bench/report-lib.sh — what bench/report.sh (SQLite) and bench/report-pg.sh
# (PostgreSQL) share: the temporary directory, the generator
# (bench/incidents-gen.c), the measuring helpers, the CSV, the count check and
# the verdicts.  Sourced with the script's arguments once SELF
# (its name) and its own client (SQLITE3, PSQL) are set.

N=${1:-${N:-2000000}}
RUNS=${RUNS:-5}
SEED=${SEED:-20250101}
ORDER=${ORDER:-chrono}
BIN=${FENGQIAO:-build/fengqiao}
KEEP=${KEEP:-0}
CC=${CC:-cc}

FROM=2025-01-01
TO=2025-08-31
PFROM=2024-01-01
PTO=2024-08-31
STATION=S01

die() { echo "bench/$SELF: $*" >&2; exit 1; }

case $N in '' | *[!0-9]*) die "N must be a number, got '$N'" ;; esac
case $ORDER in chrono | random) ;; *) die "ORDER must be chrono or random" ;; esac
[ -x "$BIN" ] || die "$BIN not found: build it first (make build/fengqiao)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
command -v python3 >/dev/null || die "python3 not found (used to compare the counts)"
command -v "$CC" >/dev/null || die "no C compiler ($CC) for the generator"

TMP=$(mktemp -d /tmp/fq-$SELF-bench.XXXXXX)
cleanup() {
	if [ "$KEEP" = 1 ]; then
		echo "$SELF: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- generator
"$CC" -O2 -o "$TMP/gen" bench/incidents-gen.c || die "cannot compile the generator"

# ---------------------------------------------------------------- measuring
. bench/measure.sh

CSV=$TMP/incidents.csv

# ---------------------------------------------------------------- generate
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
measure gen "$TMP/gen" "$N" "$SEED" "$ORDER"
[ "$RC" = 0 ] || fail_with gen "generator failed"
mv "$TMP/gen.out" "$CSV"
GEN_WALL=$WALL
CSV_BYTES=$(stat -c %s "$CSV")

# ---------------------------------------------------------------- counts agree?
# check_counts DEMO_JSON REPORT_JSON SCAN_CSV: sets MATCH and MATCH_RC
check_counts() {
	set +e
	MATCH=$(python3 - "$1" "$2" "$3" <<'EOF'
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
}

# verdict VALUE OP TARGET: "met" or "missed" only for a measured value (a
# positive number) in a run whose counts agreed; else "not measured".
verdict() {
	awk -v v="$1" -v op="$2" -v t="$3" -v counts="$MATCH_RC" 'BEGIN {
		if (counts != 0 || v !~ /^[0-9.]+$/ || v + 0 <= 0) { print "**not measured**"; exit }
		ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "**missed**" }'
}
