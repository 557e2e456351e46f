// A report (or the records behind one of its figures) as an Excel file: the
// server renders it (?format=xlsx, the same file as `fengqiao report ...
// --format xlsx`) and sends it as an attachment; the browser saves it.
import { qs } from './api.js'
import { lang } from './i18n.js'

export function downloadXlsx(path, params) {
  const a = document.createElement('a')
  a.href = '/api/v1' + path + qs({ ...params, page: undefined, per_page: undefined, format: 'xlsx' })
  a.download = ''
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

export const xlsxLabel = () => (lang.value === 'en' ? 'Export Excel' : '导出 Excel')
