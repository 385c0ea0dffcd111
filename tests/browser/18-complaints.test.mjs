// Test 18 (QA-2, issue 14 point 1): complaints through the real UI.
//   - Party A (hospital) opens 我的投诉, finds the complaint whose solution waits for
//     their answer, refuses it (without a reason the server's message shows at the
//     field; with one it goes back to the department), and, once the department
//     proposed another (through the API, as the team leader), agrees to it; the
//     solutions list shows both answers, the timeline every step;
//   - the manager's 投诉 list shows the open complaints and where each waits (我方 or
//     客户); the tab 等客户确认 keeps only those waiting on the customer.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newContext, loginAs, screenshots, apiLogin, BASE } from './lib/harness.mjs'

const shots = screenshots('complaints')
let browser
let leader
let manager
let target // the demo's complaint awaiting the hospital's answer
before(async () => {
  browser = await launch()
  leader = await apiLogin('leader')
  manager = await apiLogin('manager')
  const waiting = (await manager.ok('GET', '/complaints?state=proposed')).items
  target = waiting.find((c) => c.customer_name === '市第一人民医院')
  assert.ok(target, 'the demo has a hospital complaint awaiting its answer')
})
after(async () => {
  await browser?.close()
})

const stateOf = (page) => page.getByTestId('complaint-page').getByTestId('complaint-state').first()

test('Party A refuses a solution, then agrees to the next one', async () => {
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'hospital')
  await page.goto(BASE + '/portal/complaints')
  const row = page.locator(`[data-test="complaint-row"][data-id="${target.id}"]`)
  await row.waitFor()
  assert.equal(await row.getAttribute('data-waiting'), 'customer')
  await shots.take(page, 'party-a-list')

  await row.click()
  await page.getByTestId('complaint-proposal').waitFor()
  assert.equal(await stateOf(page).getAttribute('data-state'), 'proposed')
  // No reason: the server's message at the field, nothing changed.
  await page.getByTestId('complaint-do-refuse').click()
  const fieldError = page.getByTestId('complaint-actions').locator('.el-form-item__error')
  await fieldError.waitFor()
  assert.match(await fieldError.innerText(), /内容说明/)
  assert.equal(await stateOf(page).getAttribute('data-state'), 'proposed')
  await shots.take(page, 'refuse-needs-reason')
  await page.locator('[data-test="complaint-content"]').locator('xpath=self::textarea | .//textarea').first().fill('高峰时段仍需更多坐席')
  await page.getByTestId('complaint-do-refuse').click()
  await page.locator('[data-test="complaint-state"][data-state="assigned"]').waitFor()
  await shots.take(page, 'refused')

  // The department proposes again.
  const again = await leader.ok('POST', `/complaints/${target.id}/solutions`, { content: '高峰时段增加两名坐席，并开通回拨服务。' })
  assert.equal(again.state, 'proposed')
  await page.reload()
  await page.getByTestId('complaint-proposal').waitFor()
  await page.getByTestId('complaint-do-agree').click()
  await page.locator('[data-test="complaint-state"][data-state="agreed"]').waitFor()
  const answers = await page.getByTestId('complaint-solution').evaluateAll((els) => els.map((e) => e.dataset.answer))
  assert.deepEqual(answers, ['refused', 'agreed'])
  const steps = await page.getByTestId('complaint-step').evaluateAll((els) => els.map((e) => e.dataset.step))
  assert.deepEqual(steps.slice(-4), ['propose', 'refuse', 'propose', 'agree'])
  assert.equal(await page.getByTestId('complaint-actions').count(), 0, 'nothing more for Party A to do now')
  await shots.take(page, 'agreed')
  await ctx.close()
})

test('the manager sees every open complaint and where it waits', async () => {
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'manager')
  await page.goto(BASE + '/complaints')
  await page.getByTestId('complaint-row').first().waitFor()
  const rows = await page.getByTestId('complaint-row').evaluateAll((els) => els.map((e) => ({ state: e.dataset.state, waiting: e.dataset.waiting })))
  assert.ok(rows.length >= 6, `open complaints listed: ${rows.length}`)
  assert.ok(rows.every((r) => r.state !== 'closed'))
  assert.ok(rows.some((r) => r.waiting === 'vendor') && rows.some((r) => r.waiting === 'customer'))
  const open = (await manager.ok('GET', '/complaints?open=1&limit=200')).items
  assert.equal(rows.length, Math.min(open.length, 50))
  await shots.take(page, 'manager-open')

  await page.getByTestId('complaint-tab-customer').click()
  await page.waitForURL((u) => u.searchParams.get('tab') === 'customer')
  await page.waitForFunction(() => [...document.querySelectorAll('[data-test="complaint-row"]')].every((e) => e.dataset.waiting === 'customer'))
  const waiting = await page.getByTestId('complaint-row').evaluateAll((els) => els.map((e) => e.dataset.waiting))
  assert.ok(waiting.length >= 2)
  await shots.take(page, 'manager-waiting-customer')

  // A complaint's page for the manager: its finding and timeline.
  await page.getByTestId('complaint-row').first().click()
  await page.getByTestId('complaint-timeline').waitFor()
  await shots.take(page, 'manager-complaint')
  await ctx.close()
})
