// Manager screens: contracts and their compliance (CON-1..CON-3: state of the
// termination right, penalty ledger with waivers, written notices, history, scenario
// export), the SLA dashboard (SLA-5) and its slowest links (环节分析).
import { Money, DataAnalysis, Histogram } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

const ROLES = ['manager', 'admin']

export default defineArea('manager', {
  routes: [
    {
      path: 'contracts',
      name: 'manager-contracts',
      component: () => import('./ContractsPage.vue'),
      meta: { roles: ROLES, menu: { label: 'manager.menu.contracts', icon: Money, order: 1 } },
    },
    {
      path: 'contracts/:id(\\d+)',
      name: 'contract-compliance',
      component: () => import('./CompliancePage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      // 登记验收 there is the customers area's dialog.
      meta: { roles: ROLES, messages: ['customers'] },
    },
    {
      path: 'sla-dashboard',
      name: 'manager-sla',
      component: () => import('./SlaDashboard.vue'),
      meta: { roles: [...ROLES, 'team_leader'], menu: { label: 'manager.menu.sla', icon: DataAnalysis, order: 4 } },
    },
    {
      // 环节分析 (SLA-5's slowest links).
      path: 'sla-links',
      name: 'manager-links',
      component: () => import('./SlowestLinks.vue'),
      meta: { roles: [...ROLES, 'team_leader'], menu: { label: 'manager.menu.links', icon: Histogram, order: 5 } },
    },
  ],
})
