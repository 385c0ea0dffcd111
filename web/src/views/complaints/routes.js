// 投诉 (QA-2, issue 14 point 1): the vendor's list (a manager sees every open one and
// where it waits: 我方 or 客户, since when), Party A's 我的投诉 with its progress, and
// one complaint's page: its timeline, its solutions with the customer's answers, and
// the action of the current step for whoever's move it is.
import { ChatLineSquare } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const STAFF_ROLES = ['agent', 'engineer', 'team_leader', 'manager', 'admin']

export default defineArea('complaints', {
  routes: [
    {
      path: 'complaints',
      name: 'complaints',
      component: () => import('./ComplaintsPage.vue'),
      meta: { roles: STAFF_ROLES, menu: { label: 'complaints.menu.list', icon: ChatLineSquare, order: 26 } },
    },
    {
      path: 'portal/complaints',
      name: 'partya-complaints',
      component: () => import('./ComplaintsPage.vue'),
      meta: { roles: ['party_a'], menu: { label: 'complaints.menu.mine', icon: ChatLineSquare, order: 3.5 } },
    },
    {
      path: 'complaints/:id(\\d+)',
      name: 'complaint',
      component: () => import('./ComplaintPage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
    },
  ],
})
