# Sourced by tests/http/run: the four indicators (CONTRACTS.md §6) over HTTP on the demo
# data.  A station user's are its station's (another station's do not exist for it), a
# leader reads the bureau's or any station's, and each drill-down lists what was counted.
kq="from=2026-01-01&to=2026-06-30"
expect_as "kpi: the leader's, bureau-wide" 200 boss "$base/api/v1/reports/kpi?$kq"
check "kpi: four groups, no station, demo" body_has '[.groups[].key] == ["fewer_incidents","good_order","stability","satisfaction"] and .station == null and .demo == true'
cp "$work/body" "$work/kpi-all.json"
as boss "$base/api/v1/reports/incidents?$kq" > "$work/kpi-inc.json"
check "kpi: the bureau's criminal incidents equal the incidents report's" test "$(jq '.groups[0].indicators[0].value' "$work/kpi-all.json")" = "$(jq '.rows[] | select(.key == "criminal") | .current' "$work/kpi-inc.json")"
expect_as "kpi: a station user's" 200 chief01 "$base/api/v1/reports/kpi?$kq"
check "kpi: the station user's are S01's, their drill-downs too" body_has '.station == "S01" and ([.groups[].indicators[].drill | test("station=S01$")] | all)'
cp "$work/body" "$work/kpi-s01.json"
check "kpi: S01's are fewer than the bureau's" test "$(jq '.groups[0].indicators[0].value' "$work/kpi-s01.json")" -lt "$(jq '.groups[0].indicators[0].value' "$work/kpi-all.json")"
expect_as "kpi: the leader asks for S01" 200 boss "$base/api/v1/reports/kpi?$kq&station=S01"
check "kpi: the leader's S01 equals the station user's" diff <(jq -S . "$work/body") <(jq -S . "$work/kpi-s01.json")
CODE=station.not_found expect_as "kpi: a station user asking for another station 404" 404 chief01 "$base/api/v1/reports/kpi?$kq&station=S02"
CODE=period.required expect_as "kpi: no period 400" 400 boss "$base/api/v1/reports/kpi?from=2026-01-01"
CODE=filter.unknown expect_as "kpi: ?division= is refused, not ignored" 400 boss "$base/api/v1/reports/kpi?$kq&division=152921110000"
check "kpi: ...naming the field" body_has '.error.field == "division"'
CODE=filter.unknown expect_as "kpi: ?compare= is refused, not ignored" 400 boss "$base/api/v1/reports/kpi?$kq&compare=mom"
CODE=forbidden expect_as "kpi: a mediator has no reports 403" 403 rmed "$base/api/v1/reports/kpi?$kq"
# drill_count USER FILE KEY FIELD: the drill-down of indicator KEY lists FIELD (value or base) records
drill_count() {
	local url want got
	url=$(jq -r --arg k "$3" '[.groups[].indicators[] | select(.key == $k)][0].drill' "$2")
	want=$(jq --arg k "$3" --arg f "$4" '[.groups[].indicators[] | select(.key == $k)][0][$f]' "$2")
	got=$(as "$1" "$base$url&per_page=1" | jq '.total // (.warnings | length)')
	[ "$got" = "$want" ] && [ "$want" != 0 ] || { echo "$3: drill $url gave $got, want $want"; return 1; }
}
check "kpi: criminal incidents drill-down lists as many (S01)" drill_count chief01 "$work/kpi-s01.json" criminal_incidents value
check "kpi: major incidents drill-down lists as many" drill_count boss "$work/kpi-all.json" major_incidents value
check "kpi: hazards drill-down lists the base (S01)" drill_count chief01 "$work/kpi-s01.json" hazards_on_time base
check "kpi: disputes drill-down lists the registered" drill_count boss "$work/kpi-all.json" disputes_settled base
expect_as "kpi: warnings of one kind" 200 boss "$base/api/v1/reports/warnings?as_of=2026-06-30&kind=unresolved"
check "kpi: ?kind= keeps that kind only" body_has '(.warnings | length) > 0 and ([.warnings[].kind] | unique) == ["unresolved"]'
CODE=kind expect_as "kpi: an unknown warning kind 400" 400 boss "$base/api/v1/reports/warnings?kind=nonsense"
