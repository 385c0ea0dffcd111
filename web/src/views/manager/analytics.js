// Response-time analytics (SLA-5) from GET /api/v1/analytics/response: rows of
// {week (the Monday), metric, kind, type, priority, count, late, avg_s, p90_s, max_s,
// target_s}. Rows of several types or priorities are combined exactly for count, late,
// average (weighted by count) and maximum; a combined 90th percentile cannot be
// derived from the parts, so it is the largest of theirs (an upper bound).

export const TYPE_ORDER = ['fault', 'installation', 'health_check', 'upgrade', 'training', 'consulting', 'complaint']
export const PRIORITY_ORDER = ['P1', 'P2', 'P3', 'P4']
export const METRIC_ORDER = ['acknowledge', 'email_reply', 'response', 'complaint_reply', 'onsite_arrival', 'onsite_fix', 'repair']

export function addDays(d, n) {
  const x = new Date(d + 'T00:00:00Z')
  x.setUTCDate(x.getUTCDate() + n)
  return x.toISOString().slice(0, 10)
}
export const mondayOf = (d) => addDays(d, -((new Date(d + 'T00:00:00Z').getUTCDay() + 6) % 7))

/** Every Monday from the week of `from` to the week of `to`. */
export function weeksBetween(from, to) {
  const out = []
  if (!from || !to || from > to) return out
  for (let w = mondayOf(from); w <= to && out.length < 600; w = addDays(w, 7)) out.push(w)
  return out
}

function empty() {
  return { count: 0, late: 0, sum: 0, p90: null, max: null, targets: new Set(), byTarget: {}, n: 0 }
}
function add(acc, r) {
  const c = Number(r.count) || 0
  acc.count += c
  acc.late += Number(r.late) || 0
  acc.sum += (Number(r.avg_s) || 0) * c
  if (r.p90_s !== null && r.p90_s !== undefined) acc.p90 = acc.p90 === null ? r.p90_s : Math.max(acc.p90, r.p90_s)
  if (r.max_s !== null && r.max_s !== undefined) acc.max = acc.max === null ? r.max_s : Math.max(acc.max, r.max_s)
  if (r.target_s) {
    acc.targets.add(r.target_s)
    acc.byTarget[r.target_s] = (acc.byTarget[r.target_s] || 0) + c
  }
  acc.n += 1
  return acc
}
function finish(acc) {
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
    p90: acc.p90,
    p90Exact: acc.n <= 1,
    max: acc.max,
    target: targets.length === 1 ? targets[0] : null,
    targets,
  }
}

/**
 * Aggregates the rows of one metric by week and group ('type' | 'priority').
 * Returns { groups: [key], weeks: [monday], cell(week, group), total(group), overall }.
 */
export function aggregate(rows, { metric, groupBy, weeks }) {
  const mine = rows.filter((r) => r.metric === metric)
  const order = groupBy === 'priority' ? PRIORITY_ORDER : TYPE_ORDER
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
  return {
    groups: keys,
    weeks: allWeeks,
    cell: (w, g) => (cells[w] && cells[w][g] ? finish(cells[w][g]) : null),
    week: (w) => (weekly[w] ? finish(weekly[w]) : null),
    total: (g) => (totals[g] ? finish(totals[g]) : null),
    overall: finish(overall),
  }
}

/** Per metric over the whole period, slowest (highest timeout rate, then avg/target) first. */
export function byMetric(rows) {
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
      const f = finish(a)
      // The average share of its own target an event used (each against the target it had).
      const u = used[metric]
      const ratio = u && u.n ? u.sum / u.n : null
      return { metric, kind: kinds[metric], ...f, ratio }
    })
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || (b.ratio ?? -1) - (a.ratio ?? -1))
}

/** The unit to show durations of a metric in, from its targets. */
export function unitFor(targets) {
  const t = targets && targets.length ? Math.max(...targets) : 0
  return t >= 4 * 3600 ? 'h' : 'min'
}
export function inUnit(seconds, unit) {
  if (seconds === null || seconds === undefined) return null
  return Math.round((seconds / (unit === 'h' ? 3600 : 60)) * 10) / 10
}
