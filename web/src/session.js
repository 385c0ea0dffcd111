// The logged-in user (GET /api/v1/me) and login / logout.
//
// One session per browser: the session cookie is shared by every tab, so when one tab
// logs in as someone else (or logs out) the others would silently go on as that user.
// The tab that changes the session writes who is signed in now to localStorage
// (MARK_KEY); every other tab gets a `storage` event, marks its session as changed
// elsewhere (session.elsewhere), sends nothing more (api.js asks the request guard
// below before every request) and shows a notice that reloads it for the new session
// (components/SessionNotice.vue). A tab also asks /me again when it regains focus.
import { reactive } from 'vue'
import { api, ApiError, setRequestGuard } from './api'

export const ROLES = ['agent', 'engineer', 'team_leader', 'manager', 'party_a', 'admin']
export const VENDOR_ROLES = ['agent', 'engineer', 'team_leader', 'manager', 'admin']

export const session = reactive({
  user: null, // {id, login, role, customer_id, display_name}
  loaded: false,
  // Set when another tab changed the session: { user: {id, display_name, role} | null,
  // how: 'tab' (told by another tab), 'expired' (another tab's request answered 401),
  // 'check' (found by asking /me) }.
  elsewhere: null,
})

// /me does not carry the display name yet; the login answer does, so remember it.
const NAMES_KEY = 'aftercare.names'
function rememberName(user) {
  if (!user || !user.display_name) return
  try {
    const names = JSON.parse(localStorage.getItem(NAMES_KEY) || '{}')
    names[user.id] = user.display_name
    localStorage.setItem(NAMES_KEY, JSON.stringify(names))
  } catch {
    /* ignore */
  }
}
function rememberedName(id) {
  try {
    return JSON.parse(localStorage.getItem(NAMES_KEY) || '{}')[id] || null
  } catch {
    return null
  }
}

// ---- who is signed in, as every tab of this browser sees it ---------------------------
// localStorage[MARK_KEY]: {"id": 7, "name": "张三", "role": "engineer"} signed in,
// {"id": null} signed out ({"id": null, "expired": true}: a request answered 401),
// {"switching": <ms>} while a tab's login request is on its way
// (the cookie may change any moment: other tabs hold their requests until it is done).
const MARK_KEY = 'aftercare.session'
const SWITCH_WAIT_MS = 10000

function readMark() {
  try {
    const raw = localStorage.getItem(MARK_KEY)
    return raw ? JSON.parse(raw) : null
  } catch {
    return null
  }
}
function writeRaw(raw) {
  try {
    if (raw === null) localStorage.removeItem(MARK_KEY)
    else if (localStorage.getItem(MARK_KEY) !== raw) localStorage.setItem(MARK_KEY, raw)
  } catch {
    /* storage unavailable: tabs notice on focus (/me) or by a 401 */
  }
}
function markOf(user, expired = false) {
  return JSON.stringify(user ? { id: user.id, name: user.display_name || user.login, role: user.role } : expired ? { id: null, expired: true } : { id: null })
}
function userOfMark(m) {
  return m && m.id != null ? { id: m.id, display_name: m.name || rememberedName(m.id) || String(m.id), role: m.role || null } : null
}
const switching = (m) => !!m && typeof m.switching === 'number' && Date.now() - m.switching < SWITCH_WAIT_MS

const myId = () => (session.user ? session.user.id : null)
let busy = 0 // this tab's own login/logout in progress: changes are its own

/** Marks this tab's session as replaced by `user` (null: logged out) in another tab. */
function changedElsewhere(user, how) {
  if (session.elsewhere || busy) return
  session.elsewhere = { user, how }
}

const listeners = new Set()
/** Called with the new user (or null) whenever the session changes. */
export function onSessionChange(fn) {
  listeners.add(fn)
  return () => listeners.delete(fn)
}
function setUser(user, expired = false) {
  const prev = session.user && session.user.id
  session.user = user ? { ...user, display_name: user.display_name || rememberedName(user.id) || user.login } : null
  session.loaded = true
  writeRaw(markOf(session.user, expired))
  if ((user && user.id) !== prev) for (const fn of listeners) fn(session.user)
}

if (typeof window !== 'undefined') {
  // Another tab logged in or out.
  window.addEventListener('storage', (ev) => {
    if (ev.key !== MARK_KEY && ev.key !== null) return
    if (!session.loaded) return // not known yet: /me will tell
    const m = readMark()
    if (!m || switching(m) || m.switching) return
    const theirs = m.id ?? null
    if (theirs !== myId()) changedElsewhere(userOfMark(m), m.expired ? 'expired' : 'tab')
  })
  // Back to this tab: is it still the same session? (another window, an expired session,
  // a tab that changed it without telling.)
  let lastCheck = 0
  const check = () => {
    if (document.hidden || !session.loaded || session.elsewhere || busy) return
    if (Date.now() - lastCheck < 1000) return
    lastCheck = Date.now()
    checkSession().catch(() => {})
  }
  window.addEventListener('focus', check)
  document.addEventListener('visibilitychange', check)
}

/**
 * Asks /me whether this tab's session is still the browser's; when not, marks it as
 * changed elsewhere. Resolves to true when it is unchanged.
 */
export async function checkSession() {
  let me = null
  try {
    me = await api.get('/me', null, { quiet401: true })
  } catch (e) {
    if (e.status !== 401) throw e
  }
  if (busy || session.elsewhere) return true
  const theirs = me ? me.id : null
  if (theirs === myId()) return true
  const user = me ? { ...me, display_name: me.display_name || rememberedName(me.id) || me.login } : null
  writeRaw(markOf(user)) // the other tabs learn it too
  changedElsewhere(user, 'check')
  return false
}

// Before every request: nothing is sent while the session is someone else's.
const SESSION_PATHS = /\/api\/v1\/(session|me)(\?|$)/
setRequestGuard(async (method, url) => {
  if (SESSION_PATHS.test(url) || busy) return
  let m = readMark()
  // Another tab's login is on its way: wait until it is done (the cookie may change).
  for (let i = 0; switching(m) && i < SWITCH_WAIT_MS / 100; i++) {
    await new Promise((r) => setTimeout(r, 100))
    m = readMark()
  }
  if (!session.elsewhere && session.loaded && m && !m.switching && (m.id ?? null) !== myId()) changedElsewhere(userOfMark(m), 'tab')
  if (session.elsewhere) throw new ApiError(0, 'session_changed', 'the session changed in another tab')
})

let loading = null
/** Loads /me once (or again with force); resolves to the user or null when not logged in. */
export function loadMe(force = false) {
  if (session.loaded && !force) return Promise.resolve(session.user)
  if (loading) return loading
  loading = api
    .get('/me', null, { quiet401: true })
    .then((me) => {
      setUser(me)
      return session.user
    })
    .catch((e) => {
      if (e.status === 401) {
        setUser(null)
        return null
      }
      throw e
    })
    .finally(() => {
      loading = null
    })
  return loading
}

export async function login(loginName, password) {
  let before = null
  try {
    before = localStorage.getItem(MARK_KEY)
  } catch {
    /* ignore */
  }
  busy++
  writeRaw(JSON.stringify({ switching: Date.now() }))
  let ok = false
  try {
    const r = await api.post('/session', { login: loginName, password }, { quiet401: true })
    rememberName(r.user)
    session.elsewhere = null
    setUser(r.user)
    ok = true
    return session.user
  } finally {
    busy--
    if (!ok) writeRaw(before) // the cookie did not change
  }
}

export async function logout() {
  busy++
  try {
    await api.del('/session', { quiet401: true })
  } catch {
    /* the session may already be gone */
  } finally {
    busy--
  }
  setUser(null)
}

/** Marks the session as lost (a request answered 401). */
export function sessionLost() {
  if (session.elsewhere) return
  setUser(null, true)
}

export function hasRole(...roles) {
  return !!session.user && roles.flat().includes(session.user.role)
}
export function isVendor() {
  return !!session.user && session.user.role !== 'party_a'
}
