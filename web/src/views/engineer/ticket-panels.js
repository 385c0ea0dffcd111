// Panels this module adds to the ticket page (views/common/TicketDetail.vue).
import { defineAsyncComponent, markRaw } from 'vue'
import { FLOW_ROLES } from './flow'

export default [
  {
    name: 'engineer-actions',
    component: markRaw(defineAsyncComponent(() => import('./FlowActions.vue'))),
    roles: FLOW_ROLES,
    order: 10,
  },
]
