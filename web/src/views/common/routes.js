// Shared screens: login, the landing redirect, the ticket detail (all roles), errors.
import { defineArea } from '../../area'

export default defineArea('common', {
  routes: [
    {
      path: 'login',
      name: 'login',
      component: () => import('./LoginPage.vue'),
      meta: { public: true, layout: false, title: 'common.title.login' },
    },
    {
      // `/`: the router's guard sends a signed-in user to their role's first screen
      // (a route redirect would run before the session is known).
      path: '',
      name: 'home',
      component: () => import('./WelcomePage.vue'),
      meta: { title: 'common.title.welcome' },
    },
    {
      path: 'welcome',
      name: 'welcome',
      component: () => import('./WelcomePage.vue'),
      meta: { title: 'common.title.welcome' },
    },
    {
      path: 'tickets/:id(\\d+)',
      name: 'ticket',
      component: () => import('./TicketDetail.vue'),
      props: (r) => ({ id: Number(r.params.id) }),
      // The page names the ticket once it is loaded (useScreenTitle); its panels come
      // from the areas (ticketPanels) and load their own messages.
      meta: { title: 'common.title.ticket' },
    },
    {
      path: 'forbidden',
      name: 'forbidden',
      component: () => import('./ErrorPage.vue'),
      props: { kind: 'forbidden' },
      meta: { title: 'common.errors.page_forbidden' },
    },
    {
      path: ':pathMatch(.*)*',
      name: 'not-found',
      component: () => import('./ErrorPage.vue'),
      props: { kind: 'not_found' },
      meta: { title: 'common.errors.page_not_found' },
    },
  ],
})
