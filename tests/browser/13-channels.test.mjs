// Test 13 (issue 12 points 4, 6, 7, 8): notice channels, the delivery log and each
// user's notice settings in the browser.
//   - the administrator on 通知渠道 sees the demo's mail server and DingTalk robot (kind,
//     scope, address without its key, which secrets are set, state) and adds a Webhook
//     through the form, pointed at a receiver this test starts (node:http) with a signing
//     secret; the list shows its URL's host and path, never the key; editing it shows the
//     secrets as "已设置，留空则不修改" and sends none back;
//   - 发送测试消息: the dialog follows the delivery until 已发送 and shows the receiver's
//     answer; the receiver got one signed post (webhook-id, webhook-signature);
//   - 发送记录: the 发送失败 tab lists the demo's dead DingTalk notice; opened, it shows the
//     subject, the body and its three attempts with their answers; 重新发送 after a
//     confirmation puts it back to 待发送 and the sender's new attempt shows in its log (the API
//     agrees); the test message is in the log;
//   - 通知设置 (from the menu under the user's name, and from 通知): the engineer changes the
//     notice address and turns e-mail off for one kind; 预警/超时升级 cannot be taken out of
//     the app; after a reload the page and the API have what was saved.
// Screenshots `channels-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import { launch, newContext, loginAs, screenshots, apiLogin, zh, runTag, DESKTOP, PHONE } from './lib/harness.mjs'

const shots = screenshots('channels')
const tag = runTag()
const NAME = `值班 Webhook ${tag}`

let browser
let admin
let receiver
let receiverUrl
const received = [] // {headers, body} of each post to the receiver
before(async () => {
  browser = await launch()
  admin = await apiLogin('admin')
  // The webhook's far end: answers 200 with a body the log must show.
  receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ ok: true, received: received.length }))
    })
  })
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${receiver.address().port}/hooks/aftercare?token=sekret-${tag}`
})
after(async () => {
  await browser?.close()
  await new Promise((resolve) => receiver?.close(resolve))
})

const text = async (loc) => ((await loc.textContent()) || '').replace(/\s+/g, ' ').trim()
const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
const row = (page, name) => page.locator('tr', { has: page.locator(`[data-test="channel-row"][data-name="${name}"]`) })

test('administrator: 通知渠道 lists the demo channels, adds a Webhook through the form, 发送测试消息 shows 已发送 with the answer', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'admin')
    await page.getByTestId('menu-admin-channels').click()
    await page.getByTestId('admin-channels').waitFor()
    const demo = (await admin.ok('GET', '/channels')).items
    const robot = demo.find((c) => c.channel_kind === 'dingtalk')
    const mail = demo.find((c) => c.channel_kind === 'email')
    assert.ok(robot && mail, 'the demo has a mail server and a DingTalk robot')
    await row(page, robot.name).waitFor()
    const r = row(page, robot.name)
    assert.equal(await text(r.getByTestId('channel-kind')), zh('channels.kind.dingtalk'))
    assert.equal(await text(r.getByTestId('channel-scope')), zh('channels.scope_team', { name: robot.team_name }))
    assert.equal(await text(r.getByTestId('channel-target')), robot.url_hint)
    assert.ok(!(await text(r)).includes('access_token'), 'the robot key is not on the page')
    assert.equal(await text(r.getByTestId('channel-secrets')), [zh('channels.secret.url'), zh('channels.secret.secret')].join(zh('common.timeline.name_sep')))
    assert.equal(await r.getByTestId('channel-state').getAttribute('data-state'), 'disabled')
    assert.equal(await text(row(page, mail.name).getByTestId('channel-target')), `smtp.example.com:587 · ${zh('channels.form.security_opt.starttls')}`)
    await shots.take(page, 'list')

    // Add: a Webhook with its URL and signing secret, for the whole service desk.
    await page.getByTestId('channel-create').click()
    const dlg = page.getByTestId('channel-dialog')
    await dlg.waitFor()
    await page.getByTestId('channel-name').fill(NAME)
    await page.getByTestId('channel-kind-input').click()
    await page.getByTestId('kind-option-webhook').click()
    await page.getByTestId('channel-url').fill(receiverUrl)
    const secret = `whsec_${randomBytes(24).toString('base64')}`
    await page.getByTestId('channel-secret').fill(secret)
    await shots.take(page, 'add-webhook')
    await page.getByTestId('channel-save').click()
    await row(page, NAME).waitFor()
    const made = (await admin.ok('GET', '/channels')).items.find((c) => c.name === NAME)
    assert.ok(made, 'the API has the new channel')
    assert.equal(made.channel_kind, 'webhook')
    assert.deepEqual([...made.secrets_set].sort(), ['secret', 'url'])
    assert.equal(made.url_hint, receiverUrl.replace(/\?.*$/, '?…'), 'scheme, host and path; the query elided')
    const added = row(page, NAME)
    assert.equal(await text(added.getByTestId('channel-target')), made.url_hint)
    assert.ok(!(await page.content()).includes(`sekret-${tag}`), 'the URL key is not on the page')
    assert.ok(!(await page.content()).includes(secret), 'the signing secret is not on the page')

    // Edit: the secrets are set and kept unless typed; nothing typed, nothing sent.
    await added.getByTestId('channel-edit').click()
    await dlg.waitFor()
    assert.equal(await page.getByTestId('channel-url').getAttribute('placeholder'), zh('channels.form.kept'))
    assert.equal(await page.getByTestId('channel-secret').getAttribute('placeholder'), zh('channels.form.kept'))
    assert.equal(await page.getByTestId('channel-url').inputValue(), '')
    await shots.take(page, 'edit-secrets-kept')
    let patch = null
    page.on('request', (req) => {
      if (req.method() === 'PATCH' && req.url().endsWith(`/channels/${made.id}`)) patch = JSON.parse(req.postData() || '{}')
    })
    await page.getByTestId('channel-save').click()
    await dlg.waitFor({ state: 'hidden' })
    assert.deepEqual(patch && patch.secrets, {}, 'no secret is sent back')
    assert.deepEqual([...(await admin.ok('GET', `/channels/${made.id}`)).secrets_set].sort(), ['secret', 'url'])

    // 发送测试消息: followed live until 已发送, with the receiver's answer.
    await row(page, NAME).getByTestId('channel-test').click()
    await page.getByTestId('test-dialog').waitFor()
    await page.getByTestId('test-send').click()
    const result = page.locator('[data-test="test-result"][data-state="sent"]')
    await result.waitFor({ timeout: 20_000 })
    assert.equal(await text(page.getByTestId('test-state')), zh('channels.test_dlg.sent'))
    const answer = await text(page.getByTestId('test-answer'))
    assert.ok(answer.includes('"ok":true'), `the receiver's answer is shown: ${answer}`)
    assert.equal(received.length, 1, 'the receiver got one post')
    assert.ok(received[0].headers['webhook-id'] && received[0].headers['webhook-signature'], 'signed like Standard Webhooks')
    await shots.take(page, 'test-sent')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('administrator: 发送记录 shows the dead DingTalk notice with every attempt; 重新发送 puts it back to 待发送 and a new attempt is logged', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'admin')
    await page.getByTestId('menu-admin-deliveries').click()
    await page.getByTestId('admin-deliveries').waitFor()
    // The test message of the previous test is in the log, sent.
    const all = (await admin.ok('GET', '/deliveries?limit=200')).items
    const test = all.find((d) => d.channel_name === NAME)
    assert.ok(test && test.state === 'sent', 'the test message is logged as sent')
    await page.locator(`[data-test="delivery-row"][data-id="${test.id}"]`).waitFor()
    await shots.take(page, 'log-all')

    await page.getByTestId('delivery-tab-dead').click()
    assert.equal(await text(page.getByTestId('delivery-tab-dead')), zh('deliveries.tabs.dead'))
    await page.waitForURL((u) => u.searchParams.get('state') === 'dead')
    const dead = (await admin.ok('GET', '/deliveries?state=dead')).items.find((d) => d.channel_kind === 'dingtalk')
    assert.ok(dead, 'the demo has a dead DingTalk notice')
    const tr = page.locator('tr', { has: page.locator(`[data-test="delivery-row"][data-id="${dead.id}"]`) })
    await tr.waitFor()
    assert.equal(await page.locator('[data-test="delivery-row"]:not([data-state="dead"])').count(), 0, 'only dead ones on the tab')
    assert.equal(await text(tr.getByTestId('delivery-state')), zh('deliveries.state.dead'))
    assert.equal(await text(tr.getByTestId('delivery-ticket')), dead.ticket_number)
    await tr.locator('.el-table__expand-icon').click()
    const detail = page.locator(`[data-test="delivery-detail"][data-id="${dead.id}"]`)
    await detail.getByTestId('delivery-attempts').waitFor()
    const full = await admin.ok('GET', `/deliveries/${dead.id}`)
    assert.equal(await text(detail.getByTestId('delivery-subject')), full.subject)
    assert.equal(await detail.getByTestId('delivery-attempt').count(), full.log.length)
    assert.ok(full.log.length >= 3)
    const answers = await detail.getByTestId('attempt-answer').allTextContents()
    assert.deepEqual(answers.map((a) => a.trim()), full.log.map((a) => a.answer))
    assert.ok(answers.at(-1).includes('sign not match'))
    await shots.take(page, 'log-dead-open')

    await tr.getByTestId('delivery-resend').click()
    await page.locator('.el-message-box').waitFor()
    await shots.take(page, 'resend-confirm')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await tr.locator('[data-test="delivery-state"]', { hasText: zh('deliveries.state.pending') }).waitFor()
    await shots.take(page, 'resent')
    // The sender takes it at once: a new attempt is logged (the demo robot's host is
    // not reachable from a test machine, so it fails again; the log says why).
    let after = null
    for (let i = 0; i < 40; i++) {
      after = await admin.ok('GET', `/deliveries/${dead.id}`)
      if (after.log.length > full.log.length && after.log.at(-1).outcome !== 'sending') break
      await new Promise((r) => setTimeout(r, 250))
    }
    assert.ok(after.log.length > full.log.length, 'sent again: a new attempt in the log')
    await page.getByTestId('refresh').click()
    await detail.locator('[data-test="delivery-attempt"]').nth(full.log.length).waitFor()
    assert.equal((await detail.getByTestId('attempt-answer').allTextContents()).at(-1).trim(), after.log.at(-1).answer)
    await shots.take(page, 'resent-attempt')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }
})

test('engineer: 通知设置 from the user menu and from 通知; the address and a switch persist after a reload; warnings stay in the app', async () => {
  const engineer = await apiLogin('engineer')
  const before = await engineer.ok('GET', '/notifications/preferences')
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'engineer')
    await page.getByTestId('current-user').click()
    await page.getByTestId('user-menu-notification-preferences').click()
    await page.getByTestId('notification-preferences').waitFor()
    await page.locator('[data-test="prefs-row"]').first().waitFor()
    assert.equal(await page.getByTestId('prefs-email').inputValue(), before.email)
    // 10 of tickets and SLA, 2 of return visits (issue 15)
    assert.equal(await page.locator('[data-test="prefs-row"]').count(), 12)
    for (const k of ['sla_warning', 'sla_escalation']) {
      const sw = page.locator(`[data-test="prefs-row"][data-kind="${k}"] [data-test="prefs-in-app"]`)
      assert.ok(await sw.evaluate((el) => el.classList.contains('is-disabled') || !!el.closest('.is-disabled')), `${k}: in the app, fixed`)
    }
    await shots.take(page, 'prefs')

    const address = `oncall-${tag}@aftercare.example`
    await page.getByTestId('prefs-email').fill(address)
    const assigned = page.locator('[data-test="prefs-row"][data-kind="assigned"] [data-test="prefs-email-switch"]')
    await assigned.click()
    await page.getByTestId('prefs-dirty').waitFor()
    await page.getByTestId('prefs-save').click()
    await page.getByTestId('prefs-dirty').waitFor({ state: 'hidden' })
    const saved = await engineer.ok('GET', '/notifications/preferences')
    assert.equal(saved.email, address)
    assert.equal(saved.kinds.assigned.email, !before.kinds.assigned.email)
    assert.equal(saved.kinds.sla_warning.in_app, true)

    await page.reload()
    await page.locator('[data-test="prefs-row"]').first().waitFor()
    assert.equal(await page.getByTestId('prefs-email').inputValue(), address)
    const checked = await page.locator('[data-test="prefs-row"][data-kind="assigned"] [data-test="prefs-email-switch"]').evaluate((el) => el.classList.contains('is-checked'))
    assert.equal(checked, saved.kinds.assigned.email, 'the switch as saved, after a reload')
    await shots.take(page, 'prefs-saved')

    // From 通知 too.
    await page.getByTestId('current-user').click()
    await page.getByTestId('user-menu-notifications').click()
    await page.getByTestId('inbox').waitFor()
    await page.getByTestId('inbox-preferences').click()
    await page.getByTestId('notification-preferences').waitFor()

    // A phone: the table fits.
    const phone = await newContext(browser, { viewport: PHONE, isMobile: true })
    try {
      const p = await loginAs(phone, 'engineer')
      await p.goto(new URL('/notifications/preferences', p.url()).toString())
      await p.locator('[data-test="prefs-row"]').first().waitFor()
      assert.ok(await fits(p), 'the settings fit a 390 px phone')
      await shots.take(p, 'prefs-phone')
    } finally {
      await phone.close()
    }
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
    // Back as the demo had them, for runs after this one.
    await engineer.ok('PUT', '/notifications/preferences', { email: before.email, kinds: before.kinds })
  }
})
