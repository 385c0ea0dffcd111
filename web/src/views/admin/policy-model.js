// What the policy overview shows (SLA-1, SLA-3), read from a policy's YAML: the scenario
// format's `policy:` and `calendars:` sections (SCENARIOS.md), or a bare policy (name:,
// metrics: at the top, as bid-default is stored). Lenient and read-only: the server stays
// the judge of a policy (it compiles it on saving and names the line it rejects); this
// only turns what parses into rows and week grids, leaving out what it cannot read.
//
// The YAML library is passed in (loaded lazily by the page: import('js-yaml')), so this
// file costs other screens nothing.

import { PRIORITIES } from '../../ticket-values'

export { PRIORITIES }
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
export const BUILTIN_CALENDAR = '24x7'
// A metric's alerts when its YAML leaves them out (SLA-4; the server's
// kDefaultWarnPercent and kDefaultEscalateEvery, src/sla/model.h).
export const DEFAULT_WARN_PERCENT = 80
export const DEFAULT_ESCALATE_EVERY = 30 * 60
const UNIT = { s: 1, m: 60, h: 3600, d: 86400 }

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v) => (v === null || v === undefined ? '' : String(v).trim())
const list = (v) => (Array.isArray(v) ? v.map(str).filter(Boolean) : v === null || v === undefined || v === '' ? [] : [str(v)])

/** "15m" -> 900, "1d" -> 86400; null unless a positive integer and a unit s/m/h/d. */
export function targetSeconds(v) {
  const m = /^(\d+)([smhd])$/.exec(str(v))
  return m && Number(m[1]) > 0 ? Number(m[1]) * UNIT[m[2]] : null
}

/** "09:00-18:00" -> "09:00–18:00" (as written when it is not an interval). */
export function formatInterval(v) {
  const m = /^(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(str(v))
  return m ? `${m[1]}–${m[2]}` : str(v)
}

/** "80%" -> 80; null unless a whole 1..99 followed by %. */
export function warnPercent(v) {
  const m = /^(\d{1,2})%$/.exec(str(v))
  return m && Number(m[1]) >= 1 ? Number(m[1]) : null
}

// The warning share and the escalation interval: { raw, value, fromDefault }, value null
// when what is written does not read (the server names it on saving).
function alertsOf(m) {
  const has = (k) => k in m && m[k] !== null && m[k] !== undefined
  return {
    warnAt: has('warn_at')
      ? { raw: str(m.warn_at), percent: warnPercent(m.warn_at), fromDefault: false }
      : { raw: `${DEFAULT_WARN_PERCENT}%`, percent: DEFAULT_WARN_PERCENT, fromDefault: true },
    escalateEvery: has('escalate_every')
      ? { raw: str(m.escalate_every), seconds: targetSeconds(m.escalate_every), fromDefault: false }
      : { raw: '30m', seconds: DEFAULT_ESCALATE_EVERY, fromDefault: true },
  }
}

function readMetric(raw, i) {
  const m = isMap(raw) ? raw : {}
  const target = isMap(m.target) ? m.target : {}
  const dflt = 'default' in target ? { raw: str(target.default), seconds: targetSeconds(target.default) } : null
  const targets = {}
  for (const p of PRIORITIES) {
    if (p in target) targets[p] = { raw: str(target[p]), seconds: targetSeconds(target[p]), fromDefault: false }
    else if (dflt) targets[p] = { ...dflt, fromDefault: true }
    else targets[p] = null
  }
  return {
    key: `${i}-${str(m.name)}`,
    name: str(m.name),
    kind: str(m.kind),
    start: str(m.start),
    stop: str(m.stop),
    targets,
    calendar: str(m.calendar),
    pause: list(m.pause),
    channels: list(m.channels),
    types: list(m.types),
    exceptTypes: list(m.except_types),
    ...alertsOf(m),
  }
}

function readCalendar(name, raw) {
  const c = isMap(raw) ? raw : {}
  const week = isMap(c.week) ? c.week : {}
  const workdays = isMap(c.workdays) ? c.workdays : {}
  return {
    name,
    tz: str(c.tz) || 'Asia/Shanghai',
    tzDefault: !str(c.tz),
    week: DAYS.map((d) => ({ day: d, hours: list(week[d]).map(formatInterval) })),
    holidays: list(c.holidays).sort(),
    workdays: Object.keys(workdays)
      .sort()
      .map((date) => ({ date, hours: list(workdays[date]).map(formatInterval) })),
    builtin: str(c.builtin_holidays),
    usedBy: [],
  }
}

/**
 * A parsed YAML document -> { name, metrics, calendars, undefinedCalendars }.
 * Throws Error('not_a_policy') when the document is not a mapping.
 */
export function readPolicy(doc) {
  if (!isMap(doc)) throw new Error('not_a_policy')
  const policy = isMap(doc.policy) ? doc.policy : doc
  const metrics = (Array.isArray(policy.metrics) ? policy.metrics : []).map(readMetric)
  const calMap = isMap(doc.calendars) ? doc.calendars : {}
  const calendars = Object.keys(calMap).map((n) => readCalendar(n, calMap[n]))
  const undefinedCalendars = []
  for (const m of metrics) {
    if (!m.calendar || m.calendar === BUILTIN_CALENDAR) continue
    const c = calendars.find((x) => x.name === m.calendar)
    if (c) c.usedBy.push(m.name)
    else if (!undefinedCalendars.includes(m.calendar)) undefinedCalendars.push(m.calendar)
  }
  return { name: str(policy.name), metrics, calendars, undefinedCalendars }
}

/**
 * Parses YAML text with the lazily loaded library: { model } or { error: {line, reason} }
 * (line 1-based, null when the library names none).
 */
export function parsePolicy(yaml, text) {
  try {
    // The core schema: dates (2026-10-01) and times (09:00) stay strings.
    return { model: readPolicy(yaml.load(text, { schema: yaml.CORE_SCHEMA })) }
  } catch (e) {
    const last = text.split('\n').length
    const line = e && e.mark && Number.isInteger(e.mark.line) ? Math.min(e.mark.line + 1, last) : null
    return { error: { line, reason: (e && (e.reason || e.message)) || String(e) } }
  }
}
