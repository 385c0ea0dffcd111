// What one entry of a customer's access log (GET /customers/{id}/access-log) says, in
// the UI's words: the action and a sentence about what was read, with the ticket it
// names (linked on the page) where there is one. The server writes `what` per kind of
// read (service/audit/audit.h and its callers): a list's filter and count, an
// export's format and as_of, an attachment's ticket and name.
export const ACTION_TAGS = { read: 'info', list: 'info', search: 'primary', export: 'warning', download: 'warning' }

/** "TK-000042" of ticket 42 (service/contracts TicketNumber). */
export const ticketNumber = (id) => `TK-${String(id).padStart(6, '0')}`

const idOf = (s) => (/^\d+$/.test(String(s)) ? Number(s) : null)

/**
 * { key, params, ticket } for t(`evidence.what.${key}`, params); `ticket` (an id, or
 * null) goes where the message says {ticket}. `contractNumber(id)` names a contract.
 */
export function describe(e, contractNumber) {
  const w = e.what && typeof e.what === 'object' ? e.what : {}
  const id = idOf(e.entity_id)
  const n = w.count ?? w.returned ?? w.rows ?? '?'
  const contract = id !== null ? contractNumber(id) : e.entity_id
  const format = w.format ? String(w.format).toUpperCase() : ''
  switch (`${e.entity}/${e.action}`) {
    case 'ticket/read':
      return id !== null ? { key: 'ticket_read', params: {}, ticket: id } : { key: 'other', params: {}, ticket: null }
    case 'ticket/list':
      return { key: 'ticket_list', params: { n }, ticket: null }
    case 'ticket/search': {
      const q = w.filter && w.filter.q
      return { key: q ? 'ticket_search_q' : 'ticket_list', params: { n, q }, ticket: null }
    }
    case 'ticket/export':
      return { key: 'ticket_export', params: { n, format }, ticket: null }
    case 'compliance/read':
      return id !== null ? { key: 'compliance_read', params: { contract }, ticket: null } : { key: 'compliance_all', params: { n }, ticket: null }
    case 'compliance/export':
      return { key: 'ledger_export', params: { contract, format }, ticket: null }
    case 'contract/export':
      if (w.format === 'evidence') return { key: 'evidence_export', params: { contract }, ticket: null }
      if (w.format === 'scenario') return { key: 'scenario_export', params: { contract }, ticket: null }
      return { key: 'contract_export', params: { contract }, ticket: null }
    case 'customer_archive/read': {
      const r = w.returned && typeof w.returned === 'object' ? w.returned : {}
      return { key: 'archive_read', params: { n: r.tickets ?? '?' }, ticket: null }
    }
    case 'attachment/list':
      return id !== null ? { key: 'attachment_list', params: {}, ticket: id } : { key: 'other', params: {}, ticket: null }
    case 'attachment/download':
      return idOf(w.ticket_id) !== null
        ? { key: 'attachment_download', params: { name: w.name || '' }, ticket: idOf(w.ticket_id) }
        : { key: 'other', params: {}, ticket: null }
    default:
      return { key: 'other', params: {}, ticket: null }
  }
}
