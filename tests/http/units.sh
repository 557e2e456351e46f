# Sourced by tests/http/run: the scope "unit and below" (CONTRACTS.md §7).  The demo's
# bureau (GAJ, above S01..S11) goes under a city bureau (TL) beside a second county
# bureau (EJN) that takes S02: a county leader sees its subtree only (404 outside), a
# city leader all, a station user what it saw before.
printf '编码,名称,类型,上级单位\nTL,通辽市公安局,公安局,\nGAJ,阿拉善左旗公安局,公安局,TL\nEJN,额济纳旗公安局,公安局,TL\nS02,王府派出所,派出所,EJN\nEJN01,额济纳旗刑侦大队,刑侦,EJN\n' > "$work/city.csv"
expect_as "units: a city bureau imported" 200 admin --data-binary @"$work/city.csv" "$base/api/v1/units/import"
check "units: 3 new, 2 moved" body_has '.created == 3 and .updated == 2'
printf 'code,name,kind,parent\nX1,某大队,other,NOPE\nTL,通辽市公安局,bureau,GAJ01\nX2,某科,nonsense,TL\n' > "$work/city-bad.csv"
CODE=import.rejected expect_as "units: bad rows refused" 400 admin --data-binary @"$work/city-bad.csv" "$base/api/v1/units/import"
check "units: each bad row by line and column: unknown parent, cycle, bad kind" body_has '[.problems[] | "\(.line):\(.column)"] == ["2:parent", "3:parent", "4:kind"] and (.problems[0].message | test("NOPE")) and (.problems[1].message_en | test("cycle")) and (.problems[2].message_en == "unknown code")'
printf 'Gobi-horse-41\n' | fq user add county --role leader --unit GAJ >/dev/null
printf 'Gobi-camel-42\n' | fq user add ejn --role leader --unit EJN >/dev/null
printf 'Gobi-eagle-43\n' | fq user add city --role leader --unit TL >/dev/null
login county Gobi-horse-41; login ejn Gobi-camel-42; login city Gobi-eagle-43
all=$(total boss ""); s02=$(total boss "&station=S02")
check "units: the city leader sees every incident ($all)" test "$(total city "")" = "$all"
check "units: the county leader sees all but S02's ($s02)" test "$(total county "")" = "$((all - s02))"
check "units: the other county's leader sees S02's only" test "$(total ejn "")" = "$s02"
check "units: the station user sees what it saw" test "$(total warn02 "")" = "$s02"
i02=$(as admin "$base/api/v1/incidents?station=S02&per_page=1" | jq -r '.items[0].id')
i01=$(as admin "$base/api/v1/incidents?station=S01&per_page=1" | jq -r '.items[0].id')
CODE=record.not_found expect_as "units: another county's incident is 404" 404 county "$base/api/v1/incidents/$i02"
expect_as "units: its own county's incident" 200 county "$base/api/v1/incidents/$i01"
p02=$(as admin "$base/api/v1/personnel?station=S02&per_page=1" | jq -r '.items[0].id')
CODE=record.not_found expect_as "units: another county's person is 404" 404 county "$base/api/v1/personnel/$p02"
expect_as "units: the county leader lists its criminal investigators" 200 county "$base/api/v1/personnel?unit=GAJ01&per_page=1"
check "units: ...who have a unit and no station" body_has '.total > 10 and .items[0].unit == "GAJ01" and .items[0].station == null'
check "units: the county leader's personnel are all but EJN's" test "$(as county "$base/api/v1/personnel?per_page=1" | jq .total)" = "$(( $(as boss "$base/api/v1/personnel?per_page=1" | jq .total) - $(as boss "$base/api/v1/personnel?station=S02&per_page=1" | jq .total) ))"
expect_as "units: the county leader's scope says its unit" 200 county "$base/api/v1/meta"
check "units: ...a unit, no one station" body_has '.scope.kind == "unit" and .scope.unit == "GAJ" and .scope.station == null'
uq="from=2026-01-01&to=2026-06-30"
expect_as "units: the county's incidents report" 200 county "$base/api/v1/reports/incidents?$uq"
check "units: ...its ten stations, not S02" body_has '[.by_station[].station] | length == 10 and (index("S02") | not)'
CODE=station.not_found expect_as "units: another county's station report is 404" 404 county "$base/api/v1/reports/incidents?$uq&station=S02"
expect_as "units: one station of the county's" 200 county "$base/api/v1/reports/kpi?$uq&station=S01"
check "units: ...as the bureau leader reads it" diff <(jq -S . "$work/body") <(as boss "$base/api/v1/reports/kpi?$uq&station=S01" | jq -S .)
expect_as "units: the county's to-do list" 200 county "$base/api/v1/todo"
check "units: ...none of S02's" body_has '[.items[] | select(.station == "S02")] == []'
check "units: ...all of it the county's own (mine = counts, not 0)" body_has '.mine.unit == "GAJ" and (.mine | del(.unit)) == .counts and ([.counts[][]] | add) > 0'
expect_as "units: the county leader's briefing of a division its station holds" 200 county "$base/api/v1/reports/briefing?division=152921110000&$uq"
CODE=division.out_of_scope expect_as "units: another county's leader may not brief it" 403 ejn "$base/api/v1/reports/briefing?division=152921110000&$uq"
# a county leader's briefing is the bureau leader's for a division of its subtree, the dissuasions of its station too
same_briefing() { # USER DIVISION
	local mine; mine=$(as "$1" "$base/api/v1/reports/briefing?division=$2&$uq" | jq -S 'del(.scope)')
	[ "$(jq '.dissuasions.warnings' <<<"$mine")" -gt 0 ] &&
		diff <(echo "$mine") <(as boss "$base/api/v1/reports/briefing?division=$2&$uq" | jq -S 'del(.scope)')
}
check "units: the county leader's briefing is the bureau leader's (GAJ's S01 division)" same_briefing county 152921110000
check "units: the EJN leader's briefing is the bureau leader's (EJN's S02 division)" same_briefing ejn 152921405000
# Every figure's drill-down lists the records it counts, for a unit's leader as for a station (§3)
drill_equal() { # USER QUERY: the incidents and disputes totals, and each KPI count, equal their drill-downs
	local who=$1 q=$2 key v url
	test "$(as "$who" "$base/api/v1/reports/incidents?$q" | jq '.rows[0].current')" = \
		"$(as "$who" "$base/api/v1/reports/incidents/records?$q&per_page=1" | jq .total)" || return 1
	test "$(as "$who" "$base/api/v1/reports/disputes?$q" | jq '.rows[0].registered')" = \
		"$(as "$who" "$base/api/v1/reports/disputes/records?$q&per_page=1" | jq .total)" || return 1
	as "$who" "$base/api/v1/reports/kpi?$q" | jq -r '[.. | objects | select(.unit == "count" and (.drill | test("warnings") | not))] | unique_by(.key)[] | "\(.key) \(.value) \(.drill)"' > "$work/drills"
	test "$(wc -l < "$work/drills")" -ge 3 || return 1
	while read -r key v url; do
		test "$(as "$who" "$base$url&per_page=1" | jq .total)" = "$v" || { echo "$who $key: $v, drill-down $(as "$who" "$base$url&per_page=1" | jq .total)"; return 1; }
	done < "$work/drills"
}
check "units: the city leader's figures equal their drill-downs" drill_equal city "$uq"
check "units: the county leader's figures equal their drill-downs" drill_equal county "$uq"
check "units: the other county leader's figures equal their drill-downs" drill_equal ejn "$uq"
check "units: the station user's figures equal their drill-downs" drill_equal warn02 "$uq"
check "units: a county leader's one station: figures equal drill-downs" drill_equal county "$uq&station=S01"
check "units: the bureau leader's county: figures equal drill-downs" drill_equal boss "$uq&station=EJN"
check "units: ...and they are the other county leader's" test "$(as boss "$base/api/v1/reports/incidents/records?$uq&station=EJN&per_page=1" | jq .total)" = "$(as ejn "$base/api/v1/reports/incidents/records?$uq&per_page=1" | jq .total)"
u=$(as admin "$base/api/v1/units?code=GAJ01" | jq -r '.items[0].id')
CODE=unit.in_use expect_as "units: a unit with staff cannot be voided" 409 admin -d '{"reason":"撤并"}' "$base/api/v1/units/$u/void"
# a station's void voids its unit: only when no live unit or person rests on it
expect_as "units: a station-kind unit under a county" 201 admin -H 'Content-Type: application/json' -d '{"code":"S98","name":"测试派出所","kind":"station","parent":"EJN"}' "$base/api/v1/units"
expect_as "units: ...with a unit under it" 201 admin -H 'Content-Type: application/json' -d '{"code":"S98A","name":"测试警务室","kind":"other","parent":"S98"}' "$base/api/v1/units"
s98=$(as admin "$base/api/v1/stations?code=S98" | jq -r '.items[0].id')
CODE=unit.in_use expect_as "units: its station cannot be voided while the unit under it is live" 409 admin -d '{"reason":"撤并"}' "$base/api/v1/stations/$s98/void"
check "units: ...naming what is under it, and nothing voided" body_has '.error.message | test("S98A")'
check "units: ...the unit and its station still live" test "$(sql "$FENGQIAO_DB" "SELECT COUNT(*) FROM units u JOIN stations s ON s.code = u.code WHERE u.code = 'S98' AND u.voided_at IS NULL AND s.voided_at IS NULL")" = 1
s98a=$(as admin "$base/api/v1/units?code=S98A" | jq -r '.items[0].id')
expect_as "units: the unit under it voided first" 200 admin -d '{"reason":"撤并"}' "$base/api/v1/units/$s98a/void"
expect_as "units: then the station voids, and its unit with it" 200 admin -d '{"reason":"撤并"}' "$base/api/v1/stations/$s98/void"
check "units: ...the unit voided" test "$(sql "$FENGQIAO_DB" "SELECT COUNT(*) FROM units WHERE code = 'S98' AND voided_at IS NOT NULL")" = 1
