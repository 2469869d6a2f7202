/**
 * Headless Chromium through playwright-core, which downloads no browser of its own. The binary:
 * KIT_AUTH_CHROMIUM when set, else Debian's /usr/bin/chromium when installed, else the one bundled
 * in the @sparticuz/chromium devDependency, so `npm install && npm test` needs nothing installed by hand.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { requireHeavySet } from '../../helpers/test-sets.js'
import { nextClientIp } from './http.js'

const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const DEBIAN_CHROMIUM = '/usr/bin/chromium'

/** The Chromium binary to drive, unpacking the bundled one on first use. */
export async function chromiumExecutable(): Promise<string> {
  const chosen = process.env.KIT_AUTH_CHROMIUM
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`KIT_AUTH_CHROMIUM=${chosen}: no such file`)
    return chosen
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM
  return bundledChromium()
}

/**
 * @sparticuz/chromium's `executablePath()` unpacks its brotli-packed binary (and the swiftshader
 * libraries next to it) into os.tmpdir() and reuses whatever `chromium` it finds there, even a
 * half-written one or another version's. So it runs in a child process whose TMPDIR is a private
 * folder, renamed into place once complete: <tmpdir>/kit-auth-chromium-<version>/chromium (200 MB,
 * a few seconds to unpack, once per machine and version).
 */
async function bundledChromium(): Promise<string> {
  const manifest = path.join(REPO, 'node_modules/@sparticuz/chromium/package.json')
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string }
  const folder = path.join(os.tmpdir(), `kit-auth-chromium-${version}`)
  const binary = path.join(folder, 'chromium')
  if (existsSync(binary)) return binary

  const partial = `${folder}.partial-${process.pid}`
  await rm(partial, { recursive: true, force: true })
  await mkdir(partial, { recursive: true })
  const script =
    "const { default: chromium } = await import('@sparticuz/chromium'); console.log(await chromium.executablePath())"
  const unpacked = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: REPO, env: { ...process.env, TMPDIR: partial } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`could not unpack @sparticuz/chromium:\n${stderr}`, { cause: error }))
        else resolve(stdout.trim())
      },
    )
  })
  if (unpacked !== path.join(partial, 'chromium')) {
    await rm(partial, { recursive: true, force: true })
    throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${partial}/chromium`)
  }
  // Another process may have finished first: its copy is as good as ours.
  await rename(partial, folder).catch(() => rm(partial, { recursive: true, force: true }))
  return binary
}

export async function launchChromium(): Promise<Browser> {
  requireHeavySet('Chromium')
  // Playwright gives every launch a fresh temporary user-data dir and removes it on close. As root,
  // Chromium starts only without its sandbox (Playwright passes --no-sandbox by default; so do we).
  // The background-networking flags keep it from calling Google's hosts, which this network refuses.
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  })
}

/**
 * Waits until React has hydrated `selector` (React tags hydrated DOM nodes with `__reactProps$…`),
 * so a click or submit runs the app's handlers instead of the browser's defaults.
 */
/**
 * A browser context on the app at `baseURL` that stays offline (every request to another host, web
 * fonts included, is aborted) with a client address of its own, as a proxy in front of the app would
 * report it.
 */
export async function offlineContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'x-forwarded-for': nextClientIp() } })
  await context.route(
    (url) => url.hostname !== 'localhost',
    (route) => route.abort(),
  )
  return context
}

export async function waitForHydration(page: Page, selector: string): Promise<void> {
  const hydrated = `(() => {
    const element = document.querySelector(${JSON.stringify(selector)})
    return element !== null && Object.keys(element).some((key) => key.startsWith('__reactProps$'))
  })()`
  await page.waitForFunction(hydrated, undefined, { timeout: 15_000 })
}
