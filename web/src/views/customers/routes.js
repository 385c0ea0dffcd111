// 客户与合同 (CON-1, CON-5): the customers (Party A), their systems and contracts; a
// vendor sets up its own customers and contracts here. The server lets administrators,
// managers and hotline agents create customers and systems (agents meet new callers),
// and only administrators and managers create and change contracts; the screens follow it.
// All three correct customers and rename systems (PATCH).
import { OfficeBuilding } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const CUSTOMER_ROLES = ['admin', 'manager', 'agent']
export const CONTRACT_ROLES = ['admin', 'manager']

export default defineArea('customers', {
  routes: [
    {
      path: 'customers',
      name: 'customers',
      component: () => import('./CustomersPage.vue'),
      // After 接报 (10): an agent's home stays intake, a manager's stays 合同履约 (1).
      meta: { roles: CUSTOMER_ROLES, menu: { label: 'customers.menu.customers', icon: OfficeBuilding, order: 11 } },
    },
    {
      path: 'contracts/new',
      name: 'contract-new',
      component: () => import('./NewContractPage.vue'),
      meta: { roles: CONTRACT_ROLES },
    },
    {
      // The same form on a saved contract (PATCH): ?focus=accepted_on opens it at 验收上线日期.
      path: 'contracts/:id(\\d+)/edit',
      name: 'contract-edit',
      component: () => import('./NewContractPage.vue'),
      meta: { roles: CONTRACT_ROLES },
    },
  ],
})
