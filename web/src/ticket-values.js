// The values the API knows for a ticket's priority and request type
// (src/sla/model.h), in the server's order: one list for every picker and table.
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4']
export const TICKET_TYPES = ['fault', 'installation', 'health_check', 'upgrade', 'training', 'consulting', 'complaint']
