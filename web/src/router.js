// The router is built from the areas' routes (src/areas.js: one line per area; each
// views/<area>/routes.js is a defineArea, src/area.js, which describes a route's meta:
// roles, menu entry, title, messages). Paths are relative to the signed-in layout;
// meta.layout === false puts a route outside it (the login page); meta.public lets it
// open without a session; meta.roles (absent: any signed-in user) limits who may open
// it; meta.menu lists it in the side menu (or, with place 'user', in the menu under the
// user's name in the header: the user's own settings, e.g. API tokens) for meta.menu.roles
// (default meta.roles), sorted by menu.order. Before a screen shows, the catalogues of
// its area and of meta.messages are loaded. The browser tab's title is
// "<screen> - aftercare 售后服务平台": the screen is meta.title (an i18n key), else
// the menu label, else the menu entry the path lies under; a page may name itself more
// precisely with useScreenTitle (the ticket page shows the ticket's number).
import { computed, onBeforeUnmount, shallowReactive, watchEffect } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadMe, sessionLost } from './session'
import { onUnauthorized } from './api'
import { t, te, loadMessages } from './i18n'
import * as areas from './areas'

export const AREAS = Object.values(areas)

const inLayout = []
const outside = []
for (const area of AREAS) {
  for (const route of area.routes) {
    if (route.meta.layout === false) outside.push({ ...route, path: '/' + route.path.replace(/^\//, '') })
    else inLayout.push({ ...route, path: route.path.replace(/^\//, '') })
  }
}
// The catch-all must be last.
const isCatchAll = (r) => r.path.includes(':pathMatch')
inLayout.sort((a, b) => Number(isCatchAll(a)) - Number(isCatchAll(b)))

/** The ticket page's panels from every area, in order (TicketDetail.vue filters by role). */
export const ticketPanels = AREAS.flatMap((a) => a.ticketPanels).sort((a, b) => (a.order ?? 100) - (b.order ?? 100))

export const routes = [
  ...outside.filter((r) => !isCatchAll(r)),
  {
    path: '/',
    component: () => import('./layouts/AppLayout.vue'),
    children: inLayout,
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior(to, from, saved) {
    return saved || { top: 0 }
  },
})

export function routeAllowed(route, user = session.user) {
  const roles = route.meta && route.meta.roles
  if (!roles || roles.length === 0) return true
  return !!user && roles.includes(user.role)
}

function inMenu(route, place, user) {
  const menu = route.meta && route.meta.menu
  if (!menu || (menu.place || 'side') !== place || !routeAllowed(route, user)) return false
  return !menu.roles || (!!user && menu.roles.includes(user.role))
}
const byOrder = (a, b) => (a.meta.menu.order ?? 100) - (b.meta.menu.order ?? 100)

/** The side menu's entries for the signed-in user, in order. */
export function menuRoutes(user = session.user) {
  return inLayout.filter((r) => inMenu(r, 'side', user)).sort(byOrder)
}

/** The entries of the menu under the user's name in the header, in order. */
export function userMenuRoutes(user = session.user) {
  return inLayout.filter((r) => inMenu(r, 'user', user)).sort(byOrder)
}

/** Where a user lands after signing in: the first menu entry. */
export function homeFor(user = session.user) {
  const first = menuRoutes(user)[0]
  return first ? { name: first.name } : { name: 'welcome' }
}

// ---- the browser tab's title ----------------------------------------------------------

/** The i18n key naming a route's screen, or null. */
function screenKey(route) {
  const meta = route.meta || {}
  if (meta.title) return meta.title
  if (meta.menu) return meta.menu.label
  // A page without a menu entry of its own (e.g. contracts/12): the entry it lies under.
  const path = route.matched.length ? route.matched[route.matched.length - 1].path : route.path
  let best = null
  for (const r of inLayout) {
    if (!r.meta.menu || r.meta.menu.place === 'user') continue
    const p = '/' + r.path
    if (path.startsWith(p + '/') && (!best || p.length > best.len)) best = { key: r.meta.menu.label, len: p.length }
  }
  return best ? best.key : null
}

const titleGetters = shallowReactive([])
/**
 * In a page's setup: useScreenTitle(() => ticket.value && t('common.title.ticket_n', {...})).
 * While the page is mounted, a non-empty answer names the screen in the tab's title.
 */
export function useScreenTitle(getter) {
  const entry = { getter }
  titleGetters.push(entry)
  onBeforeUnmount(() => {
    const i = titleGetters.indexOf(entry)
    if (i >= 0) titleGetters.splice(i, 1)
  })
}

export const screenTitle = computed(() => {
  for (let i = titleGetters.length - 1; i >= 0; i--) {
    const v = titleGetters[i].getter()
    if (v) return v
  }
  const key = screenKey(router.currentRoute.value)
  return key && te(key) ? t(key) : ''
})

if (typeof document !== 'undefined') {
  watchEffect(() => {
    const screen = screenTitle.value
    document.title = screen ? t('common.title.format', { screen }) : t('common.title.bare')
  })
}

router.beforeEach(async (to) => {
  if (to.meta.public) return messagesOf(to)
  let user = session.user
  if (!session.loaded) {
    try {
      user = await loadMe()
    } catch {
      user = null // server unreachable: the login page says so when tried
    }
  }
  if (!user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.name === 'home') {
    const home = homeFor(user)
    if (home.name !== 'home') return home
  }
  if (!routeAllowed(to, user)) return { name: 'forbidden', query: { from: to.fullPath } }
  return messagesOf(to)
})

// The screen's messages (its area's and meta.messages) load along with its code (a lazy
// route component loads after these guards) and are there before it shows.
let messagesLoading = null
function messagesOf(to) {
  messagesLoading = loadMessages(to.meta.messages || [])
  return true
}
router.beforeResolve(async () => {
  await messagesLoading
  return true
})

// A request answering 401 (session expired, logged out elsewhere): back to the login
// page, remembering where the user was.
onUnauthorized(() => {
  if (session.elsewhere) return // the session notice is on screen and reloads the tab
  sessionLost()
  const cur = router.currentRoute.value
  if (cur.meta && cur.meta.public) return
  router.replace({ name: 'login', query: { redirect: cur.fullPath } })
})
