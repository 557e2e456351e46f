// Routes and the guard: nobody past the login page without a session, and
// a page about a kind or resource only for those meta says may read it.
import { createRouter, createWebHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import { session, loadSession, forget, can } from './session.js'
import { setUnauthorizedHandler } from './api.js'
import { t } from './i18n.js'
import Layout from './components/Layout.vue'
import Login from './views/Login.vue'

const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
  // a grid worker's phone page: no sidebar, one column
  { path: '/grid', name: 'grid-report', component: () => import('./views/GridReport.vue'), meta: { title: 'nav.gridReport', kind: 'gridreports', grid: true } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'dashboard', component: () => import('./views/Dashboard.vue'), meta: { title: 'nav.dashboard' } },
      { path: 'org', name: 'org', component: () => import('./views/Org.vue'), meta: { title: 'nav.org', kind: 'divisions' } },
      { path: 'personnel', name: 'personnel', component: () => import('./views/Personnel.vue'), meta: { title: 'nav.personnel', kind: 'personnel' } },
      { path: 'posts', name: 'posts', component: () => import('./views/Posts.vue'), meta: { title: 'nav.posts', kind: 'posts' } },
      { path: 'coverage', name: 'coverage', component: () => import('./views/Coverage.vue'), meta: { title: 'nav.coverage', resource: 'reports' } },
      { path: 'incidents', name: 'incidents', component: () => import('./views/Incidents.vue'), meta: { title: 'nav.incidents', kind: 'incidents' } },
      { path: 'cases', name: 'cases', component: () => import('./views/Cases.vue'), meta: { title: 'nav.cases', kind: 'cases' } },
      { path: 'disputes', name: 'disputes', component: () => import('./views/Disputes.vue'), meta: { title: 'nav.disputes', kind: 'disputes', partner: true } },
      { path: 'disputes/:id', name: 'dispute-file', component: () => import('./views/DisputeFile.vue'), meta: { title: 'nav.disputeFile', kind: 'disputes', partner: true } },
      { path: 'mediation', name: 'mediation', component: () => import('./views/Mediation.vue'), meta: { title: 'nav.mediation', kind: 'referrals', scope: 'partner', partner: true } },
      { path: 'dispute-stats', name: 'dispute-stats', component: () => import('./views/DisputeStats.vue'), meta: { title: 'nav.disputeStats', kind: 'disputes', resource: 'reports' } },
      { path: 'warnings', name: 'warnings', component: () => import('./views/Warnings.vue'), meta: { title: 'nav.warnings', kind: 'disputes', resource: 'reports' } },
      { path: 'stats', name: 'stats', component: () => import('./views/Stats.vue'), meta: { title: 'nav.stats', resource: 'reports' } },
      { path: 'hazards', name: 'hazards', component: () => import('./views/Hazards.vue'), meta: { title: 'nav.hazards', kind: 'hazards' } },
      { path: 'visits', name: 'visits', component: () => import('./views/Visits.vue'), meta: { title: 'nav.visits', kind: 'visits' } },
      { path: 'outreach', name: 'outreach', component: () => import('./views/Outreach.vue'), meta: { title: 'nav.outreach', kinds: ['outreach', 'dissuasions'] } },
      { path: 'meetings', name: 'meetings', component: () => import('./views/Meetings.vue'), meta: { title: 'nav.meetings', kind: 'meetings' } },
      { path: 'gridreports', name: 'gridreports', component: () => import('./views/GridReports.vue'), meta: { title: 'nav.gridReports', kind: 'gridreports' } },
      { path: 'honours', name: 'honours', component: () => import('./views/Honours.vue'), meta: { title: 'nav.honours', kind: 'honours' } },
      { path: 'recuperations', name: 'recuperations', component: () => import('./views/Recuperations.vue'), meta: { title: 'nav.recuperations', kind: 'recuperations' } },
      { path: 'recuperation', name: 'recuperation', component: () => import('./views/RecuperationPlan.vue'), meta: { title: 'nav.recuperationPlan', resource: 'recuperation' } },
      { path: 'users', name: 'users', component: () => import('./views/Users.vue'), meta: { title: 'nav.users', kind: 'users' } },
      { path: 'audit', name: 'audit', component: () => import('./views/Audit.vue'), meta: { title: 'nav.audit', resource: 'audit' } },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('./views/NotFound.vue'), meta: { title: 'notfound' } },
    ],
  },
]

const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.loaded) {
    let ok = false
    try {
      ok = await loadSession()
    } catch {
      ok = false
    }
    if (!ok) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  // a partner body's mediator: its referrals and the disputes behind them, nothing else
  const partner = session.meta.scope.kind === 'partner'
  if (partner && !to.meta.partner && to.name !== 'notfound') return { name: 'mediation' }
  // a grid worker: its phone page, its reports there
  const grid = session.meta.scope.kind === 'grid'
  if (grid && !to.meta.grid) return { name: 'grid-report' }
  if (!grid && to.meta.grid) return { name: 'dashboard' }
  if (to.meta.scope && session.meta.scope.kind !== to.meta.scope) return { name: 'dashboard' }
  if ((to.meta.kind && !can(to.meta.kind)) || (to.meta.resource && !can(to.meta.resource))) return { name: 'dashboard' }
  if (to.meta.kinds && !to.meta.kinds.some((k) => can(k))) return { name: 'dashboard' }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${t(to.meta.title)} - ${t('app.name')}` : t('app.name')
})

// A 401 from any call: the session ended (timeout, logout elsewhere).
setUnauthorizedHandler(() => {
  const current = router.currentRoute.value
  if (current.meta.public) return
  forget()
  ElMessage.warning(t('session.expired'))
  router.replace({ name: 'login', query: { redirect: current.fullPath } })
})

export default router
