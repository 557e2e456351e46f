// Who is signed in, what they may see (GET /api/v1/meta), and the role rules
// the interface follows: admin everything, leader read-only, station its own.
import { reactive, computed } from 'vue'
import { api, setCsrf } from './api.js'
import { clearRefCache } from './refs.js'

export const session = reactive({
  user: null,
  meta: null, // { kinds: {kind: {...}}, tz_minutes }
  loaded: false,
})

async function loadMeta() {
  const m = await api.get('/meta')
  const kinds = {}
  for (const k of m.kinds) kinds[k.kind] = k
  session.meta = { kinds, tz_minutes: m.tz_minutes }
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
export const isAdmin = computed(() => role.value === 'admin')
export const isLeader = computed(() => role.value === 'leader')
// confined to one station (station, officer, grid… roles)
export const ownStation = computed(() =>
  session.user && !['admin', 'leader'].includes(session.user.role) ? session.user.unit || '' : '',
)

export function kindMeta(kind) {
  return session.meta && session.meta.kinds[kind]
}

// The server's own word on whether this caller may change these records.
export function canWrite(kind) {
  const k = kindMeta(kind)
  return !!(k && k.writable)
}
