// 团队日程 (issue 15, point 8): everything planned (inspections, return visits,
// exchange visits, installations) by month or as an agenda, filtered by team,
// engineer, customer and kind; Party A's 服务日程 shows its own customer's.
import { Calendar } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const CALENDAR_STAFF = ['agent', 'engineer', 'team_leader', 'manager', 'admin']

export default defineArea('calendar', {
  routes: [
    {
      path: 'calendar',
      name: 'calendar',
      component: () => import('./CalendarPage.vue'),
      meta: { roles: CALENDAR_STAFF, menu: { label: 'calendar.menu.team', icon: Calendar, order: 30 } },
    },
    {
      path: 'portal/calendar',
      name: 'partya-calendar',
      component: () => import('./CalendarPage.vue'),
      meta: { roles: ['party_a'], menu: { label: 'calendar.menu.portal', icon: Calendar, order: 7 } },
    },
  ],
})
