// Test 3 (CON-2, CON-3, SLA-2): a late first response appears in the contract's
// penalty ledger. Set up through the API: a new customer with one contract (its value
// chosen so that 0.03% of it ends in half a fen: 1,234,550.00 x 0.0003 = 370.365 yuan,
// rounded half up per event to 370.37), and a phone ticket a team leader logs after
// the fact (received 2 hours ago, first contact and diagnosis 1 hour ago: the 5-minute
// first response is 55 minutes late; the 60-minute remote response stops exactly at its
// due second, which is met). Then, in the browser, the manager finds the contract on
// the 合同履约 screen, opens its compliance page and sees the late event in the
// penalty ledger with its amount exact to the fen, the strike count (1 of 3) and the
// totals, and follows the ledger's link to the ticket.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newContext, loginAs, screenshots, field, apiLogin, beijing, zh, runTag, DESKTOP } from './lib/harness.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

/** value (fen) x 0.0003, rounded half up, in fen, exactly. */
function penaltyFen(valueFen, rate = [3n, 10000n]) {
  const [num, den] = rate
  return (BigInt(valueFen) * num * 2n + den) / (2n * den)
}
/** Integer fen -> "¥1,234.56". */
function yuan(fen) {
  const n = BigInt(fen)
  const int = (n / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `¥${int}.${String(n % 100n).padStart(2, '0')}`
}
/** The date (Beijing) some days from today, "YYYY-MM-DD". */
const day = (days) => beijing(Date.now() + days * 86400 * 1000).slice(0, 10)
const wall = (rfc3339) => rfc3339.slice(0, 19).replace('T', ' ')

test('a late first response shows in the manager\'s penalty ledger with its amount (to the fen) and the strike count', async () => {
  const shots = screenshots('late-ledger')
  const tag = runTag()
  const manager = await apiLogin('manager')
  const leader = await apiLogin('leader')
  assert.equal(leader.user.role, 'team_leader')

  // ---- set-up through the API ---------------------------------------------------------
  const customer = await manager.ok('POST', '/customers', { name: `测试履约客户 ${tag}`, contact: '陈科长', phone: '0571-80000000' })
  const system = await manager.ok('POST', `/customers/${customer.id}/systems`, { name: '综合办公平台' })
  const number = `HT-E2E-${tag}`.toUpperCase()
  const contract = await manager.ok('POST', '/contracts', {
    customer_id: customer.id,
    number,
    title: `${customer.name} 运维服务合同`,
    value: '1234550.00',
    // Signed a year ago, accepted ten months ago: today is inside the service period.
    signed_on: day(-365),
    accepted_on: day(-300),
    system_ids: [system.id],
  })
  assert.equal(contract.penalty_rate, '0.0003', 'the default rate is 万分之三')
  const valueFen = 123455000n
  assert.equal(String(contract.value.fen), String(valueFen))
  const perEvent = penaltyFen(valueFen)
  assert.equal(perEvent, 37037n, '370.365 yuan rounds half up to 370.37')

  const now = Date.now()
  const receivedMs = Math.floor(now / 1000) * 1000 - 2 * 3600 * 1000
  const contactMs = receivedMs + 3600 * 1000
  const title = `财务报表导出失败 ${tag}`
  const created = await leader.ok('POST', '/tickets', {
    customer_id: customer.id,
    system_id: system.id,
    channel: 'phone',
    type: 'fault',
    priority: 'P3',
    title,
    caller_name: '陈科长',
    caller_phone: '0571-80000000',
    received_at: beijing(receivedMs),
  })
  assert.equal(created.contract_id, contract.id, 'the ticket falls under the new contract')
  await leader.ok('POST', `/tickets/${created.id}/events`, { kind: 'first_contact', at: beijing(contactMs), note: '补录：一小时前已电话联系' })
  const tk = await leader.ok('POST', `/tickets/${created.id}/events`, { kind: 'diagnosed', at: beijing(contactMs), note: '补录：远程诊断' })
  assert.equal(tk.metrics.acknowledge.state, 'late', 'API: the first response is late')
  assert.equal(tk.metrics.acknowledge.late_by_s, 3300)
  assert.equal(tk.metrics.response.state, 'met', 'API: the remote response stopped at its due second is met (SLA-2)')
  const dueWall = wall(beijing(receivedMs + 300 * 1000))
  const actualWall = wall(beijing(contactMs))

  const ledgerApi = await manager.ok('GET', `/contracts/${contract.id}/compliance`)
  assert.equal(ledgerApi.strikes, 1)
  assert.equal(ledgerApi.ledger.length, 1)
  assert.equal(String(ledgerApi.ledger[0].amount.fen), String(perEvent))

  // ---- the manager, in the browser ----------------------------------------------------
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'manager')
    await page.getByTestId('contracts-page').waitFor() // the manager's home: 合同履约
    await field(page, 'contracts-search').fill(number)
    const row = page.locator(`[data-test="contract-row"][data-id="${contract.id}"]`)
    await row.waitFor()
    const tr = page.locator('tr', { has: row })
    await tr.locator('[data-test="contract-state"][data-state="normal"]').waitFor()
    assert.equal((await tr.getByTestId('contract-state').textContent()).trim(), zh('manager.state.normal'))
    assert.ok((await tr.textContent()).includes('1 / 3'), 'the list shows 1 strike of 3')
    assert.equal((await tr.getByTestId('contract-payable').textContent()).trim(), yuan(perEvent))
    await shots.take(page, 'contracts-list')

    await row.click()
    await page.waitForURL((u) => u.pathname === `/contracts/${contract.id}`)
    await page.getByTestId('compliance-page').waitFor()
    await page.getByTestId('ledger-table').waitFor()
    assert.equal((await page.getByTestId('contract-number').textContent()).trim(), number)
    assert.ok((await page.getByTestId('contract-value').textContent()).includes('¥1,234,550.00'))
    assert.ok((await page.getByTestId('contract-penalty_per_event').textContent()).includes(yuan(perEvent)))

    // State and strikes (CON-3): 1 late response of 3, still normal.
    const state = page.getByTestId('compliance-state')
    assert.equal(await state.getAttribute('data-state'), 'normal')
    assert.equal((await page.getByTestId('state-tag').textContent()).trim(), zh('manager.state.normal'))
    const strikes = (await page.getByTestId('kpi-strikes').locator('.k-value').textContent()).replace(/\s+/g, '')
    assert.equal(strikes, '1/3', 'strike count')
    assert.ok((await page.getByTestId('kpi-strikes').textContent()).includes(zh('manager.kpi.strikes')))
    const late = (await page.getByTestId('kpi-late').locator('.k-value').textContent()).replace(/\s+/g, '')
    assert.equal(late, `1${zh('manager.kpi.responses')}·0${zh('manager.kpi.handlings')}`.replace(/\s+/g, ''))
    assert.equal((await page.getByTestId('penalty-total').textContent()).trim(), yuan(perEvent))

    // The ledger (CON-2): the one late event, its metric, due and actual time, amount.
    const ledgerRows = page.locator('[data-test="ledger-table"] .el-table__body tr')
    assert.equal(await ledgerRows.count(), 1, 'one late event in the ledger')
    const lrow = ledgerRows.first()
    assert.equal((await lrow.getByTestId('ledger-ticket').textContent()).trim(), created.number)
    assert.equal(await lrow.getByTestId('ledger-ticket').getAttribute('data-ticket'), String(created.id))
    assert.equal(await lrow.getByTestId('ledger-metric').getAttribute('data-metric'), 'acknowledge')
    assert.equal((await lrow.getByTestId('ledger-metric').textContent()).trim(), zh('common.metrics.acknowledge'))
    assert.equal((await lrow.getByTestId('ledger-amount').textContent()).trim(), yuan(perEvent), '0.03% of the contract value, to the fen')
    const rowText = await lrow.textContent()
    assert.ok(rowText.includes(dueWall), `due ${dueWall} shown`)
    assert.ok(rowText.includes(actualWall), `actual ${actualWall} shown`)
    assert.ok(rowText.includes(zh('common.duration.ms', { m: 55, s: '00' })), 'late by 55 minutes')
    assert.equal((await page.getByTestId('ledger-sum').textContent()).trim(),
      zh('manager.ledger.sum', { n: 1, total: yuan(perEvent), waived: yuan(0), payable: yuan(perEvent) }))
    await shots.take(page, 'compliance-ledger')

    // The ledger's link opens the ticket, whose first response shows late.
    await lrow.getByTestId('ledger-ticket').click()
    await page.getByTestId('ticket-page').waitFor()
    await page.getByTestId('ticket-metrics').waitFor()
    assert.equal((await page.getByTestId('ticket-title').textContent()).trim(), title)
    assert.equal(await page.getByTestId('metric-acknowledge').getAttribute('data-state'), 'late')
    assert.ok((await page.getByTestId('metric-acknowledge').textContent()).includes(zh('common.sla.clock_late', { d: zh('common.duration.ms', { m: 55, s: '00' }) })))
    assert.equal(await page.getByTestId('metric-response').getAttribute('data-state'), 'met')
    // Entries recorded after the fact say when they were entered.
    assert.equal(await page.locator('[data-test="timeline-item"][data-kind="first_contact"] [data-test="timeline-recorded-at"]').count(), 1)
    await shots.take(page, 'ticket-late-acknowledge')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})
