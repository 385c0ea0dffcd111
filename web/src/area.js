// An area of the UI (customers, tickets, holidays, ...): one folder views/<area>/ with its
// screens, its routes.js and its message catalogues i18n/<locale>/<area>.json. Its
// routes.js default-exports defineArea('<area>', { routes, ticketPanels }) and
// src/areas.js lists it (one line). From that the app builds its router, the side menu,
// the menu under the user's name and the ticket page's panels, and loads the area's
// messages when one of its screens or panels is about to show (i18n/index.js).
//
// A route (paths relative to the signed-in layout):
//   {
//     path: 'queue', name: 'queue', component: () => import('./QueuePage.vue'),
//     meta: {
//       roles: ['agent', ...],        // who may open it (absent: every signed-in user)
//       menu: {                       // its menu entry (absent: none)
//         label: 'agent.menu.queue',  //   an i18n key
//         icon: List,                 //   an @element-plus/icons-vue component
//         order: 20,                  //   entries are sorted by it
//         roles: [...],               //   who sees the entry (absent: meta.roles)
//         place: 'user',              //   in the menu under the user's name (the user's
//       },                            //   own screens), not the side menu (absent: side)
//       title: 'agent.queue.title',   // the browser tab's screen name (absent: the label)
//       messages: ['customers'],      // other areas' catalogues its screen uses
//       public: true,                 // opens without a session (the login page)
//       layout: false,                // outside the signed-in layout (the login page)
//     },
//   }
// A panel on the ticket page (views/common/TicketDetail.vue): { name, component: () =>
// import('./Panel.vue'), roles, order, messages }; it gets `ticket` and `offset` props and
// emits `updated` with the ticket the API answered (or null to reload). Its code and its
// area's messages (and those of `messages`) load together when a ticket shows it.
import { defineAsyncComponent, markRaw } from 'vue'
import { loadMessages } from './i18n'

export function defineArea(name, { routes = [], ticketPanels = [] } = {}) {
  const catalogues = (extra = []) => [...new Set([name, ...extra])]
  return {
    name,
    routes: routes.map((r) => {
      const meta = { ...(r.meta || {}) }
      if (meta.menu) meta.menu = { ...meta.menu, icon: meta.menu.icon && markRaw(meta.menu.icon) }
      meta.area = name
      meta.messages = catalogues(meta.messages)
      return { ...r, meta }
    }),
    ticketPanels: ticketPanels.map((p) => {
      const load = p.component
      const needs = catalogues(p.messages)
      return {
        ...p,
        area: name,
        // The panel's code and its messages, together.
        component: markRaw(defineAsyncComponent(() => Promise.all([load(), loadMessages(needs)]).then(([m]) => m))),
      }
    }),
  }
}
