// Toasts (ElMessage) that do not bury the page, on a phone above all: identical
// messages are grouped into one with a count (App.vue's config provider sets
// `grouping`), at most MAX are shown (a new one closes the oldest: the newest news
// is the one that matters) and on a phone they span the width above the content
// (styles.css). Installed once from main.js; the rest of the UI keeps calling
// ElMessage.success(...) etc. as usual.
import { isVNode } from 'vue'
import { ElMessage } from 'element-plus'
import { isPhone } from './responsive'

export const MAX_TOASTS = { phone: 2, desktop: 4 }

const shown = [] // { handler, message } of the toasts on screen, oldest first

function forget(entry) {
  const i = shown.indexOf(entry)
  if (i >= 0) shown.splice(i, 1)
}

function wrap(type) {
  const original = ElMessage[type]
  if (!original || original.__limited) return
  const limited = (options = {}, appContext) => {
    const o = typeof options === 'string' || isVNode(options) || typeof options === 'function' ? { message: options } : { ...options }
    // Element Plus groups an identical text into the toast already shown (count + 1).
    const same = typeof o.message === 'string' && shown.find((e) => e.message === o.message)
    if (same) return original(o, appContext)
    const max = isPhone.value ? MAX_TOASTS.phone : MAX_TOASTS.desktop
    while (shown.length >= max) {
      const oldest = shown.shift()
      oldest.handler.close()
    }
    const entry = { handler: null, message: o.message }
    const userClose = o.onClose
    o.onClose = () => {
      forget(entry)
      if (userClose) userClose()
    }
    entry.handler = original(o, appContext)
    shown.push(entry)
    return entry.handler
  }
  limited.__limited = true
  ElMessage[type] = limited
}

export function installToasts() {
  for (const type of ['success', 'warning', 'info', 'error', 'primary']) wrap(type)
}
