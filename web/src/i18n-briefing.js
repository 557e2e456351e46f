// The words of the briefing button (辖区治安形势通报), merged into i18n.js.
export default {
  zh: {
    'briefing.btn': '打印通报',
    'briefing.title': '辖区治安形势通报：{name}',
    'briefing.period': '通报期间',
    'briefing.open': '打开通报并打印',
    'briefing.markBriefed': '同时记录本次会议已通报',
    'briefing.marked': '已记录会议已通报',
  },
  en: {
    'briefing.btn': 'Print briefing',
    'briefing.title': 'Briefing: {name}',
    'briefing.period': 'Period',
    'briefing.open': 'Open and print',
    'briefing.markBriefed': 'Also record that the meeting was briefed',
    'briefing.marked': 'The meeting is recorded as briefed',
  },
}
