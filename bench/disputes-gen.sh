# bench/disputes-gen.sh — the disputes generator bench/warnings.sh and
# bench/disputes.sh share: SQL that builds disputes, two parties each and a
# follow-up for a third of the settled ones straight into an `init --demo`
# database's tables (the program's import is not what they measure).
#
# Sourced; `bench_start` sets up a run; `disputes_sql` prints the statements (no transaction) from:
#   DIS_N        disputes
#   DIS_DAYS     days they span, from DIS_FIRST (YYYY-MM-DD)
#   DIS_DAY      SQL of a dispute's day 0 .. DIS_DAYS - 1 from `value` (1 .. DIS_N)
#   DIS_STATION  SQL of its station                 (default: one of S01 .. S11, evenly)
#   DIS_TYPE     SQL of its type over g_dis (i, k, station, fate)   (default 'neighbour')
#   DIS_DIVISION SQL of its division, likewise       (default NULL)
#   DIS_SATISFACTION SQL of a follow-up's satisfaction, likewise (default NULL)
#   DIS_FOLLOWUPS_OPEN percent of the follow-ups not done yet (default 0)
# Fate: < 5 no result yet; < 35 failed; else settled 5 days after
# registration; handled 2 days after.  Addresses are 2 % one of 100 hot ones,
# else one of 5M, 40 % none; parties 1 % one of 1 000 hot people, else one of
# 50M (no ID number: name and phone).  Addresses are written already folded,
# so address_key = address and person_key follows the program's rules.
# The temporary table g_dis (i, k, station, address, fate) stays for the
# caller's own rows (mediations, referrals).

# bench_start NAME: what both scripts check first (BIN built, the sqlite3 CLI,
# /usr/bin/time), BIN made absolute, and TMP: a temporary directory removed
# on exit unless KEEP=1.
bench_start() {
	[ -x "$BIN" ] || die "$BIN not found: build it first (make build/fengqiao)"
	BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
	command -v sqlite3 >/dev/null || die "sqlite3 CLI not found"
	[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
	TMP=$(mktemp -d "/tmp/fq-$1-bench.XXXXXX")
	trap 'if [ "$KEEP" = 1 ]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi' EXIT
}

# Rows are drawn by Lehmer-style hashes of their number, not random(): SQLite
# may evaluate an expression of a flattened subquery once per use, and a value
# used twice (an address and its key) must be the same.
h() { echo "(($1 * $2) % 2147483647)"; }

disputes_sql() {
	local station=${DIS_STATION:-"'S' || printf('%02d', 1 + abs(random()) % 11)"}
	cat <<SQL
-- an address: 2 % one of 100 hot ones, else one of 5M; 40 % of disputes have none
CREATE TEMP TABLE g_dis AS
SELECT value AS i, $DIS_DAY AS k, $station AS station,
       CASE WHEN abs(random()) % 100 < 40 THEN NULL
            WHEN abs(random()) % 100 < 2 THEN '热点路' || (abs(random()) % 100) || '号'
            ELSE '路' || (abs(random()) % 5000000) || '号' END AS address,
       abs(random()) % 1000 AS fate
FROM generate_series(1, $DIS_N);
-- fate: < 5 no result yet; < 35 failed; else settled 5 days after registration
INSERT INTO disputes (dispute_no, registered_on, station, type, source, division, address, address_key, status,
                      handled_on, result_on, settled_on, created_at, updated_at)
SELECT 'WD' || i, date('$DIS_FIRST', '+' || k || ' days'), station, ${DIS_TYPE:-"'neighbour'"}, 'walk_in',
       ${DIS_DIVISION:-NULL}, address, address,
       CASE WHEN fate < 5 THEN 'registered' WHEN fate < 35 THEN 'failed' ELSE 'settled' END,
       CASE WHEN fate < 5 THEN NULL ELSE date('$DIS_FIRST', '+' || (k + 2) || ' days') END,
       CASE WHEN fate < 5 THEN NULL ELSE date('$DIS_FIRST', '+' || (k + 5) || ' days') END,
       CASE WHEN fate < 35 THEN NULL ELSE date('$DIS_FIRST', '+' || (k + 5) || ' days') END, 0, 0
FROM g_dis;
-- two parties a dispute: 1 % one of 1 000 hot people, else one of 50M (no ID number: name and phone)
INSERT INTO parties (dispute_no, role, name, person_key, registered_on, created_at, updated_at)
SELECT 'WD' || i, CASE r WHEN 0 THEN 'applicant' ELSE 'respondent' END, name, 'np:' || name || '|',
       date('$DIS_FIRST', '+' || k || ' days'), 0, 0
FROM (SELECT i, k, r, CASE WHEN $(h "(i * 2 + r)" 48271) % 100 < 1 THEN '热' || ($(h "(i * 2 + r)" 16807) % 1000) || '-' || r
                        ELSE '人' || ($(h "(i * 2 + r)" 69621) % 50000000) || '-' || r END AS name
      FROM g_dis, (SELECT 0 AS r UNION ALL SELECT 1));
-- a follow-up for a third of the settled ones, 7 days after (DIS_FOLLOWUPS_OPEN % not done);
-- 3 % of them find a risk
INSERT INTO followups (dispute_no, due_on, done_on, performed, satisfaction, risk, created_at, updated_at)
SELECT 'WD' || i, date('$DIS_FIRST', '+' || (k + 12) || ' days'),
       CASE WHEN NOT open THEN date('$DIS_FIRST', '+' || (k + 12) || ' days') END, CASE WHEN NOT open THEN 'yes' END,
       CASE WHEN NOT open THEN ${DIS_SATISFACTION:-NULL} END, CASE WHEN abs(random()) % 100 < 3 THEN 1 ELSE 0 END, 0, 0
FROM (SELECT *, $(h i 22695477) % 100 < ${DIS_FOLLOWUPS_OPEN:-0} AS open FROM g_dis)
WHERE fate >= 35 AND fate % 3 = 0 AND k + 12 <= $((DIS_DAYS - 1));
SQL
}
