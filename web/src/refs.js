// Names for references: lists carry codes (a badge number, a division code),
// people read names.  Each referenced kind is loaded once (the bureau has a
// few hundred of each) and kept until a change to that kind.
import { reactive } from 'vue'
import { listAll } from './api.js'

const cache = reactive({}) // kind -> { ready, byKey }
const pending = {}

// The field a reference points at: the kind's first key field.
export function keyField(kindMeta) {
  const f = kindMeta && kindMeta.fields.find((x) => x.key)
  return f ? f.name : 'id'
}

// Kinds too large to load whole (tens of thousands of incidents): their
// references show as keys, which are what people quote anyway.
const bulky = new Set(['incidents', 'cases'])

export function ensureKind(kind, keyName) {
  if (bulky.has(kind)) {
    if (!cache[kind]) cache[kind] = { ready: true, byKey: {}, items: [] }
    return Promise.resolve(cache[kind])
  }
  if (cache[kind] && cache[kind].ready) return Promise.resolve(cache[kind])
  if (pending[kind]) return pending[kind]
  if (!cache[kind]) cache[kind] = { ready: false, byKey: {}, items: [] }
  pending[kind] = listAll(kind)
    .then((items) => {
      const byKey = {}
      for (const r of items) byKey[r[keyName || guessKey(kind)]] = r
      cache[kind] = { ready: true, byKey, items }
      return cache[kind]
    })
    .catch(() => {
      // out of scope or not allowed: codes stay as they are
      cache[kind] = { ready: true, byKey: {}, items: [] }
      return cache[kind]
    })
    .finally(() => {
      delete pending[kind]
    })
  return pending[kind]
}

const knownKeys = {
  divisions: 'code', stations: 'code', units: 'code', partners: 'code', personnel: 'badge_no', users: 'username',
  categories: 'code', incidents: 'incident_no', cases: 'case_no',
}
function guessKey(kind) {
  return knownKeys[kind] || 'code'
}

export function refRecord(kind, key) {
  const c = cache[kind]
  return c ? c.byKey[key] : undefined
}

export function refItems(kind) {
  const c = cache[kind]
  return c ? c.items : []
}

// "董芳凯" for a badge number, "巴彦浩特镇" for a division code, else the code.
export function refLabel(kind, key) {
  if (key === null || key === undefined || key === '') return ''
  const r = refRecord(kind, key)
  return r ? recordTitle(r) || key : key
}

export function recordTitle(r) {
  return r.name || r.display_name || r.username || r.code || r.badge_no || ''
}

export function invalidateKind(kind) {
  delete cache[kind]
}

export function clearRefCache() {
  for (const k of Object.keys(cache)) delete cache[k]
}
