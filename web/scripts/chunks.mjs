// How the build groups modules into files (rolldown's output.codeSplitting.groups, used
// by vite.config.js). Left to itself the bundler makes one chunk per set of screens that
// share a module: some ninety files of 1-2 kB, each with its own response headers and
// gzip overhead. The budget is what a role downloads from the login page until its home
// screen is usable (bench/web_budget.mjs), so the libraries are grouped by when they are
// needed:
//
//   vendor  Vue, the router, vue-i18n; of Element Plus its shared code (hooks,
//           utilities, locale, popper) and the parts the login page and nearly every
//           screen use (form, input, button, card, alert, message, the message box of
//           errors and confirmations, loading); the icons many screens draw
//           (vendorIcons); loaded with the app.
//   ui      what the signed-in layout and the usual screens add: menu, dropdown,
//           tooltip, select, radio, tag, empty; loaded with the layout.
//   table   el-table and its checkboxes: the list screens.
//   dates   date and time pickers with dayjs: the screens with a date field.
//   dialogs dialogs and drawers: the screens with a form in a dialog, phones' menu.
//   shared  our ticket filters, pagers, SLA clocks, tags and the modules they
//           use (formats, the directory of names, live updates): most home screens.
//
// Everything else (our code: the entry, each screen, each area's messages; rarely used
// Element Plus parts such as upload, tabs, timeline, rate; ECharts, js-yaml) is
// split by the bundler as before and loads with the screens that use it. vendor takes
// what its modules import too, so it imports nothing of the others; the other groups
// take only their own modules (an icon or a helper they share with a screen stays out of
// them, so that the screen does not load them for it). Each group's CSS is one file.
import { readdirSync, readFileSync } from 'node:fs'
import { join, sep } from 'node:path'

const EP = /node_modules[\\/]element-plus[\\/](?:es[\\/]components[\\/]|theme-chalk[\\/]el-)([a-z-]+)/
const component = (id) => {
  const m = id.match(EP)
  return m ? m[1].replace(/\.css$/, '') : null
}
const isEP = (id) => /node_modules[\\/]element-plus[\\/]/.test(id)
// Element Plus's index, which re-exports every component: not a reason to take them all.
const isEPIndex = (id) => /element-plus[\\/]es[\\/](index|component|plugin|defaults|make-installer)\.mjs$/.test(id)
const inComponents = (list) => (id) => list.includes(component(id))

const VENDOR_LIBS = /node_modules[\\/](vue|@vue|vue-router|vue-i18n|@intlify|lodash-es|@vueuse|@popperjs|normalize-wheel-es|memoize-one)[\\/]/
const VENDOR_COMPONENTS = [
  'config-provider', 'button', 'button-group', 'input', 'form', 'form-item', 'icon', 'message', 'message-box', 'overlay', 'badge', 'loading',
  'card', 'alert',
]
const UI_COMPONENTS = [
  'menu', 'menu-item', 'sub-menu', 'menu-item-group', 'collapse-transition', 'dropdown', 'dropdown-item', 'dropdown-menu',
  'roving-focus-group', 'collection', 'tooltip', 'popper', 'scrollbar', 'tag', 'select', 'option', 'option-group', 'select-v2',
  'virtual-list', 'empty', 'container', 'aside', 'header', 'main', 'footer', 'slot', 'focus-trap', 'radio', 'radio-group',
  'radio-button',
]
const TABLE_COMPONENTS = ['table', 'table-column', 'checkbox', 'checkbox-group', 'checkbox-button']
const DATE_COMPONENTS = ['date-picker', 'date-picker-panel', 'time-picker', 'time-select']
const DIALOG_COMPONENTS = ['dialog', 'drawer']
// Ours (under src/): the components and modules most screens share. None of the entry's
// (main.js and what it imports): they would pull this chunk into the login page.
const SHARED = /^(components[\\/](TicketFilters|ListPager|SlaClock|StatusTag|PriorityTag)\.vue|(format|dates|directory|live|tick|tickets|ticket-values)\.js)$/

/** Icon name -> how many of these files import it. */
function iconUse(files) {
  const count = new Map()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']@element-plus\/icons-vue["']/g)) {
      for (const n of m[1].split(',')) {
        const name = n.trim().split(/\s+as\s+/)[0]
        if (name) count.set(name, (count.get(name) || 0) + 1)
      }
    }
  }
  return count
}
const filesUnder = (dir, ext) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), ext) : ext.some((x) => e.name.endsWith(x)) ? [join(dir, e.name)] : [],
  )

/**
 * The icons vendor takes (scripts/vite-icons.mjs makes a module of each): those the
 * grouped Element Plus components draw, those of our shared components, and those that
 * three or more of our files draw (Refresh, Plus, ...). Any other icon goes with the
 * screens that draw it.
 */
function vendorIcons(root) {
  const components = join(root, 'node_modules', 'element-plus', 'es', 'components')
  const grouped = [...VENDOR_COMPONENTS, ...UI_COMPONENTS, ...TABLE_COMPONENTS, ...DATE_COMPONENTS, ...DIALOG_COMPONENTS]
  const epFiles = grouped.flatMap((c) => {
    try {
      return filesUnder(join(components, c), ['.mjs'])
    } catch {
      return [] // not a folder of its own (sub-menu lives in menu)
    }
  })
  const names = new Set(iconUse(epFiles).keys())
  for (const n of iconUse(filesUnder(join(root, 'src', 'components'), ['.vue', '.js'])).keys()) names.add(n)
  for (const [n, files] of iconUse(filesUnder(join(root, 'src'), ['.vue', '.js']))) if (files >= 3) names.add(n)
  return names
}

/** The groups for the web UI at root (web/). */
export function chunkGroups(root) {
  const src = join(root, 'src') + sep
  const icons = vendorIcons(root)
  const isVendorIcon = (id) => {
    const m = id.match(/virtual:ep-icon\/(\w+)$/)
    return !!m && icons.has(m[1])
  }
  return [
    {
      name: 'vendor',
      priority: 40,
      test: (id) => VENDOR_LIBS.test(id) || (isEP(id) && !component(id) && !isEPIndex(id)) || inComponents(VENDOR_COMPONENTS)(id) || isVendorIcon(id),
    },
    { name: 'ui', priority: 30, includeDependenciesRecursively: false, test: inComponents(UI_COMPONENTS) },
    { name: 'table', priority: 20, includeDependenciesRecursively: false, test: inComponents(TABLE_COMPONENTS) },
    {
      name: 'dates',
      priority: 10,
      includeDependenciesRecursively: false,
      test: (id) => inComponents(DATE_COMPONENTS)(id) || /node_modules[\\/]dayjs[\\/]/.test(id),
    },
    { name: 'dialogs', priority: 5, includeDependenciesRecursively: false, test: inComponents(DIALOG_COMPONENTS) },
    { name: 'shared', priority: 1, includeDependenciesRecursively: false, test: (id) => id.startsWith(src) && SHARED.test(id.slice(src.length)) },
  ]
}
