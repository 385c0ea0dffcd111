// Test 16 (issue 13 point 1; SEC-2): the administrator's 备份 page on the demo data.
//   - from the side menu: the last good backup (the demo's real file, written as the demo
//     loaded) with its age and size in MB, not highlighted; the restore command names
//     that file and `--data NEWDIR`; the list has the demo's week of backups, the failed
//     one with its error, sizes in MB, file names and SHA-256 shortened, copied in full;
//   - 立即备份: the button follows the backup until a new row is listed, asked by the
//     administrator, and its file is on disk (the API agrees);
//   - the settings: a relative folder is refused next to the field with the server's
//     words and nothing changes; 保留天数 14 saves and is still there after a reload;
//   - other roles have no 备份 entry and are turned away from /admin/backups;
//   - on a 390 px phone the page fits.
// Screenshots `backups-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { launch, newContext, loginAs, field, screenshots, apiLogin, menuEntries, shownText as text, fitsWidth as fits, zh, BASE, DESKTOP, PHONE } from './lib/harness.mjs'

const shots = screenshots('backups')

let browser
let admin
before(async () => {
  browser = await launch()
  admin = await apiLogin('admin')
})
after(async () => {
  await browser?.close()
})

const mb = (bytes) => (bytes / 1048576).toFixed(1)

// The administrator on 备份, its list shown.
async function openBackups(ctx) {
  const page = await loginAs(ctx, 'admin')
  await page.goto(BASE + '/admin/backups')
  await page.locator('[data-test="backup-row"]').first().waitFor()
  return page
}

test('administrator: 备份 shows the last good backup, the restore command and the week of backups; the SHA-256 copies in full', async () => {
  const before = await admin.ok('GET', '/backups')
  const good = before.last_good
  assert.ok(good, 'the demo has a good backup')
  assert.ok(existsSync(good.file), `the demo's newest backup is a real file: ${good.file}`)
  const ctx = await newContext(browser, { viewport: DESKTOP })
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE })
  try {
    const page = await loginAs(ctx, 'admin')
    assert.ok((await menuEntries(page)).includes('admin-backups'))
    await page.getByTestId('menu-admin-backups').click()
    await page.getByTestId('admin-backups').waitFor()
    await page.locator('[data-test="backup-row"]').first().waitFor()
    assert.equal(await text(page.getByTestId('menu-admin-backups')), zh('backups.menu.backups'))

    const status = page.getByTestId('backup-status')
    assert.equal(await status.getAttribute('data-stale'), '0', 'a fresh backup is not highlighted')
    assert.equal(await text(page.getByTestId('backup-last-size')), `${mb(good.size_bytes)} MB`)
    assert.match(await text(page.getByTestId('backup-age')), /前$/)
    assert.equal(await page.getByTestId('backup-stale').count(), 0)
    assert.equal(await text(page.getByTestId('restore-command')), `aftercare restore ${good.file} --data NEWDIR`)

    const rows = page.locator('[data-test="backup-row"]')
    assert.equal(await rows.count(), before.items.length)
    assert.ok(before.items.length >= 8, 'a week of backups and the real one')
    const failed = before.items.find((b) => b.state === 'failed')
    assert.ok(failed, 'the demo has a failed backup')
    const failedRow = page.locator('tr', { has: page.locator(`[data-test="backup-row"][data-id="${failed.id}"]`) })
    assert.equal(await text(failedRow.getByTestId('backup-state')), zh('backups.state.failed'))
    assert.equal(await text(failedRow.getByTestId('backup-error')), failed.error)
    const first = page.locator('tr', { has: page.locator(`[data-test="backup-row"][data-id="${before.items[0].id}"]`) })
    assert.equal(await text(first.getByTestId('backup-file')), before.items[0].file_name)
    assert.equal(await text(first.getByTestId('backup-size')), mb(before.items[0].size_bytes))
    assert.equal(await text(first.getByTestId('backup-sha')), `${before.items[0].sha256.slice(0, 12)}…`)
    await shots.take(page, 'page')

    await first.getByTestId('copy-sha').click()
    await page.locator('.el-message', { hasText: zh('backups.copied') }).waitFor()
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), before.items[0].sha256)
  } finally {
    await ctx.close()
  }
})

test('administrator: 立即备份 follows the backup until it is listed, and its file is on disk', async () => {
  const before = await admin.ok('GET', '/backups')
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await openBackups(ctx)
    await page.getByTestId('backup-now').click()
    await page.locator('.el-message', { hasText: zh('backups.queued') }).waitFor()
    await page.locator('[data-test="backup-row"]').nth(before.items.length).waitFor({ timeout: 30_000 })
    const after = await admin.ok('GET', '/backups')
    const made = after.items[0]
    assert.equal(after.items.length, before.items.length + 1)
    assert.equal(made.state, 'ok')
    assert.equal(made.requested_by, admin.user.id)
    assert.ok(existsSync(made.file), made.file)
    const row = page.locator('tr', { has: page.locator(`[data-test="backup-row"][data-id="${made.id}"]`) })
    assert.equal(await text(row.getByTestId('backup-state')), zh('backups.state.ok'))
    assert.equal(await text(row.getByTestId('backup-file')), made.file_name)
    assert.equal(await text(page.getByTestId('restore-command')), `aftercare restore ${made.file} --data NEWDIR`)
    assert.equal(await text(page.getByTestId('backup-now')), zh('backups.now'))
    await shots.take(page, 'backed-up')
  } finally {
    await ctx.close()
  }
})

test('administrator: a relative folder is refused next to the field; 保留天数 saves and stays after a reload', async () => {
  const before = await admin.ok('GET', '/backups/settings')
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await openBackups(ctx)
    await field(page, 'backup-folder').fill('backups/here')
    await page.getByTestId('backup-save').click()
    const error = page.locator('.el-form-item', { has: field(page, 'backup-folder') }).locator('.el-form-item__error')
    await error.waitFor()
    assert.match(await text(error), /绝对路径/)
    assert.deepEqual(await admin.ok('GET', '/backups/settings'), before, 'nothing changed')
    await shots.take(page, 'refused')

    await field(page, 'backup-folder').fill('')
    await field(page, 'backup-keep').fill('14')
    await page.getByTestId('backup-save').click()
    await page.locator('.el-message', { hasText: zh('backups.saved') }).waitFor()
    const saved = await admin.ok('GET', '/backups/settings')
    assert.equal(saved.keep_days, 14)
    assert.equal(saved.folder_is_default, true)
    assert.equal(saved.time, before.time)
    await page.reload()
    await page.locator('[data-test="backup-row"]').first().waitFor()
    assert.equal(await field(page, 'backup-keep').inputValue(), '14')
    await admin.ok('PUT', '/backups/settings', { keep_days: before.keep_days })
  } finally {
    await ctx.close()
  }
})

test('others: no 备份 entry and no way in; on a phone the page fits', async () => {
  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'manager')
    assert.ok(!(await menuEntries(page)).includes('admin-backups'))
    await page.goto(BASE + '/admin/backups')
    await page.waitForTimeout(500)
    assert.equal(await page.getByTestId('admin-backups').count(), 0, 'the manager is turned away')
  } finally {
    await ctx.close()
  }
  const phone = await newContext(browser, { viewport: PHONE, isMobile: true })
  try {
    const page = await openBackups(phone)
    assert.ok(await fits(page), '备份 fits a 390 px phone')
    await shots.take(page, 'phone')
  } finally {
    await phone.close()
  }
})
