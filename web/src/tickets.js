// Ticket lists with server-side cursor pages (GET /api/v1/tickets), filters kept in
// the URL, and live refresh of the page on screen (live.js).
import { reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { api } from './api'
import { useLiveTickets } from './live'
import { alertError } from './errors'

export const PAGE_SIZE = 50
const FILTER_KEYS = ['status', 'customer_id', 'priority', 'sla', 'q']

/**
 * The clock a list row shows: item.clock (the running metric nearest its due) when the
 * server sends it, else next_due_at; a waiting ticket without a running clock shows
 * its clocks as paused.
 */
export function rowClock(item) {
  if (item.clock) return item.clock
  if ('clock' in item || !item.next_due_at) return item.status === 'waiting' ? { state: 'paused' } : null
  return { due: item.next_due_at, state: 'running' }
}

/** A list item's clock as SlaClock's props (`v-bind`), or null when it has none. */
export function clockProps(item) {
  const c = rowClock(item)
  if (!c) return null
  return {
    due: c.due,
    warnAt: c.warn_at || null,
    targetS: c.target_s ?? null,
    elapsedS: c.elapsed_s ?? null,
    state: c.state || null,
    metric: c.metric || null,
  }
}

/**
 * const list = useTicketPages(() => ({ queue: 1 }), { defaults: { status: '' } })
 * list.items, list.loading, list.filters (reactive; synced with the URL query),
 * list.page (1-based), list.hasNext, list.next(), list.prev(), list.reload(), list.exportQuery()
 */
export function useTicketPages(base, { defaults = {}, limit = PAGE_SIZE, live = true, syncUrl = true } = {}) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive({ status: '', customer_id: null, priority: '', sla: '', q: '', ...defaults })
  if (syncUrl) {
    for (const k of FILTER_KEYS) {
      const v = route.query[k]
      if (typeof v === 'string' && v !== '') filters[k] = k === 'customer_id' ? Number(v) : v
    }
  }
  const items = ref([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref(null)
  const cursors = ref([]) // cursors of the pages before the current one's ('' = first)
  const current = ref('')
  const nextCursor = ref(null)
  const updatedAt = ref(null)
  let seq = 0

  function query() {
    const q = { ...base(), limit }
    for (const k of FILTER_KEYS) {
      const v = filters[k]
      if (v !== null && v !== undefined && v !== '') q[k] = typeof v === 'string' ? v.trim() : v
    }
    if (current.value) q.cursor = current.value
    return q
  }

  async function fetchPage({ silent = false } = {}) {
    const my = ++seq
    if (!silent) loading.value = true
    try {
      const r = await api.get('/tickets', query())
      if (my !== seq) return
      items.value = r.items || []
      nextCursor.value = r.next_cursor || null
      error.value = null
      loaded.value = true
      updatedAt.value = new Date()
    } catch (e) {
      if (my !== seq) return
      error.value = e
      if (!silent) alertError(e)
    } finally {
      if (my === seq) loading.value = false
    }
  }

  function reset() {
    cursors.value = []
    current.value = ''
    return fetchPage()
  }
  function next() {
    if (!nextCursor.value) return
    cursors.value.push(current.value)
    current.value = nextCursor.value
    return fetchPage()
  }
  function prev() {
    if (!cursors.value.length) return
    current.value = cursors.value.pop()
    return fetchPage()
  }

  let filterTimer = null
  watch(
    () => FILTER_KEYS.map((k) => filters[k]),
    () => {
      clearTimeout(filterTimer)
      // Typing in the search box: wait for a pause.
      filterTimer = setTimeout(() => {
        if (syncUrl) {
          const q = { ...route.query }
          for (const k of FILTER_KEYS) {
            const v = filters[k]
            if (v === null || v === undefined || v === '' || v === defaults[k]) delete q[k]
            else q[k] = String(v)
          }
          router.replace({ query: q }).catch(() => {})
        }
        reset()
      }, 250)
    },
  )

  if (live) useLiveTickets(() => fetchPage({ silent: true }))

  return {
    items,
    loading,
    loaded,
    error,
    filters,
    updatedAt,
    pageNo: () => cursors.value.length + 1,
    hasNext: () => !!nextCursor.value,
    hasPrev: () => cursors.value.length > 0,
    next,
    prev,
    reload: fetchPage,
    reset,
    // The list's query without its page: what an export of the whole list takes.
    exportQuery: () => {
      const { limit: _limit, cursor: _cursor, ...q } = query()
      return q
    },
  }
}
