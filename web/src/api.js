// The JSON API client: same origin, session cookie, JSON bodies.
// Every failure is thrown as an ApiError carrying the server's
// {"error": {code, message, field, request_id}} (or a synthetic one for network errors).
// Requests carry the UI's locale as Accept-Language, so the server's messages come
// in the language of the screen.
import { locale } from './i18n'

export const API = '/api/v1'

export class ApiError extends Error {
  constructor(status, code, message, field = null, requestId = null) {
    super(message || code || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status // 0 for a network failure
    this.code = code
    this.field = field
    this.requestId = requestId
  }
}

let requestGuard = null
/**
 * fn(method, url): asked before every request; may wait, or throw an ApiError to keep
 * the request from being sent (session.js: the session changed in another tab).
 */
export function setRequestGuard(fn) {
  requestGuard = fn
}

let unauthorizedHandler = null
/** Called with no argument when a request answers 401 (the router sends the user to the login page). */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn
}

// Server time minus browser time in ms (from the Date header when the server sends one),
// so SLA clocks count down against the server's clock.
let skewMs = 0
export function serverNow() {
  return Date.now() + skewMs
}
function noteServerDate(res) {
  const d = res.headers.get('date')
  if (!d) return
  const t = Date.parse(d)
  if (!Number.isNaN(t)) skewMs = t - Date.now()
}

function buildUrl(path, query) {
  let url = path.startsWith('/api/') ? path : API + (path.startsWith('/') ? path : '/' + path)
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      qs.append(k, String(v))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

/**
 * request('GET', '/tickets', {query: {...}}) -> parsed JSON.
 * opts: query, body (JSON-encoded unless raw is set), raw (Blob/File/ArrayBuffer sent as is),
 * contentType, signal, quiet401 (do not redirect to login), file (answer a file:
 * {blob, disposition}, errors as JSON as usual).
 */
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': locale.value }
  let body
  if (opts.raw !== undefined) {
    body = opts.raw
    headers['Content-Type'] = opts.contentType || 'application/octet-stream'
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['Content-Type'] = 'application/json'
  }
  const url = buildUrl(path, opts.query)
  if (requestGuard) await requestGuard(method, url)
  let res
  try {
    res = await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if (e && e.name === 'AbortError') throw e
    throw new ApiError(0, 'network', e && e.message ? e.message : 'network error')
  }
  noteServerDate(res)
  if (res.ok && opts.file) return { blob: await res.blob(), disposition: res.headers.get('content-disposition') || '' }
  let data = null
  const text = await res.text()
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const err = (data && data.error) || {}
    const e = new ApiError(res.status, err.code || `http_${res.status}`, err.message || res.statusText, err.field || null, err.request_id || null)
    if (res.status === 401 && !opts.quiet401 && unauthorizedHandler) unauthorizedHandler(e)
    throw e
  }
  return data
}

export const api = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  del: (path, opts = {}) => request('DELETE', path, opts),
  file: (path, query, opts = {}) => request('GET', path, { ...opts, query, file: true }),
  upload: (path, file, query, opts = {}) =>
    request('POST', path, { ...opts, query, raw: file, contentType: file.type || 'application/octet-stream' }),
}

export default api
