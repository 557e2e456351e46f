// A case's derived status as a tag colour, and its steps in order.
const tags = { accepted: 'info', investigating: 'warning', processing: 'primary', closed: 'success', revoked: 'danger' }

export function statusTag(status) {
  return tags[status] || 'info'
}

// the step times of a case, in the order it moves through them
export const caseSteps = [
  { field: 'accepted_at', status: 'accepted' },
  { field: 'investigating_at', status: 'investigating' },
  { field: 'processing_at', status: 'processing' },
  { field: 'closed_at', status: 'closed' },
]
