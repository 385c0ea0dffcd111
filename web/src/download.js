// Saving a file the server makes (an export, an evidence bundle): fetched rather than
// navigated to, so that the request carries the UI's language and the session's guard
// (api.js) and an error shows as a message, then saved under the name the server gives
// (Content-Disposition's filename*, which may be Chinese).
import { api } from './api'

/** The file name of a Content-Disposition header: filename*=UTF-8''… first. */
export function fileName(disposition, fallback) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      /* the plain name below */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition)
  return plain ? plain[1] : fallback
}

/**
 * GETs `path` with `query` and saves the answer as a download; resolves to the name it
 * was saved under. Throws the ApiError of a refused request.
 */
export async function saveFile(path, query, fallback) {
  const { blob, disposition } = await api.file(path, query)
  const name = fileName(disposition, fallback)
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60000)
  return name
}
