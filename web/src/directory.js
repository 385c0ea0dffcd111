// Names behind ids, cached for the session: customers, their systems, users.
// Lists of tickets carry only ids; these lookups turn them into names.
import { reactive } from 'vue'
import { api } from './api'
import { session, onSessionChange } from './session'
import { t } from './i18n'

const state = reactive({
  customers: [], // [{id, name, contact, phone, address}]
  customersLoaded: false,
  systems: {}, // customer id -> [{id, customer_id, name}]
  users: {}, // user id -> {id, display_name, login, role}
  usersAvailable: null, // null unknown, false when the role may not list users
})
export const directory = state

let customersPromise = null
export function loadCustomers(force = false) {
  if (state.customersLoaded && !force) return Promise.resolve(state.customers)
  if (customersPromise && !force) return customersPromise
  customersPromise = api
    .get('/customers')
    .then((r) => {
      state.customers = r.items || []
      state.customersLoaded = true
      return state.customers
    })
    .finally(() => {
      customersPromise = null
    })
  return customersPromise
}

const systemsPromises = {}
export function loadSystems(customerId, force = false) {
  if (!customerId) return Promise.resolve([])
  if (state.systems[customerId] && !force) return Promise.resolve(state.systems[customerId])
  if (systemsPromises[customerId]) return systemsPromises[customerId]
  systemsPromises[customerId] = api
    .get(`/customers/${customerId}/systems`)
    .then((r) => {
      state.systems[customerId] = r.items || []
      return state.systems[customerId]
    })
    .finally(() => {
      delete systemsPromises[customerId]
    })
  return systemsPromises[customerId]
}

let usersPromise = null
/** Loads the user list when the role may read it (vendor staff). */
export function loadUsers() {
  if (state.usersAvailable !== null) return Promise.resolve(state.users)
  // Party A reads names from what the API gives them (actor_name, assignee_name).
  if (session.user && session.user.role === 'party_a') {
    state.usersAvailable = false
    return Promise.resolve(state.users)
  }
  if (usersPromise) return usersPromise
  usersPromise = api
    .get('/users')
    .then((r) => {
      for (const u of r.items || []) state.users[u.id] = u
      state.usersAvailable = true
      return state.users
    })
    .catch((e) => {
      if (e.status === 403) state.usersAvailable = false
      return state.users
    })
    .finally(() => {
      usersPromise = null
    })
  return usersPromise
}

export function customerName(id) {
  if (id === null || id === undefined) return ''
  const c = state.customers.find((x) => x.id === id)
  if (c) return c.name
  if (!state.customersLoaded) loadCustomers().catch(() => {})
  return `#${id}`
}

export function systemName(customerId, systemId) {
  if (!systemId) return ''
  const list = state.systems[customerId]
  if (!list) {
    loadSystems(customerId).catch(() => {})
    return `#${systemId}`
  }
  const s = list.find((x) => x.id === systemId)
  return s ? s.name : `#${systemId}`
}

/** A user's display name; "用户 #5" when the role may not read the user list. */
export function userName(id, hint) {
  if (id === null || id === undefined) return ''
  if (hint) return hint
  if (session.user && session.user.id === id) return session.user.display_name
  const u = state.users[id]
  if (u) return u.display_name || u.login
  if (state.usersAvailable === null) loadUsers()
  return t('common.user_id', { id })
}

onSessionChange(() => {
  state.customers = []
  state.customersLoaded = false
  state.systems = {}
  state.users = {}
  state.usersAvailable = null
})
