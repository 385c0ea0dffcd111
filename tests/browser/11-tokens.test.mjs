// Test 11 (SEC-1): API 令牌, the signed-in user's own Bearer tokens, for a vendor role
// (`engineer`, desktop) and for Party A (`hospital`, on a 390x844 phone):
//   - the screen opens from the menu under the user's name in the header (on the phone
//     from the menu drawer), at /account/tokens, titled API 令牌;
//   - 新建令牌: a blank name is refused at 名称 by the form; the server's own 422 for the
//     validity shows at 有效期（天） with the name kept (the request is altered in flight to
//     400 days, which the form cannot send); the validity defaults to 90 days (Party A
//     picks 30); created, the secret shows once under the warning that it will not be
//     shown again, the copy button puts it on the clipboard; closing before copying asks
//     first (Party A);
//   - the token works: GET /api/v1/me with `Authorization: Bearer` (from the test itself)
//     answers the user; GET /tokens lists it (name, expires in 90 / 30 days), no secret;
//   - the list shows it with the times the API gives (minutes), and the secret is nowhere
//     on the page once the dialog is closed, nor after a reload;
//   - 撤销 after a confirmation naming it: gone from the list and from the API, and the API
//     refuses the token (401);
//   - Party A's phone: the screen fits 390 px; the English switch translates it.
//   - the other four roles reach the screen from the header too.
// Screenshots `tokens-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { launch, newContext, loginAs, screenshots, field, apiLogin, zh, runTag, pathOf, BASE, REPO, DESKTOP, PHONE } from './lib/harness.mjs'

const shots = screenshots('tokens') // tokens-<nn>-<what>.png, numbered across the file's tests
const en = JSON.parse(readFileSync(path.join(REPO, 'web/src/i18n/en/account.json'), 'utf8'))
const tag = runTag()
const DAY = 86400_000

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

/** GET /api/v1/me with the token as a script would send it. */
async function meWith(token) {
  const r = await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
  return { status: r.status, body: await r.json().catch(() => null) }
}
const itemOf = (page, id) => page.locator('.el-form-item', { has: page.locator(`[data-test="${id}"]`) })
const text = async (loc) => ((await loc.textContent()) || '').trim()
const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
/** "2026-12-07T15:36:59+08:00" -> "2026-12-07 15:36", as the screen shows it. */
const minutes = (s) => s.slice(0, 16).replace('T', ' ')

async function scenario({ login, phone }) {
  const api = await apiLogin(login) // cross-checks, as the same user
  const me = api.user
  const ctx = await newContext(browser, phone ? { viewport: PHONE, isMobile: true } : { viewport: DESKTOP })
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE })
  const days = phone ? 30 : 90
  const name = `${phone ? '甲方报表同步' : '工单导出脚本'} ${tag}`
  try {
    const page = await loginAs(ctx, login)
    const home = pathOf(page)

    // ---- from the header (the phone: the menu drawer) to API 令牌 ----
    if (phone) {
      await page.getByTestId('menu-toggle').click()
      await page.getByTestId('drawer-account-tokens').click()
    } else {
      await page.getByTestId('current-user').click()
      const entry = page.getByTestId('user-menu-account-tokens')
      assert.equal(await text(entry), zh('account.menu.tokens'))
      await shots.take(page, `${login}-user-menu`)
      await entry.click()
    }
    await page.waitForURL((u) => u.pathname === '/account/tokens')
    assert.notEqual(home, '/account/tokens', 'the home screen is still the role\'s own')
    await page.getByTestId('account-tokens').waitFor()
    assert.equal(await text(page.locator('[data-test="account-tokens"] h2')), zh('account.tokens.title'))
    assert.match(await page.title(), new RegExp(`^${zh('account.tokens.title')} - `))
    const before = (await api.ok('GET', '/tokens')).items

    // ---- 新建令牌: the form ----
    await page.getByTestId('token-create').click()
    const dlg = page.locator('.el-dialog[data-test="token-dialog"]')
    await dlg.waitFor()
    assert.equal(await field(page, 'token-days').inputValue(), '90', 'the validity defaults to 90 days')
    await page.getByTestId('token-save').click() // no name
    assert.equal(await text(itemOf(page, 'token-name').locator('.el-form-item__error')), zh('account.tokens.need_name'))
    await field(page, 'token-name').fill(name)
    if (phone) await page.getByTestId(`token-days-${days}`).click()
    assert.equal(await field(page, 'token-days').inputValue(), String(days))

    // The server's own field error, at its field: the request altered in flight to a
    // validity the form cannot send (400 days).
    await page.route('**/api/v1/tokens', async (route) => {
      const req = route.request()
      if (req.method() !== 'POST') return route.continue()
      await route.continue({ postData: JSON.stringify({ ...req.postDataJSON(), expires_in_days: 400 }) })
    })
    await page.getByTestId('token-save').click()
    const daysError = itemOf(page, 'token-days').locator('.el-form-item__error')
    await daysError.waitFor()
    const refusal = await api.post('/tokens', { name, expires_in_days: 400 }, { 'Accept-Language': 'zh-CN' })
    assert.equal(refusal.status, 422)
    assert.equal(refusal.body.error.field, 'expires_in_days')
    assert.equal(await text(daysError), refusal.body.error.message, 'the server\'s message (in Chinese) at 有效期（天）')
    assert.equal(await page.locator('.el-message-box').count(), 0, 'no message box instead')
    assert.equal(await field(page, 'token-name').inputValue(), name, 'the name typed is kept')
    assert.equal((await api.ok('GET', '/tokens')).items.length, before.length, 'nothing was created')
    await page.unroute('**/api/v1/tokens')
    await shots.take(page, `${login}-form-error`)

    // ---- created: the secret, once ----
    const t0 = Date.now()
    await page.getByTestId('token-save').click()
    const secretEl = page.getByTestId('token-secret')
    await secretEl.waitFor()
    const token = await text(secretEl)
    assert.match(token, /^[0-9a-f]{64}$/, 'the secret is shown')
    const warning = page.getByTestId('token-once-warning')
    assert.ok((await text(warning)).includes(zh('account.tokens.once_title')))
    assert.ok((await text(warning)).includes(zh('account.tokens.once_text')), 'it says it will not be shown again')
    assert.equal(await daysError.count(), 0, 'the old error is gone')
    await shots.take(page, `${login}-secret`)

    if (phone) {
      // Closing before copying asks first; going back keeps the secret on screen.
      await page.getByTestId('token-done').click()
      const box = page.locator('.el-message-box.token-close-box')
      await box.waitFor()
      assert.ok((await text(box)).includes(zh('account.tokens.close_uncopied')))
      await shots.take(page, `${login}-close-uncopied`)
      await box.getByRole('button', { name: zh('account.tokens.keep_open') }).click()
      await box.waitFor({ state: 'detached' })
      assert.equal(await text(secretEl), token, 'still shown')
    }

    // Copy: the clipboard has it.
    await page.getByTestId('token-copy').click()
    await page.locator('.el-message--success', { hasText: zh('account.tokens.copied') }).waitFor()
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token, 'the clipboard holds the token')
    assert.equal(await text(page.getByTestId('token-copy')), zh('account.tokens.copied_short'))

    // ---- the token works, and the API lists it without its secret ----
    const ok = await meWith(token)
    assert.equal(ok.status, 200, `GET /me with the token: ${JSON.stringify(ok.body)}`)
    assert.equal(ok.body.login, login)
    assert.equal(ok.body.id, me.id)
    const listed = (await api.ok('GET', '/tokens')).items
    const mine = listed.find((x) => x.name === name)
    assert.ok(mine, 'GET /tokens lists it')
    assert.equal(listed.length, before.length + 1)
    assert.ok(!JSON.stringify(listed).includes(token), 'the list never carries the secret')
    const expires = Date.parse(mine.expires_at)
    assert.ok(Math.abs(expires - (t0 + days * DAY)) < 120_000, `expires in ${days} days (${mine.expires_at})`)

    // ---- closed: the list shows it, the secret is gone for good ----
    await page.getByTestId('token-done').click()
    await dlg.waitFor({ state: 'hidden' })
    const row = page.locator(`[data-test="token-row"][data-id="${mine.id}"]`).filter({ visible: true })
    await row.waitFor()
    assert.equal(await text(row), name)
    const rowText = phone ? await text(page.locator('.card', { has: row })) : await text(page.locator('.el-table__row', { has: row }))
    assert.ok(rowText.includes(minutes(mine.created_at)), `created ${minutes(mine.created_at)} shown: ${rowText}`)
    assert.ok(rowText.includes(minutes(mine.expires_at)), `expires ${minutes(mine.expires_at)} shown: ${rowText}`)
    assert.ok(rowText.includes(zh('account.tokens.days_left', { n: days })), `${days} days left: ${rowText}`)
    assert.ok(!(await page.content()).includes(token), 'the secret is not on the page any more')
    if (phone) assert.ok(await fits(page), 'API 令牌 fits 390 px')
    await shots.take(page, `${login}-list`)
    await page.reload()
    await row.waitFor()
    assert.ok(!(await page.content()).includes(token), 'nor after a reload')

    // ---- 撤销, after a confirmation naming it ----
    await page.locator(phone ? '.card' : '.el-table__row', { has: row }).getByTestId('token-revoke').click()
    const box = page.locator('.el-message-box.token-revoke-box')
    await box.waitFor()
    assert.ok((await text(box)).includes(zh('account.tokens.revoke_confirm', { name })), 'the confirmation names the token')
    await shots.take(page, `${login}-revoke-confirm`)
    await box.getByRole('button', { name: zh('account.tokens.revoke') }).click()
    await page.locator('.el-message--success', { hasText: zh('account.tokens.revoked', { name }) }).waitFor()
    await row.waitFor({ state: 'detached' })
    const after = (await api.ok('GET', '/tokens')).items
    assert.ok(!after.some((x) => x.id === mine.id), 'GET /tokens no longer lists it')
    const refused = await meWith(token)
    assert.equal(refused.status, 401, `the API refuses the revoked token: ${JSON.stringify(refused.body)}`)

    if (phone) {
      // English: the same screen in the other language.
      await page.getByTestId('lang-button').click()
      await page.getByTestId('lang-en').click()
      await page.locator('[data-test="account-tokens"] h2', { hasText: en.tokens.title }).waitFor()
      assert.equal(await text(page.getByTestId('token-create')), en.tokens.create)
      assert.ok(await fits(page), 'in English too')
      await shots.take(page, `${login}-english`)
      await page.getByTestId('lang-button').click()
      await page.getByTestId('lang-zh-CN').click()
    }
    assert.deepEqual(ctx.problems, [], 'no page errors')
  } finally {
    await ctx.close()
  }
}

test('engineer (vendor, desktop): creates an API token, sees it once, uses it, revokes it', () => scenario({ login: 'engineer', phone: false }))
test('hospital (Party A, phone): creates an API token, sees it once, uses it, revokes it', () => scenario({ login: 'hospital', phone: true }))

test('every other role (agent, team leader, manager, administrator) reaches API 令牌 from the header', async () => {
  for (const login of ['agent', 'leader', 'manager', 'admin']) {
    const ctx = await newContext(browser, { viewport: DESKTOP })
    try {
      const page = await loginAs(ctx, login)
      await page.getByTestId('current-user').click()
      await page.getByTestId('user-menu-account-tokens').click()
      await page.waitForURL((u) => u.pathname === '/account/tokens')
      await page.getByTestId('token-create').waitFor()
      assert.equal(await text(page.locator('[data-test="account-tokens"] h2')), zh('account.tokens.title'), login)
      assert.deepEqual(ctx.problems, [], `${login}: no page errors`)
    } finally {
      await ctx.close()
    }
  }
})
