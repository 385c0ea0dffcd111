// The signed-in user's own settings, for every role (no meta.roles): reached from the
// menu under the user's name in the header (meta.userMenu), not from the side menu.
import { markRaw } from 'vue'
import { Key } from '@element-plus/icons-vue'

export default [
  {
    path: 'account/tokens',
    name: 'account-tokens',
    component: () => import('./TokensPage.vue'),
    meta: { userMenu: 'account.menu.tokens', title: 'account.tokens.title', icon: markRaw(Key), order: 10 },
  },
]
