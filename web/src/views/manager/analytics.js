// Response-time analytics (SLA-5) from GET /api/v1/analytics/response: `rows` of
// {week (the Monday), metric, kind, type, priority, count, late, avg_s, p90_s, max_s,
// target_s}, and `rollups` of the same clocks by type alone, by priority alone or by
// neither (null), per week and over the period (week null). Count, late, average and
// longest add up from the rows; the 90th percentile does not, so it comes from the
// rollup of the same group (computed by the server from every clock).

import { addDays, mondayOf } from '../../dates'
import { PRIORITIES, TICKET_TYPES } from '../../ticket-values'

export const METRIC_ORDER = ['acknowledge', 'email_reply', 'response', 'complaint_reply', 'onsite_arrival', 'onsite_fix', 'repair']


/** Every Monday from the week of `from` to the week of `to`. */
export function weeksBetween(from, to) {
  const out = []
  if (!from || !to || from > to) return out
  for (let w = mondayOf(from); w <= to && out.length < 600; w = addDays(w, 7)) out.push(w)
  return out
}

/** The rollups as a lookup: p90Of(metric, week|null, type|null, priority|null) -> seconds or null. */
export function rollupIndex(rollups) {
  const map = new Map()
  for (const r of rollups || []) map.set([r.metric, r.week, r.type, r.priority].join('|'), r.p90_s)
  return (metric, week, type, priority) => map.get([metric, week, type, priority].join('|')) ?? null
}

function empty() {
  return { count: 0, late: 0, sum: 0, max: null, targets: new Set(), byTarget: {} }
}
function add(acc, r) {
  const c = Number(r.count) || 0
  acc.count += c
  acc.late += Number(r.late) || 0
  acc.sum += (Number(r.avg_s) || 0) * c
  if (r.max_s !== null && r.max_s !== undefined) acc.max = acc.max === null ? r.max_s : Math.max(acc.max, r.max_s)
  if (r.target_s) {
    acc.targets.add(r.target_s)
    acc.byTarget[r.target_s] = (acc.byTarget[r.target_s] || 0) + c
  }
  return acc
}
function finish(acc, p90) {
  const targets = [...acc.targets].sort((a, b) => a - b)
  // The usual target of the group (most events), for the target line; others come
  // from priority changes that re-targeted a metric.
  let main = null
  for (const t of targets) if (main === null || acc.byTarget[t] > acc.byTarget[main]) main = t
  return {
    mainTarget: main,
    count: acc.count,
    late: acc.late,
    rate: acc.count ? acc.late / acc.count : null,
    avg: acc.count ? acc.sum / acc.count : null,
    p90,
    max: acc.max,
    target: targets.length === 1 ? targets[0] : null,
    targets,
  }
}

/**
 * Aggregates the rows of one metric by week and group ('type' | 'priority'), with the
 * 90th percentiles of `p90Of` (rollupIndex of the answer's rollups).
 * Returns { groups: [key], weeks: [monday], cell(week, group), total(group), overall }.
 */
export function aggregate(rows, p90Of, { metric, groupBy, weeks }) {
  const mine = rows.filter((r) => r.metric === metric)
  const order = groupBy === 'priority' ? PRIORITIES : TICKET_TYPES
  const keys = [...new Set(mine.map((r) => r[groupBy]))].sort((a, b) => {
    const ia = order.indexOf(a)
    const ib = order.indexOf(b)
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || String(a).localeCompare(String(b))
  })
  const cells = {}
  const totals = {}
  const weekly = {}
  const overall = empty()
  for (const r of mine) {
    const g = r[groupBy]
    add(((cells[r.week] ||= {})[g] ||= empty()), r)
    add((totals[g] ||= empty()), r)
    add((weekly[r.week] ||= empty()), r)
    add(overall, r)
  }
  const allWeeks = [...new Set([...(weeks || []), ...mine.map((r) => r.week)])].sort()
  const p90 = (week, g) => p90Of(metric, week, groupBy === 'type' ? g : null, groupBy === 'priority' ? g : null)
  return {
    groups: keys,
    weeks: allWeeks,
    cell: (w, g) => (cells[w] && cells[w][g] ? finish(cells[w][g], p90(w, g)) : null),
    week: (w) => (weekly[w] ? finish(weekly[w], p90(w, null)) : null),
    total: (g) => (totals[g] ? finish(totals[g], p90(null, g)) : null),
    overall: finish(overall, p90(null, null)),
  }
}

/** Per metric over the whole period, slowest (highest timeout rate, then avg/target) first. */
export function byMetric(rows, p90Of) {
  const acc = {}
  const kinds = {}
  const used = {} // metric -> sum over events of (time used / its target), and events counted
  for (const r of rows) {
    add((acc[r.metric] ||= empty()), r)
    kinds[r.metric] = r.kind
    if (r.target_s > 0 && r.count > 0) {
      const u = (used[r.metric] ||= { sum: 0, n: 0 })
      u.sum += ((Number(r.avg_s) || 0) * r.count) / r.target_s
      u.n += r.count
    }
  }
  return Object.entries(acc)
    .map(([metric, a]) => {
      const f = finish(a, p90Of(metric, null, null, null))
      // The average share of its own target an event used (each against the target it had).
      const u = used[metric]
      const ratio = u && u.n ? u.sum / u.n : null
      return { metric, kind: kinds[metric], ...f, ratio }
    })
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || (b.ratio ?? -1) - (a.ratio ?? -1))
}

/** The unit of a chart's axis for a metric, from its targets: min, h, or d (3 days and more). */
export function unitFor(targets) {
  const t = targets && targets.length ? Math.max(...targets) : 0
  return t >= 3 * 86400 ? 'd' : t >= 4 * 3600 ? 'h' : 'min'
}
const UNIT_S = { min: 60, h: 3600, d: 86400 }
export function inUnit(seconds, unit) {
  if (seconds === null || seconds === undefined) return null
  return Math.round((seconds / UNIT_S[unit]) * 10) / 10
}
