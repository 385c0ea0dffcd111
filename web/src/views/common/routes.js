// Shared screens: login, the landing redirect, the ticket detail (all roles), errors.

export default [
  {
    path: 'login',
    name: 'login',
    component: () => import('./LoginPage.vue'),
    meta: { public: true, layout: false },
  },
  {
    // `/`: the router's guard sends a signed-in user to their role's first screen
    // (a route redirect would run before the session is known).
    path: '',
    name: 'home',
    component: () => import('./WelcomePage.vue'),
  },
  {
    path: 'welcome',
    name: 'welcome',
    component: () => import('./WelcomePage.vue'),
  },
  {
    path: 'tickets/:id(\\d+)',
    name: 'ticket',
    component: () => import('./TicketDetail.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
  },
  {
    path: 'forbidden',
    name: 'forbidden',
    component: () => import('./ErrorPage.vue'),
    props: { kind: 'forbidden' },
  },
  {
    path: ':pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./ErrorPage.vue'),
    props: { kind: 'not_found' },
  },
]
