// The service flow of TKT-4 as timeline events: which steps make sense now.
// Status transitions (server, src/sla/timeline.cpp): waiting_customer only while
// active; customer_replied only while waiting; resolved unless resolved; reopened only
// when resolved; closed from any open status; nothing after closed. Milestones
// (first_contact, first_reply, diagnosed, onsite_*) keep the status.

import { ENGINEERING, FLOW_ROLES } from './routes'

export { FLOW_ROLES }

export const ESCALATION_TARGETS = ['senior_engineer', 'manufacturer', 'third_party']

/**
 * The flow's actions in the order they are usually taken. `when(ctx)` says whether
 * the step makes sense now; ctx = { status, has(kind), onsitePending, ticket }.
 */
export const ACTIONS = [
  {
    kind: 'first_contact',
    roles: ENGINEERING,
    when: (c) => c.status === 'active' && !c.has('first_contact'),
    primary: true,
  },
  {
    kind: 'first_reply',
    roles: FLOW_ROLES,
    when: (c) => (c.status === 'active' || c.status === 'waiting') && !c.has('first_reply') && (c.ticket.channel === 'email' || c.ticket.type === 'complaint'),
  },
  {
    kind: 'diagnosed',
    roles: ENGINEERING,
    when: (c) => c.status === 'active' && !c.has('diagnosed'),
  },
  {
    kind: 'onsite_decided',
    roles: ENGINEERING,
    when: (c) => c.status === 'active' && !c.has('onsite_decided'),
  },
  {
    kind: 'onsite_arrived',
    roles: ENGINEERING,
    when: (c) => c.status === 'active' && c.onsitePending,
    primary: true,
  },
  {
    kind: 'waiting_customer',
    roles: ENGINEERING,
    when: (c) => c.status === 'active',
  },
  {
    kind: 'customer_replied',
    roles: FLOW_ROLES,
    when: (c) => c.status === 'waiting',
    primary: true,
  },
  {
    kind: 'escalated',
    roles: ENGINEERING,
    when: (c) => c.status === 'active' || c.status === 'waiting',
  },
  {
    kind: 'resolved',
    roles: ENGINEERING,
    when: (c) => c.status === 'active' || c.status === 'waiting',
    primary: true,
  },
  {
    kind: 'reopened',
    roles: FLOW_ROLES,
    when: (c) => c.status === 'resolved',
  },
  {
    kind: 'closed',
    roles: ENGINEERING,
    when: (c) => c.status === 'resolved',
    primary: true,
  },
]

export function flowContext(ticket) {
  const timeline = ticket.timeline || []
  const kinds = new Set(timeline.map((e) => e.kind))
  let lastDecided = -1
  let lastArrived = -1
  timeline.forEach((e, i) => {
    if (e.kind === 'onsite_decided') lastDecided = i
    if (e.kind === 'onsite_arrived') lastArrived = i
  })
  return {
    ticket,
    status: ticket.status,
    has: (k) => kinds.has(k),
    onsitePending: lastDecided >= 0 && lastArrived < lastDecided,
  }
}

/**
 * The actions a role may take on the ticket now; `primary` marks the one usually
 * taken next (the first flagged of them: first contact before resolving).
 */
export function availableActions(ticket, role) {
  const ctx = flowContext(ticket)
  const list = ACTIONS.filter((a) => a.roles.includes(role) && a.when(ctx))
  const next = list.find((a) => a.primary)
  return list.map((a) => ({ ...a, primary: a === next }))
}
