#!/usr/bin/env bash
# bench/recuperation.sh — the recuperation planner (CONTRACTS §7) at a city's scale.
#
# Builds bench/recuperation-bench.c against the planner's core (src/plan, no database: the
# loader that reads honours, history and units is the CLI's and the API's, not measured here)
# and plans a generated city: 20 000 staff in 300 units of skewed sizes, about 4 000 eligible,
# 2 000 places, 4 routes of 20 groups with overlapping dates; 80 % front-line, 3 party members
# a group, at most 20 % of a unit away at once.  One run per seed; each plan is checked again
# with plan_check.  Reports wall time, peak memory, proven optimal or the gap, selected, score.
#
# Target: proven optimal (or a reported gap) within 30 s.  Exit 0 whether or not the target is
# met (it is a measurement); 1 when the bench itself fails.
#
# Environment: STAFF (20000) UNITS (300) PLACES (2000) ROUTES (4) PER_ROUTE (20 groups a route)
#              SHARE (20: % of a unit away at once) SEEDS ("20261001 1 2") LIMIT (30 s, the solver's
#              time limit) CC (cc)
set -euo pipefail
cd "$(dirname "$0")/.."

STAFF=${STAFF:-20000}
UNITS=${UNITS:-300}
PLACES=${PLACES:-2000}
ROUTES=${ROUTES:-4}
PER_ROUTE=${PER_ROUTE:-20}
SEEDS=${SEEDS:-20261001 1 2}
LIMIT=${LIMIT:-30}
SHARE=${SHARE:-20}
CC=${CC:-cc}

die() { echo "bench/recuperation.sh: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
pkg-config --exists cbc || die "CBC not found (apt-get install -y coinor-libcbc-dev)"

TMP=$(mktemp -d /tmp/fq-recuperation-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# shellcheck disable=SC2046
"$CC" -std=c17 -D_GNU_SOURCE -O2 -Isrc $(pkg-config --cflags cbc) -o "$TMP/bench" bench/recuperation-bench.c \
	src/plan/planner.c src/plan/planner_check.c src/plan/cbc.c src/base/err.c src/base/text.c src/base/array.c \
	-lpthread -lm || die "cannot compile bench/recuperation-bench.c" # CBC: dlopen on the first plan

echo "Planner core without the database: $STAFF staff, $UNITS units, $PLACES places, $ROUTES routes × $PER_ROUTE groups, at most ${SHARE} % of a unit away at once, time limit ${LIMIT} s; load $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| seed | eligible | wall s | CPU s | peak RSS MiB | result | gap | selected | front-line | score | groups used |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
status=0
for seed in $SEEDS; do
	if ! /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$TMP/bench" "$STAFF" "$UNITS" "$PLACES" "$ROUTES" "$PER_ROUTE" "$seed" "$LIMIT" "$SHARE" >"$TMP/out" 2>"$TMP/err"; then
		cat "$TMP/out" "$TMP/err" >&2
		status=1
		continue
	fi
	line=$(head -n1 "$TMP/out")
	get() { printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	read -r wall user sys rss <"$TMP/time"
	if [ "$(get feasible)" = 1 ]; then
		result=$([ "$(get optimal)" = 1 ] && echo "proven optimal" || echo "time limit")
	else
		result="infeasible: $(sed -n 2p "$TMP/out")"
	fi
	printf '| %s | %s | %s | %.2f | %.1f | %s | %s | %s | %s | %s | %s |\n' "$seed" "$(get eligible)" "$wall" \
		"$(echo "$user + $sys" | bc)" "$(echo "scale=1; $rss / 1024" | bc)" "$result" "$(get gap)" "$(get selected)" \
		"$(get front_line)" "$(get score)" "$(get groups_used)"
done
exit $status
