// The survey's dimensions (QA-3) in the API's order and names, and the empty answer.
export const DIMENSIONS = ['attitude', 'efficiency', 'communication', 'completeness', 'usability', 'timeliness']

export function emptyAnswer() {
  const a = { overall: 0, nps: null, comment: '' }
  for (const d of DIMENSIONS) a[d] = 0
  return a
}

// The body the API takes: every score, the comment, nps when asked and given.
export function answerBody(a, asksNps) {
  const body = { overall: a.overall, comment: a.comment }
  for (const d of DIMENSIONS) body[d] = a[d]
  if (asksNps && a.nps !== null && a.nps !== undefined) body.nps = a.nps
  return body
}

export const isComplete = (a) => a.overall > 0 && DIMENSIONS.every((d) => a[d] > 0)
