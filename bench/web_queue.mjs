// Issue 5's UI speed figure: how long a ticket list takes to show its first rows in
// a real browser (Debian's Chromium through playwright-core from web/node_modules),
// from navigation to rows on screen, with the store as bench/web_queue.sh seeded it.
// SCREEN is `queue` (the agent's 队列) or `dispatch` (the team leader's 调度台).
// Prints the first load after login (the bundle not yet cached) and the median of
// the next loads. Usage: node bench/web_queue.mjs URL SCREEN LOGIN PASSWORD [LOADS]
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { chromium } = createRequire(path.join(repo, 'web/package.json'))('playwright-core')
const [url, screenName, login, password, loads = '6'] = process.argv.slice(2)
const SCREENS = {
  queue: { name: 'queue', path: '/queue', row: '[data-test=ticket-row]' },
  dispatch: { name: 'dispatch board', path: '/leader/dispatch', row: '[data-test=dispatch-row]' },
}
const screen = SCREENS[screenName]
if (!screen || !password) {
  console.error('usage: node bench/web_queue.mjs URL queue|dispatch LOGIN PASSWORD [LOADS]')
  process.exit(2)
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
const page = await context.newPage()
await page.goto(url + '/login')
// Element Plus puts the attribute on the <input> itself or on its wrapper.
const field = (id) => page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first()
await field('login-name').fill(login)
await field('login-password').fill(password)
await page.locator('[data-test=login-submit]').click()
await page.waitForURL((u) => !u.pathname.startsWith('/login'))
// The login tab goes on to the person's home screen (the team leader's is the
// dispatch board): closed, so that it does not share the CPU with the loads timed.
await page.close()

// Each load is a new tab of the logged-in browser: the first one fetches the
// bundle, later ones find it in the browser's cache, as an agent's next day would.
const times = []
let last
for (let i = 0; i < Number(loads); ++i) {
  const tab = await context.newPage()
  const start = Date.now()
  await tab.goto(url + screen.path, { waitUntil: 'commit' })
  await tab.locator(screen.row).first().waitFor({ state: 'visible', timeout: 120_000 })
  times.push(Date.now() - start)
  if (last) await last.close()
  last = tab
}
const rows = await last.locator(screen.row).count()
const warm = times.slice(1).sort((a, b) => a - b)
console.log(`${screen.name} first load ${times[0]} ms, then median ${warm[Math.floor(warm.length / 2)]} ms ` +
  `(${rows} rows on the page)`)
await browser.close()
