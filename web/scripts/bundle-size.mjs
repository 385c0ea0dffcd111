// Prints the gzip size of every JavaScript file in dist/assets and their total;
// exits 1 when the total exceeds the budget (600 kB gzip, or BUNDLE_BUDGET_KB).
import { readdirSync, readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'assets')
const budget = Number(process.env.BUNDLE_BUDGET_KB || 600) * 1024
let files
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.js'))
} catch {
  console.error(`no build in ${dir}: run npm run build first`)
  process.exit(2)
}
const rows = files.map((f) => {
  const buf = readFileSync(join(dir, f))
  return { f, raw: buf.length, gz: gzipSync(buf, { level: 9 }).length }
})
rows.sort((a, b) => b.gz - a.gz)
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' kB'
if (process.argv.includes('--verbose')) for (const r of rows) console.log(kb(r.gz), kb(r.raw), r.f)
const total = rows.reduce((s, r) => s + r.gz, 0)
const largest = rows[0]
console.log(
  `JavaScript: ${rows.length} files, total ${(total / 1024).toFixed(1)} kB gzip ` +
    `(budget ${(budget / 1024).toFixed(0)} kB); largest ${largest ? largest.f + ' ' + (largest.gz / 1024).toFixed(1) + ' kB' : '-'}`,
)
if (total > budget) {
  console.error('over budget')
  process.exit(1)
}
