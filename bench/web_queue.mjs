// Issue 5's UI speed figure: how long the agent's queue takes to show its first
// rows in a real browser (Debian's Chromium through playwright-core from
// web/node_modules), from navigation to rows on screen, with the store as
// bench/web_queue.sh seeded it. Prints the first load after login (the bundle
// not yet cached) and the median of the next loads. Usage: node bench/web_queue.mjs URL LOGIN PASSWORD [LOADS]
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { chromium } = createRequire(path.join(repo, 'web/package.json'))('playwright-core')
const [url, login, password, loads = '6'] = process.argv.slice(2)

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

// Each load is a new tab of the logged-in browser: the first one fetches the
// bundle, later ones find it in the browser's cache, as an agent's next day would.
const times = []
let last
for (let i = 0; i < Number(loads); ++i) {
  const tab = await context.newPage()
  const start = Date.now()
  await tab.goto(url + '/queue', { waitUntil: 'commit' })
  await tab.locator('[data-test=ticket-row]').first().waitFor({ state: 'visible' })
  times.push(Date.now() - start)
  if (last) await last.close()
  last = tab
}
await page.close()
const rows = await last.locator('[data-test=ticket-row]').count()
const warm = times.slice(1).sort((a, b) => a - b)
console.log(`queue first load ${times[0]} ms, then median ${warm[Math.floor(warm.length / 2)]} ms ` +
  `(${rows} rows on the page)`)
await browser.close()
