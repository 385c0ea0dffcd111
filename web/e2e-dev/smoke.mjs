// A quick development smoke run in headless Chromium (not the real browser test
// suite, which lives in tests/browser/): logs in as each role, opens the main screens
// at desktop and phone width, takes screenshots, exercises intake and an engineer
// action, and fails on console errors.
//
//   node e2e-dev/smoke.mjs [base URL, default http://127.0.0.1:5173]
// env: SHOTS (default /tmp/fe/shots), CHROMIUM (default /usr/bin/chromium)
import { chromium, selectors } from 'playwright-core'
import { mkdirSync } from 'node:fs'

const BASE = process.argv[2] || process.env.BASE_URL || 'http://127.0.0.1:5173'
const SHOTS = process.env.SHOTS || '/tmp/fe/shots'
const PASSWORD = process.env.DEMO_PASSWORD || 'demo-2026'
mkdirSync(SHOTS, { recursive: true })
selectors.setTestIdAttribute('data-test')

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})

// el-input puts data-test on its <input>/<textarea>; other components keep it on their root.
const field = (page, id) =>
  page.locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input, [data-test="${id}"] textarea`).first()

const problems = []
function check(cond, what) {
  if (!cond) {
    problems.push(what)
    console.log('FAIL', what)
  } else console.log('ok  ', what)
}

async function session(login, viewport, locale = 'zh-CN') {
  const ctx = await browser.newContext({ viewport, locale })
  const page = await ctx.newPage()
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|EventSource|stream/.test(m.text())) problems.push(`${login}: console error: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`${login}: page error: ${e.message}`))
  await page.goto(BASE + '/login')
  await field(page, 'login-name').fill(login)
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return { ctx, page }
}

async function shot(page, name) {
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

const desktop = { width: 1366, height: 800 }
const phone = { width: 390, height: 844 }

// ---- agent, desktop ---------------------------------------------------------------
{
  const { ctx, page } = await session('agent', desktop)
  check((await page.getByTestId('current-user-role').textContent()).includes('客服'), 'agent: role in header')
  check(await page.getByTestId('menu-agent-intake').isVisible(), 'agent: intake in menu')
  check((await page.getByTestId('menu-my-tickets').count()) === 0, 'agent: no "my tickets" in menu')

  await page.goto(BASE + '/queue')
  await page.getByTestId('ticket-row').first().waitFor()
  check((await page.getByTestId('ticket-row').count()) > 0, 'agent: queue has rows')
  check((await page.getByTestId('sla-clock').count()) > 0, 'agent: queue has SLA clocks')
  await shot(page, 'queue-desktop')

  await page.goto(BASE + '/leftover')
  await page.getByTestId('leftover-page').waitFor()
  await shot(page, 'leftover-desktop')

  // Intake with the keyboard: phone -> suggestion -> Enter accepts -> title -> Ctrl+Enter.
  await page.goto(BASE + '/agent/intake')
  await field(page, 'intake-phone').waitFor()
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('[data-test]')?.getAttribute('data-test'))
  check(focused === 'intake-phone', 'intake: focus starts in the phone field')
  await page.keyboard.type('13800001312')
  await page.getByTestId('intake-suggestion').waitFor({ timeout: 5000 }).catch(() => {})
  check(await page.getByTestId('intake-suggestion').isVisible(), 'intake: suggestion from previous tickets')
  await shot(page, 'intake-suggestion-desktop')
  await page.keyboard.press('Enter')
  await page.waitForTimeout(300)
  const focused2 = await page.evaluate(() => document.activeElement && document.activeElement.closest('[data-test]')?.getAttribute('data-test'))
  check(focused2 === 'intake-title', `intake: Enter accepts and moves on (focus in ${focused2})`)
  await page.keyboard.type('冒烟测试：系统无法登录')
  await page.keyboard.press('Tab')
  await page.keyboard.type('客户反映门诊工作站无法登录')
  await page.keyboard.press('Control+Enter')
  await page.getByTestId('intake-created-number').waitFor({ timeout: 5000 })
  const number = await page.getByTestId('intake-created-number').textContent()
  check(/^TK-\d+$/.test(number.trim()), `intake: created ${number}`)
  const phoneValue = await field(page, 'intake-phone').inputValue()
  check(phoneValue === '', 'intake: form reset for the next call')
  await shot(page, 'intake-created-desktop')

  // Validation error next to the field, typed text kept.
  await field(page, 'intake-title').fill('只有标题')
  await page.getByTestId('intake-submit').click()
  await page.waitForTimeout(300)
  check((await page.locator('.el-form-item__error').count()) > 0, 'intake: missing customer shown at the field')
  check((await field(page, 'intake-title').inputValue()) === '只有标题', 'intake: failed save keeps the input')

  // Ticket detail.
  await page.getByTestId('intake-created-number').click()
  await page.getByTestId('ticket-page').waitFor()
  await page.getByTestId('ticket-metrics').waitFor()
  await shot(page, 'ticket-agent-desktop')
  await page.locator('#tab-form').click()
  await shot(page, 'ticket-form-desktop')
  await ctx.close()
}

// ---- engineer, phone --------------------------------------------------------------
{
  const { ctx, page } = await session('engineer', phone)
  await page.goto(BASE + '/my-tickets')
  await page.getByTestId('my-tickets-page').waitFor()
  await page.waitForTimeout(600)
  await shot(page, 'mine-phone')
  const noHScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
  check(noHScroll, 'engineer phone: no horizontal scrolling on my tickets')
  await page.getByTestId('menu-toggle').click()
  await page.getByTestId('menu-drawer').waitFor()
  await shot(page, 'menu-drawer-phone')
  await page.keyboard.press('Escape')
  const first = page.getByTestId('ticket-row').first()
  if (await first.count()) {
    await first.click()
    await page.getByTestId('ticket-page').waitFor()
    await page.getByTestId('ticket-metrics').waitFor()
    await page.waitForTimeout(500)
    await shot(page, 'ticket-engineer-phone')
    const noHScroll2 = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
    check(noHScroll2, 'engineer phone: no horizontal scrolling on the ticket')
    check((await page.getByTestId('flow-actions').count()) > 0, 'engineer phone: flow actions shown')
  }
  await ctx.close()
}

// ---- live update: a ticket created elsewhere appears in the open queue ------------
{
  const { ctx, page } = await session('agent', desktop)
  await page.goto(BASE + '/queue?priority=P1')
  await page.getByTestId('ticket-row').first().waitFor()
  await page.waitForTimeout(1500) // the stream is connected
  const mode = await page.getByTestId('live-mode').getAttribute('data-mode')
  console.log('     live mode:', mode)
  // Another agent logs a P1 call through the API.
  const api = await browser.newContext()
  const r1 = await api.request.post(BASE + '/api/v1/session', { data: { login: 'agent2', password: PASSWORD } })
  check(r1.ok(), 'live: agent2 logs in over the API')
  const r2 = await api.request.post(BASE + '/api/v1/tickets', { data: { customer_id: 2, title: '实时推送测试', priority: 'P1', caller_phone: '13900000001' } })
  const tk = await r2.json()
  const t0 = Date.now()
  const row = page.locator(`[data-test="ticket-row"][data-number="${tk.number}"]`)
  await row.waitFor({ timeout: 8000 }).catch(() => {})
  const ms = Date.now() - t0
  check((await row.count()) > 0 && ms <= (mode === 'stream' ? 2000 : 6000), `live: new ticket ${tk.number} appeared in ${ms} ms (${mode})`)
  // An engineer records the first contact: the queue row's clock changes without reload.
  await api.close()
  await ctx.close()
}

// ---- engineer on a phone: flow actions ----------------------------------------------
{
  const { ctx, page } = await session('engineer', phone)
  const api = ctx.request
  const r = await api.post(BASE + '/api/v1/tickets', { data: { customer_id: 1, system_id: 1, title: '手机端流程测试', priority: 'P2', assignee_id: undefined } })
  const tk = await r.json()
  await page.goto(BASE + `/tickets/${tk.id}`)
  await page.getByTestId('flow-actions').waitFor()
  await page.getByTestId('flow-first_contact').click()
  await page.getByTestId('flow-dialog').waitFor()
  await field(page, 'flow-note').fill('已电话联系张主任，远程排查中')
  await shot(page, 'flow-dialog-phone')
  await page.getByTestId('flow-confirm').click()
  await page.locator('[data-test="timeline-item"][data-kind="first_contact"]').waitFor({ timeout: 5000 })
  check((await page.getByTestId('flow-first_contact').count()) === 0, 'flow: first contact no longer offered')
  // Escalation to the manufacturer needs a reference: the error shows at the field.
  await page.getByTestId('flow-escalated').click()
  await page.getByTestId('flow-escalated-to-manufacturer').click()
  await page.getByTestId('flow-confirm').click()
  await page.waitForTimeout(300)
  check((await page.locator('.el-dialog .el-form-item__error').count()) > 0, 'flow: missing reference shown at the field')
  await field(page, 'flow-reference').fill('HW-2026-1126-001')
  await page.getByTestId('flow-confirm').click()
  await page.locator('[data-test="timeline-item"][data-kind="escalated"]').waitFor({ timeout: 5000 })
  await page.getByTestId('flow-waiting_customer').click()
  await page.getByTestId('flow-confirm').click()
  await page.locator('[data-test="timeline-item"][data-kind="waiting_customer"]').waitFor({ timeout: 5000 })
  check((await page.getByTestId('flow-customer_replied').count()) === 1, 'flow: waiting offers "customer replied"')
  check((await page.getByTestId('flow-waiting_customer').count()) === 0, 'flow: waiting hides "wait on customer"')
  await shot(page, 'ticket-waiting-phone')
  const noHScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
  check(noHScroll, 'flow phone: no horizontal scrolling')
  // Resolve, then only reopen / close remain.
  await page.getByTestId('flow-resolved').click()
  await page.getByTestId('flow-confirm').click()
  await page.locator('[data-test="timeline-item"][data-kind="resolved"]').waitFor({ timeout: 5000 })
  const kinds = await page.locator('[data-test="flow-actions"] button[data-test^="flow-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))
  check(JSON.stringify(kinds.sort()) === JSON.stringify(['flow-closed', 'flow-reopened']), `flow: resolved offers ${kinds.join(', ')}`)
  await ctx.close()

  // Desktop view of the same ticket, its record and form, as the team leader who signs.
  const l = await session('leader', desktop)
  await l.page.goto(BASE + `/tickets/${tk.id}`)
  await l.page.getByTestId('ticket-timeline').waitFor()
  await shot(l.page, 'ticket-leader-desktop')
  await l.page.locator('#tab-form').click()
  await l.page.getByTestId('form-edit').click()
  await field(l.page, 'form-estimated_cost').fill('1,234,567.8')
  await field(l.page, 'form-other_staff').fill('王工')
  await l.page.getByTestId('form-save').click()
  await l.page.getByTestId('form-value-estimated_cost').waitFor({ timeout: 5000 })
  const cost = await l.page.getByTestId('form-value-estimated_cost').textContent()
  check(cost.trim() === '¥1,234,567.80', `form: cost saved exactly (${cost.trim()})`)
  await l.page.getByTestId('approval-sign-supervisor').click()
  await field(l.page, 'approval-supervisor-opinion').fill('同意上门')
  await l.page.getByTestId('approval-supervisor-submit').click()
  await l.page.locator('.el-message-box__btns .el-button--primary').click()
  await l.page.getByTestId('approval-supervisor-recorded').waitFor({ timeout: 5000 })
  check((await l.page.getByTestId('approval-sign-division_gm').count()) === 0, 'form: a team leader cannot sign for the division GM')
  await shot(l.page, 'ticket-form-signed-desktop')
  // Attachments: upload a small file and see it listed with a download link.
  await l.page.locator('#tab-attachments').click()
  await l.page.locator('[data-test="attachment-upload"] input[type=file]').setInputFiles({ name: '现场照片说明.txt', mimeType: 'text/plain', buffer: Buffer.from('机房温度 24℃') })
  await l.page.getByTestId('attachment-item').first().waitFor({ timeout: 5000 })
  const href = await l.page.getByTestId('attachment-download').first().getAttribute('href')
  const dl = await l.ctx.request.get(BASE + href)
  check(dl.ok() && (await dl.text()).includes('24℃'), 'attachments: upload and download')
  await shot(l.page, 'ticket-attachments-desktop')
  await l.ctx.close()
}

// ---- team leader, English ---------------------------------------------------------
{
  const { ctx, page } = await session('leader', desktop)
  await page.getByTestId('lang-button').click()
  await page.getByTestId('lang-en').click()
  await page.goto(BASE + '/queue')
  await page.getByTestId('ticket-row').first().waitFor()
  check((await page.locator('h2').first().textContent()).includes('Queue'), 'leader: English switch')
  await shot(page, 'queue-leader-en-desktop')
  await ctx.close()
}

await browser.close()
if (problems.length) {
  console.log(`\n${problems.length} problem(s):\n- ` + problems.join('\n- '))
  process.exit(1)
}
console.log('\nsmoke: all good; screenshots in ' + SHOTS)
