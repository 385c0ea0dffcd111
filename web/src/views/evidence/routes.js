// 数据访问记录 and 履约证据包 (issue 13; CON-2, CON-3, CON-4). Party A's page of who of the
// vendor read or exported its data, from the tamper-evident audit log, with the
// vendor's public key that signs it; managers and administrators open the same page
// for any customer from 客户与合同. 下载履约证据包 (EvidenceDownload, below) sits on a
// contract's compliance, which the manager area's ComplianceView shows to Party A and
// to managers alike.
import { defineAsyncComponent, markRaw } from 'vue'
import { View } from '@element-plus/icons-vue'
import { defineArea } from '../../area'
import { loadMessages } from '../../i18n'

// The server's role sets (service/roles.h): kEvidenceParties, and kAccessLogReaders
// besides Party A (who reads only its own).
export const EVIDENCE_ROLES = ['party_a', 'manager']
export const ACCESS_LOG_VENDOR_ROLES = ['manager', 'admin']

/** 下载履约证据包 for another area's screen: its code and this area's messages load together. */
export const EvidenceDownload = markRaw(
  defineAsyncComponent(() => Promise.all([import('./EvidenceDownload.vue'), loadMessages(['evidence'])]).then(([m]) => m)),
)

export default defineArea('evidence', {
  routes: [
    {
      path: 'portal/access-log',
      name: 'partya-access-log',
      component: () => import('./AccessLogPage.vue'),
      meta: { roles: ['party_a'], menu: { label: 'evidence.menu.access_log', icon: View, order: 5 } },
    },
    {
      path: 'customers/:id(\\d+)/access-log',
      name: 'customer-access-log',
      component: () => import('./AccessLogPage.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      meta: { roles: ACCESS_LOG_VENDOR_ROLES, title: 'evidence.menu.access_log' },
    },
  ],
})
