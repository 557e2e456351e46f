// Browser tests of the web interface against a running fengqiao server.
// Driven by tests/web/run, which sets:
//   FQ_BASE       the server, e.g. http://127.0.0.1:PORT
//   FQ_ARTIFACTS  where screenshots and the exported CSV go
//   FQ_RESULT     a file to receive "PASSED FAILED"
//   FQ_PROFILE    a fresh Chromium user-data-dir
// Users (made by run): admin, chief01 (station S01), leader01 (leader); password secret-pass-1.
// A mediator (e2e.mediator) is added by the administrator during the run.
// One file past 1,000 lines: the tests run in order in one browser and share
// its state (sessions, the records earlier tests make); its sections are
// marked by "// ---" lines.
import { createRequire } from 'node:module'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
// playwright-core is a devDependency of the web interface
const require = createRequire(path.join(here, '../../web/package.json'))
const { chromium } = require('playwright-core')

const BASE = process.env.FQ_BASE || 'http://127.0.0.1:8080'
const ART = process.env.FQ_ARTIFACTS || path.join(here, '../../build/web-artifacts')
const PROFILE = process.env.FQ_PROFILE || fs.mkdtempSync('/tmp/fq-chromium-')
const PASSWORD = 'secret-pass-1'
// the bureau's today, as the server takes it (tests/web/run sets FENGQIAO_TODAY to it)
const TODAY = process.env.FENGQIAO_TODAY || new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10)
fs.mkdirSync(ART, { recursive: true })

let passed = 0
let failed = 0
const foreign = [] // requests that did not go to the server
const cspViolations = []
const pageErrors = []

let current = '' // the test running, to name where a page error came from
async function test(name, fn) {
  current = name
  const started = Date.now()
  try {
    await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error('timed out after 60 s')), 60000))])
    passed++
    console.log(`ok - ${name} (${Date.now() - started} ms)`)
  } catch (e) {
    failed++
    console.log(`not ok - ${name}: ${(e && e.stack) || e}`)
    await shot('FAILED-' + name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')).catch(() => {})
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg)
}

const ctx = await chromium.launchPersistentContext(PROFILE, {
  executablePath: process.env.FQ_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1440, height: 900 },
  acceptDownloads: true,
  locale: 'zh-CN',
})
ctx.on('request', (r) => {
  const u = r.url()
  if (!u.startsWith(BASE + '/')) foreign.push(u)
})
// FQ_TODAY, a past day (tests/web/run passes it on): the server's FENGQIAO_TODAY is that day,
// and its clock stops at the day's last second (api_gridreports.c's action_time, value.c).  The
// browser's clock starts at 23:30 that day and runs on (a stopped clock would stop debounced
// inputs too), so its "now" is near the server's until midnight: a last check says whether the
// run ended before that.  So the tests can be run on days of the calendar other than today's.
if (process.env.FQ_TODAY) await ctx.clock.install({ time: new Date(process.env.FQ_TODAY + 'T23:30:00+08:00') })
const page = ctx.pages()[0] || (await ctx.newPage())
page.setDefaultTimeout(15000)
page.on('console', (m) => {
  if (/Content Security Policy|Refused to (load|apply|execute|connect)/i.test(m.text())) cspViolations.push(m.text())
})
page.on('pageerror', (e) => pageErrors.push(`${current}: ${e.message} [${page.url()}] ${(e.stack || '').split('\n').slice(1, 3).join(' ').trim()}`))

async function shot(name, full = false) {
  await page.screenshot({ path: path.join(ART, name + '.png'), fullPage: full })
}

// The API, called from inside the page (same cookie, same origin).
// Load `path` afresh and catch its first response whose URL holds `part`. A blank page
// comes first, so a request of the page before (the dashboard asks for the same report)
// cannot be caught instead, its body gone with the navigation.
async function openAndCatch(path, part) {
  await page.goto('about:blank')
  const res = page.waitForResponse((r) => r.url().includes(part))
  await page.goto(BASE + path)
  return res
}

async function apiGet(p) {
  return page.evaluate(async (url) => {
    const r = await fetch('/api/v1' + url, { headers: { Accept: 'application/json' } })
    return { status: r.status, body: await r.json().catch(() => null) }
  }, p)
}

async function login(user) {
  await page.goto(BASE + '/login')
  await page.locator('input[name=username]').fill(user)
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.locator('.side-menu').waitFor()
  await page.locator('.stat-card').first().waitFor()
}

async function logout() {
  await page.locator('[data-test=logout]').click()
  await page.locator('input[name=username]').waitFor()
}

// Open an Element Plus select inside `scope` and pick the option showing `text`
// (remote ones: type `search` first).
async function pick(scope, text, search) {
  await scope.locator('.el-select__wrapper').click()
  if (search !== undefined) await scope.locator('input').first().fill(search)
  const opt = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
  await opt.waitFor()
  await opt.click()
  // a single select's list closes with an animation that still covers the
  // next field for a moment (a multiple select's stays open: not waited for)
  await opt.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
  // still open (seen once on a loaded machine): close it, or it covers the next field; a
  // choice that did not take shows later, as the missing value
  if ((await opt.isVisible()) && !(await opt.evaluate((el) => !!el.closest('.el-select-dropdown.is-multiple'), null, { timeout: 1000 }).catch(() => true)))
    await page.keyboard.press('Escape')
}

// A list page's date range set to one day (searched when the caller clicks 查询).
async function filterDay(day) {
  const days = page.locator('[data-filter=dates] input')
  await days.nth(0).click()
  await days.nth(0).fill(day)
  await days.nth(1).fill(day)
  await days.nth(1).press('Enter')
  await page.keyboard.press('Escape')
}

async function openPostForm() {
  await page.goto(BASE + '/posts')
  await page.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.waitFor()
  return dlg
}

async function fillPost(dlg, { badge, kind, division, start }) {
  await pick(dlg.locator('[data-field=badge_no]'), badge, badge)
  await pick(dlg.locator('[data-field=kind]'), kind)
  await pick(dlg.locator('[data-field=division]'), division, division)
  if (start) {
    const input = dlg.locator('[data-field=start] input')
    await input.fill(start)
    await input.press('Enter')
  }
}

async function fieldError(dlg, field) {
  const err = dlg.locator(`[data-field=${field}] .el-form-item__error`)
  await err.waitFor()
  return (await err.textContent()).trim()
}

async function uncoveredTotal() {
  await page.goto(BASE + '/coverage')
  const tag = page.locator('[data-test=uncovered-total]')
  await tag.waitFor()
  return Number((await tag.textContent()).trim())
}


// Wait until a locator's text (trimmed) is `want` (a number: as shown, thousands separated).
async function waitText(loc, want, what) {
  if (typeof want === 'number') want = want.toLocaleString('en-US', { maximumFractionDigits: 2 })
  const until = Date.now() + 10000
  let got = ''
  while (Date.now() < until) {
    got = ((await loc.textContent().catch(() => '')) || '').trim()
    if (got === String(want)) return
    await page.waitForTimeout(100)
  }
  throw new Error(`${what || 'text'}: "${got}", expected "${want}"`)
}

// Wait until `cond()` is true.
async function waitUntil(cond, what) {
  const until = Date.now() + 10000
  while (Date.now() < until) {
    if (await cond()) return
    await page.waitForTimeout(100)
  }
  throw new Error(`${what}: not so after 10 s`)
}

// A figure of the statistics page as a number.
async function figure(sel) {
  return Number(((await page.locator(sel).first().textContent()) || '').trim().replace(/,/g, ''))
}

// Rows of a CSV export (no quoted commas in the demo data's columns we read).
function csvLines(file) {
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean)
}

// Export from a list page's menu (data-test=export-csvLabels, -xlsxCodes, ...): the download.
async function exportVia(choice) {
  await page.locator('[data-test=export]').click()
  const item = page.locator(`[data-test=export-${choice}]:visible`)
  const [download] = await Promise.all([page.waitForEvent('download'), item.click()])
  return download
}

// An XLSX workbook written by openpyxl, not by Fengqiao: rows of strings, the
// column `dateCol` (when given) as real date cells.  Read back with readXlsx.
const PY = '/usr/bin/python3'
function writeXlsx(file, rows, dateCol = -1) {
  const script = `import json, sys, datetime
from openpyxl import Workbook
wb = Workbook(); ws = wb.active; ws.title = 'Sheet1'
for i, r in enumerate(json.loads(sys.argv[2])):
    if i and ${dateCol} >= 0: r[${dateCol}] = datetime.date.fromisoformat(r[${dateCol}])
    ws.append(r)
wb.save(sys.argv[1])`
  execFileSync(PY, ['-c', script, file, JSON.stringify(rows)])
}
function readXlsx(file) {
  const script = `import json, sys, datetime
from openpyxl import load_workbook
ws = load_workbook(sys.argv[1]).active
print(json.dumps([[c.isoformat()[:10] if isinstance(c, datetime.date) else ('' if c is None else str(c)) for c in r] for r in ws.iter_rows(values_only=True)], ensure_ascii=False))`
  return JSON.parse(execFileSync(PY, ['-c', script, file], { encoding: 'utf8' }))
}

// ---------------------------------------------------------------------------

await test('登录页为中文，管理员登录后看到中文界面', async () => {
  await page.goto(BASE + '/')
  await page.locator('input[name=username]').waitFor()
  assert(await page.getByText('枫桥 · 社区警务与基层治理').first().isVisible(), 'system name missing on login page')
  assert(await page.locator('input[placeholder=用户名]').isVisible(), 'Chinese placeholder missing')
  await shot('01-login')
  await login('admin')
  for (const item of ['首页', '组织机构', '人员', '进班子', '覆盖情况', '用户', '审计'])
    assert(await page.locator('.side-menu').getByText(item, { exact: true }).isVisible(), `menu item ${item} missing`)
  const who = await page.locator('[data-test=who]').textContent()
  assert(who.includes('admin') && who.includes('系统管理员'), `top bar shows ${who}`)
  await page.waitForTimeout(500) // charts settle
  await shot('02-dashboard')
})

await test('切换到英文再切回中文', async () => {
  await page.locator('[data-test=lang]').click()
  await page.locator('.side-menu').getByText('Committee posts').waitFor()
  assert(await page.locator('.side-menu').getByText('Coverage').isVisible(), 'English menu missing')
  await shot('03-english')
  await page.locator('[data-test=lang]').click()
  await page.locator('.side-menu').getByText('进班子').waitFor()
})

await test('组织机构：区划树、派出所、协作单位', async () => {
  await page.goto(BASE + '/org')
  await page.locator('.division-tree').getByText('阿拉善左旗').first().waitFor()
  await page.locator('input[data-test=tree-filter], [data-test=tree-filter] input').first().fill('巴彦浩特镇')
  await page.locator('.division-tree').getByText('巴彦浩特派出所').first().waitFor()
  await shot('04-org-tree')
  await page.getByRole('tab', { name: '派出所' }).click()
  await page.locator('[data-kind=stations] .list-table').getByText('巴彦浩特派出所').first().waitFor()
  await shot('05-org-stations')
})

await test('单位：列表含公安局及其下单位；新增单位（上级从列表选）；人员表单选所属单位，列表显示单位名称', async () => {
  await page.goto(BASE + '/org')
  await page.getByRole('tab', { name: '单位', exact: true }).click()
  const units = page.locator('[data-kind=units]')
  await units.locator('.list-table').getByText('阿拉善左旗公安局').first().waitFor()
  await units.locator('.list-table').getByText('刑事侦查大队').first().waitFor()
  await units.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog:visible')
  await dlg.locator('[data-field=code] input').fill('E2EU1')
  await dlg.locator('[data-field=name] input').fill('测试警务保障室')
  await pick(dlg.locator('[data-field=kind]'), '机关科室')
  await pick(dlg.locator('[data-field=parent]'), '阿拉善左旗公安局', 'GAJ')
  await dlg.locator('[data-test=form-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  const unit = (await apiGet('/units?code=E2EU1')).body
  assert(unit.total === 1 && unit.items[0].parent === 'GAJ' && unit.items[0].kind === 'office', `unit saved as ${JSON.stringify(unit.items)}`)
  await shot('05b-org-units')
  await page.goto(BASE + '/personnel')
  await page.locator('[data-test=add]').click()
  const form = page.locator('.record-form-dialog')
  await form.locator('[data-field=badge_no] input').fill('E2EU01')
  await form.locator('[data-field=name] input').fill('测试保障民警')
  await pick(form.locator('[data-field=type]'), '民警')
  await pick(form.locator('[data-field=position]'), '其他')
  await pick(form.locator('[data-field=party]'), '中共党员')
  await pick(form.locator('[data-field=unit]'), '测试警务保障室', 'E2EU1')
  await form.locator('[data-test=form-save]').click()
  await form.waitFor({ state: 'hidden' })
  await page.locator('[data-filter=q] input, input[data-filter=q]').first().fill('E2EU01')
  await page.locator('[data-test=search]').click()
  const row = page.locator('.list-table .el-table__row', { hasText: 'E2EU01' })
  await row.waitFor()
  assert((await row.textContent()).includes('测试警务保障室'), 'unit shown by name')
  const person = (await apiGet('/personnel?badge_no=E2EU01')).body
  assert(person.items[0].unit === 'E2EU1' && person.items[0].station === null, `person saved as ${JSON.stringify(person.items[0])}`)
})

// The facts for the rule scenarios, from the API.
let facts = null
await test('准备数据：从接口找出违反规则与合规的兼职', async () => {
  const cov = (await apiGet('/reports/coverage')).body
  assert(cov && cov.uncovered && cov.uncovered.length, 'the demo data has no uncovered community or gacha')
  const gap = cov.uncovered.find((u) => u.kind === 'gacha') || cov.uncovered[0]
  const people = (await apiGet(`/personnel?station=${gap.station}&per_page=500`)).body.items
  const holder = people[0]
  assert(holder, `no personnel in ${gap.station}`)
  // a community officer (not a leader) and a town in that officer's station
  const stations = (await apiGet('/stations?per_page=500')).body.items
  const divisions = (await apiGet('/divisions?per_page=500')).body.items
  const all = (await apiGet('/personnel?position=community_officer&party=member&type=police&per_page=500')).body.items
  let officer = null
  let town = null
  for (const p of all) {
    const st = stations.find((s) => s.code === p.station)
    const codes = st ? st.divisions.split(';') : []
    const t = divisions.find((d) => d.kind === 'town' && codes.includes(d.code))
    if (t) {
      officer = p
      town = t
      break
    }
  }
  assert(officer, 'no community officer with a town in jurisdiction')
  facts = { cov, gap, holder, officer, town }
})

await test('进班子：社区民警任乡镇党委委员，规则提示显示在“警号”字段', async () => {
  assert(facts, 'no facts')
  const dlg = await openPostForm()
  await fillPost(dlg, { badge: facts.officer.badge_no, kind: '乡镇（街道）党（工）委委员', division: facts.town.code })
  await dlg.locator('[data-test=form-save]').click()
  const msg = await fieldError(dlg, 'badge_no')
  assert(msg.includes('须由所长、教导员或副所长担任') && msg.includes(facts.officer.name), `message at 警号: ${msg}`)
  await shot('06-posts-rule-at-field')
  await dlg.getByRole('button', { name: '取消' }).click()
})

await test('进班子：党组织职务设在乡镇，规则提示显示在“兼任单位”字段', async () => {
  assert(facts, 'no facts')
  const dlg = await openPostForm()
  await fillPost(dlg, { badge: facts.officer.badge_no, kind: '党组织副书记', division: facts.town.code })
  await dlg.locator('[data-test=form-save]').click()
  const msg = await fieldError(dlg, 'division')
  assert(msg.includes('须在社区或嘎查任职'), `message at 兼任单位: ${msg}`)
  assert((await dlg.locator('[data-field=badge_no] .el-form-item__error').count()) === 0, 'the person field should carry no message')
  await shot('07-posts-division-at-field')
  await dlg.getByRole('button', { name: '取消' }).click()
})

await test('一次提交列出全部问题：必填项、两条规则各在其字段', async () => {
  assert(facts, 'no facts')
  // a community or gacha of the officer's town: a township post wants a leader and a town
  const below = (await apiGet(`/divisions?parent_code=${facts.town.code}&per_page=500`)).body.items
  const village = below.find((d) => d.kind === 'community' || d.kind === 'gacha')
  assert(village, `nothing below ${facts.town.code}`)
  const dlg = await openPostForm()
  await fillPost(dlg, { badge: facts.officer.badge_no, kind: '乡镇（街道）党（工）委委员', division: village.code })
  const start = dlg.locator('[data-field=start] input')
  await start.fill('')
  await start.press('Enter')
  await dlg.locator('[data-test=form-save]').click()
  const who = await fieldError(dlg, 'badge_no')
  const where = await fieldError(dlg, 'division')
  const when = await fieldError(dlg, 'start')
  assert(who.includes('须由所长、教导员或副所长担任'), `message at 警号: ${who}`)
  assert(where.includes('须在乡镇（街道）任职'), `message at 兼任单位: ${where}`)
  assert(when.includes('任职时间') && !when.includes('；'), `one message at 任职时间: ${when}`)
  await shot('07b-posts-all-problems')
  await dlg.getByRole('button', { name: '取消' }).click()
})

await test('进班子：新增合规的主任助理后，未覆盖数减少 1', async () => {
  assert(facts, 'no facts')
  const before = await uncoveredTotal()
  assert(before === facts.cov.uncovered.length, `coverage page shows ${before}, API ${facts.cov.uncovered.length}`)
  assert(await page.locator('.uncovered').getByText(facts.gap.code).isVisible(), `${facts.gap.code} not listed as uncovered`)
  await page.waitForTimeout(500)
  await shot('08-coverage-before', true)
  const dlg = await openPostForm()
  await fillPost(dlg, { badge: facts.holder.badge_no, kind: '主任助理', division: facts.gap.code })
  await dlg.locator('[data-test=form-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  await page.locator('.el-message--success').first().waitFor()
  await shot('09-posts-created')
  const after = await uncoveredTotal()
  assert(after === before - 1, `uncovered ${before} → ${after}, expected ${before - 1}`)
  assert((await page.locator('.uncovered').getByText(facts.gap.code).count()) === 0, `${facts.gap.code} still uncovered`)
  await page.waitForTimeout(500)
  await shot('10-coverage-after', true)
})

await test('进班子：导出当前筛选的列表，CSV 表头为中文', async () => {
  await page.goto(BASE + '/posts')
  await pick(page.locator('[data-filter=kind]'), '主任助理')
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/posts?') && r.url().includes('kind=director_assistant'))
  await page.locator('[data-test=search]').click()
  const total = (await (await listed).json()).total
  const download = await exportVia('csvLabels')
  assert(/kind=director_assistant/.test(download.url()), `export ignored the filter: ${download.url()}`)
  const file = path.join(ART, 'posts-export.csv')
  await download.saveAs(file)
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  const lines = text.split(/\r?\n/).filter(Boolean)
  // labels by default (CONTRACTS §9): a names column beside each reference
  assert(lines[0].startsWith('警号,警号名称,兼任职务,兼任单位,兼任单位名称,任职时间'), `header: ${lines[0]}`)
  assert(lines.length - 1 === total, `${lines.length - 1} rows exported, ${total} listed`)
  assert(lines.slice(1).every((l) => l.split(',')[2] === '主任助理'), 'a row of another kind was exported')
})

await test('人员：新增（规则提示在“职务”字段）、编辑、作废', async () => {
  await page.goto(BASE + '/personnel')
  await page.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.locator('[data-field=badge_no] input').fill('E2E001')
  await dlg.locator('[data-field=name] input').fill('测试警员')
  await pick(dlg.locator('[data-field=type]'), '辅警')
  await pick(dlg.locator('[data-field=position]'), '社区民警')
  await pick(dlg.locator('[data-field=party]'), '中共党员')
  await pick(dlg.locator('[data-field=station]'), 'S02', 'S02')
  const hired = dlg.locator('[data-field=hired_on] input')
  await hired.fill('2020-01-02')
  await hired.press('Enter')
  await dlg.locator('[data-field=phone] input').fill('13800000000')
  await dlg.locator('[data-test=form-save]').click()
  const msg = await fieldError(dlg, 'position')
  assert(msg.includes('辅警不能担任社区民警'), `message at 职务: ${msg}`)
  await pick(dlg.locator('[data-field=type]'), '民警')
  await dlg.locator('[data-test=form-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  await page.locator('[data-filter=q] input, input[data-filter=q]').first().fill('E2E001')
  await page.locator('[data-test=search]').click()
  const row = page.locator('.list-table .el-table__row', { hasText: 'E2E001' })
  await row.waitFor()
  assert((await row.textContent()).includes('王府派出所'), 'station shown by name')
  await row.locator('[data-test=edit]').click()
  await dlg.locator('[data-field=name] input').fill('测试警员乙')
  await dlg.locator('[data-test=form-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  await row.getByText('测试警员乙').waitFor()
  await row.locator('[data-test=void]').click()
  const box = page.locator('.el-message-box')
  await box.locator('input').fill('测试数据')
  await box.getByRole('button', { name: '确定' }).click()
  await page.locator('.list-table .el-table__row', { hasText: 'E2E001' }).waitFor({ state: 'detached' })
})

await test('人员导入：openpyxl 做的 XLSX，试导入列出第 3 行“所属派出所”的问题；改好后导入新增 2；导出（代码）再导入：新增 0、更新 2，重新导出逐字节相同', async () => {
  const header = ['警号', '姓名', '人员类别', '职务', '政治面貌', '所属派出所', '性别', '参加工作时间', '联系电话']
  const rows = [
    ['E2E101', '导入甲', 'police', 'community_officer', 'member', 'S02', 'male', '2019-03-01', '13900000101'],
    ['E2E102', '导入乙', 'police', 'case_officer', 'none', 'S99', 'female', '2021-05-17', '13900000102'],
  ]
  const bad = path.join(ART, 'personnel-bad.xlsx')
  writeXlsx(bad, [header, ...rows], 7)
  await page.goto(BASE + '/personnel')
  await page.locator('.list-table .el-table__row').first().waitFor()
  await page.locator('[data-test=import]').click()
  const dlg = page.locator('.import-dialog')
  await dlg.waitFor()
  const href = await dlg.locator('[data-test=template-xlsx]').getAttribute('href')
  assert(href === '/api/v1/personnel/template?format=xlsx', `template link: ${href}`)
  // a CSV is previewed in the browser (quotes and the BOM understood)
  const csv = path.join(ART, 'personnel-preview.csv')
  fs.writeFileSync(csv, '\uFEFF' + [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n')
  await dlg.locator('[data-test=import-file]').setInputFiles(csv)
  const preview = dlg.locator('[data-test=import-preview]')
  await preview.locator('.el-table__body tr').nth(1).waitFor()
  const heads = (await preview.locator('.el-table__header th').allTextContents()).map((c) => c.trim())
  assert(heads[0] === '警号' && heads[5] === '所属派出所', `preview header: ${heads}`)
  assert((await preview.locator('.el-table__body tr').nth(1).textContent()).includes('S99'), 'second row not previewed')
  await dlg.locator('[data-test=import-file]').setInputFiles(bad)
  await dlg.locator('[data-test=import-no-preview]').waitFor() // XLSX: no preview pretended
  await dlg.locator('[data-test=import-dry-run]').click()
  const problem = dlg.locator('[data-test=import-problems] .el-table__body tr')
  await problem.first().waitFor()
  assert((await problem.count()) === 1, `${await problem.count()} problems listed`)
  const cells = (await problem.first().locator('td').allTextContents()).map((c) => c.trim())
  assert(cells[0] === '3' && cells[1] === '所属派出所' && cells[2].includes('S99'), `problem row: ${cells}`)
  assert(await dlg.locator('[data-test=import-run]').isDisabled(), 'import enabled after a rejected dry run')
  await shot('16-import-rejected')

  rows[1][5] = 'S02'
  const good = path.join(ART, 'personnel-fixed.xlsx')
  writeXlsx(good, [header, ...rows], 7)
  await dlg.locator('[data-test=import-file]').setInputFiles(good)
  assert(await dlg.locator('[data-test=import-run]').isDisabled(), 'import enabled before the dry run of a new file')
  await dlg.locator('[data-test=import-dry-run]').click()
  await dlg.locator('[data-test=import-clean]', { hasText: '2 行' }).waitFor()
  await dlg.locator('[data-test=import-run]').click()
  const doneText = (await dlg.locator('[data-test=import-done]').textContent()).trim()
  assert(doneText.includes('新增 2、更新 0'), `result: ${doneText}`)
  assert((await dlg.locator('[data-test=import-progress]').textContent()).includes('100%'), 'no finished progress bar')
  await shot('17-import-done')
  await dlg.locator('[data-test=import-close]').click()
  await dlg.waitFor({ state: 'hidden' })

  // the list shows them; the import-format export of this list is the fixed file
  await page.locator('[data-filter=q] input, input[data-filter=q]').first().fill('E2E10')
  await page.locator('[data-test=search]').click()
  await page.locator('.list-table .el-table__row', { hasText: 'E2E102' }).waitFor()
  const download = await exportVia('xlsxCodes')
  assert(/format=xlsx/.test(download.url()) && /values=codes/.test(download.url()) && /q=E2E10/.test(download.url()), `export: ${download.url()}`)
  const exported = path.join(ART, 'personnel-export-codes.xlsx')
  await download.saveAs(exported)
  const back = readXlsx(exported)
  // and each person's unit, last: a station's people belong to their station's unit
  const withUnit = [[...header, '所属单位'], ...rows.map((r) => [...r, r[5]])]
  assert(JSON.stringify(back) === JSON.stringify(withUnit), `the export read by openpyxl: ${JSON.stringify(back)}`)

  const csvCodes = () =>
    page.evaluate(async () => {
      const r = await fetch('/api/v1/personnel/export?format=csv&values=codes&q=E2E10')
      return { status: r.status, text: await r.text() }
    })
  const before = await csvCodes()
  assert(before.status === 200 && before.text.includes('E2E102'), `codes export: ${before.status}`)

  // the export re-imported: nothing new, both rows updated, nothing changed
  await page.locator('[data-test=import]').click()
  await dlg.waitFor()
  await dlg.locator('[data-test=import-file]').setInputFiles(exported)
  await dlg.locator('[data-test=import-dry-run]').click()
  await dlg.locator('[data-test=import-clean]', { hasText: '2 行' }).waitFor()
  await dlg.locator('[data-test=import-run]').click()
  const again = (await dlg.locator('[data-test=import-done]').textContent()).trim()
  assert(again.includes('新增 0、更新 2'), `re-import: ${again}`)
  await dlg.locator('[data-test=import-close]').click()
  const after = await csvCodes()
  assert(after.status === 200 && after.text === before.text, 'the re-export differs after the re-import')
})

await test('用户：新建派出所用户并停用', async () => {
  await page.goto(BASE + '/users')
  await page.locator('[data-test=add]').waitFor()
  // users are not imported from a file: their passwords are set one by one
  assert((await page.locator('[data-test=import]').count()) === 0, 'an import button on the users page')
  await page.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.locator('[data-field=username] input').fill('e2e.user')
  await dlg.locator('[data-field=display_name] input').fill('测试用户')
  await pick(dlg.locator('[data-field=role]'), '派出所')
  await pick(dlg.locator('[data-field=unit]'), 'S02', 'S02')
  await dlg.locator('[data-field=password] input').fill('another-pass-2')
  await dlg.locator('[data-test=form-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  const row = page.locator('.list-table .el-table__row', { hasText: 'e2e.user' })
  await row.waitFor()
  await row.locator('[data-test=disable]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await row.getByText('已停用').waitFor()
  await shot('11-users')
})

await test('审计：校验审计链', async () => {
  await page.goto(BASE + '/audit')
  await page.locator('[data-test=verify]').click()
  const v = page.locator('[data-test=verdict]')
  await v.waitFor()
  const text = await v.textContent()
  assert(text.includes('审计链完整'), `verdict: ${text}`)
  await shot('12-audit')
})

await test('审计：每条记录用文字说明谁对哪条记录做了什么，修改列出字段的前后值', async () => {
  const entry = (await apiGet('/audit?action=update&per_page=1')).body.items[0]
  assert(entry && entry.detail && entry.detail.before && entry.detail.after, 'no update in the audit log')
  const changed = Object.keys(entry.detail.after).find((n) => JSON.stringify(entry.detail.before[n] ?? null) !== JSON.stringify(entry.detail.after[n] ?? null))
  const kind = (await apiGet('/meta')).body.kinds.find((k) => k.kind === entry.kind)
  const label = kind.fields.find((f) => f.name === changed).zh
  await page.goto(BASE + '/audit')
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=update'))
  await pick(page.locator('.filter-bar .el-form-item').nth(1), /^\s*修改\s*$/)
  await page.locator('.filter-bar').getByRole('button', { name: '查询' }).click()
  await listed
  const words = page.locator(`[data-words="${entry.id}"]`)
  await words.waitFor()
  const text = (await words.textContent()).trim()
  assert(text.startsWith(entry.actor) && text.includes('修改') && text.includes(kind.zh), `words: ${text}`)
  assert(text.includes(`${label}：`) && text.includes('→') && !text.includes('{'), `changes: ${text}`)
})

// --- incidents, cases and statistics ---------------------------------------

let stats = null // the report of 2026-01-01..2026-08-31 against last year
await test('统计：2026 年 1–8 月同比，表格有合计，办结率、口径和图表齐全', async () => {
  for (const item of ['警情', '案件', '统计'])
    assert(await page.locator('.side-menu').getByText(item, { exact: true }).isVisible(), `menu item ${item} missing`)
  await page.locator('.side-menu [data-menu=stats]').click()
  await page.locator('[data-test=stats-table]').waitFor()
  // the period, typed into the range picker
  const inputs = page.locator('[data-test=stats-range] input')
  await inputs.nth(0).click()
  await inputs.nth(0).fill('2026-01-01')
  await inputs.nth(1).fill('2026-08-31')
  const ranged = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents?') && r.url().includes('from=2026-01-01&to=2026-08-31'))
  await inputs.nth(1).press('Enter')
  await ranged
  await page.keyboard.press('Escape')
  // 环比, then back to 同比 (去年同期)
  const mom = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents?') && r.url().includes('compare=mom'))
  await pick(page.locator('[data-test=stats-compare]'), '环比')
  const momBody = await (await mom).json()
  assert(momBody.compare.from === '2025-05-03' && momBody.compare.to === '2025-12-31', `mom period ${JSON.stringify(momBody.compare)}`)
  await page.locator('.stats-table').getByText('上期', { exact: true }).waitFor()
  const yoy = page.waitForResponse(
    (r) => r.url().includes('/api/v1/reports/incidents?') && r.url().includes('from=2026-01-01&to=2026-08-31') && r.url().includes('compare=yoy'),
  )
  const trended = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents/trend?') && r.url().includes('from=2026-01-01&to=2026-08-31'))
  await pick(page.locator('[data-test=stats-compare]'), '同比')
  stats = await (await yoy).json()
  assert(stats.compare.kind === 'yoy' && stats.compare.from === '2025-01-01' && stats.compare.to === '2025-08-31', `compare: ${JSON.stringify(stats.compare)}`)
  const trend = await (await trended).json()
  assert(trend.current.length === 8 && trend.previous.length === 8, 'trend of the period\'s 8 months')

  const table = page.locator('[data-test=stats-table]')
  await table.getByText('同期', { exact: true }).waitFor()
  assert(await table.getByText('合计', { exact: true }).isVisible(), '合计 row missing')
  const row = (k) => stats.rows.find((r) => r.key === k)
  await waitText(page.locator('[data-fig="current:total"]'), row('total').current, '合计本期')
  await waitText(page.locator('[data-fig="previous:total"]'), row('total').previous, '合计同期')
  assert(row('criminal').change < 0 && row('public_order').change < 0, 'the demo data should be down year on year')
  const pct = page.locator('[data-pct=criminal]')
  assert((await pct.textContent()).trim() === `${row('criminal').change_pct.toFixed(2)}%`, `刑事增减%: ${await pct.textContent()}`)
  assert(/chg-down/.test(await pct.getAttribute('class')), 'a decrease should be green (chg-down)')
  // 办结率 for 治安 and 刑事
  for (const k of ['public_order', 'criminal']) {
    const c = stats.closure[k]
    const card = page.locator(`.closure-card[data-closure=${k}]`)
    assert(await card.isVisible(), `closure block ${k} missing`)
    assert((await card.locator(`[data-rate=${k}]`).textContent()).trim() === `${c.rate.toFixed(2)}%`, `${k} rate`)
    assert((await figure(`[data-fig="accepted:${k}"]`)) === c.accepted, `${k} accepted`)
    assert((await figure(`[data-fig="closed:${k}"]`)) === c.closed, `${k} closed`)
    assert((await card.locator(`[data-prev-rate=${k}]`).textContent()).includes(`${c.previous_rate.toFixed(2)}%`), `${k} previous rate`)
    const pp = (await card.locator(`[data-pp=${k}]`).textContent()).trim()
    assert(pp === `${c.change_pp > 0 ? '+' : ''}${c.change_pp.toFixed(2)} 个百分点`, `${k} change: ${pp}`)
  }
  assert(stats.closure.public_order.change_pp > 10, 'public-order closure should be up in the demo data')
  const defs = await page.locator('[data-test=definitions]').textContent()
  assert(defs.includes('口径') && defs.includes('办结率'), `definitions: ${defs.slice(0, 60)}`)
  assert((await page.locator('[data-test=trend-chart] canvas').count()) > 0, 'no trend chart canvas')
  assert((await page.locator('[data-test=bar-chart] canvas').count()) > 0, 'no bar chart canvas')
  assert(await page.locator('[data-test=stats-station]').isVisible(), 'station picker hidden from an administrator')
  assert((await page.locator('[data-test=by-station] .el-table__body tr').count()) === stats.by_station.length, 'by-station rows')
  await page.waitForTimeout(600) // charts settle
  await shot('20-stats', true)
})

await test('统计：点击刑事本期数，明细总数等于该数；办结数亦然', async () => {
  assert(stats, 'no report')
  const n = await figure('[data-fig="current:criminal"]')
  assert(n === stats.rows.find((r) => r.key === 'criminal').current, `刑事本期 ${n}`)
  const drilled = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents/records?') && r.url().includes('category=criminal'))
  await page.locator('[data-fig="current:criminal"]').click()
  const resp = await drilled
  const body = await resp.json()
  const dlg = page.locator('.stats-drill')
  await dlg.locator('.drill-table .el-table__row').first().waitFor()
  await waitText(dlg.locator('[data-test=drill-total]'), n, 'records total')
  assert(body.kind === 'incidents' && body.total === n, `records: ${body.kind} ${body.total}`)
  const asked = new URL(resp.url()).searchParams
  assert(asked.get('period') === 'current' && asked.get('from') === '2026-01-01' && asked.get('to') === '2026-08-31' && asked.get('compare') === 'yoy', `records asked ${resp.url()}`)
  assert(body.items.every((i) => i.top_category === 'criminal'), 'a record of another category')
  const heads = (await dlg.locator('.drill-table thead').textContent()).replace(/\s+/g, '')
  for (const h of ['接警编号', '接警时间', '派出所', '类别', '发生地']) assert(heads.includes(h), `column ${h} missing: ${heads}`)
  const firstCategory = (await dlg.locator('.drill-table .el-table__body tr').first().locator('td').nth(4).textContent()).trim()
  assert(firstCategory && !/^criminal/.test(firstCategory), `category shown as a code: ${firstCategory}`)
  await page.waitForTimeout(500) // let the dialog's opening transition finish before the picture
  await shot('21-stats-drill')
  await dlg.locator('.el-dialog__headerbtn').click()
  await dlg.waitFor({ state: 'hidden' })

  // the cases behind the public-order closure rate
  const closed = await figure('[data-fig="closed:public_order"]')
  const cased = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents/records?') && r.url().includes('measure=closed'))
  await page.locator('[data-fig="closed:public_order"]').click()
  const cb = await (await cased).json()
  await dlg.locator('.drill-table .el-table__row').first().waitFor()
  await waitText(dlg.locator('[data-test=drill-total]'), closed, 'closed cases total')
  assert(cb.kind === 'cases' && cb.total === closed && cb.items.every((c) => c.kind === 'public_order'), 'closed public-order cases')
  const cheads = (await dlg.locator('.drill-table thead').textContent()).replace(/\s+/g, '')
  for (const h of ['案件编号', '类别', '受理时间', '办结时间', '状态']) assert(cheads.includes(h), `column ${h} missing: ${cheads}`)
  await dlg.locator('.el-dialog__headerbtn').click()
  await dlg.waitFor({ state: 'hidden' })

  // last year's figure too
  const prev = await figure('[data-fig="previous:public_order"]')
  const pr = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents/records?') && r.url().includes('period=previous'))
  await page.locator('[data-fig="previous:public_order"]').click()
  const pb = await (await pr).json()
  await waitText(dlg.locator('[data-test=drill-total]'), prev, 'previous total')
  assert(pb.period.from === '2025-01-01' && pb.period.to === '2025-08-31', `previous period ${JSON.stringify(pb.period)}`)
  await dlg.locator('.el-dialog__headerbtn').click()
  await dlg.waitFor({ state: 'hidden' })
})

await test('统计不误导：千分位、分所合计、趋势止于今天并标出未满月份、只有今天的本期不显示 −100%、演示数据提示', async () => {
  const today = process.env.FENGQIAO_TODAY
  const banner = page.locator('[data-test=demo-banner]')
  await banner.waitFor()
  assert((await banner.textContent()).includes('演示数据'), 'demo banner text')
  // a whole past year: separated thousands, 合计 under 分所统计, 12 whole months
  const y = Number(today.slice(0, 4)) - 1
  const rep = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents?') && r.url().includes(`from=${y}-01-01`))
  const tr = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents/trend?') && r.url().includes(`from=${y}-01-01`))
  await page.goto(`${BASE}/stats?from=${y}-01-01&to=${y}-12-31&compare=yoy`)
  const body = await (await rep).json()
  assert(body.demo === true, 'report JSON without demo')
  const total = body.rows[0].current
  assert(total >= 1000, `a year of demo incidents: ${total}`)
  await waitText(page.locator('[data-fig="current:total"]'), total, '合计本期')
  assert((await page.locator('[data-fig="current:total"]').textContent()).includes(','), 'no thousands separator')
  const foot = page.locator('[data-test=by-station] .el-table__footer')
  await foot.waitFor()
  const cells = (await foot.locator('td').allTextContents()).map((c) => c.trim())
  const sum = body.by_station.reduce((a, x) => a + x.current, 0)
  assert(cells[0] === '合计' && cells[1] === sum.toLocaleString('en-US'), `分所合计: ${cells.join(' | ')}`)
  const trend = await (await tr).json()
  assert(trend.months.length === 12 && trend.months.every((m) => !m.partial), 'a past year: 12 whole months')
  // this year: the trend stops at today's month and marks it
  const [ty, tm, td] = today.split('-').map(Number)
  const tr2 = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents/trend?') && r.url().includes(`from=${ty}-01-01&to=${ty}-12-31`))
  await page.goto(`${BASE}/stats?from=${ty}-01-01&to=${ty}-12-31&compare=yoy`)
  const t2 = await (await tr2).json()
  assert(t2.months.length === tm && t2.through === today, `this year's trend: ${t2.months.length} months through ${t2.through}`)
  if (td < new Date(Date.UTC(ty, tm, 0)).getUTCDate()) {
    const note = page.locator('[data-test=trend-note]')
    await note.waitFor()
    assert((await note.textContent()).includes(`本月截至 ${td} 日`), `note: ${await note.textContent()}`)
  }
  // today alone (the 1st of a month with 本月): begun, not −100 %
  const rep3 = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents?') && r.url().includes(`from=${today}&to=${today}`))
  await page.goto(`${BASE}/stats?from=${today}&to=${today}&compare=yoy`)
  await rep3
  await page.locator('[data-test=stats-just-begun]').waitFor()
  const pct = (await page.locator('[data-pct=total]').textContent()).trim()
  assert(pct === '刚开始', `today's change: ${pct}`)
  await shot('21-stats-begun')
})

await test('统计：导出 Excel（本页与明细），下载的是 XLSX，文件名为中文', async () => {
  const y = Number(process.env.FENGQIAO_TODAY.slice(0, 4)) - 1
  const rep = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents?') && r.url().includes(`from=${y}-01-01`))
  await page.goto(`${BASE}/stats?from=${y}-01-01&to=${y}-12-31&compare=yoy`)
  await rep
  const saved = async (dl, name) => {
    const file = path.join(ART, name)
    await dl.saveAs(file)
    return fs.readFileSync(file)
  }
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-xlsx]').click()])
  assert(dl.suggestedFilename() === `警情统计-${y}-01-01至${y}-12-31.xlsx`, `file name: ${dl.suggestedFilename()}`)
  assert((await saved(dl, 'stats.xlsx')).subarray(0, 2).toString() === 'PK', 'the statistics file is not an XLSX (PK)')
  await page.locator('[data-fig="current:criminal"]').click()
  const dlg = page.locator('.stats-drill')
  await dlg.locator('.drill-table .el-table__row').first().waitFor()
  const [dl2] = await Promise.all([page.waitForEvent('download'), dlg.locator('[data-test=drill-export-xlsx]').click()])
  assert(/category=criminal/.test(dl2.url()) && dl2.suggestedFilename().endsWith('.xlsx'), `drill file: ${dl2.url()} ${dl2.suggestedFilename()}`)
  assert((await saved(dl2, 'drill.xlsx')).subarray(0, 2).toString() === 'PK', 'the drill-down file is not an XLSX (PK)')
  await page.keyboard.press('Escape')
  // the audit page names the report export in words, not by its resource code
  const entry = (await apiGet('/audit?action=export&kind=reports&per_page=1')).body.items[0]
  assert(entry, 'the report export is not in the audit log')
  await page.goto(BASE + '/audit')
  const words = page.locator(`[data-words="${entry.id}"]`)
  await words.waitFor()
  const text = (await words.textContent()).trim()
  assert(text.includes('统计报表') && !text.includes('reports'), `audit words: ${text}`)
})

await test('警情：按统计大类筛选，导出的 CSV 为中文表头且只含该类', async () => {
  await page.goto(BASE + '/incidents')
  await page.locator('.list-table .el-table__row').first().waitFor()
  await pick(page.locator('[data-filter=top_category]'), '治安')
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/incidents?') && r.url().includes('top_category=public_order'))
  await page.locator('[data-test=search]').click()
  const body = await (await listed).json()
  assert(body.total > 0 && body.items.every((i) => i.top_category === 'public_order'), 'an incident of another category listed')
  await page.waitForTimeout(300)
  const tops = await page.locator('.list-table .el-table__body tr td:nth-child(5)').allTextContents()
  assert(tops.length && tops.every((c) => c.trim() === '治安'), `统计大类 column: ${tops.slice(0, 3)}`)
  const cats = await page.locator('.list-table .el-table__body tr td:nth-child(6)').allTextContents()
  assert(cats.every((c) => !/public_order/.test(c)), `类别 shown as codes: ${cats.slice(0, 3)}`)
  await shot('22-incidents')
  const download = await exportVia('csvLabels')
  assert(/top_category=public_order/.test(download.url()), `export ignored the filter: ${download.url()}`)
  const file = path.join(ART, 'incidents-export.csv')
  await download.saveAs(file)
  const lines = csvLines(file)
  assert(lines[0].startsWith('接警编号,接警时间'), `header: ${lines[0]}`)
  const col = lines[0].split(',').indexOf('统计大类')
  assert(col >= 0, `no 统计大类 column: ${lines[0]}`)
  assert(lines.length - 1 === body.total, `${lines.length - 1} rows exported, ${body.total} listed`)
  assert(lines.slice(1).every((l) => l.split(',')[col] === '治安'), 'a row of another category was exported')
})

await test('警情：新增（类别从字典选择）、编辑后接警时间不变、作废', async () => {
  await page.goto(BASE + '/incidents')
  await page.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.waitFor()
  assert((await dlg.locator('[data-field=top_category]').count()) === 0, 'the derived 统计大类 offered on a new incident')
  await dlg.locator('[data-field=incident_no] input').fill('E2EJ20261120001')
  const at = dlg.locator('[data-field=received_at] input')
  await at.fill('2026-11-20 09:30:00')
  await at.press('Enter')
  await pick(dlg.locator('[data-field=station]'), 'S02', 'S02')
  await pick(dlg.locator('[data-field=category]'), '盗窃牲畜', '牲畜')
  await dlg.locator('[data-test=form-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  let r = (await apiGet('/incidents?incident_no=E2EJ20261120001')).body.items[0]
  assert(r && r.received_at === '2026-11-20T09:30:00+08:00', `received_at ${r && r.received_at}`)
  assert(r.category === 'criminal.theft.livestock' && r.top_category === 'criminal', `category ${r.category} / ${r.top_category}`)
  // the day it was received: the newest incidents come first
  await filterDay('2026-11-20')
  // and its category: that day may hold more incidents than a page, received later in the day
  await pick(page.locator('[data-filter=category]'), '盗窃牲畜', '牲畜')
  const listed = page.waitForResponse((q) => q.url().includes('/api/v1/incidents?') && q.url().includes('from=2026-11-20&to=2026-11-20'))
  await page.locator('[data-test=search]').click()
  const lb = await (await listed).json()
  assert(lb.items.every((i) => i.received_at.startsWith('2026-11-20')), 'an incident of another day listed')
  const row = page.locator('.list-table .el-table__row', { hasText: 'E2EJ20261120001' })
  await row.waitFor()
  assert((await row.textContent()).includes('盗窃牲畜'), 'category shown by name')
  await row.locator('[data-test=edit]:visible').click()
  await dlg.waitFor()
  assert((await dlg.locator('[data-field=received_at] input').inputValue()) === '2026-11-20 09:30:00', 'received_at in the form')
  assert((await dlg.locator('[data-field=top_category]').textContent()).includes('刑事'), '统计大类 shown on edit')
  assert(await dlg.locator('[data-field=top_category] .is-disabled, [data-field=top_category] .el-select__wrapper.is-disabled').count(), '统计大类 editable')
  await dlg.locator('[data-field=summary] textarea').fill('牧户报称丢失羊只')
  const saved = page.waitForRequest((q) => q.method() === 'PATCH' && q.url().includes('/api/v1/incidents/'))
  await dlg.locator('[data-test=form-save]').click()
  const patch = JSON.parse((await saved).postData())
  assert(Object.keys(patch).join() === 'summary', `PATCH sent ${JSON.stringify(patch)}`)
  await dlg.waitFor({ state: 'hidden' })
  r = (await apiGet('/incidents?incident_no=E2EJ20261120001')).body.items[0]
  assert(r.received_at === '2026-11-20T09:30:00+08:00' && r.summary === '牧户报称丢失羊只', `after edit: ${r.received_at} ${r.summary}`)
  await row.locator('[data-test=void]:visible').click()
  const box = page.locator('.el-message-box')
  await box.locator('input').fill('测试数据')
  await box.getByRole('button', { name: '确定' }).click()
  await page.locator('.list-table .el-table__row', { hasText: 'E2EJ20261120001' }).waitFor({ state: 'detached' })
})

await test('案件：按状态筛选，状态为标签，详情显示办案进程', async () => {
  await page.goto(BASE + '/cases')
  await page.locator('.list-table .el-table__row').first().waitFor()
  await pick(page.locator('[data-filter=status]'), '办结')
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/cases?') && r.url().includes('status=closed'))
  await page.locator('[data-test=search]').click()
  const body = await (await listed).json()
  assert(body.total > 0 && body.items.every((c) => c.status === 'closed'), 'a case of another status listed')
  await page.waitForTimeout(300)
  const tags = await page.locator('.list-table .el-table__body [data-status]').evaluateAll((els) => els.map((e) => e.dataset.status + ':' + e.textContent.trim()))
  assert(tags.length && tags.every((x) => x === 'closed:办结'), `status tags: ${tags.slice(0, 3)}`)
  await page.locator('.list-table [data-test=detail]:visible').first().click()
  const det = page.locator('.record-detail')
  await det.locator('[data-test=case-steps]').waitFor()
  const c = body.items[0]
  const steps = await det.locator('.el-step').count()
  assert(steps >= 4 || c.revoked_at, `steps: ${steps}`)
  const text = await det.textContent()
  assert(text.includes(c.case_no) && text.includes('受理') && text.includes('办结'), 'case detail')
  await page.waitForTimeout(300)
  await shot('25-case-detail')
  await det.locator('.el-dialog__headerbtn').click()
})

await test('首页：警情、治安警情、治安案件办结率卡片（今年以来同比）', async () => {
  const rep = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents?') && r.url().includes('compare=yoy'))
  const todo = page.waitForResponse((r) => r.url().includes('/api/v1/todo'))
  await page.locator('.side-menu [data-menu=dashboard]').click()
  // the 待办 card: overdue disputes, referrals and follow-ups as the API counts them
  const td = await (await todo).json()
  for (const k of ['disputes', 'referrals', 'followups'])
    await waitText(page.locator(`[data-test=todo-${k}] [data-test=value]`), td.counts.overdue[k], `待办 ${k}`)
  const url = new URL((await rep).url())
  const body = await (await rep).json()
  assert(url.searchParams.get('from').endsWith('-01-01') && url.searchParams.get('from').slice(0, 4) === url.searchParams.get('to').slice(0, 4), `period ${url.search}`)
  const total = body.rows.find((r) => r.key === 'total')
  const po = body.rows.find((r) => r.key === 'public_order')
  await waitText(page.locator('[data-card=incidents] [data-test=value]'), total.current, '警情卡片')
  await waitText(page.locator('[data-card=public_order] [data-test=value]'), po.current, '治安警情卡片')
  // no change without last year's figure (新增 when there is one now), no rate without cases (on 1 January, say)
  const pct = total.change_pct === null ? (total.current > 0 ? '新增' : '—') : `${total.change_pct.toFixed(2)}%`
  assert((await page.locator('[data-card=incidents] [data-test=change]').textContent()).includes(pct), `incidents % change: ${pct}`)
  const cl = body.closure.public_order
  await waitText(page.locator('[data-card=po_closure] [data-test=value]'), cl.rate === null ? '—' : cl.rate.toFixed(2), '办结率卡片')
  const clChange = await page.locator('[data-card=po_closure] [data-test=change]').textContent()
  assert(cl.change_pp === null ? clChange.includes('同比 —') : clChange.includes('个百分点'), `closure change in pp: ${clChange}`)
  assert((await page.locator('[data-card=stations]').count()) === 1, 'coverage cards gone')
  await page.waitForTimeout(500)
  await shot('23-dashboard')
})

await test('首页：四项指标卡片与 API 一致，点击数字打开明细，条数相同', async () => {
  const rep = page.waitForResponse((r) => r.url().includes('/api/v1/reports/kpi?'))
  await page.locator('.side-menu [data-menu=incidents]').click()
  await page.locator('.side-menu [data-menu=dashboard]').click()
  const body = await (await rep).json()
  assert(body.groups.map((g) => g.key).join() === 'fewer_incidents,good_order,stability,satisfaction', 'four groups')
  for (const g of body.groups) {
    for (const i of g.indicators) {
      const card = page.locator(`[data-group=${g.key}] [data-kpi=${i.key}]`)
      const want = i.value === null ? '—' : i.unit === 'percent' ? `${i.value.toFixed(2)}%` : i.value
      await waitText(card.locator('[data-test=kpi-value]'), want, `${g.label} ${i.label}`)
      assert((await card.locator('canvas').count()) === 1, `${i.key}: no sparkline`)
    }
  }
  // a last month still in progress at the period's end is drawn apart (dashed), not as a fall
  const lastMonth = body.months[body.months.length - 1]
  const [ly, lm] = lastMonth.split('-').map(Number)
  const partial = new Date(Date.UTC(ly, lm, 0)).toISOString().slice(0, 10) > body.to
  assert((await page.locator('[data-kpi=criminal_incidents]').first().getAttribute('data-partial')) === String(partial), `month ${lastMonth} to ${body.to}: partial ${partial} not shown`)
  // fewer criminal incidents than last year is good news: green
  const crim = body.groups[0].indicators.find((i) => i.key === 'criminal_incidents')
  const chg = page.locator('[data-group=fewer_incidents] [data-kpi=criminal_incidents] [data-test=kpi-change]')
  if (crim.change) assert((await chg.getAttribute('class')).includes(crim.change < 0 ? 'chg-down' : 'chg-up'), 'change colour')
  // the figure opens the records it counts, as many as it says
  await page.locator('[data-group=fewer_incidents] [data-kpi=criminal_incidents] [data-test=kpi-value]').click()
  await waitText(page.locator('[data-test=kpi-drill-total]'), `共 ${crim.value.toLocaleString('en-US')} 条`, '明细条数')
  await page.waitForTimeout(300)
  await shot('23b-kpi-drill')
  await page.keyboard.press('Escape')
  await page.locator('[data-test=kpi-drill-total]').waitFor({ state: 'hidden' })
})

await test('派出所用户只看到本所（S01）的数据', async () => {
  await logout()
  await login('chief01')
  assert((await page.locator('.side-menu [data-menu=users]').count()) === 0, 'users menu shown to a station')
  assert((await page.locator('.side-menu [data-menu=audit]').count()) === 0, 'audit menu shown to a station')
  const listed = await openAndCatch('/personnel', '/api/v1/personnel?')
  const body = await (await listed).json()
  assert(body.total > 0 && body.items.every((p) => p.station === 'S01'), 'personnel outside S01 listed')
  await page.locator('.list-table .el-table__row').first().waitFor()
  const cells = await page.locator('.list-table .el-table__body tr td:nth-child(7)').allTextContents()
  assert(cells.length && cells.every((c) => c.includes('S01')), `station column: ${cells.slice(0, 3)}`)
  await shot('13-station-personnel')
  const other = (await apiGet('/personnel?station=S02')).body
  assert(other.total === 0, 'S02 personnel visible to S01')
  await page.goto(BASE + '/coverage')
  await page.locator('[data-test=uncovered-total]').waitFor()
  assert((await page.locator('[data-test=cov-station]').count()) === 0, 'station picker shown to a station')
  const rows = await page.locator('.by-station .el-table__body tr').count()
  assert(rows === 1, `by-station rows: ${rows}`)
  await page.waitForTimeout(500)
  await shot('14-station-coverage', true)
  await page.goto(BASE + '/users')
  await page.waitForURL(BASE + '/')
})

await test('派出所用户的统计只含本所（S01）', async () => {
  // the last 30 days (the default period may hold no record of the station: on 1 January, say)
  const from = new Date(Date.parse(TODAY + 'T00:00:00Z') - 30 * 86400000).toISOString().slice(0, 10)
  const rep = await openAndCatch(`/stats?from=${from}&to=${TODAY}`, '/api/v1/reports/incidents?')
  const body = await (await rep).json()
  assert(body.scope && body.scope.station === 'S01', `scope ${JSON.stringify(body.scope)}`)
  assert(!new URL((await rep).url()).searchParams.get('station'), 'a station asked by a station user')
  await page.locator('[data-test=stats-table]').waitFor()
  assert((await page.locator('[data-test=stats-station]').count()) === 0, 'station picker shown to a station')
  assert((await page.locator('[data-test=stats-scope]').textContent()).includes('巴彦浩特派出所'), 'own station not named')
  assert((await page.locator('[data-test=by-station]').count()) === 0, 'by-station table shown to a station')
  const total = body.rows.find((r) => r.key === 'total').current
  await waitText(page.locator('[data-fig="current:total"]'), total, '合计本期')
  const drilled = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents/records?'))
  await page.locator('[data-fig="current:total"]').click()
  const rb = await (await drilled).json()
  const dlg = page.locator('.stats-drill')
  await waitText(dlg.locator('[data-test=drill-total]'), total, 'records total')
  assert(rb.items.length && rb.items.every((i) => i.station === 'S01'), 'a record of another station')
  await dlg.locator('.el-dialog__headerbtn').click()
  await dlg.waitFor({ state: 'hidden' })
  const other = await apiGet('/reports/incidents?from=2026-01-01&to=2026-08-31&station=S02')
  assert(other.status === 404 || other.status === 403, `S02's report answered ${other.status}`)
  await page.waitForTimeout(600)
  await shot('24-station-stats', true)
  // the dashboard cards are the station's own too
  const dash = page.waitForResponse((r) => r.url().includes('/api/v1/reports/incidents?'))
  await page.locator('.side-menu [data-menu=dashboard]').click()
  const db = await (await dash).json()
  assert(db.scope.station === 'S01', 'dashboard incidents not scoped')
  await waitText(page.locator('[data-card=incidents] [data-test=value]'), db.rows.find((r) => r.key === 'total').current, '本所警情卡片')
})

await test('派出所用户的表单：管辖单位已填且不可改，日期从周一开始；类别标签按含义着色；键列固定；错误只显示中文', async () => {
  await page.goto(BASE + '/cases')
  await page.locator('.list-table .el-table__row').first().waitFor()
  const crim = page.locator('.list-table .el-tag', { hasText: '刑事' }).first()
  const po = page.locator('.list-table .el-tag', { hasText: '治安' }).first()
  assert(/el-tag--danger/.test(await crim.getAttribute('class')), `刑事: ${await crim.getAttribute('class')}`)
  assert(/el-tag--warning/.test(await po.getAttribute('class')), `治安: ${await po.getAttribute('class')}`)
  assert((await page.locator('.list-table td.key-col.el-table-fixed-column--left').count()) > 0, 'key column not fixed')
  const mine = (await apiGet('/cases?station=S01&per_page=1')).body.items[0].case_no
  const name = (await apiGet('/stations?code=S01')).body.items[0].name
  await page.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.waitFor()
  const st = dlg.locator('[data-field=station]')
  await waitUntil(async () => (await st.textContent()).includes(name), 'station filled in')
  assert((await st.locator('.is-disabled').count()) > 0, 'station editable for a station user')
  const at = dlg.locator('[data-field=accepted_at] input')
  await at.click()
  const head = page.locator('.el-picker-panel:visible .el-date-table th').first()
  await head.waitFor()
  assert((await head.textContent()).trim() === '一', `the week starts on ${await head.textContent()}`)
  await at.fill('2026-01-05 10:00:00')
  await at.press('Enter')
  await dlg.locator('[data-field=case_no] input').fill(mine)
  await pick(dlg.locator('[data-field=kind]'), '刑事')
  await dlg.locator('[data-test=form-save]').click()
  const msg = await fieldError(dlg, 'case_no')
  assert(msg.includes('已存在') && !/[（(A-Za-z]/.test(msg), `message: ${msg}`)
  await dlg.locator('.el-dialog__headerbtn').click()
})

await test('局领导只读：不显示新增、编辑、作废', async () => {
  await logout()
  await login('leader01')
  await page.goto(BASE + '/posts')
  await page.locator('.list-table .el-table__row').first().waitFor()
  assert((await page.locator('[data-test=add]').count()) === 0, 'add button shown to a leader')
  assert((await page.locator('[data-test=edit]').count()) === 0, 'edit button shown to a leader')
  assert((await page.locator('[data-test=void]').count()) === 0, 'void button shown to a leader')
  assert((await page.locator('[data-test=import]').count()) === 0, 'import button shown to a leader')
  assert(await page.locator('[data-test=export]').isVisible(), 'export hidden from a leader')
  await shot('15-leader-posts')
})

await test('局领导：警情和案件只读，统计可看', async () => {
  await page.goto(BASE + '/incidents')
  await page.locator('.list-table .el-table__row').first().waitFor()
  assert((await page.locator('[data-test=add]').count()) === 0, 'add button shown to a leader')
  assert((await page.locator('[data-test=edit]').count()) === 0, 'edit button shown to a leader')
  assert(await page.locator('[data-test=export]').isVisible(), 'export hidden from a leader')
  await page.goto(BASE + '/cases')
  await page.locator('.list-table .el-table__row').first().waitFor()
  assert((await page.locator('[data-test=add]').count()) === 0, 'add button shown to a leader (cases)')
  assert((await page.locator('[data-test=void]').count()) === 0, 'void button shown to a leader (cases)')
  await page.goto(BASE + '/stats')
  await page.locator('[data-test=stats-table]').getByText('合计', { exact: true }).waitFor()
  assert(await page.locator('[data-test=stats-station]').isVisible(), 'station picker hidden from a leader')
})

await test('调解员：只有移交办理和矛盾纠纷，没有统计、审计和用户；其他页面回到移交办理', async () => {
  await logout()
  await login('admin')
  // the administrator adds a partner's mediator (as the users form would)
  const made = await page.evaluate(async (password) => {
    const s = await (await fetch('/api/v1/session')).json()
    const r = await fetch('/api/v1/users', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ username: 'e2e.mediator', display_name: '调解员', role: 'mediator', unit: 'SF01', password }),
    })
    return r.status
  }, PASSWORD)
  assert(made === 201, 'mediator not created: ' + made)
  await logout()
  await page.locator('input[name=username]').fill('e2e.mediator')
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.locator('.side-menu').waitFor()
  // a partner's mediator lands on its referrals: its menu holds them and their disputes, nothing else
  await page.waitForURL((u) => new URL(u).pathname === '/mediation')
  await page.locator('[data-test=mediation]').waitFor()
  const menus = await page.locator('[data-menu]').evaluateAll((els) => els.map((e) => e.dataset.menu))
  assert(menus.join() === 'mediation,disputes', `a mediator's menu: ${menus}`)
  assert((await page.locator('.stat-card').count()) === 0, 'figures shown to a mediator')
  await waitText(page.locator('[data-test=who] .who-unit'), '巴彦浩特司法所', 'the mediator\'s unit')
  assert((await page.locator('.el-alert--error').count()) === 0, 'an error on the mediator\'s home page')
  const meta = await apiGet('/meta')
  assert(meta.status === 200 && meta.body.scope.kind === 'partner' && meta.body.resources.reports.length === 0,
    'meta does not say the mediator\'s scope: ' + JSON.stringify(meta.body && meta.body.scope))
  const personnel = await apiGet('/personnel')
  assert(personnel.status === 403, 'a mediator reads station staff: ' + personnel.status)
  for (const other of ['/stats', '/personnel', '/org', '/'])  {
    await page.goto(BASE + other)
    await page.waitForURL((u) => new URL(u).pathname === '/mediation')
  }
  await page.locator('[data-test=mediation]').waitFor()
  await shot('17-mediator-home')
})

// --- 矛盾纠纷 (issue 9): a dispute from registration to its follow-ups --------

// A valid GB 11643 ID number from its first 17 digits.
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i], 0)
  return first17 + '10X98765432'[sum % 11]
}
// 'YYYY-MM-DD' n days from `day`
function dayPlus(day, n) {
  const d = new Date(day + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
const DISPUTE = 'E2E-JF-001'
const OLD_DISPUTE = 'E2E-JF-OLD'
let statsBefore = null // the station's dispute figures this year before the flow below
let oldIncident = ''

async function apiSend(method, p, body) {
  return page.evaluate(async ([m, url, b]) => {
    const s = await (await fetch('/api/v1/session')).json()
    const r = await fetch('/api/v1' + url, {
      method: m,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify(b),
    })
    return { status: r.status, body: await r.json().catch(() => null) }
  }, [method, p, body])
}

// The case file of dispute `no`, opened from the disputes list.
async function openFile(no) {
  await page.goto(BASE + '/disputes')
  // the list of the day it was registered: newer disputes may fill the first page
  const day = (await apiGet('/disputes?dispute_no=' + encodeURIComponent(no))).body.items[0].registered_on
  await filterDay(day)
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/disputes?') && r.url().includes(`from=${day}`))
  await page.locator('[data-test=search]').click()
  await listed
  const link = page.locator('.list-table .el-table__row [data-test=file-link]', { hasText: no })
  await link.click()
  await page.locator('[data-test=file-no]', { hasText: no }).waitFor()
}

async function formDate(dlg, name, day) {
  const input = dlg.locator(`[data-field=${name}] input`)
  await input.fill(day)
  await input.press('Enter')
}

async function save(dlg) {
  await dlg.locator('[data-test=form-save]').click()
  await dlg.waitFor({ state: 'hidden' })
}

await test('矛盾纠纷：派出所登记纠纷，卷宗中添加当事人（明文可见）', async () => {
  await logout()
  await login('chief01')
  assert(await page.locator('.side-menu [data-menu=disputes]').isVisible(), 'no 矛盾纠纷 menu for a station')
  assert((await page.locator('.side-menu [data-menu=mediation]').count()) === 0, 'the mediator\'s page shown to a station')
  // the station's statistics this year before its two new disputes (compared after the agreement)
  const before = await apiGet('/reports/disputes?from=' + TODAY.slice(0, 4) + '-01-01&to=' + TODAY)
  assert(before.status === 200, 'disputes report: ' + before.status)
  statsBefore = before.body.rows[0]
  // an old dispute from an incident of the station, through the API: past its 30 days without a result
  const inc = await apiGet('/incidents?station=S01&per_page=1')
  assert(inc.status === 200 && inc.body.items.length === 1, 'no incident of S01 in the demo data')
  oldIncident = inc.body.items[0].incident_no
  const old = await apiSend('POST', '/disputes', { dispute_no: OLD_DISPUTE, registered_on: dayPlus(TODAY, -40), station: 'S01',
    type: 'land', source: 'incident', incident_no: oldIncident })
  assert(old.status === 201 && old.body.status === 'registered', 'old dispute: ' + JSON.stringify(old))

  await page.locator('.side-menu [data-menu=disputes]').click()
  await page.locator('.record-list[data-kind=disputes]').waitFor()
  // no station to choose: a station's list holds its own
  assert((await page.locator('[data-filter=station]').count()) === 0, 'station filter shown to a station')
  for (const f of ['type', 'status', 'dates', 'overdue']) assert(await page.locator(`[data-filter=${f}]`).isVisible(), `filter ${f} missing`)
  await page.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.waitFor()
  assert((await dlg.locator('[data-field=status]').count()) === 0, 'the derived status is typed on a new dispute')
  assert((await dlg.locator('[data-field=registered_on] input').inputValue()) === TODAY, 'registered_on defaults to today')
  await dlg.locator('[data-field=dispute_no] input').fill(DISPUTE)
  await pick(dlg.locator('[data-field=type]'), '邻里纠纷')
  await dlg.locator('[data-field=address] input').fill('巴彦浩特镇和平社区 3 号楼')
  await dlg.locator('[data-field=summary] textarea').fill('楼上漏水致楼下房屋受损，双方协商不成')
  await save(dlg)
  const row = page.locator('.list-table .el-table__row', { hasText: DISPUTE })
  await row.waitFor()
  assert((await row.locator('[data-status]').getAttribute('data-status')) === 'registered', 'a new dispute is 已登记')
  assert((await row.textContent()).includes('已登记'), 'status label')

  await openFile(DISPUTE)
  assert((await page.locator('[data-test=file-status]').getAttribute('data-status')) === 'registered', 'file status')
  assert((await page.locator('[data-event=registered]').count()) === 1, 'registration not on the timeline')
  await page.locator('[data-test=add-party]').click()
  await dlg.waitFor()
  assert(await dlg.locator('[data-field=dispute_no] .is-disabled').count(), 'the dispute of a new party can be changed')
  await dlg.locator('[data-field=name] input').fill('张某某')
  // a wrong check digit is refused at its field
  const id = idNumber('15292119800101123')
  const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
  await dlg.locator('[data-field=id_no] input').fill(wrong)
  await dlg.locator('[data-test=form-save]').click()
  const msg = await fieldError(dlg, 'id_no')
  assert(/校验|check/.test(msg), `message at 身份证号: ${msg}`)
  await dlg.locator('[data-field=id_no] input').fill(id)
  await dlg.locator('[data-field=phone] input').fill('13912345678')
  await save(dlg)
  const party = page.locator('[data-test=parties] .el-table__row', { hasText: '张某某' })
  await party.waitFor()
  const text = await party.textContent()
  assert(text.includes(id) && text.includes('13912345678') && text.includes('申请人'), `party row: ${text}`)
  assert((await page.locator('[data-test=masked]').count()) === 0, 'a station handling the dispute is told its parties are masked')
})

await test('卷宗：两所联调（司法所）一次，再移交律师事务所；状态由系统推出', async () => {
  const dlg = page.locator('.record-form-dialog')
  await page.locator('[data-test=add-session]').click()
  await dlg.waitFor()
  await pick(dlg.locator('[data-field=mode]'), '两所联调')
  await pick(dlg.locator('[data-field=partner]'), '巴彦浩特司法所', '巴彦浩特司法所')
  await dlg.locator('[data-field=mediators] input').fill('司法所李某、民警王某')
  await pick(dlg.locator('[data-field=result]'), '继续调解')
  await save(dlg)
  const session = page.locator('[data-event=session]')
  await session.waitFor()
  const st = await session.textContent()
  assert(st.includes('两所联调') && st.includes('巴彦浩特司法所') && st.includes('司法所李某') && st.includes('继续调解'), `session: ${st}`)
  await waitText(page.locator('[data-test=file-status]'), '调解中', 'status after a session')

  await page.locator('[data-test=refer]').click()
  await dlg.waitFor()
  assert((await dlg.locator('[data-field=referral_no] input').inputValue()) === DISPUTE + '-YJ1', 'referral number proposed')
  await pick(dlg.locator('[data-field=partner]'), '内蒙古贺兰律师事务所', '贺兰')
  await save(dlg)
  const referred = page.locator('[data-event=referred]')
  await referred.waitFor()
  assert((await referred.textContent()).includes('内蒙古贺兰律师事务所'), 'referral on the timeline')
  assert((await referred.textContent()).includes(dayPlus(TODAY, 3)), 'the 3-day acceptance deadline')
  await waitText(page.locator('[data-test=file-status]'), '已移交', 'status after the referral')
  // the derived fields are shown, never offered for editing
  assert((await page.locator('[data-test=file-fields] .derived-tag').count()) === 5, 'status, its three dates and the grid report it came from marked derived')
  await shot('20-dispute-file-referred', true)
})

await test('律师事务所调解员：只见本所移交，接收并登记调解成功，纠纷化解、回访自动生成（+7、+30 天）', async () => {
  await logout()
  await login('admin')
  const made = await apiSend('POST', '/users', { username: 'e2e.lawyer', display_name: '贺兰律所调解员', role: 'mediator', unit: 'LS01', password: PASSWORD })
  assert(made.status === 201, 'law firm mediator not created: ' + JSON.stringify(made))
  await logout()
  await page.locator('input[name=username]').fill('e2e.lawyer')
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((u) => new URL(u).pathname === '/mediation')
  const toAccept = page.locator('[data-test=referrals-accept] .el-table__row', { hasText: DISPUTE })
  await toAccept.waitFor()
  // the firm sees the dispute referred to it, not the station's other one
  const disputes = await apiGet('/disputes')
  assert(disputes.status === 200 && disputes.body.items.some((d) => d.dispute_no === DISPUTE), 'the referred dispute not listed to the firm')
  const mine = await apiGet('/referrals?per_page=500')
  assert(mine.status === 200 && mine.body.items.length > 0 && mine.body.items.every((r) => r.partner === 'LS01'), 'another body\'s referral listed to the firm')
  const other = await apiGet('/disputes?dispute_no=' + OLD_DISPUTE)
  assert(other.status === 200 && other.body.total === 0, 'another dispute listed to the mediator')
  await shot('21-mediator-to-accept')

  await toAccept.locator('[data-test=accept]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  const open = page.locator('[data-test=referrals-open] .el-table__row', { hasText: DISPUTE })
  await open.waitFor()
  assert((await open.textContent()).includes(TODAY), 'accepted today')
  await open.locator('[data-test=close]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.waitFor()
  await formDate(dlg, 'closed_on', TODAY)
  // the closing day before the result: the other way round the choice was lost once the demo
  // data had disputes (the cause not found yet)
  await pick(dlg.locator('[data-field=result]'), '调解成功')
  assert((await dlg.locator('[data-field=result]').textContent()).includes('调解成功'), 'the result not chosen')
  await save(dlg)
  const closed = page.locator('[data-test=referrals-closed] .el-table__row', { hasText: DISPUTE })
  await closed.waitFor({ state: 'attached' })
  const row = page.locator('[data-test=med-disputes] .el-table__row', { hasText: DISPUTE })
  await waitText(row.locator('[data-status]'), '调解成功', 'the dispute in the mediator\'s list')

  await row.locator('[data-test=file-link]').click()
  await page.locator('[data-test=file-no]', { hasText: DISPUTE }).waitFor()
  assert((await page.locator('[data-test=file-status]').getAttribute('data-status')) === 'settled', 'file not settled')
  assert((await page.locator('[data-detail=settled_on]').textContent()).trim() === TODAY, 'settled_on is the closing day')
  const due = await page.locator('[data-event=followup-due] .el-timeline-item__timestamp').allTextContents()
  assert(due.map((s) => s.trim()).join() === [dayPlus(TODAY, 7), dayPlus(TODAY, 30)].join(), `follow-ups due: ${due}`)
  assert((await page.locator('[data-event=settled]').count()) === 1, 'settlement not on the timeline')
  // the firm records no sessions' follow-ups nor parties, and sees the parties' contacts of its own referral
  assert((await page.locator('[data-test=add-party], [data-test=refer], [data-test=record-followup]').count()) === 0, 'actions meta does not grant shown')
  assert((await page.locator('[data-test=parties]').textContent()).includes('13912345678'), 'the firm does not see its party\'s phone')
  await shot('22-dispute-file-settled', true)
})

await test('派出所：列表中纠纷状态变为调解成功；超期筛选；回访登记；卷宗与警情互相链接', async () => {
  await logout()
  await login('chief01')
  await page.goto(BASE + '/disputes')
  const row = page.locator('.list-table .el-table__row', { hasText: DISPUTE })
  await waitText(row.locator('[data-status]'), '调解成功', 'status in the station\'s list')
  assert((await row.textContent()).includes(TODAY), 'settled_on in the list')
  // overdue: the old one only, by the server's ?overdue=1
  const asked = page.waitForRequest((q) => q.url().includes('/api/v1/disputes?') && q.url().includes('overdue=1'))
  await page.locator('[data-filter=overdue] .el-checkbox').click()
  await page.locator('[data-test=search]').click()
  await asked
  await page.locator('.list-table .el-table__row', { hasText: DISPUTE }).waitFor({ state: 'detached' })
  const overdueRow = page.locator('.list-table .el-table__row', { hasText: OLD_DISPUTE })
  await overdueRow.locator('[data-test=overdue]').waitFor()
  await shot('23-disputes-overdue')
  const all = await apiGet('/disputes?overdue=1')
  assert(all.status === 200 && all.body.items.every((d) => !d.result_on && d.registered_on < dayPlus(TODAY, -30)), 'overdue list wrong')

  // the station records the first follow-up
  await openFile(DISPUTE)
  const first = page.locator('[data-event=followup-due]').first()
  await first.locator('[data-test=record-followup]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.waitFor()
  await formDate(dlg, 'done_on', TODAY)
  await pick(dlg.locator('[data-field=performed]'), '已履行')
  await pick(dlg.locator('[data-field=satisfaction]'), '满意')
  await save(dlg)
  const done = page.locator('[data-event=followup-done]')
  await done.waitFor()
  assert((await done.textContent()).includes(dayPlus(TODAY, 7)) && (await done.textContent()).includes('满意'), 'follow-up done')
  assert((await page.locator('[data-event=followup-due]').count()) === 1, 'one follow-up still due')

  // from the old dispute to its incident and back
  await openFile(OLD_DISPUTE)
  await page.locator('[data-test=incident-link]').click()
  await page.waitForURL(/\/incidents\?incident_no=/)
  const back = page.locator('.record-detail [data-test=incident-dispute]', { hasText: OLD_DISPUTE })
  await back.waitFor()
  await back.click()
  await page.locator('[data-test=file-no]', { hasText: OLD_DISPUTE }).waitFor()
})

await test('卷宗打印：A4，无菜单和按钮，有标题、字段、过程、当事人和打印日期', async () => {
  await openFile(DISPUTE)
  await page.locator('[data-event=followup-done]').waitFor()
  await page.emulateMedia({ media: 'print' })
  try {
    for (const hidden of ['.sidebar', '.topbar', '[data-test=print]', '[data-test=add-session]'])
      assert(!(await page.locator(hidden).first().isVisible()), `${hidden} printed`)
    assert(await page.locator('.print-title').isVisible(), 'no title on paper')
    assert(await page.locator('.print-foot').isVisible(), 'no print date on paper')
    assert((await page.locator('.print-foot').textContent()).includes(TODAY), 'the print date is not today')
    assert((await page.locator('[data-test=edit-party]').count()) === 0, 'the parties\' actions printed')
    for (const part of ['[data-test=file-fields]', '[data-test=timeline]', '[data-test=parties]'])
      assert(await page.locator(part).isVisible(), `${part} not printed`)
    await page.setViewportSize({ width: 794, height: 1123 }) // A4 at 96 dpi
    await shot('24-dispute-file-print', true)
    await page.pdf({ path: path.join(ART, 'dispute-file.pdf'), format: 'A4', printBackground: true })
  } finally {
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 1440, height: 900 })
  }
})

await test('纠纷统计与预警待办：本所数字随登记和化解变化；待办列出超期纠纷', async () => {
  // as chief01 (S01)
  await page.locator('.side-menu [data-menu=dispute-stats]').click()
  await page.locator('[data-test=dispute-stats]').waitFor()
  const statsRes = await apiGet('/reports/disputes?from=' + TODAY.slice(0, 4) + '-01-01&to=' + TODAY)
  assert(statsRes.status === 200, 'disputes report: ' + statsRes.status)
  await page.locator('[data-test=dstats-table] [data-row=total]').waitFor()
  assert((await page.locator('[data-test=dstats-table] [data-row]').count()) === 10, 'the total and the nine types')
  // the statistics moved: the two disputes registered (the old one if still this year), the agreement settled one
  const now = statsRes.body.rows[0]
  const added = dayPlus(TODAY, -40).slice(0, 4) === TODAY.slice(0, 4) ? 2 : 1
  assert(now.registered === statsBefore.registered + added, `registered ${statsBefore.registered} -> ${now.registered}, want +${added}`)
  assert(now.settled === statsBefore.settled + 1, `settled ${statsBefore.settled} -> ${now.settled}, want +1`)
  const totalRow = page.locator('[data-test=dstats-table] .el-table__row', { has: page.locator('[data-row=total]') }).first()
  await waitText(totalRow.locator('td').nth(1), String(now.registered), 'the page\'s registered total')
  // every figure opens its records, as many as the figure says
  await page.locator('[data-test=dstats-table] [data-fig="settled:total"]').click()
  const drillDlg = page.locator('.stats-drill')
  await waitText(drillDlg.locator('[data-test=drill-total]'), String(now.settled), 'the records behind the settled total')
  assert((await drillDlg.locator('.el-table__row').count()) === Math.min(now.settled, 20), 'the first page of the settled disputes')
  await shot('25-dispute-stats-drill')
  await drillDlg.locator('.el-dialog__headerbtn').click()
  await drillDlg.waitFor({ state: 'hidden' })
  assert((await page.locator('.el-alert--error').count()) === 0, 'an error on the statistics page')
  const activeMenu = await page.locator('.side-menu .el-menu-item.is-active').evaluateAll((els) => els.map((e) => e.dataset.menu))
  assert(activeMenu.join() === 'dispute-stats', `menu items shown active: ${activeMenu}`)
  await shot('25-dispute-stats')

  await page.locator('.side-menu [data-menu=warnings]').click()
  await page.locator('[data-test=warnings]').waitFor()
  const warnRes = await apiGet('/reports/warnings?as_of=' + TODAY)
  assert(warnRes.status === 200 && Array.isArray(warnRes.body.warnings), 'warnings report: ' + warnRes.status)
  assert((await page.locator('.el-alert--error').count()) === 0, 'an error on the warnings page')
  await page.getByRole('tab', { name: /待办/ }).click()
  await page.locator('[data-test=todo-kind]').getByText('纠纷超 30 天未出结果').click()
  await page.locator('[data-test=todo-kind] .is-active', { hasText: '纠纷超 30 天未出结果' }).waitFor()
  const todo = page.locator('[data-test=todo-list] .el-table__row', { hasText: OLD_DISPUTE })
  await todo.waitFor()
  assert((await todo.textContent()).includes(dayPlus(TODAY, -10)), 'the deadline of the overdue dispute (registered 40 days ago)')
  assert((await page.locator('[data-test=todo-list] .el-table__row', { hasText: DISPUTE }).count()) === 0, 'a settled dispute on the to-do list')
  const kinds = await page.locator('[data-test=todo-list] .el-table__row').count()
  const api = await apiGet('/todo')
  assert(kinds === api.body.items.filter((i) => i.kind === 'disputes').length, `${kinds} disputes on the to-do list, the API lists others`)
  await shot('26-warnings-todo')
  // the dashboard's to-do card leads to the overdue disputes
  await page.goto(BASE + '/disputes?overdue=disputes')
  await page.locator('.list-table .el-table__row', { hasText: OLD_DISPUTE }).locator('[data-test=overdue]').waitFor()
  assert(await page.locator('[data-filter=overdue] .el-checkbox.is-checked').isVisible(), 'the overdue filter not set from the link')
})

await test('局领导：卷宗只读，当事人身份证号和电话脱敏，不显示任何办理按钮', async () => {
  await logout()
  await login('leader01')
  await page.goto(BASE + '/disputes')
  await page.locator('.list-table .el-table__row', { hasText: DISPUTE }).waitFor()
  assert((await page.locator('[data-test=add]').count()) === 0, 'a leader may add disputes')
  await openFile(DISPUTE)
  await page.locator('[data-test=masked]').waitFor()
  const party = page.locator('[data-test=parties] .el-table__row', { hasText: '申请人' })
  await party.waitFor()
  const text = await party.textContent()
  assert(!text.includes(idNumber('15292119800101123')) && !text.includes('13912345678'), `a leader sees personal data: ${text}`)
  assert((await page.locator('[data-test=add-party], [data-test=add-session], [data-test=refer], [data-test=record-followup], [data-test=record-referral], [data-test=edit-party]').count()) === 0,
    'actions shown to a leader')
  assert((await page.locator('[data-event]').count()) >= 7, 'the timeline is not the leader\'s to read')
  await shot('27-dispute-file-leader')
})

await test('修改密码：用户从姓名菜单改自己的密码，旧密码失效，用新密码登录', async () => {
  await logout()
  await login('admin')
  const made = await apiSend('POST', '/users', { username: 'e2e.pw', display_name: '改密码用户', role: 'leader', password: PASSWORD })
  assert(made.status === 201, 'user not created: ' + JSON.stringify(made))
  await logout()
  const signIn = async (password) => {
    await page.locator('input[name=username]').fill('e2e.pw')
    await page.locator('input[name=password]').fill(password)
    await page.locator('[data-test=login-submit]').click()
    await page.locator('.side-menu').waitFor()
  }
  await signIn(PASSWORD)
  await page.locator('[data-test=who]').click()
  await page.locator('.el-dropdown-menu__item:visible', { hasText: '修改密码' }).click()
  const dlg = page.locator('.change-password-dialog')
  await dlg.waitFor()
  await dlg.locator('[data-field=current] input').fill(PASSWORD)
  // the server's policy speaks through the dialog: a common password is refused with what to do
  await dlg.locator('[data-field=new] input').fill('Password2024!')
  await dlg.locator('[data-field=confirm] input').fill('Password2024!')
  await dlg.locator('[data-test=password-save]').click()
  await dlg.locator('[data-field=new] .el-form-item__error', { hasText: '常见密码' }).waitFor()
  await dlg.locator('[data-field=new] input').fill('Walnut-grove-2026')
  await dlg.locator('[data-field=confirm] input').fill('Walnut-grove-2026')
  await shot('40-change-password')
  await dlg.locator('[data-test=password-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  await logout()
  const old = await page.evaluate(async (password) => {
    const r = await fetch('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'e2e.pw', password }) })
    return r.status
  }, PASSWORD)
  assert(old === 401, 'the old password still logs in: ' + old)
  await signIn('Walnut-grove-2026')
  const who = await page.locator('[data-test=who]').textContent()
  assert(who.includes('改密码用户'), `top bar shows ${who}`)
})

await test('会话失效后回到登录页', async () => {
  await page.evaluate(async () => {
    // end the session behind the interface's back
    const s = await (await fetch('/api/v1/session')).json()
    await fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': s.csrf_token } })
  })
  // the next request finds the session gone: a click, or a request of the page's own (the
  // dashboard's late reports) that got there first and already left the menu
  await page.locator('[data-menu=org]').click({ timeout: 3000 }).catch(() => {})
  await page.waitForURL(/\/login/)
  await page.locator('input[name=username]').waitFor()
})

// ---------------------------------------------------------------------------
// Printing on A4: each page printed to PDF (its own @page size, as the
// browser's print does), read back with poppler's pdfinfo and pdftotext.

const A4 = [595, 842] // points

async function printPdf(name) {
  // the width between A4's margins (210 - 2 × 12 mm at 96 dpi), where the browser's print lays the page out
  await page.setViewportSize({ width: 703, height: 1040 })
  await page.emulateMedia({ media: 'print' })
  try {
    await page.waitForTimeout(400) // the tables' copies and the charts' resize follow the media change
    const shown = {}
    for (const sel of ['.sidebar', '.topbar', '.filter-bar', '[data-test=print]', '[data-test=drill-print]', '[data-test=detail-print]', '.el-pagination'])
      shown[sel] = await page.locator(sel + ':visible').count()
    const heads = await page.locator('table.print-table thead:visible').evaluateAll((els) => els.map((e) => getComputedStyle(e).display))
    const rows = await page.locator('table.print-table tbody tr:visible').evaluateAll((els) => els.map((e) => getComputedStyle(e).breakInside))
    const file = path.join(ART, name + '.pdf')
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true })
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file]).toString()
    const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1])
    const sizes = [...info.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])])
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString()
    return { pages, sizes, text, flat: text.replace(/\s+/g, ''), shown, heads, rows }
  } finally {
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 1440, height: 900 })
  }
}

// A4 on every page, a bounded page count, the head's words on paper, nothing of the screen's controls
function checkPrint(p, { min, max, words }) {
  assert(p.pages >= min && p.pages <= max, `${p.pages} pages, expected ${min}–${max}`)
  assert(p.sizes.length === p.pages, `page sizes: ${p.sizes.length} for ${p.pages} pages`)
  for (const [w, h] of p.sizes) assert(Math.abs(w - A4[0]) <= 1 && Math.abs(h - A4[1]) <= 1, `page ${w}×${h} pt is not A4`)
  for (const w of words) assert(p.flat.includes(w.replace(/\s+/g, '')), `"${w}" not on paper: ${p.text.slice(0, 200)}`)
  for (const [sel, n] of Object.entries(p.shown)) assert(n === 0, `${sel} printed`)
  assert(p.heads.every((d) => d === 'table-header-group'), `a table's header does not repeat: ${p.heads}`)
  assert(p.rows.every((b) => b === 'avoid'), 'a table row may be cut across pages')
}

await test('打印统计页：A4，页眉有标题、期间、范围、口径和打印日期，表头每页重复', async () => {
  await login('admin')
  await page.goto(BASE + '/stats?from=2026-01-01&to=2026-08-31&compare=yoy')
  await page.locator('[data-test=by-station] .el-table__row').first().waitFor()
  assert(await page.locator('[data-test=print]').isVisible(), 'no 打印 button')
  await page.waitForTimeout(600) // charts settle
  // the button prints (window.print, stood in for here) with the tables' paper copies made first
  await page.evaluate(() => {
    window.print = () => (window.fqPrinted = document.querySelectorAll('table.print-table thead').length)
  })
  await page.locator('[data-test=print]').click()
  assert((await page.evaluate(() => window.fqPrinted)) >= 2, 'the 打印 button did not print the tables\' copies')
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
  assert((await page.locator('table.print-table').count()) === 0, 'the paper copies stayed after printing')
  const p = await printPdf('print-stats')
  checkPrint(p, { min: 1, max: 4, words: ['警情统计', '2026-01-01 至 2026-08-31', '范围：全局', '统计口径', `打印日期：${TODAY}`] })
  assert(p.heads.length >= 2, `tables copied for paper: ${p.heads.length}`)
  assert(p.flat.split('演示数据').length === 2, 'the demo mark is not on paper exactly once')
  const stations = await page.locator('[data-test=by-station] .el-table__row td:first-child').allTextContents()
  for (const s of stations) assert(p.flat.includes(s.trim()), `station ${s} not on paper`)
})

await test('打印统计明细（点击数字后的记录）：A4，只有明细和页眉，不带统计页', async () => {
  await page.goto(BASE + '/stats?from=2026-01-01&to=2026-08-31&compare=yoy')
  await page.locator('[data-fig="current:criminal"]').waitFor()
  const n = await figure('[data-fig="current:criminal"]')
  await page.locator('[data-fig="current:criminal"]').click()
  const dlg = page.locator('.stats-drill')
  await dlg.locator('.drill-table .el-table__row').first().waitFor()
  const perPage = await dlg.locator('.drill-table .el-table__body-wrapper .el-table__row').count()
  assert(n > perPage, `the figure (${n}) fits on one page of ${perPage}: no test of printing them all`)
  // 打印 fetches every page first (window.print stood in for), then the paper holds all n rows
  await page.evaluate(() => {
    window.print = () => (window.fqPrinted = document.querySelectorAll('.stats-drill table.print-table tbody tr').length)
  })
  await dlg.locator('[data-test=drill-print]').click()
  await waitUntil(() => page.evaluate(() => window.fqPrinted), 'the 打印 button did not print')
  assert((await page.evaluate(() => window.fqPrinted)) === n, `printed ${await page.evaluate(() => window.fqPrinted)} rows of ${n}`)
  await page.waitForTimeout(500)
  const p = await printPdf('print-stats-drill')
  checkPrint(p, { min: 2, max: Math.ceil(n / 15) + 2, words: ['统计明细', '刑事', '2026-01-01 至 2026-08-31', '范围：全局', `打印日期：${TODAY}`, '接警编号', `共 ${n.toLocaleString('en-US')} 条，全部列出`] })
  assert(p.rows.length === n, `${p.rows.length} rows on paper, the figure is ${n}`)
  assert(p.flat.includes('演示数据'), 'no demo mark on the drill-down\'s paper')
  assert(!p.flat.includes('警情分类统计'), 'the statistics page under the dialog printed too')
  // printing over: the page on screen again
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
  await waitUntil(async () => (await dlg.locator('.drill-table .el-table__body-wrapper .el-table__row').count()) === perPage, 'the drill-down stayed on every row after printing')
  await dlg.locator('.el-dialog__headerbtn').click()
  await dlg.waitFor({ state: 'hidden' })
})

await test('打印覆盖情况：A4，统计日期、范围、口径、打印日期；未覆盖清单全部展开', async () => {
  await page.goto(BASE + '/coverage')
  await page.locator('.by-station .el-table__row').first().waitFor()
  const total = Number((await page.locator('[data-test=uncovered-total]').textContent()).trim())
  await page.waitForTimeout(600)
  const p = await printPdf('print-coverage')
  checkPrint(p, { min: 1, max: 12, words: ['进班子覆盖情况', `统计日期：${TODAY}`, '范围：全局', '统计口径', `打印日期：${TODAY}`] })
  assert((await page.locator('table.print-table').count()) === 0, 'the paper copies of the tables stayed on screen')
  assert(total > 0, 'no uncovered divisions in the fixture')
})

await test('派出所用户打印统计页：范围为本所', async () => {
  await logout()
  await login('chief01')
  try {
    await page.goto(BASE + '/stats?from=2026-01-01&to=2026-08-31&compare=yoy')
    await page.locator('[data-test=stats-table] .el-table__row').first().waitFor()
    const own = (await page.locator('[data-test=stats-scope]').textContent()).trim()
    assert(own.endsWith('派出所'), `own station: ${own}`)
    await page.waitForTimeout(600)
    const p = await printPdf('print-stats-station')
    checkPrint(p, { min: 1, max: 4, words: ['警情统计', `范围：${own}`, `打印日期：${TODAY}`] })
    assert(!p.flat.includes('范围：全局'), 'a station\'s figures printed as the whole bureau\'s')
  } finally {
    await logout()
    await login('admin')
  }
})

await test('打印纠纷统计：A4，页眉有标题、期间、范围、口径和打印日期', async () => {
  await page.goto(BASE + '/dispute-stats')
  await page.locator('[data-test=dstats-table] .el-table__row').first().waitFor()
  await page.waitForTimeout(600)
  const p = await printPdf('print-dispute-stats')
  checkPrint(p, { min: 1, max: 4, words: ['矛盾纠纷排查调处统计', `${TODAY.slice(0, 4)}-01-01 ~ ${TODAY}`, '范围：全局', '统计口径', `打印日期：${TODAY}`] })
})

await test('打印通报：区划页的打印通报按钮打开 A4 文档，每节标题都在纸上', async () => {
  await page.goto(BASE + '/org')
  await page.locator('[data-test=tree-filter] input, input[data-test=tree-filter]').first().fill('巴彦浩特镇')
  const row = page.locator('.division-tree .el-table__row').filter({ hasText: '巴彦浩特镇' }).first()
  await row.locator('[data-test=briefing-btn]').click()
  const [doc] = await Promise.all([ctx.waitForEvent('page'), page.locator('[data-test=briefing-open]:visible').click()])
  await doc.waitForLoadState()
  assert((await doc.locator('script').count()) === 0, 'a script in the briefing')
  assert((await doc.locator('h1').textContent()).includes('巴彦浩特镇辖区治安形势通报'), 'no title')
  const file = path.join(ART, 'print-briefing.pdf')
  await doc.pdf({ path: file, preferCSSPageSize: true, printBackground: true })
  await doc.close()
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file]).toString()
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1])
  const sizes = [...info.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])])
  assert(pages >= 1 && pages <= 10 && sizes.length === pages, `${pages} pages, ${sizes.length} sizes`)
  for (const [w, h] of sizes) assert(Math.abs(w - A4[0]) <= 1 && Math.abs(h - A4[1]) <= 1, `page ${w}×${h} pt is not A4`)
  const flat = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString().replace(/\s+/g, '')
  for (const w of ['巴彦浩特镇辖区治安形势通报', '期间：', `打印日期：${TODAY}`, '一、警情', '二、矛盾纠纷', '三、安全隐患', '四、走访与群众满意',
    '五、法治宣传与反诈劝阻', '六、网格上报', '七、前期会议待办事项', '口径说明', '演示数据'])
    assert(flat.includes(w), `"${w}" not on paper`)
})

await test('打印案件详情：A4 一页，标题为案件编号，范围为派出所，有打印日期，不带列表', async () => {
  await page.goto(BASE + '/cases')
  await page.locator('.list-table [data-test=detail]:visible').first().waitFor()
  await page.locator('.list-table [data-test=detail]:visible').first().click()
  const det = page.locator('.record-detail')
  await det.locator('[data-test=case-steps]').waitFor()
  assert(await det.locator('[data-test=detail-print]').isVisible(), 'no 打印 button in the detail')
  await page.waitForTimeout(400)
  const shownNo = (await det.locator('[data-detail=case_no]').textContent()).trim()
  const station = (await det.locator('[data-detail=station]').textContent()).trim()
  const p = await printPdf('print-case')
  checkPrint(p, { min: 1, max: 1, words: [shownNo, `范围：${station}`, `打印日期：${TODAY}`, '受理', '统计口径', '案件状态由各环节时间推出', '作废的记录不计入任何统计', '演示数据'] })
  assert(!p.flat.includes('新增'), 'the list under the dialog printed too')
  await det.locator('.el-dialog__headerbtn').click()
})

await test('千分位：覆盖情况与预警页的数字过千时带千分位（接口的答复放大成夹具）', async () => {
  // the server's own answers, with figures of a thousand and more
  const coverage = async (route) => {
    const res = await route.fetch()
    const body = await res.json()
    body.divisions.gachas = 1234
    body.by_station[0].posts.gacha_assistant = 2345
    await route.fulfill({ response: res, json: body })
  }
  const warnings = async (route) => {
    const res = await route.fetch()
    const body = await res.json()
    assert(body.warnings.length, 'no warning in the demonstration data')
    body.warnings = Array.from({ length: 1234 }, () => ({ ...body.warnings[0], level: 'red' }))
    await route.fulfill({ response: res, json: body })
  }
  await page.route('**/api/v1/reports/coverage*', coverage)
  await page.route('**/api/v1/reports/warnings*', warnings)
  try {
    await page.goto(BASE + '/coverage')
    await page.locator('.by-station .el-table__row').first().waitFor()
    const card = (await page.locator('[data-card=gachas]').textContent()).replace(/\s+/g, '')
    assert(card.includes('/1,234'), `嘎查 card: ${card}`)
    const first = await page.locator('.by-station .el-table__body-wrapper .el-table__row').first().textContent()
    assert(first.includes('2,345'), `first station's row: ${first}`)
    await page.goto(BASE + '/warnings')
    await page.locator('[data-test=warn-counts]').waitFor()
    const tab = await page.locator('.el-tabs__item', { hasText: '预警' }).first().textContent()
    assert(tab.includes('1,234'), `warnings tab: ${tab}`)
    const counts = await page.locator('[data-test=warn-counts]').textContent()
    assert(counts.includes('红色 1,234'), `counts: ${counts}`)
  } finally {
    await page.unroute('**/api/v1/reports/coverage*', coverage)
    await page.unroute('**/api/v1/reports/warnings*', warnings)
  }
})

await test('人员：改动会使在任兼职不合规则（409）时列出这些兼职，选日期“结束这些任职并保存”，改动保存、兼职结束', async () => {
  // a leader holding a township committee seat today: as a community officer he may not
  const held = (await apiGet('/posts?kind=township_committee&per_page=500')).body.items.filter((x) => !x.end)
  assert(held.length, 'no active township committee post in the demonstration data')
  const post = held[0]
  const badge = post.badge_no
  await page.goto(BASE + '/personnel')
  await page.locator('[data-filter=q] input, input[data-filter=q]').first().fill(badge)
  await page.locator('[data-test=search]').click()
  const row = page.locator('.list-table .el-table__row', { hasText: badge })
  await row.first().waitFor()
  await row.first().locator('[data-test=edit]').click()
  const dlg = page.locator('.record-form-dialog')
  await pick(dlg.locator('[data-field=position]'), '社区民警')
  await dlg.locator('[data-test=form-save]').click()
  const ask = page.locator('.end-posts-dialog')
  await ask.waitFor()
  const listed = await ask.locator('[data-test=end-posts-list] li').allTextContents()
  // each post whole, with its division's name (the answer's problems, not its message cut to length)
  const dname = (await apiGet(`/divisions?code=${post.division}`)).body.items[0].name
  assert(listed.some((l) => l.includes(badge) && l.includes(post.start) && l.includes(dname)), `the posts named: ${listed.join(' | ')}`)
  assert(listed.every((l) => !l.includes('（' + badge + ':')), `an English part shown: ${listed.join(' | ')}`)
  const day = await ask.locator('.el-date-editor input').first().inputValue()
  assert(day === TODAY, `the day offered: ${day}`)
  await ask.locator('[data-test=end-posts-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  const person = (await apiGet('/personnel?badge_no=' + badge)).body.items[0]
  assert(person.position === 'community_officer', `the change was not saved: ${person.position}`)
  const yesterday = new Date(Date.parse(TODAY + 'T00:00:00Z') - 86400000).toISOString().slice(0, 10)
  const ended = (await apiGet(`/posts?badge_no=${badge}&kind=township_committee&per_page=500`)).body.items.find((x) => x.id === post.id)
  assert(ended && ended.end === yesterday, `the post did not end on ${yesterday}: ${JSON.stringify(ended)}`)
})

// ---- 网格上报 (CONTRACTS.md §6): the grid worker's phone form, the station's inbox ----------
let gridReportNo = ''
const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
async function loginGrid() {
  await ctx.clearCookies()
  await page.goto(BASE + '/login')
  await page.locator('input[name=username]').fill('grid01')
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.locator('[data-test=grid-phone]').waitFor()
}

await test('网格员手机页（375 px 宽）：无横向滚动；提交上报后出现在“我的上报”', async () => {
  await ctx.clearCookies()
  await page.setViewportSize({ width: 375, height: 740 })
  try {
    await loginGrid()
    await waitText(page.locator('[data-test=my-grid]'), '网格 南田村第一网格', 'the grid named')
    assert(await noSideScroll(), 'the phone page scrolls sideways at 375 px')
    await page.locator('[data-test=kind] label', { hasText: '群众求助' }).click()
    await page.locator('textarea[name=summary]').fill('独居老人家中停水，请求帮助联系物业')
    await page.locator('input[name=address]').fill('南田村3组')
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/gridreports') && r.request().method() === 'POST')
    await page.locator('[data-test=grid-submit]').click()
    const res = await sent
    assert(res.status() === 201, `submit: ${res.status()} ${await res.text()}`)
    gridReportNo = (await res.json()).report_no
    const card = page.locator(`[data-report="${gridReportNo}"]`)
    await card.waitFor()
    await waitText(card.locator('.grid-phone-summary'), '独居老人家中停水，请求帮助联系物业', 'the new report among mine')
    assert((await card.locator('[data-status]').getAttribute('data-status')) === 'reported', 'a new report awaits acceptance')
    assert(await noSideScroll(), 'the list of reports scrolls sideways at 375 px')
    await shot('grid-phone-375')
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 })
  }
})

await test('派出所网格上报收件箱：受理 → 转为纠纷，纠纷与上报互相注明编号；网格员看到处置结果', async () => {
  assert(gridReportNo, 'no report from the phone test')
  await ctx.clearCookies()
  await login('chief01')
  await page.locator('[data-menu=gridreports]').click()
  const row = page.locator('.el-table__row', { hasText: gridReportNo }).first()
  await row.waitFor()
  await row.locator('[data-test=accept]').click()
  await row.locator('[data-status=accepted]').waitFor()
  await row.locator('[data-test=to-dispute]').click()
  const dlg = page.locator('.el-dialog:visible', { hasText: '转为纠纷' })
  await dlg.waitFor()
  await dlg.locator('[data-test=turn-submit]').click()
  await row.locator('[data-status=handled]').waitFor()
  const d = await apiGet(`/disputes?gridreport_no=${gridReportNo}`)
  assert(d.status === 200 && d.body.total === 1, `the dispute by its grid report: ${JSON.stringify(d.body).slice(0, 200)}`)
  assert(d.body.items[0].source === 'grid' && d.body.items[0].station === 'S01', `the dispute: ${JSON.stringify(d.body.items[0])}`)
  const g = await apiGet(`/gridreports?report_no=${gridReportNo}`)
  assert(g.body.items[0].outcome === 'dispute' && g.body.items[0].outcome_no === d.body.items[0].dispute_no, `the report: ${JSON.stringify(g.body.items[0])}`)
  await logout()
  await loginGrid()
  const card = page.locator(`[data-report="${gridReportNo}"]`)
  await waitText(card.locator('[data-test=outcome]'), `处置结果：转为矛盾纠纷（${d.body.items[0].dispute_no}）`, "the outcome on the grid worker's page")
  await page.locator('[data-test=logout]').click()
  await page.locator('input[name=username]').waitFor()
})

await test('网格上报：手机页只列最近 10 条并可加载更多；收件箱状态与逾期、内容在操作列旁可见；首页计数进入只看逾期', async () => {
  // the phone page: the latest ten, then ten more
  await loginGrid()
  await page.setViewportSize({ width: 375, height: 740 })
  try {
    const mine = await apiGet('/gridreports?per_page=1')
    assert(mine.body.total > 10, `the demo grid worker has ${mine.body.total} reports`)
    await page.locator('.grid-phone-card').first().waitFor()
    assert((await page.locator('.grid-phone-card').count()) === 10, 'the phone page lists more than the latest ten')
    await waitText(page.locator('[data-test=grid-more]'), `更多（已显示 10 / ${mine.body.total} 条）`, 'the more button')
    await page.locator('[data-test=grid-more]').click()
    await page.locator('.grid-phone-card').nth(Math.min(20, mine.body.total) - 1).waitFor()
    assert(await noSideScroll(), 'the longer list scrolls sideways at 375 px')
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 })
  }
  await page.locator('[data-test=logout]').click()
  await page.locator('input[name=username]').waitFor()
  // the inbox: the dashboard's count leads to the overdue ones, whose status, overdue tag and content show beside the actions
  await login('chief01')
  const td = (await apiGet('/todo')).body
  assert(td.counts.overdue.gridreports > 0, `no overdue grid report in the demo: ${JSON.stringify(td.counts)}`)
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/gridreports?') && r.url().includes('overdue=1'))
  await page.locator('[data-test=todo-gridreports]').click()
  const lb = await (await listed).json()
  assert(lb.total === td.counts.overdue.gridreports, `the inbox lists ${lb.total} overdue, the card counts ${td.counts.overdue.gridreports}`)
  const row = page.locator('.record-list[data-kind=gridreports] .list-table .el-table__body-wrapper .el-table__row').first()
  await row.waitFor()
  const actions = await page.locator('.record-list[data-kind=gridreports] .el-table-fixed-column--right').first().boundingBox()
  for (const what of ['[data-test=overdue]', '[data-status]']) {
    const box = await row.locator(what).first().boundingBox()
    assert(box && box.x + box.width <= actions.x, `${what} hidden under the actions column: ${JSON.stringify(box)} / ${JSON.stringify(actions)}`)
  }
  await shot('gridreports-overdue')
  // on the to-do tab of 预警 a grid report leads to the inbox (it opened a dispute of no number)
  await page.goto(BASE + '/warnings?tab=todo&kind=gridreports')
  const item = page.locator('[data-test=todo-list] .el-table__row').first()
  await item.waitFor()
  assert((await item.locator('[data-test=todo-open]').count()) === 0, 'a grid report on the to-do list opens a dispute')
  await item.locator('[data-test=todo-page]').click()
  await page.waitForURL(/\/gridreports$/)
})

// A list page's rows once its list has answered (the demo's records, in the caller's scope).
async function listRows(scope, kind) {
  const row = scope.locator(`.record-list[data-kind=${kind}] .list-table .el-table__row`).first()
  await row.waitFor()
  return scope.locator(`.record-list[data-kind=${kind}] .list-table .el-table__row`).count()
}

await test('台账页面：隐患、走访、宣传与反诈（两个标签）、会议（议定事项）列出本所演示记录；局领导有这些菜单，网格员没有', async () => {
  await ctx.clearCookies()
  await login('chief01')
  for (const [menu, kind] of [['hazards', 'hazards'], ['visits', 'visits'], ['outreach', 'outreach'], ['meetings', 'meetings']]) {
    await page.locator(`.side-menu [data-menu=${menu}]`).click()
    assert((await listRows(page, kind)) > 0, `no ${kind} listed`)
    const api = await apiGet(`/${kind}?per_page=1`)
    assert(api.status === 200 && api.body.total > 0 && api.body.items.every((x) => x.station === 'S01'), `${kind} of S01: ${JSON.stringify(api.body).slice(0, 200)}`)
  }
  await page.locator('.side-menu [data-menu=outreach]').click()
  await page.locator('[data-test=outreach-tabs] .el-tabs__item', { hasText: '预警劝阻' }).click()
  assert((await listRows(page, 'dissuasions')) > 0, 'no dissuasions listed')
  await shot('ledger-dissuasions')
  await page.locator('.side-menu [data-menu=meetings]').click()
  // a meeting's detail lists its own action items
  const m = (await apiGet('/actions?per_page=1&sort=due_on')).body.items[0]
  const mr = page.locator('.record-list[data-kind=meetings] .list-table .el-table__row').first()
  await mr.waitFor()
  await page.locator('[data-test=meeting-tabs] .el-tabs__item', { hasText: '议定事项' }).click()
  assert((await listRows(page, 'actions')) > 0, 'no action items listed')
  assert(m, 'no action item in the demo')
  await page.goto(BASE + '/meetings')
  const held = await apiGet(`/meetings?division=${m.division}&from=${m.held_on}&to=${m.held_on}`)
  assert(held.body.total >= 1, `the meeting of ${m.division} ${m.held_on}`)
  await filterDay(m.held_on)
  const searched = page.waitForResponse((r) => r.url().includes('/api/v1/meetings?') && r.url().includes(`from=${m.held_on}`))
  await page.locator('.record-list[data-kind=meetings] [data-test=search]').click()
  await searched
  // several divisions of the station may have met that day: open the one whose items these are
  const dname = (await apiGet(`/divisions?code=${m.division}`)).body.items[0].name
  const row = page.locator('.record-list[data-kind=meetings] .list-table .el-table__row', { hasText: dname }).first()
  await row.waitFor()
  await row.locator('[data-test=detail]:visible').click()
  const items = page.locator('.record-detail [data-test=meeting-items]')
  await items.waitFor()
  await waitUntil(async () => (await items.locator('.el-table__row').count()) > 0, "the meeting's action items")
  await page.waitForTimeout(300)
  await shot('ledger-meeting-detail')
  // 打印通报 from the meeting: the division's briefing opens, and the meeting is marked briefed
  await page.locator('.record-detail [data-test=briefing-btn]').click()
  assert(await page.locator('[data-test=briefing-mark]:visible').isChecked(), 'the meeting is not offered to be marked briefed')
  const [doc] = await Promise.all([ctx.waitForEvent('page'), page.locator('[data-test=briefing-open]:visible').click()])
  await doc.waitForLoadState()
  assert((await doc.locator('h1').textContent()).includes('辖区治安形势通报'), 'no briefing title')
  await doc.close()
  await waitUntil(async () => (await apiGet(`/meetings?division=${m.division}&from=${m.held_on}&to=${m.held_on}`)).body.items.some((x) => x.briefed === 1 || x.briefed === true), 'the meeting marked briefed')
  await page.locator('.record-detail .el-dialog__headerbtn').click()
  await logout()
  // a leader reads them all (menu by role); a grid worker's way to them leads back to its phone page
  await login('leader01')
  for (const menu of ['hazards', 'visits', 'outreach', 'meetings'])
    assert((await page.locator(`.side-menu [data-menu=${menu}]`).count()) === 1, `no ${menu} menu for a leader`)
  await logout()
  await loginGrid()
  await page.goto(BASE + '/hazards')
  await page.locator('[data-test=grid-phone]').waitFor()
  assert((await apiGet('/hazards')).status === 403, 'a grid worker reads hazards')
  await page.locator('[data-test=logout]').click()
  await page.locator('input[name=username]').waitFor()
})

await test('隐患：新增时整改期限和整改完成日期都早于发现日期，两处同时显示错误', async () => {
  await ctx.clearCookies()
  await login('chief01')
  await page.locator('.side-menu [data-menu=hazards]').click()
  await listRows(page, 'hazards')
  await page.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.waitFor()
  await dlg.locator('[data-field=hazard_no] input').fill('E2E-YH-001')
  await formDate(dlg, 'found_on', '2026-03-10')
  await pick(dlg.locator('[data-field=type]'), '消防')
  await dlg.locator('[data-field=place] input').fill('和平社区3号楼库房')
  await formDate(dlg, 'deadline', '2026-03-01')
  await formDate(dlg, 'fixed_on', '2026-03-05')
  const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/hazards') && r.request().method() === 'POST')
  await dlg.locator('[data-test=form-save]').click()
  const res = await sent
  const body = await res.json()
  assert(res.status() === 400 && body.problems.length === 2, `two problems: ${res.status()} ${JSON.stringify(body).slice(0, 300)}`)
  const deadline = await fieldError(dlg, 'deadline')
  const fixed = await fieldError(dlg, 'fixed_on')
  assert(deadline.includes('整改期限') && fixed.includes('整改完成日期'), `the errors: ${deadline} / ${fixed}`)
  await shot('hazard-two-rules')
  assert((await apiGet('/hazards?hazard_no=E2E-YH-001')).body.total === 0, 'a refused hazard saved')
  await dlg.locator('.el-dialog__headerbtn').click()
})

await test('待办：逾期未整改的隐患在首页计数并列入待办；隐患列表标出逾期', async () => {
  await ctx.clearCookies()
  await login('chief01')
  // the demo's station may have none overdue today (a few fall behind, bureau-wide): one of its own
  const late = await apiSend('POST', '/hazards', { hazard_no: 'E2E-YH-LATE', found_on: dayPlus(TODAY, -30), station: 'S01', type: 'fire', place: '和平社区3号楼库房', deadline: dayPlus(TODAY, -10) })
  assert(late.status === 201, `the overdue hazard: ${late.status} ${JSON.stringify(late.body).slice(0, 200)}`)
  const todo = page.waitForResponse((r) => r.url().includes('/api/v1/todo'))
  await page.reload()
  const td = await (await todo).json()
  assert(td.counts.overdue.hazards > 0, `no overdue hazard in the demo: ${JSON.stringify(td.counts)}`)
  await waitText(page.locator('[data-test=todo-hazards] [data-test=value]'), td.counts.overdue.hazards, '待办 hazards')
  // the count leads to the hazards list, overdue only (the server's ?overdue=1): as many as counted, each marked
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/hazards?') && r.url().includes('overdue=1'))
  await page.locator('[data-test=todo-hazards]').click()
  const lb = await (await listed).json()
  assert(lb.total === td.counts.overdue.hazards, `the overdue list holds ${lb.total}, the card counts ${td.counts.overdue.hazards}`)
  assert(await page.locator('.hazards [data-filter=overdue] .el-checkbox.is-checked').isVisible(), 'the overdue filter not set from the link')
  const rows = page.locator('.record-list[data-kind=hazards] .list-table .el-table__row')
  await rows.first().waitFor()
  assert((await rows.count()) === Math.min(lb.total, 20) && (await rows.locator('[data-test=overdue]').count()) === (await rows.count()), 'a listed hazard not marked overdue')
  await shot('hazards-overdue')
  // the to-do tab lists them with their labels
  await page.goto(BASE + '/warnings?tab=todo&kind=hazards')
  await page.locator('[data-test=todo-kind] .is-active', { hasText: '隐患逾期未整改' }).waitFor()
  const item = td.items.find((x) => x.kind === 'hazards' && x.overdue)
  const row = page.locator('[data-test=todo-list] .el-table__row', { hasText: item.key })
  await row.waitFor()
  assert((await row.locator('[data-overdue=true]').count()) === 1, 'the overdue hazard is not marked overdue')
  assert((await row.textContent()).includes('未整改'), 'the label of the overdue hazard')
  await shot('todo-hazards')
  await row.locator('[data-test=todo-page]').click()
  await page.waitForURL(/\/hazards$/)
  await page.locator('.record-list[data-kind=hazards] [data-test=overdue]').first().waitFor()
})

await test('派出所网格上报收件箱：转为隐患（选类型、填整改期限），隐患与上报互相注明编号', async () => {
  await loginGrid()
  const made = await apiSend('POST', '/gridreports', { report_no: 'E2E-G-HZ', reported_at: `${dayPlus(TODAY, -1)} 08:00`, grid: '152921110200001', kind: 'hazard', summary: '村口变压器围栏破损', address: '南田村村口' })
  assert(made.status === 201, `the grid report: ${made.status} ${JSON.stringify(made.body).slice(0, 200)}`)
  await page.locator('[data-test=logout]').click()
  await page.locator('input[name=username]').waitFor()
  await login('chief01')
  await page.locator('[data-menu=gridreports]').click()
  const row = page.locator('.el-table__row', { hasText: 'E2E-G-HZ' }).first()
  await row.waitFor()
  await row.locator('[data-test=to-hazard]').click()
  const dlg = page.locator('.el-dialog:visible', { hasText: '转为隐患' })
  await dlg.waitFor()
  assert((await dlg.locator('[data-test=turn-place] input').inputValue()) === '南田村村口', "the place is the report's address")
  await pick(dlg.locator('[data-test=turn-hazard-type]'), '安全生产')
  const deadline = dlg.locator('[data-test=turn-deadline] input')
  await deadline.fill(dayPlus(TODAY, 10))
  await deadline.press('Enter')
  await dlg.locator('[data-test=turn-submit]').click()
  await row.locator('[data-status=handled]').waitFor()
  const h = await apiGet('/hazards?gridreport_no=E2E-G-HZ')
  assert(h.body.total === 1 && h.body.items[0].type === 'safety' && h.body.items[0].deadline === dayPlus(TODAY, 10), `the hazard: ${JSON.stringify(h.body).slice(0, 300)}`)
  const g = await apiGet('/gridreports?report_no=E2E-G-HZ')
  assert(g.body.items[0].outcome === 'hazard' && g.body.items[0].outcome_no === h.body.items[0].hazard_no, `the report: ${JSON.stringify(g.body.items[0])}`)
  await logout()
})

// Open the 从优待警 group of the menu (once: a second click would fold it) and one of its pages.
async function welfareMenu(name) {
  const item = page.locator(`.side-menu [data-menu=${name}]`)
  if (!(await item.isVisible())) await page.locator('.side-menu [data-menu-group=welfare] .el-sub-menu__title').click()
  await item.click()
}

await test('从优待警：派出所看本所人员的荣誉并新增一条；人员详情列出其荣誉和往年疗养；局领导看疗养记录（线路显示中文）', async () => {
  await ctx.clearCookies()
  await login('chief01')
  assert((await page.locator('.side-menu [data-menu-group=welfare]').count()) === 1, 'no 从优待警 group')
  assert((await page.locator('.side-menu [data-menu=recuperation]').count()) === 0, 'a station sees the planner')
  await welfareMenu('honours')
  assert((await listRows(page, 'honours')) > 0, 'no honours listed')
  const mine = await apiGet('/honours?per_page=500')
  const staff = new Set((await apiGet('/personnel?station=S01&per_page=500')).body.items.map((x) => x.badge_no))
  assert(mine.body.total > 0 && mine.body.items.every((x) => staff.has(x.badge_no)), `S01 sees another station's honours: ${JSON.stringify(mine.body).slice(0, 200)}`)
  // someone of S01 who went on a trip (the demo has a few), else its first officer
  const trip = (await apiGet('/recuperations?per_page=1&sort=badge_no')).body.items[0]
  const person = (await apiGet(trip ? `/personnel?badge_no=${trip.badge_no}` : '/personnel?station=S01&type=police&per_page=1&sort=badge_no')).body.items[0]
  await page.locator('[data-test=add]').click()
  const dlg = page.locator('.record-form-dialog')
  await dlg.waitFor()
  await pick(dlg.locator('[data-field=badge_no]'), person.badge_no, person.badge_no)
  await dlg.locator('[data-field=title] input').fill('E2E 个人三等功')
  await pick(dlg.locator('[data-field=kind]'), '三等功')
  await formDate(dlg, 'awarded_on', '2025-06-18')
  await save(dlg)
  const made = await apiGet(`/honours?badge_no=${person.badge_no}&kind=merit_3`)
  assert(made.body.items.some((x) => x.title === 'E2E 个人三等功' && x.awarded_on === '2025-06-18'), `the honour saved: ${JSON.stringify(made.body).slice(0, 200)}`)
  // the person's page: their honours, the new one among them, and their past trips
  await page.locator('.side-menu [data-menu=personnel]').click()
  await page.locator('[data-filter=q] input, input[data-filter=q]').first().fill(person.badge_no)
  await page.locator('.record-list[data-kind=personnel] [data-test=search]').click()
  await waitUntil(async () => (await page.locator('.record-list[data-kind=personnel] .list-table .el-table__row').count()) === 1, 'the person found')
  await page.locator('.list-table [data-test=detail]:visible').first().click()
  const honours = page.locator('.record-detail [data-test=person-honours]')
  await honours.waitFor()
  await waitUntil(async () => (await honours.textContent()).includes('E2E 个人三等功'), "the new honour on the person's page")
  assert((await honours.textContent()).includes('三等功'), 'the kind shown by its label')
  const trips = page.locator('.record-detail [data-test=person-trips]')
  assert((await trips.count()) === 1, 'no past trips table')
  const routes = { hainan: '海南', hunan: '湖南', inner_mongolia: '内蒙古' }
  if (trip) await waitUntil(async () => { const x = await trips.textContent(); return x.includes(String(trip.year)) && x.includes(routes[trip.route] || trip.route) }, `the trip of ${trip.year} on the person's page`)
  await shot('person-welfare')
  await page.locator('.record-detail .el-dialog__headerbtn').click()
  await logout()
  await login('leader01')
  await welfareMenu('recuperations')
  assert((await listRows(page, 'recuperations')) > 0, 'no trips listed for the leader')
  const text = await page.locator('.record-list[data-kind=recuperations] .list-table').textContent()
  assert(/海南|湖南|内蒙古/.test(text) && !/hainan|hunan|inner_mongolia/.test(text), `routes by their Chinese names: ${text.slice(0, 200)}`)
  await shot('recuperations')
  await logout()
})

await test('疗养计划（局领导试算，管理员保存）：生成方案显示可行、最优、各团名单和临时党支部书记；每团党员要求过多时列出不能满足的规则；局领导无保存按钮；管理员保存、调换、定稿后写入疗养记录', async () => {
  await ctx.clearCookies()
  await login('leader01')
  const plans = await apiGet('/recuperation/plans')
  if (plans.status === 404) {
    console.log('skip - 疗养计划: the planner API (/api/v1/recuperation/plans) is not on this branch yet')
    await logout()
    return
  }
  await welfareMenu('recuperation')
  await page.locator('[data-test=plan-form]').waitFor()
  const generated = page.waitForResponse((r) => r.url().includes('/api/v1/recuperation/plan') && r.request().method() === 'POST')
  await page.locator('[data-test=plan-generate]').click()
  const res = await generated
  const plan = await res.json()
  assert(res.status() === 200 && plan.feasible === true, `the default programme plans: ${res.status()} ${JSON.stringify(plan).slice(0, 300)}`)
  await page.locator('[data-test=plan-feasible]').waitFor()
  assert((await page.locator('[data-test=plan-optimal]').textContent()).includes(plan.optimal ? '已证明最优' : '未证明最优'), 'optimal or not')
  await waitText(page.locator('[data-figure=selected]'), plan.selected, 'selected')
  const withMembers = plan.groups.filter((g) => g.members.length)
  assert((await page.locator('[data-test=secretary]').count()) === withMembers.length, 'one secretary per group with members')
  for (const g of withMembers) {
    const sec = g.members.find((m) => m.badge_no === g.secretary)
    assert(sec && (sec.party === 'member' || sec.party === true), `group ${g.code}: its secretary is a party member of the group`)
    assert((await page.locator(`[data-group="${g.code}"] .el-table__row`).count()) === g.members.length, `group ${g.code}'s roster`)
  }
  assert((await page.locator('[data-test=plan-units] .el-table__row').count()) > 0, 'no per-unit counts')
  await shot('plan-feasible', true)
  // more party members asked per group than a group holds: the conflicts, in Chinese
  const branch = page.locator('[data-plan=branch_min_members] input')
  await branch.fill('30')
  await branch.press('Enter')
  const again = page.waitForResponse((r) => r.url().includes('/api/v1/recuperation/plan') && r.request().method() === 'POST')
  await page.locator('[data-test=plan-generate]').click()
  const bad = await (await again).json()
  assert(bad.feasible === false && bad.conflicts.length > 0, `30 party members a group: ${JSON.stringify(bad).slice(0, 300)}`)
  await page.locator('[data-test=plan-infeasible]').waitFor()
  const conflicts = page.locator('[data-test=plan-conflicts] li')
  assert((await conflicts.count()) === bad.conflicts.length, 'each conflict listed')
  assert(/[\u4e00-\u9fa5]/.test(await conflicts.first().textContent()), 'the conflicts in Chinese')
  await shot('plan-infeasible', true)
  await branch.fill('3')
  await branch.press('Enter')
  // the leader reads only (CONTRACTS §1): it runs a plan but is offered no save; an administrator saves
  assert((await page.locator('[data-test=plan-save]').count()) === 0, 'a read-only leader is offered 保存')
  await logout()
  await login('admin')
  await welfareMenu('recuperation')
  await page.locator('[data-test=plan-form]').waitFor()
  // save, swap the first member for the best eligible person, freeze
  const saving = page.waitForResponse((r) => r.url().includes('/api/v1/recuperation/plan?save=1'))
  await page.locator('[data-test=plan-save]').click()
  const kept = await (await saving).json()
  assert(kept.plan_id, `saved: ${JSON.stringify(kept).slice(0, 200)}`)
  await waitUntil(async () => (await page.locator('[data-test=plan-status]').textContent()).includes('草稿'), 'a draft')
  const first = withMembers[0].members[0].badge_no
  await page.locator(`[data-swap="${first}"]`).click()
  const sw = page.locator('.el-dialog:visible', { has: page.locator('[data-test=plan-swap-in]') })
  await sw.waitFor()
  await sw.locator('[data-test=plan-swap-in] .el-select__wrapper').click()
  const opt = page.locator('.el-select-dropdown__item:visible').first()
  await opt.waitFor()
  const picked = await opt.textContent()
  await opt.click()
  const swapped = page.waitForResponse((r) => r.url().includes('/swap'))
  await sw.locator('[data-test=plan-swap-confirm]').click()
  const sres = await swapped
  if (sres.status() === 200) {
    await sw.waitFor({ state: 'hidden' })
    const now = (await apiGet(`/recuperation/plans/${kept.plan_id}`)).body
    assert(!now.groups.some((g) => g.members.some((m) => m.badge_no === first)), `${first} swapped out`)
  } else {
    const body = await sres.json()
    assert(sres.status() === 409 && body.error.code === 'plan.rule_broken', `a refused swap: ${sres.status()} ${JSON.stringify(body).slice(0, 200)}`)
    await sw.locator('[data-test=plan-swap-problems]').waitFor()
    assert(/[\u4e00-\u9fa5]/.test(await sw.locator('[data-test=plan-swap-problems]').textContent()), `the broken rules named (${picked})`)
    await sw.locator('.el-dialog__headerbtn').click()
  }
  const href = await page.locator('[data-test=plan-export]').getAttribute('href')
  assert(href === `/api/v1/recuperation/plans/${kept.plan_id}/export?format=xlsx`, `export link ${href}`)
  const printed = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, text: await r.text() } }, `/api/v1/recuperation/plans/${kept.plan_id}/print`)
  assert(printed.status === 200 && printed.text.includes('临时党支部'), `the print: ${printed.status} ${printed.text.slice(0, 200)}`)
  await page.locator('[data-test=plan-freeze]').click()
  await page.locator('.el-message-box .el-button--primary').click()
  await waitUntil(async () => (await page.locator('[data-test=plan-status]').textContent()).includes('已定稿'), 'frozen')
  assert((await page.locator('[data-swap]').count()) === 0, 'a frozen plan offers no swap')
  const trips = await apiGet(`/recuperations?year=${plan.year}&per_page=500`)
  assert(trips.body.total === kept.selected, `the frozen plan's trips: ${trips.body.total} of ${kept.selected}`)
  await shot('plan-frozen', true)
  await logout()
})

await test('index.html 只引用 /assets 下的外部文件（无内联脚本和样式）', async () => {
  const res = await fetch(BASE + '/')
  const csp = res.headers.get('content-security-policy') || ''
  assert(/default-src 'self'/.test(csp), `CSP header: ${csp}`)
  const html = await res.text()
  assert(!/<style/i.test(html), 'inline <style> in index.html')
  assert(!/\sstyle=/i.test(html), 'style attribute in index.html')
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert(/\ssrc="\/assets\//.test(m[1]), `script without an /assets/ src: ${m[0].slice(0, 80)}`)
    assert(!m[2].trim(), 'inline script body')
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="(stylesheet|modulepreload)"[^>]*>/gi))
    assert(/href="\/assets\//.test(m[0]), `link outside /assets/: ${m[0]}`)
})

await test('没有请求离开本机服务器，没有 CSP 违规或脚本错误', async () => {
  assert(foreign.length === 0, `requests elsewhere: ${foreign.slice(0, 5).join(' ')}`)
  assert(cspViolations.length === 0, `CSP: ${cspViolations.slice(0, 3).join(' | ')}`)
  assert(pageErrors.length === 0, `page errors: ${pageErrors.slice(0, 3).join(' | ')}`)
  if (process.env.FQ_TODAY) {
    const day = await page.evaluate(() => new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10))
    assert(day === TODAY, `the browser's clock passed midnight (${day}): the run took too long for FQ_TODAY`)
  }
})

await ctx.close()
if (process.env.FQ_RESULT) fs.writeFileSync(process.env.FQ_RESULT, `${passed} ${failed}\n`)
else console.log(`web: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
