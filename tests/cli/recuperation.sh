# Sourced by tests/cli/run: the recuperation planner (CONTRACTS.md §7) on a small hand-built
# bureau (tests/cli/fixtures/recuperation) whose plan is known by hand, on a database of its own.
# Units: S01 (4 active staff, cap 2 a day at 50 %), S02, X1 (criminal) and OF (an office, not
# front line), 2 each (cap 1).  Eligible, score = honours + years of service to 2026-01-01:
# T401 126 (OF), T101 120, T102 79 (two honours), T103 45 (S01), T301 31 (X1, not a party
# member), T201 26 (S02, attended 2022: 4 years ago); T202 attended 2024 and T104 is voided.
# H1 and N1 overlap, so S01 sends 2 at most: the best 4 are T401 T101 T102 T301 = 356.
rfx=$fx/recuperation
rdb=$work/recup.db
rq() { sql "$rdb" "$1"; }
jqe() { [ -s "${!#}" ] && jq -e "$@" >/dev/null; } # jqe FILTER FILE: true on a non-empty FILE only
rfq() { FENGQIAO_DB=$rdb fq "$@"; }
rm -f "$rdb"*
rfq init >/dev/null
for k in divisions stations; do rfq import $k "$fx/$k.csv" >/dev/null 2>&1; done
for k in units personnel honours recuperations; do rfq import $k "$rfx/$k.csv" >/dev/null 2>&1 || echo "recuperation: import $k failed"; done
rq "UPDATE personnel SET voided_at = 1790000000, void_reason = 'test' WHERE badge_no = 'T104'" >/dev/null

rfq recuperation plan "$rfx/programme.json" --format json > recup.json
# CBC is loaded on the first plan (src/plan/cbc.h): without it the plan fails as "unavailable"
FENGQIAO_CBC_LIB=/nonexistent/libCbcSolver.so.3 refuses "recup: no CBC library: exit 75 naming it and why" 75 \
	'cannot load the CBC solver library /nonexistent/libCbcSolver\.so\.3.*No such file' rfq recuperation plan "$rfx/programme.json"
check "recup: plan exits 0, feasible and proven optimal" jqe '.feasible and .optimal and .gap == 0' recup.json
check "recup: eligibility (voided and attended 2 years ago out, 4 years ago in)" \
	test "$(jq -c '[.eligible, ([.groups[].members[].badge_no] | sort)]' recup.json)" = '[6,["T101","T102","T301","T401"]]'
check "recup: score arithmetic (honours + whole years of service)" \
	test "$(jq -c '[.score, ([.groups[].members[] | [.badge_no, .score]] | sort)]' recup.json)" = '[356,[["T101",120],["T102",79],["T301",31],["T401",126]]]'
check "recup: exactly places selected, groups within size_max" \
	jqe '.selected == 4 and .places == 4 and ([.groups[].members | length] | add) == 4 and all(.groups[]; (.members | length) <= .size_max)' recup.json
check "recup: front line at least 75 % (3 of 4), counted right" \
	jqe '.front_line == 3 and .front_line_pct == 75 and ([.groups[].members[] | select(.front_line)] | length) == 3 and ([.groups[].members[] | select(.badge_no == "T401")][0].front_line | not)' recup.json
check "recup: each group's branch: party members counted, the most senior member its secretary" \
	jqe 'all(.groups[]; .secretary as $s | (.members | length) == 0 or (.party_members >= 1 and .party_members == ([.members[] | select(.party == "member")] | length) and any(.members[]; .badge_no == $s and .party == "member"))) and ([.groups[] | select([.members[].badge_no] | index("T401")) | .secretary] == ["T401"])' recup.json
check "recup: no unit above its share on the overlapping days (S01 2, the others 1)" \
	jqe 'all(.units[]; .selected <= .cap) and ([.units[] | {(.code): [.selected, .staff, .cap]}] | add) == {"OF":[1,2,1],"S01":[2,4,2],"S02":[0,2,1],"X1":[1,2,1]}' recup.json
check "recup: members carry route, unit name, party; groups their dates and route name" \
	jqe '.groups[0] | .route == "hainan" and .route_name == "海南" and .theme == "健康休养" and .start == "2026-10-10" and .end == "2026-10-16" and all(.members[]; .route == "hainan" and (.unit_name | length) > 0)' recup.json
rfq recuperation plan "$rfx/programme.json" > recup.txt
check "recup: table in Chinese with the groups, secretary and per-unit counts" \
	bash -c "grep -q '入选 4 / 名额 4' recup.txt && grep -q '总分 356' recup.txt && grep -q '临时党支部书记' recup.txt && grep -q '各单位人数' recup.txt && grep -q '政治处' recup.txt"
check "recup: table: the party column labels a non-member (T301) 群众, a member 党员" \
	bash -c "grep -q 'T301 .*丙一.* 群众 ' recup.txt && grep -q 'T102 .*甲二.* 党员 ' recup.txt"
rfq recuperation plan "$rfx/programme.json" --format xlsx --out recup-plan.xlsx
check "recup: XLSX: the party column labels a non-member (T301) 群众" /usr/bin/python3 -c "
import openpyxl
wb = openpyxl.load_workbook('recup-plan.xlsx')
rows = [r for s in wb.sheetnames[1:] for r in wb[s].iter_rows(values_only=True)]
assert any(r[1] == 'T301' and '群众' in r for r in rows), rows
assert any(r[1] == 'T102' and '党员' in r for r in rows), rows
"
# group codes whose sheet names Excel takes as one (it ignores case: H1, h1) or that clean into one
# (A[, A] both A_, then renamed G3, the first's): each sheet named apart, the workbook opens
jq '.routes[1].groups[0].code = "h1"' "$rfx/programme.json" > recup-case.json
jq '.routes[0].groups[0].code = "G3" | .routes[1].groups = [.routes[1].groups[0] | (.code = "A["), (.code = "A]" | .start = "2026-10-22" | .end = "2026-10-28")]' "$rfx/programme.json" > recup-clean.json
rm -f recup-case.xlsx recup-clean.xlsx recup-tmp.xlsx
rfq recuperation plan recup-case.json --format xlsx --out recup-case.xlsx
rfq recuperation plan recup-clean.json --format xlsx --out recup-clean.xlsx
check "recup: XLSX of codes H1/h1 and G3/A[/A]: sheets named apart, both open" /usr/bin/python3 -c "
import openpyxl
assert openpyxl.load_workbook('recup-case.xlsx').sheetnames == ['汇总', 'H1', 'G2']
assert openpyxl.load_workbook('recup-clean.xlsx').sheetnames == ['汇总', 'G3', 'A_', 'G3_2']
"
refuses "recup: an XLSX that cannot be written: exit 1 saying why" 1 '临时文件' env TMPDIR="$work/none" FENGQIAO_DB="$rdb" "$bin" recuperation plan "$rfx/programme.json" --format xlsx --out recup-tmp.xlsx
check "recup: ...and no empty file left behind" test ! -e recup-tmp.xlsx
rfq recuperation plan "$rfx/programme.json" --format csv > recup.csv
check "recup: csv a header and a row per member, one secretary per group" \
	bash -c "test \"\$(wc -l < recup.csv)\" = 5 && head -1 recup.csv | grep -q '^group,route,route_name,start,end,badge_no,name,unit,unit_name,front_line,party,score,secretary' && test \"\$(grep -c ',1.\?\$' recup.csv)\" = 2"
rfq recuperation plan "$rfx/infeasible.json" --format json > recup-no.json
rc=$?
check "recup: infeasible exits 3 naming front_line_min_pct with 6 needed, 5 eligible" \
	bash -c "test $rc = 3 && jq -e '.feasible == false and any(.conflicts[]; .constraint == \"front_line_min_pct\" and .need == 6 and .have == 5 and (.message_zh | length) > 0 and (.message_en | length) > 0)' recup-no.json >/dev/null"
refuses "recup: infeasible as a table says the rule and numbers" 3 'front_line_min_pct.*need 6.*have 5' rfq recuperation plan "$rfx/infeasible.json"
refuses "recup: a group ending before its start: exit 2 naming the field" 2 'programme\.routes\[1\]\.groups\[0\]\.end' rfq recuperation plan "$rfx/bad-end.json"
jq '.places = "many"' "$rfx/programme.json" > recup-bad.json
refuses "recup: places not a number: exit 2 naming programme.places" 2 'programme\.places' rfq recuperation plan recup-bad.json
jq '.routes[1].groups[0].code = "H1"' "$rfx/programme.json" > recup-dup.json
refuses "recup: a group code twice: exit 2 naming it" 2 'programme\.routes\[1\]\.groups\[0\]\.code' rfq recuperation plan recup-dup.json
jq '.routes[0].groups = [range(201) as $i | .routes[0].groups[0] | .code = "g\($i)"]' "$rfx/programme.json" > recup-many.json
refuses "recup: more than 200 groups: exit 2 naming programme.routes" 2 'programme\.routes .*200' rfq recuperation plan recup-many.json
jq '.routes[1].groups[0].start = "2001-01-01"' "$rfx/programme.json" > recup-far.json
refuses "recup: a group decades before the year: exit 2 naming its start" 2 'programme\.routes\[1\]\.groups\[0\]\.start' rfq recuperation plan recup-far.json
# more places than eligible: the plan is the best of those who fit, and names what keeps the others out
jq '.places = 1000 | .branch_min_members = 3' "$rfx/programme.json" > recup-short.json
rfq recuperation plan recup-short.json --format json > recup-short-out.json
check "recup: places 1000, no group big enough for a branch of 3: 0 selected, size_max and branch_min_members named" \
	jqe '.feasible and .selected == 0 and .eligible == 6 and ([.unfilled[].constraint] | index("size_max") and index("branch_min_members"))' recup-short-out.json
jq '.places = 4 | .front_line_min_pct = 100 | .branch_min_members = 2' "$rfx/programme.json" > recup-comb.json
rfq recuperation plan recup-comb.json --format json > recup-comb-out.json
check "recup: rules failing together: combined naming them in subject, one entry per rule, English only in message_en" \
	jqe '.feasible == false and ([.conflicts[] | select(.constraint == "combined")][0].subject | contains("front_line_min_pct") and contains("branch_min_members")) and ([.conflicts[].constraint] | index("front_line_min_pct") and index("branch_min_members")) and all(.conflicts[]; .message_en | test("^[ -~]+$"))' recup-comb-out.json

# save, swap, freeze
rfq recuperation plan "$rfx/programme.json" --save --format json > recup-saved.json
id=$(jq .plan_id recup-saved.json)
check "recup: --save stores a draft with its members, audited" \
	test "$(rq "SELECT status || ' ' || (SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND kind = 'recuperation_plans' AND record_id = $id) FROM recuperation_plans WHERE id = $id") $(rfq recuperation show "$id" --format json | jq '[.groups[].members[]] | length')" = "draft 1 4"
check "recup: plans lists it" test "$(rfq recuperation plans --format json | jq -c "[.total, .items[0].id, .items[0].status, .items[0].score]")" = "[1,$id,\"draft\",356]"
id2=$(rfq recuperation plan "$rfx/programme.json" --save --format json | jq .plan_id) # the same draft again, for members gone stale
refuses "recup: a swap that breaks the unit share: exit 3 naming it, nothing changed" 3 'unit_share_max_pct' rfq recuperation swap "$id" T301 T103
check "recup: ...and the members are as before" test "$(rfq recuperation show "$id" --format json | jq '[.groups[].members[] | select(.badge_no == "T301")] | length')" = 1
refuses "recup: swapping out someone not in the plan: exit 2" 2 'not a member' rfq recuperation swap "$id" T103 T201
refuses "recup: swapping in someone not eligible (attended 2024): exit 2" 2 'not eligible' rfq recuperation swap "$id" T301 T202
# a member who lost the honour may be swapped out (the reason to swap); another such member is named
rq "UPDATE honours SET voided_at = 1790000000, void_reason = 'test' WHERE badge_no IN ('T301', 'T102')" >/dev/null
# two members no longer eligible (each would have blocked the other's swap): one out, the other named, then it
rfq recuperation swap "$id2" T301 T201 --format json > recup-stale.json
rc=$?
check "recup: two members lost their honour: swapping out one (T301) exits 0, the other (T102) named stale with why" \
	bash -c "test $rc = 0 && jq -e '([.groups[].members[].badge_no] | sort) == [\"T101\",\"T102\",\"T201\",\"T401\"] and ([.stale[] | [.badge_no, .name, (.reason | test(\"no honour\"))]] == [[\"T102\",\"甲二\",true]]) and .eligible_count == 4' recup-stale.json >/dev/null"
rfq recuperation swap "$id2" T102 T103 > recup-stale2.txt
rc=$?
rfq recuperation swap "$id2" T201 T102 > recup-stale3.txt 2>&1 # T102 is no longer eligible: cannot come back
check "recup: ...then the other (T102 for T103): exit 0, no member stale any more, T102 not eligible to return" \
	bash -c "test $rc = 0 && ! grep -q 'no longer eligible' recup-stale2.txt && grep -q '总分 317' recup-stale2.txt && grep -q 'T103 .*甲三' recup-stale2.txt && ! grep -q 'T102 ' recup-stale2.txt && grep -q 'T102 不符合参加条件' recup-stale3.txt"
refuses "recup: freezing with members no longer eligible: refused naming them" 1 'T102.*T301|T301.*T102' rfq recuperation freeze "$id"
check "recup: ...nothing frozen" test "$(rq "SELECT COUNT(*) FROM recuperations WHERE year = 2026")" = 0
rq "UPDATE honours SET voided_at = NULL, void_reason = NULL WHERE badge_no = 'T102'" >/dev/null
rfq recuperation swap "$id" T301 T201 --format json > recup-swap.json
rq "UPDATE honours SET voided_at = NULL, void_reason = NULL WHERE badge_no = 'T301'" >/dev/null
check "recup: a swap within the rules: T201 takes T301's group, score 351, checked again" \
	jqe '.score == 351 and .optimal == false and .adjusted == true and ([.groups[].members[].badge_no] | sort) == ["T101","T102","T201","T401"] and all(.units[]; .selected <= .cap)' recup-swap.json
check "recup: show lists the eligible not selected" test "$(rfq recuperation show "$id" --format json | jq -c '[.status, ([.eligible[].badge_no] | sort)]')" = '["draft",["T103","T301"]]'
rfq recuperation freeze "$id" >/dev/null
check "recup: freeze writes a 2026 history row per member, audited, each row audited as a record" \
	test "$(rq "SELECT COUNT(*) FROM recuperations WHERE year = 2026 AND badge_no IN ('T101','T102','T201','T401')") $(rq "SELECT COUNT(*) FROM audit_log WHERE kind = 'recuperation_plans' AND action IN ('swap', 'freeze') AND record_id = $id") $(rq "SELECT COUNT(*) FROM audit_log WHERE kind = 'recuperations' AND action = 'create' AND actor LIKE 'cli:%'")" = "4 2 4"
refuses "recup: a second freeze is refused" 1 'plan\.frozen|已定稿' rfq recuperation freeze "$id"
refuses "recup: a frozen plan cannot be swapped" 1 '已定稿' rfq recuperation swap "$id" T201 T301
jq '.year = 2027' "$rfx/programme.json" > recup-2027.json
rfq recuperation plan recup-2027.json --format json > recup-2027-out.json
check "recup: the frozen plan is next year's history: 2 eligible in 2027, both selected" \
	jqe '.eligible == 2 and .selected == 2 and ([.groups[].members[].badge_no] | sort) == ["T103","T301"]' recup-2027-out.json
rfq recuperation show "$id" --format xlsx --out recup.xlsx
check "recup: XLSX opens with the summary and a sheet per group, the secretary marked" \
	/usr/bin/python3 -c "
import openpyxl, sys
wb = openpyxl.load_workbook('recup.xlsx')
assert wb.sheetnames == ['汇总', 'H1', 'N1'], wb.sheetnames
rows = [[c.value for c in r] for r in wb['H1'].iter_rows()] + [[c.value for c in r] for r in wb['N1'].iter_rows()]
assert sum(1 for r in rows if r[-1] == '书记') == 2, rows
assert sorted(r[1] for r in rows if isinstance(r[0], int)) == ['T101', 'T102', 'T201', 'T401'], rows
summary = [[c.value for c in r] for r in wb['汇总'].iter_rows()]
assert any(r[0] == '一线占比 front-line share' and abs(r[1] - 0.75) < 1e-9 for r in summary), summary
"
refuses "recup: xlsx needs --out" 2 'xlsx 须配合 --out' rfq recuperation show "$id" --format xlsx
# a second programme the same year: those already away that year are not eligible again, and it freezes too
rfq recuperation plan "$rfx/programme.json" --save --format json > recup-again.json
check "recup: a second 2026 programme leaves out the frozen plan's people: T103 and T301 only" \
	jqe '.eligible == 2 and ([.groups[].members[].badge_no] | sort) == ["T103","T301"]' recup-again.json
rfq recuperation freeze "$(jq .plan_id recup-again.json)" >/dev/null
check "recup: ...and both 2026 plans are frozen, 6 trips in 2026" \
	test "$(rq "SELECT COUNT(*) FROM recuperation_plans WHERE year = 2026 AND status = 'frozen'") $(rq "SELECT COUNT(*) FROM recuperations WHERE year = 2026")" = "2 6"
