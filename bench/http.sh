#!/usr/bin/env bash
# bench/http.sh — HTTP throughput and latency of the API against nginx.
#
# On loopback, in one run: wrk against
#   * the personnel list, 20 records a page, with a logged-in session cookie;
#   * /healthz (no session, no database);
#   * nginx serving a static file of the same byte size as the list's body.
# Reports requests per second, p50 and p99, the list's share of nginx's
# throughput, and the Fengqiao server's memory (VmRSS, VmHWM) after the runs.
#
# Target: list >= 30 % of nginx's static throughput, list p99 < 20 ms at 64
# connections.  Exit status 0 whether or not the target is met (it is a
# measurement); 1 when the bench itself fails (server error, non-2xx, ...).
#
# Environment:
#   DURATION  wrk duration per target        (default 10s)
#   WARMUP    warm-up per target, discarded  (default 2s)
#   CONNS     wrk connections                (default 64)
#   ROUNDS    rounds over all the targets, interleaved; medians reported (default 1)
#   THREADS   wrk threads                    (default 2)
#   FQ_THREADS  server's --threads           (default: the server's own, nproc)
#   PER_IP    server's --per-ip: wrk's connections all come from one address
#             (default CONNS + 16; empty: not given, for a binary without it)
#   FENGQIAO  binary                         (default build/fengqiao)
#   BIG       a second list measured for information (default
#             /api/v1/incidents?per_page=20, the demo's largest table; empty: skip)
#   KEEP=1    keep the temporary directory (database, nginx config, wrk logs)
#   VERBOSE=1 print wrk's own output too
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-2}
BIN=${FENGQIAO:-build/fengqiao}
PASS=load-test-pass-1
LIST_PATH='/api/v1/personnel?per_page=20'
# For information: a page of the demo's largest table (BIG= to skip).
BIG_PATH=${BIG-/api/v1/incidents?per_page=20}

die() { echo "bench/http.sh: $*" >&2; exit 1; }

for t in wrk nginx curl awk; do
	command -v "$t" >/dev/null || die "$t not found (apt-get install -y wrk nginx-light curl)"
done
[ -x "$BIN" ] || die "$BIN missing: run 'make build/fengqiao' first"

T=$(mktemp -d "${TMPDIR:-/tmp}/fq-bench.XXXXXX")
FQ_PID='' NGX_PID=''
cleanup() {
	local rc=$?
	for p in $FQ_PID $NGX_PID; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in $FQ_PID $NGX_PID; do
		wait "$p" 2>/dev/null || true
	done
	if [ "${KEEP:-0}" = 1 ]; then
		echo "bench/http.sh: kept $T" >&2
	else
		rm -rf "$T"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port: nothing answers a connect.
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free port"
}

wait_port() { # port pid name
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || { tail -n 20 "$T/$3.log" >&2; die "$3 exited at start-up"; }
		sleep 0.05
	done
	die "$3 does not listen on 127.0.0.1:$1"
}

# A private copy: others may rebuild build/fengqiao while the bench runs.
cp "$BIN" "$T/fengqiao"
BIN_VERSION="$(sha256sum "$T/fengqiao" | cut -c1-12), built $(date -u -r "$BIN" '+%Y-%m-%d %H:%M UTC')"
BIN=$T/fengqiao

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- Fengqiao: demo database, an administrator, the server ----
"$BIN" --db "$T/b.db" init --demo >"$T/init.log" 2>&1 || { cat "$T/init.log" >&2; die "init --demo failed"; }
printf '%s\n' "$PASS" | "$BIN" --db "$T/b.db" user add bench --role admin >>"$T/init.log" 2>&1 ||
	{ cat "$T/init.log" >&2; die "user add failed"; }

FQ_PORT=$(free_port)
fq_args=(--db "$T/b.db" serve --listen "127.0.0.1:$FQ_PORT")
[ -n "${FQ_THREADS:-}" ] && fq_args+=(--threads "$FQ_THREADS")
PER_IP=${PER_IP-$((CONNS + 16))}
[ -n "$PER_IP" ] && fq_args+=(--per-ip "$PER_IP")
"$BIN" "${fq_args[@]}" >"$T/fengqiao.log" 2>&1 &
FQ_PID=$!
wait_port "$FQ_PORT" "$FQ_PID" fengqiao
FQ_RSS_START=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$FQ_PID/status")
FQ="http://127.0.0.1:$FQ_PORT"

# Log in; the cookie's value comes from Set-Cookie.
code=$(curl -s -o "$T/login.json" -D "$T/login.hdr" -w '%{http_code}' \
	-H 'Content-Type: application/json' \
	--data "{\"username\":\"bench\",\"password\":\"$PASS\"}" "$FQ/api/v1/session")
[ "$code" = 200 ] || die "login answered $code: $(cat "$T/login.json")"
COOKIE=$(tr -d '\r' <"$T/login.hdr" | sed -n 's/^[Ss]et-[Cc]ookie: *fq_session=\([^;]*\).*/\1/p' | head -n1)
[ -n "$COOKIE" ] || die "no fq_session cookie in the login response"

code=$(curl -s -o "$T/list.json" -w '%{http_code}' -H "Cookie: fq_session=$COOKIE" "$FQ$LIST_PATH")
[ "$code" = 200 ] || die "list answered $code: $(head -c 300 "$T/list.json")"
BODY_BYTES=$(wc -c <"$T/list.json")
NRECORDS=$(grep -o '"id":' "$T/list.json" | wc -l || true)
LIST_TOTAL=$(grep -o '"total":[0-9]*' "$T/list.json" | cut -d: -f2 || true)
code=$(curl -s -o /dev/null -w '%{http_code}' "$FQ/healthz")
[ "$code" = 200 ] || die "/healthz answered $code"
if [ -n "$BIG_PATH" ]; then
	code=$(curl -s -o "$T/big.json" -w '%{http_code}' -H "Cookie: fq_session=$COOKIE" "$FQ$BIG_PATH")
	if [ "$code" != 200 ]; then
		echo "bench/http.sh: $BIG_PATH answered $code: skipped" >&2
		BIG_PATH=''
	fi
	BIG_BYTES=$(wc -c <"$T/big.json")
	BIG_TOTAL=$(grep -o '"total":[0-9]*' "$T/big.json" | cut -d: -f2 || true)
fi

# ---- nginx: a static file of the same size ----
mkdir -p "$T/www"
head -c "$BODY_BYTES" /dev/zero | tr '\0' 'x' >"$T/www/static.json"
NGX_PORT=$(free_port)
cat >"$T/nginx.conf" <<EOF
worker_processes auto;
pid $T/nginx.pid;
error_log $T/nginx.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    default_type application/json;
    client_body_temp_path $T/ngx-body;
    proxy_temp_path $T/ngx-proxy;
    fastcgi_temp_path $T/ngx-fastcgi;
    server {
        listen 127.0.0.1:$NGX_PORT;
        root $T/www;
    }
}
EOF
# Run as whoever we are (root included): no user switch, so no 'user' line.
[ "$(id -u)" = 0 ] && sed -i '1i user root;' "$T/nginx.conf"
nginx -e "$T/nginx.log" -p "$T" -c "$T/nginx.conf" -g 'daemon off;' >"$T/nginx.out" 2>&1 &
NGX_PID=$!
wait_port "$NGX_PORT" "$NGX_PID" nginx
NGX="http://127.0.0.1:$NGX_PORT"
nbytes=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "$NGX/static.json")
[ "$nbytes" = "200 $BODY_BYTES" ] || die "nginx answered '$nbytes', expected '200 $BODY_BYTES'"

# ---- wrk ----
# Latency as wrk prints it (850.00us, 3.45ms, 1.02s, 1.00m) to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
		printf "%.2f", n }'
}

# CPU time (user + system, clock ticks) of processes, children's threads included.
HZ=$(getconf CLK_TCK)
cpu_ticks() {
	local p n=0
	for p in "$@"; do
		n=$((n + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }')))
	done
	echo $n
}

# measure NAME ROUND PIDS URL [wrk args...]: one wrk run (after a warm-up in the
# first round), parsed into the M_<field>[NAME.ROUND] arrays.  PIDS (comma-
# separated) are the server processes whose CPU time is charged to it.
declare -A M_RPS M_P50 M_P99 M_REQS M_NON2XX M_SOCKERR M_TICKS M_WSEC
measure() {
	local name=$1 round=$2 pids=${3//,/ } url=$4
	shift 4
	local k=$name.$round f="$T/wrk-$name.$round.txt"
	if [ "$round" = 1 ]; then
		wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$@" "$url" >"$T/wrk-$name-warmup.txt" 2>&1 ||
			die "wrk warm-up on $name failed: $(cat "$T/wrk-$name-warmup.txt")"
	fi
	local c0 c1
	# shellcheck disable=SC2086 # $pids: one word per process
	c0=$(cpu_ticks $pids)
	# bash's `time` gives wrk's own CPU (user and system seconds)
	{ TIMEFORMAT='%3U %3S'; time wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url" \
		>"$f" 2>&1; } 2>"$T/wrk-$k.cpu" || die "wrk on $name failed: $(cat "$f")"
	c1=$(cpu_ticks $pids)
	M_TICKS[$k]=$((c1 - c0))
	M_WSEC[$k]=$(awk '{ print $1 + $2 }' "$T/wrk-$k.cpu")
	M_RPS[$k]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	M_P50[$k]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
	M_P99[$k]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
	M_REQS[$k]=$(awk '/requests in/ { print $1 }' "$f")
	M_NON2XX[$k]=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$f")
	M_NON2XX[$k]=${M_NON2XX[$k]:-0}
	M_SOCKERR[$k]=$(awk '/Socket errors:/ { gsub(/[^0-9 ]/, " "); n = 0; for (i = 1; i <= NF; i++) n += $i; print n }' "$f")
	M_SOCKERR[$k]=${M_SOCKERR[$k]:-0}
	[ "${VERBOSE:-0}" = 1 ] && cat "$f" >&2
	return 0
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# summarise NAME: medians of req/s, p50, p99 over the rounds; sums of requests,
# errors and CPU (so CPU per request is over every round) into R_<field>[NAME].
declare -A R_RPS R_P50 R_P99 R_REQS R_NON2XX R_SOCKERR R_CPU R_WCPU
summarise() {
	local name=$1 r reqs=0 non=0 sock=0 ticks=0 wsec=0
	for r in $(seq "$ROUNDS"); do
		reqs=$((reqs + M_REQS[$name.$r]))
		non=$((non + M_NON2XX[$name.$r]))
		sock=$((sock + M_SOCKERR[$name.$r]))
		ticks=$((ticks + M_TICKS[$name.$r]))
		wsec=$(awk -v a="$wsec" -v b="${M_WSEC[$name.$r]}" 'BEGIN { print a + b }')
	done
	R_RPS[$name]=$(for r in $(seq "$ROUNDS"); do echo "${M_RPS[$name.$r]}"; done | median | awk '{ printf "%.0f", $1 }')
	R_P50[$name]=$(for r in $(seq "$ROUNDS"); do echo "${M_P50[$name.$r]}"; done | median)
	R_P99[$name]=$(for r in $(seq "$ROUNDS"); do echo "${M_P99[$name.$r]}"; done | median)
	R_REQS[$name]=$reqs R_NON2XX[$name]=$non R_SOCKERR[$name]=$sock
	# CPU per request, microseconds (server: clock ticks, 1/HZ s, over the whole run)
	R_CPU[$name]=$(awk -v t="$ticks" -v hz="$HZ" -v n="$reqs" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }')
	R_WCPU[$name]=$(awk -v s="$wsec" -v n="$reqs" 'BEGIN { printf "%.1f", n ? s * 1e6 / n : 0 }')
}

mem_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
FQ_HWM_PRE=$(mem_kb "$FQ_PID" VmHWM)

NGX_PIDS=$(echo "$NGX_PID" "$(pgrep -P "$NGX_PID" || true)" | tr -s ' \n' ,)
NGX_PIDS=${NGX_PIDS%,}
TARGETS="nginx healthz list${BIG_PATH:+ big}"
# Rounds interleave the targets, so a burst of other work on the machine
# falls on all of them rather than on one.
for round in $(seq "$ROUNDS"); do
	measure nginx "$round" "$NGX_PIDS" "$NGX/static.json"
	measure healthz "$round" "$FQ_PID" "$FQ/healthz"
	measure list "$round" "$FQ_PID" "$FQ$LIST_PATH" -H "Cookie: fq_session=$COOKIE"
	# For information, not the target: the same page of the largest table.
	if [ -n "$BIG_PATH" ]; then
		measure big "$round" "$FQ_PID" "$FQ$BIG_PATH" -H "Cookie: fq_session=$COOKIE"
	fi
done
for n in $TARGETS; do
	summarise "$n"
done

kill -0 "$FQ_PID" 2>/dev/null || die "fengqiao died during the run (see $T/fengqiao.log)"
FQ_RSS=$(mem_kb "$FQ_PID" VmRSS)
FQ_HWM=$(mem_kb "$FQ_PID" VmHWM)
FQ_NTHREADS=$(mem_kb "$FQ_PID" Threads)
NGX_RSS=0
for p in ${NGX_PIDS//,/ }; do
	NGX_RSS=$((NGX_RSS + $(mem_kb "$p" VmRSS)))
done

# The server must still answer correctly after the load.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: fq_session=$COOKIE" "$FQ$LIST_PATH")
[ "$code" = 200 ] || die "list answered $code after the run"

# ---- report ----
ratio=$(awk -v a="${R_RPS[list]}" -v b="${R_RPS[nginx]}" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }')
tp_ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 30) ? "yes" : "no" }')
lat_ok=$(awk -v p="${R_P99[list]}" 'BEGIN { print (p < 20) ? "yes" : "no" }')
# A verdict needs its measurements: every figure present and positive, and no
# request that failed; otherwise the target is "not measured", never "met".
errors=0
for n in $TARGETS; do
	[ "${R_NON2XX[$n]:-x}" = 0 ] && [ "${R_SOCKERR[$n]:-x}" = 0 ] || errors=1
done
measured=yes
for v in "${R_RPS[list]:-}" "${R_RPS[nginx]:-}" "${R_P99[list]:-}"; do
	awk -v v="$v" 'BEGIN { exit !(v ~ /^[0-9.]+$/ && v + 0 > 0) }' || measured=no
done
[ "$errors" = 0 ] || measured=no
met=no
[ "$tp_ok" = yes ] && [ "$lat_ok" = yes ] && met=yes
verdict=$([ "$measured" = no ] && echo "not measured (a figure missing, or requests failed)" || { [ $met = yes ] && echo met || echo NOT met; })

row() { # label name ratio
	echo "| $1 | ${R_RPS[$2]} | ${R_P50[$2]} | ${R_P99[$2]} | $3 | ${R_CPU[$2]} | ${R_WCPU[$2]} | ${R_REQS[$2]} | ${R_NON2XX[$2]} | ${R_SOCKERR[$2]} |"
}
pct() { awk -v a="${R_RPS[$1]}" -v b="${R_RPS[nginx]}" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }'; }

echo "### HTTP: wrk -t$THREADS -c$CONNS -d$DURATION --latency (after a $WARMUP warm-up), loopback, $ROUNDS round(s)"
echo
echo "Binary: $BIN_VERSION (sha256 prefix). List body: $BODY_BYTES bytes, $NRECORDS records of $LIST_TOTAL;"
echo "nginx serves a static file of the same size. CPU columns: user + system time of the server's"
echo "processes, and of wrk, during the measured run, divided by the requests (both share the same CPUs)."
echo
echo "| target | req/s | p50 (ms) | p99 (ms) | % of nginx req/s | server CPU (µs/req) | wrk CPU (µs/req) | requests | non-2xx | socket errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row "nginx static file ($BODY_BYTES B)" nginx 100.0
row "fengqiao \`GET /healthz\`" healthz "$(pct healthz)"
row "fengqiao \`GET $LIST_PATH\`" list "$ratio"
if [ -n "$BIG_PATH" ]; then
	row "(info) fengqiao \`GET $BIG_PATH\` ($BIG_BYTES B, $BIG_TOTAL rows)" big "$(pct big)"
fi
# Were the CPUs the only limit, req/s would scale as 1 / (server + wrk CPU per request):
# this ratio is less sensitive to other work on the machine than the measured one.
ROUNDS_NOTE=''
if [ "$ROUNDS" -gt 1 ]; then
	ROUNDS_NOTE="req/s, p50 and p99 are medians over the rounds. List as % of nginx's req/s, round by round:"
	for r in $(seq "$ROUNDS"); do
		ROUNDS_NOTE+=$(awk -v a="${M_RPS[list.$r]}" -v b="${M_RPS[nginx.$r]}" 'BEGIN { printf " %.1f", b ? 100 * a / b : 0 }')
	done
	ROUNDS_NOTE+=$'.\n'
fi
cpu_ratio=$(awk -v a="${R_CPU[nginx]}" -v b="${R_WCPU[nginx]}" -v c="${R_CPU[list]}" -v d="${R_WCPU[list]}" \
	'BEGIN { printf "%.1f", (c + d) ? 100 * (a + b) / (c + d) : 0 }')
cat <<EOF

${ROUNDS_NOTE}List vs nginx from CPU cost alone ((server + wrk) CPU per request): $cpu_ratio % of nginx's throughput.

Fengqiao memory: VmRSS $FQ_RSS kB after the runs ($FQ_RSS_START kB at start-up); VmHWM $FQ_HWM kB after the runs,
$FQ_HWM_PRE kB before them (the peak comes from the login's password hash, not from the load); $FQ_NTHREADS threads.
nginx memory (master + workers): VmRSS $NGX_RSS kB.
Machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo); load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after (other work on the machine skews the figures).

Target (list >= 30 % of nginx req/s: $ratio % -> $tp_ok; list p99 < 20 ms: ${R_P99[list]} ms -> $lat_ok): **$verdict**
EOF
cpu_ok=$(awk -v r="$cpu_ratio" 'BEGIN { print (r >= 30) ? "yes" : "no" }')
if [ "$cpu_ok" != "$tp_ok" ]; then
	echo
	echo "Caution: the CPU-cost estimate ($cpu_ratio %) and the measured ratio ($ratio %) fall on different sides of 30 %:"
	echo "other work on the machine probably skewed the run. Repeat on a quiet machine, or with ROUNDS=3."
fi

bad=0
for n in $TARGETS; do
	if [ "${R_NON2XX[$n]}" != 0 ] || [ "${R_SOCKERR[$n]}" != 0 ]; then
		echo "bench/http.sh: $n: ${R_NON2XX[$n]} non-2xx responses, ${R_SOCKERR[$n]} socket errors" >&2
		bad=1
	fi
done
if [ -s "$T/fengqiao.log" ] && grep -qv -e '正在' -e 'serving' "$T/fengqiao.log"; then
	echo "bench/http.sh: the server's log:" >&2
	cat "$T/fengqiao.log" >&2
fi
exit $bad
