# Sourced by tests/http/run: the prevention ledgers over the generic routes (CONTRACTS.md §6).
# Every broken rule of a record is listed at once; a station's users keep their station's
# ledgers and cannot see or write another's (404 by code), leaders read, mediators have none.
login warn02 station-pass-2
hz='{"hazard_no":"HT-1","found_on":"2026-09-05","station":"S01","type":"fire","place":"南田村仓库","deadline":"2026-09-01","division":"152921405000"}'
CODE=hazard.deadline_before_found expect_as "hazards: two broken rules 400" 400 admin -X POST -d "$hz" "$base/api/v1/hazards"
check "hazards: both rules listed" body_has '([.problems[] | "\(.field):\(.code)"] | sort) == ["deadline:hazard.deadline_before_found", "division:hazard.outside_jurisdiction"]'
hz='{"hazard_no":"HT-1","found_on":"2026-09-05","station":"S01","type":"消防","place":"南田村仓库","deadline":"2026-09-20","division":"152921110200","level":"major"}'
expect_as "hazards: station user creates its own" 201 chief01 -X POST -d "$hz" "$base/api/v1/hazards"
check "hazards: created as given" body_has '.hazard_no == "HT-1" and .type == "fire" and .station == "S01" and .level == "major"'
hid=$(jq -r .id "$work/body")
CODE=record.not_found expect_as "hazards: another station cannot read it (404)" 404 warn02 "$base/api/v1/hazards/$hid"
CODE=record.not_found expect_as "hazards: another station cannot change it (404)" 404 warn02 -X PATCH -d '{"fixed_on":"2026-09-10"}' "$base/api/v1/hazards/$hid"
CODE=record.not_found expect_as "hazards: another station cannot void it (404)" 404 warn02 -X POST -d '{"reason":"x"}' "$base/api/v1/hazards/$hid/void"
expect_as "hazards: another station's list" 200 warn02 "$base/api/v1/hazards?per_page=500"
check "hazards: another station lists none of S01's" body_has '[.items[].station] | all(. == "S02")'
CODE=field.unknown_ref expect_as "hazards: a station user cannot file for another station (400)" 400 warn02 -X POST -d '{"hazard_no":"HT-2","found_on":"2026-09-05","station":"S01","type":"fire","place":"x","deadline":"2026-09-20"}' "$base/api/v1/hazards"
expect_as "hazards: fixed by its station" 200 chief01 -X PATCH -d '{"fixed_on":"2026-09-10"}' "$base/api/v1/hazards/$hid"
check "hazards: the fix stored" body_has '.fixed_on == "2026-09-10"'
expect_as "hazards: a leader reads them" 200 boss "$base/api/v1/hazards?hazard_no=HT-1"
check "hazards: the leader sees S01's" body_has '.total == 1 and .items[0].station == "S01"'
CODE=forbidden expect_as "hazards: a leader does not write (403)" 403 boss -X PATCH -d '{"note":"x"}' "$base/api/v1/hazards/$hid"
CODE=forbidden expect_as "hazards: a mediator has none (403)" 403 rmed "$base/api/v1/hazards"
vi='{"visited_on":"2026-09-15","officer":"150104","division":"152921110200","households":3,"people":4,"satisfied":3,"basic":1,"unsatisfied":1,"opinions":1,"resolved":2}'
CODE=visit.satisfaction_over_people expect_as "visits: two broken rules 400" 400 chief01 -X POST -d "$vi" "$base/api/v1/visits"
check "visits: both listed" body_has '([.problems[] | .code] | sort) == ["visit.resolved_over_opinions", "visit.satisfaction_over_people"]'
CODE=field.unknown_ref expect_as "visits: another station's officer does not exist for S02 (400)" 400 warn02 -X POST -d '{"visited_on":"2026-09-15","officer":"150104","division":"152921110200","households":3,"people":4}' "$base/api/v1/visits"
expect_as "visits: created, its station from the officer" 201 chief01 -X POST -d '{"visited_on":"2026-09-15","officer":"150104","division":"152921110200","households":3,"people":4,"satisfied":4}' "$base/api/v1/visits"
check "visits: station derived" body_has '.station == "S01" and .people == 4'
CODE=meeting.attendee_no_post expect_as "meetings: an attendee without a post there 400" 400 chief01 -X POST -d '{"held_on":"2026-09-03","division":"152921110201","kind":"other","attendee":"150104"}' "$base/api/v1/meetings"
expect_as "meetings: created" 201 chief01 -X POST -d '{"held_on":"2026-09-03","division":"152921110200","kind":"other","attendee":"150104","briefed":"是"}' "$base/api/v1/meetings"
check "meetings: briefed, station derived" body_has '.briefed == true and .station == "S01"'
CODE=field.unknown_ref expect_as "actions: S02 cannot file under S01's meeting (400)" 400 warn02 -X POST -d '{"division":"152921110200","held_on":"2026-09-03","item":"清点","owner":"村委会","due_on":"2026-09-30"}' "$base/api/v1/actions"
CODE=action.due_before_meeting expect_as "actions: due before the meeting 400" 400 chief01 -X POST -d '{"division":"152921110200","held_on":"2026-09-03","item":"清点","owner":"村委会","due_on":"2026-09-01","done_on":"2026-09-02"}' "$base/api/v1/actions"
check "actions: both dates listed" body_has '([.problems[] | .code] | sort) == ["action.done_before_meeting", "action.due_before_meeting"]'
CODE=dissuasion.loss_not_defrauded expect_as "dissuasions: a loss when dissuaded 400" 400 chief01 -X POST -d '{"warning_no":"YJ-HT1","received_at":"2026-09-01 10:00","station":"S01","kind":"funds","risk":"high","method":"call","result":"dissuaded","loss":100}' "$base/api/v1/dissuasions"
check "dissuasions: both problems listed" body_has '([.problems[] | .code] | sort) == ["dissuasion.dissuaded_at_required", "dissuasion.loss_not_defrauded"]'
CODE=outreach.outside_jurisdiction expect_as "outreach: another station's division 400" 400 admin -X POST -d '{"held_on":"2026-09-01","station":"S01","kind":"law","place":"广场","audience":10,"division":"152921405000"}' "$base/api/v1/outreach"
# ?overdue=1 (the to-do list's drill-down): as many as the to-do list counts overdue, kind by kind
late=$(as chief01 "$base/api/v1/todo" | jq -c .counts.overdue)
for k in hazards actions gridreports; do
	expect_as "$k: overdue only" 200 chief01 "$base/api/v1/$k?overdue=1&per_page=500"
	check "$k: as many overdue as the to-do list counts ($(jq ".$k" <<<"$late"))" body_has ".total == $(jq ".$k" <<<"$late") and .total == (.items | length)"
done
CODE=filter.unknown expect_as "visits: no deadline, no overdue filter (400)" 400 chief01 "$base/api/v1/visits?overdue=1"
