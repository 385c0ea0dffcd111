// The closed sets of releases as the server names them (service/releases/releases.h),
// and who may do what (src/service/roles.h: kReleaseStaff, kReleasePublishers).
export const KINDS = ['patch', 'upgrade']
export const STATES = ['draft', 'published']
export const METHODS = ['onsite', 'remote', 'self']
export const STAFF = ['engineer', 'team_leader', 'manager']
export const PUBLISHERS = ['team_leader', 'manager']
export const kindTone = (k) => (k === 'upgrade' ? 'warning' : 'primary')
export const stateTone = (s) => (s === 'published' ? 'success' : 'info')
const INSTALL_TONES = { scheduled: 'warning', installed: 'success', cancelled: 'info' }
export const installTone = (s) => INSTALL_TONES[s] || 'info'
export function fileSize(n) {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
