// Who is signed in and what they may see and do (GET /api/v1/meta).  The
// server's permission table decides; the interface never reasons from role
// names: it shows what meta grants and confines itself to meta's scope.
import { reactive, computed } from 'vue'
import { api, setCsrf } from './api.js'
import { clearRefCache } from './refs.js'

export const session = reactive({
  user: null,
  meta: null, // { kinds: {kind: {...}}, resources: {reports: [actions]}, scope: {kind, station}, tz_minutes }
  loaded: false,
})

async function loadMeta() {
  const m = await api.get('/meta')
  const kinds = {}
  for (const k of m.kinds) kinds[k.kind] = k
  session.meta = { kinds, resources: m.resources || {}, scope: m.scope || { kind: 'all' }, tz_minutes: m.tz_minutes, demo: !!m.demo }
}

// Resolve the current session; false when nobody is signed in.
export async function loadSession() {
  try {
    const s = await api.get('/session')
    setCsrf(s.csrf_token)
    session.user = s.user
    await loadMeta()
    session.loaded = true
    return true
  } catch (e) {
    if (e.status === 401) {
      forget()
      return false
    }
    throw e
  }
}

export async function login(username, password) {
  const s = await api.post('/session', { username, password })
  setCsrf(s.csrf_token)
  session.user = s.user
  clearRefCache()
  await loadMeta()
  session.loaded = true
}

export async function logout() {
  try {
    await api.del('/session')
  } finally {
    forget()
  }
}

export function forget() {
  session.user = null
  session.meta = null
  session.loaded = false
  setCsrf('')
  clearRefCache()
}

export const role = computed(() => (session.user ? session.user.role : ''))
// confined to one station (station, officer, grid… roles): the server says which
export const ownStation = computed(() =>
  session.meta && session.meta.scope.kind !== 'all' ? session.meta.scope.station || '' : '',
)
// may change nothing at all (a bureau leader)
export const readOnly = computed(() => !!session.meta && !Object.values(session.meta.kinds).some((k) => k.writable))

// May the caller take this action on a record kind or a named resource (reports, audit)?
export function can(resource, action = 'read') {
  if (!session.meta) return false
  const k = session.meta.kinds[resource]
  const actions = k ? k.actions : session.meta.resources[resource]
  return !!(actions && actions.includes(action))
}

export function kindMeta(kind) {
  return session.meta && session.meta.kinds[kind]
}

// The server's own word on whether this caller may change these records.
export function canWrite(kind) {
  const k = kindMeta(kind)
  return !!(k && k.writable)
}
