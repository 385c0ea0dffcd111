// 回访与交流 (OPS-3, OPS-5; issue 15 points 3 and 5): the return visit plans per
// customer (重点客户 and their interval), the return visits (待整理 / 逾期 badges, the
// record form, the collation within a week), 我的跟进事项, the exchange visits (plan,
// record with findings and recommendations), and Party A's read-only 回访与交流.
import { Phone, Calendar, Finished, ChatDotRound, Connection } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const STAFF_ROLES = ['agent', 'engineer', 'team_leader', 'manager', 'admin']
export const PLANNER_ROLES = ['team_leader', 'manager']

export default defineArea('visits', {
  routes: [
    {
      path: 'visits/return-visits',
      name: 'visits',
      component: () => import('./ReturnVisitsPage.vue'),
      meta: { roles: STAFF_ROLES, menu: { label: 'visits.menu.visits', icon: Phone, order: 27 } },
    },
    {
      path: 'visits/return-visits/:id(\\d+)',
      name: 'visit',
      component: () => import('./ReturnVisitPage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      meta: { roles: [...STAFF_ROLES, 'party_a'] },
    },
    {
      path: 'visits/plans',
      name: 'visits-plans',
      component: () => import('./VisitPlansPage.vue'),
      meta: { roles: STAFF_ROLES, menu: { label: 'visits.menu.plans', icon: Calendar, order: 27.1 } },
    },
    {
      path: 'visits/actions',
      name: 'visits-actions',
      component: () => import('./MyActionsPage.vue'),
      meta: { roles: STAFF_ROLES, menu: { label: 'visits.menu.actions', icon: Finished, order: 27.2 } },
    },
    {
      path: 'visits/exchange',
      name: 'visits-exchange',
      component: () => import('./ExchangeVisitsPage.vue'),
      meta: { roles: STAFF_ROLES, menu: { label: 'visits.menu.exchange', icon: ChatDotRound, order: 27.3 } },
    },
    {
      path: 'visits/exchange/:id(\\d+)',
      name: 'exchange-visit',
      component: () => import('./ExchangeVisitPage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      meta: { roles: [...STAFF_ROLES, 'party_a'] },
    },
    {
      path: 'portal/visits',
      name: 'partya-visits',
      component: () => import('./PortalVisits.vue'),
      meta: { roles: ['party_a'], menu: { label: 'visits.menu.portal', icon: Connection, order: 5.5 } },
    },
  ],
})
