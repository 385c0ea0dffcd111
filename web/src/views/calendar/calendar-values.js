// The calendar's kinds, in the legend's order, with each one's colour, and the
// link from an entry to the screen of the visit or installation it stands for
// (by route name: an area that is not installed has no route, and a screen the
// user's role may not open is no link either).
export const SOURCES = ['inspection', 'return_visit', 'exchange_visit', 'installation']

export const SOURCE_COLOR = {
  inspection: '#409eff',
  return_visit: '#67c23a',
  exchange_visit: '#9b59b6',
  installation: '#e6a23c',
}

const TARGETS = {
  inspection: 'inspection-visit',
  return_visit: 'visit',
  exchange_visit: 'exchange-visit',
  installation: 'release-installation',
}

export function entryTarget(router, e, role) {
  const name = TARGETS[e.source]
  if (!name || !router.hasRoute(name)) return null
  const to = { name, params: { id: e.source_id } }
  const roles = router.resolve(to).meta.roles
  return roles && !roles.includes(role) ? null : to
}

/** YYYY-MM-DD of a Date, in the browser's local days (the UI shows Beijing time). */
export function isoDay(d) {
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** The days [first, last] an entry covers, by its local start and end dates. */
export function entryDays(e) {
  const first = e.starts_at.slice(0, 10)
  const last = e.ends_at.slice(0, 10)
  const out = []
  const d = new Date(`${first}T00:00:00`)
  for (let i = 0; i < 32; i++) {
    const day = isoDay(d)
    out.push(day)
    if (day >= last) break
    d.setDate(d.getDate() + 1)
  }
  return out
}
