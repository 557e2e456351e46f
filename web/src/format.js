// Figures for people: thousands separated (2,395), "—" for none.  Every page
// that shows counts goes through here, tables, cards and chart labels alike.
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })

export function num(n) {
  if (n === null || n === undefined || n === '') return '—'
  const x = Number(n)
  return Number.isFinite(x) ? grouped.format(x) : String(n)
}

// with its sign: +1,234 / −56 / 0
export function signedNum(n) {
  if (n === null || n === undefined) return '—'
  return n > 0 ? `+${num(n)}` : num(n)
}
