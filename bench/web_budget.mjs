// The web UI's budget (issue 11): what each role downloads on its way from the login page
// to its home screen, measured on the wire (compressed as the server sends it, `aftercare
// serve --web web/dist` gzips; response headers included) in headless Chromium (Debian's,
// through playwright-core from web/node_modules), each role in a fresh browser context
// (an empty cache).
//
//   node bench/web_budget.mjs URL [--verbose] [--json]
//
// For each role (the demo users, password demo-2026) it opens the login page and waits
// until it is quiet (the login page: what every role downloads first), logs in and waits
// until the home screen is usable (login -> home: the screen's code, its area's
// messages, the layout, the API's answers). Usable: the home screen's hook is visible, no
// loading mask covers it and no request has been under way for QUIET_MS (the live event
// stream, open for the page's life, counts with what it has received by then).
//
// It prints one row per role and fails (exit 1) when a role's login -> home is at or over
// BUDGET_KB (default 200), or the login page is (one budget for each step a person waits
// for). --verbose lists every request of both steps, largest first.
//
// env: BUDGET_KB (default 200), CHROMIUM (default /usr/bin/chromium)
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { chromium } = createRequire(path.join(repo, 'web/package.json'))('playwright-core')

export const BUDGET_KB = Number(process.env.BUDGET_KB || 200)
const PASSWORD = 'demo-2026'
const QUIET_MS = 500

// One demo user per role and the hook of their home screen (the first entry of their
// side menu; tests/browser/1-roles.test.mjs checks the same homes).
export const ROLES = [
  { login: 'agent', role: 'agent', path: '/agent/intake', hook: 'intake-page' },
  { login: 'engineer', role: 'engineer', path: '/my-tickets', hook: 'my-tickets-page' },
  { login: 'leader', role: 'team_leader', path: '/leader/dispatch', hook: 'dispatch-page' },
  { login: 'manager', role: 'manager', path: '/contracts', hook: 'contracts-page' },
  { login: 'hospital', role: 'party_a', path: '/portal/tickets', hook: 'partya-tickets' },
  { login: 'admin', role: 'admin', path: '/admin/users', hook: 'admin-users' },
]

// The browser tests' flags (tests/browser/lib/harness.mjs).
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/**
 * Bytes on the wire per request, from Chrome's network events: encodedDataLength of a
 * finished request is its response headers plus its body as sent (gzip); of one still
 * open, what it has received so far. Each request belongs to the step it started in.
 */
function wireMeter(cdp) {
  const reqs = new Map()
  let step = 'login'
  let lastActivity = Date.now()
  const get = (id) => {
    let r = reqs.get(id)
    if (!r) reqs.set(id, (r = { url: '', step, headers: 0, data: 0, total: null, done: false }))
    return r
  }
  const touch = () => (lastActivity = Date.now())
  cdp.on('Network.requestWillBeSent', (e) => {
    get(e.requestId).url = e.request.url
    touch()
  })
  cdp.on('Network.responseReceived', (e) => {
    get(e.requestId).headers = e.response.encodedDataLength || 0
    touch()
  })
  cdp.on('Network.dataReceived', (e) => {
    get(e.requestId).data += e.encodedDataLength || 0
    touch()
  })
  cdp.on('Network.loadingFinished', (e) => {
    const r = get(e.requestId)
    r.total = e.encodedDataLength
    r.done = true
    touch()
  })
  cdp.on('Network.loadingFailed', (e) => {
    get(e.requestId).done = true
    touch()
  })
  const isStream = (r) => r.url.includes('/api/v1/stream')
  return {
    set step(s) {
      step = s
    },
    /** Nothing but the event stream under way, and nothing received for ms. */
    quiet(ms) {
      for (const r of reqs.values()) if (!r.done && !isStream(r)) return false
      return Date.now() - lastActivity >= ms
    },
    requests(which) {
      return [...reqs.values()].filter((r) => r.url && r.step === which).map((r) => ({ url: r.url, bytes: r.total ?? r.headers + r.data }))
    },
  }
}

const kindOf = (url) => {
  const p = new URL(url).pathname
  if (p.startsWith('/api/')) return 'api'
  if (p.endsWith('.js')) return 'js'
  if (p.endsWith('.css')) return 'css'
  return 'other' // the page itself, its icon
}
function summary(requests) {
  const by = { js: 0, css: 0, api: 0, other: 0 }
  for (const q of requests) by[kindOf(q.url)] += q.bytes
  return { by, total: by.js + by.css + by.api + by.other, count: requests.length, requests }
}

async function settle(page, meter, what) {
  const deadline = Date.now() + 15_000
  for (;;) {
    const masked = await page.locator('.el-loading-mask').evaluateAll((els) => els.some((e) => e.offsetParent !== null))
    if (!masked && meter.quiet(QUIET_MS)) return
    if (Date.now() > deadline) throw new Error(`${what} did not settle within 15 s`)
    await page.waitForTimeout(100)
  }
}

/** One role: { login: summary of the login page, home: summary of login -> home }. */
export async function measureRole(browser, base, r) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  try {
    const page = await ctx.newPage()
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('Network.enable')
    const meter = wireMeter(cdp)
    await page.goto(base + '/login')
    await page.locator('[data-test=login-page]').waitFor()
    await settle(page, meter, 'the login page')
    meter.step = 'home'
    const field = (id) => page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first()
    await field('login-name').fill(r.login)
    await field('login-password').fill(PASSWORD)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL((u) => u.pathname === r.path, { timeout: 15_000 })
    await page.locator(`[data-test="${r.hook}"]`).first().waitFor({ state: 'visible', timeout: 15_000 })
    await settle(page, meter, `${r.login}'s home screen`)
    return { ...r, login_page: summary(meter.requests('login')), home: summary(meter.requests('home')) }
  } finally {
    await ctx.close()
  }
}

const kB = (n) => (n / 1000).toFixed(1)
const over = (bytes, budgetKb) => bytes >= budgetKb * 1000

export function table(results, budgetKb = BUDGET_KB) {
  const head = ['role', 'user', 'login page kB', 'login -> home kB', 'requests', 'JS', 'CSS', 'API', 'other', 'total kB', '']
  const rows = results.map((x) => [
    x.role,
    x.login,
    kB(x.login_page.total),
    kB(x.home.total),
    String(x.home.count),
    kB(x.home.by.js),
    kB(x.home.by.css),
    kB(x.home.by.api),
    kB(x.home.by.other),
    kB(x.login_page.total + x.home.total),
    over(x.home.total, budgetKb) || over(x.login_page.total, budgetKb) ? 'OVER' : 'ok',
  ])
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd()
  return [line(head), ...rows.map(line)].join('\n')
}

async function main() {
  const args = process.argv.slice(2)
  const base = (args.find((a) => !a.startsWith('--')) || '').replace(/\/+$/, '')
  if (!base) {
    console.error('usage: node bench/web_budget.mjs URL [--verbose] [--json]')
    process.exit(2)
  }
  const browser = await launch()
  const results = []
  try {
    for (const r of ROLES) results.push(await measureRole(browser, base, r))
  } finally {
    await browser.close()
  }
  if (args.includes('--json')) {
    const brief = (s) => ({ total: s.total, requests: s.count, ...s.by })
    console.log(JSON.stringify(results.map((x) => ({ role: x.role, login: x.login, login_page: brief(x.login_page), home: brief(x.home) })), null, 2))
  } else {
    console.log(`Bytes on the wire (gzip, with headers; kB = 1000 bytes), budget ${BUDGET_KB} kB for the login page and for each role's login -> home:`)
    console.log(table(results))
  }
  if (args.includes('--verbose')) {
    const list = (title, s) => {
      console.log(`\n${title}: ${s.count} requests, ${kB(s.total)} kB`)
      for (const q of [...s.requests].sort((a, b) => b.bytes - a.bytes)) console.log(`${kB(q.bytes).padStart(8)}  ${new URL(q.url).pathname}`)
    }
    list('login page', results[0].login_page)
    for (const x of results) list(`${x.login}: login -> home`, x.home)
  }
  const failures = []
  for (const x of results) {
    if (over(x.home.total, BUDGET_KB)) failures.push(`${x.login}'s login -> home ${kB(x.home.total)} kB`)
    if (over(x.login_page.total, BUDGET_KB)) failures.push(`the login page (as ${x.login}) ${kB(x.login_page.total)} kB`)
  }
  if (failures.length) {
    console.error(`web budget: at or over ${BUDGET_KB} kB: ${failures.join(', ')}`)
    process.exit(1)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main()
