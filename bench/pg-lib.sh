# bench/pg-lib.sh — what bench/report-pg.sh and bench/import-pg.sh share: a
# throwaway cluster (tests/pg/cluster, fsync off) removed on exit, psql, the
# server's CPU, the CSV typed as the import stores it, and PostgreSQL's own
# floors for the two targets:
#   * copy_floor: the engine's COPY of the typed rows into `incidents` itself
#     (every key and index, or the primary key alone), inside the engine, no
#     client work: what no import that keeps the table's keys can beat;
#   * the smallest client process that asks PostgreSQL anything
#     (bench/pq-select1.c: start, connect, SELECT 1, exit).
# Sourced after bench/report-lib.sh (TMP, BIN, CC, die, measure).

PSQL=${PSQL:-psql}
command -v "$PSQL" >/dev/null || die "psql not found"
CLUSTER=$TMP/pg
pg_cleanup() {
	tests/pg/cluster stop "$CLUSTER" >/dev/null 2>&1 || true
	cleanup
}
trap pg_cleanup EXIT
chmod 755 "$TMP" # the server may run as another account (root cannot run it)
tests/pg/cluster start "$CLUSTER" >/dev/null || die "cannot start a PostgreSQL cluster"
export FENGQIAO_AUDIT_KEY=$TMP/audit.key FENGQIAO_AUDIT_CHECKPOINTS=$TMP/audit.checkpoints
q() { "$PSQL" -X -q -At "$@"; } # URL SQL...

# CPU seconds (user + system) of the server's processes so far: the
# postmaster, its children live and reaped (cutime/cstime of the postmaster).
PGPID=$(head -1 "$CLUSTER/data/postmaster.pid")
server_cpu() {
	{
		awk '{ print $14 + $15 }' /proc/"$PGPID"/stat
		for p in $(pgrep -P "$PGPID"); do awk '{ print $14 + $15 }' /proc/"$p"/stat 2>/dev/null || true; done
		awk '{ print $16 + $17 }' /proc/"$PGPID"/stat
	} | awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { printf "%.2f", s / hz }'
}
since() { awk -v a="$1" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }'; }

# The rows typed as the import stores them (the received time read as UTC:
# the index work is the same).
RAW="(incident_no text, received_at text, station text, category text, division text, source text, major text)"
TYPED_COLS="incident_no, received_at, received_day, station, category, top_category, division, source, major"
typed() { # URL CSV OUT: the CSV as COPY text of TYPED_COLS
	q "$1" -c "CREATE TABLE raw $RAW" -c "\\copy raw FROM '$2' WITH (FORMAT csv, HEADER true)" \
		-c "\\copy (SELECT incident_no, e, e / 86400, station, category, split_part(category, '.', 1), NULLIF(division, ''), NULLIF(source, ''), major::bigint FROM (SELECT *, extract(epoch FROM received_at::timestamp)::bigint e FROM raw) r) TO '$3'" \
		-c "DROP TABLE raw"
}

# copy_floor NAME TYPED keys|pk: psql's COPY of TYPED into `incidents` of a
# fresh `init --demo` database, the foreign-key checks off as in the import,
# in a transaction rolled back after (the two times given by default there);
# `pk` first drops every index and unique
# constraint but the primary key (inside that transaction).  Sets WALL, CPU
# (psql's) and SCPU (the server's).
copy_floor() {
	local db s0 drop=
	db=$(tests/pg/cluster createdb "$CLUSTER" "$1")
	"$BIN" --db "$db" init --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "init --demo failed"; }
	q "$db" -c "VACUUM ANALYZE"
	[ "$3" = keys ] || drop="DO \$\$ DECLARE r record; BEGIN
	FOR r IN SELECT x.indexrelid::regclass AS i, c.conname FROM pg_index x
		LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
		WHERE x.indrelid = 'incidents'::regclass AND NOT x.indisprimary LOOP
		IF r.conname IS NULL THEN EXECUTE format('DROP INDEX %s', r.i);
		ELSE EXECUTE format('ALTER TABLE incidents DROP CONSTRAINT %I CASCADE', r.conname); END IF;
	END LOOP; END \$\$;"
	cat >"$TMP/$1.sql" <<EOF
BEGIN;
SET LOCAL session_replication_role = replica;
SET LOCAL client_min_messages = warning;
ALTER TABLE incidents ALTER created_at SET DEFAULT 1, ALTER updated_at SET DEFAULT 1;
$drop
\\copy incidents ($TYPED_COLS) FROM '$2'
ROLLBACK;
EOF
	s0=$(server_cpu)
	measure "$1" "$PSQL" -X -q -v ON_ERROR_STOP=1 "$db" -f "$TMP/$1.sql"
	[ "$RC" = 0 ] || fail_with "$1" "COPY into incidents failed (exit $RC)"
	SCPU=$(since "$s0")
}

# The smallest client process: start, connect, SELECT 1, exit.
"$CC" -O2 -o "$TMP/pq-select1" bench/pq-select1.c $(pkg-config --cflags --libs libpq) ||
	die "cannot compile bench/pq-select1.c (libpq-dev)"
