// Test 17 (issue 13 points 3 and 4; CON-2, CON-3, CON-4): what Party A sees of the
// evidence, and the bundle checked offline with the built binary:
//   - Party A (hospital) opens 数据访问记录 from the menu: the explanation, the vendor's
//     public key (as GET /evidence/key) with its copy button and the verify command; the
//     demo's reads by the vendor's staff, newest first, each with its time, person and
//     role in Chinese, action and what was read (工单 TK-… linked to the ticket,
//     列表查看 N 张工单, 合同履约情况, 客户售后服务档案), as the API lists them; after a
//     manager's 30 fresh ticket reads (API) the first page holds 50 and 加载更多 brings
//     the rest down to 已显示全部 N 条; a ticket link opens the ticket.
//   - Party A on 合同履约情况 clicks 下载履约证据包: the file is saved under the
//     server's Chinese name, `aftercare evidence verify FILE --public-key KEY` exits 0;
//     one byte of an event's time in its scenario.yaml flipped, it exits 3 naming
//     scenario.yaml.
//   - The manager downloads a bundle from a contract's compliance page as of a time
//     typed into 截至: it verifies, its scenario is as of that time; the hospital's
//     access log (opened from 客户与合同 → 数据访问记录) shows the download first.
// Screenshots `evidence-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import path from 'node:path'
import { launch, newContext, loginAs, screenshots, apiLogin, field, beijing, BASE, BIN, PHONE } from './lib/harness.mjs'

const zh = JSON.parse(readFileSync(new URL('../../web/src/i18n/zh-CN/evidence.json', import.meta.url)))
const roles = JSON.parse(readFileSync(new URL('../../web/src/i18n/zh-CN/common.json', import.meta.url))).roles
const shots = screenshots('evidence')
const work = mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'evidence-'))
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const ticketNumber = (id) => `TK-${String(id).padStart(6, '0')}`

/** Every entry of a customer's access log, newest first (the API, for cross-checking). */
async function accessLog(client, customer) {
  const out = []
  for (;;) {
    const q = out.length ? `&before_id=${out[out.length - 1].id}` : ''
    const r = await client.ok('GET', `/customers/${customer}/access-log?limit=500${q}`)
    out.push(...r.items)
    if (r.items.length < 500) return out
  }
}

/** `aftercare evidence verify FILE --public-key KEY`: its exit code and output. */
function verify(file, key) {
  const r = spawnSync(BIN, ['evidence', 'verify', file, '--public-key', key], { encoding: 'utf8' })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

/** A tar member's content range: [start, end) of `name` in `buf` (ustar, short names). */
function member(buf, name) {
  for (let off = 0; off + 512 <= buf.length; ) {
    const header = buf.subarray(off, off + 512)
    if (header.every((b) => b === 0)) break
    const n = header.toString('utf8', 0, 100).replace(/\0.*$/s, '')
    const size = parseInt(header.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim(), 8)
    if (n === name) return [off + 512, off + 512 + size]
    off += 512 + Math.ceil(size / 512) * 512
  }
  throw new Error(`${name} is not in the bundle`)
}

/** Clicks 下载履约证据包 and 下载 in its dialog; returns the saved file's name and path. */
async function downloadBundle(page, shotName, { asOf } = {}) {
  await page.getByTestId('evidence-open').click()
  const dialog = page.getByTestId('evidence-dialog')
  await dialog.waitFor()
  if (asOf) {
    await field(page, 'evidence-as-of').fill(asOf)
    await field(page, 'evidence-as-of').press('Enter')
  }
  const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('evidence-download').click()])
  const name = file.suggestedFilename()
  const saved = path.join(work, `${Date.now()}-${name}`)
  await file.saveAs(saved)
  // The command in the dialog names the file saved and the key.
  await dialog.getByTestId('evidence-command').filter({ hasText: name }).waitFor()
  await shots.take(page, shotName, { fullPage: false })
  return { name, saved }
}

test('Party A sees who of the vendor read its data, 50 at a time, with the vendor key', async () => {
  const hospital = await apiLogin('hospital')
  const customer = hospital.user.customer_id
  const key = await hospital.ok('GET', '/evidence/key')
  const demo = await accessLog(hospital, customer)
  assert.ok(demo.length >= 15, `the demo has vendor reads of the hospital's data (${demo.length})`)
  assert.ok(
    demo.every((e) => e.actor_role !== 'party_a'),
    'only the vendor\'s reads',
  )
  // 30 fresh reads by the manager: more than a page.
  const manager = await apiLogin('manager')
  const own = (await hospital.ok('GET', '/tickets?limit=30')).items
  for (const tk of own) await manager.ok('GET', `/tickets/${tk.id}`)
  const all = await accessLog(hospital, customer)
  assert.equal(all.length, demo.length + own.length)
  assert.ok(all.length > 50)

  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'hospital')
  await page.getByTestId('menu-partya-access-log').click()
  await page.getByTestId('access-log-page').waitFor()
  assert.equal((await page.getByTestId('access-log-intro').textContent()).trim(), zh.access.intro)
  assert.equal((await page.getByTestId('evidence-public-key').textContent()).trim(), key.public_key)
  assert.match(await page.getByTestId('evidence-key').textContent(), new RegExp(`aftercare evidence verify .* --public-key ${key.public_key}`))
  const rows = page.locator('[data-test=access-log-table] tbody tr')
  await rows.first().waitFor()
  assert.equal(await rows.count(), 50, 'the first page')
  // The first rows are the manager's reads just made: the last one first.
  const first = rows.first()
  assert.match(await first.getByTestId('access-who').textContent(), /吴经理/)
  assert.ok((await first.textContent()).includes(roles.manager))
  assert.equal(await first.getByTestId('access-action').textContent(), zh.actions.read)
  assert.equal(await first.getByTestId('access-ticket').textContent(), ticketNumber(own[own.length - 1].id))
  assert.equal(await first.getByTestId('access-at').textContent(), all[0].at.slice(0, 19).replace('T', ' '))
  await shots.take(page, 'access-log')

  await page.getByTestId('access-log-more').click()
  await page.getByTestId('access-log-end').waitFor()
  assert.equal(await rows.count(), all.length, 'every entry after 加载更多')
  assert.equal((await page.getByTestId('access-log-end').textContent()).trim(), zh.access.all_shown.replace('{n}', all.length))
  // Each row as the API has it; the demo's kinds in the UI's words.
  const whats = await page.getByTestId('access-what').allTextContents()
  const actions = await page.getByTestId('access-action').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
  assert.deepEqual(actions, all.map((e) => e.action))
  const contract = (await hospital.ok('GET', '/contracts')).items[0].number
  for (const [i, e] of all.entries()) {
    if (e.entity === 'ticket' && e.action === 'read') assert.equal(whats[i], zh.what.ticket_read.replace('{ticket}', ticketNumber(e.entity_id)))
    if (e.entity === 'ticket' && e.action === 'list') assert.equal(whats[i], zh.what.ticket_list.replace('{n}', e.what.count))
    if (e.entity === 'compliance' && e.action === 'read' && e.entity_id !== 'all') assert.equal(whats[i], zh.what.compliance_read.replace('{contract}', contract))
    if (e.entity === 'customer_archive') assert.equal(whats[i], zh.what.archive_read.replace('{n}', e.what.returned.tickets))
  }
  for (const kind of ['ticket_list', 'compliance_read', 'archive_read']) {
    const start = zh.what[kind].split('{')[0]
    assert.ok(whats.some((w) => w.startsWith(start)), `the demo shows a ${kind} entry`)
  }
  await shots.take(page, 'access-log-all')

  // A ticket link opens the ticket.
  const link = page.getByTestId('access-ticket').last()
  const number = await link.textContent()
  await link.click()
  await page.waitForURL((u) => u.pathname === `/tickets/${Number(number.slice(3))}`)
  assert.deepEqual(ctx.problems, [])
  await ctx.close()

  // On a phone the entries are cards that fit.
  const phone = await newContext(browser, { viewport: PHONE, isMobile: true })
  const pp = await loginAs(phone, 'hospital')
  await pp.goto(BASE + '/portal/access-log')
  await pp.getByTestId('access-card').first().waitFor()
  const width = await pp.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width, `fits 390 px (${width})`)
  await shots.take(pp, 'access-log-phone', { fullPage: false })
  assert.deepEqual(phone.problems, [])
  await phone.close()
})

test('Party A downloads the evidence bundle; it verifies, and a flipped byte of scenario.yaml is named', async () => {
  const hospital = await apiLogin('hospital')
  const key = (await hospital.ok('GET', '/evidence/key')).public_key
  const contract = (await hospital.ok('GET', '/contracts')).items[0]
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'hospital')
  await page.getByTestId('menu-partya-contract').click()
  await page.getByTestId('compliance-state').waitFor()
  await shots.take(page, 'contract', { fullPage: false })
  const { name, saved } = await downloadBundle(page, 'dialog')
  assert.equal(name, `履约证据-${contract.number}-${today()}.tar`)
  const ok = verify(saved, key)
  assert.equal(ok.code, 0, ok.out)
  assert.match(ok.out, /intact/)

  // One digit of the first event's time in scenario.yaml, changed in the tar.
  const buf = readFileSync(saved)
  const [start, end] = member(buf, 'scenario.yaml')
  const text = buf.toString('utf8', start, end)
  const m = /\{at: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d(\d)/.exec(text.slice(text.indexOf('events:')))
  assert.ok(m, 'an event time in scenario.yaml')
  const at = start + Buffer.byteLength(text.slice(0, text.indexOf('events:'))) + m.index + m[0].length - 1
  buf[at] = buf[at] === 0x30 ? 0x31 : 0x30
  const tampered = path.join(work, 'tampered.tar')
  writeFileSync(tampered, buf)
  const bad = verify(tampered, key)
  assert.equal(bad.code, 3, bad.out)
  assert.match(bad.out, /scenario\.yaml/)
  assert.deepEqual(ctx.problems, [])
  await ctx.close()
})

test('the manager downloads a bundle as of an earlier time; the hospital\'s access log shows it', async () => {
  const manager = await apiLogin('manager')
  const key = (await manager.ok('GET', '/evidence/key')).public_key
  const hospital = await apiLogin('hospital')
  const contract = (await hospital.ok('GET', '/contracts')).items[0]
  const ctx = await newContext(browser)
  const page = await loginAs(ctx, 'manager')
  await page.goto(`${BASE}/contracts/${contract.id}`)
  await page.getByTestId('compliance-state').waitFor()
  const asOf = beijing(Date.now() - 7 * 86400_000)
  const { name, saved } = await downloadBundle(page, 'manager-dialog', { asOf: asOf.slice(0, 19).replace('T', ' ') })
  assert.match(name, new RegExp(`^履约证据-${contract.number}-\\d{4}-\\d{2}-\\d{2}\\.tar$`))
  const ok = verify(saved, key)
  assert.equal(ok.code, 0, ok.out)
  const buf = readFileSync(saved)
  const [start, end] = member(buf, 'scenario.yaml')
  assert.match(buf.toString('utf8', start, end), new RegExp(`^as_of: ${asOf.replace('+', '\\+')}$`, 'm'))

  // 客户与合同 → the hospital's 数据访问记录: the download first.
  await page.goto(`${BASE}/customers`)
  const link = page.locator(`[data-test=customer-card][data-id="${hospital.user.customer_id}"] [data-test=customer-access-log]`)
  await link.waitFor()
  await shots.take(page, 'customers', { fullPage: false })
  await link.click()
  await page.waitForURL((u) => u.pathname === `/customers/${hospital.user.customer_id}/access-log`)
  const first = page.locator('[data-test=access-log-table] tbody tr').first()
  await first.waitFor()
  assert.equal((await first.getByTestId('access-what').textContent()).trim(), zh.what.evidence_export.replace('{contract}', contract.number))
  assert.equal(await first.getByTestId('access-action').getAttribute('data-action'), 'export')
  await shots.take(page, 'manager-access-log')
  assert.deepEqual(ctx.problems, [])
  await ctx.close()
})
