// What a list or a detail screen reads. A list in cursor pages (GET
// <path>?...&cursor=, answering {items, next_cursor}), 加载更多 style: load() reads
// the first page with the filters, load(true) appends the next. The filters' empty values are left out. A failure
// is shown in a message box and leaves the list as it was.
import { ref, watch } from 'vue'
import { api } from './api'
import { alertError } from './errors'

export function useCursorList(path, filters) {
  const items = ref([])
  const next = ref(null)
  const loading = ref(false)
  async function load(more = false) {
    loading.value = true
    try {
      const query = {}
      for (const [k, v] of Object.entries(filters)) if (v !== '' && v !== null && v !== undefined) query[k] = v
      if (more && next.value) query.cursor = next.value
      const page = await api.get(typeof path === 'function' ? path() : path, query)
      items.value = more ? [...items.value, ...page.items] : page.items
      next.value = page.next_cursor
    } catch (e) {
      alertError(e)
    } finally {
      loading.value = false
    }
  }
  return { items, next, loading, load }
}

// One record read from the API (GET path()), again whenever path() changes; a
// failure is shown in a message box. Returns the ref, null until read.
export function useApiRecord(path) {
  const record = ref(null)
  async function load() {
    try {
      record.value = await api.get(path())
    } catch (e) {
      alertError(e)
    }
  }
  watch(path, load, { immediate: true })
  return { record, load }
}
