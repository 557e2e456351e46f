#!/usr/bin/env bash
# bench/recuperation-e2e.sh — the recuperation planner (CONTRACTS §7) end to end, through the
# database: what bench/recuperation.sh measures without it, here as a user runs it.
#
# Generates from a fixed seed (an awk Park-Miller generator: the same files on every machine)
# CSV files for a city: `units` (a city bureau, COUNTIES county bureaus and UNITS units of
# Zipf-like sizes, three in four front-line kinds), `personnel` (STAFF, with unit, party,
# hired_on), `honours` (each unit 10-30 % honoured, ~4 000 people; skewed kinds: every one an
# `excellent`, 28 % a third-class merit, 8 % a second, 3 % a first, 1 % a model officer) and
# `recuperations` (past trips 2019-2025, a tenth of the honoured); imports them with
# `fengqiao import` into a fresh database (`init` first), writes a programme of PLACES places,
# ROUTES routes × PER_ROUTE groups (a group every 5 days for 7 days, routes a day apart, so
# groups overlap) and times `fengqiao recuperation plan PROG --format json` (wall, CPU, peak
# RSS via /usr/bin/time).  Checks the JSON with jq: feasible, selected = places, front_line_pct
# ≥ the minimum, no group above size_max or short of party members, no unit above its cap on
# any day, the same optimal score on every backend.
#
# Target (issue 14): proven optimal (or a reported gap) within 30 s.  Exit 0 whether or not the
# target is met (a measurement); 1 when the bench itself fails (import, plan or a check).
#
# Environment: STAFF (20000) UNITS (300) COUNTIES (6) PLACES (2000) ROUTES (4) PER_ROUTE (20)
#              SHARE (20: % of a unit away at once) SEED (20261001) FENGQIAO (build/fengqiao)
#              BACKENDS ("sqlite postgresql": postgresql runs on a throwaway tests/pg/cluster,
#              skipped when its binaries are missing)  KEEP (1: keep the work directory)
set -euo pipefail
cd "$(dirname "$0")/.."

STAFF=${STAFF:-20000}
UNITS=${UNITS:-300}
COUNTIES=${COUNTIES:-6}
PLACES=${PLACES:-2000}
ROUTES=${ROUTES:-4}
PER_ROUTE=${PER_ROUTE:-20}
SHARE=${SHARE:-20}
SEED=${SEED:-20261001}
BIN=${FENGQIAO:-build/fengqiao}
BACKENDS=${BACKENDS:-sqlite postgresql}
FRONT_MIN=80

die() { echo "bench/recuperation-e2e.sh: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN not found (make build/fengqiao)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
command -v jq >/dev/null || die "jq not found"

TMP=$(mktemp -d /tmp/fq-recuperation-e2e.XXXXXX)
CLUSTER=$TMP/pg
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -d "$CLUSTER" ] && { tests/pg/cluster stop "$CLUSTER" >/dev/null 2>&1 || true; }
	if [ "${KEEP:-0}" = 1 ]; then echo "bench/recuperation-e2e.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
chmod 755 "$TMP" # the PostgreSQL server may run as another account
export FENGQIAO_AUDIT_KEY=$TMP/audit.key FENGQIAO_AUDIT_CHECKPOINTS=$TMP/audit.checkpoints

# ------------------------------------------------------------------ the city, as CSV files
awk -v staff="$STAFF" -v nunits="$UNITS" -v counties="$COUNTIES" -v seed="$SEED" -v dir="$TMP" '
function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 } # Park-Miller: exact in doubles
function below(n) { return int(rnd() * n) }
function d2(n) { return sprintf("%02d", n) }
BEGIN {
	x = seed % 2147483646 + 1
	for (i = 0; i < 20; i++) rnd()
	U = dir "/units.csv"; P = dir "/personnel.csv"; H = dir "/honours.csv"; R = dir "/recuperations.csv"
	print "code,name,kind,parent,front_line" > U
	print "CITY,市公安局,bureau,," > U
	for (c = 1; c <= counties; c++) printf "C%d,第%d县公安局,bureau,CITY,\n", c, c > U
	split("station criminal traffic patrol drugs prison", fk, " ")
	split("派出所 刑侦大队 交警大队 巡特警大队 禁毒大队 看守所", fn, " ")
	# sizes: staff ∝ 1 / rank^0.8, at least 5; the rest to the largest
	for (u = 1; u <= nunits; u++) { w[u] = 1 / (u ^ 0.8); tw += w[u] }
	for (u = 1; u <= nunits; u++) { n[u] = int(staff * w[u] / tw); if (n[u] < 5) n[u] = 5; sum += n[u] }
	n[1] += staff - sum
	for (u = 1; u <= nunits; u++) {
		code = sprintf("U%03d", u)
		if (below(4) == 0) { kind = "office"; name = "机关科室" } else { k = below(6) + 1; kind = fk[k]; name = fn[k] }
		printf "%s,第%d%s,%s,C%d,\n", code, u, name, kind, (u % counties) + 1 > U
	}
	print "badge_no,name,type,position,party,unit,gender,hired_on" > P
	print "badge_no,title,kind,awarded_on" > H
	print "badge_no,year,route" > R
	split("hainan hunan yunnan neimenggu", routes, " ")
	id = 0
	for (u = 1; u <= nunits; u++) {
		code = sprintf("U%03d", u)
		rate = 10 + below(21)                                # % honoured in this unit
		for (i = 0; i < n[u]; i++) {
			id++; b = sprintf("P%06d", id)
			aux = below(10) < 3
			p = below(100); party = p < 55 ? "member" : p < 60 ? "probationary" : "none"
			hy = 1988 + below(36)                             # hired 1988-2023
			printf "%s,警员%d,%s,%s,%s,%s,%s,%d-%s-%s\n", b, id, aux ? "auxiliary" : "police", aux ? "auxiliary" : "other", \
				party, code, below(5) ? "male" : "female", hy, d2(below(12) + 1), d2(below(28) + 1) > P
			if (below(100) >= rate) continue
			honoured++
			ay = hy + 1 + below(2025 - hy)                    # after the hiring year, by 2025
			printf "%s,%d年度优秀民警,excellent,%d-01-15\n", b, ay, ay > H
			first = ay
			h = below(100)
			if (h < 40) {
				k = h < 1 ? "model" : h < 4 ? "merit_1" : h < 12 ? "merit_2" : "merit_3"
				t = k == "model" ? "公安英雄模范" : k == "merit_1" ? "个人一等功" : k == "merit_2" ? "个人二等功" : "个人三等功"
				y = hy + 1 + below(2025 - hy)
				printf "%s,%s,%s,%d-06-01\n", b, t, k, y > H
				if (y < first) first = y
			}
			if (below(10) == 0 && first < 2025) { trips++; printf "%s,%d,%s\n", b, first + 1 + below(2025 - first), routes[below(4) + 1] > R }
		}
	}
	printf "%d %d\n", honoured, trips > (dir "/counts")
}' || die "cannot generate the city"

# ------------------------------------------------------------------ the programme
awk -v places="$PLACES" -v routes="$ROUTES" -v per="$PER_ROUTE" -v share="$SHARE" -v fmin="$FRONT_MIN" -v seed="$SEED" '
function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 }
function day(d,  m) { # 2026-03-01 + d days (2026 is not a leap year)
	d++; for (m = 3; d > ml[m]; m++) d -= ml[m]
	if (m > 12) { print "bench/recuperation-e2e.sh: dates past 2026" > "/dev/stderr"; exit 1 }
	return sprintf("2026-%02d-%02d", m, d)
}
BEGIN {
	x = seed % 2147483646 + 7; split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
	split("hainan hunan yunnan neimenggu", code, " "); split("海南 湖南 云南 内蒙古", name, " ")
	printf "{\"name\": \"基准：城市规模疗养计划\", \"year\": 2026, \"places\": %d,\n", places
	printf " \"front_line_min_pct\": %d, \"branch_min_members\": 3, \"unit_share_max_pct\": %d,\n", fmin, share
	print " \"exclude_attended_within_years\": 3,"
	print " \"score\": {\"model\": 100, \"merit_1\": 60, \"merit_2\": 40, \"merit_3\": 20, \"excellent\": 10, \"per_year_of_service\": 1},"
	printf " \"routes\": ["
	for (r = 1; r <= routes; r++) {
		c = r <= 4 ? code[r] : "route" r; nm = r <= 4 ? name[r] : "线路" r
		printf "%s\n  {\"code\": \"%s\", \"name\": \"%s\", \"theme\": \"健康休养\", \"groups\": [", (r > 1 ? "," : ""), c, nm
		for (g = 1; g <= per; g++) {
			s = (g - 1) * 5 + (r - 1)
			printf "%s\n   {\"code\": \"%s%02d\", \"start\": \"%s\", \"end\": \"%s\", \"size_max\": %d}", (g > 1 ? "," : ""), \
				toupper(substr(c, 1, 2)), g, day(s), day(s + 6), 25 + int(rnd() * 6)
		}
		printf "]}"
	}
	print "]}"
}' >"$TMP/prog.json" || die "cannot write the programme"
jq -e . "$TMP/prog.json" >/dev/null || die "the programme is not JSON"

read -r HONOURED TRIPS <"$TMP/counts"
NUNITS=$(($(wc -l <"$TMP/units.csv") - 1))
echo "End to end (\`fengqiao import\` then \`fengqiao recuperation plan --format json\`): $STAFF staff in $NUNITS units" \
	"(1 city, $COUNTIES county bureaus, $UNITS of Zipf-like sizes), $HONOURED people honoured" \
	"($(($(wc -l <"$TMP/honours.csv") - 1)) honours), $TRIPS past trips; $PLACES places, $ROUTES routes × $PER_ROUTE groups," \
	"≥ $FRONT_MIN % front-line, 3 party members a group, at most $SHARE % of a unit away at once; seed $SEED;" \
	"load $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| backend | import s (units, personnel, honours, recuperations) | eligible | plan wall s | plan CPU s | peak RSS MiB | result | gap | selected | front-line % | score | groups used | checks |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"

status=0 SCORE=
run() { # backend DB
	local be=$1 db=$2 k imp="" wall user sys rss out=$TMP/plan-$1.json
	"$BIN" --db "$db" init >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "$be: init failed"; }
	for k in units personnel honours recuperations; do
		/usr/bin/time -f '%e' -o "$TMP/time" "$BIN" --db "$db" import "$k" "$TMP/$k.csv" >"$TMP/import.log" 2>&1 ||
			{ tail -n 20 "$TMP/import.log" >&2; die "$be: import $k failed"; }
		imp="$imp${imp:+ + }$(cat "$TMP/time")"
	done
	local rc=0
	/usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$BIN" --db "$db" recuperation plan "$TMP/prog.json" --format json \
		>"$out" 2>"$TMP/plan.err" || rc=$?
	if [ "$rc" != 0 ] || ! jq -e .feasible "$out" >/dev/null 2>&1; then
		echo "bench/recuperation-e2e.sh: $be: plan exited $rc" >&2; head -c 2000 "$out" "$TMP/plan.err" >&2; status=1; return
	fi
	read -r wall user sys rss < <(tail -n1 "$TMP/time")
	local checks=ok
	jq -e --argjson places "$PLACES" --argjson fmin "$FRONT_MIN" '
		def day: strptime("%Y-%m-%d") | mktime;
		.feasible and .selected == $places and ([.groups[].members | length] | add) == $places
		and .front_line_pct >= $fmin
		and all(.groups[]; (.members | length) <= .size_max
			and ((.members | length) == 0 or ([.members[] | select(.party == "member")] | length) >= 3))
		and ((reduce .units[] as $u ({}; .[$u.code] = $u.cap)) as $cap   # a unit at most its cap on any day
			| [.groups[] | (.start | day) as $s | (.end | day) as $e | .members[] as $m
				| range($s; $e + 1; 86400) | {u: $m.unit, d: .}]
			| group_by([.u, .d]) | all(length <= $cap[.[0].u]))' "$out" >/dev/null || { checks="**failed**"; status=1; }
	local score
	score=$(jq -r .score "$out")
	if [ -n "$SCORE" ] && [ "$score" != "$SCORE" ]; then checks="**score differs from $SCORE**"; status=1; fi
	SCORE=$score # the optimum is the same on every backend (the choice among equal totals may not be)
	printf '| %s | %s | %s | %s | %.2f | %.1f | %s | %s | %s | %s | %s | %s | %s |\n' "$be" "$imp" \
		"$(jq -r .eligible "$out")" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "scale=1; $rss / 1024" | bc)" \
		"$(jq -r 'if .optimal then "proven optimal" else "time limit" end' "$out")" "$(jq -r .gap "$out")" \
		"$(jq -r .selected "$out")" "$(jq -r .front_line_pct "$out")" "$score" \
		"$(jq -r '[.groups[] | select((.members | length) > 0)] | length' "$out")" "$checks"
}

for be in $BACKENDS; do
	case $be in
	sqlite) run sqlite "$TMP/fq.db" ;;
	postgresql)
		if ! tests/pg/cluster start "$CLUSTER" >"$TMP/pg.log" 2>&1; then
			echo "| postgresql | skipped: no PostgreSQL cluster ($(tail -n1 "$TMP/pg.log")) | | | | | | | | | | | |"
			continue
		fi
		run postgresql "$(tests/pg/cluster createdb "$CLUSTER" fengqiao)" ;;
	*) die "unknown backend $be" ;;
	esac
done
exit $status
