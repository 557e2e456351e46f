#!/usr/bin/env bash
# bench/warnings.sh — the early warnings (CONTRACTS.md §5) from indexes against
# the obvious SQL self-join answering the same question on the same data.
#
# In one run:
#   * `fengqiao init --demo` (11 stations, the migrations and their indexes),
#     then generates in SQL, straight into its tables: NDIS disputes over the
#     730 days up to AS_OF, two parties each, a follow-up for a third of the
#     settled ones, and NINC incidents over the same days.  Keys are skewed: 2 %
#     of addresses are 100 hot ones, 1 % of parties 1 000 hot people; the rest
#     spread over 5M addresses and 50M people, so some repeat by chance.
#     ORDER=random puts rows in random day order (an import of mixed files),
#     ORDER=chrono in day order (an export).  Addresses are written already
#     folded (no full-width characters, no spaces), so address_key = address
#     and person_key follow the program's rules without running its import.
#     The disputes, parties and follow-ups come from bench/disputes-gen.sh
#     (shared with bench/disputes.sh);
#   * times `fengqiao report warnings --as-of AS_OF --format json` (whole
#     process, median of RUNS) against one sqlite3 CLI run of the self-join
#     (each window's records joined with the window's records of the same key,
#     grouped, HAVING enough), with TIMEOUT seconds at most;
#   * checks that both give the same warnings: the same kinds with the same
#     records (each warning as "kind|sorted record keys", the lists sorted).
#
# Target: the warning list in under 1 s at NDIS=1M, NINC=10M.
# Prints a markdown section; exit 1 when the bench itself fails or the two
# answers differ, 0 otherwise (a time is a measurement, not a verdict).
#
# Usage: bench/warnings.sh
# Environment:
#   NDIS      disputes       (default 1000000)
#   NINC      incidents      (default 10000000)
#   ORDER     random | chrono                      (default random)
#   RUNS      report repetitions, median            (default 3)
#   TIMEOUT   seconds the self-join may take        (default 1800)
#   AS_OF     the day                               (default 2026-09-15)
#   FENGQIAO  binary                                (default build/fengqiao)
#   KEEP=1    keep the temporary directory
set -euo pipefail
cd "$(dirname "$0")/.."

NDIS=${NDIS:-1000000}
NINC=${NINC:-10000000}
ORDER=${ORDER:-random}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-1800}
AS_OF=${AS_OF:-2026-09-15}
BIN=${FENGQIAO:-build/fengqiao}
KEEP=${KEEP:-0}

die() { echo "bench/warnings.sh: $*" >&2; exit 1; }
case $NDIS$NINC in '' | *[!0-9]*) die "NDIS and NINC must be numbers" ;; esac
case $ORDER in chrono | random) ;; *) die "ORDER must be chrono or random" ;; esac
command -v jq >/dev/null || die "jq not found"
. bench/disputes-gen.sh
bench_start warnings
export FENGQIAO_DB=$TMP/w.db FENGQIAO_TODAY=$AS_OF
DB=$FENGQIAO_DB

# local day numbers (days since 1970-01-01) of the first and last day
last=$(( $(date -u -d "$AS_OF" +%s) / 86400 ))
first=$((last - 729))
first_date=$(date -u -d "@$((first * 86400))" +%F)
if [ "$ORDER" = random ]; then
	dis_day="abs(random()) % 730"
	inc_day="$(h value 48271) % 730"
else
	dis_day="(value - 1) * 730 / $NDIS"
	inc_day="(value - 1) * 730 / $NINC"
fi

"$BIN" init --demo >/dev/null || die "init failed"
t0=$(date +%s.%N)
sqlite3 -bail "$DB" >/dev/null <<SQL || die "generating the data failed"
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
BEGIN;
$(DIS_N=$NDIS DIS_DAYS=730 DIS_FIRST=$first_date DIS_DAY=$dis_day disputes_sql)
COMMIT;
BEGIN;
-- incidents: half in the three counted categories; addresses as the disputes'
INSERT INTO incidents (incident_no, received_at, received_day, station, category, top_category, address, address_key,
                       major, created_at, updated_at)
SELECT 'WI' || value, ($first + k) * 86400 - 28800 + $(h value 1664525) % 86400, $first + k,
       'S' || printf('%02d', 1 + $(h value 1103515245) % 11), c.code, c.top, address, address, 0, 0, 0
FROM (SELECT value, $inc_day AS k, $(h value 69621) % 10 AS ci,
             CASE WHEN $(h value 16807) % 100 < 2 THEN '热点路' || ($(h value 39373) % 100) || '号'
                  ELSE '路' || ($(h value 39373) % 5000000) || '号' END AS address
      FROM generate_series(1, $NINC)) g
JOIN (SELECT 0 AS n, 'criminal.theft' AS code, 'criminal' AS top UNION ALL SELECT 1, 'criminal.fraud', 'criminal'
      UNION ALL SELECT 2, 'public_order.assault', 'public_order' UNION ALL SELECT 3, 'public_order.gambling', 'public_order'
      UNION ALL SELECT 4, 'dispute.neighbour', 'dispute' UNION ALL SELECT 5, 'traffic.accident', 'traffic'
      UNION ALL SELECT 6, 'traffic', 'traffic' UNION ALL SELECT 7, 'assistance.lost', 'assistance'
      UNION ALL SELECT 8, 'fire', 'fire' UNION ALL SELECT 9, 'other', 'other') c ON c.n = g.ci;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s.%N)
gen_s=$(echo "$t1 - $t0" | bc)

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# the program: whole process, median of RUNS
times=()
for _ in $(seq "$RUNS"); do
	/usr/bin/time -f '%e %M' -o "$TMP/time" "$BIN" report warnings --as-of "$AS_OF" --format json > "$TMP/warnings.json" ||
		die "report warnings failed"
	times+=("$(cut -d' ' -f1 "$TMP/time")")
	rss_kb=$(cut -d' ' -f2 "$TMP/time")
done
report_s=$(median "${times[@]}")
jq -r '.warnings[] | .kind + "|" + ([.records[].key] | sort | join(","))' "$TMP/warnings.json" | LC_ALL=C sort > "$TMP/a.txt"
nwarn=$(wc -l < "$TMP/a.txt")

# the obvious SQL: each window's records joined with the same window's records of the same key
pfrom=$(date -u -d "$AS_OF - 179 days" +%F)
afrom=$(date -u -d "$AS_OF - 89 days" +%F)
dead=$(date -u -d "$AS_OF - 30 days" +%F)
cat > "$TMP/selfjoin.sql" <<SQL
WITH pe AS (SELECT p.person_key AS k, d.dispute_no AS no FROM parties p JOIN disputes d ON d.dispute_no = p.dispute_no
            WHERE d.registered_on BETWEEN '$pfrom' AND '$AS_OF' AND d.voided_at IS NULL AND p.voided_at IS NULL),
ev AS (SELECT address_key AS k, dispute_no AS no FROM disputes
       WHERE registered_on BETWEEN '$afrom' AND '$AS_OF' AND address_key IS NOT NULL AND voided_at IS NULL
       UNION ALL
       SELECT address_key, incident_no FROM incidents
       WHERE received_day BETWEEN $((last - 89)) AND $last AND address_key IS NOT NULL AND voided_at IS NULL
       AND top_category IN ('dispute', 'public_order', 'criminal'))
SELECT 'repeat_party', a.k, a.no FROM pe a JOIN pe b ON b.k = a.k GROUP BY a.k, a.no HAVING COUNT(DISTINCT b.no) >= 2
UNION ALL
SELECT 'repeat_address', a.k, a.no FROM ev a JOIN ev b ON b.k = a.k GROUP BY a.k, a.no HAVING COUNT(*) >= 3
UNION ALL
SELECT 'unresolved', f.dispute_no, f.dispute_no FROM followups f JOIN disputes d ON d.dispute_no = f.dispute_no
WHERE f.voided_at IS NULL AND f.done_on <= '$AS_OF' AND (f.risk = 1 OR f.performed = 'no')
  AND d.status = 'settled' AND d.settled_on <= '$AS_OF' AND d.voided_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM followups g WHERE g.dispute_no = f.dispute_no AND g.voided_at IS NULL
                  AND g.done_on IS NOT NULL AND g.done_on <= '$AS_OF' AND g.due_on > f.due_on)
UNION ALL
SELECT 'unresolved', dispute_no, dispute_no FROM disputes
WHERE voided_at IS NULL AND registered_on < '$dead' AND (result_on IS NULL OR result_on > '$AS_OF');
SQL
join_s=
if timeout "$TIMEOUT" /usr/bin/time -f '%e %M' -o "$TMP/jtime" sqlite3 -separator "$(printf '\t')" "$DB" < "$TMP/selfjoin.sql" > "$TMP/join.txt"; then
	join_s=$(cut -d' ' -f1 "$TMP/jtime")
	LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 -k3,3 "$TMP/join.txt" |
		awk -F'\t' '{ g = $1 SUBSEP $2; if (g != prev) { if (NR > 1) print line; line = $1 "|" $3; prev = g }
		              else line = line "," $3 } END { if (NR) print line }' | LC_ALL=C sort > "$TMP/b.txt"
fi

echo "NDIS=$NDIS disputes ($((NDIS * 2)) parties), NINC=$NINC incidents, ORDER=$ORDER, as of $AS_OF; generated in ${gen_s%.*} s."
echo
echo "| what | wall (s) | peak RSS |"
echo "|---|---|---|"
echo "| \`fengqiao report warnings --format json\` (median of $RUNS, whole process) | $report_s | $((rss_kb / 1024)) MiB |"
if [ -n "$join_s" ]; then
	echo "| SQL self-join, sqlite3 CLI (one run) | $join_s | $(( $(cut -d' ' -f2 "$TMP/jtime") / 1024 )) MiB |"
	ratio=$(echo "scale=1; $join_s / $report_s" | bc)
	echo
	echo "Warnings: $nwarn ($(cut -d'|' -f1 "$TMP/a.txt" | sort | uniq -c | awk '{ printf "%s%s %s", n++ ? ", " : "", $1, $2 }'))."
	echo "Self-join / report: **${ratio}×**. Target < 1 s for the list: $(echo "$report_s < 1" | bc | sed 's/1/**met**/; s/0/**not met**/')."
	if cmp -s "$TMP/a.txt" "$TMP/b.txt"; then
		echo "Both give the same warnings (kind and records of each): yes."
	else
		echo "Both give the same warnings: **no** ($(diff "$TMP/a.txt" "$TMP/b.txt" | grep -c '^[<>]') lines differ)."
		exit 1
	fi
else
	echo "| SQL self-join, sqlite3 CLI | not measured: over ${TIMEOUT} s | |"
	echo
	echo "Warnings: $nwarn. Target < 1 s for the list: $(echo "$report_s < 1" | bc | sed 's/1/**met**/; s/0/**not met**/'); ratio not measured."
fi
