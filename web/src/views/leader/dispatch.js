// The team leader's dispatch actions on a ticket (TKT-3): assignment, fault grading
// (故障分级), a change of priority and of the request type (重新分类). Each is a
// timeline event; the API answers with the whole ticket.
import { api } from '../../api'

export const FAULT_GRADES = ['general', 'serious', 'major', 'catastrophic']
export { PRIORITIES, TICKET_TYPES } from '../../ticket-values'
export { DISPATCH_ROLES } from './routes'

export function assign(ticketId, assigneeId, note) {
  const body = { kind: 'assigned', data: { assignee_id: assigneeId } }
  if (note) body.note = note
  return api.post(`/tickets/${ticketId}/events`, body)
}

export function grade(ticketId, faultGrade, note) {
  const body = { kind: 'graded', data: { fault_grade: faultGrade } }
  if (note) body.note = note
  return api.post(`/tickets/${ticketId}/events`, body)
}

export function changePriority(ticketId, toPriority, note) {
  const body = { kind: 'priority', to_priority: toPriority }
  if (note) body.note = note
  return api.post(`/tickets/${ticketId}/events`, body)
}

/** A wrong intake corrected: the server recomputes every SLA clock for the new type. */
export function reclassify(ticketId, type, note) {
  const body = { kind: 'reclassified', data: { type } }
  if (note) body.note = note
  return api.post(`/tickets/${ticketId}/events`, body)
}

/** The fields of a list row taken from a full ticket the API answered. */
export function rowFrom(ticket, row) {
  const out = { ...row }
  for (const k of Object.keys(row)) if (k in ticket) out[k] = ticket[k]
  return out
}
