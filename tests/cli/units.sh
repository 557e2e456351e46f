# Sourced by tests/cli/run: units beside and above the stations (CONTRACTS.md §7) on a
# small city bureau built over the fixtures: 通辽市公安局 (TL) above two county bureaus
# (KZ with S01, NM with S02 and a new station NM03), their other units and staff.
ux=$fx/units
udb=$work/units.db
uq() { fq --db "$udb" "$@"; }
ucount() { sql "$udb" "SELECT COUNT(*) FROM $1"; }
FENGQIAO_DB=$udb load_fixtures
out=$(uq import units "$ux/city.csv" 2>&1)
check "units: Chinese headers, 7 new and the 2 stations' units updated" grep -q '新增 7、更新 2' <<<"$out"
check "units: the closure holds the city's subtree (9 units)" test "$(sql "$udb" "SELECT COUNT(*) FROM unit_tree WHERE ancestor = 'TL'")" = 9
check "units: a station two levels down, a unit's own row at depth 0" test "$(sql "$udb" "SELECT depth FROM unit_tree WHERE ancestor = 'TL' AND descendant = 'S01'") $(sql "$udb" "SELECT depth FROM unit_tree WHERE ancestor = 'S01' AND descendant = 'S01'")" = "2 0"
check "units: a station-kind unit makes its station (jurisdiction later)" test "$(sql "$udb" "SELECT name || ',' || model FROM stations WHERE code = 'NM03'")" = "大沁他拉派出所,standard"
check "units: 否 stored as front_line 0, the kind's default left NULL" test "$(sql "$udb" "SELECT COALESCE(front_line, -1) FROM units WHERE code IN ('NMJJ', 'KZXJ') ORDER BY code")" = "$(printf '%s\n' -1 0)"
out=$(uq import units "$ux/units-en.csv" 2>&1)
check "units: English headers" grep -q '新增 1、更新 1' <<<"$out"
before=$(ucount units)
refuses "units: unknown parent, cycle, bad kind and own parent refused by line" 1 \
	'units-bad.csv:2: parent: .*找不到单位“NOPE”.*units-bad.csv:3: parent: .*KZXJ 在本单位之下.*units-bad.csv:4: kind: .*police_dept.*units-bad.csv:5: parent: .*不能是本单位自己' \
	bash -c '"$@" 2>&1 | tr "\n" " "; exit "${PIPESTATUS[0]}"' _ "$bin" --db "$udb" import units "$ux/units-bad.csv"
check "units: a refused file writes nothing" test "$(ucount units) $(sql "$udb" "SELECT parent_code FROM units WHERE code = 'TL'")" = "$before "
# a tree in any order: a child may come before its parent in the file
printf 'code,name,kind,parent\nKZXJ2,侦查中队,criminal,KZXJ1\nKZXJ1,侦查大队,criminal,KZ\n' > units-order.csv
out=$(uq import units units-order.csv 2>&1)
check "units: a child listed before its parent imports" grep -q '新增 2' <<<"$out"
check "units: ...under its parent, two levels below its county" test "$(sql "$udb" "SELECT depth FROM unit_tree WHERE ancestor = 'KZ' AND descendant = 'KZXJ2'")" = 2
before=$(ucount units)
refuses "units: a cycle within the file is still refused by its line" 1 'units-cycle.csv:[23]: parent: .*找不到单位' \
	bash -c 'printf "code,name,kind,parent\nCYA,甲,other,CYB\nCYB,乙,other,CYA\n" > units-cycle.csv && "$@" import units units-cycle.csv' _ "$bin" --db "$udb"
check "units: ...and writes nothing" test "$(ucount units)" = "$before"
refuses "units: a station cannot become another kind" 1 'units.csv:2: kind: .*现有派出所' \
	bash -c 'printf "code,name,kind,parent\nS02,吉兰泰派出所,traffic,NM\n" > units.csv && "$@" import units units.csv' _ "$bin" --db "$udb"
# personnel: `unit` for any unit, `station` as before
out=$(uq import personnel "$ux/personnel-units.csv" 2>&1)
check "units: personnel by unit" grep -q '新增 3' <<<"$out"
check "units: a person of a non-station unit has no station, of a station unit its station" test "$(sql "$udb" "SELECT badge_no || ':' || COALESCE(station, '-') || ':' || unit FROM personnel WHERE badge_no LIKE '17%' ORDER BY badge_no" | paste -sd' ')" = "170001:-:KZXJ 170002:-:NMJJ 170003:S02:S02"
check "units: personnel imported by station have that unit" test "$(ucount "personnel WHERE station IS NOT NULL AND (unit IS NULL OR unit <> station)")" = 0
# the reports count a unit's subtree
uq report incidents --from 2023-01-01 --to 2023-08-31 --station KZ --format json > kz.json
uq report incidents --from 2023-01-01 --to 2023-08-31 --station TL --format json > tl.json
check "units: a county bureau's report lists its stations only" test "$(jq -c '[.by_station[].station]' kz.json) $(jq -c '[.by_station[].station]' tl.json)" = '["S01"] ["NM03","S01","S02"]'
check "units: coverage of a county bureau" test "$(uq report coverage --as-of 2023-09-30 --station NM --format json | jq .stations)" = 2
uq export units --values codes --output units-out.csv 2>/dev/null
check "units: an export re-imports unchanged" grep -q '新增 0、更新 12' <<<"$(uq import units units-out.csv 2>&1)"
check "units: check passes" uq check
# a tree in any order, the cells matched as the fields read them: a child first whose parent cell has spaces (as parent first)
printf 'code,name,kind,parent\nKZXJ4,三中队,criminal, KZXJ3 \n KZXJ3,三大队,criminal,KZ\n' > units-spaced.csv
out=$(uq import units units-spaced.csv 2>&1)
check "units: a child before its parent, the parent cell spaced: imported under it" \
	test "$(grep -c '新增 2' <<<"$out") $(sql "$udb" "SELECT parent_code FROM units WHERE code = 'KZXJ4'")" = "1 KZXJ3"
# the demo: the bureau above its stations and its other units, tens of staff each
check "units: the demo bureau holds its 11 stations and 7 other units" test "$(sql "$work/demo.db" "SELECT COUNT(*) FROM units WHERE parent_code = 'GAJ'")" = 18
check "units: the demo's other units have tens of staff each, no station" test "$(sql "$work/demo.db" "SELECT COUNT(*) || ' ' || MIN(n) FROM (SELECT unit, COUNT(*) AS n FROM personnel WHERE station IS NULL GROUP BY unit) c")" = "7 14"
