// Showing API errors: next to the form field the server names (error.field), or in a
// message box when there is no such field on the screen. Never clears the user's input.
// Language switch: the server's messages came in the old language and cannot be
// translated here, so they are cleared; the UI's own messages follow the language.
import { reactive, watch } from 'vue'
import { ElMessageBox } from 'element-plus'
import { t, te, locale } from './i18n'

/** Whether errorText(e) is the UI's own text (translated here), not the server's. */
export function isOwnText(e) {
  return !!e && (e.status === 0 || e.status === 503 || (e.status === 403 && !e.message) || !e.message)
}

/** The text to show for an error: the server's message, or ours for network trouble. */
export function errorText(e) {
  if (!e) return ''
  if (e.status === 0) return e.code === 'session_changed' ? t('common.session.blocked') : t('common.errors.network')
  if (e.status === 503) return t('common.errors.busy')
  if (e.status === 403 && !e.message) return t('common.errors.forbidden')
  return e.message || t('common.errors.unknown')
}

/** Shows an error in a message box (title by HTTP status, request id for support). */
export function alertError(e, title) {
  // 401: the login page follows; session_changed: the session notice is on screen.
  if (!e || e.status === 401 || e.name === 'AbortError' || e.code === 'session_changed') return Promise.resolve()
  const head = title || t(`common.errors.title_${e.status}`, t('common.errors.title'))
  const rid = e.requestId ? `\n${t('common.errors.request_id', { id: e.requestId })}` : ''
  return ElMessageBox.alert(errorText(e) + rid, head, {
    type: 'error',
    confirmButtonText: t('common.actions.ok'),
    customStyle: { whiteSpace: 'pre-line' },
  }).catch(() => {})
}

/**
 * Field errors for one form: errors[field] feeds <el-form-item :error="errors.x">.
 *   const fe = useFieldErrors(['customer_id', 'title'])
 *   try { ... } catch (e) { fe.show(e) }
 *   fe.set('title', 'agent.intake.need_title')      // an i18n key (with params): follows the language
 * show(e) puts the message on the named field when the form has it, else alerts.
 * Fields may be given as prefixes ending in '.' ('form.') to accept any field below it.
 * On a language switch, messages given as i18n keys and the UI's own texts for
 * network trouble are translated again; the server's messages and texts given
 * ready-made are cleared (they would stay in the old language). Call it in setup.
 */
export function useFieldErrors(fields = []) {
  const errors = reactive({})
  // field -> how to say it again in another language: {key, params} or {error};
  // absent: a text that cannot be translated again.
  const sources = {}
  function owns(field) {
    return fields.some((f) => (f.endsWith('.') ? field.startsWith(f) : f === field))
  }
  function put(field, text, source) {
    errors[field] = text
    if (source) sources[field] = source
    else delete sources[field]
  }
  watch(locale, () => {
    for (const field of Object.keys(errors)) {
      const src = sources[field]
      if (src && src.key) errors[field] = t(src.key, src.params || {})
      else if (src && src.error && isOwnText(src.error)) errors[field] = errorText(src.error)
      else {
        delete errors[field]
        delete sources[field]
      }
    }
  })
  return {
    errors,
    /** message: an i18n key (translated with params, follows the language) or a ready text. */
    set(field, message, params) {
      if (typeof message === 'string' && message && te(message)) put(field, t(message, params || {}), { key: message, params })
      else put(field, message, null)
    },
    clear(field) {
      if (field) {
        delete errors[field]
        delete sources[field]
      } else
        for (const k of Object.keys(errors)) {
          delete errors[k]
          delete sources[k]
        }
    },
    /** Whether the form owns the server's field name (an error for it shows at the field). */
    owns,
    /** Returns true when the error was put on a field. */
    show(e) {
      if (e && e.field && owns(e.field) && e.status >= 400 && e.status < 500 && e.status !== 401) {
        put(e.field, errorText(e), { error: e })
        return true
      }
      alertError(e)
      return false
    },
  }
}
