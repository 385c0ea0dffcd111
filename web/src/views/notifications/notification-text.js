// A notification's text in the UI's language, from its kind and data (the server
// stores no text: each user reads it in their own language).
import { formatDateTime, formatDuration } from '../../format'

export function notificationText(t, te, n) {
  const d = n.data || {}
  const metric = te(`common.metrics.${d.metric}`) ? t(`common.metrics.${d.metric}`) : d.metric
  // 「title」 closes up to the next word; a bare number keeps a space (collapsed in HTML).
  const ticket = n.ticket_number ? (n.ticket_title ? t('notifications.ticket', { number: n.ticket_number, title: n.ticket_title }) : `${n.ticket_number} `) : ''
  const due = formatDateTime(d.due_at, { seconds: false })
  if (n.kind === 'sla_warning') return t('notifications.text.sla_warning', { ticket, metric, due })
  if (n.kind === 'sla_escalation') {
    // A repeated escalation says how late the clock was when it was sent.
    const late = (Date.parse(n.created_at) - Date.parse(d.due_at)) / 1000
    return d.level > 0 && late > 0
      ? t('notifications.text.sla_escalation_again', { ticket, metric, due, late: formatDuration(late) })
      : t('notifications.text.sla_escalation', { ticket, metric, due })
  }
  return n.kind
}
