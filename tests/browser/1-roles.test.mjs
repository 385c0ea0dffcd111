// Test 1 (STAFF-1, SEC-1): every role logs in through the login page, lands on its
// home screen, sees in the side menu only what it may do (and is turned away from a
// screen it may not open), and logs out.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newContext, loginAs, screenshots, menuEntries, pathOf, apiLogin, zh, BASE, DESKTOP } from './lib/harness.mjs'

// Menu entries (route names) that only some roles have.
const PARTY_A = /^partya-/
const ADMIN = /^admin-/
const MANAGER = /^manager-contracts$/
const DISPATCH = /^leader-/
const CUSTOMERS = /^customers$/ // 客户与合同: the roles the server lets create customers

const ROLES = [
  {
    login: 'agent',
    role: 'agent',
    home: { route: 'agent-intake', path: '/agent/intake', hook: 'intake-page', menu: 'agent.menu.intake' },
    has: ['agent-intake', 'queue', 'leftover', 'customers', 'mail-unmatched'],
    lacks: [PARTY_A, ADMIN, MANAGER, DISPATCH, /^manager-sla$/, /^my-tickets$/],
    forbidden: ['/contracts', '/admin/users'],
  },
  {
    login: 'engineer',
    role: 'engineer',
    home: { route: 'my-tickets', path: '/my-tickets', hook: 'my-tickets-page', menu: 'engineer.menu.my_tickets' },
    has: ['my-tickets', 'queue', 'leftover'],
    lacks: [PARTY_A, ADMIN, MANAGER, DISPATCH, CUSTOMERS, /^manager-sla$/, /^agent-intake$/, /^mail-unmatched$/],
    forbidden: ['/leader/dispatch', '/admin/audit'],
  },
  {
    login: 'leader',
    role: 'team_leader',
    home: { route: 'leader-dispatch', path: '/leader/dispatch', hook: 'dispatch-page', menu: 'leader.menu.dispatch' },
    has: ['leader-dispatch', 'leader-teams', 'leader-roster', 'my-tickets', 'agent-intake', 'queue', 'mail-unmatched'],
    lacks: [PARTY_A, ADMIN, MANAGER, CUSTOMERS],
    forbidden: ['/contracts', '/admin/users'],
  },
  {
    login: 'manager',
    role: 'manager',
    home: { route: 'manager-contracts', path: '/contracts', hook: 'contracts-page', menu: 'manager.menu.contracts' },
    has: ['manager-contracts', 'manager-sla', 'customers', 'leader-dispatch', 'agent-intake', 'queue', 'mail-unmatched'],
    lacks: [PARTY_A, ADMIN, /^my-tickets$/],
    forbidden: ['/my-tickets', '/admin/users'],
  },
  {
    login: 'admin',
    role: 'admin',
    home: { route: 'admin-users', path: '/admin/users', hook: 'admin-users', menu: 'admin.menu.users' },
    has: ['admin-users', 'admin-holidays', 'admin-policies', 'admin-audit', 'admin-mailboxes', 'leader-teams', 'manager-contracts', 'customers'],
    lacks: [PARTY_A, /^my-tickets$/],
    forbidden: ['/portal/tickets'],
  },
  {
    login: 'hospital',
    role: 'party_a',
    home: { route: 'partya-tickets', path: '/portal/tickets', hook: 'partya-tickets', menu: 'partya.menu.tickets' },
    has: ['partya-tickets', 'partya-new'],
    lacks: [/^queue$/, /^leftover$/, /^agent-intake$/, /^my-tickets$/, DISPATCH, /^manager-/, ADMIN, CUSTOMERS],
    forbidden: ['/queue', '/contracts', '/admin/users'],
  },
]

let browser
let users
before(async () => {
  browser = await launch()
  const admin = await apiLogin('admin')
  users = (await admin.ok('GET', '/users')).items
})
after(async () => {
  await browser?.close()
})

for (const r of ROLES) {
  test(`${r.login} (${r.role}): home screen, side menu of the role, logout`, async () => {
    const shots = screenshots(`roles-${r.login}`)
    const ctx = await newContext(browser, { viewport: DESKTOP })
    try {
      const me = users.find((u) => u.login === r.login)
      assert.ok(me, `demo user ${r.login} exists`)
      assert.equal(me.role, r.role)

      const page = await loginAs(ctx, r.login, { shots, shotName: 'login' })

      // The header names the user and the role (in Chinese).
      assert.equal((await page.getByTestId('current-user-name').textContent()).trim(), me.display_name)
      assert.equal((await page.getByTestId('current-user-role').textContent()).trim(), zh(`common.roles.${r.role}`))

      // The side menu: what the role needs, nothing it may not do.
      const menu = await menuEntries(page)
      for (const name of r.has) assert.ok(menu.includes(name), `${r.login}'s menu has ${name} (menu: ${menu.join(', ')})`)
      for (const re of r.lacks) {
        const bad = menu.filter((m) => re.test(m))
        assert.deepEqual(bad, [], `${r.login}'s menu must not offer ${re} (menu: ${menu.join(', ')})`)
      }

      // Home: the role's own screen, which is also the first entry of its menu. A wrong
      // home is reported at the end, so that the rest of the role's checks still run.
      const wrongHome = []
      const landed = pathOf(page)
      if (landed !== r.home.path) {
        await shots.take(page, 'home-WRONG')
        wrongHome.push(`${r.login} lands on ${landed} (first menu entry: ${menu[0]}), expected the home screen ${r.home.path} (${zh(r.home.menu)})`)
      } else {
        await page.getByTestId(r.home.hook).waitFor()
        await shots.take(page, 'home', { settle: 600 })
        assert.equal(menu[0], r.home.route, `${r.login}'s first menu entry is the home screen`)
        const entry = page.getByTestId(`menu-${r.home.route}`)
        assert.equal((await entry.textContent()).trim(), zh(r.home.menu))
        assert.match((await entry.getAttribute('class')) || '', /is-active/, 'the home entry is highlighted')
      }

      // The server's address as printed by scripts/run.sh, opened by a signed-in
      // user (a new tab, a bookmark): the role's home screen too.
      await page.goto(BASE + '/')
      await page.waitForURL((u) => u.pathname !== '/')
      if (pathOf(page) !== r.home.path) {
        wrongHome.push(`${r.login} opening / lands on ${pathOf(page)}, expected ${r.home.path}`)
      }

      // Screens the role may not open, typed into the address bar, are refused.
      for (const [i, p] of r.forbidden.entries()) {
        await page.goto(BASE + p)
        await page.getByTestId('error-forbidden').waitFor()
        assert.ok((await page.getByTestId('error-forbidden').textContent()).includes(zh('common.errors.page_forbidden')), `${r.login} may not open ${p}`)
        if (i === 0) await shots.take(page, 'forbidden')
      }

      // Logout: back on the login page, and the session is gone on the server too.
      await page.getByTestId('logout').click()
      await page.waitForURL((u) => u.pathname === '/login')
      await page.getByTestId('login-page').waitFor()
      const meAfter = await page.request.get(BASE + '/api/v1/me')
      assert.equal(meAfter.status(), 401, 'GET /me after logout answers 401')
      await shots.take(page, 'logged-out')
      await page.goto(BASE + r.home.path)
      await page.waitForURL((u) => u.pathname === '/login')
      await page.getByTestId('login-page').waitFor()
      assert.deepEqual(ctx.problems, [])
      assert.deepEqual(wrongHome, [], 'home screen')
    } finally {
      await ctx.close()
    }
  })
}
