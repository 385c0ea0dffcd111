// What the mail screens share: a sender as people write it, an attachment's size.
export const sender = (m) => (m.from_name ? `${m.from_name} <${m.from_address}>` : m.from_address)

export function fileSize(n) {
  if (!(n >= 0)) return ''
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
