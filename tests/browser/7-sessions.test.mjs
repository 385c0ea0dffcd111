// Test 7 (SEC-1, TKT-2, TKT-4): several people, tabs and sessions at once.
//   1. Two tabs of one browser (one cookie): the engineer types a note in tab 1; in tab 2
//      someone logs in as another engineer. Tab 1 says so at once (已在其他标签页以 …
//      身份登录), sends nothing (the typed note is not recorded under the other name)
//      and reloads at the new user's home; a logout in tab 2 sends tab 1 to the login page.
//   5. The team leader and the manager (two browsers) sign the same approval of the
//      TKT-2 form at the same moment: one signature wins; the other keeps the opinion
//      typed, with the server's 409 message at the approval, which shows who signed.
//   6. The engineer has the flow dialog open (已解决, a note typed) when the team leader
//      resolves the ticket in their browser: the dialog says who did what, keeps the
//      note, no longer offers 已解决 but the steps that make sense now (关闭工单), and the
//      note goes out with the step chosen.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { demoUsers, launch, newContext, loginAs, screenshots, field, apiLogin, zh, runTag, BASE, DESKTOP, PHONE } from './lib/harness.mjs'

let browser
let leader // API client (team leader), for set-up and cross-checks
let users
before(async () => {
  browser = await launch()
  leader = await apiLogin('leader')
  users = await demoUsers(leader)
})
after(async () => {
  await browser?.close()
})

const user = (login) => users.byLogin(login)

/** A fresh ticket for the 区教育局, assigned to the engineer (API set-up). */
async function freshTicket(title) {
  const customers = (await leader.ok('GET', '/customers')).items
  const customer = customers.find((c) => c.name === '区教育局') || customers[0]
  const systems = (await leader.ok('GET', `/customers/${customer.id}/systems`)).items
  const tk = await leader.ok('POST', '/tickets', {
    customer_id: customer.id,
    system_id: systems[0] && systems[0].id,
    channel: 'phone',
    type: 'fault',
    priority: 'P3',
    title,
    caller_name: '周老师',
    caller_phone: '0571-81234567',
  })
  await leader.ok('POST', `/tickets/${tk.id}/events`, { kind: 'assigned', data: { assignee_id: user('engineer').id } })
  return tk
}

test('two tabs, one browser: logging in as someone else in tab 2 is noticed in tab 1 at once, nothing is sent under the new name', async () => {
  const shots = screenshots('sessions-tabs')
  const tk = await freshTicket(`多媒体教室投影无信号 ${runTag()}`)
  const engineer = user('engineer')
  const engineer2 = user('engineer2')
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    // Tab 1: the engineer, on the ticket, typing a note.
    const tab1 = await loginAs(ctx, 'engineer')
    await tab1.goto(`${BASE}/tickets/${tk.id}`)
    await tab1.getByTestId('ticket-number').waitFor()
    const title = `${zh('common.title.ticket_n', { number: tk.number })} - aftercare 售后服务平台`
    await tab1.waitForFunction((want) => document.title === want, title, { timeout: 2000 }) // the tab names the ticket
    const typed = `已电话联系周老师，确认投影仪无信号 ${runTag()}`
    await field(tab1, 'composer-text').fill(typed)
    assert.equal((await tab1.getByTestId('current-user-name').textContent()).trim(), engineer.display_name)

    // Tab 2 (same browser, same cookie): someone logs in as the other engineer.
    const tab2 = await loginAs(ctx, 'engineer2')
    assert.equal((await tab2.getByTestId('current-user-name').textContent()).trim(), engineer2.display_name)

    // Tab 1 notices at once, without being touched.
    await tab1.bringToFront()
    const notice = tab1.getByTestId('session-notice')
    await notice.waitFor({ timeout: 2000 })
    assert.equal((await tab1.getByTestId('session-notice-text').textContent()).trim(), zh('common.session.other_user', { name: engineer2.display_name }))
    assert.equal(await notice.getAttribute('data-user'), String(engineer2.id))
    await shots.take(tab1, 'tab1-notice')

    // Whatever tab 1 still tries to send is held: the note's button, pressed behind the
    // notice (a script's click, as a stray Enter would), sends no request.
    const sent = []
    tab1.on('request', (r) => {
      if (r.method() !== 'GET' && r.url().includes('/api/v1/')) sent.push(`${r.method()} ${r.url()}`)
    })
    await tab1.getByTestId('composer-submit').dispatchEvent('click')
    await tab1.waitForTimeout(800)
    assert.deepEqual(sent, [], 'tab 1 sent nothing after the session changed')
    const tl = (await leader.ok('GET', `/tickets/${tk.id}`)).timeline
    assert.ok(!tl.some((e) => (e.note || '').includes(typed)), 'the typed note was not recorded (under either name)')
    assert.equal(await field(tab1, 'composer-text').inputValue(), typed, 'the typed note is still on screen')

    // Continuing reloads tab 1 at the new user's home.
    await Promise.all([tab1.waitForEvent('load'), tab1.getByTestId('session-notice-go').click()])
    await tab1.getByTestId('logout').waitFor()
    assert.equal((await tab1.getByTestId('current-user-name').textContent()).trim(), engineer2.display_name)
    assert.equal(new URL(tab1.url()).pathname, '/my-tickets', "the other engineer's home")
    assert.equal(await tab1.getByTestId('session-notice').count(), 0)
    await shots.take(tab1, 'tab1-reloaded-as-engineer2')

    // A logout in tab 2: tab 1 is told and goes to the login page, coming back to where it was.
    await tab2.bringToFront()
    await tab2.getByTestId('logout').click()
    await tab2.getByTestId('login-page').waitFor()
    await tab1.bringToFront()
    await tab1.getByTestId('session-notice').waitFor({ timeout: 2000 })
    assert.equal((await tab1.getByTestId('session-notice-text').textContent()).trim(), zh('common.session.logged_out'))
    await shots.take(tab1, 'tab1-logged-out-notice')
    await Promise.all([tab1.waitForEvent('load'), tab1.getByTestId('session-notice-go').click()])
    await tab1.getByTestId('login-page').waitFor()
    const u = new URL(tab1.url())
    assert.equal(u.pathname, '/login')
    assert.equal(u.searchParams.get('redirect'), '/my-tickets')
    assert.equal(await tab1.title(), `${zh('common.title.login')} - aftercare 售后服务平台`)
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('TKT-2: two people sign the same approval at once; the second keeps the opinion typed and sees the conflict at the approval', async () => {
  const shots = screenshots('sessions-sign')
  const tk = await freshTicket(`教务系统排课模块升级申请 ${runTag()}`)
  const leaderCtx = await newContext(browser, { viewport: DESKTOP })
  const managerCtx = await newContext(browser, { viewport: DESKTOP })
  try {
    const people = [
      { login: 'leader', ctx: leaderCtx, opinion: '同意安排上门，组长意见。' },
      { login: 'manager', ctx: managerCtx, opinion: '同意，注意提前备好升级包并与甲方确认停机窗口。' },
    ]
    for (const p of people) {
      p.user = user(p.login)
      p.page = await loginAs(p.ctx, p.login)
      await p.page.goto(`${BASE}/tickets/${tk.id}`)
      await p.page.locator('#tab-form').click()
      await p.page.getByTestId('approval-sign-supervisor').click()
      await field(p.page, 'approval-supervisor-opinion').fill(p.opinion)
      assert.equal(await field(p.page, 'approval-supervisor-signer').inputValue(), p.user.display_name)
      assert.match(await field(p.page, 'approval-supervisor-date').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'the date picker has its hook')
      await p.page.getByTestId('approval-supervisor-submit').click()
      await p.page.locator('.el-message-box').waitFor() // 确认签署？
    }
    await shots.take(managerCtx.pages()[0], 'both-about-to-sign')

    // Both confirm at the same moment.
    const answer = (p) => p.page.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${tk.id}/events`) && r.request().method() === 'POST')
    const [a0, a1] = await Promise.all([
      answer(people[0]),
      answer(people[1]),
      people[0].page.locator('.el-message-box .el-button--primary').click(),
      people[1].page.locator('.el-message-box .el-button--primary').click(),
    ])
    const statuses = [a0.status(), a1.status()].sort()
    assert.deepEqual(statuses, [201, 409], 'one signature wins, the other is refused')
    const winner = a0.status() === 201 ? people[0] : people[1]
    const loser = winner === people[0] ? people[1] : people[0]
    const refusal = await (a0.status() === 409 ? a0 : a1).json()
    assert.equal(refusal.error.field, 'form.approvals.supervisor')
    assert.equal(refusal.error.message, '直接主管审批已签署，不能修改', "the server's message, in Chinese like the screen")

    // The loser: the approval shows who signed (read again), the opinion typed stays,
    // the server's message at it, no message box.
    const lp = loser.page
    const kept = lp.getByTestId('approval-supervisor-kept')
    await kept.waitFor()
    await lp.waitForFunction(
      (name) => document.querySelector('[data-test="approval-supervisor-signer-value"]')?.textContent.trim() === name,
      winner.user.display_name,
    )
    assert.equal(await field(lp, 'approval-supervisor-opinion').inputValue(), loser.opinion, 'the opinion typed is kept')
    const item = lp.locator('[data-test="approval-supervisor"] .el-form-item', { has: field(lp, 'approval-supervisor-opinion') })
    assert.equal((await item.locator('.el-form-item__error').textContent()).trim(), refusal.error.message)
    // The confirmation box fades out; no other box (an error alert) takes its place.
    const boxGone = await lp
      .waitForFunction(() => !document.querySelector('.el-message-box'), null, { timeout: 3000 })
      .then(() => true)
      .catch(() => false)
    assert.ok(boxGone, `no message box instead: ${boxGone || (await lp.locator('.el-message-box').first().textContent())}`)
    assert.ok((await lp.getByTestId('approval-supervisor-recorded').textContent()).includes(winner.user.display_name), 'who recorded the signature')
    await shots.take(lp, 'loser-keeps-opinion')

    // The winner's screen: signed, with their opinion; the server has exactly that.
    await winner.page.getByTestId('approval-supervisor-signer-value').waitFor()
    assert.equal(await winner.page.getByTestId('approval-supervisor-kept').count(), 0)
    const form = (await leader.ok('GET', `/tickets/${tk.id}`)).form
    assert.equal(form.approvals.supervisor.opinion, winner.opinion)
    assert.equal(form.approvals.supervisor.recorded_by, winner.user.id)

    // Discarding it takes the block away.
    await lp.getByTestId('approval-supervisor-discard').click()
    assert.equal(await lp.getByTestId('approval-supervisor-kept').count(), 0)
    for (const c of [leaderCtx, managerCtx]) assert.deepEqual(c.problems, [])
  } finally {
    await leaderCtx.close()
    await managerCtx.close()
  }
})

test('TKT-4: the engineer\'s open flow dialog notices the team leader resolving the ticket, keeps the note and offers what still makes sense', async () => {
  const shots = screenshots('sessions-flow')
  const tk = await freshTicket(`校园网认证服务器无响应 ${runTag()}`)
  const leaderUser = user('leader')
  const engineerCtx = await newContext(browser, { viewport: PHONE, isMobile: true })
  const leaderCtx = await newContext(browser, { viewport: DESKTOP })
  try {
    // The engineer, on a phone: 已解决 with a note, not yet confirmed.
    const ep = await loginAs(engineerCtx, 'engineer')
    await ep.goto(`${BASE}/tickets/${tk.id}`)
    await ep.getByTestId('flow-resolved').click()
    const note = '已远程重启认证服务，校方确认可以正常登录。'
    await field(ep, 'flow-note').fill(note)
    await ep.getByTestId('flow-at-toggle').click()
    assert.match(await field(ep, 'flow-at').inputValue(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'the time picker has its hook')
    await ep.getByTestId('flow-at-toggle').click() // back to "now"
    await shots.take(ep, 'engineer-dialog-open')

    // Meanwhile the team leader resolves it in their browser.
    const lp = await loginAs(leaderCtx, 'leader')
    await lp.goto(`${BASE}/tickets/${tk.id}`)
    await lp.getByTestId('flow-resolved').click()
    await field(lp, 'flow-note').fill('组长远程处理完毕。')
    await lp.getByTestId('flow-confirm').click()
    await lp.getByTestId('flow-closed').waitFor() // resolved: 关闭工单 is offered
    const resolvedAt = (await leader.ok('GET', `/tickets/${tk.id}`)).timeline.at(-1)
    assert.equal(resolvedAt.kind, 'resolved')

    // The engineer's dialog notices (live), says who did what, keeps the note.
    const changed = ep.getByTestId('flow-changed')
    await changed.waitFor({ timeout: 5000 })
    assert.equal(await changed.getAttribute('data-kind'), 'resolved')
    assert.equal(await changed.getAttribute('data-valid'), '0')
    const text = await changed.textContent()
    assert.ok(text.includes(leaderUser.display_name), `names who changed it: ${text}`)
    assert.ok(text.includes(zh('common.kind.resolved')), `says what: ${text}`)
    assert.equal(await field(ep, 'flow-note').inputValue(), note, 'the note is kept')
    assert.ok(await ep.getByTestId('flow-confirm').isDisabled(), '已解决 can no longer be confirmed')
    const offered = await ep.locator('[data-test^="flow-switch-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))
    assert.deepEqual(offered, ['flow-switch-reopened', 'flow-switch-closed'], 'only the steps that make sense now')
    await shots.take(ep, 'engineer-dialog-noticed')

    // The engineer closes the ticket instead: the note goes with it.
    await ep.getByTestId('flow-switch-closed').click()
    assert.equal(await field(ep, 'flow-note').inputValue(), note)
    const answer = ep.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${tk.id}/events`) && r.request().method() === 'POST')
    await ep.getByTestId('flow-confirm').click()
    assert.equal((await answer).status(), 201)
    await ep.getByTestId('flow-dialog').waitFor({ state: 'hidden' })
    const after = await leader.ok('GET', `/tickets/${tk.id}`)
    assert.equal(after.status, 'closed')
    const last = after.timeline.at(-1)
    assert.equal(last.kind, 'closed')
    assert.equal(last.note, note)
    assert.equal(last.actor_id, user('engineer').id)
    await shots.take(ep, 'engineer-closed-with-note')
    for (const c of [engineerCtx, leaderCtx]) assert.deepEqual(c.problems, [])
  } finally {
    await engineerCtx.close()
    await leaderCtx.close()
  }
})
