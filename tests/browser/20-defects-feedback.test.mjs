// Test 20 (issue 14 points 3 and 4; QA-1, QA-4): defects and the feedback library
// on the demo data.
//   - a team leader opens 缺陷管理 from the side menu, opens the verified defect
//     linked to the hospital's ticket and closes it (the fix version is already
//     there); the hospital's Party A finds it closed under 工单相关缺陷, on the
//     ticket page's 关联缺陷 panel, and in its inbox with the fix version;
//   - the hospital's Party A raises a suggestion under 我的反馈 and sees it 新建;
//     the vendor accepts it and Party A sees 已受理; the vendor's library shows
//     the demo's merged item with both raisers.
// Screenshots `defects-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newContext, loginAs, field, screenshots, apiLogin, menuEntries, shownText as text, zh, runTag, BASE, DESKTOP } from './lib/harness.mjs'

const shots = screenshots('defects')

let browser
let leader
before(async () => {
  browser = await launch()
  leader = await apiLogin('leader')
})
after(async () => {
  await browser?.close()
})

test('a team leader closes a defect; the Party A of its ticket sees it closed, on the ticket and in the inbox', async () => {
  const verified = (await leader.ok('GET', '/defects?state=verified')).items[0]
  assert.ok(verified, 'the demo has a verified defect')
  const full = await leader.ok('GET', `/defects/${verified.id}`)
  const ticket = full.tickets[0].ticket_id
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'leader')
    assert.ok((await menuEntries(page)).includes('defects'))
    await page.getByTestId('menu-defects').click()
    await page.locator('[data-test="defect-row"]').first().waitFor()
    await shots.take(page, 'list')
    await page.locator(`[data-test="defect-row"][data-id="${verified.id}"]`).click()
    await page.getByTestId('defect-detail').waitFor()
    assert.equal(await page.getByTestId('defect-state').getAttribute('data-state'), 'verified')
    assert.equal(await text(page.getByTestId('defect-owner')), verified.owner_name)
    await page.getByTestId('defect-to-closed').click()
    await page.getByTestId('defect-step-dialog').waitFor()
    assert.equal(await field(page, 'defect-step-version').inputValue(), verified.fix_version)
    await field(page, 'defect-step-note').fill('补丁已在现场安装')
    await shots.take(page, 'close-dialog')
    await page.getByTestId('defect-step-save').click()
    await page.locator('[data-test="defect-state"][data-state="closed"]').waitFor()
    assert.equal(await text(page.getByTestId('defect-state')), zh('defects.state.closed'))
    assert.equal(await page.getByTestId('defect-to-analysed').count(), 0, 'a closed defect offers no step')
    await shots.take(page, 'closed')
    // The ticket's page lists it among its defects, where staff link and unlink.
    await page.getByTestId('defect-ticket').first().locator('a').click()
    await page.locator(`[data-test="ticket-defect"][data-id="${verified.id}"][data-state="closed"]`).waitFor()
    await page.getByTestId('ticket-defect-pick').waitFor()
    await shots.take(page, 'ticket-panel', { of: page.getByTestId('ticket-defects') })
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }

  const pctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(pctx, 'hospital')
    await page.getByTestId('menu-partya-defects').click()
    const row = page.locator(`[data-test="defect-row"][data-id="${verified.id}"]`)
    await row.waitFor()
    assert.equal(await row.getAttribute('data-state'), 'closed')
    assert.equal(await page.getByTestId('defect-new').count(), 0, 'Party A reads only')
    await shots.take(page, 'partya-list')
    await page.goto(`${BASE}/tickets/${ticket}`)
    const linked = page.locator(`[data-test="ticket-defect"][data-id="${verified.id}"]`)
    await linked.waitFor()
    assert.equal(await linked.getAttribute('data-state'), 'closed')
    assert.equal(await page.getByTestId('ticket-defect-unlink').count(), 0)
    await shots.take(page, 'partya-ticket-panel')
    await page.goto(`${BASE}/notifications`)
    const notice = page.locator('body', { hasText: verified.fix_version })
    await notice.waitFor()
    assert.match(await text(page.locator('body')), new RegExp(`${verified.title}.*${verified.fix_version.replace(/\./g, '\\.')}`))
    await shots.take(page, 'partya-inbox')
    assert.deepEqual(pctx.problems, [])
  } finally {
    await pctx.close()
  }
})

test('Party A raises feedback under 我的反馈 and follows its progress; the vendor sees merged raisers', async () => {
  const title = `希望报表支持按科室筛选 ${runTag()}`
  const ctx = await newContext(browser, { viewport: DESKTOP })
  let id
  try {
    const page = await loginAs(ctx, 'hospital')
    await page.getByTestId('menu-partya-feedback').click()
    await page.getByTestId('feedback-page').waitFor()
    await page.getByTestId('feedback-new').click()
    await page.getByTestId('feedback-new-dialog').waitFor()
    await page.getByTestId('feedback-type-suggestion').click()
    await field(page, 'feedback-title').fill(title)
    await field(page, 'feedback-description').fill('门诊和住院的报表都需要')
    await shots.take(page, 'feedback-raise')
    await page.getByTestId('feedback-save').click()
    await page.getByTestId('feedback-detail').waitFor()
    assert.equal(await page.getByTestId('feedback-state').getAttribute('data-state'), 'new')
    id = Number(page.url().split('/').pop())
    assert.ok(id > 0)
    // The vendor accepts it; Party A sees the progress.
    await leader.ok('POST', `/feedback/${id}/progress`, { state: 'accepted', note: '已受理，转产品评估' })
    await page.reload()
    await page.locator('[data-test="feedback-state"][data-state="accepted"]').waitFor()
    assert.equal(await text(page.getByTestId('feedback-state')), zh('feedback.state.accepted'))
    assert.equal(await page.getByTestId('feedback-to-evaluating').count(), 0, 'Party A follows, the vendor acts')
    await shots.take(page, 'feedback-progress')
    await page.getByTestId('menu-partya-feedback').click()
    await page.locator(`[data-test="feedback-row"][data-id="${id}"][data-state="accepted"]`).waitFor()
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }

  const merged = (await leader.ok('GET', '/feedback?include_merged=1')).items.find((f) => f.merged_into)
  assert.ok(merged, 'the demo has a merged duplicate')
  const vctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(vctx, 'leader')
    await page.getByTestId('menu-feedback').click()
    await page.locator(`[data-test="feedback-row"][data-id="${id}"]`).waitFor()
    await shots.take(page, 'feedback-library')
    await page.goto(`${BASE}/feedback/${merged.merged_into}`)
    await page.getByTestId('feedback-detail').waitFor()
    const survivor = await leader.ok('GET', `/feedback/${merged.merged_into}`)
    assert.ok(survivor.raisers.length >= 2)
    assert.equal(await text(page.getByTestId('feedback-raisers')), survivor.raisers.map((r) => r.customer_name).join('、'))
    await page.getByTestId('feedback-merge').click()
    await page.getByTestId('feedback-dialog').waitFor()
    await shots.take(page, 'feedback-merge-dialog')
    assert.deepEqual(vctx.problems, [])
  } finally {
    await vctx.close()
  }
})
