// The prevention ledgers' deadlines (CONTRACTS.md §6), only to show them:
// a hazard is overdue after its deadline while not fixed, or fixed after it;
// a meeting's action item is overdue after its due_on while not done.  The
// server's to-do list (GET /api/v1/todo) decides what is still open.

// `day` and the dates are 'YYYY-MM-DD'
export function hazardOverdue(h, day) {
  return !!h && !!h.deadline && day > h.deadline && (!h.fixed_on || h.fixed_on > h.deadline)
}

export function actionOverdue(a, day) {
  return !!a && !!a.due_on && !a.done_on && day > a.due_on
}
