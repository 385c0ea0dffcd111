// 用户反馈 (QA-4, issue 14 point 4): the vendor's feedback library (suggestions and
// problems from the portal and from calls, routed to R&D or product, progress,
// merging duplicates) and Party A's 我的反馈 (raise one, follow the progress of what
// they raised: a merged duplicate shows the surviving item's progress).
import { ChatDotRound } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const FEEDBACK_STAFF = ['agent', 'engineer', 'team_leader', 'manager', 'admin']

export default defineArea('feedback', {
  routes: [
    {
      path: 'feedback',
      name: 'feedback',
      component: () => import('./FeedbackPage.vue'),
      meta: { roles: FEEDBACK_STAFF, menu: { label: 'feedback.menu.library', icon: ChatDotRound, order: 41 } },
    },
    {
      path: 'portal/feedback',
      name: 'partya-feedback',
      component: () => import('./FeedbackPage.vue'),
      meta: { roles: ['party_a'], menu: { label: 'feedback.menu.mine', icon: ChatDotRound, order: 6 } },
    },
    {
      path: 'feedback/:id(\\d+)',
      name: 'feedback-item',
      component: () => import('./FeedbackDetail.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      meta: { title: 'feedback.detail.title' },
    },
  ],
})
