// Panels this module adds to the ticket page (views/common/TicketDetail.vue): the
// team leader's dispatch controls (assignment, fault grading, priority).
import { defineAsyncComponent, markRaw } from 'vue'
import { DISPATCH_ROLES } from './dispatch'

export default [
  {
    name: 'leader-dispatch',
    component: markRaw(defineAsyncComponent(() => import('./LeaderTicketPanel.vue'))),
    roles: DISPATCH_ROLES,
    order: 5,
  },
]
