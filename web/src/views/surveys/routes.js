// Satisfaction surveys (QA-3) and their analytics (QA-5): the public survey link
// (/s/<token>, no login), Party A's 满意度调查 in the portal, the paper entry, the team
// leader's 不满意跟进, the manager's 满意度分析 and 问卷调查.
import { Star, EditPen, Warning, TrendCharts, Promotion } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const PAPER_ROLES = ['agent', 'team_leader', 'manager', 'admin']
export const LEADER_ROLES = ['team_leader', 'manager', 'admin']
export const MANAGER_ROLES = ['manager', 'admin']

export default defineArea('surveys', {
  routes: [
    {
      path: 's/:token([0-9a-zA-Z]{1,128})',
      name: 'survey-link',
      component: () => import('./SurveyLinkPage.vue'),
      props: (r) => ({ token: r.params.token }),
      meta: { public: true, layout: false, title: 'surveys.link.title' },
    },
    {
      path: 'portal/surveys',
      name: 'partya-surveys',
      component: () => import('./PortalSurveys.vue'),
      meta: { roles: ['party_a'], menu: { label: 'surveys.menu.portal', icon: Star, order: 5 } },
    },
    {
      path: 'surveys/paper',
      name: 'surveys-paper',
      component: () => import('./PaperEntry.vue'),
      meta: { roles: PAPER_ROLES, menu: { label: 'surveys.menu.paper', icon: EditPen, order: 40 } },
    },
    {
      path: 'surveys/follow-ups',
      name: 'surveys-follow-ups',
      component: () => import('./FollowUpsPage.vue'),
      meta: { roles: LEADER_ROLES, menu: { label: 'surveys.menu.follow_ups', icon: Warning, order: 41 } },
    },
    {
      path: 'surveys/analytics',
      name: 'surveys-analytics',
      component: () => import('./SatisfactionDashboard.vue'),
      meta: { roles: LEADER_ROLES, menu: { label: 'surveys.menu.analytics', icon: TrendCharts, order: 5 } },
    },
    {
      path: 'surveys/campaigns',
      name: 'surveys-campaigns',
      component: () => import('./CampaignsPage.vue'),
      meta: { roles: MANAGER_ROLES, menu: { label: 'surveys.menu.campaigns', icon: Promotion, order: 6 } },
    },
  ],
})
