# Sourced by tests/http/run: a station and its unit keep one name and one void state (review16 F4).
# Each side's change is written to the other through the record layer: audited as the caller's
# (detail.follows names the change it follows) and updated_at stamped.
audited() { # KIND ID ACTION JQ: one admin entry for that record following another change, its detail passing JQ
	as admin "$base/api/v1/audit?kind=$1&record_id=$2&action=$3" |
		jq -e "[.items[] | select(.actor == \"admin\" and .detail.follows != null and (.detail | $4))] | length == 1" >/dev/null
}
stamped() { test "$(sql "$FENGQIAO_DB" "SELECT updated_at FROM $1 WHERE code = '$2'")" -gt 1; }
unstamp() { sql "$FENGQIAO_DB" "UPDATE stations SET updated_at = 1 WHERE code = '$1'" && sql "$FENGQIAO_DB" "UPDATE units SET updated_at = 1 WHERE code = '$1'"; }
expect_as "mirror: a unit of kind station created" 201 admin -d '{"code":"MX1","name":"镜一派出所","kind":"station","parent":"GAJ"}' "$base/api/v1/units"
mu1=$(jq .id "$work/body")
ms1=$(sql "$FENGQIAO_DB" "SELECT id FROM stations WHERE code = 'MX1'")
check "mirror: ...its station's creation audited as admin's" audited stations "$ms1" create "$(printf '.after.name == "镜一派出所" and .follows == "units/%s"' "$mu1")"
unstamp MX1
expect_as "mirror: the unit renamed through /units" 200 admin -X PATCH -d '{"name":"镜一新派出所"}' "$base/api/v1/units/$mu1"
expect_as "mirror: ...its station has the new name" 200 admin "$base/api/v1/stations/$ms1"
check "mirror: ...said by the station" body_has '.name == "镜一新派出所"'
check "mirror: ...the station's rename audited as admin's, before and after" audited stations "$ms1" update '.before.name == "镜一派出所" and .after.name == "镜一新派出所"'
check "mirror: ...the station's updated_at moved" stamped stations MX1
unstamp MX1
expect_as "mirror: the station renamed through /stations" 200 admin -X PATCH -d '{"name":"镜二派出所"}' "$base/api/v1/stations/$ms1"
expect_as "mirror: ...its unit has the new name" 200 admin "$base/api/v1/units/$mu1"
check "mirror: ...said by the unit" body_has '.name == "镜二派出所"'
check "mirror: ...the unit's rename audited as admin's" audited units "$mu1" update "$(printf '.before.name == "镜一新派出所" and .after.name == "镜二派出所" and .follows == "stations/%s"' "$ms1")"
check "mirror: ...the unit's updated_at moved" stamped units MX1
check "mirror: ...each side followed the other once per rename, not in a loop" test "$(as admin "$base/api/v1/audit?kind=units&record_id=$mu1&action=update" | jq '[.items[] | select(.detail.follows != null)] | length') $(as admin "$base/api/v1/audit?kind=stations&record_id=$ms1&action=update" | jq '[.items[] | select(.detail.follows != null)] | length')" = "1 1"
expect_as "mirror: a station created through /stations" 201 admin -d '{"code":"MX2","name":"镜三派出所","model":"standard"}' "$base/api/v1/stations"
ms2=$(jq .id "$work/body")
mu2=$(sql "$FENGQIAO_DB" "SELECT id FROM units WHERE code = 'MX2'")
check "mirror: ...its unit's creation audited as admin's" audited units "$mu2" create '.after.name == "镜三派出所"'
expect_as "mirror: the unit voided through /units" 200 admin -d '{"reason":"撤并"}' "$base/api/v1/units/$mu1/void"
expect_as "mirror: ...its station is void" 200 admin "$base/api/v1/stations/$ms1"
check "mirror: ...said by the station" body_has '.voided == true and .void_reason == "撤并"'
check "mirror: ...the station's void audited as admin's" audited stations "$ms1" void "$(printf '.reason == "撤并" and .follows == "units/%s"' "$mu1")"
expect_as "mirror: the station voided through /stations" 200 admin -d '{"reason":"撤销"}' "$base/api/v1/stations/$ms2/void"
expect_as "mirror: ...its unit is void" 200 admin "$base/api/v1/units/$mu2"
check "mirror: ...said by the unit" body_has '.voided == true and .void_reason == "撤销"'
check "mirror: ...the unit's void audited as admin's" audited units "$mu2" void "$(printf '.reason == "撤销" and .follows == "stations/%s"' "$ms2")"
