# Sourced by tests/cli/run after the early warnings, on their database: the four
# indicators (CONTRACTS.md §6) — their shape, and each figure equal to the report it
# is read from (incidents, disputes, warnings), bureau-wide and for one station.
fq report kpi --from 2026-01-01 --to 2026-08-31 --format json > kpi.json
check "kpi: four groups in order" test "$(jq -c '[.groups[].key]' kpi.json)" = '["fewer_incidents","good_order","stability","satisfaction"]'
check "kpi: every indicator complete, 12 monthly values" test "$(jq '[.groups[].indicators[] | select((.key | length) > 0 and (.label | length) > 0 and has("value") and has("previous") and has("change") and (.definition | length) > 20 and (.drill | startswith("/api/v1/")) and (.series | length) == 12)] | length' kpi.json)" = 11
check "kpi: previous is the same period a year before" test "$(jq -c '[.previous.from, .previous.to, .months[0], .months[11]]' kpi.json)" = '["2025-01-01","2025-08-31","2025-09","2026-08"]'
# kpi_same STATION: the indicators equal the incidents, disputes and warnings reports
kpi_same() {
	local s=() k inc dis warn
	[ -n "$1" ] && s=(--station "$1")
	k=$(fq report kpi --from 2026-01-01 --to 2026-08-31 "${s[@]}" --format json | jq -c '[.groups[].indicators[] | {(.key): (.part // .value)}] | add')
	inc=$(fq report incidents --from 2026-01-01 --to 2026-08-31 "${s[@]}" --format json | jq -c '[.rows[] | select(.key == "criminal" or .key == "public_order") | .current]')
	dis=$(fq report disputes --from 2026-01-01 --to 2026-08-31 --compare none "${s[@]}" --format json | jq -c '.rows[0].settled')
	warn=$(fq report warnings --as-of 2026-08-31 "${s[@]}" --format json | jq -c '[([.warnings[] | select(.kind == "repeat_party")] | length), ([.warnings[] | select(.kind == "repeat_address")] | length)]')
	[ "$(jq -c '[.criminal_incidents, .public_order_incidents]' <<<"$k")" = "$inc" ] &&
	[ "$(jq -c '.disputes_settled' <<<"$k")" = "$dis" ] &&
	[ "$(jq -c '[.repeat_party_warnings, .repeat_address_warnings]' <<<"$k")" = "$warn" ] &&
	[ "$warn" != "[0,0]" ] || { echo "kpi $k; incidents $inc; disputes $dis; warnings $warn"; return 1; }
}
check "kpi: figures equal the incidents, disputes and warnings reports" kpi_same ""
check "kpi: and so for one station" kpi_same S01
check "kpi: a station's drill-down names it" test "$(fq report kpi --from 2026-01-01 --to 2026-08-31 --station S01 --format json | jq -r '.station, .groups[0].indicators[0].drill' | paste -sd' ')" = "S01 /api/v1/reports/incidents/records?category=criminal&from=2026-01-01&to=2026-08-31&station=S01"
fq report kpi --from 2026-01-01 --to 2026-08-31 > kpi.txt
check "kpi: table in Chinese with the four aims and definitions" bash -c "grep -q '^四项指标' kpi.txt && grep -q '^发案少' kpi.txt && grep -q '^群众满意' kpi.txt && grep -q '^隐患按期整改率：' kpi.txt"
fq report kpi --from 2026-01-01 --to 2026-08-31 --format csv > kpi.csv
check "kpi: csv a header and 11 rows" bash -c "test \"\$(wc -l < kpi.csv)\" = 12 && head -1 kpi.csv | grep -q '^group,key,label,unit,value,previous,change,drill'"
refuses "kpi: unknown station refused" 1 '找不到派出所“S99”' fq report kpi --from 2026-01-01 --to 2026-08-31 --station S99
refuses "kpi: xlsx is not a format of it (usage, exit 2)" 2 'report kpi --from' fq report kpi --from 2026-01-01 --to 2026-08-31 --format xlsx --output k.xlsx
refuses "kpi: --compare is refused, not ignored (filter.unknown)" 1 '筛选.*\[compare\]' fq report kpi --from 2026-01-01 --to 2026-08-31 --compare mom
refuses "kpi: --division is refused (filter.unknown)" 1 '筛选.*\[division\]' fq report kpi --from 2026-01-01 --to 2026-08-31 --division 152921110000
rm -f ./--compare.json
fq report kpi --from 2026-01-01 --to 2026-08-31 --format json --output --compare.json
check "kpi: a value that merely begins like those options is a value (--output --compare.json)" \
	jq -e '(.groups | length) > 0' ./--compare.json
