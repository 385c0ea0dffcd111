// Test 4 (CON-4, SEC-1): Party A sees only their own customer's data. As `hospital`,
// a ticket of another customer opened by typing its address shows "not found" and
// nothing of that ticket (no title, number, caller, description); the API answered
// 404 exactly as for a missing ticket. One of the hospital's own tickets opens.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newContext, loginAs, screenshots, apiLogin, zh, BASE, DESKTOP } from './lib/harness.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('Party A (hospital) cannot open another customer\'s ticket by URL, but opens their own', async () => {
  const shots = screenshots('isolation')
  const manager = await apiLogin('manager')
  const users = (await manager.ok('GET', '/users')).items
  const hospitalUser = users.find((u) => u.login === 'hospital')
  const transportUser = users.find((u) => u.login === 'transport')
  assert.ok(hospitalUser && transportUser)
  assert.notEqual(hospitalUser.customer_id, transportUser.customer_id)

  // Another customer's ticket with distinctive data, and one of the hospital's own.
  const others = (await manager.ok('GET', `/tickets?customer_id=${transportUser.customer_id}&limit=50`)).items
  const other = others.find((t) => t.title && t.caller_phone && t.caller_name)
  assert.ok(other, 'a ticket of the transport department')
  const otherFull = await manager.ok('GET', `/tickets/${other.id}`)
  const own = (await manager.ok('GET', `/tickets?customer_id=${hospitalUser.customer_id}&limit=50`)).items[0]
  assert.ok(own, 'a ticket of the hospital')
  // Titles repeat across customers in the demo data; the hospital must have none with
  // the other ticket's title for the "title not shown" check to mean something.
  const secret = [other.number, other.caller_phone, otherFull.caller_name, otherFull.customer_name]
  if (!(await manager.ok('GET', `/tickets?customer_id=${hospitalUser.customer_id}&limit=500`)).items.some((t) => t.title === other.title)) secret.push(other.title)
  if (otherFull.description) secret.push(otherFull.description)
  const missingId = 987654321

  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'hospital')
    const answers = []
    page.on('response', async (r) => {
      const m = /\/api\/v1\/tickets\/(\d+)$/.exec(new URL(r.url()).pathname)
      if (m) answers.push({ id: Number(m[1]), status: r.status(), body: await r.text().catch(() => '') })
    })

    // Someone else's ticket, typed into the address bar.
    await page.goto(`${BASE}/tickets/${other.id}`)
    const error = page.getByTestId('ticket-error')
    await error.waitFor()
    assert.ok((await error.textContent()).includes(zh('common.ticket.not_found')), 'the page says 工单不存在或无权查看')
    assert.equal(await page.getByTestId('ticket-header').count(), 0, 'no ticket header')
    assert.equal(await page.getByTestId('ticket-timeline').count(), 0, 'no timeline')
    assert.equal(await page.getByTestId('ticket-metrics').count(), 0, 'no SLA metrics')
    const html = await page.content()
    for (const s of secret) assert.ok(!html.includes(s), `the page does not contain "${s}"`)
    const answerOther = answers.find((a) => a.id === other.id)
    assert.ok(answerOther, 'the page asked the API for the ticket')
    assert.equal(answerOther.status, 404)
    for (const s of secret) assert.ok(!answerOther.body.includes(s), `the API answer does not contain "${s}"`)
    await shots.take(page, 'other-customers-ticket-not-found')

    // A ticket that does not exist reads exactly the same (nothing tells which ids exist).
    await page.goto(`${BASE}/tickets/${missingId}`)
    await page.getByTestId('ticket-error').waitFor()
    const answerMissing = answers.find((a) => a.id === missingId)
    assert.equal(answerMissing.status, 404)
    assert.equal(JSON.parse(answerMissing.body).error.message, JSON.parse(answerOther.body).error.message)
    assert.equal((await page.getByTestId('ticket-error').textContent()).trim(), (await error.textContent()).trim())
    await shots.take(page, 'missing-ticket-not-found')

    // Their own ticket opens.
    await page.goto(`${BASE}/tickets/${own.id}`)
    await page.getByTestId('ticket-header').waitFor()
    assert.equal((await page.getByTestId('ticket-number').textContent()).trim(), own.number)
    assert.equal((await page.getByTestId('ticket-title').textContent()).trim(), own.title)
    assert.equal(await page.getByTestId('ticket-error').count(), 0)
    await page.getByTestId('ticket-timeline').waitFor()
    await shots.take(page, 'own-ticket')

    // The hospital's list holds only the hospital's tickets.
    await page.getByTestId('menu-partya-tickets').click()
    await page.getByTestId('partya-tickets').waitFor()
    await page.getByTestId('ticket-row').first().waitFor()
    const numbers = await page.getByTestId('ticket-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')))
    assert.ok(!numbers.includes(other.number), 'the other customer\'s ticket is not listed')
    const mine = new Set((await manager.ok('GET', `/tickets?customer_id=${hospitalUser.customer_id}&limit=500`)).items.map((t) => t.number))
    for (const n of numbers) assert.ok(mine.has(n), `${n} is the hospital's`)
    await shots.take(page, 'own-list')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})
