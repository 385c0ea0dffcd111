// The visit's states, outcomes and reasons as the server names them, and their tones.
export const STATES = ['planned', 'in_progress', 'submitted', 'confirmed']
export const OUTCOMES = ['pass', 'flag', 'fail']
export const KINDS = ['check', 'number', 'text', 'photos']
export const stateTone = (s) => ({ planned: 'info', in_progress: 'warning', submitted: 'primary', confirmed: 'success' })[s] || 'info'
export const outcomeTone = (o) => ({ pass: 'success', flag: 'warning', fail: 'danger' })[o] || 'info'
// Items by section, in order: [{section, items}].
export function bySection(items) {
  const out = []
  for (const it of items || []) {
    const last = out[out.length - 1]
    if (last && last.section === it.section) last.items.push(it)
    else out.push({ section: it.section, items: [it] })
  }
  return out
}
