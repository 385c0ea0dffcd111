// 通知渠道 (issue 12 points 4 and 8): the administrator's mail server and group-chat
// robots, with a test message per channel. The delivery log is its own area
// (views/deliveries); this screen uses its state names for a test's outcome and the
// notifications area's kind names for what a robot posts.
import { Connection } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

const ROLES = ['admin']

export default defineArea('channels', {
  routes: [
    {
      path: 'admin/channels',
      name: 'admin-channels',
      component: () => import('./ChannelsPage.vue'),
      meta: { roles: ROLES, menu: { label: 'channels.menu.channels', icon: Connection, order: 0.35 }, messages: ['deliveries', 'notifications'] },
    },
  ],
})
