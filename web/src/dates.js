// Calendar dates "YYYY-MM-DD" (wall dates, no time zone involved): the one place for
// adding days and months and finding a week's Monday.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const p = (n) => String(n).padStart(2, '0')

/** "2026-03-01" + n days -> "2026-03-02"; '' for a malformed date. */
export function addDays(date, n) {
  const m = DATE.exec(String(date || ''))
  if (!m) return ''
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n)).toISOString().slice(0, 10)
}

/** "2026-01-31" + 1 month -> "2026-02-28" (the day clamped to the month's end); '' for a malformed date. */
export function addMonths(date, months) {
  const m = DATE.exec(String(date || ''))
  if (!m) return ''
  const total = Number(m[1]) * 12 + Number(m[2]) - 1 + Number(months || 0)
  const y = Math.floor(total / 12)
  const mo = (total % 12) + 1
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return `${y}-${p(mo)}-${p(Math.min(Number(m[3]), last))}`
}

/** 0 for Monday ... 6 for Sunday. */
export const weekdayOf = (date) => (new Date(date + 'T00:00:00Z').getUTCDay() + 6) % 7
/** The Monday on or before the date. */
export const mondayOf = (date) => addDays(date, -weekdayOf(date))

/** The last day of a warranty of `months` from `start` (the day before the same date `months` later; CON-1). */
export const warrantyEnd = (start, months) => (start ? addDays(addMonths(start, months), -1) : '')
