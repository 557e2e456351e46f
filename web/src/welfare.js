// Officer welfare helpers shared by its pages.
import { lang } from './i18n.js'

// The routes the bureau uses, by code (a trip's route is a free code; others show as they are).
const ROUTES = {
  hainan: { zh: '海南', en: 'Hainan' },
  hunan: { zh: '湖南', en: 'Hunan' },
  inner_mongolia: { zh: '内蒙古', en: 'Inner Mongolia' },
}

export function routeLabel(code) {
  const r = ROUTES[code]
  return r ? r[lang.value] || r.zh : code || ''
}
