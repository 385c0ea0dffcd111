// Live updates of tickets. One EventSource('/api/v1/stream') for the whole page;
// the server sends `event: tickets` with `data: {"ids":[...], "reset": bool}` when
// tickets change (reset: it lost track, refetch everything), and `event:
// notifications` when the user got new notifications (useLiveNotifications).
// When the stream is missing (404) or broken, it falls back to polling: every 5 s
// subscribers are told "something may have changed" (ids = null), and the stream
// is tried again every minute.
//
//   useLiveTickets((ids, source) => refetch())   // in a component's setup
//
// The callback is debounced (300 ms by default); ids is the union of the ids seen in
// that window, or null when unknown (a poll, a reconnect, the tab coming back).
// source is 'stream', 'poll' or 'resume'.
import { ref, onMounted, onBeforeUnmount } from 'vue'

const STREAM_URL = '/api/v1/stream'
const POLL_MS = 5000
const RETRY_STREAM_MS = 60000

/** 'stream' | 'poll' | 'off' */
export const liveMode = ref('off')

const subscribers = new Set()
// The bell's listeners: told when the user has new notifications (`event:
// notifications`), and on a poll or a resume (something may have come meanwhile).
const bellSubscribers = new Set()
let source = null
let pollTimer = null
let retryTimer = null
let everOpened = false

function emit(ids, kind) {
  for (const fn of subscribers) fn(ids, kind)
  if (kind !== 'stream') for (const fn of bellSubscribers) fn()
}

function startPolling() {
  liveMode.value = 'poll'
  if (pollTimer) return
  pollTimer = setInterval(() => {
    if (typeof document !== 'undefined' && document.hidden) return
    emit(null, 'poll')
  }, POLL_MS)
}
function stopPolling() {
  clearInterval(pollTimer)
  pollTimer = null
}

function openStream() {
  clearTimeout(retryTimer)
  retryTimer = null
  if (typeof EventSource === 'undefined') {
    startPolling()
    return
  }
  let es
  try {
    es = new EventSource(STREAM_URL, { withCredentials: true })
  } catch {
    startPolling()
    return
  }
  source = es
  es.addEventListener('open', () => {
    const reconnected = everOpened || pollTimer !== null
    everOpened = true
    liveMode.value = 'stream'
    stopPolling()
    // Whatever changed while we were not listening.
    if (reconnected) emit(null, 'resume')
  })
  es.addEventListener('tickets', (ev) => {
    let ids = null
    try {
      const d = JSON.parse(ev.data)
      if (d && Array.isArray(d.ids) && !d.reset) ids = d.ids
    } catch {
      /* malformed: treat as "unknown" */
    }
    emit(ids, 'stream')
  })
  es.addEventListener('notifications', () => {
    for (const fn of bellSubscribers) fn()
  })
  es.addEventListener('error', () => {
    // CONNECTING: the browser retries by itself; poll meanwhile.
    // CLOSED: the endpoint failed for good (e.g. 404): poll, retry the stream later.
    startPolling()
    if (es.readyState === 2 /* CLOSED */) {
      es.close()
      if (source === es) source = null
      if (subscribers.size && !retryTimer) retryTimer = setTimeout(openStream, RETRY_STREAM_MS)
    }
  })
}

function closeAll() {
  if (source) source.close()
  source = null
  stopPolling()
  clearTimeout(retryTimer)
  retryTimer = null
  liveMode.value = 'off'
}

function onVisible() {
  if (!document.hidden) emit(null, 'resume')
}

const listening = () => subscribers.size + bellSubscribers.size

function subscribe(fn, set = subscribers) {
  set.add(fn)
  if (listening() === 1) {
    openStream()
    document.addEventListener('visibilitychange', onVisible)
  }
  return () => {
    set.delete(fn)
    if (listening() === 0) {
      closeAll()
      document.removeEventListener('visibilitychange', onVisible)
    }
  }
}

/**
 * Calls fn() when the signed-in user may have new notifications (the bell), while the
 * calling component is mounted.
 */
export function useLiveNotifications(fn) {
  let unsubscribe = null
  onMounted(() => {
    unsubscribe = subscribe(fn, bellSubscribers)
  })
  onBeforeUnmount(() => {
    if (unsubscribe) unsubscribe()
  })
}

/**
 * Calls fn(ids, source) after ticket changes, debounced by `debounce` ms, while the
 * calling component is mounted. Returns nothing; unsubscribes on unmount.
 */
export function useLiveTickets(fn, { debounce = 300 } = {}) {
  let timer = null
  let pending = undefined // undefined: nothing; null: unknown; Set: ids
  let pendingSource = 'stream'
  const handler = (ids, kind) => {
    if (pending === undefined) pending = ids ? new Set(ids) : null
    else if (pending !== null) {
      if (ids) for (const id of ids) pending.add(id)
      else pending = null
    }
    if (kind !== 'stream') pendingSource = kind
    clearTimeout(timer)
    timer = setTimeout(() => {
      const ids2 = pending === null ? null : [...pending]
      const src = pendingSource
      pending = undefined
      pendingSource = 'stream'
      fn(ids2, src)
    }, debounce)
  }
  let unsubscribe = null
  onMounted(() => {
    unsubscribe = subscribe(handler)
  })
  onBeforeUnmount(() => {
    clearTimeout(timer)
    if (unsubscribe) unsubscribe()
  })
}
