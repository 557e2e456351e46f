// The words of the printed page (print.js, PrintHeader.vue), kept apart from
// i18n.js: pt() looks here first, then in i18n.js.
import { lang, t } from './i18n.js'

const words = {
  zh: {
    'print.btn': '打印',
    'print.period': '统计期间：{p}',
    'print.asOf': '统计日期：{day}',
    'print.scope': '范围：{s}',
    'print.definitions': '统计口径',
    'print.date': '打印日期：{day}',
    'print.statsTitle': '警情统计（同比环比、办结率）',
    'print.coverageTitle': '进班子覆盖情况',
    'print.disputeStatsTitle': '矛盾纠纷排查调处统计',
    'print.drillTitle': '统计明细：{t}',
    'print.drillAll': '共 {total} 条，全部列出',
    'print.recordDefinitions': '本页为打印时库中的记录；时间为本局当地时间（北京时间）；代码字段显示字典中的名称；作废的记录不计入任何统计。',
    'print.recordDefinitions.cases': '案件状态由各环节时间推出：受理（有受理时间）→ 调查 → 处理 → 办结（有办结时间）；有撤销时间即为撤销。办结率 = 期内受理且已办结的案件 ÷ 期内受理的案件。',
    'print.recordDefinitions.incidents': '警情按接警时间计入统计期间；类别为字典中的细类，统计按其所属大类（刑事、治安、交通、火灾、灾害事故、纠纷等）；所属派出所为接警后分派的派出所。',
    'print.drillCapped': '共 {total} 条，只列出前 {n} 条（打印上限）',
    'print.drillPage': '本页第 {from}–{to} 条，共 {total} 条（打印全部请用“打印”按钮）',
    'print.coverageDefinitions': '统计截至当日在任的兼任职务（任职日期不晚于当日，离任日期为空或不早于当日）；社区、嘎查有除乡镇党委委员以外任一在任职务即为已覆盖，否则列为未覆盖，并注明所属派出所辖区。',
  },
  en: {
    'print.btn': 'Print',
    'print.period': 'Period: {p}',
    'print.asOf': 'As of {day}',
    'print.scope': 'Scope: {s}',
    'print.definitions': 'Definitions',
    'print.date': 'Printed on {day}',
    'print.statsTitle': 'Incident statistics (year on year, closure rates)',
    'print.coverageTitle': 'Committee post coverage',
    'print.disputeStatsTitle': 'Dispute screening and mediation statistics',
    'print.drillTitle': 'Records behind a figure: {t}',
    'print.drillAll': 'All {total} records',
    'print.recordDefinitions': 'The record as stored when printed; times are the bureau\'s local time (Beijing time); coded fields show their dictionary names; a voided record counts in no figure.',
    'print.recordDefinitions.cases': 'A case\'s status follows from its step times: accepted (an acceptance time) → investigating → processing → closed (a closing time); a revocation time makes it revoked. Closure rate = cases accepted in the period and closed ÷ cases accepted in the period.',
    'print.recordDefinitions.incidents': 'An incident counts in the period of its reception time; its category is a dictionary entry, counted under its top category (criminal, public order, traffic, fire, disasters, disputes …); its station is the one it was assigned to.',
    'print.drillCapped': 'The first {n} of {total} records (the printing limit)',
    'print.drillPage': 'Records {from}–{to} of {total} on this page (the Print button prints them all)',
    'print.coverageDefinitions': 'Posts held on the day (started on or before it, not ended before it); a community or gacha with any such post other than a township committee seat is covered, otherwise it is listed as uncovered under the station whose jurisdiction holds it.',
  },
}

export function pt(key, params) {
  const s = words[lang.value][key] ?? words.zh[key]
  if (s === undefined) return t(key, params)
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m)) : s
}
