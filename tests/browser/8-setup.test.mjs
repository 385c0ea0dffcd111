// Test 8 (CON-1, CON-5): a vendor sets up its own customer and contract in the browser,
// as `manager`, on 客户与合同:
//   - creates a customer, adds a system to it;
//   - creates a contract for it: value 1234567.89 typed in yuan, a signing date typed
//     into the date picker's hook, the customer's system and an SLA policy an
//     administrator saved (not the default) chosen from their lists, everything else
//     left to the CON-1 defaults the form shows as placeholders;
//   - first with an acceptance date before the signing date: the server's message (in
//     Chinese) shows at 验收上线日期, everything typed is kept, nothing is created;
//     corrected, it saves; the API has the exact value, the policy, the system and the
//     defaults (construction deadline signing + 2 months, warranty 24 months, coverage
//     signing .. end of warranty, 万分之三, cure period 30 days);
//   - 合同履约 lists it with ¥1,234,567.89; its 新建合同 opens the same form, and a
//     duplicate contract number is refused with the server's message at 合同编号;
//   - at 390 px the screens fit the width, and the English switch translates them;
//   - an agent may create customers (the screen without contract creation) but not
//     open the contract form.
// The API only sets up (the administrator's policy) and cross-checks.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { launch, newContext, loginAs, screenshots, field, selectedLabel, apiLogin, zh, runTag, pathOf, REPO, DESKTOP, PHONE } from './lib/harness.mjs'

const ZH = { 'Accept-Language': 'zh-CN' } // as the UI sends: the server's messages in Chinese
const shots = screenshots('setup') // setup-<nn>-<what>.png, numbered across the file's tests
const en = JSON.parse(readFileSync(path.join(REPO, 'web/src/i18n/en/customers.json'), 'utf8'))

const tag = runTag()
const CUSTOMER = { name: `市第三人民医院 ${tag}`, contact: '孙主任', phone: '0571-88123456', address: '解放路 88 号' }
const SYSTEM = `PACS 影像系统 ${tag}`
const NUMBER = `HT-2026-${tag}`
const VALUE = '1234567.89'
const SIGNED = '2026-03-15'
const POLICY = `gold-${tag}`

let browser
let admin
let manager
let created = {} // ids of what the UI created
before(async () => {
  browser = await launch()
  admin = await apiLogin('admin')
  manager = await apiLogin('manager')
  // An SLA policy saved by the administrator (服务等级策略): the one to put to use.
  const body = `policy:
  name: ${POLICY}
  metrics:
    - {name: acknowledge, kind: response, start: received, stop: first_contact,
       target: {default: 5m}, channels: [phone, im]}
    - {name: response, kind: response, start: received, stop: diagnosed,
       target: {P1: 10m, P2: 20m, P3: 30m, P4: 60m}, except_types: [complaint]}
    - {name: repair, kind: handling, start: received, stop: resolved,
       target: {default: 8h}, types: [fault], pause: [waiting_customer]}
`
  await admin.ok('POST', '/policies', { name: POLICY, body })
})
after(async () => {
  await browser?.close()
})

const success = (page, text) => page.locator('.el-message--success', { hasText: text })
/** Picks an option of an el-select by its text. */
async function choose(page, id, text) {
  await page.getByTestId(id).click()
  await page.locator('.el-select-dropdown__item', { hasText: text }).filter({ visible: true }).first().click()
}
/** Types a date into a date picker through its hook (web/README.md) and confirms it. */
async function typeDate(page, id, value) {
  const input = field(page, id)
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.keyboard.press('Escape')
  assert.equal(await input.inputValue(), value, `${id} shows ${value}`)
}
/** The form item (label, error) around a field. */
const itemOf = (page, id) => page.locator('.el-form-item', { has: page.locator(`[data-test="${id}"]`) })
const cardOf = (page, name) => page.locator(`[data-test="customer-card"][data-name="${name}"]`)

test('manager: a customer, its system and a contract with a chosen policy; a bad date is refused at its field', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'manager')
    await page.getByTestId('menu-customers').click()
    await page.getByTestId('customers-page').waitFor()
    assert.equal((await page.getByTestId('menu-customers').textContent()).trim(), zh('customers.menu.customers'))
    await page.getByTestId('customer-card').first().waitFor()

    // A new customer.
    await page.getByTestId('customer-create').click()
    const cdlg = page.getByTestId('customer-dialog')
    await cdlg.waitFor()
    await field(page, 'customer-name').fill(CUSTOMER.name)
    await field(page, 'customer-contact').fill(CUSTOMER.contact)
    await field(page, 'customer-phone').fill(CUSTOMER.phone)
    await field(page, 'customer-address').fill(CUSTOMER.address)
    await shots.take(page, 'customer-form')
    await page.getByTestId('customer-save').click()
    await success(page, zh('customers.customer.created', { name: CUSTOMER.name })).waitFor()
    const card = cardOf(page, CUSTOMER.name)
    await card.waitFor()
    const customer = (await manager.ok('GET', '/customers')).items.find((c) => c.name === CUSTOMER.name)
    assert.ok(customer, 'the customer exists')
    assert.deepEqual({ contact: customer.contact, phone: customer.phone, address: customer.address }, { contact: CUSTOMER.contact, phone: CUSTOMER.phone, address: CUSTOMER.address })
    assert.equal(await card.getAttribute('data-id'), String(customer.id))
    created.customer = customer

    // A system of it.
    await card.getByTestId('system-add').click()
    await page.getByTestId('system-dialog').waitFor()
    await field(page, 'system-name').fill(SYSTEM)
    await page.getByTestId('system-save').click()
    await card.getByTestId('system-tag').filter({ hasText: SYSTEM }).waitFor()
    const systems = (await manager.ok('GET', `/customers/${customer.id}/systems`)).items
    assert.deepEqual(systems.map((s) => s.name), [SYSTEM])
    created.system = systems[0]
    await shots.take(page, 'customer-with-system')

    // The contract form for this customer, the customer already chosen.
    await card.getByTestId('customer-contract-add').click()
    await page.getByTestId('contract-new').waitFor()
    assert.equal(pathOf(page), '/contracts/new')
    assert.equal(await selectedLabel(page, 'contract-customer'), CUSTOMER.name)
    // The CON-1 defaults, shown before anything is typed.
    assert.equal(await field(page, 'contract-penalty-rate').getAttribute('placeholder'), zh('customers.form.rate_ph', { rate: '0.0003' }))
    assert.equal(await field(page, 'contract-warranty-months').getAttribute('placeholder'), '24')
    assert.equal(await field(page, 'contract-cure-days').getAttribute('placeholder'), '30')
    assert.equal(await field(page, 'contract-free-engineers').getAttribute('placeholder'), '1')
    assert.equal(await field(page, 'contract-construction-deadline').getAttribute('placeholder'), zh('customers.form.deadline_ph'))

    await field(page, 'contract-number').fill(NUMBER)
    await field(page, 'contract-title').fill(`${CUSTOMER.name} 运维服务合同`)
    await field(page, 'contract-value').fill(VALUE)
    assert.equal((await page.getByTestId('contract-value-shown').textContent()).trim(), '¥1,234,567.89')
    await typeDate(page, 'contract-signed-on', SIGNED)
    // The defaults follow the signing date: construction deadline and service period.
    assert.equal(await field(page, 'contract-construction-deadline').getAttribute('placeholder'), zh('customers.form.default_date', { d: '2026-05-15' }))
    assert.equal(await field(page, 'contract-coverage-from').getAttribute('placeholder'), zh('customers.form.default_date', { d: SIGNED }))
    await choose(page, 'contract-systems', SYSTEM)
    await page.keyboard.press('Escape')
    await choose(page, 'contract-policy', POLICY)
    assert.equal(await selectedLabel(page, 'contract-policy'), POLICY)
    // 万分之三 of 1,234,567.89 is 370.370367 -> ¥370.37 per late event.
    assert.equal((await page.getByTestId('summary-per_event').textContent()).trim(), '¥370.37')
    // By mistake, accepted before it was signed.
    await typeDate(page, 'contract-accepted-on', '2026-03-01')
    await shots.take(page, 'contract-filled')

    // What the server says to a Chinese screen about such a contract.
    const probe = await manager.post('/contracts', { customer_id: customer.id, number: `${NUMBER}-probe`, value: VALUE, signed_on: SIGNED, accepted_on: '2026-03-01' }, ZH)
    assert.equal(probe.status, 422)
    assert.equal(probe.body.error.field, 'accepted_on')
    const dateMessage = probe.body.error.message
    assert.equal(dateMessage, '验收上线日期早于签订日期')

    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/contracts') && r.request().method() === 'POST')
    await page.getByTestId('contract-save').click()
    assert.equal((await refused).status(), 422)
    const err = itemOf(page, 'contract-accepted-on').locator('.el-form-item__error')
    await err.waitFor()
    assert.equal((await err.textContent()).trim(), dateMessage)
    assert.ok((await itemOf(page, 'contract-accepted-on').locator('.el-form-item__label').textContent()).includes(zh('customers.form.accepted_on')))
    assert.equal(await page.locator('.el-form-item__error').count(), 1, 'only that field is marked')
    assert.equal(await page.locator('.el-message-box').count(), 0, 'no message box instead')
    // Nothing typed is lost; nothing was created.
    assert.equal(pathOf(page), '/contracts/new')
    assert.equal(await selectedLabel(page, 'contract-customer'), CUSTOMER.name)
    assert.equal(await field(page, 'contract-number').inputValue(), NUMBER)
    assert.equal(await field(page, 'contract-value').inputValue(), VALUE)
    assert.equal(await field(page, 'contract-signed-on').inputValue(), SIGNED)
    assert.equal(await field(page, 'contract-accepted-on').inputValue(), '2026-03-01')
    assert.equal(await selectedLabel(page, 'contract-policy'), POLICY)
    assert.ok((await page.getByTestId('contract-systems').textContent()).includes(SYSTEM), 'the system is still chosen')
    assert.equal((await manager.ok('GET', '/contracts')).items.filter((k) => k.number === NUMBER).length, 0, 'no contract was created')
    await shots.take(page, 'server-error-at-accepted-on')

    // Corrected, it saves; back on 客户与合同, the customer's card has the contract.
    await typeDate(page, 'contract-accepted-on', '2026-05-20')
    await err.waitFor({ state: 'detached' }) // the error goes when the date changes
    await page.getByTestId('contract-save').click()
    await success(page, NUMBER).waitFor()
    await page.getByTestId('customers-page').waitFor()
    const row = cardOf(page, CUSTOMER.name).locator(`[data-test="customer-contract"][data-number="${NUMBER}"]`)
    await row.waitFor()
    assert.equal((await row.getByTestId('customer-contract-value').textContent()).trim(), '¥1,234,567.89')
    await shots.take(page, 'customer-with-contract')

    // The API has it exactly, with the chosen terms and the CON-1 defaults.
    const k = (await manager.ok('GET', '/contracts')).items.find((x) => x.number === NUMBER)
    assert.ok(k, 'the contract exists')
    created.contract = k
    assert.equal(k.customer_id, customer.id)
    assert.deepEqual(k.value, { fen: 123456789, yuan: VALUE })
    assert.equal(k.policy, POLICY)
    assert.deepEqual(k.system_ids, [created.system.id])
    assert.equal(k.signed_on, SIGNED)
    assert.equal(k.accepted_on, '2026-05-20')
    assert.equal(k.construction_deadline, '2026-05-15')
    assert.equal(k.warranty_months, 24)
    assert.deepEqual(k.coverage, { from: SIGNED, to: '2028-05-19' })
    assert.equal(k.penalty_rate, '0.0003')
    assert.deepEqual(k.penalty_per_event, { fen: 37037, yuan: '370.37' })
    assert.equal(k.cure_days, 30)
    assert.equal(k.free_resident_engineers, 1)
    assert.equal(k.tz, 'Asia/Shanghai')

    // 合同履约 lists it with its value.
    await page.getByTestId('menu-manager-contracts').click()
    await page.getByTestId('contracts-page').waitFor()
    const link = page.locator(`[data-test="contract-row"][data-id="${k.id}"]`)
    await link.waitFor()
    const tr = page.locator('.el-table__row', { has: link })
    assert.equal((await link.textContent()).trim(), NUMBER)
    assert.ok((await tr.textContent()).includes('¥1,234,567.89'), '合同履约 shows ¥1,234,567.89')
    assert.ok((await tr.textContent()).includes(CUSTOMER.name))
    await tr.getByTestId('contract-state').waitFor()
    assert.equal(await tr.getByTestId('contract-state').getAttribute('data-state'), 'normal')
    await shots.take(page, 'contracts-list')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('manager: 新建合同 on 合同履约; a duplicate contract number is refused at 合同编号, the form kept', async () => {
  assert.ok(created.contract, 'the first test created the contract')
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'manager')
    await page.getByTestId('contracts-page').waitFor()
    await page.getByTestId('contract-create').click()
    await page.getByTestId('contract-new').waitFor()
    await choose(page, 'contract-customer', CUSTOMER.name)
    await field(page, 'contract-number').fill(NUMBER)
    await field(page, 'contract-value').fill('680,000')
    await typeDate(page, 'contract-signed-on', '2026-04-01')
    await field(page, 'contract-cure-days').fill('15')

    const dup = await manager.post('/contracts', { customer_id: created.customer.id, number: NUMBER, value: '680000.00', signed_on: '2026-04-01' }, ZH)
    assert.equal(dup.status, 409)
    assert.equal(dup.body.error.field, 'number')
    assert.equal(dup.body.error.message, `合同编号 ${NUMBER} 已存在`)

    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/contracts') && r.request().method() === 'POST')
    await page.getByTestId('contract-save').click()
    const res = await answer
    assert.equal(res.status(), 409)
    // The value went as exact yuan ("680,000" -> "680000.00"), the cure period as typed.
    const sent = JSON.parse(res.request().postData())
    assert.equal(sent.value, '680000.00')
    assert.equal(sent.cure_days, 15)
    assert.equal(sent.policy, undefined, 'a term left empty is not sent: the server applies its default')
    const err = itemOf(page, 'contract-number').locator('.el-form-item__error')
    await err.waitFor()
    assert.equal((await err.textContent()).trim(), dup.body.error.message)
    assert.equal(await page.locator('.el-form-item__error').count(), 1)
    assert.equal(await field(page, 'contract-number').inputValue(), NUMBER)
    assert.equal(await field(page, 'contract-value').inputValue(), '680,000')
    assert.equal(await field(page, 'contract-signed-on').inputValue(), '2026-04-01')
    assert.equal(await field(page, 'contract-cure-days').inputValue(), '15')
    assert.equal((await manager.ok('GET', '/contracts')).items.filter((k) => k.number === NUMBER).length, 1, 'still one contract of that number')
    await shots.take(page, 'duplicate-number')

    // Leaving with unsaved input asks first; staying keeps it all.
    await page.getByTestId('contract-cancel').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await shots.take(page, 'leave-confirm')
    await box.getByRole('button', { name: zh('customers.form.stay') }).click()
    await box.waitFor({ state: 'detached' })
    assert.equal(pathOf(page), '/contracts/new')
    assert.equal(await field(page, 'contract-number').inputValue(), NUMBER)
    await page.getByTestId('contract-cancel').click()
    await page.locator('.el-message-box').getByRole('button', { name: zh('customers.form.leave') }).click()
    await page.getByTestId('contracts-page').waitFor()
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('phone (390 px) and English: the screens fit and are translated', async () => {
  const ctx = await newContext(browser, { viewport: PHONE, isMobile: true })
  try {
    const page = await loginAs(ctx, 'manager')
    await page.goto(page.url().replace(/\/[^/]*$/, '/customers'))
    await page.getByTestId('customers-page').waitFor()
    await cardOf(page, CUSTOMER.name).waitFor()
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), '客户与合同 fits 390 px')
    await shots.take(page, 'phone-customers')
    await cardOf(page, CUSTOMER.name).getByTestId('customer-contract-add').click()
    await page.getByTestId('contract-new').waitFor()
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the contract form fits 390 px')
    await field(page, 'contract-value').fill('1234567.8')
    assert.equal((await page.getByTestId('contract-value-shown').textContent()).trim(), '¥1,234,567.80')
    await shots.take(page, 'phone-contract-form', { fullPage: false })

    // The English switch.
    await page.getByTestId('lang-button').click()
    await page.getByTestId('lang-en').click()
    await page.locator('h2', { hasText: en.form.title }).waitFor()
    assert.equal(await field(page, 'contract-penalty-rate').getAttribute('placeholder'), en.form.rate_ph.replace('{rate}', '0.0003'))
    await page.getByTestId('contract-cancel').click()
    await page.locator('.el-message-box').getByRole('button', { name: en.form.leave }).click()
    await page.getByTestId('customers-page').waitFor()
    await page.locator('h2', { hasText: en.title }).waitFor()
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'in English too')
    await shots.take(page, 'phone-customers-en')
    await page.getByTestId('lang-button').click()
    await page.getByTestId('lang-zh-CN').click()
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('agent: creates a customer on 客户与合同, but creates no contracts', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'agent')
    await page.getByTestId('intake-page').waitFor() // an agent's home stays intake
    await page.getByTestId('menu-customers').click()
    await page.getByTestId('customers-page').waitFor()
    await cardOf(page, CUSTOMER.name).waitFor()
    assert.equal(await page.getByTestId('contract-create').count(), 0, 'no 新建合同 for an agent')
    assert.equal(await page.getByTestId('customer-contract-add').count(), 0)
    // The contract is listed (CON-5: is the caller's customer in service?), without a link to 合同履约.
    const row = cardOf(page, CUSTOMER.name).locator(`[data-test="customer-contract"][data-number="${NUMBER}"]`)
    assert.equal(await row.getByTestId('contract-coverage-state').getAttribute('data-state'), 'active')
    assert.equal(await row.locator('a').count(), 0)

    // A duplicate customer name: the server's message at 客户名称.
    await page.getByTestId('customer-create').click()
    await field(page, 'customer-name').fill(CUSTOMER.name)
    await page.getByTestId('customer-save').click()
    const err = itemOf(page, 'customer-name').locator('.el-form-item__error')
    await err.waitFor()
    assert.equal((await err.textContent()).trim(), `已有名为“${CUSTOMER.name}”的客户`)
    assert.equal(await field(page, 'customer-name').inputValue(), CUSTOMER.name)
    const name = `县人民医院 ${tag}`
    await field(page, 'customer-name').fill(name)
    await page.getByTestId('customer-save').click()
    await cardOf(page, name).waitFor()
    await shots.take(page, 'agent-customers')

    // The contract form is not for agents.
    await page.goto(page.url().replace(/\/customers.*$/, '/contracts/new'))
    await page.waitForURL((u) => u.pathname === '/forbidden')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})
