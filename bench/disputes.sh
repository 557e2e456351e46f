#!/usr/bin/env bash
# bench/disputes.sh — the disputes report (CONTRACTS.md §5) at scale against
# the GROUP BY a user could write over the disputes table instead.
#
# For each ORDER (random: rows in random order of registration day, as an
# import of mixed files; chrono: in day order, as an export):
#   * `fengqiao init --demo`, then NDIS disputes over YEARS years up to
#     2025-12-31 generated in SQL by bench/disputes-gen.sh (two parties each,
#     a follow-up for a third of the settled ones, 4 % of them not done), 11 stations with skewed
#     shares (S01 25 %, S02 15 % ... S11 3 %), nine types skewed, 70 % with a
#     division (a community or gacha of the station's towns); each handled
#     dispute has its mediations (a `continue` 2 days after registration and
#     the result 5 days after, five modes) or, one in ten, a referral (4 %
#     of those never accepted, still open); then
#     `fengqiao stats rebuild` fills the rollup cells as the import would
#     (no ANALYZE: the program never runs it);
#   * times `fengqiao report disputes --from 2025-01-01 --to 2025-12-31
#     --compare yoy --format json` (whole process, median of RUNS) for the
#     whole bureau, station S01 and --division of a community (and of a
#     town, a subtree), against the GROUP BY over `disputes` in the sqlite3
#     CLI on the same database (whole process, median of RUNS), and prints
#     the ratio;
#   * checks that both give the same figures: per type and in total,
#     registered, handled, settled and the previous year's registrations.
#   * with FENGQIAO_BEFORE (another build), checks that its reports are
#     byte-identical to FENGQIAO's (a change that must not move a figure).
#
# Prints a markdown section; exit 1 when the bench itself fails or the
# figures differ, 0 otherwise (a time is a measurement, not a verdict).
#
# Usage: bench/disputes.sh
# Environment:
#   NDIS      disputes                           (default 1000000)
#   YEARS     years they span                    (default 6)
#   ORDERS    orders to run                      (default "random chrono")
#   IMPORT_N  disputes imported into copies with and without schema 017's indexes (default 50000; 0: none)
#   RUNS      repetitions, median                (default 3)
#   FENGQIAO  binary                             (default build/fengqiao)
#   FENGQIAO_BEFORE  a second binary whose reports must be byte-identical
#   KEEP=1    keep the temporary directory
set -euo pipefail
cd "$(dirname "$0")/.."

NDIS=${NDIS:-1000000}
YEARS=${YEARS:-6}
ORDERS=${ORDERS:-random chrono}
RUNS=${RUNS:-3}
IMPORT_N=${IMPORT_N:-50000}
BIN=${FENGQIAO:-build/fengqiao}
BEFORE=${FENGQIAO_BEFORE:-}
KEEP=${KEEP:-0}
SELF=disputes.sh
FROM=2025-01-01 TO=2025-12-31 PFROM=2024-01-01 PTO=2024-12-31 LAST=2025-12-31
COMMUNITY=152921110201 # a gacha of S01's town
TOWN=152921110000      # S01's town: the division and its 24 below

die() { echo "bench/$SELF: $*" >&2; exit 1; }
case $NDIS$YEARS$RUNS in '' | *[!0-9]*) die "NDIS, YEARS and RUNS must be numbers" ;; esac
for o in $ORDERS; do case $o in chrono | random) ;; *) die "ORDERS must be chrono and/or random" ;; esac; done
[ -z "$BEFORE" ] || [ -x "$BEFORE" ] || die "$BEFORE not found"
command -v python3 >/dev/null || die "python3 not found (used to compare the figures)"
. bench/disputes-gen.sh
bench_start disputes
. bench/measure.sh

last=$(($(date -u -d "$LAST" +%s) / 86400))
first_date=$(date -u -d "$LAST - $YEARS years + 1 day" +%F)
DAYS=$((last - $(date -u -d "$first_date" +%s) / 86400 + 1))

# the shares: a hash of the row number picks one of 100 slots
slots() { # CODE:SHARE ...
	local s out=
	for s in "$@"; do out+=$(printf "${s%%:*}%.0s" $(seq "${s##*:}")); done
	echo "$out"
}
STATIONS=$(slots 01:25 02:15 03:12 04:10 05:8 06:7 07:6 08:5 09:5 10:4 11:3)
pick_type() { # the nine types, skewed
	local t
	t="$(h i 69621) % 100"
	echo "CASE WHEN $t < 30 THEN 'neighbour' WHEN $t < 50 THEN 'family' WHEN $t < 60 THEN 'land'
	WHEN $t < 70 THEN 'labour' WHEN $t < 80 THEN 'debt' WHEN $t < 88 THEN 'damage' WHEN $t < 94 THEN 'property'
	WHEN $t < 97 THEN 'demolition' ELSE 'other' END"
}

generate() { # DB ORDER
	local day
	if [ "$2" = random ]; then day="$(h value 48271) % $DAYS"; else day="(value - 1) * $DAYS / $NDIS"; fi
	"$BIN" --db "$1" init --demo >/dev/null || die "init failed"
	sqlite3 -bail "$1" >/dev/null <<SQL || die "generating the data failed"
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
BEGIN;
-- the communities and gachas of each station's towns, numbered per station
CREATE TEMP TABLE st_div AS
SELECT sd.station_code AS station, row_number() OVER (PARTITION BY sd.station_code ORDER BY d.code) - 1 AS idx, d.code
FROM station_divisions sd JOIN divisions d ON d.parent_code = sd.division_code;
CREATE UNIQUE INDEX temp.st_div_key ON st_div (station, idx);
CREATE TEMP TABLE st_n AS SELECT station, count(*) AS n FROM st_div GROUP BY station;
$(DIS_N=$NDIS DIS_DAYS=$DAYS DIS_FIRST=$first_date DIS_DAY=$day \
	DIS_STATION="'S' || substr('$STATIONS', 2 * ($(h value 40692) % 100) + 1, 2)" DIS_TYPE="$(pick_type)" \
	DIS_DIVISION="CASE WHEN $(h i 16807) % 10 < 7 THEN (SELECT code FROM st_div s WHERE s.station = g_dis.station
	AND s.idx = $(h i 39373) % (SELECT n FROM st_n WHERE st_n.station = g_dis.station)) END" \
	DIS_SATISFACTION="CASE $(h i 1664525) % 20 WHEN 0 THEN 'unsatisfied' WHEN 1 THEN NULL WHEN 2 THEN 'basic'
	WHEN 3 THEN 'basic' ELSE 'satisfied' END" DIS_FOLLOWUPS_OPEN=4 disputes_sql)
-- nine in ten handled disputes by mediation: a 'continue' 2 days after registration, the result 5 days after
CREATE TEMP TABLE g_med AS
SELECT i, k, fate, m, CASE m WHEN 0 THEN 'station' WHEN 1 THEN 'joint' WHEN 2 THEN 'lawyer' WHEN 3 THEN 'court'
       ELSE 'partner' END AS mode,
       CASE m WHEN 0 THEN NULL WHEN 1 THEN 'SF0' || (1 + i % 6) WHEN 2 THEN 'LS0' || (1 + i % 2)
       WHEN 3 THEN 'FT0' || (1 + i % 3) ELSE 'FW0' || (1 + i % 2) END AS partner
FROM (SELECT i, k, fate, $(h i 1103515245) % 5 AS m FROM g_dis WHERE fate >= 5);
INSERT INTO mediations (dispute_no, held_on, mode, result, partner, agreement_no, created_at, updated_at)
SELECT 'WD' || i, date('$first_date', '+' || (k + d) || ' days'), mode,
       CASE WHEN d = 2 THEN 'continue' WHEN fate < 35 THEN 'failed' ELSE 'agreement' END, partner,
       CASE WHEN d = 5 AND fate >= 35 THEN 'XY' || i END, 0, 0
FROM g_med, (SELECT 2 AS d UNION ALL SELECT 5) WHERE i % 10 <> 0;
-- the tenth by a referral: made 2 days after registration, accepted the next day, closed 5 days
-- after; 4 % never accepted (still open, as the report's overdue count finds them)
INSERT INTO referrals (referral_no, dispute_no, partner, referred_on, accepted_on, result, closed_on, created_at, updated_at)
SELECT 'ZJ' || i, 'WD' || i, COALESCE(partner, 'SF01'), date('$first_date', '+' || (k + 2) || ' days'),
       CASE WHEN NOT open THEN date('$first_date', '+' || (k + 3) || ' days') END,
       CASE WHEN open THEN NULL WHEN fate < 35 THEN 'failed' ELSE 'agreement' END,
       CASE WHEN NOT open THEN date('$first_date', '+' || (k + 5) || ' days') END, 0, 0
FROM (SELECT *, $(h i 134775813) % 100 < 4 AS open FROM g_med) WHERE i % 10 = 0;
COMMIT;
SQL
	# no ANALYZE: the program never runs it, so SQLite plans without statistics
	"$BIN" --db "$1" stats rebuild >/dev/null || die "stats rebuild failed"
}

# the figures of the report's rows a user could get from the disputes table
plain_sql() { # SCOPE-CONDITION
	cat <<SQL
SELECT type, SUM(registered_on BETWEEN '$FROM' AND '$TO'),
       SUM(registered_on BETWEEN '$FROM' AND '$TO' AND handled_on <= '$TO'),
       SUM(registered_on BETWEEN '$FROM' AND '$TO' AND settled_on <= '$TO'),
       SUM(registered_on BETWEEN '$PFROM' AND '$PTO')
FROM disputes
WHERE voided_at IS NULL AND (registered_on BETWEEN '$FROM' AND '$TO' OR registered_on BETWEEN '$PFROM' AND '$PTO')$1
GROUP BY type ORDER BY type;
SQL
}
below() { # the division and every one below it
	echo " AND division IN (WITH RECURSIVE down(code) AS (SELECT '$1' UNION SELECT d.code FROM divisions d
	JOIN down ON d.parent_code = down.code) SELECT code FROM down)"
}

# same REPORT_JSON PLAIN_CSV: "yes (...)" or "**no** (...)"; status 1 when they differ
same() {
	python3 - "$1" "$2" <<'EOF'
import csv, json, sys
rows = {r["key"]: (r["registered"], r["handled"], r["settled"], r["previous_registered"])
        for r in json.load(open(sys.argv[1]))["rows"]}
plain = {t: tuple(int(x or 0) for x in v) for t, *v in csv.reader(open(sys.argv[2]))}
plain["total"] = tuple(sum(v[i] for v in plain.values()) for i in range(4))
bad = [k for k in sorted(set(rows) | set(plain)) if rows.get(k, (0,) * 4) != plain.get(k, (0,) * 4)]
t = plain["total"]
print(f"yes (total {t[0]} registered, {t[1]} handled, {t[2]} settled, {t[3]} the year before)" if not bad
      else "**no** (" + "; ".join(f"{k}: report {rows.get(k)} plain {plain.get(k)}" for k in bad) + ")")
sys.exit(1 if bad else 0)
EOF
}

# What schema 017's indexes cost a write: `fengqiao import disputes` of IMPORT_N new disputes
# (random days of the report's year, stations and types as above) into two copies of the
# database, one with 017's indexes and one without them (005's index as it was), one run each.
import_cost() { # DB
	local csv=$TMP/import.csv with=$TMP/import-with.db without=$TMP/import-without.db
	sqlite3 -csv -header "$1" "SELECT 'WI' || value AS dispute_no,
		date('$FROM', '+' || ($(h value 48271) % 365) || ' days') AS registered_on,
		'S' || substr('$STATIONS', 2 * ($(h value 40692) % 100) + 1, 2) AS station,
		CASE $(h value 16807) % 3 WHEN 0 THEN 'neighbour' WHEN 1 THEN 'land' ELSE 'family' END AS type,
		'walk_in' AS source FROM generate_series(1, $IMPORT_N)" >"$csv" || die "the import file"
	cp "$1" "$with" && cp "$1" "$without" || die "copying the database"
	sqlite3 "$without" "DROP INDEX disputes_open; DROP INDEX referrals_open; DROP INDEX followups_open;
		DROP INDEX mediations_report; DROP INDEX followups_report; DROP INDEX disputes_station_no;
		DROP INDEX disputes_division; DROP INDEX disputes_division_no; DROP INDEX disputes_station_open;
		CREATE INDEX disputes_station_registered ON disputes (station, registered_on);" || die "dropping 017's indexes"
	local w wo
	measure import-without "$BIN" --db "$without" import disputes "$csv"
	[ "$RC" = 0 ] || fail_with import-without "import disputes failed (exit $RC)"
	wo=$WALL
	measure import-with "$BIN" --db "$with" import disputes "$csv"
	[ "$RC" = 0 ] || fail_with import-with "import disputes failed (exit $RC)"
	w=$WALL
	echo
	echo "Import of $IMPORT_N new disputes (\`fengqiao import disputes\`, one run each): $(ms "$wo") without 017's" \
		"indexes, $(ms "$w") with them: $(ratio "$w" "$wo")× the time."
	rm -f "$with" "$without" "$with.key" "$without.key" "$with.audit" "$without.audit"
}

status=0
echo "NDIS=$NDIS disputes over $YEARS years ($first_date .. $LAST), report $FROM .. $TO --compare yoy," \
	"$RUNS runs each, median; $(nproc) CPUs, load before the run $(cut -d' ' -f1-3 /proc/loadavg)."
for order in $ORDERS; do
	db=$TMP/$order.db
	t0=$(date +%s%N)
	generate "$db" "$order"
	gen_s=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.0f", (b - a) / 1e9 }')
	counts=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM disputes) || ' disputes, ' || (SELECT count(*) FROM parties)
		|| ' parties, ' || (SELECT count(*) FROM mediations) || ' mediations, ' || (SELECT count(*) FROM referrals)
		|| ' referrals, ' || (SELECT count(*) FROM followups) || ' follow-ups'")
	echo
	echo "### ORDER=$order: $counts (with the demo's), $(mib $(($(stat -c %s "$db") / 1024))) MiB; generated and rolled up in $gen_s s; load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "| scope | report (median) | report CPU | GROUP BY over disputes (median) | ratio | same figures |"
	echo "|---|---|---|---|---|---|"
	for scope in bureau station:S01 division:$COMMUNITY division:$TOWN; do
		case $scope in
		bureau) args=() cond= ;;
		station:*) args=(--station "${scope#*:}") cond=" AND station = '${scope#*:}'" ;;
		division:*) args=(--division "${scope#*:}") cond=$(below "${scope#*:}") ;;
		esac
		name=${order}_${scope//:/_}
		plain_sql "$cond" >"$TMP/$name.sql"
		rep=() cpu=() pl=()
		for r in $(seq "$RUNS"); do
			measure "$name.rep$r" "$BIN" --db "$db" report disputes --from "$FROM" --to "$TO" --compare yoy "${args[@]}" \
				--format json
			[ "$RC" = 0 ] || fail_with "$name.rep$r" "report disputes failed (exit $RC)"
			rep+=("$WALL") cpu+=("$CPU")
			measure "$name.sql$r" sqlite3 -csv "$db" ".read $TMP/$name.sql"
			[ "$RC" = 0 ] || fail_with "$name.sql$r" "the GROUP BY failed (exit $RC)"
			pl+=("$WALL")
		done
		rm=$(median "${rep[@]}") pm=$(median "${pl[@]}")
		ok=$(same "$TMP/$name.rep1.out" "$TMP/$name.sql1.out") || status=1
		if [ -n "$BEFORE" ]; then
			"$BEFORE" --db "$db" report disputes --from "$FROM" --to "$TO" --compare yoy "${args[@]}" --format json \
				>"$TMP/$name.before" || die "$BEFORE report disputes failed"
			if cmp -s "$TMP/$name.before" "$TMP/$name.rep1.out"; then ok+="; byte-identical to FENGQIAO_BEFORE"; else
				ok+="; **differs from FENGQIAO_BEFORE**" status=1; fi
		fi
		echo "| ${scope/:/ } | $(ms "$rm") | $(median "${cpu[@]}") s | $(ms "$pm") | $(ratio "$pm" "$rm")× | $ok |"
	done
	[ "$IMPORT_N" -gt 0 ] && import_cost "$db"
done
exit $status
