// Administrator screens (STAFF-1, SEC-1, SLA-1, SLA-3, CON-4): users and roles,
// service calendars and holidays, SLA policies, the audit log. Teams and rosters are
// the team leader's screens (leader area), open to administrators too.
import { User, Calendar, Setting, Document } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

const ROLES = ['admin']

export default defineArea('admin', {
  routes: [
    {
      path: 'admin/users',
      name: 'admin-users',
      component: () => import('./UsersPage.vue'),
      meta: { roles: ROLES, menu: { label: 'admin.menu.users', icon: User, order: 0.1 } },
    },
    {
      path: 'admin/holidays',
      name: 'admin-holidays',
      component: () => import('./HolidaysPage.vue'),
      // The weekday names of the roster.
      meta: { roles: ROLES, menu: { label: 'admin.menu.holidays', icon: Calendar, order: 0.2 }, messages: ['leader'] },
    },
    {
      path: 'admin/policies',
      name: 'admin-policies',
      component: () => import('./PoliciesPage.vue'),
      meta: { roles: ROLES, menu: { label: 'admin.menu.policies', icon: Setting, order: 0.3 } },
    },
    {
      path: 'admin/audit',
      name: 'admin-audit',
      component: () => import('./AuditPage.vue'),
      meta: { roles: ROLES, menu: { label: 'admin.menu.audit', icon: Document, order: 0.4 } },
    },
  ],
})
