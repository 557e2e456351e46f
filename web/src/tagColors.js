// Tag colours by what a code means, the same on every list: grave or failed
// red, public order or pending orange, done or good green, the rest grey.
// (Not by a code's place in its list: 刑事 is red wherever it shows.)
const byCode = {
  danger: ['criminal', 'fire', 'failed', 'defrauded', 'high', 'major', 'unsatisfied', 'no', 'revoked', 'red'],
  warning: ['public_order', 'traffic', 'disaster', 'dispute', 'hazard', 'clue', 'medium', 'partial', 'continue',
    'returned', 'investigating', 'mediating', 'orange', 'yellow', 'unreachable'],
  success: ['closed', 'agreement', 'settled', 'dissuaded', 'satisfied', 'basic', 'yes', 'low', 'member', 'general'],
  primary: ['police', 'processing', 'referred', 'filed', 'chief', 'instructor'],
}
const types = new Map(Object.entries(byCode).flatMap(([type, codes]) => codes.map((c) => [c, type])))

export function tagType(code) {
  return types.get(code) || 'info'
}
