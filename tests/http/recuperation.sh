# Sourced by tests/http/run: the recuperation planner's routes (CONTRACTS.md §7) on the
# hand-built bureau of tests/cli/recuperation.sh (its own database and server: the plan is
# known by hand, 356 for T401 T101 T102 T301), then the sample programme on the demo data.
rfx="$(dirname "$0")/../cli/fixtures/recuperation"
rdb=$work/recup.db
rf() { FENGQIAO_DB=$rdb fq "$@"; }
rm -f "$rdb"*
rf init >/dev/null
for k in divisions stations; do rf import $k "$rfx/../$k.csv" >/dev/null 2>&1; done
for k in units personnel honours recuperations; do rf import $k "$rfx/$k.csv" >/dev/null 2>&1 || echo "recuperation: import $k failed"; done
sql "$rdb" "UPDATE personnel SET voided_at = 1790000000, void_reason = 'test' WHERE badge_no = 'T104'" >/dev/null
printf 'leader-pass-1\n' | rf user add rboss --role leader >/dev/null
printf 'keeper-pass-1\n' | rf user add radmin --role admin >/dev/null
printf 'officer-pass-1\n' | rf user add roff --role officer --unit S01 >/dev/null
printf 'chief-pass-01\n' | rf user add rchief --role station --unit S01 >/dev/null
printf 'county-pass-01\n' | rf user add rcounty --role leader --unit S01 >/dev/null
rport=$(free_port)
rbase="http://127.0.0.1:$rport"
FENGQIAO_DB=$rdb "$bin" serve --listen "127.0.0.1:$rport" 2>>"$work/server.log" &
rserver=$!
wait_up "$rbase/healthz" "$rserver" || tail -5 "$work/server.log"
for u in rboss:leader-pass-1 radmin:keeper-pass-1 roff:officer-pass-1 rchief:chief-pass-01 rcounty:county-pass-01; do
	curl -s -c "$work/${u%%:*}.jar" -H 'Content-Type: application/json' -d "{\"username\":\"${u%%:*}\",\"password\":\"${u#*:}\"}" \
		"$rbase/api/v1/session" | jq -r .csrf_token >"$work/${u%%:*}.csrf"
done
rpost() { local name=$1 want=$2 who=$3 path=$4; shift 4; expect_as "$name" "$want" "$who" -H 'Content-Type: application/json' "$@" "$rbase$path"; }

CODE=forbidden rpost "recup: a community officer may not plan (403)" 403 roff /api/v1/recuperation/plan --data-binary @"$rfx/programme.json"
CODE=forbidden expect_as "recup: a station may not read the plans (403)" 403 rchief "$rbase/api/v1/recuperation/plans"
# the programme is the bureau's: a leader confined to a unit has no recuperation route at all
CODE=forbidden expect_as "recup: a unit's leader may not list the eligible (403)" 403 rcounty "$rbase/api/v1/recuperation/eligible?year=2026"
CODE=forbidden expect_as "recup: a unit's leader may not read the plans (403)" 403 rcounty "$rbase/api/v1/recuperation/plans"
CODE=forbidden rpost "recup: a unit's leader may not plan (403)" 403 rcounty /api/v1/recuperation/plan --data-binary @"$rfx/programme.json"
expect_as "recup: meta for the unit's leader" 200 rcounty "$rbase/api/v1/meta"
check "recup: ...offers no recuperation action; the bureau leader's only read and export" \
	bash -c "jq -e '.resources.recuperation == []' '$work/body' >/dev/null && curl -s -b '$work/rboss.jar' '$rbase/api/v1/meta' | jq -e '.resources.recuperation == [\"read\", \"export\"]' >/dev/null"
CODE=forbidden rpost "recup: the read-only leader may not save a plan (403)" 403 rboss '/api/v1/recuperation/plan?save=1' --data-binary @"$rfx/programme.json"
check "recup: ...nothing saved" test "$(sql "$rdb" "SELECT COUNT(*) FROM recuperation_plans")" = 0
for f in routes:21 groups:201; do
	jq --argjson n "${f#*:}" 'if "'"${f%%:*}"'" == "routes" then .routes = [range($n) as $i | .routes[0] | .code = "r\($i)" | .groups = [.groups[0] | .code = "g\($i)"]] else .routes[0].groups = [range($n) as $i | .routes[0].groups[0] | .code = "g\($i)"] end' "$rfx/programme.json" >"$work/recup-big.json"
	CODE=programme.invalid rpost "recup: a programme of ${f#*:} ${f%%:*} is refused 400" 400 rboss /api/v1/recuperation/plan --data-binary @"$work/recup-big.json"
	check "recup: ...naming programme.routes" body_has '.error.field == "programme.routes"'
done
jq '.routes[0].groups[0].end = "2099-12-31"' "$rfx/programme.json" >"$work/recup-far.json"
CODE=programme.invalid rpost "recup: a group ending decades after the year is refused 400" 400 rboss /api/v1/recuperation/plan --data-binary @"$work/recup-far.json"
check "recup: ...naming its end" body_has '.error.field == "programme.routes[0].groups[0].end"'
jq '.places = "many"' "$rfx/programme.json" >"$work/recup-bad.json"
CODE=programme.invalid rpost "recup: a bad programme 400" 400 rboss /api/v1/recuperation/plan --data-binary @"$work/recup-bad.json"
check "recup: ...naming programme.places" body_has '.error.field == "programme.places"'
rpost "recup: the leader runs an unsaved plan (200)" 200 rboss /api/v1/recuperation/plan --data-binary @"$rfx/programme.json"
check "recup: the plan known by hand: 356, T401 T101 T102 T301, 3 front line, proven optimal" \
	body_has '.feasible and .optimal and .score == 356 and .front_line == 3 and ([.groups[].members[].badge_no] | sort) == ["T101","T102","T301","T401"] and all(.units[]; .selected <= .cap)'
rpost "recup: an infeasible programme is still 200" 200 rboss /api/v1/recuperation/plan --data-binary @"$rfx/infeasible.json"
check "recup: ...feasible false, front_line_min_pct 6 needed 5 eligible" \
	body_has '.feasible == false and any(.conflicts[]; .constraint == "front_line_min_pct" and .need == 6 and .have == 5)'
rpost "recup: save=1 saves a draft (admin)" 200 radmin '/api/v1/recuperation/plan?save=1' --data-binary @"$rfx/programme.json"
rid=$(jq .plan_id "$work/body")
check "recup: ...with its id" test "$rid" -gt 0
expect_as "recup: the saved plans" 200 rboss "$rbase/api/v1/recuperation/plans"
check "recup: ...one draft of 356" body_has ".total == 1 and .items[0].id == $rid and .items[0].status == \"draft\" and .items[0].score == 356"
expect_as "recup: the draft's A4 print (T301, not a party member, among its members)" 200 rboss "$rbase/api/v1/recuperation/plans/$rid/print"
check "recup: ...its 支部职务 column: 书记, 党员 for the other party member, empty for the non-member T301" \
	bash -c "f='$work/body'; grep -q '<td>T301</td>.*<td>群众</td><td></td></tr>' \"\$f\" && test \"\$(grep -c '<td>书记</td></tr>' \"\$f\") \$(grep -c '<td>党员</td></tr>' \"\$f\")\" = '2 1'"
expect_as "recup: one saved plan" 200 rboss "$rbase/api/v1/recuperation/plans/$rid"
cp "$work/body" "$work/recup-one.json"
check "recup: ...with its programme and the eligible not selected" \
	body_has '.status == "draft" and .programme.places == 4 and ([.eligible[].badge_no] | sort) == ["T103","T201"] and .eligible_count == 6'
# a second draft whose two members lose their honour: each swapped out in turn, the other named meanwhile
rpost "recup: a second draft (admin)" 200 radmin '/api/v1/recuperation/plan?save=1' --data-binary @"$rfx/programme.json"
rid2=$(jq .plan_id "$work/body")
sql "$rdb" "UPDATE honours SET voided_at = 1790000000, void_reason = 'test' WHERE badge_no IN ('T301', 'T102')" >/dev/null
rpost "recup: two members no longer eligible: swapping out one (200)" 200 radmin "/api/v1/recuperation/plans/$rid2/swap" -d '{"out":"T301","in":"T201"}'
check "recup: ...T201 in, the other (T102) named stale with why" \
	body_has '([.groups[].members[].badge_no] | sort) == ["T101","T102","T201","T401"] and ([.stale[] | [.badge_no, .name, (.reason | test("no honour"))]] == [["T102","甲二",true]])'
rpost "recup: ...then the other (200)" 200 radmin "/api/v1/recuperation/plans/$rid2/swap" -d '{"out":"T102","in":"T103"}'
check "recup: ...T103 in, none stale" body_has '([.groups[].members[].badge_no] | sort) == ["T101","T103","T201","T401"] and .score == 317 and (has("stale") | not)'
sql "$rdb" "UPDATE honours SET voided_at = NULL, void_reason = NULL WHERE badge_no IN ('T301', 'T102')" >/dev/null
CODE=plan.rule_broken rpost "recup: a swap breaking the unit share 409" 409 radmin "/api/v1/recuperation/plans/$rid/swap" -d '{"out":"T301","in":"T103"}'
check "recup: ...naming unit_share_max_pct in problems" body_has 'any(.problems[]; .constraint == "unit_share_max_pct" and (.message_zh | length) > 0 and (.message_en | length) > 0)'
expect_as "recup: the plan after the refused swap" 200 rboss "$rbase/api/v1/recuperation/plans/$rid"
check "recup: ...unchanged" body_has '([.groups[].members[].badge_no] | sort) == ["T101","T102","T301","T401"] and .score == 356'
CODE=plan.not_member rpost "recup: swapping out a non-member 400" 400 radmin "/api/v1/recuperation/plans/$rid/swap" -d '{"out":"T103","in":"T201"}'
CODE=plan.not_eligible rpost "recup: swapping in someone not eligible 400" 400 radmin "/api/v1/recuperation/plans/$rid/swap" -d '{"out":"T301","in":"T202"}'
CODE=csrf expect "recup: a swap without the CSRF token 403" 403 -b "$work/radmin.jar" -H 'Content-Type: application/json' -d '{"out":"T301","in":"T201"}' "$rbase/api/v1/recuperation/plans/$rid/swap"
CODE=forbidden rpost "recup: the read-only leader may not swap (403)" 403 rboss "/api/v1/recuperation/plans/$rid/swap" -d '{"out":"T301","in":"T201"}'
CODE=forbidden rpost "recup: nor freeze (403)" 403 rboss "/api/v1/recuperation/plans/$rid/freeze" -X POST
rpost "recup: a swap within the rules (200)" 200 radmin "/api/v1/recuperation/plans/$rid/swap" -d '{"out":"T301","in":"T201"}'
check "recup: ...T201 in, 351, checked again" body_has '.score == 351 and .adjusted and ([.groups[].members[].badge_no] | sort) == ["T101","T102","T201","T401"]'
expect_as "recup: XLSX export" 200 rboss "$rbase/api/v1/recuperation/plans/$rid/export?format=xlsx"
cp "$work/body" "$work/recup.xlsx"
check "recup: ...opens with the summary and a sheet per group" /usr/bin/python3 -c "
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ['汇总', 'H1', 'N1'], wb.sheetnames
marked = [r for s in ('H1', 'N1') for r in wb[s].iter_rows(values_only=True) if r[-1] == '书记']
assert len(marked) == 2, marked
" "$work/recup.xlsx"
expect_as "recup: CSV export" 200 rboss "$rbase/api/v1/recuperation/plans/$rid/export?format=csv"
check "recup: ...a header and a row per member" test "$(wc -l <"$work/body")" = 5
expect_as "recup: the A4 print" 200 rboss "$rbase/api/v1/recuperation/plans/$rid/print"
check "recup: ...a page per group with its secretary, then the units" \
	bash -c "f='$work/body'; grep -q '@page{size:A4' \"\$f\" && test \"\$(grep -c '<section>' \"\$f\")\" = 3 && grep -q 'H1 组' \"\$f\" && grep -q 'N1 组' \"\$f\" && test \"\$(grep -c '临时党支部书记' \"\$f\")\" = 2 && grep -q '各单位人数' \"\$f\" && ! grep -q '演示数据' \"\$f\""
rpost "recup: freeze (200)" 200 radmin "/api/v1/recuperation/plans/$rid/freeze" -X POST
check "recup: ...frozen, a 2026 trip per member, each write audited, each history row too (by radmin)" \
	bash -c "jq -e '.status == \"frozen\"' '$work/body' >/dev/null && test \"\$(sql '$rdb' \"SELECT COUNT(*) FROM recuperations WHERE year = 2026\") \$(sql '$rdb' \"SELECT COUNT(*) FROM audit_log WHERE kind = 'recuperation_plans' AND action IN ('create', 'swap', 'freeze') AND record_id = $rid\") \$(sql '$rdb' \"SELECT COUNT(*) FROM audit_log WHERE kind = 'recuperations' AND action = 'create' AND actor = 'radmin'\")\" = '4 3 4'"
CODE=plan.frozen rpost "recup: a second freeze 409" 409 radmin "/api/v1/recuperation/plans/$rid/freeze" -X POST
CODE=plan.frozen rpost "recup: a frozen plan cannot be swapped 409" 409 radmin "/api/v1/recuperation/plans/$rid/swap" -d '{"out":"T201","in":"T301"}'
expect_as "recup: the eligible for 2027" 200 rboss "$rbase/api/v1/recuperation/eligible?year=2027"
check "recup: ...the frozen members are history now: T103 46, T301 32" test "$(jq -c '[.total, [.items[] | [.badge_no, .score, .honours]]]' "$work/body")" = '[2,[["T103",46,1],["T301",32,1]]]'
# a trip recorded, then voided (did not go), is no trip: a plan with that person freezes, the plan's
# trip written onto the voided row (one a person and year), live again
rpost "recup: T103's 2026 trip recorded (201)" 201 radmin /api/v1/recuperations -d '{"badge_no":"T103","year":2026,"route":"旧线路"}'
trip=$(jq .id "$work/body")
rpost "recup: ...then voided (200)" 200 radmin "/api/v1/recuperations/$trip/void" -d '{"reason":"未成行"}'
jq '.places = 1 | .front_line_min_pct = 0' "$rfx/programme.json" >"$work/recup-again.json"
rpost "recup: a plan of one place for 2026 (save=1)" 200 radmin '/api/v1/recuperation/plan?save=1' --data-binary @"$work/recup-again.json"
rid3=$(jq .plan_id "$work/body")
route3=$(jq -r '[.groups[] | select(.members | length > 0) | .route][0]' "$work/body")
check "recup: ...T103 in it" body_has '[.groups[].members[].badge_no] == ["T103"]'
rpost "recup: its freeze, T103's only 2026 row being void (200)" 200 radmin "/api/v1/recuperation/plans/$rid3/freeze" -X POST
check "recup: ...frozen, the same row live again with the plan's route, audited as radmin's update" \
	test "$(jq -r .status "$work/body") $(sql "$rdb" "SELECT id || ' ' || route || ' ' || COALESCE(voided_at, 0) || ' ' || (SELECT COUNT(*) FROM audit_log WHERE kind = 'recuperations' AND action = 'update' AND record_id = $trip AND actor = 'radmin') FROM recuperations WHERE badge_no = 'T103' AND year = 2026")" = "frozen $trip $route3 0 1"
# a frozen member's trip voided: eligible again that year (the trips are the truth, not the frozen plan)
trip=$(as radmin "$rbase/api/v1/recuperations?badge_no=T101&year=2026" | jq '.items[0].id')
rpost "recup: T101's 2026 trip (a frozen plan's) voided (200)" 200 radmin "/api/v1/recuperations/$trip/void" -d '{"reason":"未成行"}'
expect_as "recup: the eligible for 2026 after the void" 200 rboss "$rbase/api/v1/recuperation/eligible?year=2026"
check "recup: ...T101 among them again" body_has 'any(.items[]; .badge_no == "T101")'
CODE=plan.not_found expect_as "recup: no such plan 404" 404 rboss "$rbase/api/v1/recuperation/plans/999"
# CBC is loaded on the first plan (src/plan/cbc.h): a server without it answers a plan with 503
# plan.solver_missing naming the library, and goes on serving
nport=$(free_port)
FENGQIAO_DB=$rdb FENGQIAO_CBC_LIB=/nonexistent/libCbcSolver.so.3 "$bin" serve --listen "127.0.0.1:$nport" 2>>"$work/server.log" &
nserver=$!
wait_up "http://127.0.0.1:$nport/healthz" "$nserver" || tail -5 "$work/server.log"
expect_as "recup: a server without the CBC library: a plan is 503" 503 radmin -H 'Content-Type: application/json' \
	--data-binary @"$rfx/programme.json" "http://127.0.0.1:$nport/api/v1/recuperation/plan"
check "recup: ...plan.solver_missing naming the library; the server still answers" \
	bash -c "jq -e '.error.code == \"plan.solver_missing\" and (.error | tostring | contains(\"/nonexistent/libCbcSolver.so.3\"))' '$work/body' >/dev/null && curl -sf 'http://127.0.0.1:$nport/healthz' >/dev/null"
stop "$nserver" "server without CBC"
stop "$rserver" "recuperation server"
# the sample programme on the demo data (the main server): it plans, marked as demo data
sample="$(dirname "$0")/../../docs/examples/recuperation-2026.json"
# two whole-bureau users listing the eligible of different years at once: each sort is its
# own (the comparator once read a shared static context: another request's people)
seq 1 150 | xargs -P 6 -I{} sh -c "curl -s -o /dev/null -b '$work/boss.jar' '$base/api/v1/recuperation/eligible?year=2026&exclude_attended_within_years=0'; curl -s -o /dev/null -b '$work/admin.jar' '$base/api/v1/recuperation/eligible?year=2030&exclude_attended_within_years=100'"
expect_as "recup: after 300 eligible lists at once the server still answers" 200 boss "$base/api/v1/recuperation/eligible?year=2026"
check "recup: ...with the demo's eligible, best first" body_has '.total > 30 and ([.items[].score] | . == (sort | reverse))'
expect_as "recup: the sample programme on the demo data (save=1)" 200 admin -H 'Content-Type: application/json' --data-binary @"$sample" "$base/api/v1/recuperation/plan?save=1"
check "recup: ...feasible, all 30 places, 80 % front line, demo" \
	body_has '.feasible and .selected == 30 and .front_line_pct >= 80 and .demo == true and all(.groups[]; .party_members >= 3 and (.members | length) <= .size_max) and all(.units[]; .selected <= .cap)'
expect_as "recup: its print on the demo data" 200 admin "$base/api/v1/recuperation/plans/$(jq .plan_id "$work/body")/print"
check "recup: ...says 演示数据 and has every group" bash -c "f='$work/body'; grep -q '演示数据' \"\$f\" && grep -q 'H1 组' \"\$f\" && grep -q 'H2 组' \"\$f\" && grep -q 'N1 组' \"\$f\""
