// 发送记录 (issue 12 point 7): every notice that left by mail or to a robot, each
// attempt with the remote answer; dead ones are sent again from here. The evidence
// of who was told what, when, beside the tickets' timelines.
import { Tickets } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

const ROLES = ['admin']

export default defineArea('deliveries', {
  routes: [
    {
      path: 'admin/deliveries',
      name: 'admin-deliveries',
      component: () => import('./DeliveriesPage.vue'),
      meta: { roles: ROLES, menu: { label: 'deliveries.menu.deliveries', icon: Tickets, order: 0.36 }, messages: ['channels', 'notifications'] },
    },
  ],
})
