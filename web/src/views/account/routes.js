// The signed-in user's own settings, for every role (no meta.roles): reached from the
// menu under the user's name in the header (menu.place 'user'), not from the side menu.
import { Key } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export default defineArea('account', {
  routes: [
    {
      path: 'account/tokens',
      name: 'account-tokens',
      component: () => import('./TokensPage.vue'),
      meta: { menu: { place: 'user', label: 'account.menu.tokens', icon: Key, order: 10 }, title: 'account.tokens.title' },
    },
  ],
})
