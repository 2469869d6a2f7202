/**
 * `init --require-email-verification`: no session until the address is verified. Sign-up answers
 * without a session, sign-in is refused with EMAIL_NOT_VERIFIED and sends a new link, the link
 * verifies and signs in; the sign-up page says to check the inbox. Its own app and server, with
 * a real SMTP server (test/helpers/mailbox.ts) behind SMTP_URL.
 */
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linkIn, startMailbox, type Mailbox } from '../helpers/mailbox.js'
import { prepareApp, randomSecret, startServer, type PreparedApp, type RunningServer } from './helpers/app.js'
import { launchChromium, offlineContext, waitForHydration } from './helpers/browser.js'
import { AppClient, CookieJar } from './helpers/http.js'

const PASSWORD = 'correct-horse-battery'

let app: PreparedApp
let server: RunningServer
let client: AppClient
let mailbox: Mailbox

beforeAll(async () => {
  mailbox = await startMailbox()
  app = await prepareApp({ initArgs: ['--require-email-verification'] })
  server = await startServer(app.dir, {
    BETTER_AUTH_SECRET: randomSecret(),
    DATABASE_PATH: path.join(app.dir, 'data/auth.db'),
    SMTP_URL: mailbox.url,
  })
  client = new AppClient(server.url, app.dir)
}, 600_000)

afterAll(async () => {
  await server?.stop()
  await app?.cleanup()
  await mailbox?.close()
})

describe('init --require-email-verification', () => {
  it('sign-up gives no session; sign-in is refused and re-sends the link; the link verifies and signs in', async () => {
    const email = `strict-${Date.now()}@example.com`
    const jar = new CookieJar()
    const signUp = await client.authApi('/sign-up/email', { name: 'Strict', email, password: PASSWORD }, jar)
    expect(signUp.status, signUp.body).toBe(200)
    expect((signUp.json as { token: string | null }).token).toBeNull()
    expect((await client.authGet('/get-session', jar)).json).toBeNull()
    await mailbox.waitFor(email)

    const refused = await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())
    expect(refused.status).toBe(403)
    expect(refused.json).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' })
    const resent = await mailbox.waitFor(email, 2)

    const { status, jar: browserJar } = await client.link(linkIn(resent.text))
    expect(status).toBe(302)
    const session = (await client.authGet('/get-session', browserJar)).json as { user: { emailVerified: boolean } }
    expect(session.user.emailVerified).toBe(true)
    const signIn = await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())
    expect(signIn.status, signIn.body).toBe(200)
  })

  describe('in headless Chromium', () => {
    let browser: Browser
    beforeAll(async () => {
      browser = await launchChromium()
    }, 60_000)
    afterAll(async () => {
      await browser?.close()
    })

    it('the sign-up page says to check the inbox; sign-in says to verify first', async () => {
      const context = await offlineContext(browser, server.url)
      const page = await context.newPage()
      const email = `strict-page-${Date.now()}@example.com`
      await page.goto('/sign-up')
      await waitForHydration(page, 'form')
      await page.getByLabel('Name').fill('Strict Page')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.getByTestId('check-inbox').waitFor()
      expect(new URL(page.url()).pathname).toBe('/sign-up')

      await page.goto('/sign-in')
      await waitForHydration(page, 'form')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect
        .poll(() => page.getByRole('alert').first().textContent(), { timeout: 10_000 })
        .toContain('Verify your email address first')
      await context.close()
    }, 90_000)
  })
})
