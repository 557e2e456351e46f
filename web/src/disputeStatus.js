// A dispute's derived status as a tag colour, and its deadlines (CONTRACTS.md
// §5): a result within 30 days of registration, a referral accepted within
// 3 days.  The server decides the status; these only show it.
const tags = { registered: 'info', mediating: 'warning', referred: 'primary', settled: 'success', failed: 'danger', filed: 'warning' }

export function disputeTag(status) {
  return tags[status] || 'info'
}

export const RESULT_DAYS = 30
export const ACCEPT_DAYS = 3

// 'YYYY-MM-DD' plus n days
export function addDays(day, n) {
  const d = new Date(day + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

// whole days from a to b ('YYYY-MM-DD')
export function daysBetween(a, b) {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000)
}

// past its 30-day deadline without a result, on `today`
export function disputeOverdue(d, today) {
  return !!d && !d.result_on && !!d.registered_on && addDays(d.registered_on, RESULT_DAYS) < today
}
