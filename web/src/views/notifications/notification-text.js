// A notification's text in the UI's language, from its kind and data (the server
// stores no text: each user reads it in their own language). Every kind the server
// writes has its sentence (data per kind: service/notifications/notifications.h);
// a kind this UI does not know yet still reads as a notice about its ticket.
import { formatDateTime, formatDuration } from '../../format'

export function notificationText(t, te, n) {
  const d = n.data || {}
  // A term from a catalogue when it has one, else the value as sent.
  const term = (prefix, v) => (v !== undefined && v !== null && te(`${prefix}.${v}`) ? t(`${prefix}.${v}`) : v ?? '')
  const metric = term('common.metrics', d.metric)
  // 「title」 closes up to the next word; a bare number keeps a space (collapsed in HTML).
  const ticket = n.ticket_number ? (n.ticket_title ? t('notifications.ticket', { number: n.ticket_number, title: n.ticket_title }) : `${n.ticket_number} `) : ''
  const due = formatDateTime(d.due_at, { seconds: false })
  const contract = d.contract_number || ''
  switch (n.kind) {
    case 'sla_warning':
      return t('notifications.text.sla_warning', { ticket, metric, due })
    case 'sla_escalation': {
      // A repeated escalation says how late the clock was when it was sent.
      const late = (Date.parse(n.created_at) - Date.parse(d.due_at)) / 1000
      return d.level > 0 && late > 0
        ? t('notifications.text.sla_escalation_again', { ticket, metric, due, late: formatDuration(late) })
        : t('notifications.text.sla_escalation', { ticket, metric, due })
    }
    case 'assigned':
      return d.by ? t('notifications.text.assigned_by', { ticket, by: d.by }) : t('notifications.text.assigned', { ticket })
    case 'party_a_new':
      return d.type && te(`common.type.${d.type}`) ? t('notifications.text.party_a_new_type', { ticket, type: t(`common.type.${d.type}`) }) : t('notifications.text.party_a_new', { ticket })
    case 'penalty_event':
      return t('notifications.text.penalty_event', { ticket, metric, due })
    case 'contract_condition':
      return t('notifications.text.contract_condition', { contract, status: term('notifications.contract_status', d.status) })
    case 'notice_recorded':
      return t('notifications.text.notice_recorded', { contract, days: d.cure_days ?? '' })
    case 'ticket_progress':
      return t('notifications.text.ticket_progress', { ticket, status: term('common.status', d.status) })
    case 'leftover_list':
      return t('notifications.text.leftover_list', { team: d.team || '', count: d.count ?? (d.tickets || []).length })
    case 'mail_unmatched':
      return t('notifications.text.mail_unmatched', { from: d.from || '', subject: d.subject || t('notifications.no_subject') })
    case 'backup_failed':
      return t('notifications.text.backup_failed', { at: formatDateTime(d.started_at, { seconds: false }), error: d.error || '' })
    case 'backup_missed':
      return t('notifications.text.backup_missed', { hours: d.hours ?? '', since: formatDateTime(d.since, { seconds: false }) })
    case 'complaint_progress':
      return t('notifications.text.complaint_progress', { ticket, state: term('notifications.complaint_state', d.state) })
    case 'complaint_department':
      return t(d.step === 'refuse' ? 'notifications.text.complaint_refused' : 'notifications.text.complaint_assigned', { ticket, team: d.team || '' })
    case 'defect_closed':
      return t('notifications.text.defect_closed', { ticket, title: d.title || '', version: d.fix_version || '' })
    case 'release_published':
      return t(`notifications.text.release_published_${d.kind === 'upgrade' ? 'upgrade' : 'patch'}`, { product: d.product || '', version: d.version || '', title: d.title || '', systems: d.systems || '' })
    case 'survey_request': {
      const when = formatDateTime(d.expires_at, { seconds: false })
      if (d.reminder) return t('notifications.text.survey_reminder', { campaign: d.campaign || '', due: when })
      if (d.campaign) return t('notifications.text.survey_request_campaign', { campaign: d.campaign, due: when })
      return t('notifications.text.survey_request', { ticket, due: when })
    }
    case 'inspection_overdue':
      return t('notifications.text.inspection_overdue', { customer: d.customer || '', system: d.system || '', date: d.planned_on || '' })
    case 'survey_unsatisfied':
      return t('notifications.text.survey_unsatisfied', { ticket, customer: d.customer || '' })
    case 'report_ready':
      return t(d.kind === 'assessment' ? 'notifications.text.report_ready_assessment' : 'notifications.text.report_ready', { contract: d.contract_number || '', from: d.from || '' })
    case 'visit_collation_due':
      return t(d.stage === 'overdue' ? 'notifications.text.visit_collation_overdue' : 'notifications.text.visit_collation_soon', { customer: d.customer || '', due: formatDateTime(d.due_at, { seconds: false }) })
    case 'visit_action_due':
      return t('notifications.text.visit_action_due', { title: d.title || '', customer: d.customer || '', due: formatDateTime(d.due_at, { seconds: false }) })
    default:
      return ticket ? t('notifications.text.other', { ticket }) : t('notifications.text.other_plain')
  }
}

// The tag's colour: warnings amber, what is late or costs money red, the rest neutral.
const TONES = { sla_warning: 'warning', sla_escalation: 'danger', penalty_event: 'danger', contract_condition: 'danger', notice_recorded: 'warning', assigned: 'primary', party_a_new: 'primary', mail_unmatched: 'warning', backup_failed: 'danger', backup_missed: 'danger', survey_request: 'primary', survey_unsatisfied: 'danger', report_ready: 'primary', inspection_overdue: 'danger', visit_collation_due: 'warning', visit_action_due: 'warning' }
export const kindTone = (kind) => TONES[kind] || 'info'
