// The registration list of the UI's areas, one line each: views/<area>/routes.js (see
// src/area.js). The router, the side menu, the menu under the user's name and the
// ticket page's panels are built from it (in any order: menus sort by menu.order); an
// area's messages are i18n/<locale>/<area>.json, found by its name. Adding an area: its
// folder, its two catalogues and one line here.
export { default as account } from './views/account/routes'
export { default as admin } from './views/admin/routes'
export { default as agent } from './views/agent/routes'
export { default as backups } from './views/backups/routes'
export { default as calendar } from './views/calendar/routes'
export { default as channels } from './views/channels/routes'
export { default as common } from './views/common/routes'
export { default as complaints } from './views/complaints/routes'
export { default as customers } from './views/customers/routes'
export { default as defects } from './views/defects/routes'
export { default as deliveries } from './views/deliveries/routes'
export { default as engineer } from './views/engineer/routes'
export { default as evidence } from './views/evidence/routes'
export { default as feedback } from './views/feedback/routes'
export { default as leader } from './views/leader/routes'
export { default as mail } from './views/mail/routes'
export { default as manager } from './views/manager/routes'
export { default as notifications } from './views/notifications/routes'
export { default as partya } from './views/partya/routes'
export { default as releases } from './views/releases/routes'
export { default as surveys } from './views/surveys/routes'
