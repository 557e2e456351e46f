# bench/measure.sh — the measuring helpers bench/report-lib.sh and
# bench/disputes.sh share.  Sourced once TMP (the temporary directory) is set.

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
	echo "$SELF: $2" >&2
	tail -20 "$TMP/$1.err" >&2 || true
	exit 1
}
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
