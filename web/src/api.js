// The one door to the server: JSON in and out, the CSRF token on every
// unsafe method, and a 401 anywhere sends the user back to the login page.

import { lang } from './i18n.js'

// the message in the interface's language: `message` is "中文（English）" for programs
function inLang(p) {
  const m = lang.value === 'en' ? p.message_en : p.message_zh
  return m ? { ...p, message: m } : p
}

export class ApiError extends Error {
  constructor(status, body) {
    const e = inLang((body && body.error) || {})
    super(e.message || `HTTP ${status}`)
    this.status = status
    this.code = e.code || null
    this.field = e.field || null
    // every problem the server found, each possibly naming a field
    this.problems = Array.isArray(body && body.problems) ? body.problems.map(inLang) : (e.message ? [e] : [])
  }
}

let csrf = ''
let onUnauthorized = null

export function setCsrf(token) {
  csrf = token || ''
}

export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

// Query string from an object, leaving out empty values.
export function qs(params) {
  if (!params) return ''
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    u.append(k, String(v))
  }
  const s = u.toString()
  return s ? '?' + s : ''
}

// A reply's JSON body, or null (empty, or not JSON).
function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null
  } catch {
    return null
  }
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrf
  let res
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
  } catch (err) {
    const e = new ApiError(0, { error: { code: 'network', message: String(err && err.message) } })
    e.network = true
    throw e
  }
  const data = parseJson(await res.text())
  if (res.status === 401 && path !== '/session' && onUnauthorized) onUnauthorized()
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

// Send a file as the request body with XMLHttpRequest, whose upload reports
// progress (fetch has none): onProgress(0..100).  Resolves to the JSON reply.
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest()
    x.open('POST', '/api/v1' + path)
    x.withCredentials = true
    x.setRequestHeader('Accept', 'application/json')
    x.setRequestHeader('Content-Type', file.type || 'application/octet-stream')
    x.setRequestHeader('X-CSRF-Token', csrf)
    if (onProgress)
      x.upload.onprogress = (ev) => {
        if (ev.lengthComputable) onProgress(Math.round((100 * ev.loaded) / ev.total))
      }
    x.onerror = () => {
      const e = new ApiError(0, { error: { code: 'network', message: 'network error' } })
      e.network = true
      reject(e)
    }
    x.onload = () => {
      const data = parseJson(x.responseText)
      if (x.status === 401 && onUnauthorized) onUnauthorized()
      if (x.status < 200 || x.status >= 300) reject(new ApiError(x.status, data))
      else resolve(data)
    }
    x.send(file)
  })
}

export const api = {
  get: (path, params) => request('GET', path + qs(params)),
  post: (path, body) => request('POST', path, body ?? {}),
  patch: (path, body) => request('PATCH', path, body ?? {}),
  del: (path) => request('DELETE', path),
}

// Every record of a kind matching params, paging through at the API's limit.
export async function listAll(kind, params = {}) {
  const items = []
  for (let page = 1; page < 1000; page++) {
    const r = await api.get('/' + kind, { ...params, page, per_page: 500 })
    items.push(...r.items)
    if (items.length >= r.total || r.items.length === 0) break
  }
  return items
}
