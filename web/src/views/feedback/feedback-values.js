// The feedback library's closed sets and progress table as the server keeps them
// (service/feedback/feedback.h).
export const TYPES = ['suggestion', 'problem']
export const URGENCIES = ['high', 'medium', 'low']
export const IMPACTS = ['wide', 'partial', 'single']
export const STATES = ['new', 'accepted', 'evaluating', 'planned', 'done', 'declined']
const NEXT = {
  new: ['accepted', 'declined'],
  accepted: ['evaluating', 'declined'],
  evaluating: ['planned', 'done', 'declined'],
  planned: ['done', 'evaluating'],
  done: [],
  declined: [],
}
export const nextStates = (s) => NEXT[s] || []
const TONES = { new: 'danger', accepted: 'warning', evaluating: 'warning', planned: 'primary', done: 'success', declined: 'info' }
export const stateTone = (s) => TONES[s] || 'info'
export const urgencyTone = (u) => (u === 'high' ? 'danger' : u === 'medium' ? 'warning' : 'info')
export const feedbackNumber = (id) => `FB-${String(id).padStart(6, '0')}`
