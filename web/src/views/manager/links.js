// The slowest links (SLA-5) from GET /api/v1/analytics/steps: `groups` (all tickets
// first, value null; then by type, priority or team), each with `steps` of {step,
// from, to (milestones; null for the time apart: waiting_customer, reopened), count,
// median_s, p90_s, sum_s, share_pm} and `slowest`, the flow step with the largest share.

/** The step's label: "到场 → 解决", or the name of the time apart. */
export function stepLabel(t, s) {
  if (!s.from) return t(`manager.links.apart.${s.step}`)
  return `${t(`manager.links.milestone.${s.from}`)} → ${t(`manager.links.milestone.${s.to}`)}`
}

/** The share as a percentage with no decimals ("46%"). */
export function sharePct(s) {
  return `${Math.round((s.share_pm || 0) / 10)}%`
}

/** The slowest flow step of a group, or null. */
export function slowestOf(group) {
  if (!group || !group.slowest) return null
  return group.steps.find((s) => s.step === group.slowest) || null
}
