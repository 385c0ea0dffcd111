// What the visits screens share: the methods and priorities, a visit's badges, the
// vendor's users for the owner and expert pickers.
import { ElMessageBox } from 'element-plus'
import { api } from '../../api'
import { alertError } from '../../errors'
import { loadUsers, directory } from '../../directory'

export const METHODS = ['phone', 'email', 'onsite', 'im', 'fax']
export const PRIORITIES = ['high', 'medium', 'low']
export const FINDING_KINDS = ['problem', 'risk']
export const PRIORITY_TONE = { high: 'danger', medium: 'warning', low: 'info' }

// The badges of a return visit, in order: [{key, tone}].
export function visitBadges(v) {
  const out = []
  if (v.state === 'cancelled') out.push({ key: 'cancelled', tone: 'info' })
  else if (v.state === 'planned') out.push({ key: v.overdue ? 'overdue' : 'planned', tone: v.overdue ? 'danger' : 'primary' })
  else if (v.collation_overdue) out.push({ key: 'collation_overdue', tone: 'danger' })
  else if (v.awaiting_collation) out.push({ key: 'awaiting_collation', tone: 'warning' })
  else out.push({ key: 'done', tone: 'success' })
  return out
}

// The enabled vendor users, by name.
export async function vendorUsers() {
  await loadUsers()
  return Object.values(directory.users)
    .filter((u) => u.role !== 'party_a' && !u.disabled)
    .sort((a, b) => a.display_name.localeCompare(b.display_name, 'zh-CN'))
}

// Asks for a reason and cancels a planned visit (POST `path` {reason}); returns the
// visit the API answered, or null when the person thought better of it.
export async function cancelWithReason(t, path) {
  try {
    const { value } = await ElMessageBox.prompt(t('visits.cancel_reason'), t('visits.cancel'), { inputValue: '' })
    return await api.post(path, { reason: value || '' })
  } catch (e) {
    if (e !== 'cancel' && e !== 'close') alertError(e)
    return null
  }
}
