// The side menu's sections (a registration list like areas.js: a new screen in the
// side menu adds its route name to the section it belongs to). The menu shows a
// section's title over its entries when the user has entries in more than one
// section. Entries keep their menu.order inside a section, and sections come in the
// order of their first entry, so the menu's first entry is still the user's home
// (router.js homeFor). Entries of no section form one untitled section. A
// collapsed menu (icons only) shows no titles.
export const MENU_SECTIONS = [
  {
    key: 'service',
    routes: ['agent-intake', 'queue', 'leftover', 'mail-unmatched', 'my-tickets', 'leader-dispatch', 'complaints',
      'partya-tickets', 'partya-new', 'partya-complaint', 'partya-complaints'],
  },
  {
    key: 'proactive',
    routes: ['calendar', 'inspection-mine', 'inspection-visits', 'inspection-plans', 'visits', 'visits-actions', 'visits-plans',
      'visits-exchange', 'releases', 'release-versions', 'reports',
      'partya-calendar', 'partya-inspections', 'partya-visits', 'partya-releases', 'partya-reports'],
  },
  {
    key: 'quality',
    routes: ['surveys-paper', 'surveys-follow-ups', 'surveys-campaigns', 'defects', 'feedback', 'partya-surveys', 'partya-defects', 'partya-feedback'],
  },
  {
    key: 'analysis',
    routes: ['manager-contracts', 'customers', 'manager-sla', 'manager-links', 'surveys-analytics', 'partya-contract', 'partya-access-log'],
  },
  { key: 'team', routes: ['leader-teams', 'leader-roster'] },
  {
    key: 'admin',
    routes: ['admin-users', 'admin-holidays', 'admin-policies', 'admin-audit', 'admin-mailboxes', 'admin-channels', 'admin-deliveries', 'admin-backups',
      'inspection-templates'],
  },
]

const sectionOf = new Map(MENU_SECTIONS.flatMap((s, i) => s.routes.map((r) => [r, i])))

/**
 * The menu's entries (sorted by menu.order) as [{ key, title, entries }]: key null
 * for the entries of no section; title the i18n key of the section's name, or null
 * when only one section would show (a Party A user, an engineer).
 */
export function menuSections(menu) {
  const buckets = new Map()
  for (const r of menu) {
    const i = sectionOf.has(r.name) ? sectionOf.get(r.name) : -1
    if (!buckets.has(i)) buckets.set(i, [])
    buckets.get(i).push(r)
  }
  const first = (i) => buckets.get(i)[0].meta.menu.order
  const keys = [...buckets.keys()].sort((a, b) => first(a) - first(b))
  const titled = keys.filter((i) => i >= 0).length > 1
  return keys.map((i) => ({
    key: i < 0 ? null : MENU_SECTIONS[i].key,
    title: i >= 0 && titled ? `common.menu_section.${MENU_SECTIONS[i].key}` : null,
    entries: buckets.get(i),
  }))
}
