// The vendor's people for dispatch and rosters (STAFF-1): teams with their members,
// who is on duty right now (from the teams' duty rosters), and how many open tickets
// each person holds. Shared by the dispatch board, the team and roster screens and the
// dispatch panel on the ticket page.
import { reactive } from 'vue'
import { api, serverNow } from '../../api'
import { directory, loadUsers } from '../../directory'
import { toRfc3339, wallTime } from '../../format'
import { onSessionChange, session } from '../../session'

// Rosters are kept in the service desk's zone (the server renders shifts in it).
export const ROSTER_OFFSET = '+08:00'

/** An instant (ms) as RFC 3339 in the roster's zone. */
export function rfcAt(ms, offset = ROSTER_OFFSET) {
  return toRfc3339(wallTime(ms, offset), offset)
}

// Roles that take tickets (the server refuses an assignment to anyone else), in the
// order the pickers list them.
export const ASSIGNABLE_ROLES = ['engineer', 'team_leader']
// The vendor's roles in the order the team screens list people.
export const STAFF_ROLE_ORDER = ['engineer', 'team_leader', 'manager', 'agent', 'admin']

export const staff = reactive({
  teams: [], // [{id, name, leader_id, member_ids}]
  teamsLoaded: false,
  onDuty: {}, // user id -> [shift] running now
  onDutyAt: null, // ms of the last look-up
  workload: {}, // user id -> open tickets
  unassigned: null, // open tickets nobody has (null until known)
})

export async function loadTeams(force = false) {
  if (staff.teamsLoaded && !force) return staff.teams
  const r = await api.get('/teams')
  staff.teams = r.items || []
  staff.teamsLoaded = true
  return staff.teams
}

/** Reads every team's shifts around now and notes who is on duty. */
export async function loadOnDuty() {
  const now = serverNow()
  const from = rfcAt(now)
  const to = rfcAt(now + 1000)
  const map = {}
  await Promise.all(
    staff.teams.map(async (t) => {
      try {
        const r = await api.get(`/teams/${t.id}/roster`, { from, to })
        for (const s of r.items || []) (map[s.user_id] ||= []).push(s)
      } catch {
        /* a team we may not read: nobody from it shows as on duty */
      }
    }),
  )
  staff.onDuty = map
  staff.onDutyAt = now
  return map
}

/** Open tickets per assignee, counted by the server (GET /workload). */
export async function loadWorkload() {
  const r = await api.get('/workload')
  const map = {}
  for (const it of r.items || []) map[it.user_id] = it.open
  staff.workload = map
  staff.unassigned = r.unassigned ?? null
  return map
}

/** Everything the pickers need; failures of the optional parts are ignored. */
export async function loadStaff({ force = false } = {}) {
  await Promise.all([loadUsers(), loadTeams(force).catch(() => [])])
  await Promise.all([loadOnDuty().catch(() => ({})), loadWorkload().catch(() => ({}))])
}

export function isOnDuty(userId) {
  return !!(staff.onDuty[userId] && staff.onDuty[userId].length)
}

/** The shift a user is on now, if any. */
export function currentShift(userId) {
  const list = staff.onDuty[userId]
  return list && list.length ? list[0] : null
}

/** Whether the signed-in user manages the team: managers and administrators every team, a team leader their own (the server's rule). */
export function mayManageTeam(team) {
  const u = session.user
  if (!u || !team) return false
  return u.role === 'manager' || u.role === 'admin' || (u.role === 'team_leader' && team.leader_id === u.id)
}

export function teamOf(userId) {
  return staff.teams.find((t) => (t.member_ids || []).includes(userId)) || null
}

export function canTakeTickets(user) {
  return !!user && !user.disabled && ASSIGNABLE_ROLES.includes(user.role)
}

/**
 * Who may take a ticket (engineers and team leaders, not disabled): on duty first,
 * then the fewest open tickets, then engineers before team leaders, then by name.
 */
export function assignableUsers() {
  const rank = (u) => ASSIGNABLE_ROLES.indexOf(u.role)
  const load = (u) => staff.workload[u.id] || 0
  return Object.values(directory.users)
    .filter(canTakeTickets)
    .sort(
      (a, b) =>
        Number(isOnDuty(b.id)) - Number(isOnDuty(a.id)) ||
        load(a) - load(b) ||
        rank(a) - rank(b) ||
        String(a.display_name || a.login).localeCompare(String(b.display_name || b.login), 'zh-CN'),
    )
}

onSessionChange(() => {
  staff.teams = []
  staff.teamsLoaded = false
  staff.onDuty = {}
  staff.onDutyAt = null
  staff.workload = {}
  staff.unassigned = null
})
