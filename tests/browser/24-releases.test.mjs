// Test 22 (issue 15 point 4; OPS-4): releases and installations on the demo data.
//   - a manager creates an OA patch under 版本发布, uploads its file and publishes
//     it; the education bureau's OA (behind) is among its systems;
//   - the education bureau's Party A finds it under 版本发布 in the portal and
//     downloads the file (the bytes uploaded) and sees the 已自行安装 action;
//   - an engineer opens 安排上门安装 (the dialog) and records a remote installation
//     on the education bureau's system; 版本分布 shows that system up to date,
//     where it was behind before.
// Screenshots `releases-*`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { launch, newContext, loginAs, field, screenshots, apiLogin, menuEntries, BASE, DESKTOP } from './lib/harness.mjs'

const shots = screenshots('releases')
const OA = 'OA 办公系统'

let browser
let manager
before(async () => {
  browser = await launch()
  manager = await apiLogin('manager')
})
after(async () => {
  await browser?.close()
})

// The education bureau's OA system in 版本分布 (the API's row).
async function educationOa() {
  const page = await manager.ok('GET', `/releases/versions?product=${encodeURIComponent(OA)}`)
  const row = page.items.find((v) => v.customer_name === '区教育局')
  assert.ok(row, 'the demo gives the education bureau an OA system')
  return row
}

test('a manager publishes a release with a file, Party A downloads it, an engineer installs it, 版本分布 follows', async () => {
  const behindBefore = await educationOa()
  assert.ok(behindBefore.behind >= 1, 'the education bureau is behind in the demo')
  const version = `V2.1.${Date.now() % 100000}`
  const dir = mkdtempSync(path.join(os.tmpdir(), 'releases-'))
  const file = path.join(dir, `OA-${version}.zip`)
  const bytes = `PK release ${version}\n`
  writeFileSync(file, bytes)
  let releaseId

  const ctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ctx, 'manager')
    assert.ok((await menuEntries(page)).includes('releases'))
    await page.getByTestId('menu-releases').click()
    await page.locator('[data-test="release-row"]').first().waitFor()
    await shots.take(page, 'list')
    await page.getByTestId('release-new').click()
    await page.getByTestId('release-new-dialog').waitFor()
    await page.getByTestId('release-product').click()
    await page.locator('.el-select-dropdown__item', { hasText: OA }).filter({ visible: true }).first().click()
    await field(page, 'release-version').fill(version)
    await field(page, 'release-title').fill('OA 补丁：公文流转提速')
    await field(page, 'release-notes').fill('公文流转列表加载提速。\n可远程安装，也可由客户按说明自行安装。')
    await shots.take(page, 'new-dialog')
    await page.getByTestId('release-save').click()
    await page.locator('[data-test="release-state"][data-state="draft"]').waitFor()
    releaseId = Number(page.url().match(/releases\/(\d+)/)[1])
    await page.getByTestId('release-file-upload').locator('input[type=file]').setInputFiles(file)
    await page.locator('[data-test="release-file"]').first().waitFor()
    await shots.take(page, 'draft')
    await page.getByTestId('release-publish').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('[data-test="release-state"][data-state="published"]').waitFor()
    await page.locator(`[data-test="system-install-state"][data-system="${behindBefore.system_id}"][data-state="none"]`).waitFor()
    await shots.take(page, 'published')
    assert.deepEqual(ctx.problems, [])
  } finally {
    await ctx.close()
  }

  const pctx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(pctx, 'education')
    await page.getByTestId('menu-partya-releases').click()
    const row = page.locator(`[data-test="release-row"][data-id="${releaseId}"]`)
    await row.waitFor()
    assert.equal(await page.getByTestId('release-new').count(), 0, 'Party A reads only')
    await shots.take(page, 'partya-list')
    await row.click()
    await page.getByTestId('release-detail').waitFor()
    await page.getByTestId('install-self').waitFor()
    assert.equal(await page.locator('[data-test="system-install-state"]').count(), 1, 'only its own system')
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('release-file-download').click()])
    assert.equal(readFileSync(await saved.path(), 'utf8'), bytes)
    await shots.take(page, 'partya-detail')
    assert.deepEqual(pctx.problems, [])
  } finally {
    await pctx.close()
  }

  const ectx = await newContext(browser, { viewport: DESKTOP })
  try {
    const page = await loginAs(ectx, 'engineer')
    await page.goto(`${BASE}/releases/versions`)
    const behind = page.locator(`[data-test="version-behind"][data-system="${behindBefore.system_id}"]`)
    await behind.waitFor()
    assert.equal(await behind.getAttribute('data-behind'), String(behindBefore.behind + 1))
    await shots.take(page, 'versions-before')
    await page.goto(`${BASE}/releases/${releaseId}`)
    await page.getByTestId('release-detail').waitFor()
    // 安排上门安装: the dialog (an engineer and a window), then recorded remotely instead.
    await page.locator('[data-test="install-schedule"]').filter({ visible: true }).first().click()
    await page.getByTestId('install-dialog').waitFor()
    await shots.take(page, 'schedule-dialog')
    await page.getByTestId('install-dialog').locator('.el-dialog__headerbtn').click()
    const rowOf = page.locator('.el-table__row', { has: page.locator(`[data-test="system-install-state"][data-system="${behindBefore.system_id}"]`) })
    await rowOf.getByTestId('install-record').click()
    await page.getByTestId('install-method').getByText('远程安装').click()
    await field(page, 'install-note').fill('远程安装，教育局确认正常')
    await page.getByTestId('install-save').click()
    await page.locator(`[data-test="system-install-state"][data-system="${behindBefore.system_id}"][data-state="installed"]`).waitFor()
    await shots.take(page, 'installed')
    await page.goto(`${BASE}/releases/versions`)
    await page.locator(`[data-test="version-behind"][data-system="${behindBefore.system_id}"][data-behind="0"]`).waitFor()
    assert.equal(await page.locator(`[data-test="version-current"][data-system="${behindBefore.system_id}"]`).textContent(), version)
    await shots.take(page, 'versions-after')
    assert.deepEqual(ectx.problems, [])
  } finally {
    await ectx.close()
  }
  const after = await educationOa()
  assert.equal(after.behind, 0)
  assert.equal(after.current_version, version)
})
