// Test 21 (SLA-5's slowest links, issue 14 point 6), as `manager` on the demo data:
//   - 环节分析 in the side menu opens the page; it names the step that loses the most
//     time in a sentence (最耗时的环节：…（中位 …，占总时长 …%）), the one the API names
//     for the same period, and charts every step (median / p90 bars, share);
//   - 按团队 regroups: the groups' table lists the teams with their slowest step;
//   - `leader` sees the page too; on a 390x844 phone it fits the width.
// Screenshots `links-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newContext, loginAs, screenshots, zh, fitsWidth, BASE, DESKTOP, PHONE } from './lib/harness.mjs'

const shots = screenshots('links')
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// The page's answer from the API as it loads.
function answer(page, by) {
  return page.waitForResponse((r) => r.url().includes('/api/v1/analytics/steps') && r.url().includes(`by=${by}`) && r.ok()).then((r) => r.json())
}

function label(s) {
  if (!s.from) return zh(`manager.links.apart.${s.step}`)
  return `${zh(`manager.links.milestone.${s.from}`)} → ${zh(`manager.links.milestone.${s.to}`)}`
}

test('the manager sees the slowest step named, and the steps by team', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  const page = await loginAs(ctx, 'manager')
  const loaded = answer(page, 'type')
  await page.getByTestId('menu-manager-links').click()
  await page.getByTestId('links-page').waitFor()
  const r = await loaded
  const all = r.groups[0]
  assert.equal(all.value, null)
  assert.ok(all.steps.length >= 3, 'the demo tickets have steps')
  const slowest = all.steps.find((s) => s.step === all.slowest)
  assert.ok(slowest, 'the API names a slowest step')
  const sentence = page.getByTestId('links-slowest')
  await sentence.waitFor()
  const text = (await sentence.textContent()).trim()
  assert.ok(text.startsWith('最耗时的环节：' + label(slowest)), text)
  assert.ok(text.includes(`占总时长 ${Math.round(slowest.share_pm / 10)}%`), text)
  assert.ok(text.includes('中位 '), text)
  await page.getByTestId('links-chart').locator('canvas').first().waitFor()
  const rows = page.getByTestId('links-steps-table').locator('tbody tr')
  assert.equal(await rows.count(), all.steps.length)
  await shots.take(page, 'by-type', { settle: 600 })

  const byTeam = answer(page, 'team')
  await page.getByTestId('links-by-team').click()
  const t = await byTeam
  await page.waitForTimeout(300)
  const groups = page.getByTestId('links-groups-table').locator('tbody tr')
  assert.equal(await groups.count(), t.groups.length)
  const named = t.groups.filter((g) => g.label)
  assert.ok(named.length >= 1, 'the demo tickets are assigned in teams')
  await page.getByTestId('links-groups-table').getByText(named[0].label, { exact: true }).first().waitFor()
  await page.getByTestId('links-groups-table').getByText(named[0].label, { exact: true }).first().click()
  await page.getByTestId('links-chart').getByText(named[0].label).first().waitFor()
  await shots.take(page, 'by-team', { settle: 600 })
  await ctx.close()
})

test('the team leader sees it too, and it fits a phone', async () => {
  const ctx = await newContext(browser, { viewport: PHONE, isMobile: true })
  const page = await loginAs(ctx, 'leader')
  await page.goto(`${BASE}/sla-links`)
  await page.getByTestId('links-slowest').waitFor()
  assert.ok((await page.getByTestId('links-slowest').textContent()).includes('最耗时的环节：'))
  assert.ok(await fitsWidth(page), 'the page fits 390 px')
  await shots.take(page, 'leader-phone', { settle: 600 })
  await ctx.close()
})
