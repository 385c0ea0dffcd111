// Showing API errors: next to the form field the server names (error.field), or in a
// message box when there is no such field on the screen. Never clears the user's input.
import { reactive } from 'vue'
import { ElMessageBox } from 'element-plus'
import { t } from './i18n'

/** The text to show for an error: the server's message, or ours for network trouble. */
export function errorText(e) {
  if (!e) return ''
  if (e.status === 0) return t('common.errors.network')
  if (e.status === 503) return t('common.errors.busy')
  if (e.status === 403 && !e.message) return t('common.errors.forbidden')
  return e.message || t('common.errors.unknown')
}

/** Shows an error in a message box (title by HTTP status, request id for support). */
export function alertError(e, title) {
  if (!e || e.status === 401 || e.name === 'AbortError') return Promise.resolve()
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
 * show(e) puts the message on the named field when the form has it, else alerts.
 * Fields may be given as prefixes ending in '.' ('form.') to accept any field below it.
 */
export function useFieldErrors(fields = []) {
  const errors = reactive({})
  function owns(field) {
    return fields.some((f) => (f.endsWith('.') ? field.startsWith(f) : f === field))
  }
  return {
    errors,
    set(field, message) {
      errors[field] = message
    },
    clear(field) {
      if (field) delete errors[field]
      else for (const k of Object.keys(errors)) delete errors[k]
    },
    /** Returns true when the error was put on a field. */
    show(e) {
      if (e && e.field && owns(e.field) && e.status >= 400 && e.status < 500 && e.status !== 401) {
        errors[e.field] = errorText(e)
        return true
      }
      alertError(e)
      return false
    },
  }
}
