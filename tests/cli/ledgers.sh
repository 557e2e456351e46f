# Sourced by tests/cli/run: the prevention ledgers (CONTRACTS.md §6), in a database
# of their own.  Each kind imports in English headers, Chinese headers (UTF-8 with a
# BOM) and GB18030; a file breaking the rules is refused whole, each problem named by
# line and field, and nothing is written.
export FENGQIAO_DB="$work/ledgers.db"
lfx=$fx/ledgers
check "ledgers: database from the fixtures" load_fixtures
for k in hazards visits outreach dissuasions meetings actions; do
	for v in "" -zh -gb18030; do
		check "ledgers: $k$v imports" bash -c "'$bin' import $k '$lfx/$k$v.csv' >/dev/null 2>&1"
	done
done
check "ledgers: rows of each kind" test "$(for k in hazards visits outreach dissuasions meetings actions; do count $k; done | tr '\n' ' ')" = "7 7 6 7 7 6 "
err=$(fq import hazards "$lfx/hazards-gb18030.csv" 2>&1 >/dev/null)
check "ledgers: GB18030 said" grep -q 'GB18030' <<<"$err"
check "ledgers: Chinese labels stored as codes" test "$(sql "$FENGQIAO_DB" "SELECT type || ',' || level FROM hazards WHERE hazard_no = 'YH-G2'")" = "fire,major"
check "ledgers: visit's station from its officer" test "$(sql "$FENGQIAO_DB" "SELECT station FROM visits ORDER BY visited_on" | paste -sd' ')" = "S01 S01 S02 S01 S02 S01 S02"
check "ledgers: an item's station from its meeting" test "$(sql "$FENGQIAO_DB" "SELECT station FROM actions WHERE item = '划定草场界线'")" = S02
check "ledgers: briefed as 0/1" test "$(sql "$FENGQIAO_DB" "SELECT briefed FROM meetings ORDER BY held_on, kind" | paste -sd'\0')" = "1110010"

# bad_file KIND VALID_LINE LINE:FIELD:PATTERN...: exit 1, every problem named, the valid line not, nothing written
bad_file() {
	local k=$1 valid=$2 before err rc p
	shift 2
	before=$(count "$k")
	err=$(fq import "$k" "$lfx/$k-bad.csv" 2>&1 >/dev/null); rc=$?
	[ $rc -eq 1 ] || { echo "exit $rc"; return 1; }
	for p in "$@"; do
		grep -qE "$k-bad.csv:${p%%:*}: ${p#*:}" <<<"$err" || { echo "missing $p in: $err"; return 1; }
	done
	lacks "$k-bad.csv:$valid:" "$err" && test "$(count "$k")" = "$before"
}
check "ledgers: bad hazards refused by line" bad_file hazards 6 '2:deadline: .*早于发现日期' '2:fixed_on: .*早于发现日期' \
	'3:division: .*不在派出所 S01 的辖区内' '4:type: .*flood' '5:found_on: .*晚于今天'
check "ledgers: bad visits refused by line" bad_file visits 6 '2:households: 走访户数不能为负' '3:satisfied: .*多于走访人数' \
	'3:resolved: .*多于收集意见建议' '4:division: .*辖区' '5:officer: .*999999'
check "ledgers: bad outreach refused by line" bad_file outreach 4 '2:audience: 受众人数不能为负' '2:materials: 发放资料不能为负' \
	'3:division: .*辖区'
check "ledgers: bad dissuasions refused by line" bad_file dissuasions 5 '2:dissuaded_at: .*早于预警时间' '2:loss: .*仅在“被骗”时填写' \
	'3:loss: 损失金额不能为负' '4:dissuaded_at: .*劝阻成功时必填' '6:loss: .*“被骗”时填写'
check "ledgers: bad meetings refused by line" bad_file meetings 6 '2:attendee: 参会民警 150105 .*未在 152921110001 担任兼职' \
	'3:attendee: .*152921110000' '4:attendee: .*2023-05-01' '5:kind: .*meeting' '5:briefed: '
check "ledgers: bad actions refused by line" bad_file actions 4 '2:held_on: .*没有会议记录' '3:due_on: .*早于会议日期' \
	'3:done_on: .*早于会议日期'
check "ledgers: every rule holds" fq check
fq export hazards --format xlsx --output hazards.xlsx
check "ledgers: hazards xlsx re-imports" bash -c "'$bin' import hazards hazards.xlsx --dry-run 2>/dev/null | grep -q '将新增 0、更新 7'"
export FENGQIAO_DB="$work/t.db"
