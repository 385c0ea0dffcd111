// Team leader screens (TKT-3, STAFF-1): the dispatch board (assignment, fault grading,
// priority), teams and members, the duty roster. Managers and administrators use them
// too (the administrator's team screen is this one).
import { markRaw } from 'vue'
import { Guide, UserFilled, Calendar } from '@element-plus/icons-vue'
import { DISPATCH_ROLES } from './dispatch'

export default [
  {
    path: 'leader/dispatch',
    name: 'leader-dispatch',
    component: () => import('./DispatchPage.vue'),
    meta: { roles: DISPATCH_ROLES, menu: 'leader.menu.dispatch', icon: markRaw(Guide), order: 3 },
  },
  {
    path: 'leader/teams',
    name: 'leader-teams',
    component: () => import('./TeamsPage.vue'),
    meta: { roles: DISPATCH_ROLES, menu: 'leader.menu.teams', icon: markRaw(UserFilled), order: 40 },
  },
  {
    path: 'leader/roster',
    name: 'leader-roster',
    component: () => import('./RosterPage.vue'),
    meta: { roles: DISPATCH_ROLES, menu: 'leader.menu.roster', icon: markRaw(Calendar), order: 42 },
  },
]
