// Message catalogues: one JSON file per locale and module, i18n/<locale>/<module>.json,
// collected at build time; a new module only adds its files. Keys are used as
// t('<module>.<key>'), e.g. t('common.actions.save').
import { createI18n } from 'vue-i18n'

const files = import.meta.glob('./*/*.json', { eager: true, import: 'default' })
export const messages = {}
for (const [path, catalogue] of Object.entries(files)) {
  const m = path.match(/^\.\/([^/]+)\/([^/]+)\.json$/)
  if (!m) continue
  const [, locale, module] = m
  ;(messages[locale] ||= {})[module] = catalogue
}

export const LOCALES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
]
const STORAGE_KEY = 'aftercare.locale'

function initialLocale() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved && messages[saved]) return saved
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
})

/** The current locale as a ref (also i18n.global.locale). */
export const locale = i18n.global.locale

export function setLocale(code) {
  if (!messages[code]) return
  i18n.global.locale.value = code
  try {
    localStorage.setItem(STORAGE_KEY, code)
  } catch {
    /* ignore */
  }
  document.documentElement.lang = code
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
