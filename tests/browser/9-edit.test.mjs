// Test 9 (CON-1, CON-5): corrections after creation, in the browser, as `manager`:
//   - 登记验收 on a contract's line on 客户与合同: a small dialog with the acceptance
//     date only; the preview and, once saved, the card, the compliance page and the API
//     have the service period ending on acceptance + 24 months - 1 day (the period was
//     at its CON-1 default, so it follows); only accepted_on is sent. The compliance
//     page's header button (修改验收日期) changes it again, and the page follows;
//   - the contract form in its edit mode (修改其他条款 from that dialog), opened at
//     验收上线日期: number, customer, signing date read-only, the default deadline shown
//     as a placeholder; an acceptance date before the signing date is refused with the
//     server's message at the field, everything typed kept, nothing changed (API);
//     leaving asks first; corrected, only the changed terms are sent and saved;
//   - a customer corrected in its dialog (a duplicate name refused at 客户名称) and a
//     system renamed: the new names on the card, in 合同履约, and in the agent's intake
//     suggestion for the customer's phone;
//   - at 390 px the edit form and the dialog fit, and English translates them.
// The API sets up (customer, system, contract) and cross-checks.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { launch, newContext, loginAs, screenshots, field, selectedLabel, apiLogin, zh, runTag, freshPhone, pathOf, REPO, DESKTOP, PHONE } from './lib/harness.mjs'

const ZH = { 'Accept-Language': 'zh-CN' }
const shots = screenshots('edit')
const en = JSON.parse(readFileSync(path.join(REPO, 'web/src/i18n/en/customers.json'), 'utf8'))

const tag = runTag()
const PHONE_NO = freshPhone()
const NAME = `市第五人民医院 ${tag}`
const RENAMED = `市第五人民医院（新院区） ${tag}`
const SYSTEM = `LIS 检验系统 ${tag}`
const SYSTEM_RENAMED = `LIS 实验室信息系统 ${tag}`
const NUMBER = `HT-EDIT-${tag}`
const SIGNED = '2026-03-15'
const TITLE = `${NAME} 运维服务合同`

let browser
let manager
let customer
let system
let contract
before(async () => {
  browser = await launch()
  manager = await apiLogin('manager')
  customer = await manager.ok('POST', '/customers', { name: NAME, contact: '周主任', phone: PHONE_NO, address: '延安路 5 号' })
  system = await manager.ok('POST', `/customers/${customer.id}/systems`, { name: SYSTEM })
  // Signed, not yet accepted: every date at its CON-1 default.
  contract = await manager.ok('POST', '/contracts', { customer_id: customer.id, number: NUMBER, title: TITLE, value: '880000.00', signed_on: SIGNED, system_ids: [system.id] })
  assert.equal(contract.accepted_on, null)
  assert.equal(contract.construction_deadline, '2026-05-15')
  assert.deepEqual(contract.coverage, { from: SIGNED, to: '2028-05-14' })
})
after(async () => {
  await browser?.close()
})

const success = (page, text) => page.locator('.el-message--success', { hasText: text })
/** Types a date into a date picker through its hook and confirms it (Enter closes the
 * picker; in a dialog, Escape would close the dialog too). */
async function typeDate(page, id, value, { inDialog = false } = {}) {
  const input = field(page, id)
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  if (!inDialog) await page.keyboard.press('Escape')
  assert.equal(await input.inputValue(), value, `${id} shows ${value}`)
}
const fits = (page) => page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
const itemOf = (page, id) => page.locator('.el-form-item', { has: page.locator(`[data-test="${id}"]`) })
const cardOf = (page, name) => page.locator(`[data-test="customer-card"][data-name="${name}"]`)
const text = async (loc) => ((await loc.textContent()) || '').replace(/\s+/g, ' ').trim()
const patchOf = (page, p) => page.waitForResponse((r) => r.url().endsWith(`/api/v1${p}`) && r.request().method() === 'PATCH')

test('manager: 登记验收 on 客户与合同 and on the compliance page; the service period follows', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'manager')
    await page.getByTestId('menu-customers').click()
    await page.getByTestId('customers-page').waitFor()
    const row = cardOf(page, NAME).locator(`[data-test="customer-contract"][data-number="${NUMBER}"]`)
    await row.waitFor()
    assert.equal(await text(row.getByTestId('customer-contract-accepted')), zh('customers.contract.not_accepted'))
    assert.equal(await text(row.getByTestId('customer-contract-coverage')), zh('customers.contract.coverage', { from: SIGNED, to: '2028-05-14' }))

    // The quick way: one date.
    await row.getByTestId('customer-contract-accept').click()
    const dlg = page.getByTestId('accept-dialog')
    await dlg.waitFor()
    assert.ok((await text(dlg)).includes(zh('customers.accept.title')))
    await typeDate(page, 'accept-date', '2026-06-10', { inDialog: true })
    // acceptance + 24 months - 1 day, before saving; the default period moves with it.
    assert.equal(await text(page.getByTestId('accept-warranty')), zh('customers.form.warranty_span', { m: 24, end: '2028-06-09' }))
    assert.ok((await text(page.getByTestId('accept-coverage'))).startsWith(zh('customers.form.span', { from: SIGNED, to: '2028-06-09' })))
    assert.ok((await text(page.getByTestId('accept-coverage'))).includes(zh('customers.accept.moves')))
    await shots.take(page, 'accept-dialog')
    const answer = patchOf(page, `/contracts/${contract.id}`)
    await page.getByTestId('accept-save').click()
    const res = await answer
    assert.equal(res.status(), 200)
    assert.deepEqual(JSON.parse(res.request().postData()), { accepted_on: '2026-06-10' }, 'only the acceptance date is sent')
    await success(page, NUMBER).waitFor()
    await dlg.waitFor({ state: 'hidden' })
    await row.getByTestId('customer-contract-coverage').filter({ hasText: '2028-06-09' }).waitFor()
    assert.equal(await text(row.getByTestId('customer-contract-accepted')), zh('customers.contract.accepted', { d: '2026-06-10' }))
    assert.equal(await row.getByTestId('customer-contract-accept').count(), 0, 'accepted: no more 登记验收 on the line')
    await shots.take(page, 'accepted-on-card')

    let k = await manager.ok('GET', `/contracts/${contract.id}`)
    assert.equal(k.accepted_on, '2026-06-10')
    assert.deepEqual(k.coverage, { from: SIGNED, to: '2028-06-09' })
    assert.equal(k.construction_deadline, '2026-05-15', 'the deadline stays')
    assert.equal(k.title, TITLE)
    assert.equal(k.value.yuan, '880000.00')

    // The compliance page shows it; its header button changes it again.
    await row.locator('a.num').click()
    await page.getByTestId('compliance-page').waitFor()
    await page.getByTestId('contract-head').waitFor()
    assert.ok((await text(page.getByTestId('contract-accepted_on'))).includes('2026-06-10'))
    assert.ok((await text(page.getByTestId('contract-coverage'))).includes(`${SIGNED} — 2028-06-09`))
    const btn = page.getByTestId('compliance-accept')
    assert.equal(await text(btn), zh('manager.contract.accept_change'))
    await btn.click()
    await dlg.waitFor()
    assert.equal(await field(page, 'accept-date').inputValue(), '2026-06-10', 'the dialog starts from the saved date')
    await typeDate(page, 'accept-date', '2026-06-20', { inDialog: true })
    const again = patchOf(page, `/contracts/${contract.id}`)
    await page.getByTestId('accept-save').click()
    assert.equal((await again).status(), 200)
    await page.getByTestId('contract-coverage').filter({ hasText: `${SIGNED} — 2028-06-19` }).waitFor()
    assert.ok((await text(page.getByTestId('contract-accepted_on'))).includes('2026-06-20'))
    assert.ok((await text(page.getByTestId('contract-warranty'))).includes('2028-06-19'))
    await shots.take(page, 'compliance-after-accept')
    k = await manager.ok('GET', `/contracts/${contract.id}`)
    assert.equal(k.accepted_on, '2026-06-20')
    assert.deepEqual(k.coverage, { from: SIGNED, to: '2028-06-19' })
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('manager: the contract form in edit mode; acceptance before signing refused at its field, nothing changed', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'manager')
    await page.goto(page.url().replace(/\/[^/]*$/, `/contracts/${contract.id}`))
    await page.getByTestId('compliance-accept').click()
    await page.getByTestId('accept-dialog').waitFor()
    await page.getByTestId('accept-full-form').click()
    await page.getByTestId('contract-edit').waitFor()
    assert.equal(pathOf(page), `/contracts/${contract.id}/edit`)
    await field(page, 'contract-number').waitFor()
    // Opened at 验收上线日期.
    await page.waitForFunction(() => document.activeElement && document.activeElement.closest('[data-test="contract-accepted-on"]'))
    assert.equal(await field(page, 'contract-accepted-on').inputValue(), '2026-06-20')
    // What identifies the contract is read-only; a default date is a placeholder.
    assert.equal(await field(page, 'contract-number').inputValue(), NUMBER)
    assert.ok(await field(page, 'contract-number').isDisabled())
    assert.ok(await field(page, 'contract-signed-on').isDisabled())
    assert.equal(await selectedLabel(page, 'contract-customer'), NAME)
    assert.equal(await field(page, 'contract-value').inputValue(), '880000.00')
    assert.equal(await field(page, 'contract-construction-deadline').inputValue(), '')
    assert.equal(await field(page, 'contract-construction-deadline').getAttribute('placeholder'), zh('customers.form.default_date', { d: '2026-05-15' }))
    assert.equal(await field(page, 'contract-coverage-to').getAttribute('placeholder'), zh('customers.form.default_date', { d: '2028-06-19' }))
    assert.equal(await text(page.getByTestId('contract-accepted-hint')), zh('customers.edit.accepted_moves', { end: '2028-06-19' }))
    await shots.take(page, 'edit-form-focused')

    // A new title, and by mistake an acceptance before the signing.
    const title = `${TITLE}（二期）`
    await field(page, 'contract-title').fill(title)
    await typeDate(page, 'contract-accepted-on', '2026-03-01')
    const probe = await manager.post('/contracts', { customer_id: customer.id, number: `${NUMBER}-probe`, value: '1.00', signed_on: SIGNED, accepted_on: '2026-03-01' }, ZH)
    assert.equal(probe.status, 422)
    const message = probe.body.error.message
    assert.equal(message, '验收上线日期早于签订日期')
    const refused = patchOf(page, `/contracts/${contract.id}`)
    await page.getByTestId('contract-save').click()
    const res = await refused
    assert.equal(res.status(), 422)
    assert.deepEqual(JSON.parse(res.request().postData()), { title, accepted_on: '2026-03-01' }, 'only what changed is sent')
    const err = itemOf(page, 'contract-accepted-on').locator('.el-form-item__error')
    await err.waitFor()
    assert.equal(await text(err), message)
    assert.equal(await page.locator('.el-form-item__error').count(), 1)
    assert.equal(await page.locator('.el-message-box').count(), 0)
    assert.equal(await field(page, 'contract-title').inputValue(), title)
    assert.equal(await field(page, 'contract-accepted-on').inputValue(), '2026-03-01')
    let k = await manager.ok('GET', `/contracts/${contract.id}`)
    assert.equal(k.accepted_on, '2026-06-20', 'nothing changed')
    assert.equal(k.title, TITLE)
    assert.deepEqual(k.coverage, { from: SIGNED, to: '2028-06-19' })
    await shots.take(page, 'server-error-at-accepted-on')

    // Leaving asks first; staying keeps it all.
    await page.getByTestId('contract-cancel').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await box.getByRole('button', { name: zh('customers.form.stay') }).click()
    await box.waitFor({ state: 'detached' })
    assert.equal(await field(page, 'contract-title').inputValue(), title)

    // Corrected: 36 months' warranty from 2026-07-01; the default period follows both.
    await typeDate(page, 'contract-accepted-on', '2026-07-01')
    await err.waitFor({ state: 'detached' })
    await field(page, 'contract-warranty-months').fill('36')
    await field(page, 'contract-warranty-months').press('Tab')
    const coverage = await text(page.getByTestId('summary-coverage'))
    assert.ok(coverage.startsWith(zh('customers.form.span', { from: SIGNED, to: '2029-06-30' })) && coverage.endsWith(zh('customers.form.is_default')), `the default service period follows: ${coverage}`)
    assert.ok((await text(page.getByTestId('summary-warranty'))).includes(zh('customers.edit.changed')))
    const saved = patchOf(page, `/contracts/${contract.id}`)
    await page.getByTestId('contract-save').click()
    const ok = await saved
    assert.equal(ok.status(), 200)
    assert.deepEqual(JSON.parse(ok.request().postData()), { title, accepted_on: '2026-07-01', warranty_months: 36 })
    await success(page, zh('customers.edit.saved', { number: NUMBER })).waitFor()
    await page.getByTestId('compliance-page').waitFor() // back where it was opened from
    await page.getByTestId('contract-coverage').filter({ hasText: `${SIGNED} — 2029-06-30` }).waitFor()
    k = await manager.ok('GET', `/contracts/${contract.id}`)
    assert.equal(k.title, title)
    assert.equal(k.accepted_on, '2026-07-01')
    assert.equal(k.warranty_months, 36)
    assert.deepEqual(k.coverage, { from: SIGNED, to: '2029-06-30' })
    assert.equal(k.construction_deadline, '2026-05-15')
    assert.equal(k.number, NUMBER)
    assert.equal(k.signed_on, SIGNED)
    await shots.take(page, 'compliance-after-edit')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('manager renames a customer and its system: 客户与合同, 合同履约 and the intake suggestion follow', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  const agentCtx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'manager')
    await page.getByTestId('menu-customers').click()
    await page.getByTestId('customers-page').waitFor()
    const card = cardOf(page, NAME)
    await card.waitFor()
    await card.getByTestId('customer-edit').click()
    const dlg = page.getByTestId('customer-dialog')
    await dlg.waitFor()
    assert.equal(await dlg.getAttribute('data-mode'), 'edit')
    assert.equal(await field(page, 'customer-name').inputValue(), NAME)
    assert.equal(await field(page, 'customer-phone').inputValue(), PHONE_NO)
    // Another customer's name: refused at 客户名称.
    const other = (await manager.ok('GET', '/customers')).items.find((c) => c.id !== customer.id)
    await field(page, 'customer-name').fill(other.name)
    await page.getByTestId('customer-save').click()
    const err = itemOf(page, 'customer-name').locator('.el-form-item__error')
    await err.waitFor()
    assert.equal(await text(err), `已有名为“${other.name}”的客户`)
    assert.equal(await field(page, 'customer-contact').inputValue(), '周主任', 'nothing typed is lost')
    await shots.take(page, 'customer-duplicate-name')
    await field(page, 'customer-name').fill(RENAMED)
    await field(page, 'customer-contact').fill('周副主任')
    const answer = patchOf(page, `/customers/${customer.id}`)
    await page.getByTestId('customer-save').click()
    const res = await answer
    assert.equal(res.status(), 200)
    assert.deepEqual(JSON.parse(res.request().postData()), { name: RENAMED, contact: '周副主任' })
    const renamed = cardOf(page, RENAMED)
    await renamed.waitFor()
    assert.equal(await cardOf(page, NAME).count(), 0)

    // The system, from its tag.
    await renamed.getByTestId('system-tag').filter({ hasText: SYSTEM }).getByTestId('system-rename').click()
    await page.getByTestId('system-dialog').waitFor()
    assert.equal(await field(page, 'system-name').inputValue(), SYSTEM)
    await field(page, 'system-name').fill(SYSTEM_RENAMED)
    await page.getByTestId('system-save').click()
    await renamed.getByTestId('system-tag').filter({ hasText: SYSTEM_RENAMED }).waitFor()
    await shots.take(page, 'customer-renamed')
    const c = await manager.ok('GET', `/customers/${customer.id}`)
    assert.deepEqual([c.name, c.contact, c.phone], [RENAMED, '周副主任', PHONE_NO])
    assert.deepEqual((await manager.ok('GET', `/customers/${customer.id}/systems`)).items.map((s) => s.name), [SYSTEM_RENAMED])

    // 合同履约 names the customer by its new name.
    await page.getByTestId('menu-manager-contracts').click()
    await page.getByTestId('contracts-page').waitFor()
    const tr = page.locator('.el-table__row', { has: page.locator(`[data-test="contract-row"][data-id="${contract.id}"]`) })
    await tr.waitFor()
    assert.ok((await text(tr)).includes(RENAMED), '合同履约 shows the new name')
    await shots.take(page, 'contracts-renamed')

    // An agent's intake suggests the customer by its new name for its phone.
    const agent = await loginAs(agentCtx, 'agent')
    await agent.getByTestId('intake-page').waitFor()
    await agent.waitForFunction(() => document.activeElement && document.activeElement.getAttribute('data-test') === 'intake-phone')
    await agent.keyboard.type(PHONE_NO)
    const suggestion = agent.getByTestId('intake-suggestion')
    await suggestion.waitFor({ timeout: 5000 })
    assert.ok((await text(suggestion)).includes(RENAMED), `the suggestion names ${RENAMED}`)
    assert.ok((await text(suggestion)).includes('周副主任'))
    await shots.take(agent, 'intake-suggests-new-name')
    assert.deepEqual(ctx.problems, [])
    assert.deepEqual(agentCtx.problems, [])
  } finally {
    await ctx.close()
    await agentCtx.close()
  }
})

test('phone (390 px) and English: the acceptance dialog and the edit form fit and are translated', async () => {
  const ctx = await newContext(browser, { viewport: PHONE, isMobile: true })
  try {
    const page = await loginAs(ctx, 'manager')
    await page.goto(page.url().replace(/\/[^/]*$/, '/customers'))
    await page.getByTestId('customers-page').waitFor()
    const card = cardOf(page, RENAMED)
    await card.waitFor()
    await card.scrollIntoViewIfNeeded()
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), '客户与合同 fits 390 px')
    await shots.take(page, 'phone-card', { fullPage: false })
    await card.getByTestId('customer-contract-edit').click()
    await page.getByTestId('contract-edit').waitFor()
    await field(page, 'contract-number').waitFor()
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the edit form fits 390 px')
    await shots.take(page, 'phone-edit-form', { fullPage: false })
    await page.getByTestId('lang-button').click()
    await page.getByTestId('lang-en').click()
    await page.locator('h2', { hasText: en.edit.title }).waitFor()
    assert.equal(await text(page.getByTestId('contract-save')), en.edit.save)
    assert.equal(await field(page, 'contract-construction-deadline').getAttribute('placeholder'), en.form.default_date.replace('{d}', '2026-05-15'))
    await shots.take(page, 'phone-edit-form-en', { fullPage: false })
    // Nothing changed: leaving does not ask.
    await page.getByTestId('contract-cancel').click()
    await page.getByTestId('customers-page').waitFor()
    await page.goto(page.url().replace(/\/customers.*$/, `/contracts/${contract.id}`))
    await page.getByTestId('compliance-accept').click()
    await page.getByTestId('accept-dialog').waitFor()
    assert.ok((await text(page.getByTestId('accept-dialog'))).includes(en.accept.title_change))
    await shots.take(page, 'phone-accept-dialog-en', { fullPage: false })
    const [w, vw] = await fits(page)
    assert.ok(w <= vw, `the compliance page and the dialog fit 390 px (${w} > ${vw})`)
    await page.keyboard.press('Escape')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})
