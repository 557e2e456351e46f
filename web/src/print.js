// A4 printing of a page or of an open dialog (print.css holds the looks).
//
// Element Plus draws a table's header and body as two separate <table>s, so
// the header cannot repeat on each printed page.  While the page is printed
// (beforeprint, or the print media query: window.print(), a PDF, or a test's
// emulated media) every .el-table under the printed element gets a plain copy
// of its text — one <table> with <thead> (repeated on each page), <tbody> and
// <tfoot> — which print.css shows in place of the original; the copies go
// when printing ends.  Cells marked .no-print (an actions column) are left out.
import { onMounted, onUnmounted, watch } from 'vue'

function copyRow(tr, tag) {
  const out = document.createElement('tr')
  if (tr.classList.contains('row-total')) out.className = 'row-total'
  for (const c of tr.cells) {
    if (c.classList.contains('no-print') || c.classList.contains('gutter')) continue
    const n = document.createElement(tag)
    n.textContent = c.textContent.trim()
    if (c.colSpan > 1) n.colSpan = c.colSpan
    if (c.rowSpan > 1) n.rowSpan = c.rowSpan
    if (c.classList.contains('is-right')) n.className = 'is-right'
    else if (c.classList.contains('is-center')) n.className = 'is-center'
    out.appendChild(n)
  }
  return out
}

function copySection(table, from, tag, cellTag) {
  const src = table.querySelector(from)
  if (!src || !src.rows.length) return null
  const out = document.createElement(tag)
  for (const tr of src.rows) out.appendChild(copyRow(tr, cellTag))
  return out
}

export function copyTables(root) {
  dropTables(root)
  for (const el of root.querySelectorAll('.el-table')) {
    const table = document.createElement('table')
    table.className = 'print-table'
    for (const part of [
      copySection(el, '.el-table__header-wrapper thead', 'thead', 'th'),
      copySection(el, '.el-table__body-wrapper tbody', 'tbody', 'td'),
      copySection(el, '.el-table__footer-wrapper tfoot', 'tfoot', 'td'),
    ])
      if (part) table.appendChild(part)
    el.appendChild(table)
  }
}

export function dropTables(root) {
  for (const t of root.querySelectorAll('table.print-table')) t.remove()
}

const printMedia = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('print') : null

// usePrint(() => element): that element's tables are copied while printing.
// The returned function prints (the 打印 button).
export function usePrint(rootOf) {
  const start = () => {
    const root = rootOf()
    if (root) copyTables(root)
  }
  const end = () => {
    const root = rootOf()
    if (root) dropTables(root)
  }
  const onMedia = (e) => (e.matches ? start() : end())
  onMounted(() => {
    window.addEventListener('beforeprint', start)
    window.addEventListener('afterprint', end)
    if (printMedia) printMedia.addEventListener('change', onMedia)
  })
  onUnmounted(() => {
    window.removeEventListener('beforeprint', start)
    window.removeEventListener('afterprint', end)
    if (printMedia) printMedia.removeEventListener('change', onMedia)
  })
  return () => {
    start()
    window.print()
  }
}

// A dialog (appended to <body>) printed alone: while it is open the page
// under it stays off the paper (body.print-dialog in print.css).
export function usePrintDialog(isOpen) {
  const set = (open) => document.body.classList.toggle('print-dialog', !!open)
  watch(isOpen, set)
  onUnmounted(() => set(false))
}
