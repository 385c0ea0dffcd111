// Copying a text the page shows (a token's secret, the evidence key): the Clipboard API
// where the page is a secure context (HTTPS or this machine; plain HTTP on a LAN address
// is not), else the element's text selected and execCommand('copy'). The text stays
// selected when both fail, for the person to copy by hand.

/** Selects the text of `el` (a <code> showing it). */
export function selectText(el) {
  if (!el) return
  const sel = window.getSelection()
  sel.removeAllRanges()
  const range = document.createRange()
  range.selectNodeContents(el)
  sel.addRange(range)
}

/** Copies `text` (shown in `el`); resolves to true when it is on the clipboard. */
export async function copyText(text, el) {
  if (!text) return false
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    /* the selection below */
  }
  selectText(el)
  let ok = false
  try {
    ok = document.execCommand('copy')
  } catch {
    ok = false
  }
  if (!ok) selectText(el)
  return ok
}
