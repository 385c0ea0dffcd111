// The defect state table as the server keeps it (service/defects/defects.h): the
// steps each state offers, forward first; a failed review or verification goes
// back to analysis; closed is final.
export const STATES = ['identified', 'analysed', 'fixed', 'reviewed', 'verified', 'closed']
export const SEVERITIES = ['critical', 'major', 'minor', 'trivial']
const NEXT = {
  identified: ['analysed'],
  analysed: ['fixed'],
  fixed: ['reviewed', 'analysed'],
  reviewed: ['verified', 'analysed'],
  verified: ['closed', 'analysed'],
  closed: [],
}
export const nextStates = (state) => NEXT[state] || []
// A step back to analysis is a failure: shown as such.
export const isBack = (from, to) => to === 'analysed' && from !== 'identified'
const TONES = { critical: 'danger', major: 'warning', minor: 'primary', trivial: 'info' }
export const severityTone = (s) => TONES[s] || 'info'
export const stateTone = (s) => (s === 'closed' ? 'success' : s === 'identified' ? 'danger' : 'warning')
export const defectNumber = (id) => `DF-${String(id).padStart(6, '0')}`
