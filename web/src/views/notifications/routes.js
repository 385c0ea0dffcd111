// The user's notifications (issue 12): the inbox, reached from the bell in the header
// (NotificationBell.vue) and from the menu under the user's name, and each user's
// notice settings (which kinds reach them in the app and by e-mail); every role.
import { Bell, Setting } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export default defineArea('notifications', {
  routes: [
    {
      path: 'notifications',
      name: 'notifications',
      component: () => import('./InboxPage.vue'),
      meta: { menu: { place: 'user', label: 'notifications.menu.inbox', icon: Bell, order: 5 }, title: 'notifications.title' },
    },
    {
      path: 'notifications/preferences',
      name: 'notification-preferences',
      component: () => import('./PreferencesPage.vue'),
      meta: { menu: { place: 'user', label: 'notifications.menu.preferences', icon: Setting, order: 6 }, title: 'notifications.preferences.title' },
    },
  ],
})
