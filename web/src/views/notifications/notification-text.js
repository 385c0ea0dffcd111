// A notification's text in the UI's language, from its kind and data (the server
// stores no text: each user reads it in their own language).
import { formatDateTime } from '../../format'

export function notificationText(t, te, n) {
  const d = n.data || {}
  const metric = te(`common.metrics.${d.metric}`) ? t(`common.metrics.${d.metric}`) : d.metric
  const ticket = n.ticket_number ? `${n.ticket_number}「${n.ticket_title || ''}」` : ''
  const due = formatDateTime(d.due_at, { seconds: false })
  if (n.kind === 'sla_warning') return t('notifications.text.sla_warning', { ticket, metric, due })
  if (n.kind === 'sla_escalation') {
    return d.level > 0
      ? t('notifications.text.sla_escalation_again', { ticket, metric, due, n: d.level + 1 })
      : t('notifications.text.sla_escalation', { ticket, metric, due })
  }
  return n.kind
}
