// The incident category dictionary (GET /api/v1/categories): dotted codes
// under nine top-level ones, which the bureau may extend.  An incident's
// `category` is a text field in meta; the pages offer it as a choice from
// this list, each labelled by its path ("刑事 / 盗窃 / 盗窃牲畜").
import { ref, computed } from 'vue'
import { ensureKind, refRecord, refItems } from './refs.js'
import { kindMeta } from './session.js'

const loaded = ref(false)

export function loadCategories() {
  return ensureKind('categories', 'code').then((c) => {
    loaded.value = true
    return c
  })
}

// "盗窃牲畜" for criminal.theft.livestock; the code when unknown
export function categoryName(code) {
  if (!code) return ''
  const r = refRecord('categories', code)
  return r ? r.name || code : code
}

export function categoryPath(code) {
  const names = []
  let c = code
  for (let i = 0; c && i < 10; i++) {
    const r = refRecord('categories', c)
    if (!r) {
      names.unshift(c)
      break
    }
    names.unshift(r.name || c)
    c = r.parent_code
  }
  return names.join(' / ')
}

// The top-level order the statistics use (meta's code list), then the code.
function topOrder() {
  const m = kindMeta('categories')
  const f = m && m.fields.find((x) => x.name === 'top')
  return f ? f.codes.map((c) => c.code) : []
}

// Codes for an enum-like descriptor override: tree order, path labels.
export const categoryCodes = computed(() => {
  if (!loaded.value) return []
  const order = topOrder()
  const rank = (r) => {
    const i = order.indexOf(r.top || String(r.code).split('.')[0])
    return i < 0 ? order.length : i
  }
  return [...refItems('categories')]
    .sort((a, b) => rank(a) - rank(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((r) => ({ code: r.code, zh: categoryPath(r.code), en: r.code }))
})
