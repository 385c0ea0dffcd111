// What the surveys' list screens share: a list loaded with its error shown as a toast,
// and a survey answered in a dialog (Party A's portal, the paper entry).
import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { api } from '../../api'
import { answerBody, emptyAnswer } from './survey-values'

/** `fetch()` returns the list's page ({items, next_cursor}); `more` appends the next page. */
export function useSurveyList(fetch) {
  const items = ref([])
  const next = ref(null)
  const loading = ref(false)
  async function load(more = false) {
    loading.value = true
    try {
      const page = await fetch(more === true ? next.value : null)
      items.value = more === true ? [...items.value, ...page.items] : page.items
      next.value = page.next_cursor ?? null
    } catch (e) {
      ElMessage.error(e.message)
    } finally {
      loading.value = false
    }
  }
  return { items, next, loading, load }
}

/** POST /surveys/{id}/<verb> with the dialog's answer; `done(message)` after success. */
export function useAnswerDialog(verb, done) {
  const current = ref(null)
  const answer = reactive(emptyAnswer())
  const sending = ref(false)
  function open(s) {
    Object.assign(answer, emptyAnswer())
    current.value = s
  }
  async function submit() {
    sending.value = true
    try {
      await api.post(`/surveys/${current.value.id}/${verb}`, answerBody(answer, current.value.asks_nps))
      current.value = null
      await done()
    } catch (e) {
      ElMessage.error(e.message)
    } finally {
      sending.value = false
    }
  }
  return { current, answer, sending, open, submit }
}
