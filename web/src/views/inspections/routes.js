// 巡检 (OPS-1, issue 15 point 1): the manager's and team leader's 巡检计划 and
// 巡检记录 (with 逾期: the team leader's own team, the manager's all), the
// administrator's 检查单模板, the engineer's 我的巡检 -> 填写检查单 (a phone screen,
// saving item by item, Party A's signature drawn on it), and Party A's 巡检记录
// with 确认.
import { Calendar, Checked, Document } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const PLANNERS = ['team_leader', 'manager']

export default defineArea('inspections', {
  routes: [
    {
      path: 'inspections/plans',
      name: 'inspection-plans',
      component: () => import('./PlansPage.vue'),
      meta: { roles: PLANNERS, menu: { label: 'inspections.menu.plans', icon: Calendar, order: 45 } },
    },
    {
      path: 'inspections/visits',
      name: 'inspection-visits',
      component: () => import('./VisitsPage.vue'),
      meta: { roles: [...PLANNERS, 'admin'], menu: { label: 'inspections.menu.visits', icon: Checked, order: 46 } },
    },
    {
      path: 'inspections/mine',
      name: 'inspection-mine',
      component: () => import('./VisitsPage.vue'),
      props: { mine: true },
      meta: { roles: ['engineer'], menu: { label: 'inspections.menu.mine', icon: Checked, order: 15 } },
    },
    {
      path: 'portal/inspections',
      name: 'partya-inspections',
      component: () => import('./VisitsPage.vue'),
      meta: { roles: ['party_a'], menu: { label: 'inspections.menu.portal', icon: Checked, order: 6 } },
    },
    {
      path: 'inspections/visits/:id(\\d+)',
      name: 'inspection-visit',
      component: () => import('./VisitPage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      meta: { title: 'inspections.visit.title' },
    },
    {
      path: 'inspections/templates',
      name: 'inspection-templates',
      component: () => import('./TemplatesPage.vue'),
      meta: { roles: ['admin'], menu: { label: 'inspections.menu.templates', icon: Document, order: 70 } },
    },
  ],
})
