// Administrator screens (STAFF-1, SEC-1, SLA-1, SLA-3, CON-4): users and roles,
// service calendars and holidays, SLA policies, the audit log. Teams and rosters are
// the team leader's screens (leader module), open to administrators too.
import { markRaw } from 'vue'
import { User, Calendar, Setting, Document } from '@element-plus/icons-vue'

const ROLES = ['admin']

export default [
  {
    path: 'admin/users',
    name: 'admin-users',
    component: () => import('./UsersPage.vue'),
    meta: { roles: ROLES, menu: 'admin.menu.users', icon: markRaw(User), order: 0.1 },
  },
  {
    path: 'admin/holidays',
    name: 'admin-holidays',
    component: () => import('./HolidaysPage.vue'),
    meta: { roles: ROLES, menu: 'admin.menu.holidays', icon: markRaw(Calendar), order: 0.2 },
  },
  {
    path: 'admin/policies',
    name: 'admin-policies',
    component: () => import('./PoliciesPage.vue'),
    meta: { roles: ROLES, menu: 'admin.menu.policies', icon: markRaw(Setting), order: 0.3 },
  },
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('./AuditPage.vue'),
    meta: { roles: ROLES, menu: 'admin.menu.audit', icon: markRaw(Document), order: 0.4 },
  },
]
