#!/usr/bin/env bash
# bench/import-pg.sh — where the incident import's time goes on PostgreSQL,
# in one run, for rows in time order and in random order:
#   * psql `\copy` of the CSV into a plain table (no index, no key): the target's base;
#   * `fengqiao import incidents` into a fresh `init --demo` database
#     (FENGQIAO, and FENGQIAO_B beside it when set: two builds side by side);
#   * the server's floor for a staging-table import: the same rows, already
#     typed, `COPY`ed into a temporary table and moved into `incidents` by
#     `INSERT ... SELECT ... ON CONFLICT (incident_no) DO NOTHING RETURNING`
#     in chunks of CHUNK rows, inside the server (no client work, no round
#     trips): what an import through a staging table could at best reach;
#   * the engine's floor: psql's COPY of the typed rows straight into
#     `incidents` (every key and index; bench/pg-lib.sh: copy_floor).
# Wall time, the client's CPU and the server's CPU (the postmaster's
# processes, live and reaped, from /proc) of each.  Prints a markdown section.
#
# Usage: bench/import-pg.sh [N]
# Environment: N, SEED, FENGQIAO, KEEP as bench/report.sh; FENGQIAO_B;
#   CHUNK (default 256); PSQL (default psql); PG_BIN for tests/pg/cluster
set -euo pipefail
cd "$(dirname "$0")/.."

SELF=import-pg.sh
CHUNK=${CHUNK:-256}
ORDER=chrono
. bench/report-lib.sh "$@"
. bench/pg-lib.sh
BIN_B=${FENGQIAO_B:-}
[ -z "$BIN_B" ] || BIN_B=$(cd "$(dirname "$BIN_B")" && pwd)/$(basename "$BIN_B")

floor_sql() { # TYPED
	cat <<EOF
BEGIN;
SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE stage (incident_no text, received_at bigint, received_day bigint, station text, category text,
	top_category text, division text, source text, major bigint, rn bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP;
\\copy stage (incident_no, received_at, received_day, station, category, top_category, division, source, major) FROM '$1'
CREATE INDEX ON stage (rn);
DO \$\$ DECLARE n bigint; total bigint := 0; top bigint; BEGIN
	SELECT max(rn) INTO top FROM stage;
	FOR k IN 0 .. (top - 1) / $CHUNK LOOP
		WITH x AS (INSERT INTO incidents (incident_no, received_at, received_day, station, category, top_category, division,
				source, major, created_at, updated_at)
			SELECT incident_no, received_at, received_day, station, category, top_category, division, source, major, 1, 1
			FROM stage WHERE rn > k * $CHUNK AND rn <= (k + 1) * $CHUNK ORDER BY rn
			ON CONFLICT (incident_no) DO NOTHING RETURNING id, incident_no)
		SELECT count(*) INTO n FROM x;
		total := total + n;
	END LOOP;
	RAISE NOTICE 'floor rows %', total;
END \$\$;
COMMIT;
EOF
}

RANDOM_CSV=$TMP/random.csv
"$TMP/gen" "$N" "$SEED" random >"$RANDOM_CSV" || die "generator failed"
declare -A R
for order in chrono random; do
	csv=$CSV
	[ "$order" = chrono ] || csv=$RANDOM_CSV
	db=$(tests/pg/cluster createdb "$CLUSTER" "plain_$order")
	q "$db" -c "CREATE TABLE incidents $RAW"
	s0=$(server_cpu)
	measure "copy_$order" "$PSQL" -X -q "$db" -c "\\copy incidents FROM '$csv' WITH (FORMAT csv, HEADER true)"
	[ "$RC" = 0 ] || fail_with "copy_$order" "COPY failed"
	R[copy_$order]="$WALL $CPU $(since "$s0")"
	typed "$db" "$csv" "$TMP/typed_$order.txt"
	copy_floor "keys_$order" "$TMP/typed_$order.txt" keys
	R[keys_$order]="$WALL $CPU $SCPU"
	for side in a b; do
		bin=$BIN
		[ "$side" = a ] || bin=$BIN_B
		[ -n "$bin" ] || continue
		db=$(tests/pg/cluster createdb "$CLUSTER" "fq_${side}_$order")
		"$bin" --db "$db" init --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "init --demo failed"; }
		q "$db" -c "VACUUM ANALYZE"
		s0=$(server_cpu)
		measure "import_${side}_$order" "$bin" --db "$db" import incidents "$csv"
		[ "$RC" = 0 ] || fail_with "import_${side}_$order" "import failed (exit $RC)"
		R[import_${side}_$order]="$WALL $CPU $(since "$s0") $(mib "$RSS")"
	done
	db=$(tests/pg/cluster createdb "$CLUSTER" "floor_$order")
	"$BIN" --db "$db" init --demo >"$TMP/init.log" 2>&1 || die "init --demo failed"
	q "$db" -c "VACUUM ANALYZE"
	floor_sql "$TMP/typed_$order.txt" >"$TMP/floor.sql"
	s0=$(server_cpu)
	measure "floor_$order" "$PSQL" -X -q "$db" -v ON_ERROR_STOP=1 -f "$TMP/floor.sql"
	[ "$RC" = 0 ] || fail_with "floor_$order" "the staging floor failed"
	R[floor_$order]="$WALL $CPU $(since "$s0")"
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

f() { echo "${R[$1]}" | cut -d' ' -f"$2"; } # KEY FIELD: 1 wall, 2 client CPU, 3 server CPU, 4 RSS
row() { # LABEL KEY ORDER
	printf '| %s | %s | %s s (%s×) | %s s | %s s (%s×) |%s\n' "$1" "$3" "$(f "$2" 1)" \
		"$(ratio "$(f "$2" 1)" "$(f "copy_$3" 1)")" "$(f "$2" 2)" "$(f "$2" 3)" \
		"$(ratio "$(f "$2" 3)" "$(f "copy_$3" 3)")" "$([ -n "$(f "$2" 4)" ] && echo " $(f "$2" 4) MiB |" || echo " |")"
}
echo "N = $N incidents (seed $SEED), $(q "$(tests/pg/cluster url "$CLUSTER")/postgres" -c 'SELECT version()' | cut -d' ' -f1-2) (throwaway cluster, fsync off);"
echo "2 CPUs, load average before $LOAD0, after $LOAD1; staging chunk $CHUNK rows."
echo
echo "| what | order | wall (× \`\\copy\`) | client CPU | server CPU (× \`\\copy\`) | peak RSS |"
echo "|---|---|---:|---:|---:|---:|"
for order in chrono random; do
	row '`\copy` into a plain table' "copy_$order" "$order"
	row "import, $(basename "$BIN")" "import_a_$order" "$order"
	[ -z "$BIN_B" ] || row "import, $(basename "$BIN_B")" "import_b_$order" "$order"
	row "staging floor (server only)" "floor_$order" "$order"
	row "PostgreSQL's own COPY into \`incidents\` (engine floor)" "keys_$order" "$order"
done
