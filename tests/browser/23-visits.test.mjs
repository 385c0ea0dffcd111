// Test 22 (OPS-3, OPS-5; issue 15 points 3 and 5): return and exchange visits through
// the real UI.
//   - the agent records an unplanned return visit of 市第一人民医院 on 回访记录 with a
//     follow-up action owned by 工程师 李工: the visit shows 待整理, the action is on
//     the engineer's 我的跟进事项;
//   - the team leader collates it (整理回访结果): 已整理, the summary shown;
//   - Party A (hospital) sees it on 回访与交流 with its topics and action, never the
//     vendor's collation, and the held exchange visit's recommendations;
//   - screens: 回访计划 (the key customer, 14 days), the list's badges, 交流访问.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newContext, loginAs, screenshots, apiLogin, field, runTag, fitsWidth, BASE, PHONE } from './lib/harness.mjs'

const shots = screenshots('visits')
let browser
let visitId
const tag = runTag()
const topics = `季度系统使用情况回访 ${tag}`
const summary = `客户认可服务，关注夜间性能 ${tag}`
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function choose(page, id, text) {
  await page.getByTestId(id).click()
  await page.locator('.el-select-dropdown__item', { hasText: text }).filter({ visible: true }).first().click()
}

test('the agent records a return visit with a follow-up action', async () => {
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'agent')
  await page.goto(BASE + '/visits/return-visits')
  await page.getByTestId('visit-row').first().waitFor()
  const badges = await page.getByTestId('visit-badge').evaluateAll((els) => els.map((e) => e.dataset.badge))
  assert.ok(badges.includes('awaiting_collation'), `the demo's visit awaiting collation: ${badges}`)
  assert.ok(badges.includes('planned'), 'upcoming visits listed')
  await shots.take(page, 'list')

  await page.getByTestId('visit-new').click()
  await choose(page, 'record-customer', '市第一人民医院')
  await choose(page, 'record-method', '上门')
  await field(page, 'record-contact').fill('张主任')
  await field(page, 'record-topics').fill(topics)
  await field(page, 'record-problems').fill('夜间查询偶有超时')
  await page.getByTestId('record-add-action').click()
  await field(page, 'record-action-title').fill(`排查夜间查询超时 ${tag}`)
  await choose(page, 'record-action-owner', '工程师 李工')
  await shots.take(page, 'record-form')
  await page.getByTestId('record-save').click()
  await page.getByTestId('visit-page').waitFor()
  assert.equal(await page.getByTestId('visit-page').getAttribute('data-state'), 'done')
  assert.equal(await page.getByTestId('visit-badge').first().getAttribute('data-badge'), 'awaiting_collation')
  assert.match(await page.getByTestId('visit-topics').innerText(), new RegExp(tag))
  visitId = Number(new URL(page.url()).pathname.split('/').pop())
  assert.ok(visitId > 0)
  await shots.take(page, 'recorded')
  await ctx.close()

  const engineer = await apiLogin('engineer')
  const mine = (await engineer.ok('GET', '/visits/actions?mine=1&open=1')).items
  assert.ok(mine.some((a) => a.visit_id === visitId), "the action is on the engineer's follow-ups")
  const ectx = await newContext(browser)
  const epage = await loginAs(ectx, 'engineer')
  await epage.goto(BASE + '/visits/actions')
  await epage.getByTestId('action-row').first().waitFor()
  assert.ok((await epage.locator('[data-test="action-row"][data-overdue="true"]').count()) >= 1, 'an overdue follow-up shows')
  await shots.take(epage, 'my-follow-ups')
  await ectx.close()
  // The engineer's follow-ups on a phone: no sideways scrolling.
  const pctx = await newContext(browser, { viewport: PHONE, isMobile: true })
  const ppage = await loginAs(pctx, 'engineer')
  await ppage.goto(BASE + '/visits/actions')
  await ppage.getByTestId('action-row').first().waitFor()
  assert.ok(await fitsWidth(ppage), 'my follow-ups fit 390 px')
  await shots.take(ppage, 'my-follow-ups-phone')
  await pctx.close()
})

test('the team leader collates it', async () => {
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'leader')
  await page.goto(BASE + `/visits/return-visits/${visitId}`)
  await page.getByTestId('visit-collation').waitFor()
  await field(page, 'collate-summary').fill(summary)
  await field(page, 'collate-strategy').fill('增加夜间巡检，下次回访确认效果')
  await page.getByTestId('collate-save').click()
  await page.getByTestId('visit-summary').waitFor()
  assert.equal(await page.getByTestId('visit-badge').first().getAttribute('data-badge'), 'done')
  assert.match(await page.getByTestId('visit-summary').innerText(), new RegExp(tag))
  await shots.take(page, 'collated')

  await page.goto(BASE + '/visits/plans')
  await page.locator('[data-test="plan-row"]').first().waitFor()
  const key = page.locator('tr', { has: page.locator('[data-test="plan-key"]') })
  assert.equal(await key.count(), 1, 'one key customer')
  assert.match(await key.getByTestId('plan-interval').innerText(), /14/)
  await shots.take(page, 'plans')

  await page.goto(BASE + '/visits/exchange')
  await page.getByTestId('exchange-row').first().waitFor()
  const states = await page.getByTestId('exchange-row').evaluateAll((els) => els.map((e) => e.dataset.state))
  assert.ok(states.includes('done') && states.includes('planned'), `held and planned: ${states}`)
  await shots.take(page, 'exchange-list')
  await page.locator('[data-test="exchange-row"][data-state="done"]').first().click()
  await page.getByTestId('exchange-recommendations').waitFor()
  await shots.take(page, 'exchange-held')
  await ctx.close()
})

test('Party A sees the visit without the collation', async () => {
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'hospital')
  await page.goto(BASE + '/portal/visits')
  const card = page.locator(`[data-test="portal-visit"][data-id="${visitId}"]`)
  await card.waitFor()
  const text = await card.innerText()
  assert.match(text, new RegExp(topics))
  assert.match(text, /排查夜间查询超时/)
  assert.doesNotMatch(await page.getByTestId('portal-visits').innerText(), new RegExp(summary))
  assert.ok((await page.getByTestId('portal-recommendation').count()) >= 3, 'the recommendations of the held exchange visit')
  await shots.take(page, 'portal')
  await ctx.close()
})
