// The words of the four indicators' cards on the dashboard (四项指标), kept
// apart from i18n.js and merged into it.
export default {
  zh: {
    'kpi.title': '四项指标',
    'kpi.period': '{from} 至 {to}，同期为上一年相同日期',
    'kpi.previous': '同期 {v}',
    'kpi.points': '{v} 个百分点',
    'kpi.drill': '{label}：明细',
    'kpi.drillTotal': '共 {n} 条',
  },
  en: {
    'kpi.title': 'The four indicators',
    'kpi.period': '{from} to {to}, against the same dates a year earlier',
    'kpi.previous': 'last year {v}',
    'kpi.points': '{v} points',
    'kpi.drill': '{label}: records',
    'kpi.drillTotal': '{n} records',
  },
}
