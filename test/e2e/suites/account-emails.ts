/**
 * The email-based account lifecycle (issue 14) against a real SMTP server (test/helpers/mailbox.ts)
 * that the app's lib/auth/email.ts reaches through SMTP_URL: verification on sign-up, password
 * reset (known and unknown addresses, once-only tokens, sessions ended), change of email through the
 * new address, change of password, sessions and devices, account deletion; then the same flows
 * through the pages in headless Chromium. Runs inside app.heavy.test.ts, on its app and server.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linkIn, type Mailbox } from '../../helpers/mailbox.js'
import { launchChromium, offlineContext, waitForHydration } from '../helpers/browser.js'
import { CookieJar, FN, type AppClient } from '../helpers/http.js'
import type { SuiteEnv } from './api-tokens.js'

export interface AccountEmailEnv extends SuiteEnv {
  mailbox: Mailbox
}

interface SessionView {
  id: string
  current: boolean
  userAgent: string | null
}

/** better-auth 1.3 (KIT_AUTH_E2E_BETTER_AUTH=1.3.x) verifies by link without signing in. */
const release13 = process.env.KIT_AUTH_E2E_BETTER_AUTH?.startsWith('1.3.') ?? false

export function accountEmailSuite(env: () => AccountEmailEnv): void {
  let client: AppClient
  let mailbox: Mailbox
  let newUser: SuiteEnv['newUser']
  let PASSWORD: string
  let base: string
  beforeAll(() => {
    ;({ client, mailbox, newUser, password: PASSWORD } = env())
    base = env().server.url
  })

  /** GETs a link from an email as a browser would, without following its redirect. */
  async function follow(link: string, jar = new CookieJar()) {
    expect(new URL(link).origin).toBe(base)
    return client.link(link, jar)
  }

  async function session(jar: CookieJar) {
    const response = await client.authGet('/get-session', jar)
    return response.json as { user: { email: string; emailVerified: boolean } } | null
  }

  /** Every message so far: none may carry a password. */
  function expectNoPasswordInMail(...passwords: string[]) {
    for (const mail of mailbox.messages)
      for (const password of passwords) {
        expect(mail.text).not.toContain(password)
        expect(mail.html).not.toContain(password)
      }
  }

  describe('account emails over a real SMTP server', () => {
    it('sign-up sends a verification email whose link verifies the address and signs the user in', async () => {
      // as the sign-up page does it: the link leads back to /verify-email
      const email = `verify-${Date.now()}@example.com`
      const jar = new CookieJar()
      const signUp = await client.authApi(
        '/sign-up/email',
        { name: 'Verifier', email, password: PASSWORD, callbackURL: '/verify-email' },
        jar,
      )
      expect(signUp.status, signUp.body).toBe(200)
      expect((await session(jar))?.user.emailVerified).toBe(false)
      const mail = await mailbox.waitFor(email)
      expect(mail.subject).toMatch(/^Verify your email address · /)
      expect(mail.html).toContain('href="')
      const link = linkIn(mail.text)
      expect(new URL(link).pathname).toBe('/api/auth/verify-email')
      const landed = await follow(link)
      expect(landed.status).toBe(302)
      expect(landed.location?.pathname).toBe('/verify-email')
      // autoSignInAfterVerification (1.4 and later): the link's own browser is now signed in, verified
      if (!release13) expect((await session(landed.jar))?.user).toMatchObject({ email, emailVerified: true })
      expect((await session(jar))?.user.emailVerified).toBe(true)
      // the used link signs nobody in again (1.3 would: kit-auth leaves auto sign-in off there)
      const again = await follow(link)
      expect(await session(again.jar)).toBeNull()
      expectNoPasswordInMail(PASSWORD)
    })

    it('a reset email goes to a known address and none to an unknown one, both answered 200', async () => {
      const { email } = await newUser('forgetful')
      const unknown = `nobody-${Date.now()}@example.com`
      const sentBefore = mailbox.messages.length
      const known = await client.authApi('/request-password-reset', { email, redirectTo: '/reset-password' })
      const none = await client.authApi('/request-password-reset', { email: unknown, redirectTo: '/reset-password' })
      expect(known.status, known.body).toBe(200)
      expect(none.status, none.body).toBe(200)
      expect(none.json).toEqual(known.json)
      const mail = await mailbox.waitFor(email, /^Reset your password/)
      expect(mail.subject).toMatch(/^Reset your password · /)
      // the known address's email arrived, and still nothing for the unknown one
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(mailbox.to(unknown)).toEqual([])
      expect(mailbox.messages.length).toBeGreaterThan(sentBefore)
    })

    it('the reset link leads to /reset-password with a token that resets the password once; old password and sessions stop working', async () => {
      const { email, jar } = await newUser('resetter')
      const otherDevice = new CookieJar()
      expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, otherDevice)).status).toBe(200)
      await client.authApi('/request-password-reset', { email, redirectTo: '/reset-password' })
      const link = linkIn((await mailbox.waitFor(email, /^Reset your password/)).text)
      const landed = await follow(link)
      expect(landed.status).toBe(302)
      const target = landed.location!
      expect(target.pathname).toBe('/reset-password')
      const token = target.searchParams.get('token')
      expect(token).toBeTruthy()

      const newPassword = 'a-brand-new-passphrase'
      const reset = await client.authApi('/reset-password', { newPassword, token })
      expect(reset.status, reset.body).toBe(200)
      const again = await client.authApi('/reset-password', { newPassword: 'yet-another-passphrase', token })
      expect(again.status).toBe(400)
      expect(again.json).toMatchObject({ code: 'INVALID_TOKEN' })
      // the used link now lands on the page with an error instead of a token
      const reused = await follow(link)
      expect(reused.location?.searchParams.get('error')).toBe('INVALID_TOKEN')

      expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())).status).toBe(401)
      expect((await client.authApi('/sign-in/email', { email, password: newPassword }, new CookieJar())).status).toBe(
        200,
      )
      expect(await session(jar)).toBeNull()
      expect(await session(otherDevice)).toBeNull()
      expectNoPasswordInMail(PASSWORD, newPassword)
    })

    it('changing the email address takes effect only through the link sent to the new address', async () => {
      const { email, jar } = await newUser('mover')
      await follow(linkIn((await mailbox.waitFor(email)).text)) // verified first, as most users are
      const newEmail = `moved-${Date.now()}@example.com`
      const change = await client.authApi('/change-email', { newEmail, callbackURL: '/verify-email' }, jar)
      expect(change.status, change.body).toBe(200)
      const mail = await mailbox.waitFor(newEmail)
      expect((await session(jar))?.user.email).toBe(email)
      await follow(linkIn(mail.text), jar)
      expect((await session(jar))?.user.email).toBe(newEmail)
    })

    it('changing the password needs the current one', async () => {
      const { jar } = await newUser('changer')
      const wrong = await client.authApi(
        '/change-password',
        { currentPassword: 'not-my-password', newPassword: 'another-long-passphrase' },
        jar,
      )
      expect(wrong.status).toBe(400)
      const right = await client.authApi(
        '/change-password',
        { currentPassword: PASSWORD, newPassword: 'another-long-passphrase' },
        jar,
      )
      expect(right.status, right.body).toBe(200)
    })

    it('sessions and devices: listed without tokens, one revoked by id, then all the others', async () => {
      const { email, jar } = await newUser('devices')
      const phone = new CookieJar()
      const tablet = new CookieJar()
      for (const device of [phone, tablet])
        expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, device)).status).toBe(200)
      const listed = await client.fn(FN.listAccountSessions, { jar })
      expect(listed.status).toBe(200)
      const sessions = listed.result as SessionView[]
      expect(sessions).toHaveLength(3)
      expect(sessions.filter((entry) => entry.current)).toHaveLength(1)
      expect(listed.body).not.toMatch(/"token"/)
      for (const device of [jar, phone, tablet]) {
        const token = decodeURIComponent(device.get('better-auth.session_token') ?? '').split('.')[0]!
        expect(listed.body).not.toContain(token)
      }

      const phoneId = ((await client.fn(FN.listAccountSessions, { jar: phone })).result as SessionView[]).find(
        (entry) => entry.current,
      )!.id
      expect((await client.fn(FN.revokeAccountSession, { jar, data: { id: phoneId } })).status).toBe(200)
      expect(await session(phone)).toBeNull()
      expect(await session(tablet)).not.toBeNull()
      // another user's session id is not theirs to revoke
      const stranger = await newUser('stranger')
      const strangerId = ((await client.fn(FN.listAccountSessions, { jar: stranger.jar })).result as SessionView[])[0]!
        .id
      expect((await client.fn(FN.revokeAccountSession, { jar, data: { id: strangerId } })).status).toBe(400)
      expect(await session(stranger.jar)).not.toBeNull()

      expect((await client.fn(FN.revokeOtherAccountSessions, { jar })).status).toBe(200)
      expect(await session(tablet)).toBeNull()
      expect(await session(jar)).not.toBeNull()
      expect((await client.fn(FN.listAccountSessions)).status).toBe(401)
    })

    it('deleting the account needs the password, even from a fresh session; afterwards the user cannot sign in', async () => {
      const { email, jar } = await newUser('leaving')
      // Better Auth alone deletes without a password for a session under a day old
      expect((await client.authApi('/delete-user', {}, jar)).status).toBe(400)
      expect((await client.authGet('/get-session', jar)).json).not.toBeNull()
      expect((await client.authApi('/delete-user', { password: 'not-my-password' }, jar)).status).toBe(400)
      const deleted = await client.authApi('/delete-user', { password: PASSWORD }, jar)
      expect(deleted.status, deleted.body).toBe(200)
      expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())).status).toBe(401)
      expect(await session(jar)).toBeNull()
    })
  })

  describe('account emails through the pages, in headless Chromium', () => {
    let browser: Browser
    let page: Page
    beforeAll(async () => {
      browser = await launchChromium()
      page = await (await offlineContext(browser, base)).newPage()
    }, 60_000)
    afterAll(async () => {
      await browser?.close()
    })

    it('forgot password from the sign-in page, the emailed link, a new password, then sign in with it', async () => {
      const { email } = await newUser('browser-reset')
      await page.goto('/sign-in')
      await waitForHydration(page, 'form')
      await page.getByRole('link', { name: 'Forgot your password?' }).click()
      await page.waitForURL((url) => url.pathname === '/forgot-password')
      // the URL changes before the page renders: until then the sign-in form is still on screen
      await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor()
      await waitForHydration(page, 'form')
      await page.getByLabel('Email').fill(email)
      await page.getByRole('button', { name: 'Send reset link' }).click()
      await page.getByTestId('reset-link-sent').waitFor()

      const link = linkIn((await mailbox.waitFor(email, /^Reset your password/)).text)
      await page.goto(link)
      await page.waitForURL((url) => url.pathname === '/reset-password' && url.searchParams.has('token'))
      await waitForHydration(page, 'form')
      const newPassword = 'browser-new-passphrase'
      await page.getByLabel('New password', { exact: true }).fill(newPassword)
      await page.getByLabel('Repeat the new password').fill(newPassword)
      await page.getByRole('button', { name: 'Set new password' }).click()
      await page.getByTestId('password-reset-done').waitFor()

      // the same link again: the page says it is used up
      await page.goto(link)
      await page.getByTestId('reset-link-invalid').waitFor()

      await page.goto('/sign-in')
      await waitForHydration(page, 'form')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(newPassword)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 15_000 })
    }, 90_000)

    it('signing up through the page, the emailed link shows the address verified', async () => {
      const email = `browser-verify-${Date.now()}@example.com`
      await page.context().clearCookies()
      await page.goto('/sign-up')
      await waitForHydration(page, 'form')
      await page.getByLabel('Name').fill('Verifier')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.waitForURL((url) => url.pathname !== '/sign-up', { timeout: 15_000 })
      const link = linkIn((await mailbox.waitFor(email)).text)
      await page.goto(link)
      await page.waitForURL((url) => url.pathname === '/verify-email')
      await page.getByTestId('email-verified').waitFor()
      expect(await page.getByTestId('email-verified').textContent()).toContain(email)
    }, 90_000)
  })
}
