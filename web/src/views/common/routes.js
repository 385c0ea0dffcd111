// Shared screens: login, the landing redirect, the ticket detail (all roles), errors.
import { homeFor } from '../../router'

export default [
  {
    path: 'login',
    name: 'login',
    component: () => import('./LoginPage.vue'),
    meta: { public: true, layout: false },
  },
  {
    path: '',
    name: 'home',
    redirect: () => homeFor(),
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
