// Hotline agent screens (TKT-1, TKT-3, TKT-5): intake of a call, the open queue, leftovers.
import { Phone, List, Calendar } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

const STAFF = ['agent', 'engineer', 'team_leader', 'manager', 'admin']

export default defineArea('agent', {
  routes: [
    {
      path: 'agent/intake',
      name: 'agent-intake',
      component: () => import('./IntakePage.vue'),
      meta: { roles: ['agent', 'team_leader', 'manager', 'admin'], menu: { label: 'agent.menu.intake', icon: Phone, order: 10 } },
    },
    {
      path: 'queue',
      name: 'queue',
      component: () => import('./QueuePage.vue'),
      meta: { roles: STAFF, menu: { label: 'agent.menu.queue', icon: List, order: 20 } },
    },
    {
      path: 'leftover',
      name: 'leftover',
      component: () => import('./QueuePage.vue'),
      props: { kind: 'leftover' },
      meta: { roles: STAFF, menu: { label: 'agent.menu.leftover', icon: Calendar, order: 30 } },
    },
  ],
})
