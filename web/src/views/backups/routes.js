// 备份 (issue 13 point 1; SEC-2): the server's own backups for the administrator: when
// it backs up, how many days it keeps and where, every backup with its size and
// SHA-256, the age of the last good one, 立即备份, and the one command that restores it.
import { FolderChecked } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export default defineArea('backups', {
  routes: [
    {
      path: 'admin/backups',
      name: 'admin-backups',
      component: () => import('./BackupsPage.vue'),
      meta: { roles: ['admin'], menu: { label: 'backups.menu.backups', icon: FolderChecked, order: 0.45 } },
    },
  ],
})
