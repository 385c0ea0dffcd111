// Party A's portal (phone friendly): their service requests with live SLA clocks,
// submitting a request or a complaint, and their contract's compliance with written
// notices. The ticket page is the shared one, with Party A's action panel (reply,
// close, reopen, rating, complaint).
import { Tickets, EditPen, ChatLineSquare, Money } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

const ROLES = ['party_a']

export default defineArea('partya', {
  routes: [
    {
      path: 'portal/tickets',
      name: 'partya-tickets',
      component: () => import('./MyTickets.vue'),
      meta: { roles: ROLES, menu: { label: 'partya.menu.tickets', icon: Tickets, order: 1 } },
    },
    {
      path: 'portal/new',
      name: 'partya-new',
      component: () => import('./PortalSubmit.vue'),
      props: { complaint: false },
      meta: { roles: ROLES, menu: { label: 'partya.menu.new', icon: EditPen, order: 2 } },
    },
    {
      path: 'portal/complaint',
      name: 'partya-complaint',
      component: () => import('./PortalSubmit.vue'),
      props: { complaint: true },
      meta: { roles: ROLES, menu: { label: 'partya.menu.complaint', icon: ChatLineSquare, order: 3 } },
    },
    {
      path: 'portal/contract',
      name: 'partya-contract',
      component: () => import('./ContractPage.vue'),
      // The compliance view is the manager area's.
      meta: { roles: ROLES, menu: { label: 'partya.menu.contract', icon: Money, order: 4 }, messages: ['manager'] },
    },
  ],
  ticketPanels: [{ name: 'partya-actions', component: () => import('./PartyAActions.vue'), roles: ['party_a'], order: 10 }],
})
