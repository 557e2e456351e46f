# tests/lib.sh — sourced by the shell test runners: counting checks against
# a plan, sanitizer settings, and the closing line tests/check sums.
#
#   plan N         the number of checks this run will make (a run that makes
#                  fewer or more fails: a check lost in a subshell, e.g. in a
#                  `check … | grep -q` pipeline, or a script that stopped early)
#   check NAME CMD...   passes when CMD succeeds
#   ok / bad MSG   count one check by hand
#   skip N         N checks that do not apply to this backend (see Backends)
#   finish SUITE   prints "SUITE: N passed, N failed"; status 0 only when all
#                  passed and as many ran as planned
passed=0 failed=0 planned=
ok()  { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { local name=$1; shift; if "$@"; then ok; else bad "$name"; fi; }
plan() { planned=$1; }
finish() {
	local run=$((passed + failed + skipped))
	[ "$skipped" -eq 0 ] || echo "$1: $skipped skipped (not for this backend)"
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
# A loopback port nothing listens on now (a random one could be the test
# cluster's or another runner's): tried by connecting, 50 draws at most.
# Drawn below the kernel's ephemeral range (32768-60999 by default), where a
# client connection's own port (to the test cluster, say) makes bind() fail
# though nothing listens there: seen in CI.
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 12000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	echo "$p"
}
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

# ---- Backends ---------------------------------------------------------------
# FENGQIAO_TEST_PG=1 runs a runner on PostgreSQL.  The checks keep naming their
# databases by SQLite paths ($work/t.db); on PostgreSQL each path stands for a
# fresh database of its own in a throwaway cluster (tests/pg/cluster), made the
# first time the path is used and made again once `rm -f PATH*` has removed its
# marker file PATH.pgdb, with its audit key and checkpoints beside the path
# (PATH.key, PATH.audit) as on SQLite.  tests/check starts one cluster for every
# runner and passes its base URL in FENGQIAO_TEST_PG_URL; a runner started
# alone starts its own (pg_begin) and stops it at its end (pg_end).
#
#   on_pg                 true on PostgreSQL
#   pgwrap CMD...         exec CMD with --db PATH, --db=PATH and $FENGQIAO_DB as URLs
#   pg_bin BIN DIR        a program that runs BIN so (runners set bin to it)
#   sql PATH QUERY        sqlite3 PATH QUERY, or psql on PATH's database
#   fk_check PATH         dangling references (SQLite's foreign_key_check; none
#                         can exist on PostgreSQL, which checks every row)
#   skip N                N checks that do not apply to this backend, counted
pg_dir= skipped=0
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$PG_BIN/psql" ] || PG_BIN=$(dirname "$(command -v psql 2>/dev/null || echo /usr/bin/psql)")
on_pg() { [ -n "${FENGQIAO_TEST_PG:-}" ]; }
skip() { skipped=$((skipped + $1)); }
pg_begin() {
	on_pg || return 0
	[ -n "${FENGQIAO_TEST_PG_URL:-}" ] && return 0
	pg_dir=$(mktemp -d)
	FENGQIAO_TEST_PG_URL=$("$(dirname "${BASH_SOURCE[0]}")/pg/cluster" start "$pg_dir") || { echo "pg_begin: no cluster"; return 1; }
	export FENGQIAO_TEST_PG_URL
}
pg_end() { [ -z "$pg_dir" ] || "$(dirname "${BASH_SOURCE[0]}")/pg/cluster" stop "$pg_dir"; }
pg_url() {
	local path=$1 name
	case $path in *://*) echo "$path"; return ;; esac # a URL already
	name=fq_$(realpath -m "$path" | md5sum | cut -c1-16)
	if [ ! -e "$path.pgdb" ]; then
		local hp=${FENGQIAO_TEST_PG_URL#*://} # USER@HOST:PORT
		local user=${hp%@*} host=${hp#*@}
		"$PG_BIN/dropdb" -h "${host%:*}" -p "${host##*:}" -U "$user" --if-exists "$name" 2>/dev/null &&
			"$PG_BIN/createdb" -h "${host%:*}" -p "${host##*:}" -U "$user" "$name" &&
			mkdir -p "$(dirname "$path")" && : >"$path.pgdb"
	fi
	echo "$FENGQIAO_TEST_PG_URL/$name"
}
pgwrap() {
	if ! on_pg; then "$@"; return; fi
	local a=() x path=${FENGQIAO_DB:-} next=
	for x in "$@"; do
		if [ -n "$next" ]; then path=$x next=; a+=("$(pg_url "$x")"); continue; fi
		case $x in
		--db) next=1 a+=("$x") ;;
		--db=*) path=${x#--db=} a+=("--db=$(pg_url "$path")") ;;
		*) a+=("$x") ;;
		esac
	done
	[ -n "$path" ] || exec "${a[@]}"
	exec env FENGQIAO_DB="$(pg_url "$path")" FENGQIAO_AUDIT_KEY="${FENGQIAO_AUDIT_KEY:-$path.key}" \
		FENGQIAO_AUDIT_CHECKPOINTS="${FENGQIAO_AUDIT_CHECKPOINTS:-$path.audit}" "${a[@]}"
}
# pg_bin BIN DIR: on PostgreSQL, a program DIR/fengqiao that runs BIN through
# pgwrap (the same process: a server's pid is the server's), printed; else BIN.
pg_bin() {
	on_pg || { echo "$1"; return; }
	mkdir -p "$2"
	printf '#!/usr/bin/env bash\n. %q\npgwrap %q "$@"\n' "$(realpath "${BASH_SOURCE[0]}")" "$1" >"$2/fengqiao"
	chmod +x "$2/fengqiao"
	echo "$2/fengqiao"
}
# db_copy SRC DST: a copy of SRC's database (SQLite: the file; PostgreSQL: a
# database made from SRC as its template), audit files not included.
db_copy() {
	if on_pg; then
		local src dst hp=${FENGQIAO_TEST_PG_URL#*://}
		src=$(pg_url "$1") dst=$(pg_url "$2")
		local user=${hp%@*} host=${hp#*@}
		"$PG_BIN/dropdb" -h "${host%:*}" -p "${host##*:}" -U "$user" "${dst##*/}" &&
			"$PG_BIN/createdb" -h "${host%:*}" -p "${host##*:}" -U "$user" -T "${src##*/}" "${dst##*/}"
	else
		rm -f "$2-wal" "$2-shm"
		cp "$1" "$2"
	fi
}
sql() {
	if on_pg; then "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$(pg_url "$1")" -c "$2"
	else sqlite3 "$1" "$2"; fi
}
fk_check() { on_pg || sqlite3 "$1" "PRAGMA foreign_key_check"; }
export PG_BIN
export -f on_pg pg_url sql # for the checks that run in `bash -c`
