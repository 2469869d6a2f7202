/** Headless Debian Chromium through playwright-core (no bundled browser download). */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.KIT_AUTH_CHROMIUM ?? '/usr/bin/chromium'

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (see .ci/run), or set KIT_AUTH_CHROMIUM`,
    )
  }
  // Playwright gives every launch a fresh temporary user-data dir and removes it on close.
  return chromium.launch({
    executablePath: CHROMIUM,
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
export async function waitForHydration(page: Page, selector: string): Promise<void> {
  const hydrated = `(() => {
    const element = document.querySelector(${JSON.stringify(selector)})
    return element !== null && Object.keys(element).some((key) => key.startsWith('__reactProps$'))
  })()`
  await page.waitForFunction(hydrated, undefined, { timeout: 15_000 })
}
