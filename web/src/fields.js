// Showing and editing a field by its descriptor from GET /api/v1/meta.
import { t, tl } from './i18n.js'
import { refLabel } from './refs.js'
import { session } from './session.js'

export function codeLabel(field, code) {
  if (code === null || code === undefined || code === '') return ''
  const c = (field.codes || []).find((x) => x.code === code)
  return c ? tl(c) : code
}

// Plain text for a value in a table cell.
export function displayValue(field, value) {
  if (value === null || value === undefined || value === '') return ''
  switch (field.type) {
    case 'enum':
      return codeLabel(field, value)
    case 'bool':
      return value ? t('bool.yes') : t('bool.no')
    case 'ref':
      return refLabel(field.ref, value)
    case 'reflist':
      return String(value)
        .split(';')
        .filter(Boolean)
        .map((k) => refLabel(field.ref, k))
        .join('、')
    case 'instant':
      return formatInstant(value)
    default:
      return String(value)
  }
}

export function pad(n) {
  return String(n).padStart(2, '0')
}

function bureauOffset() {
  return session.meta && Number.isFinite(session.meta.tz_minutes) ? session.meta.tz_minutes : -new Date().getTimezoneOffset()
}

// An ISO instant or Unix seconds, shown in the bureau's zone.
export function formatInstant(v) {
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(v)
  if (isNaN(d)) return String(v)
  const b = new Date(d.getTime() + bureauOffset() * 60000)
  return `${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())} ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}`
}

// "+08:00" for the bureau's zone.
export function offsetSuffix() {
  const m = bureauOffset()
  const a = Math.abs(m)
  return `${m < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
}

// Instants in forms: the picker works on "YYYY-MM-DD HH:mm:ss" in the
// bureau's zone (not the browser's), the server gets ISO with the offset.
export function instantToInput(v) {
  if (v === null || v === undefined || v === '') return ''
  return formatInstant(v)
}

export function inputToInstant(s) {
  if (!s) return s
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(String(s))
  return m ? `${m[1]}T${m[2]}${m[3] || ':00'}${offsetSuffix()}` : s
}

// Now in the bureau's zone, as a form input holds it.
export function nowInput() {
  return formatInstant(new Date().toISOString())
}

// Today in the bureau's zone (the server's "today"), not the browser's.
export function today() {
  const d = new Date(Date.now() + bureauOffset() * 60000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

// Field lookup by name, keeping the order asked for; unknown names drop out
// so a page keeps working when the server lists fewer fields.
export function pickFields(kindMeta, names) {
  if (!kindMeta) return []
  if (!names) return kindMeta.fields
  return names.map((n) => kindMeta.fields.find((f) => f.name === n)).filter(Boolean)
}
