import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

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
  define: {
    // vue-i18n feature flags: Composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  plugins: [
    vue(),
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
  },
})
