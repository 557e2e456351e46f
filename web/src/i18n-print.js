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
    'print.coverageDefinitions': 'Posts held on the day (started on or before it, not ended before it); a community or gacha with any such post other than a township committee seat is covered, otherwise it is listed as uncovered under the station whose jurisdiction holds it.',
  },
}

export function pt(key, params) {
  const s = words[lang.value][key] ?? words.zh[key]
  if (s === undefined) return t(key, params)
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m)) : s
}
