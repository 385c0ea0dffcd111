// Party A's portal (phone friendly): their service requests with live SLA clocks,
// submitting a request or a complaint, and their contract's compliance with written
// notices. The ticket page is the shared one, with Party A's action panel.
import { markRaw } from 'vue'
import { Tickets, EditPen, ChatLineSquare, Money } from '@element-plus/icons-vue'

const ROLES = ['party_a']

export default [
  {
    path: 'portal/tickets',
    name: 'partya-tickets',
    component: () => import('./MyTickets.vue'),
    meta: { roles: ROLES, menu: 'partya.menu.tickets', icon: markRaw(Tickets), order: 1 },
  },
  {
    path: 'portal/new',
    name: 'partya-new',
    component: () => import('./PortalSubmit.vue'),
    props: { complaint: false },
    meta: { roles: ROLES, menu: 'partya.menu.new', icon: markRaw(EditPen), order: 2 },
  },
  {
    path: 'portal/complaint',
    name: 'partya-complaint',
    component: () => import('./PortalSubmit.vue'),
    props: { complaint: true },
    meta: { roles: ROLES, menu: 'partya.menu.complaint', icon: markRaw(ChatLineSquare), order: 3 },
  },
  {
    path: 'portal/contract',
    name: 'partya-contract',
    component: () => import('./ContractPage.vue'),
    meta: { roles: ROLES, menu: 'partya.menu.contract', icon: markRaw(Money), order: 4 },
  },
]
