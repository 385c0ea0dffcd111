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

// ---- a saved contract (editing, CON-1) ------------------------------------------------
// The server (UpdateContract) keeps a construction deadline or service period that is
// still at its CON-1 default following the terms it derives from, and keeps one agreed
// otherwise as it is. These mirror its test, so that the form can show a default date
// as a placeholder (empty: it follows) and an agreed one as a value.

/** Whether the contract's construction deadline is the default (signing + 2 months). */
export function isDefaultDeadline(k) {
  return !!k && k.construction_deadline === addMonths(k.signed_on, DEFAULTS.construction_months)
}

/** Whether the contract's service period is the default (signing .. end of warranty). */
export function isDefaultCoverage(k) {
  if (!k || !k.coverage) return false
  const start = k.accepted_on || k.construction_deadline
  return k.coverage.from === k.signed_on && k.coverage.to === warrantyEnd(start, k.warranty_months)
}

/** A saved contract as the contract form's fields (dates at their default left empty). */
export function formOf(k) {
  const coverageDefault = isDefaultCoverage(k)
  return {
    customer_id: k.customer_id,
    number: k.number,
    title: k.title || '',
    value: k.value && k.value.yuan !== undefined ? k.value.yuan : String(k.value || ''),
    signed_on: k.signed_on,
    system_ids: [...(k.system_ids || [])],
    construction_deadline: isDefaultDeadline(k) ? '' : k.construction_deadline,
    accepted_on: k.accepted_on || '',
    warranty_months: k.warranty_months,
    coverage_from: coverageDefault ? '' : k.coverage.from,
    coverage_to: coverageDefault ? '' : k.coverage.to,
    free_resident_engineers: k.free_resident_engineers,
    policy: k.policy || '',
    penalty_rate: k.penalty_rate || '',
    cure_days: k.cure_days,
    tz: k.tz || '',
    maintenance_fee_terms: k.maintenance_fee_terms || '',
  }
}
