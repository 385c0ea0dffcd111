// Contract compliance (CON-2, CON-3) helpers shared by the manager's and Party A's
// screens: the termination-right states, the reasons of state changes, the cure window.
import { instant, offsetOf, wallTime } from '../../format'

export const STRIKE_LIMIT = 3
export const OVERRUN_LIMIT_S = 30 * 86400

export const STATE_TYPES = {
  normal: 'success',
  cured: 'success',
  condition_met: 'warning',
  notice_pending: 'warning',
  exercisable: 'danger',
}

/** The reason of a history entry, from the server's English `why` (for logs) to a key. */
export function whyKey(entry) {
  const w = String((entry && entry.why) || '')
  if (/3 late responses/.test(w)) return 'three_strikes'
  if (/30 days/.test(w)) return 'overrun'
  if (/written notice/.test(w)) return 'notice'
  if (/inside the cure period/.test(w)) return 'late_in_cure'
  if (/cured|passed clean/.test(w)) return 'cured'
  if (entry && entry.state === 'normal') return 'cured'
  return ''
}

/** The state shown for a history entry: a return to normal after a notice is a cure. */
export function historyState(entry) {
  return entry.state === 'normal' && whyKey(entry) === 'cured' ? 'cured' : entry.state
}

/** The cure window of the last notice: {start, end (RFC 3339 in the contract's offset), endMs}. */
export function cureWindow(compliance) {
  const notices = (compliance && compliance.notices) || []
  if (!notices.length) return null
  const n = notices[notices.length - 1]
  const start = instant(n.at)
  if (Number.isNaN(start)) return null
  const endMs = start + (n.cure_days || 30) * 86400 * 1000
  const off = offsetOf(n.at)
  const w = wallTime(endMs, off)
  return { notice: n, start: n.at, end: `${w.replace(' ', 'T')}${off}`, endMs }
}

/** A penalty rate ("0.0003") as 万分之 N ("3"); null when it is not a plain number. */
export function rateInTenThousandths(rate) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(rate || ''))
  if (!m) return null
  const frac = (m[2] || '').padEnd(4, '0')
  const whole = (BigInt(m[1]) * 10000n + BigInt(frac.slice(0, 4))).toString()
  const rest = frac.slice(4).replace(/0+$/, '')
  return rest ? `${whole}.${rest}` : whole
}

/** Sum of money values ({fen}) exactly, as BigInt fen. */
export function sumFen(items, pick = (x) => x.amount) {
  let s = 0n
  for (const it of items) {
    const v = pick(it)
    if (v && v.fen !== undefined && v.fen !== null) s += BigInt(v.fen)
  }
  return s
}
