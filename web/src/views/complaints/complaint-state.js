// A complaint state's tag colour: waiting on us amber, on the customer blue,
// closed grey, found invalid neutral.
const TONES = {
  received: 'danger',
  investigating: 'warning',
  assigned: 'warning',
  agreed: 'warning',
  proposed: 'primary',
  implemented: 'primary',
  result_returned: 'info',
  closed: 'success',
}
export const stateTone = (state) => TONES[state] || 'info'

// The action of a state, by whose move it is: the path segment of its POST and
// who sees its form (the server checks again, and the department).
export const ACTIONS = {
  received: [{ step: 'reply', roles: ['agent', 'team_leader', 'manager'], content: 'required' }],
  investigating: [{ step: 'investigate', roles: ['team_leader', 'manager'], content: 'required' }],
  result_returned: [
    { step: 'close', roles: ['party_a'], label: 'acknowledge', content: 'none' },
    { step: 'close', roles: ['team_leader', 'manager'], content: 'none' },
  ],
  assigned: [{ step: 'solutions', roles: ['agent', 'engineer', 'team_leader', 'manager'], content: 'required' }],
  proposed: [
    { step: 'agree', roles: ['party_a'], content: 'none', primary: true },
    { step: 'refuse', roles: ['party_a'], content: 'required' },
  ],
  agreed: [{ step: 'implement', roles: ['agent', 'engineer', 'team_leader', 'manager'], content: 'required' }],
  implemented: [{ step: 'confirm', roles: ['party_a'], content: 'none', primary: true }],
  closed: [],
}
