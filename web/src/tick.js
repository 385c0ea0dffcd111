// One shared one-second clock for the whole page: every SLA clock reads `now`
// (server-corrected milliseconds) instead of running its own timer.
import { ref, onMounted, onBeforeUnmount } from 'vue'
import { serverNow } from './api'

const now = ref(serverNow())
let users = 0
let timeout = null
let interval = null

function start() {
  now.value = serverNow()
  // Tick on the second boundary so all clocks change together.
  timeout = setTimeout(() => {
    now.value = serverNow()
    interval = setInterval(() => {
      now.value = serverNow()
    }, 1000)
  }, 1000 - (serverNow() % 1000))
}
function stop() {
  clearTimeout(timeout)
  clearInterval(interval)
  timeout = interval = null
}

/** The shared `now` (ms) ref; the timer runs while at least one component uses it. */
export function useNow() {
  onMounted(() => {
    if (users++ === 0) start()
  })
  onBeforeUnmount(() => {
    if (--users === 0) stop()
  })
  return now
}

/** For tests and diagnostics: how many components hold the shared timer. */
export function tickUsers() {
  return users
}
