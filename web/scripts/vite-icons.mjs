// One module per icon of @element-plus/icons-vue. The package ships its 293 icons in one
// file, and a bundler splits code by module: every icon used anywhere (ours and Element
// Plus's, 70-odd) would travel in one chunk that every screen loads. This plugin
// rewrites `import { A, B as C } from '@element-plus/icons-vue'` (in our code and in
// Element Plus) into `import A from 'virtual:ep-icon/A'` ..., each module holding that
// icon's code cut from the package's file, so an icon goes with the screens that use it.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const PACKAGE = '@element-plus/icons-vue'
const PREFIX = 'virtual:ep-icon/'
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]@element-plus\/icons-vue['"];?/g

/** Icon name -> its module's code, from the package's dist/index.js. */
function iconModules(root) {
  const require = createRequire(root + '/package.json')
  const file = require.resolve(PACKAGE).replace(/index\.cjs$/, 'index.js')
  const text = readFileSync(file, 'utf8')
  // Sections: `// src/components/<name>.vue` ... up to the next one or the export list.
  const exportAt = text.lastIndexOf('\nexport {')
  const body = text.slice(0, exportAt)
  const sections = body.split(/\n(?=\/\/ src\/components\/)/).filter((s) => s.startsWith('// src/components/'))
  const localToCode = new Map()
  for (const s of sections) {
    const m = s.match(/\b(\w+_default) = _sfc_main\d*;/)
    if (m) localToCode.set(m[1], s)
  }
  const modules = new Map()
  for (const [, local, name] of text.slice(exportAt).matchAll(/(\w+) as (\w+)/g)) {
    const code = localToCode.get(local)
    if (code) modules.set(name, `${code}\nexport default ${local};\n`)
  }
  if (modules.size < 100) throw new Error(`vite-icons: read only ${modules.size} icons from ${file}`)
  return modules
}

export default function splitIcons() {
  let modules = null
  return {
    name: 'aftercare-split-icons',
    configResolved(config) {
      modules = iconModules(config.root)
    },
    resolveId(id) {
      return id.startsWith(PREFIX) ? '\0' + id : null
    },
    load(id) {
      if (!id.startsWith('\0' + PREFIX)) return null
      const name = id.slice(PREFIX.length + 1)
      const code = modules.get(name)
      if (!code) this.error(`no icon ${name} in ${PACKAGE}`)
      return code
    },
    transform(code, id) {
      if (!code.includes(PACKAGE) || id.startsWith('\0') || /\.(css|json)(\?|$)/.test(id)) return null
      let changed = false
      const out = code.replace(IMPORT, (all, names) => {
        changed = true
        return names
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
          .map((n) => {
            const [name, as = name] = n.split(/\s+as\s+/)
            if (!modules.has(name)) this.error(`no icon ${name} in ${PACKAGE} (${id})`)
            return `import ${as} from '${PREFIX}${name}';`
          })
          .join('\n')
      })
      return changed ? { code: out, map: null } : null
    },
  }
}
