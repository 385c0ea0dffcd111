// 版本发布 (OPS-4, issue 15 point 4): the releases of the customers' systems
// (patches and upgrades: notes, files, publishing, the affected systems with
// their installations and 安排上门安装), 版本分布 (every system's version and
// how far behind it is), and Party A's 版本发布 in the portal (download, 已自行安装).
import { Box, DataLine } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export const RELEASE_READERS = ['agent', 'engineer', 'team_leader', 'manager', 'admin']

export default defineArea('releases', {
  routes: [
    {
      path: 'releases',
      name: 'releases',
      component: () => import('./ReleasesPage.vue'),
      meta: { roles: RELEASE_READERS, menu: { label: 'releases.menu.releases', icon: Box, order: 45 } },
    },
    {
      path: 'releases/versions',
      name: 'release-versions',
      component: () => import('./VersionsPage.vue'),
      meta: { roles: RELEASE_READERS, menu: { label: 'releases.menu.versions', icon: DataLine, order: 46 } },
    },
    {
      path: 'portal/releases',
      name: 'partya-releases',
      component: () => import('./ReleasesPage.vue'),
      meta: { roles: ['party_a'], menu: { label: 'releases.menu.portal', icon: Box, order: 6 } },
    },
    {
      // The team calendar's installation entries link here (calendar-values.js).
      path: 'releases/installations/:id(\\d+)',
      name: 'release-installation',
      component: () => import('./InstallationLink.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      meta: { title: 'releases.detail.title' },
    },
    {
      path: 'releases/:id(\\d+)',
      name: 'release',
      component: () => import('./ReleaseDetail.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      meta: { title: 'releases.detail.title' },
    },
  ],
})
