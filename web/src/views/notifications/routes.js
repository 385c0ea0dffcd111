// The user's notifications (issue 12): the inbox, reached from the bell in the header
// (NotificationBell.vue) and from the menu under the user's name; every role.
import { Bell } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export default defineArea('notifications', {
  routes: [
    {
      path: 'notifications',
      name: 'notifications',
      component: () => import('./InboxPage.vue'),
      meta: { menu: { place: 'user', label: 'notifications.menu', icon: Bell, order: 5 }, title: 'notifications.title' },
    },
  ],
})
