// virtual:i18n-base: per locale, the messages every screen needs from the start: the
// whole of src/i18n/<locale>/common.json and the `menu` object of every other area's
// catalogue (the side menu and the menu under the user's name list other areas'
// screens). `export default { 'zh-CN': () => import(...), en: ... }`; each locale's
// module is src/i18n/<locale>/_base.json, made here from the real files (it exists only
// in the build) and compiled like them by @intlify/unplugin-vue-i18n (its `include`
// must match it). The rest of an area's catalogue is loaded with its screens
// (src/i18n/index.js).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const VIRTUAL = 'virtual:i18n-base'
const BASE = /[\\/]i18n[\\/]([^\\/]+)[\\/]_base\.json$/

export default function i18nBase(dir) {
  const locales = () => readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort()
  return {
    name: 'aftercare-i18n-base',
    enforce: 'pre',
    resolveId(id) {
      if (id === VIRTUAL) return '\0' + VIRTUAL
      const m = id.match(BASE)
      if (m) return join(dir, m[1], '_base.json')
      return null
    },
    load(id) {
      if (id === '\0' + VIRTUAL) {
        const entries = locales().map((l) => `  ${JSON.stringify(l)}: () => import(${JSON.stringify(join(dir, l, '_base.json'))}).then((m) => m.default),`)
        return `export default {\n${entries.join('\n')}\n}\n`
      }
      const m = id.match(BASE)
      if (!m) return null
      const base = {}
      for (const file of readdirSync(join(dir, m[1])).filter((f) => f.endsWith('.json')).sort()) {
        const path = join(dir, m[1], file)
        this.addWatchFile(path)
        const area = file.replace(/\.json$/, '')
        const messages = JSON.parse(readFileSync(path, 'utf8'))
        if (area === 'common') base.common = messages
        else if (messages.menu) base[area] = { menu: messages.menu }
      }
      return JSON.stringify(base)
    },
  }
}
