// The prevention ledgers' deadlines (CONTRACTS.md §6), only to show them:
// a hazard is overdue after its deadline while not fixed, or fixed after it;
// a meeting's action item is overdue after its due_on while not done.  The
// server's to-do list (GET /api/v1/todo) decides what is still open.

// `day` and the dates are 'YYYY-MM-DD'
export function hazardOverdue(h, day) {
  return !!h && !!h.deadline && day > h.deadline && (!h.fixed_on || h.fixed_on > h.deadline)
}

// ?overdue=1 (the to-do list's and the dashboard's links): the list's "overdue only" box starts ticked
export function overdueQuery(route) {
  return route.query.overdue === '1'
}

export function actionOverdue(a, day) {
  return !!a && !!a.due_on && !a.done_on && day > a.due_on
}
