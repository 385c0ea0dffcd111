import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import i18nBase from './scripts/vite-i18n.mjs'
import splitIcons from './scripts/vite-icons.mjs'
import { chunkGroups } from './scripts/chunks.mjs'

// The development API server; override with AFTERCARE_API=http://host:port.
const api = process.env.AFTERCARE_API || 'http://127.0.0.1:18500'
const proxy = {
  '/api': {
    target: api,
    changeOrigin: false,
    // Server-sent events (/api/v1/stream) must not be buffered or compressed.
    configure(p) {
      p.on('proxyRes', (res) => {
        if (String(res.headers['content-type'] || '').startsWith('text/event-stream')) {
          res.headers['cache-control'] = 'no-cache'
        }
      })
    },
  },
  '/healthz': { target: api },
}

// The C++ server serves web/dist and sends FILE.gz when the browser accepts gzip:
// write those siblings for the text assets after the build.
function gzipSiblings() {
  let outDir = 'dist'
  return {
    name: 'aftercare-gzip-siblings',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir
    },
    closeBundle() {
      const walk = (dir) => {
        for (const name of readdirSync(dir)) {
          const p = join(dir, name)
          if (statSync(p).isDirectory()) walk(p)
          else if (/\.(js|css|html|svg|json|txt)$/.test(name)) {
            const buf = readFileSync(p)
            if (buf.length >= 1024) writeFileSync(p + '.gz', gzipSync(buf, { level: 9 }))
          }
        }
      }
      walk(outDir)
    },
  }
}

export default defineConfig({
  resolve: {
    // Libraries Element Plus imports for features this UI does not use (el-form rules, custom
    // button and menu colours): stand-ins that fail loudly if that ever changes (src/stubs/).
    alias: [
      { find: /^async-validator$/, replacement: fileURLToPath(new URL('./src/stubs/async-validator.js', import.meta.url)) },
      { find: /^@ctrl\/tinycolor$/, replacement: fileURLToPath(new URL('./src/stubs/tinycolor.js', import.meta.url)) },
    ],
  },
  define: {
    // No vue-i18n devtools in production (its other flags: VueI18nPlugin below).
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  plugins: [
    // No Options API (data, methods, ...: no component here or in Element Plus's used parts has
    // them), which leaves it out of Vue's runtime.
    vue({ features: { optionsAPI: false } }),
    // virtual:i18n-base: common.json and every area's menu labels, per locale (the rest
    // of an area's catalogue loads with its screens: src/i18n/index.js).
    i18nBase(fileURLToPath(new URL('./src/i18n', import.meta.url))),
    // Each icon its own module, so that it travels with the screens that use it.
    splitIcons(),
    // The message catalogues (src/i18n/<locale>/<area>.json, and the _base.json above) are
    // compiled at build time (and by the dev server) to the AST vue-i18n's runtime evaluates, so the
    // bundle leaves out vue-i18n's message compiler (dropMessageCompiler; vue-i18n 11's
    // "runtime" build alone still registers it). Messages are never compiled in the
    // browser, so nothing needs eval (the server's CSP: script-src 'self'). Every
    // message must come from those catalogues: a string given at run time would be
    // shown as its key. Also sets vue-i18n's feature flags: Composition API only
    // (__VUE_I18N_LEGACY_API__ false), full install, no production devtools.
    VueI18nPlugin({
      include: [fileURLToPath(new URL('./src/i18n/*/*.json', import.meta.url))],
      runtimeOnly: true,
      dropMessageCompiler: true,
      compositionOnly: true,
      fullInstall: true,
      strictMessage: true,
    }),
    gzipSiblings(),
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: false,
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dts: false,
    }),
  ],
  // Pre-bundle every Element Plus style entry so the dev server does not reload the
  // page each time a screen uses a component for the first time.
  optimizeDeps: { include: ['element-plus/es', 'element-plus/es/components/*/style/css'] },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    // The libraries in a few files by when a screen needs them (scripts/chunks.mjs).
    rolldownOptions: { output: { codeSplitting: { groups: chunkGroups(fileURLToPath(new URL('.', import.meta.url))) } } },
  },
})
