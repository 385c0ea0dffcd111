// The logged-in user (GET /api/v1/me) and login / logout.
import { reactive } from 'vue'
import { api } from './api'

export const ROLES = ['agent', 'engineer', 'team_leader', 'manager', 'party_a', 'admin']
export const VENDOR_ROLES = ['agent', 'engineer', 'team_leader', 'manager', 'admin']

export const session = reactive({
  user: null, // {id, login, role, customer_id, display_name}
  loaded: false,
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

const listeners = new Set()
/** Called with the new user (or null) whenever the session changes. */
export function onSessionChange(fn) {
  listeners.add(fn)
  return () => listeners.delete(fn)
}
function setUser(user) {
  const prev = session.user && session.user.id
  session.user = user ? { ...user, display_name: user.display_name || rememberedName(user.id) || user.login } : null
  session.loaded = true
  if ((user && user.id) !== prev) for (const fn of listeners) fn(session.user)
}

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
  const r = await api.post('/session', { login: loginName, password }, { quiet401: true })
  rememberName(r.user)
  setUser(r.user)
  return session.user
}

export async function logout() {
  try {
    await api.del('/session', { quiet401: true })
  } catch {
    /* the session may already be gone */
  }
  setUser(null)
}

/** Marks the session as lost (a request answered 401). */
export function sessionLost() {
  setUser(null)
}

export function hasRole(...roles) {
  return !!session.user && roles.flat().includes(session.user.role)
}
export function isVendor() {
  return !!session.user && session.user.role !== 'party_a'
}
