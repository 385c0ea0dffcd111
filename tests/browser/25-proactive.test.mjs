// Test 25 (issue 15 points 2, 6 and 8), on the demo data:
//   - 团队日程: the manager's month shows the demo's planned inspections, visits and
//     installations as the API gives them; filtering by an engineer leaves only
//     theirs; the agenda lists the same entries; Party A's 服务日程 shows only its own
//     customer's, and on a 390x844 phone the agenda fits the width;
//   - 报告: the manager generates a health-check report (the dialog's defaults: the
//     first contract, the last six months) and downloads its PDF; Party A's 服务报告
//     lists only its own contract's reports and downloads one;
//   - 打印 on a ticket's page saves the 服务申请表 and the 售后服务处理记录表 as PDFs.
// Screenshots `proactive-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { launch, newContext, loginAs, screenshots, apiLogin, fitsWidth, BASE, DESKTOP, PHONE } from './lib/harness.mjs'

const shots = screenshots('proactive')
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

function calendarAnswer(page, part = '') {
  return page.waitForResponse((r) => r.url().includes('/api/v1/calendar') && r.url().includes(part) && r.ok()).then((r) => r.json())
}

async function savedPdf(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  const bytes = fs.readFileSync(await file.path())
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-', `${file.suggestedFilename()} is a PDF`)
  return file.suggestedFilename()
}

test('the team calendar shows what is planned, by engineer, and Party A its own', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  const page = await loginAs(ctx, 'manager')
  const loaded = calendarAnswer(page)
  await page.getByTestId('menu-calendar').click()
  await page.getByTestId('calendar-page').waitFor()
  let r = await loaded
  if (r.items.length === 0) {
    // Early in a month the demo's entries may all be in the next one.
    const next = calendarAnswer(page)
    await page.getByTestId('calendar-next').click()
    r = await next
  }
  assert.ok(r.items.length >= 2, 'the demo plans visits and installations')
  const sources = new Set(r.items.map((e) => e.source))
  assert.ok(sources.size >= 2, `more than one kind planned (${[...sources].join(', ')})`)
  const chips = page.getByTestId('calendar-chip')
  await chips.first().waitFor()
  assert.ok((await chips.count()) >= Math.min(r.items.length, 4))
  await shots.take(page, 'month', { settle: 500 })

  // One engineer's entries only.
  const staffed = r.items.find((e) => e.engineer_id)
  assert.ok(staffed, 'an entry names its engineer')
  const mine = calendarAnswer(page, `engineer_id=${staffed.engineer_id}`)
  await page.getByTestId('calendar-engineer').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: staffed.engineer_name }).first().click()
  const m = await mine
  assert.ok(m.items.length >= 1)
  assert.ok(m.items.every((e) => e.engineer_id === staffed.engineer_id))
  await page.getByTestId('calendar-mode').getByText('列表').click()
  const rows = page.getByTestId('calendar-row')
  await rows.first().waitFor()
  assert.ok((await page.getByTestId('calendar-agenda').textContent()).includes(staffed.title))
  await shots.take(page, 'agenda-engineer', { settle: 400 })
  await ctx.close()

  // Party A: its own customer's entries only, on a phone.
  const me = (await (await apiLogin('hospital')).ok('GET', '/me'))
  const phone = await newContext(browser, { viewport: PHONE, isMobile: true })
  const p = await loginAs(phone, 'hospital')
  const own = calendarAnswer(p)
  await p.goto(`${BASE}/portal/calendar`)
  const o = await own
  assert.ok(o.items.every((e) => e.customer_id === me.customer_id), 'only its own customer')
  await p.getByTestId('calendar-agenda').waitFor()
  assert.ok(await fitsWidth(p), 'the agenda fits 390 px')
  await shots.take(p, 'partya-phone', { settle: 400 })
  await phone.close()
})

test('the manager generates a health-check report; Party A downloads its own', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  const page = await loginAs(ctx, 'manager')
  await page.getByTestId('menu-reports').click()
  await page.getByTestId('reports-page').waitFor()
  const before = await page.getByTestId('report-row').count()
  await page.getByTestId('report-new').click()
  const dialog = page.getByTestId('report-dialog')
  await dialog.waitFor()
  await page.waitForTimeout(300)
  await shots.take(page, 'generate', { settle: 300 })
  const made = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST')
  await dialog.getByTestId('report-generate').click()
  const res = await made
  assert.equal(res.status(), 201, await res.text())
  const report = await res.json()
  assert.equal(report.kind, 'health_check')
  await page.waitForTimeout(500)
  assert.ok((await page.getByTestId('report-row').count()) >= Math.max(before, 1))
  const name = await savedPdf(page, () => page.getByTestId('report-download').first().click())
  assert.ok(name.endsWith('.pdf'), name)
  await shots.take(page, 'reports', { settle: 300 })
  await ctx.close()

  const pa = await newContext(browser, { viewport: DESKTOP })
  const p = await loginAs(pa, 'hospital')
  const listed = p.waitForResponse((r) => r.url().includes('/api/v1/reports') && r.ok()).then((r) => r.json())
  await p.goto(`${BASE}/portal/reports`)
  const l = await listed
  const me = await (await apiLogin('hospital')).ok('GET', '/me')
  assert.ok(l.items.length >= 1, 'the demo made a report for each contract')
  assert.ok(l.items.every((x) => x.customer_id === me.customer_id), 'only its own reports')
  await p.getByTestId('report-row').first().waitFor()
  await savedPdf(p, () => p.getByTestId('report-download').first().click())
  await shots.take(p, 'partya-reports', { settle: 300 })
  await pa.close()
})

test('a ticket prints its request form and its service record', async () => {
  const api = await apiLogin('agent')
  const t = (await api.ok('GET', '/tickets?limit=1')).items[0]
  const ctx = await newContext(browser, { viewport: DESKTOP })
  const page = await loginAs(ctx, 'agent')
  await page.goto(`${BASE}/tickets/${t.id}`)
  const panel = page.getByTestId('ticket-print')
  await panel.waitFor()
  const request = await savedPdf(page, () => panel.getByTestId('print-request').click())
  assert.ok(request.includes('服务申请表'), request)
  const record = await savedPdf(page, () => panel.getByTestId('print-record').click())
  assert.ok(record.includes('售后服务处理记录表'), record)
  await shots.take(page, 'print-panel', { of: panel })
  await ctx.close()
})
