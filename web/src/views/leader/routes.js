// Team leader screens (TKT-3, STAFF-1): the dispatch board (assignment, fault grading,
// priority), teams and members, the duty roster. Managers and administrators use them
// too (the administrator's team screen is this one). On the ticket page, a panel with
// the dispatch controls (assignment, fault grading, priority).
import { Guide, UserFilled, Calendar } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

// Who dispatches (dispatch.js: the actions).
export const DISPATCH_ROLES = ['team_leader', 'manager', 'admin']

export default defineArea('leader', {
  routes: [
    {
      path: 'leader/dispatch',
      name: 'leader-dispatch',
      component: () => import('./DispatchPage.vue'),
      meta: { roles: DISPATCH_ROLES, menu: { label: 'leader.menu.dispatch', icon: Guide, order: 3 } },
    },
    {
      path: 'leader/teams',
      name: 'leader-teams',
      component: () => import('./TeamsPage.vue'),
      meta: { roles: DISPATCH_ROLES, menu: { label: 'leader.menu.teams', icon: UserFilled, order: 40 } },
    },
    {
      path: 'leader/roster',
      name: 'leader-roster',
      component: () => import('./RosterPage.vue'),
      meta: { roles: DISPATCH_ROLES, menu: { label: 'leader.menu.roster', icon: Calendar, order: 42 } },
    },
  ],
  ticketPanels: [{ name: 'leader-dispatch', component: () => import('./LeaderTicketPanel.vue'), roles: DISPATCH_ROLES, order: 5 }],
})
