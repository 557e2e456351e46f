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

# Sanitizers.  san_env DIR: every report goes to a file DIR/{asan,tsan}.PID and
# ends the program with the sanitizer's own exit status, 86 for ASan, UBSan
# and LeakSanitizer, 66 for ThreadSanitizer, which no command returns for a
# refusal (they use 1 and 2).  UBSan linked with ASan writes to stderr whatever
# log_path says, so `sanitized CMD...` also copies CMD's stderr to
# DIR/stderr.log.  san_reports DIR prints every report found (a report file, or
# a report in stderr.log) and fails if there is one.
SAN_EXIT=86 TSAN_EXIT=66
SAN_PATTERN='runtime error:|ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|Sanitizer:DEADLYSIGNAL'
san_env() {
	mkdir -p "$1"
	SAN_DIR=$1
	local supp
	supp=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tsan.supp
	export ASAN_OPTIONS="exitcode=$SAN_EXIT:abort_on_error=0:halt_on_error=1:detect_leaks=1:print_stacktrace=1:log_path=$1/asan"
	export UBSAN_OPTIONS="exitcode=$SAN_EXIT:abort_on_error=0:halt_on_error=1:print_stacktrace=1:log_path=$1/ubsan"
	export TSAN_OPTIONS="exitcode=$TSAN_EXIT:abort_on_error=0:halt_on_error=1:second_deadlock_stack=1:log_path=$1/tsan:suppressions=$supp"
}
sanitized() { "$@" 2> >(tee -a "$SAN_DIR/stderr.log" >&2); }
san_reports() {
	local f n=0
	for f in "$1"/*; do
		[ -s "$f" ] || continue
		if [ "$(basename "$f")" = stderr.log ]; then
			grep -qE "$SAN_PATTERN" "$f" || continue
			echo "--- sanitizer report in the commands' stderr:"
			grep -E -A 30 "$SAN_PATTERN" "$f" | head -n 80
		else
			echo "--- sanitizer report $(basename "$f"):"
			head -n 80 "$f"
		fi
		n=$((n + 1))
	done
	[ "$n" -eq 0 ]
}

# refuses NAME RC PATTERN CMD...: CMD must exit with exactly RC (CONTRACTS.md §1:
# 1 for an error, 2 for a usage error; a sanitizer's 86 or 66 never passes as a
# refusal) and say PATTERN (an extended regexp) on stderr or stdout.
refuses() {
	local name=$1 want=$2 pat=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -qE -- "$pat" <<<"$out"; then ok
	else bad "$name: want exit $want and /$pat/, got exit $rc: $(head -c 300 <<<"$out")"; fi
}

# The tests' "today" (FENGQIAO_TODAY): the demonstration data ends the day
# before, and every figure is the same whatever day the tests run.
export FENGQIAO_TODAY=2026-09-15

# wait_up URL PID: until URL answers (30 s at most, for a loaded machine), or
# say why not when the server PID has exited (a port taken, a bad option).
wait_up() {
	local url=$1 pid=$2
	for _ in $(seq 300); do
		curl -sk "$url" >/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || { echo "wait_up: the server (pid $pid) exited before $url answered"; return 1; }
		sleep 0.1
	done
	echo "wait_up: $url did not answer within 30 s"
	return 1
}
