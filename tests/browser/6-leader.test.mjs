// Test 6 (STAFF-1, TKT-3): the team leader's screens, through the real UI as `leader`:
//   - 值班表: adds a shift (the date typed into the date picker through its data-test
//     hook), opens it, deletes it after a confirmation; another team's roster offers
//     neither adding nor deleting (the server refuses both);
//   - 班组与成员: takes a member out of their own team after a confirmation; another
//     team offers no removing or adding;
//   - the ticket page: corrects a ticket's request type (consulting -> fault) in the
//     dispatch panel; the header shows the new type, the timeline the change and the
//     SLA metrics those of a fault (repair added);
//   - the assignee picker offers every engineer and team leader and nobody else, on duty
//     first, then the fewest open tickets;
//   - 调度台: at most 50 rows a page whose pickers are plain cells until opened (one
//     select mounted at a time, none after it closes; Escape gives the focus back to the
//     cell); grades a ticket and changes its priority (with a reason) from its row.
// The API only sets up (a shift of another team, a ticket) and cross-checks.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { demoUsers, launch, newContext, loginAs, screenshots, field, selectedLabel, apiLogin, zh, runTag, BASE, DESKTOP } from './lib/harness.mjs'

const ZH = { 'Accept-Language': 'zh-CN' } // as the UI sends: the server's messages in Chinese
const shots = screenshots('leader') // leader-<nn>-<what>.png, numbered across the file's tests

let browser
let leader // API clients, for set-up and cross-checks
let manager
let users
let teams
let myTeam // the team `leader` leads
let otherTeam // one led by someone else
before(async () => {
  browser = await launch()
  leader = await apiLogin('leader')
  manager = await apiLogin('manager')
  users = await demoUsers(manager)
  teams = (await manager.ok('GET', '/teams')).items
  myTeam = teams.find((t) => t.leader_id === leader.user.id)
  otherTeam = teams.find((t) => t.leader_id !== leader.user.id && (t.member_ids || []).some((id) => id !== t.leader_id))
  assert.ok(myTeam, 'the demo leader leads a team')
  assert.ok(otherTeam, 'another team, led by someone else, with a member besides its leader')
})
after(async () => {
  await browser?.close()
})

const userById = (id) => users.byId(id)
/** "YYYY-MM-DD" plus n days. */
function addDays(d, n) {
  const x = new Date(d + 'T00:00:00Z')
  x.setUTCDate(x.getUTCDate() + n)
  return x.toISOString().slice(0, 10)
}
/** A team's shifts overlapping one day (Beijing). */
async function shiftsOn(api, teamId, day) {
  const q = new URLSearchParams({ from: `${day}T00:00:00+08:00`, to: `${addDays(day, 1)}T00:00:00+08:00` })
  return (await api.ok('GET', `/teams/${teamId}/roster?${q}`)).items
}
const success = (page, text) => page.locator('.el-message--success', { hasText: text })

test('roster: the leader adds a shift and deletes it; another team\'s shifts offer no adding or deleting', async () => {
  const me = userById(leader.user.id)
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'leader')
    await page.getByTestId('menu-leader-roster').click()
    await page.getByTestId('roster-page').waitFor()
    await page.locator(`[data-test="roster-cell"][data-user="${me.id}"]`).first().waitFor()
    assert.equal(await selectedLabel(page, 'roster-team'), myTeam.name, 'the roster opens on the leader\'s own team')

    // Two weeks ahead: past the demo's shifts. The leader's own row, Tuesday's cell.
    const thisMonday = (await page.getByTestId('week-label').textContent()).trim().slice(0, 10)
    await page.getByTestId('week-next').click()
    await page.getByTestId('week-next').click()
    const days = Array.from({ length: 7 }, (_, i) => addDays(thisMonday, 14 + i))
    await page.locator(`[data-test="roster-cell"][data-user="${me.id}"][data-day="${days[0]}"]`).waitFor()
    // Set-up check: the leader is free on that Wednesday.
    const target = days[2]
    assert.deepEqual((await shiftsOn(leader, myTeam.id, target)).filter((s) => s.user_id === me.id), [], `the leader has no shift on ${target}`)

    // Clicking Tuesday's cell opens the form for that member and day; the date is then
    // typed into the date picker (its data-test hook is on a wrapper: web/README.md).
    await page.locator(`[data-test="roster-cell"][data-user="${me.id}"][data-day="${days[1]}"]`).click()
    const dialog = page.getByTestId('shift-dialog')
    await dialog.waitFor()
    assert.equal(await selectedLabel(page, 'shift-user'), me.display_name)
    const date = field(page, 'shift-date')
    assert.equal(await date.inputValue(), days[1], 'the day clicked is the date')
    await date.fill(target)
    await date.press('Enter')
    assert.equal(await date.inputValue(), target)
    await page.getByTestId('shift-preset-office').click() // 09:00–18:00
    await shots.take(page, 'roster-add-shift', { fullPage: false })
    await page.getByTestId('shift-save').click()
    await success(page, zh('leader.roster.added', { name: me.display_name, n: 1 })).waitFor()
    await dialog.waitFor({ state: 'hidden' })

    const cell = page.locator(`[data-test="roster-cell"][data-user="${me.id}"][data-day="${target}"]`)
    const chip = cell.getByTestId('roster-shift')
    await chip.waitFor()
    assert.equal((await chip.textContent()).trim(), '09:00–18:00')
    const shiftId = Number(await chip.getAttribute('data-shift'))
    const created = (await shiftsOn(leader, myTeam.id, target)).find((s) => s.id === shiftId)
    assert.ok(created, 'API: the shift is on the roster')
    assert.equal(created.user_id, me.id)
    assert.equal(created.starts_at, `${target}T09:00:00+08:00`)
    assert.equal(created.ends_at, `${target}T18:00:00+08:00`)
    await shots.take(page, 'roster-shift-added')

    // The shift's details, then 删除班次 with a confirmation.
    await chip.click()
    const detail = page.getByTestId('shift-detail')
    await detail.waitFor()
    assert.ok((await page.getByTestId('shift-detail-member').textContent()).includes(me.display_name))
    assert.equal((await page.getByTestId('shift-detail-start').textContent()).trim(), `${target} 09:00`)
    assert.equal((await page.getByTestId('shift-detail-end').textContent()).trim(), `${target} 18:00`)
    await shots.take(page, 'roster-shift-detail', { fullPage: false })
    await page.getByTestId('shift-delete').click()
    const confirm = page.locator('.shift-delete-box')
    await confirm.waitFor()
    assert.ok((await confirm.textContent()).includes(`${target} 09:00`), 'the confirmation names the shift')
    await shots.take(page, 'roster-delete-confirm', { fullPage: false })
    await confirm.getByRole('button', { name: zh('leader.roster.delete') }).click()
    await success(page, zh('leader.roster.deleted', { name: me.display_name, start: `${target} 09:00` })).waitFor()
    await detail.waitFor({ state: 'hidden' })
    await chip.waitFor({ state: 'detached' }) // the grid is read again
    assert.equal(await cell.getByTestId('roster-shift').count(), 0)
    assert.equal((await shiftsOn(leader, myTeam.id, target)).some((s) => s.id === shiftId), false, 'API: the shift is gone')
    await shots.take(page, 'roster-shift-deleted')

    // Another team's shift (set up by the manager): the leader sees it but is offered
    // neither adding nor deleting there (the server refuses both: tests/api).
    const member = otherTeam.member_ids.find((id) => id !== otherTeam.leader_id)
    const theirs = await manager.ok('POST', `/teams/${otherTeam.id}/roster`, { user_id: member, starts_at: `${target}T08:00:00+08:00`, ends_at: `${target}T20:00:00+08:00` })
    const refusal = await leader.del(`/teams/${otherTeam.id}/roster/${theirs.id}`, ZH)
    assert.equal(refusal.status, 403)
    await page.getByTestId('roster-team').click()
    await page.locator(`[data-test="roster-team-${otherTeam.id}"]`).filter({ visible: true }).click()
    const theirChip = page.locator(`[data-test="roster-shift"][data-shift="${theirs.id}"]`)
    await theirChip.waitFor()
    assert.equal(await page.getByTestId('shift-add').count(), 0, 'no 添加班次 on another team')
    await theirChip.click()
    await detail.waitFor()
    assert.equal(await page.getByTestId('shift-delete').count(), 0, 'no 删除班次 on another team\'s shift')
    await shots.take(page, 'roster-other-team', { fullPage: false })
    assert.equal((await shiftsOn(manager, otherTeam.id, target)).some((s) => s.id === theirs.id), true, 'API: their shift is still there')
    await page.getByTestId('shift-detail-close').click()
    await detail.waitFor({ state: 'hidden' })
    await manager.ok('DELETE', `/teams/${otherTeam.id}/roster/${theirs.id}`) // clean up
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('teams: the leader takes a member out of their own team; another team offers no removing or adding', async () => {
  // A member of the leader's team who is not its leader, an agent if there is one.
  const mine = myTeam.member_ids.filter((id) => id !== myTeam.leader_id).map(userById)
  const out = mine.find((u) => u.role === 'agent') || mine[0]
  assert.ok(out, 'the leader\'s team has a member besides its leader')
  const theirs = userById(otherTeam.member_ids.find((id) => id !== otherTeam.leader_id))
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'leader')
    await page.getByTestId('menu-leader-teams').click()
    await page.getByTestId('teams-page').waitFor()
    const myCard = page.locator(`[data-test="team-card"][data-team="${myTeam.id}"]`)
    const row = myCard.locator(`[data-test="team-member"][data-user="${out.id}"]`)
    await row.waitFor()
    // The team's leader stays in the team: no button on their row.
    assert.equal(await myCard.locator(`[data-test="member-remove"][data-user="${myTeam.leader_id}"]`).count(), 0)
    await shots.take(page, 'teams-before')

    await myCard.locator(`[data-test="member-remove"][data-user="${out.id}"]`).click()
    const confirm = page.locator('.member-remove-box')
    await confirm.waitFor()
    assert.ok((await confirm.textContent()).includes(out.display_name))
    await shots.take(page, 'teams-remove-confirm', { fullPage: false })
    await confirm.getByRole('button', { name: zh('leader.teams.remove') }).click()
    await success(page, zh('leader.teams.removed', { name: out.display_name, team: myTeam.name })).waitFor()
    await row.waitFor({ state: 'detached' })
    assert.ok((await page.getByTestId('unteamed').textContent()).includes(out.display_name), 'they are listed as in no team')
    let now = (await leader.ok('GET', '/teams')).items
    assert.equal(now.find((t) => t.id === myTeam.id).member_ids.includes(out.id), false, 'API: out of the team')
    await shots.take(page, 'teams-member-removed')

    // Another team: no remove buttons and no adding there (the server refuses: tests/api).
    const refusal = await leader.del(`/teams/${otherTeam.id}/members/${theirs.id}`, ZH)
    assert.equal(refusal.status, 403)
    const otherCard = page.locator(`[data-test="team-card"][data-team="${otherTeam.id}"]`)
    await otherCard.locator(`[data-test="team-member"][data-user="${theirs.id}"]`).waitFor()
    assert.equal(await otherCard.locator('[data-test="member-remove"]').count(), 0, 'no remove buttons on another team')
    assert.equal(await otherCard.getByTestId('member-add').count(), 0, 'no adding to another team')
    await shots.take(page, 'teams-other-team', { fullPage: false })
    now = (await leader.ok('GET', '/teams')).items
    assert.equal(now.find((t) => t.id === otherTeam.id).member_ids.includes(theirs.id), true, 'API: still in their team')

    // Back as it was, for whatever runs next on this server.
    await leader.ok('POST', `/teams/${myTeam.id}/members`, { user_id: out.id })
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('ticket: the leader reclassifies a ticket (consulting -> fault), sees the new type and a fault\'s SLA clocks; the assignee list offers only engineers and team leaders', async () => {
  const tag = runTag()
  // A consulting call logged just now (set-up), in fact a fault.
  const hospital = users.byLogin('hospital')
  const customer = (await manager.ok('GET', '/customers')).items.find((c) => c.id === hospital.customer_id)
  assert.ok(customer, 'the hospital is a demo customer')
  const systems = (await manager.ok('GET', `/customers/${customer.id}/systems`)).items
  const created = await leader.ok('POST', '/tickets', {
    customer_id: customer.id,
    system_id: systems[0] && systems[0].id,
    channel: 'phone',
    type: 'consulting',
    priority: 'P3',
    title: `咨询报表导出方法 ${tag}`,
    description: '来电咨询如何导出月度报表。',
    caller_name: '张老师',
    caller_phone: '0571-80001111',
  })
  assert.equal(created.type, 'consulting')
  assert.equal('repair' in created.metrics, false, 'a consultation has no fault repair clock')
  const note = '接报时误选为咨询，实为报表导出故障'

  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'leader')
    await page.goto(`${BASE}/tickets/${created.id}`)
    await page.getByTestId('ticket-page').waitFor()
    const panel = page.getByTestId('leader-panel')
    await panel.waitFor()
    const typeRow = page.getByTestId('ticket-type')
    assert.ok((await typeRow.textContent()).includes(zh('common.type.consulting')), 'the header shows 咨询服务')
    assert.equal(await selectedLabel(page, 'panel-type'), zh('common.type.consulting'), 'the panel shows the current type')
    assert.equal(await page.getByTestId('metric-repair').count(), 0)

    // The select offers the other types; the current one is marked and cannot be chosen.
    await page.getByTestId('panel-type').click()
    const current = page.locator('[data-test="type-option-consulting"]').filter({ visible: true })
    await current.waitFor()
    assert.equal(await current.getAttribute('aria-disabled'), 'true')
    const offered = await page.locator('[data-test^="type-option-"]').filter({ visible: true }).evaluateAll((els) => els.filter((e) => e.getAttribute('aria-disabled') !== 'true').map((e) => e.getAttribute('data-test').replace('type-option-', '')))
    assert.deepEqual([...offered].sort(), ['complaint', 'fault', 'health_check', 'installation', 'training', 'upgrade'])
    await shots.take(page, 'ticket-type-options', { fullPage: false })
    await page.locator('[data-test="type-option-fault"]').filter({ visible: true }).click()

    const confirm = page.locator('.reclassify-box')
    await confirm.waitFor()
    assert.ok((await confirm.textContent()).includes(zh('common.type.fault')))
    await confirm.locator('input').fill(note)
    await shots.take(page, 'ticket-reclassify-confirm', { fullPage: false })
    await confirm.getByRole('button', { name: zh('leader.reclassify.submit', { type: zh('common.type.fault') }) }).click()
    await success(page, zh('leader.reclassify.done', { number: created.number, type: zh('common.type.fault') })).waitFor()

    // The page: the new type in the header and the panel, the change on the timeline,
    // the clocks of a fault (24 h repair added).
    await page.waitForFunction((text) => document.querySelector('[data-test="ticket-type"]')?.textContent.includes(text), zh('common.type.fault'))
    assert.equal(await selectedLabel(page, 'panel-type'), zh('common.type.fault'))
    const entry = page.locator('[data-test="timeline-item"][data-kind="reclassified"]')
    await entry.waitFor()
    assert.ok((await entry.textContent()).includes(note), 'the timeline keeps the reason')
    assert.equal((await entry.getByTestId('timeline-actor').textContent()).trim(), leader.user.display_name)
    await page.getByTestId('metric-repair').waitFor()
    assert.equal(await page.getByTestId('panel-type-error').count(), 0)
    await shots.take(page, 'ticket-reclassified')
    const tk = await leader.ok('GET', `/tickets/${created.id}`)
    assert.equal(tk.type, 'fault', 'API: the type changed')
    assert.ok('repair' in tk.metrics, 'API: the server recomputed the clocks for a fault')

    // The assignee list: every active engineer and team leader, nobody else; on duty
    // first, then the fewest open tickets.
    await page.getByTestId('panel-assignee').click()
    const options = page.locator('.assignee-popper [data-test^="assignee-option-"]').filter({ visible: true })
    await options.first().waitFor()
    const listed = await options.evaluateAll((els) =>
      els.map((e) => ({
        id: Number(e.getAttribute('data-test').replace('assignee-option-', '')),
        role: e.getAttribute('data-role'),
        onDuty: e.querySelector('.el-tag') !== null,
        text: e.textContent,
      })),
    )
    const expected = users.items.filter((u) => !u.disabled && (u.role === 'engineer' || u.role === 'team_leader')).map((u) => u.id)
    assert.deepEqual(listed.map((o) => o.id).sort((a, b) => a - b), [...expected].sort((a, b) => a - b), 'exactly the engineers and team leaders')
    for (const o of listed) {
      assert.ok(['engineer', 'team_leader'].includes(o.role), `${o.id} is an engineer or team leader`)
      assert.equal(o.role, userById(o.id).role)
      assert.ok(o.text.includes(zh(`common.roles.${o.role}`)), 'each option names the role')
    }
    for (const role of ['manager', 'agent', 'admin']) {
      for (const u of users.items.filter((x) => x.role === role)) assert.equal(listed.some((o) => o.id === u.id), false, `${role} ${u.login} is not offered`)
    }
    const flags = listed.map((o) => o.onDuty)
    assert.deepEqual(flags, [...flags].sort((a, b) => Number(b) - Number(a)), 'who is on duty comes first')
    const loadPrefix = zh('leader.assign.load', { n: '' })
    const loadOf = (o) => Number(o.text.slice(o.text.lastIndexOf(loadPrefix) + loadPrefix.length).replace(/\D.*$/, ''))
    for (const group of [true, false]) {
      const loads = listed.filter((o) => o.onDuty === group).map(loadOf)
      assert.deepEqual(loads, [...loads].sort((a, b) => a - b), `${group ? 'on duty' : 'the others'}: the fewest open tickets first`)
    }
    await shots.take(page, 'ticket-assignee-options', { fullPage: false })
    await page.keyboard.press('Escape')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('dispatch board: 50 rows a page with plain cells that mount their picker only when opened; the leader grades a ticket and changes its priority from its row', async () => {
  const tag = runTag()
  const hospital = users.byLogin('hospital')
  const systems = (await manager.ok('GET', `/customers/${hospital.customer_id}/systems`)).items
  const created = await leader.ok('POST', '/tickets', {
    customer_id: hospital.customer_id,
    system_id: systems[0] && systems[0].id,
    channel: 'phone',
    type: 'fault',
    priority: 'P3',
    title: `挂号机打印缓慢 ${tag}`,
    description: '门诊挂号机打印凭条需要一分钟以上。',
    caller_name: '张老师',
    caller_phone: '0571-80001111',
  })
  const reason = '影响门诊挂号，提升级别'

  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'leader') // the leader's home is the dispatch board
    await page.getByTestId('dispatch-page').waitFor()
    const table = page.getByTestId('dispatch-table')
    await page.getByTestId('dispatch-row').first().waitFor()
    assert.ok((await page.getByTestId('dispatch-row').count()) <= 50, 'a page holds at most 50 tickets')
    // The 未分派 badge is the server's count of every unassigned open ticket, not the page's.
    const badge = page.getByTestId('unassigned-count')
    await badge.waitFor()
    const unassigned = (await leader.ok('GET', '/workload')).unassigned
    assert.equal((await badge.textContent()).trim(), String(unassigned), 'the badge counts every unassigned open ticket')
    const mounted = () => table.locator('.el-select').count()
    assert.equal(await mounted(), 0, 'no select is mounted before the leader opens one')

    await field(page, 'filter-q').fill(tag)
    const row = page.locator(`[data-test="dispatch-row"][data-number="${created.number}"]`)
    await row.waitFor()
    const tr = page.locator('tr', { has: row })
    // The search applies after a pause in typing: only this ticket is left.
    await page.waitForFunction(() => document.querySelectorAll('[data-test="dispatch-row"]').length === 1)

    // Opened and closed with Escape: the picker goes, the focus is back on its cell.
    await tr.getByTestId('dispatch-assignee').click()
    await page.locator('.assignee-popper [data-test^="assignee-option-"]').filter({ visible: true }).first().waitFor()
    assert.equal(await mounted(), 1, 'one select, the one opened')
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-test') === 'dispatch-assignee' && document.activeElement.tagName === 'BUTTON')
    assert.equal(await mounted(), 0)

    // Grade it from the row.
    await tr.getByTestId('dispatch-grade').click()
    const serious = page.locator('[data-test="grade-option-serious"]').filter({ visible: true })
    await serious.waitFor()
    await shots.take(page, 'dispatch-grade-options', { fullPage: false })
    await serious.click()
    await success(page, zh('leader.grade.done', { number: created.number, grade: zh('common.fault_grade.serious') })).waitFor()
    await page.waitForFunction((n) => document.querySelector(`tr:has([data-number="${n}"]) button[data-test="dispatch-grade"]`)?.getAttribute('data-value') === 'serious', created.number)
    assert.ok((await tr.getByTestId('dispatch-grade').textContent()).includes(zh('common.fault_grade.serious')))
    assert.equal(await mounted(), 0, 'the select is gone once picked')

    // Its priority, P3 -> P2, with a reason, after the confirmation.
    await tr.getByTestId('dispatch-priority').click()
    await page.locator('[data-test="priority-option-P2"]').filter({ visible: true }).click()
    const box = page.locator('.priority-box')
    await box.waitFor()
    assert.ok((await box.textContent()).includes(zh('leader.priority.confirm', { number: created.number, from: 'P3', to: 'P2' })))
    await box.locator('input').fill(reason)
    await shots.take(page, 'dispatch-priority-confirm', { fullPage: false })
    await box.getByRole('button', { name: zh('leader.priority.submit', { p: 'P2' }) }).click()
    await success(page, zh('leader.priority.done', { number: created.number, p: 'P2' })).waitFor()
    await page.waitForFunction((n) => document.querySelector(`tr:has([data-number="${n}"]) button[data-test="dispatch-priority"]`)?.getAttribute('data-value') === 'P2', created.number)
    assert.equal(await mounted(), 0)
    await shots.take(page, 'dispatch-graded-p2')

    const tk = await leader.ok('GET', `/tickets/${created.id}`)
    assert.equal(tk.fault_grade, 'serious', 'API: graded')
    assert.equal(tk.priority, 'P2', 'API: the new priority')
    assert.ok(tk.timeline.some((e) => e.kind === 'priority' && e.to_priority === 'P2' && e.note === reason), 'API: the change and its reason are on the timeline')
    assert.ok(tk.timeline.some((e) => e.kind === 'graded' && e.data.fault_grade === 'serious'), 'API: the grading is on the timeline')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})
