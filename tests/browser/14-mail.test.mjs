// Test 14 (issue 12 point 5, TKT-1): e-mail in, in the browser.
//   - an agent (390 px phone first: the list fits) opens 待认领邮件 from the menu and
//     from the 待认领邮件 notice in 通知: the demo's mail from an unknown sender with its
//     sender, subject, time, body (opened in full) and attachment name; 生成工单 with a
//     customer picked by typing into the searchable list lands on the new ticket (e-mail
//     channel, that customer, the mail in its 邮件往来); the mail leaves the list (API);
//   - the engineer opens the demo's e-mail ticket from 我的工单: 邮件往来 shows the
//     customer's mail in and the engineer's reply out, oldest first; 邮件回复客户 sends a
//     reply, which joins the thread, and the timeline shows it (a 联系记录, as the demo's
//     reply already made the 首次答复, which is there too); the API agrees;
//   - the administrator's 客服邮箱: the demo mailbox with its settings (the password only
//     as 已设置) and the reader's status as the API reports it (已停用, last read, UID,
//     UIDVALIDITY, no error); the edit form keeps the password unless typed.
// Screenshots `mail-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newContext, loginAs, screenshots, apiLogin, zh, runTag, BASE, DESKTOP, PHONE } from './lib/harness.mjs'

const taker = screenshots('mail')
// Full-page shots from the top (the fixed header otherwise lands mid-page).
const shots = {
  async take(page, name, opts) {
    await page.evaluate(() => window.scrollTo(0, 0))
    return taker.take(page, name, opts)
  },
}
const tag = runTag()
const SUBJECT = '咨询：档案管理系统能否纳入运维服务' // the demo's unmatched mail
const TICKET_TITLE = '门诊收费处打印发票出现乱码' // the demo's e-mail ticket

let browser
let agentApi
before(async () => {
  browser = await launch()
  agentApi = await apiLogin('agent')
})
after(async () => {
  await browser?.close()
})

const text = async (loc) => ((await loc.textContent()) || '').replace(/\s+/g, ' ').trim()
const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
// No catalogue key on the page instead of its text.
async function noRawKeys(page) {
  const body = await page.locator('body').innerText()
  const raw = body.match(/\b(mail|notifications|common)\.[a-z_]+(\.[a-z_]+)*\b/g)
  assert.equal(raw, null, `raw i18n keys on the page: ${raw}`)
}
const hhmm = (s) => s.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}).*$/, '$1 $2')

test('agent: 待认领邮件 lists the unknown sender\'s mail; 生成工单 for a customer lands on the new ticket', async () => {
  const mail = (await agentApi.ok('GET', '/mails/unmatched')).items.find((m) => m.subject === SUBJECT)
  assert.ok(mail, 'the demo has an unmatched mail')
  assert.deepEqual(mail.attachments.map((a) => a.name), ['登录超时截图.png'])
  const customers = (await agentApi.ok('GET', '/customers')).items
  const customer = customers.find((c) => c.name === '区教育局')
  assert.ok(customer, 'the demo has 区教育局')

  // A phone first: the list fits 390 px.
  const phone = await newContext(browser, { viewport: PHONE, isMobile: true })
  try {
    const p = await loginAs(phone, 'agent')
    await p.goto(BASE + '/mails/unmatched')
    await p.locator(`[data-test="unmatched-mail"][data-id="${mail.id}"]`).waitFor()
    assert.ok(await fits(p), '待认领邮件 fits a 390 px phone')
    await noRawKeys(p)
    await shots.take(p, 'unmatched-phone')
  } finally {
    await phone.close()
  }

  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'agent')
    // The notice in 通知 leads to the page.
    await page.goto(BASE + '/notifications')
    const notice = page.locator('[data-test="inbox-item"][data-kind="mail_unmatched"]', { hasText: SUBJECT })
    await notice.waitFor()
    assert.equal(await text(notice.getByTestId('inbox-kind')), zh('notifications.kind.mail_unmatched'))
    assert.equal(await text(notice.getByTestId('inbox-text')), zh('notifications.text.mail_unmatched', { from: mail.from_address, subject: SUBJECT }))
    await shots.take(page, 'inbox-notice')
    await notice.click()
    await page.getByTestId('mail-unmatched').waitFor()
    assert.equal(new URL(page.url()).pathname, '/mails/unmatched')

    // The menu entry, the card.
    await page.getByTestId('menu-mail-unmatched').click()
    assert.equal(await text(page.getByTestId('menu-mail-unmatched')), zh('mail.menu.unmatched'))
    const card = page.locator(`[data-test="unmatched-mail"][data-id="${mail.id}"]`)
    await card.waitFor()
    assert.equal(await text(card.getByTestId('mail-subject')), SUBJECT)
    assert.equal(await text(card.getByTestId('mail-from')), `${mail.from_name} <${mail.from_address}>`)
    assert.equal(await text(card.getByTestId('mail-at')), hhmm(mail.at))
    assert.match(await text(card.getByTestId('mail-attachment')), /^登录超时截图\.png \(\d+ B\)$/)
    await card.getByTestId('mail-expand').click()
    assert.equal(await text(card.getByTestId('mail-expand')), zh('mail.unmatched.collapse'))
    assert.equal((await card.getByTestId('mail-body').textContent()).trim(), mail.body.trim())
    await noRawKeys(page)
    await shots.take(page, 'unmatched-list')

    // 生成工单: the customer found by typing part of its name.
    await card.getByTestId('mail-make-ticket').click()
    const dlg = page.getByTestId('match-dialog')
    await dlg.waitFor()
    await page.getByTestId('match-save').click()
    await dlg.getByText(zh('mail.unmatched.need_customer')).waitFor()
    await page.getByTestId('match-customer').click()
    await page.keyboard.type('教育')
    await page.getByTestId(`customer-option-${customer.id}`).click()
    await shots.take(page, 'make-ticket')
    await page.getByTestId('match-save').click()
    await page.waitForURL(/\/tickets\/\d+/)
    await page.getByTestId('ticket-page').waitFor()
    const id = Number(new URL(page.url()).pathname.split('/').pop())
    const tk = await agentApi.ok('GET', `/tickets/${id}`)
    assert.equal(tk.customer_id, customer.id)
    assert.equal(tk.channel, 'email')
    assert.equal(tk.title, SUBJECT)
    assert.equal(await text(page.getByTestId('ticket-title')), SUBJECT)
    assert.match(await text(page.getByTestId('ticket-channel')), new RegExp(zh('common.channel.email')))
    assert.match(await text(page.getByTestId('ticket-customer')), /区教育局/)
    const thread = page.getByTestId('mail-thread')
    await thread.getByTestId('thread-mail').first().waitFor()
    assert.equal(await thread.getByTestId('thread-mail').count(), 1)
    assert.equal(await text(thread.getByTestId('thread-subject')), SUBJECT)
    assert.match(await text(thread), /登录超时截图\.png/)
    await noRawKeys(page)
    await shots.take(page, 'made-ticket')
    const left = (await agentApi.ok('GET', '/mails/unmatched')).items
    assert.ok(!left.some((m) => m.id === mail.id), 'the mail left the unmatched list')
  } finally {
    await ctx.close()
  }
})

test('engineer: the demo e-mail ticket shows its thread; 邮件回复客户 joins it and the timeline', async () => {
  const eng = await apiLogin('engineer')
  const found = (await eng.ok('GET', `/tickets?q=${encodeURIComponent(TICKET_TITLE)}`)).items.filter((t) => t.title === TICKET_TITLE)
  assert.equal(found.length, 1, 'the demo has one e-mail ticket')
  const demoTicket = found[0]
  const before = (await eng.ok('GET', `/tickets/${demoTicket.id}/mails`)).items
  assert.deepEqual(before.map((m) => m.direction), ['in', 'out'], 'the demo thread: the customer in, the reply out')

  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'engineer')
    const row = page.locator(`[data-test="ticket-row"][data-number="${demoTicket.number}"]`).first()
    await row.waitFor()
    await row.click()
    await page.getByTestId('ticket-page').waitFor()
    const thread = page.getByTestId('mail-thread')
    await thread.getByTestId('thread-mail').nth(1).waitFor()
    const items = thread.getByTestId('thread-mail')
    assert.deepEqual(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-direction'))), ['in', 'out'])
    assert.equal(await text(items.nth(0).getByTestId('thread-direction')), zh('mail.thread.in'))
    assert.equal(await text(items.nth(1).getByTestId('thread-direction')), zh('mail.thread.out'))
    assert.equal(await text(items.nth(0).getByTestId('thread-subject')), TICKET_TITLE)
    assert.equal(await text(items.nth(1).getByTestId('thread-subject')), `Re: ${TICKET_TITLE}`)
    assert.equal(await text(items.nth(0).getByTestId('thread-at')), hhmm(before[0].at))
    assert.match(await text(thread), new RegExp(zh('mail.thread.reply')))
    // The demo's reply made the 首次答复.
    await page.locator('[data-test="timeline-item"][data-kind="first_reply"]').waitFor()
    await noRawKeys(page)
    await shots.take(page, 'thread')

    const reply = `张主任您好：驱动已更新，请 3 号窗口试打一张发票。（${tag}）`
    await page.getByTestId('mail-reply-send').click()
    await thread.getByText(zh('mail.thread.need_text')).waitFor()
    await page.getByTestId('mail-reply-text').fill(reply)
    await page.getByTestId('mail-reply-send').click()
    await items.nth(2).waitFor()
    assert.equal(await items.nth(2).getAttribute('data-direction'), 'out')
    assert.equal((await items.nth(2).getByTestId('thread-body').textContent()).trim(), reply)
    assert.equal(await page.getByTestId('mail-reply-text').inputValue(), '', 'the box is empty after sending')
    // The timeline: a contact entry with the reply (the first reply was the demo's).
    const entry = page.locator('[data-test="timeline-item"][data-kind="contact"]', { hasText: tag })
    await entry.waitFor()
    assert.match(await text(entry.getByTestId('timeline-note')), new RegExp(`【邮件回复】${reply.slice(0, 10)}`))
    assert.equal(await page.locator('[data-test="timeline-item"][data-kind="first_reply"]').count(), 1)
    await noRawKeys(page)
    await shots.take(page, 'replied')

    const after = (await eng.ok('GET', `/tickets/${demoTicket.id}/mails`)).items
    assert.equal(after.length, 3)
    assert.equal(after[2].direction, 'out')
    assert.equal(after[2].body, reply)
    assert.deepEqual(after[2].to, [before[0].from_address])
    const tl = (await eng.ok('GET', `/tickets/${demoTicket.id}`)).timeline
    assert.equal(tl.filter((e) => e.kind === 'first_reply').length, 1)
    assert.ok(tl.some((e) => e.kind === 'contact' && e.note.includes(tag)))
  } finally {
    await ctx.close()
  }
})

test('administrator: 客服邮箱 shows the demo mailbox, its settings and the reader\'s status', async () => {
  const admin = await apiLogin('admin')
  const box = (await admin.ok('GET', '/mailboxes')).items.find((b) => b.name === '客服邮箱')
  assert.ok(box, 'the demo has the support mailbox')
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'admin')
    await page.getByTestId('menu-admin-mailboxes').click()
    await page.getByTestId('admin-mailboxes').waitFor()
    const card = page.locator(`[data-test="mailbox"][data-id="${box.id}"]`)
    await card.waitFor()
    assert.equal(await text(card.getByTestId('mailbox-name')), '客服邮箱')
    assert.equal(await card.getByTestId('mailbox-state').getAttribute('data-state'), 'disabled')
    assert.equal(await text(card.getByTestId('mailbox-state')), zh('mail.mailboxes.disabled'))
    assert.equal(await text(card.getByTestId('mailbox-address')), 'support@aftercare.example')
    assert.equal(await text(card.getByTestId('mailbox-server')), `imap.example.com:993 · ${zh('mail.mailboxes.form.security_opt.tls')}`)
    assert.equal(await text(card.getByTestId('mailbox-password')), zh('mail.mailboxes.password_set'))
    assert.equal(await text(card.getByTestId('mailbox-polled')), box.last_polled_at.replace('T', ' ').slice(0, 19))
    assert.equal(await text(card.getByTestId('mailbox-last-uid')), String(box.last_uid))
    assert.equal(await text(card.getByTestId('mailbox-uid-validity')), String(box.uid_validity))
    assert.equal(await text(card.getByTestId('mailbox-error')), zh('mail.mailboxes.no_error'))
    assert.ok(!(await page.content()).includes('demo-imap-password'), 'the password is not on the page')
    await noRawKeys(page)
    await shots.take(page, 'mailboxes')

    await card.getByTestId('mailbox-edit').click()
    await page.getByTestId('mailbox-dialog').waitFor()
    assert.equal(await page.getByTestId('mailbox-password-input').getAttribute('placeholder'), zh('mail.mailboxes.form.kept'))
    assert.equal(await page.getByTestId('mailbox-password-input').inputValue(), '')
    assert.equal(await page.getByTestId('mailbox-host').inputValue(), 'imap.example.com')
    await shots.take(page, 'mailbox-edit')
  } finally {
    await ctx.close()
  }
})
