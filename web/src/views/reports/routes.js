// 服务报告 (OPS-2, OPS-5): the manager's and team leader's list of every contract's
// health-check and assessment reports, with 生成报告 for managers; Party A's
// 服务报告 (健康检查报告 / 运行质量评估报告 of its own contracts), each with its PDF.
import { Document } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const REPORT_READERS = ['team_leader', 'manager', 'admin']

export default defineArea('reports', {
  routes: [
    {
      path: 'reports',
      name: 'reports',
      component: () => import('./ReportsPage.vue'),
      meta: { roles: REPORT_READERS, menu: { label: 'reports.menu.reports', icon: Document, order: 45 } },
    },
    {
      path: 'portal/reports',
      name: 'partya-reports',
      component: () => import('./ReportsPage.vue'),
      meta: { roles: ['party_a'], menu: { label: 'reports.menu.portal', icon: Document, order: 6 } },
    },
  ],
})
