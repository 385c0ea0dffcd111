// Message catalogues: one JSON file per locale and area, i18n/<locale>/<area>.json; keys
// are used as t('<area>.<key>'), e.g. t('common.actions.save'). A new area only adds its
// files. Only the current locale is loaded, and of it at first only common.json and every
// area's `menu` object (the menus list other areas' screens: virtual:i18n-base, built by
// scripts/vite-i18n.mjs); an area's whole catalogue loads when one of its screens or
// ticket panels is about to show (the router and src/area.js call loadMessages), a
// language switch loads the new locale's catalogues of the areas already shown, then
// switches.
import { createI18n } from 'vue-i18n'
import { shallowRef } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import bases from 'virtual:i18n-base'

// './en/agent.json' -> () => import(...): each its own chunk.
const catalogues = import.meta.glob(['./*/*.json', '!./*/common.json'], { import: 'default' })
// Element Plus's own strings (date pickers, pagers, ...) in the locales besides zh-CN.
const elementLocales = { en: () => import('element-plus/es/locale/lang/en').then((m) => m.default) }

export const LOCALES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
]
const STORAGE_KEY = 'aftercare.locale'

function initialLocale() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved && bases[saved]) return saved
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

const loaded = new Set() // 'en/agent'
const pending = new Map() // 'en/agent' -> Promise

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: {},
  // A key of an area not loaded yet (a screen that uses another area's messages without
  // naming it in meta.messages): load that catalogue and show nothing until it arrives
  // (the messages are reactive). A key missing from a loaded catalogue shows as the key.
  missing(code, key) {
    const area = key.split('.')[0]
    if (!catalogues[`./${code}/${area}.json`] || loaded.has(`${code}/${area}`)) return undefined
    if (import.meta.env.DEV) console.warn(`[i18n] ${key}: catalogue ${code}/${area} not loaded before use (meta.messages)`)
    load(code, area)
    return ''
  },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
})

/** The current locale as a ref (also i18n.global.locale). */
export const locale = i18n.global.locale
/** Element Plus's locale object for <el-config-provider> (App.vue). */
export const elementLocale = shallowRef(zhCn)

function load(code, area) {
  const id = `${code}/${area}`
  if (loaded.has(id)) return null
  if (!pending.has(id)) {
    const source = area === '' ? bases[code] : catalogues[`./${code}/${area}.json`]
    if (!source) return null
    const p = source()
      .then((messages) => {
        i18n.global.mergeLocaleMessage(code, area === '' ? messages : { [area]: messages })
        loaded.add(id)
      })
      .finally(() => pending.delete(id))
    pending.set(id, p)
  }
  return pending.get(id)
}

/**
 * Loads the catalogues of these areas (and common, and the menu labels) in a locale
 * (default: the current one). Resolves at once when they are there already.
 */
export async function loadMessages(areas = [], code = locale.value) {
  await Promise.all([load(code, ''), ...areas.filter((a) => a !== 'common').map((a) => load(code, a))])
}

/** Every area shown so far (its catalogue loaded in the current locale). */
function areasLoaded() {
  const prefix = `${locale.value}/`
  return [...loaded].filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length)).filter(Boolean)
}

export async function setLocale(code) {
  if (!bases[code]) return
  const [elLocale] = await Promise.all([
    elementLocales[code] ? elementLocales[code]() : zhCn,
    loadMessages(areasLoaded(), code),
  ])
  elementLocale.value = elLocale
  i18n.global.locale.value = code
  try {
    localStorage.setItem(STORAGE_KEY, code)
  } catch {
    /* ignore */
  }
  document.documentElement.lang = code
}

/** Before the app mounts: the start catalogue of the saved locale (and Element Plus's). */
export async function loadStartMessages() {
  const code = locale.value
  const [elLocale] = await Promise.all([elementLocales[code] ? elementLocales[code]() : zhCn, loadMessages([], code)])
  elementLocale.value = elLocale
}

export const t = (...args) => i18n.global.t(...args)
export const te = (...args) => i18n.global.te(...args)

/** Translates an enumeration value, falling back to the raw value: tv('common.status', 'active'). */
export function tv(prefix, value) {
  if (value === null || value === undefined || value === '') return ''
  const key = `${prefix}.${value}`
  return te(key) ? t(key) : String(value)
}

document.documentElement.lang = i18n.global.locale.value
