// Test 10 (SLA-1, SLA-3): the administrator's 服务等级策略 screen explains a policy
// without YAML, in the browser, as `admin`:
//   - bid-default's 概览 (overview) shows its metrics in the UI's words, one row per metric
//     of its YAML in order: 首次响应 5分钟 for every priority on 热线电话 / 微信或QQ群;
//     问题响应 P1 15分钟, P2 30分钟, P3 1小时; 故障修复 24小时 for faults, 处理, paused
//     while 等待客户; every metric on 7×24小时 and no calendar of its own; the YAML tab
//     still shows the text;
//   - a new policy typed into the editor with an `office` calendar (Mon–Fri 09:00–18:00,
//     a holiday, a make-up working day, the shipped Chinese schedule) and a metric that
//     uses it: before saving, the overview beside the editor shows the week grid (周一
//     09:00–18:00 .. 周六/周日 休息), the holiday, the make-up day and the link to the
//     holidays screen; YAML broken mid-typing keeps the last good overview under a note;
//     a calendar nobody defined is marked in the overview and refused by the server,
//     its message at the YAML with 定位到第 n 行 as before; saved, it is listed, selected, and its overview is the same; the API has it;
//   - at 390 px the overview and the editor's 概览 tab fit, and English translates them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import path from 'node:path'
import { launch, newContext, loginAs, screenshots, field, apiLogin, zh, runTag, BASE, REPO, DESKTOP, PHONE } from './lib/harness.mjs'

const yaml = createRequire(path.join(REPO, 'web/package.json'))('js-yaml')
const shots = screenshots('policies')
const tag = runTag()
const NAME = `office-hours-${tag}`
const BODY = `calendars:
  office:
    tz: Asia/Shanghai
    week: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"],
           thu: ["09:00-18:00"], fri: ["09:00-18:00"]}
    holidays: [2026-10-01]
    workdays: {2026-10-10: ["09:00-18:00"]}
    builtin_holidays: cn
policy:
  name: ${NAME}
  metrics:
    - {name: acknowledge, kind: response, start: received, stop: first_contact,
       target: {default: 5m}, channels: [phone, im]}
    - {name: repair, kind: handling, start: received, stop: resolved,
       target: {P1: 4h, default: 2d}, types: [fault], pause: [waiting_customer], calendar: office}
`

let browser
let admin
before(async () => {
  browser = await launch()
  admin = await apiLogin('admin')
})
after(async () => {
  await browser?.close()
})

const text = async (loc) => ((await loc.textContent()) || '').replace(/\s+/g, ' ').trim()
const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
const metricRow = (scope, name) => scope.locator(`[data-test="policy-metric"][data-name="${name}"]`)
const target = (row, p) => row.locator(`[data-test="metric-target"][data-priority="${p}"]`)
const day = (cal, d) => cal.locator(`[data-test="calendar-day"][data-day="${d}"]`)
/** A week-grid cell as read: "周一 09:00–18:00" (its name and hours are separate boxes). */
const dayText = async (cal, d) => (await day(cal, d).innerText()).replace(/\s+/g, ' ').trim()
const min = (n) => zh('common.duration.minutes', { n })
const hrs = (n) => zh('common.duration.hours', { n })
const all = (v) => zh('admin.policies.ov.all_priorities', { v })

async function openPolicies(page) {
  await page.getByTestId('menu-admin-policies').click()
  await page.getByTestId('admin-policies').waitFor()
  await page.getByTestId('policy-bid-default').waitFor()
}

test('admin: bid-default in the overview, as its YAML says', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'admin')
    await openPolicies(page)
    await page.getByTestId('policy-bid-default').click()
    const detail = page.locator('[data-test="policy-detail"][data-name="bid-default"]')
    const ov = detail.getByTestId('policy-overview')
    await ov.waitFor()

    // One row per metric of the YAML, in its order.
    const listed = (await admin.ok('GET', '/policies')).items.find((p) => p.name === 'bid-default')
    const doc = yaml.load(listed.body, { schema: yaml.CORE_SCHEMA })
    const rows = await ov.getByTestId('policy-metric').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))
    assert.deepEqual(rows, doc.metrics.map((m) => m.name))
    for (const m of doc.metrics) {
      const row = metricRow(ov, m.name)
      assert.equal(await text(row.getByTestId('metric-kind')), zh(`common.sla.kind_${m.kind}`), `${m.name}: kind`)
      assert.equal(await text(row.getByTestId('metric-events')), `${zh(`common.kind.${m.start}`)} → ${zh(`common.kind.${m.stop}`)}`, `${m.name}: events`)
      assert.equal(await text(row.getByTestId('metric-calendar')), zh('admin.policies.ov.h24'), `${m.name}: 7x24`)
    }

    // 首次响应: 5 minutes whatever the priority, on the phone and IM channels.
    const ack = metricRow(ov, 'acknowledge')
    assert.match(await text(ack), new RegExp(zh('common.metrics.acknowledge')))
    assert.equal(await text(target(ack, 'all')), all(min(5)))
    const ackScope = await text(ack.getByTestId('metric-scope'))
    assert.ok(ackScope.includes(zh('common.channel.phone')) && ackScope.includes(zh('common.channel.im')), ackScope)
    assert.ok(!ackScope.includes(zh('common.channel.email')), ackScope)
    assert.equal(await text(ack.getByTestId('metric-pause')), zh('admin.policies.ov.no_pause'))

    // 问题响应: per priority.
    const resp = metricRow(ov, 'response')
    assert.equal(await text(target(resp, 'P1')), min(15))
    assert.equal(await text(target(resp, 'P2')), min(30))
    assert.equal(await text(target(resp, 'P3')), hrs(1))
    assert.match(await text(resp.getByTestId('metric-scope')), new RegExp(zh('common.type.complaint')))

    // 现场解决: P1 30 minutes, the rest the default hour.
    const fix = metricRow(ov, 'onsite_fix')
    assert.equal(await text(target(fix, 'P1')), min(30))
    assert.equal(await text(target(fix, 'P4')), hrs(1))

    // 故障修复: 24 hours, handling, faults only, paused while waiting on the customer.
    const repair = metricRow(ov, 'repair')
    assert.equal(await text(repair.getByTestId('metric-kind')), zh('common.sla.kind_handling'))
    assert.equal(await text(target(repair, 'all')), all(hrs(24)))
    assert.equal(await text(repair.getByTestId('metric-pause')), zh('common.kind.waiting_customer'))
    assert.equal(await text(repair.getByTestId('metric-scope')), zh('admin.policies.ov.scope_types', { v: zh('common.type.fault') }))

    // No calendar of its own: all 7x24.
    assert.equal(await text(ov.getByTestId('policy-no-calendars')), zh('admin.policies.ov.no_calendars'))
    await shots.take(page, 'bid-default-overview')

    // The YAML is one tab away.
    await detail.locator('#tab-yaml').click()
    assert.match(await text(detail.getByTestId('policy-body')), /name: bid-default/)
    await shots.take(page, 'bid-default-yaml')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('admin: a new policy with an office calendar, its week grid shown while typing, saved and listed', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'admin')
    await openPolicies(page)
    await page.getByTestId('policy-create').click()
    const dlg = page.getByTestId('policy-dialog')
    await field(page, 'policy-name').fill(NAME)
    const body = field(page, 'policy-body-input')
    await body.fill(BODY)

    // Beside the editor (1366 px: side by side), the overview follows.
    const pv = dlg.getByTestId('policy-preview')
    const cal = pv.locator('[data-test="policy-calendar"][data-name="office"]')
    // (The template already has an office calendar: wait for what was typed.)
    await cal.getByTestId('calendar-holidays').getByText('2026-10-01').waitFor()
    for (const d of ['mon', 'tue', 'wed', 'thu', 'fri']) {
      assert.equal(await dayText(cal, d), `${zh(`admin.policies.ov.days.${d}`)} 09:00–18:00`, d)
    }
    for (const d of ['sat', 'sun']) assert.equal(await dayText(cal, d), `${zh(`admin.policies.ov.days.${d}`)} ${zh('admin.policies.ov.rest')}`, d)
    assert.equal(await text(cal.getByTestId('calendar-holidays')), '2026-10-01')
    assert.equal(await text(cal.getByTestId('calendar-workdays')), '2026-10-10 09:00–18:00')
    assert.equal(await cal.getByTestId('calendar-builtin').getAttribute('data-on'), 'true')
    await cal.getByTestId('calendar-holidays-link').waitFor()
    assert.equal(await text(cal.getByTestId('calendar-used-by')), zh('admin.policies.ov.used_by', { v: zh('common.metrics.repair') }))
    const repair = metricRow(pv, 'repair')
    assert.equal(await text(repair.getByTestId('metric-calendar')), 'office')
    assert.equal(await text(target(repair, 'P1')), hrs(4))
    assert.equal(await text(target(repair, 'P2')), hrs(48))
    assert.equal(await text(metricRow(pv, 'acknowledge').getByTestId('metric-calendar')), zh('admin.policies.ov.h24'))
    await cal.scrollIntoViewIfNeeded()
    await shots.take(page, 'editor-overview')

    // Broken mid-typing: the last good overview stays, under a note naming the line.
    await body.fill(BODY.replace('fri: ["09:00-18:00"]}', 'fri: ["09:00-18:00"], sat: ["09:00-12:00"]}'))
    await day(cal, 'sat').getByText('09:00–12:00').waitFor()
    await body.fill(BODY + '    - {name: onsite_arrival, kind: response\n')
    const stale = pv.getByTestId('policy-preview-stale')
    await stale.waitFor()
    assert.match(await text(stale), /\d+/)
    assert.equal(await dayText(cal, 'sat'), `${zh('admin.policies.ov.days.sat')} 09:00–12:00`, 'the last good parse')
    await cal.scrollIntoViewIfNeeded()
    await shots.take(page, 'editor-stale')
    await body.fill(BODY)
    await stale.waitFor({ state: 'detached' })
    assert.equal(await dayText(cal, 'sat'), `${zh('admin.policies.ov.days.sat')} ${zh('admin.policies.ov.rest')}`)

    // What the browser reads but the server refuses (a calendar nobody defined): the
    // overview marks it, the server's message stays at the YAML with its line.
    await body.fill(BODY.replace('calendar: office}', 'calendar: nowhere}'))
    await metricRow(pv, 'repair').getByTestId('metric-calendar').getByText(zh('admin.policies.ov.undefined_calendar', { name: 'nowhere' })).waitFor()
    await page.getByTestId('policy-save').click()
    const goto = dlg.getByTestId('policy-error-line')
    await goto.waitFor()
    assert.match(await text(dlg.locator('.el-form-item__error')), /nowhere/, 'the server\'s message at the field')
    assert.equal(await text(goto), zh('admin.policies.goto_line', { n: 15 }))
    await goto.click()
    assert.match(await body.evaluate((ta) => ta.value.slice(ta.selectionStart, ta.selectionEnd)), /calendar: nowhere/)
    await shots.take(page, 'server-error')
    await body.fill(BODY)
    await metricRow(pv, 'repair').getByTestId('metric-calendar').getByText('office', { exact: true }).waitFor()

    // Saved: listed, selected, the same overview.
    await page.getByTestId('policy-save').click()
    await page.locator('.el-message--success', { hasText: zh('admin.policies.created', { name: NAME }) }).waitFor()
    await dlg.waitFor({ state: 'hidden' })
    await page.getByTestId(`policy-${NAME}`).waitFor()
    const detail = page.locator(`[data-test="policy-detail"][data-name="${NAME}"]`)
    const saved = detail.locator('[data-test="policy-calendar"][data-name="office"]')
    await saved.waitFor()
    assert.equal(await dayText(saved, 'mon'), `${zh('admin.policies.ov.days.mon')} 09:00–18:00`)
    assert.equal(await dayText(saved, 'sun'), `${zh('admin.policies.ov.days.sun')} ${zh('admin.policies.ov.rest')}`)
    assert.equal(await text(metricRow(detail, 'repair').getByTestId('metric-calendar')), 'office')
    await shots.take(page, 'saved')
    const stored = (await admin.ok('GET', '/policies')).items.find((p) => p.name === NAME)
    assert.ok(stored, 'the API lists it')
    assert.equal(stored.body, BODY)

    // The calendar's link leads to the holidays screen.
    await saved.getByTestId('calendar-holidays-link').click()
    await page.waitForURL(/\/admin\/holidays$/)
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('phone (390 px) and English: the overview and the editor fit and are translated', async () => {
  const ctx = await newContext(browser, { viewport: PHONE, isMobile: true })
  try {
    const page = await loginAs(ctx, 'admin')
    await page.goto(BASE + '/admin/policies')
    await page.getByTestId('admin-policies').waitFor()
    await page.getByTestId(`policy-${NAME}`).click()
    const detail = page.locator(`[data-test="policy-detail"][data-name="${NAME}"]`)
    await detail.locator('[data-test="policy-calendar"][data-name="office"]').waitFor()
    assert.ok(await fits(page), 'the overview fits 390 px')
    await detail.getByTestId('policy-overview').scrollIntoViewIfNeeded()
    await shots.take(page, 'phone-overview')

    await page.getByTestId('policy-bid-default').click()
    const bid = page.locator('[data-test="policy-detail"][data-name="bid-default"]')
    await target(metricRow(bid, 'acknowledge'), 'all').waitFor()
    assert.ok(await fits(page))

    // The editor: tabs on a phone, its overview one tap away.
    await page.getByTestId('policy-create').click()
    const dlg = page.getByTestId('policy-dialog')
    await dlg.locator('#tab-preview').click()
    await dlg.locator('[data-test="policy-preview"] [data-test="policy-calendar"][data-name="office"]').waitFor()
    assert.ok(await fits(page))
    await shots.take(page, 'phone-editor-overview', { fullPage: false })
    await page.keyboard.press('Escape')
    await dlg.waitFor({ state: 'hidden' })

    // English.
    await page.getByTestId('lang-button').click()
    await page.getByTestId('lang-en').click()
    const ack = metricRow(bid, 'acknowledge')
    await ack.getByText('5 min, every priority').waitFor()
    assert.equal(await text(ack.getByTestId('metric-scope')), 'channels: Hotline, Instant messaging')
    assert.equal(await text(metricRow(bid, 'repair').getByTestId('metric-pause')), 'Waiting on customer')
    assert.ok(await fits(page), 'in English too')
    await shots.take(page, 'phone-english')
    await page.getByTestId('lang-button').click()
    await page.getByTestId('lang-zh-CN').click()
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})
