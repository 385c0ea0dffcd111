// Engineer screens (TKT-4): the tickets assigned to me. The flow buttons live on the
// ticket page (ticket-panels.js).
import { markRaw } from 'vue'
import { Tickets } from '@element-plus/icons-vue'

export default [
  {
    path: 'my-tickets',
    name: 'my-tickets',
    component: () => import('./MyTickets.vue'),
    meta: { roles: ['engineer', 'team_leader'], menu: 'engineer.menu.my_tickets', icon: markRaw(Tickets), order: 5 },
  },
]
