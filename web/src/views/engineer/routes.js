// Engineer screens (TKT-4): the tickets assigned to me, and the flow buttons on the
// ticket page (a panel: which steps make sense in which status, flow.js).
import { Tickets } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

// Who takes the service flow's steps (flow.js says which step by whom).
export const ENGINEERING = ['engineer', 'team_leader', 'manager', 'admin']
export const FLOW_ROLES = ['agent', ...ENGINEERING]

export default defineArea('engineer', {
  routes: [
    {
      path: 'my-tickets',
      name: 'my-tickets',
      component: () => import('./MyTickets.vue'),
      meta: { roles: ['engineer', 'team_leader'], menu: { label: 'engineer.menu.my_tickets', icon: Tickets, order: 5 } },
    },
  ],
  ticketPanels: [{ name: 'engineer-actions', component: () => import('./FlowActions.vue'), roles: FLOW_ROLES, order: 10 }],
})
