// Test 15 (issue 13 point 5; CON-2, CON-4, SLA-5): 导出 downloads what a screen lists,
// as XLSX or CSV, in the screen's language, with the screen's filters:
//   - the agent's 队列 filtered to P2 (in the URL): CSV with a BOM, Chinese titles, the
//     same tickets as the API's queue with that filter;
//   - the manager's compliance page: the penalty ledger as CSV, a row per late event
//     (as the API lists them), amounts in yuan; the SLA dashboard as XLSX (a zip with
//     the sheet 响应时间统计);
//   - Party A (hospital): their own tickets only;
//   - the administrator's 审计日志: the exports just made, each audited (Party A's
//     not), as CSV; the page's filter applies.
// Screenshots `exports-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { launch, newContext, loginAs, screenshots, apiLogin, BASE } from './lib/harness.mjs'

const shots = screenshots('exports')
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const BOM = '\uFEFF'

/** Clicks 导出 in `scope` and then `format`; returns the download's name and bytes. */
async function download(page, scope, format, shotName) {
  await scope.getByTestId('export-button').click()
  const item = page.locator(`.el-dropdown-menu [data-test="export-${format}"]:visible`)
  await item.waitFor()
  if (shotName) await shots.take(page, shotName, { fullPage: false })
  const [file] = await Promise.all([page.waitForEvent('download'), item.click()])
  const name = file.suggestedFilename()
  const bytes = readFileSync(await file.path())
  return { name, bytes }
}

/** CSV lines (a quoted line break stays inside its line). */
function csvLines(text) {
  const lines = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    if (!quoted && c === '\r' && text[i + 1] === '\n') {
      lines.push(cur)
      cur = ''
      i++
      continue
    }
    cur += c
  }
  if (cur) lines.push(cur)
  return lines
}

/** Every ticket of GET /tickets with `query`, following the cursor. */
async function allTickets(client, query) {
  const out = []
  let cursor = ''
  do {
    const r = await client.ok('GET', `/tickets?${query}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    out.push(...r.items)
    cursor = r.next_cursor
  } while (cursor)
  return out
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

test('the agent exports the queue with its filter as CSV in Chinese', async () => {
  const agentApi = await apiLogin('agent')
  const want = await allTickets(agentApi, 'queue=1&priority=P2')
  assert.ok(want.length > 0, 'the demo has open P2 tickets')
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'agent')
  await page.goto(BASE + '/queue?priority=P2')
  await page.getByTestId('queue-page').waitFor()
  const { name, bytes } = await download(page, page.getByTestId('queue-page'), 'csv', 'queue-menu')
  assert.equal(name, `工单-${today()}.csv`)
  const text = bytes.toString('utf8')
  assert.ok(text.startsWith(BOM), 'a BOM for Excel')
  const lines = csvLines(text.slice(1))
  assert.ok(lines[0].startsWith('工单编号,客户,系统,标题,类型,优先级,状态,渠道,'), lines[0])
  assert.equal(lines.length - 1, want.length, 'one row per ticket of the filtered queue')
  const numbers = new Set(lines.slice(1).map((l) => l.split(',')[0]))
  for (const t of want) assert.ok(numbers.has(t.number), `${t.number} exported`)
  for (const l of lines.slice(1)) assert.equal(l.split(',')[5], 'P2', l)
  assert.deepEqual(ctx.problems, [])
  await ctx.close()
})

test('the manager exports a penalty ledger as CSV and the SLA dashboard as XLSX', async () => {
  const managerApi = await apiLogin('manager')
  const list = await managerApi.ok('GET', '/contracts/compliance')
  const withLedger = []
  for (const c of list.items) {
    const full = await managerApi.ok('GET', `/contracts/${c.contract_id}/compliance`)
    if (full.ledger.length) withLedger.push({ id: c.contract_id, ledger: full.ledger })
  }
  assert.ok(withLedger.length > 0, 'the demo has late events')
  const { id, ledger } = withLedger[0]
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'manager')
  await page.goto(`${BASE}/contracts/${id}`)
  const card = page.getByTestId('penalty-ledger')
  await card.waitFor()
  const csv = await download(page, card, 'csv', 'ledger-menu')
  assert.match(csv.name, new RegExp(`^违约金台账-${today()}\\.csv$`))
  const lines = csvLines(csv.bytes.toString('utf8').slice(1))
  assert.ok(lines[0].startsWith('工单编号,指标,截止时间,实际完成,超时（秒）,违约金（元）,已减免'), lines[0])
  assert.equal(lines.length - 1, ledger.length)
  const first = lines[1].split(',')
  assert.equal(first[0], ledger[0].ticket)
  assert.equal(first[5], ledger[0].amount.yuan, 'yuan, exact to the fen')
  assert.equal(first[2], ledger[0].due.slice(0, 19).replace('T', ' '), 'the contract zone\'s wall time')

  await page.goto(`${BASE}/sla-dashboard`)
  await page.getByTestId('sla-dashboard').waitFor()
  const xlsx = await download(page, page.getByTestId('sla-dashboard'), 'xlsx', 'dashboard-menu')
  assert.equal(xlsx.name, `响应时间统计-${today()}.xlsx`)
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK', 'a zip: an XLSX workbook')
  await shots.take(page, 'dashboard')
  assert.deepEqual(ctx.problems, [])
  await ctx.close()
})

test('Party A exports only their own tickets; the administrator exports the audit log of the exports', async () => {
  const hospital = await apiLogin('hospital')
  const own = await allTickets(hospital, 'status=open')
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'hospital')
  await page.getByTestId('export-button').waitFor()
  const { bytes } = await download(page, page.locator('.page-head'), 'csv')
  const lines = csvLines(bytes.toString('utf8').slice(1))
  assert.equal(lines.length - 1, own.length)
  const customers = new Set(lines.slice(1).map((l) => l.split(',')[1]))
  assert.equal(customers.size, 1, `one customer: ${[...customers]}`)
  await ctx.close()

  const actx = await newContext(browser)
  const admin = await loginAs(actx, 'admin')
  await admin.goto(`${BASE}/admin/audit?action=export`)
  await admin.getByTestId('refresh').waitFor()
  const log = await download(admin, admin.locator('.page-head'), 'csv', 'audit-menu')
  assert.equal(log.name, `审计日志-${today()}.csv`)
  const rows = csvLines(log.bytes.toString('utf8').slice(1))
  assert.equal(rows[0], '序号,时间,操作人,操作,对象,对象编号,请求编号,修改前,修改后')
  const byWhom = rows.slice(1).map((l) => l.split(','))
  assert.ok(byWhom.every((r) => r[3] === 'export'), 'the page\'s filter applies')
  assert.ok(byWhom.some((r) => r[2] === 'agent' && r[4] === 'ticket'), 'the agent\'s export')
  assert.ok(byWhom.some((r) => r[2] === 'manager' && r[4] === 'compliance'), 'the manager\'s ledger export')
  assert.ok(byWhom.some((r) => r[2] === 'manager' && r[4] === 'response_stats'), 'the dashboard export')
  assert.ok(!byWhom.some((r) => r[2] === 'hospital'), 'Party A\'s export of their own data is not audited')
  await shots.take(admin, 'audit')
  assert.deepEqual(actx.problems, [])
  await actx.close()
})
