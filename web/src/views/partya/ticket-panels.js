// Panels this module adds to the ticket page (views/common/TicketDetail.vue): Party A's
// reply, close, reopen, rating and complaint actions.
import { defineAsyncComponent, markRaw } from 'vue'

export default [
  {
    name: 'partya-actions',
    component: markRaw(defineAsyncComponent(() => import('./PartyAActions.vue'))),
    roles: ['party_a'],
    order: 10,
  },
]
