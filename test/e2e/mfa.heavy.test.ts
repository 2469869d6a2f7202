/**
 * End to end for the sign-in methods `kit-auth add` gives an app: a real fixture copy taken through
 * `kit-auth init --yes`, `kit-auth add passkey` and `kit-auth add two-factor` (install and migration
 * included; `tsc --noEmit` and `vite build` after passkey alone and after both; two-factor alone is
 * checked by the second app, which adds magic-link and oidc beside it), served by srvx. TOTP codes
 * come from an independent implementation (otpauth) reading the `otpauth://` URI Better Auth hands out;
 * passkeys are made and used by Chromium's virtual WebAuthn authenticator (DevTools protocol); the
 * OpenID Provider is oidc-provider in this process (test/helpers/oidc-provider.ts).
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import * as OTPAuth from 'otpauth'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  inApp,
  openDatabase,
  prepareApp,
  randomSecret,
  startServer,
  type PreparedApp,
  type RunningServer,
} from './helpers/app.js'
import { launchChromium, offlineContext, waitForHydration } from './helpers/browser.js'
import { AppClient, CookieJar, FN } from './helpers/http.js'
import { expectSessionWorksWithTheRest } from './helpers/with-the-rest.js'
import { linkIn, startMailbox, type Mailbox } from '../helpers/mailbox.js'
import { oidcCallbackPath, signInAtProvider, startOidcProvider, type OidcServer } from '../helpers/oidc-provider.js'

const PASSWORD = 'correct-horse-battery'
const PERIOD = 30
const RELEASE = process.env.KIT_AUTH_E2E_BETTER_AUTH

let app: PreparedApp
let server: RunningServer
let client: AppClient
let dbPath: string

function sql(statement: string, ...params: unknown[]): void {
  const db = openDatabase(app.dir, dbPath)
  try {
    db.prepare(statement).run(...params)
  } finally {
    db.close()
  }
}

/** The authenticator app: codes of the step `offset` steps from now. */
function authenticator(totpURI: string) {
  const totp = OTPAuth.URI.parse(totpURI)
  if (!(totp instanceof OTPAuth.TOTP)) throw new Error(`not a TOTP URI: ${totpURI}`)
  expect(totp.period).toBe(PERIOD)
  return (offset = 0) => totp.generate({ timestamp: Date.now() + offset * PERIOD * 1000 })
}

/** Waits for a fresh time step when fewer than `seconds` are left in this one, so a test's codes keep their steps. */
async function roomInStep(seconds = 10): Promise<void> {
  const left = PERIOD - ((Date.now() / 1000) % PERIOD)
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200))
}

/** Waits until the next time step starts. */
async function nextStep(): Promise<void> {
  const left = PERIOD - ((Date.now() / 1000) % PERIOD)
  await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200))
}

let userCount = 0
/** A user with two-factor on: signed up, enabled with the password, confirmed with a code of the previous step. */
async function userWithTwoFactor(tag: string, using = client) {
  const email = `${tag}-${++userCount}@example.com`
  const jar = new CookieJar()
  const signUp = await using.authApi('/sign-up/email', { name: tag, email, password: PASSWORD }, jar)
  expect(signUp.status, signUp.body).toBe(200)
  return { email, jar, ...(await turnOnTwoFactor(email, jar, using)) }
}

/** Two-factor turned on by the signed-in user of `jar`, as the account page does it. */
async function turnOnTwoFactor(email: string, jar: CookieJar, using = client) {
  const client = using
  const enabled = await client.authApi('/two-factor/enable', { password: PASSWORD }, jar)
  expect(enabled.status, enabled.body).toBe(200)
  const { totpURI, backupCodes } = enabled.json as { totpURI: string; backupCodes: string[] }
  const code = authenticator(totpURI)
  // not on before a first code confirms it: a password alone still signs in
  const before = await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())
  expect(before.json).not.toMatchObject({ twoFactorRedirect: true })
  await roomInStep()
  const confirmed = await client.authApi('/two-factor/verify-totp', { code: code(-1) }, jar)
  expect(confirmed.status, confirmed.body).toBe(200)
  return { code, backupCodes }
}

/** The password step: a jar holding the two-factor cookie and no session. */
async function passwordStep(email: string, jar = new CookieJar(), using = client) {
  const client = using
  const response = await client.authApi('/sign-in/email', { email, password: PASSWORD }, jar)
  expect(response.status, response.body).toBe(200)
  return { jar, json: response.json as { twoFactorRedirect?: boolean } }
}

describe('kit-auth add two-factor', () => {
  beforeAll(async () => {
    // passkey alone type-checks and builds, then the app with both (tsc here, vite build in prepareApp)
    // KIT_AUTH_E2E_BETTER_AUTH=<release> runs the suite on another better-auth release, as for app.heavy.test.ts
    app = await prepareApp({ betterAuth: RELEASE, add: [['passkey'], ['two-factor']], checkEachAdd: 1 })
    await inApp(app.dir, process.execPath, [path.join(app.dir, 'node_modules/typescript/bin/tsc'), '--noEmit'])
    dbPath = path.join(app.dir, 'data/auth.db')
    server = await startServer(app.dir, { BETTER_AUTH_SECRET: randomSecret(), DATABASE_PATH: dbPath })
    client = new AppClient(server.url, app.dir)
  }, 900_000)

  afterAll(async () => {
    await server?.stop()
    await app?.cleanup()
  })

  it('a password alone no longer signs in: the code is asked, a wrong one refused, a right one signs in', async () => {
    const { email, code } = await userWithTwoFactor('totp')
    const { jar, json } = await passwordStep(email)
    expect(json).toMatchObject({ twoFactorRedirect: true })
    expect(jar.get('better-auth.session_token')).toBeUndefined()
    expect((await client.authGet('/get-session', jar)).json).toBeNull()

    const wrong = await client.authApi('/two-factor/verify-totp', { code: code(10) }, jar)
    expect(wrong.status).toBe(401)
    expect((await client.authGet('/get-session', jar)).json).toBeNull()

    const right = await client.authApi('/two-factor/verify-totp', { code: code(1) }, jar)
    expect(right.status, right.body).toBe(200)
    const session = (await client.authGet('/get-session', jar)).json as { user: { email: string } }
    expect(session.user.email).toBe(email)
  })

  it('a code is accepted once: the same code again, and an unused code of an earlier step, are refused', async () => {
    await roomInStep(15)
    const { email, code } = await userWithTwoFactor('replay')
    const first = await passwordStep(email)
    const used = code(1)
    expect((await client.authApi('/two-factor/verify-totp', { code: used }, first.jar)).status).toBe(200)

    // the same code, in a new sign-in, while Better Auth alone would still accept it
    const again = await passwordStep(email)
    const replay = await client.authApi('/two-factor/verify-totp', { code: used }, again.jar)
    expect(replay.status).toBe(401)
    expect(replay.json).toMatchObject({ code: 'TOTP_CODE_REUSED' })
    // this step's code, never used, but older than the one accepted
    const older = await client.authApi('/two-factor/verify-totp', { code: code(0) }, again.jar)
    expect(older.status).toBe(401)
    expect(older.json).toMatchObject({ code: 'TOTP_CODE_REUSED' })
    expect((await client.authGet('/get-session', again.jar)).json).toBeNull()

    // the same code sent twice at once by two sign-ins: one wins
    await nextStep()
    const [a, b] = await Promise.all([passwordStep(email), passwordStep(email)])
    const next = code(1)
    const results = await Promise.all([
      client.authApi('/two-factor/verify-totp', { code: next }, a.jar),
      client.authApi('/two-factor/verify-totp', { code: next }, b.jar),
    ])
    expect(results.map((result) => result.status).sort()).toEqual([200, 401])
  })

  it('a padded code claims nothing: Better Auth refuses it as sent, and the code itself still signs in', async () => {
    await roomInStep(15)
    const { email, code } = await userWithTwoFactor('padded')
    const { jar } = await passwordStep(email)
    const padded = await client.authApi('/two-factor/verify-totp', { code: ` ${code(1)} ` }, jar)
    expect(padded.status).toBe(401)
    expect(padded.json).not.toMatchObject({ code: 'TOTP_CODE_REUSED' })
    const right = await client.authApi('/two-factor/verify-totp', { code: code(1) }, jar)
    expect(right.status, right.body).toBe(200)
    expect((await client.authGet('/get-session', jar)).json).toMatchObject({ user: { email } })
  })

  it('an expired session claims no step: the guard finds the user as Better Auth does', async () => {
    await roomInStep(15)
    const { email, code, jar: expired } = await userWithTwoFactor('expired')
    sql(
      'update session set expiresAt = ? where userId = (select id from user where email = ?)',
      new Date(Date.now() - 60_000).toISOString(),
      email,
    )
    const refused = await client.authApi('/two-factor/verify-totp', { code: code(1) }, expired)
    expect(refused.status).toBe(401)
    expect(refused.json).not.toMatchObject({ code: 'TOTP_CODE_REUSED' })
    const { jar } = await passwordStep(email)
    const right = await client.authApi('/two-factor/verify-totp', { code: code(1) }, jar)
    expect(right.status, right.body).toBe(200)
  })

  it('a backup code signs in once', async () => {
    const { email, backupCodes } = await userWithTwoFactor('backup')
    expect(backupCodes.length).toBeGreaterThanOrEqual(8)
    const backup = backupCodes[0]!
    const first = await passwordStep(email)
    const used = await client.authApi('/two-factor/verify-backup-code', { code: backup }, first.jar)
    expect(used.status, used.body).toBe(200)
    expect((await client.authGet('/get-session', first.jar)).json).toMatchObject({ user: { email } })

    const second = await passwordStep(email)
    const reused = await client.authApi('/two-factor/verify-backup-code', { code: backup }, second.jar)
    expect(reused.status).toBeGreaterThanOrEqual(400)
    expect((await client.authGet('/get-session', second.jar)).json).toBeNull()
    // another one still works
    const other = await client.authApi('/two-factor/verify-backup-code', { code: backupCodes[1] }, second.jar)
    expect(other.status, other.body).toBe(200)
  })

  it('half signed in (password done, code pending) is anonymous to guards and authAction', async () => {
    const { email } = await userWithTwoFactor('half')
    const { jar } = await passwordStep(email)
    expect(jar.get('better-auth.two_factor')).toBeTruthy()
    const dashboard = await client.page('/dashboard', { jar })
    expect(dashboard.status).toBe(307)
    expect(dashboard.location).toBe('/sign-in?redirect=%2Fdashboard')
    const account = await client.page('/account', { jar })
    expect(account.location).toBe('/sign-in?redirect=%2Faccount')
    const action = await client.fn(FN.whoAmI, { jar })
    expect(action.status).toBe(401)
    expect(action.error?.message).toBe('Unauthorized')
    // the challenge page itself is open to them
    expect((await client.page('/two-factor?redirect=%2Fdashboard', { jar })).status).toBe(200)
  })

  it('a trusted device skips the code on its next sign-in', async () => {
    const { email, code } = await userWithTwoFactor('trusted')
    const { jar } = await passwordStep(email)
    const trusted = await client.authApi('/two-factor/verify-totp', { code: code(1), trustDevice: true }, jar)
    expect(trusted.status, trusted.body).toBe(200)
    await client.authApi('/sign-out', {}, jar)
    expect((await client.authGet('/get-session', jar)).json).toBeNull()
    const again = await client.authApi('/sign-in/email', { email, password: PASSWORD }, jar)
    expect(again.status).toBe(200)
    expect(again.json).not.toMatchObject({ twoFactorRedirect: true })
    expect((await client.authGet('/get-session', jar)).json).toMatchObject({ user: { email } })
    // another device is still asked
    expect((await passwordStep(email)).json).toMatchObject({ twoFactorRedirect: true })
  })

  it('turned off with the password: a password alone signs in again', async () => {
    const { email, jar: enabledBy } = await userWithTwoFactor('off')
    // from another address: /two-factor/* allows 3 calls per 10 s per client
    const jar = enabledBy.copy()
    const wrong = await client.authApi('/two-factor/disable', { password: 'not-the-password' }, jar)
    expect(wrong.status).toBeGreaterThanOrEqual(400)
    expect((await passwordStep(email)).json).toMatchObject({ twoFactorRedirect: true })
    const off = await client.authApi('/two-factor/disable', { password: PASSWORD }, jar)
    expect(off.status, off.body).toBe(200)
    const { jar: signedIn, json } = await passwordStep(email)
    expect(json).not.toMatchObject({ twoFactorRedirect: true })
    expect((await client.authGet('/get-session', signedIn)).json).toMatchObject({ user: { email } })
  })

  it('a user deactivated between the password and the code gets no session', async () => {
    const { email, code } = await userWithTwoFactor('deactivated')
    const { jar } = await passwordStep(email)
    sql('update user set deactivatedAt = ? where email = ?', new Date().toISOString(), email)
    const refused = await client.authApi('/two-factor/verify-totp', { code: code(1) }, jar)
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect((await client.authGet('/get-session', jar)).json).toBeNull()
    expect((await client.fn(FN.whoAmI, { jar })).status).toBe(401)
    sql('update user set deactivatedAt = null where email = ?', email)
  })

  it('after the code: API tokens, the organization context and authAction work as for any session', async () => {
    const { email, code } = await userWithTwoFactor('tokens')
    const { jar } = await passwordStep(email)
    expect((await client.authApi('/two-factor/verify-totp', { code: code(1) }, jar)).status).toBe(200)
    const whoAmI = await client.fn(FN.whoAmI, { jar })
    expect(whoAmI.result).toMatchObject({ email, via: 'cookie' })
    const context = await client.fn(FN.fetchAccountContext, { jar })
    expect(context.result).toMatchObject({ isPersonal: true })
    // an organization made in this session is its active one: organizationAction sees it
    const slug = `mfa-org-${userCount}`
    const organization = await client.authApi('/organization/create', { name: slug, slug }, jar)
    expect(organization.status, organization.body).toBe(200)
    const organizationId = (organization.json as { id: string }).id
    expect((await client.fn(FN.orgInfo, { jar })).result).toMatchObject({ organizationId, role: 'owner' })
    expect((await client.fn(FN.fetchAccountContext, { jar })).result).toMatchObject({
      isOrganization: true,
      activeOrganizationId: organizationId,
    })
    const minted = await client.fn(FN.createApiToken, { jar, data: { name: 'mfa' } })
    const token = (minted.result as { token: string }).token
    expect(token).toMatch(/^sk_live_/)
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).result).toMatchObject({ email, via: 'token' })
  })

  describe('in Chromium', () => {
    let browser: Browser
    let context: BrowserContext
    /** The session the passkey test's last sign-in (by passkey, through the email field's autofill) opened. */
    let passkeySession: { email: string; jar: CookieJar } | null = null
    beforeAll(async () => {
      browser = await launchChromium()
      context = await offlineContext(browser, server.url)
    }, 120_000)
    afterAll(async () => {
      await context?.close()
      await browser?.close()
    })

    it('turned on from the account page (QR code, manual key, a code confirms), then sign-in asks for the code', async () => {
      const email = `browser-${++userCount}@example.com`
      const page = await context.newPage()
      await page.goto('/sign-up')
      await page.getByRole('heading', { name: 'Create an account' }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, 'form')
      await page.getByLabel('Name').fill('Browser')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 })

      await page.goto('/account')
      await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, '[data-testid="two-factor"] form')
      const section = page.getByTestId('two-factor')
      await section.getByLabel('Password').fill(PASSWORD)
      await section.getByRole('button', { name: 'Turn on two-factor' }).click()
      const key = (await page.getByTestId('totp-key').textContent({ timeout: 15_000 })) ?? ''
      await expect(page.getByAltText('QR code for your authenticator app').isVisible()).resolves.toBe(true)
      // the manual key, typed into an authenticator app
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key.replace(/\s+/g, '')), period: PERIOD })
      await roomInStep()
      await section.getByLabel('Code').fill(totp.generate())
      await section.getByRole('button', { name: 'Confirm and turn on' }).click()
      await page.getByText('Two-factor authentication is on.').waitFor({ timeout: 15_000 })
      await expect(page.getByTestId('backup-codes').locator('li').count()).resolves.toBeGreaterThanOrEqual(8)
      const backupCode = (await page.getByTestId('backup-codes').locator('li').first().textContent()) ?? ''

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 15_000 })
      await page.goto('/sign-in?redirect=%2Fdashboard')
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, 'form')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/two-factor', { timeout: 15_000 })
      expect(new URL(page.url()).searchParams.get('redirect')).toBe('/dashboard')
      await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, 'form')
      // the code the app shows next (this step's confirmed the setup)
      await page
        .getByLabel('Code from your authenticator app')
        .fill(totp.generate({ timestamp: Date.now() + PERIOD * 1000 }))
      await page.getByRole('button', { name: 'Verify' }).click()
      await page.waitForURL((url) => url.pathname === '/dashboard', { timeout: 15_000 })

      // again with a backup code and a redirect to another site: the app's home instead
      await page.goto('/account')
      await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, '[data-testid="two-factor"] form')
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 15_000 })
      await page.goto(`/sign-in?redirect=${encodeURIComponent('//evil.example/steal')}`)
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, 'form')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/two-factor', { timeout: 15_000 })
      await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, 'form')
      await page.getByRole('button', { name: 'Use a backup code' }).click()
      await page.getByLabel('Backup code').fill(backupCode)
      await page.getByRole('button', { name: 'Verify' }).click()
      await page.waitForURL((url) => url.origin === server.url && url.pathname === '/', { timeout: 15_000 })
      await expect(page.evaluate(() => fetch('/api/auth/get-session').then((r) => r.json()))).resolves.toMatchObject({
        user: { email },
      })
      await page.close()
    })

    it('passkey: added on the account page, signs in alone (button, and autofill where offered); a deactivated user cannot; deleted', async () => {
      const email = `passkey-${++userCount}@example.com`
      const passkeyContext = await offlineContext(browser, server.url)
      try {
        const page = await passkeyContext.newPage()
        // an authenticator built into this device (a platform passkey), user verification done
        const cdp = await passkeyContext.newCDPSession(page)
        await cdp.send('WebAuthn.enable')
        await cdp.send('WebAuthn.addVirtualAuthenticator', {
          options: {
            protocol: 'ctap2',
            transport: 'internal',
            hasResidentKey: true,
            hasUserVerification: true,
            isUserVerified: true,
          },
        })
        // Chromium's virtual authenticator answers a conditional (autofill) request at once, as a user
        // picking the passkey in the email field's autofill would. While this tab's sessionStorage says
        // so, the page sees a browser without conditional UI (only the button), so the steps stay in order.
        await page.addInitScript(`{
          const available = PublicKeyCredential.isConditionalMediationAvailable?.bind(PublicKeyCredential)
          PublicKeyCredential.isConditionalMediationAvailable = async () =>
            sessionStorage.getItem('e2e-no-conditional-ui') === null && available !== undefined && (await available())
        }`)
        const conditionalUi = (on: boolean) =>
          page.evaluate(
            on
              ? "sessionStorage.removeItem('e2e-no-conditional-ui')"
              : "sessionStorage.setItem('e2e-no-conditional-ui', '1')",
          )
        await page.goto('/sign-up')
        await conditionalUi(false)
        await page.getByRole('heading', { name: 'Create an account' }).waitFor({ timeout: 15_000 })
        await waitForHydration(page, 'form')
        await page.getByLabel('Name').fill('Passkey')
        await page.getByLabel('Email').fill(email)
        await page.getByLabel('Password').fill(PASSWORD)
        await page.getByRole('button', { name: 'Sign up' }).click()
        await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 })

        await page.goto('/account')
        await page.getByRole('heading', { name: 'Passkeys' }).waitFor({ timeout: 15_000 })
        await waitForHydration(page, '[data-testid="passkeys"] form')
        const section = page.getByTestId('passkeys')
        await section.getByLabel('Passkey name').fill('Test laptop')
        await section.getByRole('button', { name: 'Add a passkey' }).click()
        await section.getByText('Passkey added.').waitFor({ timeout: 15_000 })
        await section.getByText('Test laptop').waitFor({ timeout: 15_000 })

        const signOut = async () => {
          await page.goto('/account')
          await page.getByRole('heading', { name: 'Passkeys' }).waitFor({ timeout: 15_000 })
          await waitForHydration(page, '[data-testid="passkeys"] form')
          await page.getByRole('button', { name: 'Sign out' }).click()
          await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 15_000 })
          await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 })
          await waitForHydration(page, 'form')
        }
        const sessionInPage = () =>
          page.evaluate(() => fetch('/api/auth/get-session').then((response) => response.json()))

        // the button
        await signOut()
        await page.goto('/sign-in?redirect=%2Fdashboard')
        await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 })
        await waitForHydration(page, 'form')
        await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
        await page.waitForURL((url) => url.pathname === '/dashboard', { timeout: 15_000 })
        await expect(sessionInPage()).resolves.toMatchObject({ user: { email } })

        // deactivated: the passkey opens no session
        await signOut()
        sql('update user set deactivatedAt = ? where email = ?', new Date().toISOString(), email)
        await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
        await page.getByRole('alert').filter({ hasText: /\S/ }).first().waitFor({ timeout: 15_000 })
        expect(new URL(page.url()).pathname).toBe('/sign-in')
        await expect(sessionInPage()).resolves.toBeNull()
        sql('update user set deactivatedAt = null where email = ?', email)

        // conditional UI: the email field offers the passkey in its autofill; picked, it signs in
        await expect(page.getByLabel('Email').getAttribute('autocomplete')).resolves.toBe('email webauthn')
        // (with a redirect to another site: the app's home instead)
        await conditionalUi(true)
        await page.goto(`/sign-in?redirect=${encodeURIComponent('https://evil.example/')}`)
        await page.waitForURL((url) => url.origin === server.url && url.pathname === '/', { timeout: 15_000 })
        await expect(sessionInPage()).resolves.toMatchObject({ user: { email } })
        // this session, opened by the passkey alone, is tried with the rest below
        const cookies = await passkeyContext.cookies(server.url)
        passkeySession = {
          email,
          jar: CookieJar.fromHeader(cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')),
        }

        // deleted from the account page, no longer listed
        await page.goto('/account')
        await page.getByRole('heading', { name: 'Passkeys' }).waitFor({ timeout: 15_000 })
        await waitForHydration(page, '[data-testid="passkeys"] form')
        const list = page.getByTestId('passkey-list')
        await list.getByText('Test laptop').waitFor({ timeout: 15_000 })
        await list.getByRole('button', { name: 'Delete' }).click()
        await page.getByText('Passkey deleted.').waitFor({ timeout: 15_000 })
        await list.getByText('Test laptop').waitFor({ state: 'detached', timeout: 15_000 })
        await expect(list.locator('li').count()).resolves.toBe(0)
        await page.close()
      } finally {
        await passkeyContext.close()
      }
    })

    it('a passkey session works with the rest: API tokens, the organization context', async () => {
      if (!passkeySession) throw new Error('the passkey test above opened no session by passkey')
      const { email, jar } = passkeySession
      expect((await client.authGet('/get-session', jar)).json).toMatchObject({ user: { email } })
      await expectSessionWorksWithTheRest(client, jar, email, `passkey-org-${userCount}`)
    })
  })
})

/**
 * Two-factor beside magic-link and OpenID Connect, on an app whose twoFactor() has TOTP options of its
 * own (8 digits): Better Auth asks for the code only on the password sign-ins, so kit-auth's plugin
 * refuses a session by any other way to a user who turned two-factor on; the replay guard reads the
 * live options. Two-factor alone type-checks and builds first.
 */
describe('kit-auth add two-factor beside magic-link and oidc, with its own TOTP options', () => {
  let other: PreparedApp
  let otherServer: RunningServer
  let otherClient: AppClient
  let mailbox: Mailbox
  let oidc: OidcServer
  let browser: Browser

  beforeAll(async () => {
    other = await prepareApp({
      betterAuth: RELEASE,
      add: [['two-factor'], ['magic-link'], ['oidc']],
      checkEachAdd: 1,
      // the app's own TOTP options, set before the build (tsc below)
      async beforeBuild(dir) {
        const authFile = path.join(dir, 'src/lib/auth/auth.ts')
        const authText = await readFile(authFile, 'utf8')
        expect(authText).toContain('totpOptions: TOTP')
        await writeFile(authFile, authText.replace('totpOptions: TOTP', 'totpOptions: { ...TOTP, digits: 8 }'))
      },
    })
    await inApp(other.dir, process.execPath, [path.join(other.dir, 'node_modules/typescript/bin/tsc'), '--noEmit'])
    mailbox = await startMailbox()
    oidc = await startOidcProvider()
    otherServer = await startServer(other.dir, {
      BETTER_AUTH_SECRET: randomSecret(),
      DATABASE_PATH: path.join(other.dir, 'data/auth.db'),
      SMTP_URL: mailbox.url,
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
    })
    oidc.configure([`${otherServer.url}${oidcCallbackPath(RELEASE)}`])
    otherClient = new AppClient(otherServer.url, other.dir)
    browser = await launchChromium()
  }, 900_000)

  afterAll(async () => {
    await browser?.close()
    await otherServer?.stop()
    await oidc?.close()
    await mailbox?.close()
    await other?.cleanup()
  })

  async function followMagicLink(email: string) {
    const asked = await otherClient.authApi('/sign-in/magic-link', { email, callbackURL: '/account' }, new CookieJar())
    expect(asked.status, asked.body).toBe(200)
    return otherClient.link(linkIn((await mailbox.waitFor(email, /^Sign in to /)).text))
  }

  it('a magic link signs in a user without two-factor, and gives one with two-factor on no session', async () => {
    const plain = `plain-${++userCount}@example.com`
    const signUp = await otherClient.authApi('/sign-up/email', { name: 'plain', email: plain, password: PASSWORD })
    expect(signUp.status, signUp.body).toBe(200)
    const signedIn = await followMagicLink(plain)
    expect(signedIn.status, otherServer.logs()).toBe(302)
    expect(signedIn.location?.pathname).toBe('/account')
    expect((await otherClient.authGet('/get-session', signedIn.jar)).json).toMatchObject({ user: { email: plain } })

    const { email, code } = await userWithTwoFactor('magic', otherClient)
    // verified, as an account with two-factor would be: Better Auth 1.7 drops the password of an
    // unverified account whose email a link proves, and the password is needed below
    const db = openDatabase(other.dir, path.join(other.dir, 'data/auth.db'))
    try {
      db.prepare('update user set emailVerified = 1 where email = ?').run(email)
    } finally {
      db.close()
    }
    const refused = await followMagicLink(email)
    // refused, and the browser sent to the sign-in page with the reason (signInErrorPage), not Better Auth's JSON
    expect(refused.status).toBe(302)
    expect(refused.location?.pathname).toBe('/sign-in')
    expect(refused.location?.searchParams.get('error')).toBe('TWO_FACTOR_REQUIRED')
    expect(refused.jar.get('better-auth.session_token')).toBeUndefined()
    expect((await otherClient.authGet('/get-session', refused.jar)).json).toBeNull()
    // the password and the code still sign in
    await roomInStep()
    const { jar } = await passwordStep(email, new CookieJar(), otherClient)
    const right = await otherClient.authApi('/two-factor/verify-totp', { code: code(1) }, jar)
    expect(right.status, right.body).toBe(200)
    expect((await otherClient.authGet('/get-session', jar)).json).toMatchObject({ user: { email } })
  })

  it('a user with two-factor on signing in by OpenID Connect gets no session: the sign-in page says why', async () => {
    const login = `sso-${++userCount}`
    const email = `${login}@example.com`
    const jar = new CookieJar()
    const signUp = await otherClient.authApi('/sign-up/email', { name: login, email, password: PASSWORD }, jar)
    expect(signUp.status, signUp.body).toBe(200)
    oidc.accounts.set(login, { email, name: login })
    // the provider linked from the account page, in this session
    const linking = await offlineContext(browser, otherServer.url)
    try {
      await linking.addCookies(jar.forBrowser(otherServer.url))
      const page = await linking.newPage()
      await page.goto('/account')
      await page.getByRole('heading', { name: 'Account', exact: true }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, '[data-testid="linked-accounts"] button')
      await page.getByRole('button', { name: 'Link Single sign-on' }).click()
      await signInAtProvider(page, oidc, login)
      await page.waitForURL(`${otherServer.url}/account`, { timeout: 20_000 })
    } finally {
      await linking.close()
    }
    const db = openDatabase(other.dir, path.join(other.dir, 'data/auth.db'))
    try {
      const rows = db
        .prepare('select providerId from account where userId = (select id from user where email = ?)')
        .all(email) as { providerId: string }[]
      expect(rows.map((row) => row.providerId).sort()).toEqual(['credential', 'oidc'])
    } finally {
      db.close()
    }
    // then two-factor turned on
    await turnOnTwoFactor(email, jar, otherClient)

    const context = await offlineContext(browser, otherServer.url)
    try {
      const page = await context.newPage()
      await page.goto('/sign-in?redirect=%2Faccount')
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor({ timeout: 15_000 })
      await waitForHydration(page, '[data-testid="sign-in-providers"] button')
      await page.getByRole('button', { name: 'Continue with Single sign-on' }).click()
      await signInAtProvider(page, oidc, login)
      // the callback refuses the session (totpReplayGuard's session hook); signInErrorPage() sends the
      // browser to the sign-in page with the reason
      await page.waitForURL((url) => url.origin === otherServer.url && url.pathname === '/sign-in', {
        timeout: 20_000,
      })
      expect(new URL(page.url()).searchParams.get('error'), otherServer.logs()).toBe('TWO_FACTOR_REQUIRED')
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor({ timeout: 15_000 })
      await expect
        .poll(() => page.getByTestId('sign-in-providers').getByRole('alert').textContent())
        .toBe('This account uses two-factor authentication: sign in with your password and a code.')
      const cookies = await context.cookies(otherServer.url)
      expect(cookies.map((cookie) => cookie.name)).not.toContain('better-auth.session_token')
      const browserJar = CookieJar.fromHeader(cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '))
      expect((await otherClient.authGet('/get-session', browserJar)).json).toBeNull()
    } finally {
      await context.close()
    }
  })

  it('the replay guard follows the app’s own totpOptions: an 8-digit code is accepted once', async () => {
    await roomInStep(15)
    const { email, code } = await userWithTwoFactor('eight', otherClient)
    const used = code(1)
    expect(used).toMatch(/^\d{8}$/)
    const first = await passwordStep(email, new CookieJar(), otherClient)
    const accepted = await otherClient.authApi('/two-factor/verify-totp', { code: used }, first.jar)
    expect(accepted.status, accepted.body).toBe(200)
    const again = await passwordStep(email, new CookieJar(), otherClient)
    const replay = await otherClient.authApi('/two-factor/verify-totp', { code: used }, again.jar)
    expect(replay.status).toBe(401)
    expect(replay.json).toMatchObject({ code: 'TOTP_CODE_REUSED' })
    expect((await otherClient.authGet('/get-session', again.jar)).json).toBeNull()
  })
})
