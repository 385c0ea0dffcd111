// Formatting of times, durations and money.
//
// Times: the API renders every instant in RFC 3339 with the contract's UTC offset
// (e.g. 2026-11-26T03:42:39+08:00), so the wall-clock part IS the contract's local
// time: we show it as is ("2026-11-26 03:42:39") and never shift it into the
// browser's zone. Arithmetic (SLA clocks) uses the absolute instant.
//
// Money: exact strings of yuan ("1860000.00") or integer fen; never floats.
import { t } from './i18n'

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/

/** "2026-11-26T03:42:39+08:00" -> "2026-11-26 03:42:39" (the contract's local time). */
export function formatDateTime(s, { seconds = true } = {}) {
  if (!s) return ''
  const m = RFC3339.exec(String(s))
  if (!m) return String(s)
  return `${m[1]} ${m[2]}${seconds ? m[3] || ':00' : ''}`
}

export function formatDate(s) {
  if (!s) return ''
  const m = RFC3339.exec(String(s))
  return m ? m[1] : String(s).slice(0, 10)
}

/** Milliseconds since the epoch of an RFC 3339 string, or NaN. */
export function instant(s) {
  if (!s) return NaN
  return Date.parse(s)
}

/** The UTC offset written in an RFC 3339 string ("+08:00"), default +08:00 (Asia/Shanghai). */
export function offsetOf(s) {
  const m = s && RFC3339.exec(String(s))
  if (!m || !m[5]) return '+08:00'
  if (m[5] === 'Z') return 'Z'
  return m[5].length === 5 ? `${m[5].slice(0, 3)}:${m[5].slice(3)}` : m[5]
}

/** A local wall time "YYYY-MM-DD HH:mm:ss" (from a date picker) with an offset -> RFC 3339. */
export function toRfc3339(local, offset = '+08:00') {
  if (!local) return null
  const s = String(local).trim().replace(' ', 'T')
  const withSeconds = /T\d{2}:\d{2}$/.test(s) ? s + ':00' : s
  return withSeconds + offset
}

/** The local wall time of an instant (ms) at a fixed offset, as "YYYY-MM-DD HH:mm:ss". */
export function wallTime(ms, offset = '+08:00') {
  let mins = 0
  if (offset !== 'Z') {
    const sign = offset[0] === '-' ? -1 : 1
    mins = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
  }
  const d = new Date(ms + mins * 60000)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

/**
 * A duration in seconds as the SLA clocks show it: "2天3小时", "1小时02分", "12分30秒"
 * (English: "2d 3h", "1h 02m", "12m 30s").
 */
export function formatDuration(totalSeconds) {
  let s = Math.max(0, Math.floor(Math.abs(totalSeconds)))
  const d = Math.floor(s / 86400)
  s -= d * 86400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  const p = (n) => String(n).padStart(2, '0')
  if (d > 0) return t('common.duration.dh', { d, h })
  if (h > 0) return t('common.duration.hm', { h, m: p(m) })
  return t('common.duration.ms', { m, s: p(s) })
}

/** A target in seconds as a short phrase: "5分钟", "1小时", "24小时", "6秒". */
export function formatTarget(seconds) {
  if (seconds === null || seconds === undefined) return ''
  if (seconds > 0 && seconds < 60) return t('common.duration.seconds', { n: seconds })
  if (seconds % 3600 === 0) return t('common.duration.hours', { n: seconds / 3600 })
  if (seconds % 60 === 0) return t('common.duration.minutes', { n: seconds / 60 })
  return formatDuration(seconds)
}

// ---- money -------------------------------------------------------------------------

const YUAN = /^(-)?(\d+)(?:\.(\d{1,2}))?$/

/** Normalises a yuan amount typed by a user ("1,200.5", "¥1200") to "1200.50", or null if malformed. */
export function parseYuan(input) {
  if (input === null || input === undefined) return null
  const s = String(input).trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '')
  const m = YUAN.exec(s)
  if (!m) return null
  const int = m[2].replace(/^0+(?=\d)/, '')
  const frac = (m[3] || '').padEnd(2, '0')
  return `${m[1] && (int !== '0' || frac !== '00') ? '-' : ''}${int}.${frac}`
}

/** Integer fen (number, string or BigInt) -> "1234567.89", exactly. */
export function fenToYuan(fen) {
  let n = BigInt(fen)
  const neg = n < 0n
  if (neg) n = -n
  const int = n / 100n
  const frac = String(n % 100n).padStart(2, '0')
  return `${neg ? '-' : ''}${int}.${frac}`
}

/**
 * Money for display with thousands separators: "¥1,234,567.89".
 * Accepts a yuan string ("1234567.89"), an API money object ({fen, yuan}) or {fen}.
 */
export function formatMoney(v) {
  if (v === null || v === undefined || v === '') return ''
  let yuan
  if (typeof v === 'object') yuan = v.yuan !== undefined ? parseYuan(v.yuan) : fenToYuan(v.fen)
  else if (typeof v === 'bigint') yuan = fenToYuan(v)
  else yuan = parseYuan(v)
  if (yuan === null) return String(v)
  const neg = yuan.startsWith('-')
  const [int, frac] = yuan.replace('-', '').split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}¥${grouped}.${frac}`
}

/** The UTC offset ("+08:00") of an IANA time zone at an instant (ms), via Intl; null if unknown. */
export function zoneOffset(tz, atMs = Date.now()) {
  if (!tz) return null
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(new Date(atMs))
    const name = (parts.find((p) => p.type === 'timeZoneName') || {}).value || ''
    if (name === 'GMT') return '+00:00'
    const m = /^GMT([+-]\d{2}):?(\d{2})?$/.exec(name)
    return m ? `${m[1]}:${m[2] || '00'}` : null
  } catch {
    return null
  }
}
