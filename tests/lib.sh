# tests/lib.sh — sourced by the shell test runners: counting checks against
# a plan, sanitizer settings, and the closing line tests/check sums.
#
#   plan N         the number of checks this run will make (a run that makes
#                  fewer or more fails: a check lost in a subshell, e.g. in a
#                  `check … | grep -q` pipeline, or a script that stopped early)
#   check NAME CMD...   passes when CMD succeeds
#   ok / bad MSG   count one check by hand
#   finish SUITE   prints "SUITE: N passed, N failed"; status 0 only when all
#                  passed and as many ran as planned
passed=0 failed=0 planned=
ok()  { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { local name=$1; shift; if "$@"; then ok; else bad "$name"; fi; }
plan() { planned=$1; }
finish() {
	local run=$((passed + failed))
	if [ -z "$planned" ]; then
		bad "$1: no plan"
	elif [ "$run" -ne "$planned" ]; then
		bad "$1: planned $planned checks, ran $run"
	fi
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
