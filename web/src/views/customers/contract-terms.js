// A new contract's terms as the server will fill them in (CON-1): what applies to a
// field left empty, so that the form can show it as the field's placeholder. The
// server (src/service/contracts.cpp, CreateContract) is the authority; these mirror it:
//   construction_deadline  signed_on + 2 months
//   warranty_months        24, counted from accepted_on (from the construction deadline
//                          while there is no acceptance date)
//   coverage (CON-5)       signed_on .. the day before the warranty ends
//   penalty_rate "0.0003" (万分之三), cure_days 30, free_resident_engineers 1,
//   policy "bid-default", tz "Asia/Shanghai".
// Money is exact: yuan strings and BigInt fen, never floats.
import { parseYuan } from '../../format'
import { addMonths, warrantyEnd } from '../../dates'

export const DEFAULTS = Object.freeze({
  penalty_rate: '0.0003',
  policy: 'bid-default',
  cure_days: 30,
  tz: 'Asia/Shanghai',
  warranty_months: 24,
  free_resident_engineers: 1,
  construction_months: 2,
})

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const intOr = (v, d) => (v === null || v === undefined || v === '' || Number.isNaN(Number(v)) ? d : Number(v))

/**
 * The dates that apply when the form leaves them empty, from what it has:
 * {construction_deadline, warranty_start, warranty_end, coverage_from, coverage_to}
 * ('' where signed_on is still missing).
 */
export function effectiveDates(form) {
  const signed = DATE.test(form.signed_on || '') ? form.signed_on : ''
  const deadline = form.construction_deadline || (signed ? addMonths(signed, DEFAULTS.construction_months) : '')
  const start = form.accepted_on || deadline
  const months = intOr(form.warranty_months, DEFAULTS.warranty_months)
  const warrantyLast = warrantyEnd(start, months)
  return {
    construction_deadline: deadline,
    warranty_start: start,
    warranty_end: warrantyLast,
    coverage_from: form.coverage_from || signed,
    coverage_to: form.coverage_to || warrantyLast,
  }
}

/** A decimal rate ("0.0003") as [numerator, 10^decimals] BigInts; null when malformed. */
function rateParts(rate) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(rate || '').trim())
  if (!m) return null
  const frac = m[2] || ''
  return [BigInt(m[1] + frac), 10n ** BigInt(frac.length)]
}

/**
 * One penalty event (CON-2): value x rate in fen, rounded half up, as BigInt fen;
 * null when the value or the rate is not a plain number.
 */
export function penaltyPerEventFen(valueText, rate) {
  const yuan = parseYuan(valueText)
  const parts = rateParts(rate)
  if (yuan === null || yuan.startsWith('-') || !parts) return null
  const fen = BigInt(yuan.replace('.', ''))
  const [num, den] = parts
  return (fen * num * 2n + den) / (2n * den)
}
