// Shared helpers of the browser end-to-end tests (tests/browser/*.test.mjs), run by
// tests/browser/run.sh with Node's own test runner against a real `aftercare serve`
// on fresh demo data.
//
// env: AFTERCARE_URL   base URL of the server (required; run.sh sets it)
//      AFTERCARE_BIN   the binary that serves it, for its offline commands (run.sh sets it)
//      SCREENSHOT_DIR  where screenshots go (run.sh sets it)
//      CHROMIUM        the browser (default /usr/bin/chromium; never downloaded)
//
// playwright-core is resolved from web/node_modules (a devDependency of the web UI),
// so tests/browser needs no npm install of its own.
import { createRequire } from 'node:module'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'

const here = path.dirname(fileURLToPath(import.meta.url))
export const REPO = path.resolve(here, '../../..')
const requireFromWeb = createRequire(path.join(REPO, 'web/package.json'))
const { chromium, selectors } = requireFromWeb('playwright-core')

export const BASE = (process.env.AFTERCARE_URL || '').replace(/\/+$/, '')
if (!BASE) throw new Error('AFTERCARE_URL is not set: run the tests through tests/browser/run.sh')
// The server's binary (run.sh's copy), for commands a person runs offline (evidence verify).
export const BIN = process.env.AFTERCARE_BIN || path.join(REPO, 'build/release/aftercare')
export const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO, 'tests/browser/screenshots'))
mkdirSync(SHOTS, { recursive: true })

export const PASSWORD = 'demo-2026'
export const DESKTOP = { width: 1366, height: 860 }
export const PHONE = { width: 390, height: 844 }

// The UI's stable hooks are data-test attributes (web/README.md).
selectors.setTestIdAttribute('data-test')

/**
 * One headless Chromium for a test file. Playwright's launch() gives every browser a
 * fresh temporary user-data dir (under TMPDIR, which run.sh points into its own temp
 * folder, removed at the end).
 */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/**
 * A browser context (its own cookies and storage: one person at one device) in
 * Chinese, on Beijing time. Page errors are collected in ctx.problems.
 */
export async function newContext(browser, { viewport = DESKTOP, locale = 'zh-CN', isMobile = false } = {}) {
  const ctx = await browser.newContext({
    viewport,
    locale,
    timezoneId: 'Asia/Shanghai',
    isMobile,
    hasTouch: isMobile,
    deviceScaleFactor: 1,
  })
  ctx.setDefaultTimeout(10_000)
  ctx.problems = []
  ctx.on('page', (p) => {
    p.on('pageerror', (e) => ctx.problems.push(`page error: ${e.message}`))
  })
  return ctx
}

/** el-input puts data-test on its <input>/<textarea>; other components keep it on their root. */
export function field(page, id) {
  return page
    .locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input, [data-test="${id}"] textarea`)
    .first()
}

/** An element's text with its white space folded, as a person reads it. */
export async function shownText(loc) {
  return ((await loc.textContent()) || '').replace(/\s+/g, ' ').trim()
}

/** Whether the page fits its window's width (no sideways scrolling). */
export function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
}

/** The path (and query) the page is on. */
export function pathOf(page) {
  const u = new URL(page.url())
  return u.pathname
}

/**
 * Logs in through the login page and waits until the app has left it.
 * Returns the page, on the user's home screen.
 */
export async function loginAs(ctx, login, { password = PASSWORD, shots = null, shotName = null } = {}) {
  const page = await ctx.newPage()
  await page.goto(BASE + '/login')
  await page.getByTestId('login-page').waitFor()
  await field(page, 'login-name').fill(login)
  await field(page, 'login-password').fill(password)
  if (shots && shotName) await shots.take(page, shotName)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10_000 })
  await page.getByTestId('logout').waitFor()
  return page
}

/**
 * Screenshots of one test: <dir>/<prefix>-<nn>-<name>.png, numbered in the order taken.
 * `of` (a locator) takes only that element, e.g. the header.
 */
export function screenshots(prefix) {
  let n = 0
  const taken = []
  return {
    taken,
    async take(page, name, { fullPage = true, settle = 250, of = null } = {}) {
      if (settle) await page.waitForTimeout(settle) // transitions (dialogs, messages) finish
      n += 1
      const file = path.join(SHOTS, `${prefix}-${String(n).padStart(2, '0')}-${name}.png`)
      if (of) await of.screenshot({ path: file })
      else await page.screenshot({ path: file, fullPage })
      taken.push(file)
      return file
    },
  }
}

/** Entries of the side menu (route names from data-test="menu-<name>"), in order. */
export async function menuEntries(page) {
  const menu = page.locator('[data-test="side-menu"]').first()
  await menu.waitFor({ state: 'attached' })
  const ids = await menu.locator('[data-test^="menu-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))
  return ids.map((s) => s.replace(/^menu-/, ''))
}

// ---- the API, for setting up and cross-checking (never for a scenario's main steps) ----

/**
 * A logged-in API client: api.get(path), api.post(path, body), api.del(path) -> {status, body};
 * `headers` (e.g. {'Accept-Language': 'zh-CN'}, as the UI sends) go with a request.
 */
export async function apiLogin(login, password = PASSWORD) {
  const res = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  })
  const body = await res.json().catch(() => null)
  assert.equal(res.status, 200, `API login as ${login}: HTTP ${res.status} ${JSON.stringify(body)}`)
  const cookie = (res.headers.getSetCookie ? res.headers.getSetCookie() : [res.headers.get('set-cookie')])
    .filter(Boolean)
    .map((c) => c.split(';')[0])
    .join('; ')
  assert.ok(cookie, `API login as ${login}: no session cookie`)
  async function call(method, p, body, headers = {}) {
    const r = await fetch(`${BASE}/api/v1${p}`, {
      method,
      headers: { Cookie: cookie, Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    const text = await r.text()
    let json = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    return { status: r.status, body: json }
  }
  return {
    user: body.user,
    get: (p, headers) => call('GET', p, undefined, headers),
    post: (p, b, headers) => call('POST', p, b, headers),
    del: (p, headers) => call('DELETE', p, undefined, headers),
    /** Like post/get, but asserts a 2xx answer and returns the body. */
    async ok(method, p, b) {
      const r = await call(method, p, b)
      assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
      return r.body
    },
  }
}

/**
 * The demo's users through a vendor's API client: `items`, and `byLogin(login)` /
 * `byId(id)`, which fail the test when the user is missing.
 */
export async function demoUsers(client) {
  const items = (await client.ok('GET', '/users')).items
  const find = (what, pred) => {
    const u = items.find(pred)
    assert.ok(u, `demo user ${what}`)
    return u
  }
  return { items, byLogin: (login) => find(login, (u) => u.login === login), byId: (id) => find(`#${id}`, (u) => u.id === id) }
}

/** An RFC 3339 time in +08:00 (the demo contracts' zone) for an instant in ms. */
export function beijing(ms) {
  const d = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600 * 1000)
  return d.toISOString().replace(/\.\d{3}Z$/, '+08:00')
}

/** A phone number no demo ticket has: 139 and 8 digits from the clock and chance. */
export function freshPhone() {
  const tail = String((Date.now() % 1e5) * 1000 + Math.floor(Math.random() * 1000)).padStart(8, '0')
  return `139${tail.slice(-8)}`
}

/** A short unique tag for titles created by one test run. */
export function runTag() {
  return `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`
}

// ---- Chinese UI strings, from the web UI's own catalogues --------------------------
const catalogues = {}
/** zh('common.roles.agent') -> '客服人员'; {name} placeholders are filled from params. */
export function zh(key, params = {}) {
  const [module, ...rest] = key.split('.')
  if (!catalogues[module]) {
    catalogues[module] = JSON.parse(readFileSync(path.join(REPO, 'web/src/i18n/zh-CN', `${module}.json`), 'utf8'))
  }
  let v = catalogues[module]
  for (const k of rest) v = v && typeof v === 'object' ? v[k] : undefined
  assert.equal(typeof v, 'string', `no zh-CN string ${key}`)
  return v.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m))
}

/** The label an el-select shows as its value ('' when it shows its placeholder). */
export async function selectedLabel(page, id) {
  const shown = page.locator(`[data-test="${id}"] .el-select__placeholder:not(.is-transparent)`)
  return (await shown.count()) ? (await shown.first().textContent()).trim() : ''
}
