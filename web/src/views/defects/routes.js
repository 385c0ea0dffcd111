// 缺陷管理 (QA-1, issue 14 point 3): the vendor's defect list and a defect's page
// with its state actions, its owner (never none) and the tickets that reported it;
// Party A's 工单相关缺陷 (the defects linked to their tickets, read-only); and on
// the ticket page the panel of its linked defects (vendor staff link and unlink).
import { Warning } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const DEFECT_EDITORS = ['agent', 'engineer', 'team_leader', 'manager', 'admin']

export default defineArea('defects', {
  routes: [
    {
      path: 'defects',
      name: 'defects',
      component: () => import('./DefectsPage.vue'),
      meta: { roles: DEFECT_EDITORS, menu: { label: 'defects.menu.defects', icon: Warning, order: 40 } },
    },
    {
      path: 'portal/defects',
      name: 'partya-defects',
      component: () => import('./DefectsPage.vue'),
      meta: { roles: ['party_a'], menu: { label: 'defects.menu.portal', icon: Warning, order: 5 } },
    },
    {
      path: 'defects/:id(\\d+)',
      name: 'defect',
      component: () => import('./DefectDetail.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      meta: { title: 'defects.detail.title' },
    },
  ],
  ticketPanels: [{ name: 'defects', component: () => import('./TicketDefectsPanel.vue'), order: 30 }],
})
