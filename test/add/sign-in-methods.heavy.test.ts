/**
 * `kit-auth add oauth github google microsoft apple discord gitlab`, `add oidc` and `add magic-link`
 * on a real installed app (default-npm through `init --yes`; KIT_AUTH_E2E_BETTER_AUTH=1.4.22 for an
 * older release): tsc and vite build after each add, then the built app is served against
 * - a real OpenID Connect provider in this process (oidc-provider, test/helpers/oidc-provider.ts):
 *   Chromium clicks the button, signs in at the provider and comes back signed in to the page it
 *   asked for; a tampered state, a deactivated user and an unsafe `redirect` get no session / no
 *   open redirect; linking and unlinking from the account page, never the last sign-in method;
 * - the built-in providers, which cannot be reached from here: their sign-in answers the provider's
 *   real authorize URL with the configured client id, redirect URI, every default scope and a fresh
 *   state, and the buttons of sign-in and sign-up ask for the safe `redirect` and send Chromium there;
 * - a capturing SMTP server (test/helpers/mailbox.ts): the magic link signs in once and expires.
 * Sessions by OpenID Connect and by magic link mint API tokens and take an organization context.
 * KIT_AUTH_E2E_MUTATE=<script.mjs> runs that script in the app before its last build, to break one
 * generated behaviour on purpose (as for test/e2e): the tests of that behaviour must then fail.
 */
import { generateKeyPairSync } from 'node:crypto'
import { rmSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inApp, startBuiltApp, type AppServer } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'
import { linkIn, startMailbox, type Mailbox } from '../helpers/mailbox.js'
import { oidcCallbackPath, signInAtProvider, startOidcProvider, type OidcServer } from '../helpers/oidc-provider.js'
import { openDatabase } from '../e2e/helpers/app.js'
import { launchChromium, offlineContext, waitForHydration } from '../e2e/helpers/browser.js'
import { AppClient, CookieJar } from '../e2e/helpers/http.js'
import { expectSessionWorksWithTheRest } from '../e2e/helpers/with-the-rest.js'

const RELEASE = process.env.KIT_AUTH_E2E_BETTER_AUTH
/** Generic OAuth's callback path: /callback/<id> from better-auth 1.7, /oauth2/callback/<id> before. */
const BEFORE_1_7 = RELEASE !== undefined && !RELEASE.startsWith('1.7')
const OIDC_CALLBACK = oidcCallbackPath(RELEASE)
const UNLINK_BY_ROW_ID = !BEFORE_1_7

let app = ''
let server: AppServer
let oidc: OidcServer
let mailbox: Mailbox
let browser: Browser
let client: AppClient
/** The session cookie Ada got by OpenID Connect. */
let adaCookie = ''
/** The session a magic link opened. */
let magicJar: CookieJar | null = null
const steps: Record<string, string> = {}
const timings: Record<string, number> = {}

function cli(args: string[], cwd = app): string {
  const result = runCli([...args, '--cwd', cwd])
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0)
  return result.stdout
}

/** tsc --noEmit and vite build, timed. */
function typeCheckAndBuild(after: string, cwd = app) {
  const started = Date.now()
  inApp(cwd, 'npx', ['tsc', '--noEmit'])
  inApp(cwd, 'npx', ['vite', 'build'])
  timings[`tsc + vite build after ${after}`] = Date.now() - started
}

beforeAll(async () => {
  app = await copyFixture('default-npm', { installed: true, variant: { betterAuth: RELEASE } })
  cli(['init', '--yes'])
  steps.oauth = cli(['add', 'oauth', 'github', 'google', 'microsoft', 'apple', 'discord', 'gitlab'])
  typeCheckAndBuild('add oauth')
  steps.oidc = cli(['add', 'oidc'])
  typeCheckAndBuild('add oidc')
  steps.magicLink = cli(['add', 'magic-link'])
  const mutate = process.env.KIT_AUTH_E2E_MUTATE
  if (mutate) inApp(app, process.execPath, [path.resolve(mutate)])
  typeCheckAndBuild('add magic-link (all three)')

  oidc = await startOidcProvider()
  mailbox = await startMailbox()
  const apple = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  server = await startBuiltApp(app, {
    AUTH_TRUSTED_PROXIES: '127.0.0.0/8, ::1/128',
    SMTP_URL: mailbox.url,
    EMAIL_FROM: 'App <app@example.com>',
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: oidc.clientId,
    OIDC_CLIENT_SECRET: oidc.clientSecret,
    GITHUB_CLIENT_ID: 'github-client-id',
    GITHUB_CLIENT_SECRET: 'github-secret',
    GOOGLE_CLIENT_ID: 'google-client-id',
    GOOGLE_CLIENT_SECRET: 'google-secret',
    MICROSOFT_CLIENT_ID: 'microsoft-client-id',
    MICROSOFT_CLIENT_SECRET: 'microsoft-secret',
    DISCORD_CLIENT_ID: 'discord-client-id',
    DISCORD_CLIENT_SECRET: 'discord-secret',
    GITLAB_CLIENT_ID: 'gitlab-client-id',
    GITLAB_CLIENT_SECRET: 'gitlab-secret',
    APPLE_CLIENT_ID: 'com.example.web',
    APPLE_TEAM_ID: 'TEAM123456',
    APPLE_KEY_ID: 'KEY1234567',
    APPLE_PRIVATE_KEY: apple.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
  })
  oidc.configure([`${server.origin}${OIDC_CALLBACK}`])
  client = new AppClient(server.origin, app)
  browser = await launchChromium()
}, 1_500_000)

afterAll(async () => {
  console.info(`[sign-in methods] better-auth ${RELEASE ?? 'fixture default'} timings (ms):`, timings)
  await browser?.close()
  await server?.stop()
  await oidc?.close()
  await mailbox?.close()
  if (app) rmSync(app, { recursive: true, force: true })
})

/** The Better Auth session the browser's cookies open, or null. */
async function browserSession(page: Page): Promise<{ user: { email: string } } | null> {
  const cookies = await page.context().cookies(server.origin)
  const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join('; ')
  const response = await client.authGet('/get-session', undefined, cookie)
  return response.json as { user: { email: string } } | null
}

async function openSignIn(page: Page, search = '') {
  await page.goto(`/sign-in${search}`)
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor()
  await waitForHydration(page, '[data-testid="sign-in-providers"] button')
}

describe('kit-auth add oauth, oidc, magic-link on an installed app', () => {
  it('reports what it did and the callback URLs to register; a second run changes nothing', () => {
    expect(steps.oauth).toContain('/api/auth/callback/github')
    expect(steps.oauth).toContain('/api/auth/callback/apple')
    expect(steps.oidc).toContain(OIDC_CALLBACK)
    const again = runCli(['add', 'oauth', 'github', '--cwd', app, '--json'])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ nothingToDo: true })
    for (const feature of ['oidc', 'magic-link']) {
      const rerun = runCli(['add', feature, '--cwd', app, '--json'])
      expect(JSON.parse(rerun.stdout)).toMatchObject({ nothingToDo: true })
    }
  })

  it('each built-in provider answers its real authorize URL: client id, redirect URI, every scope, a fresh state', async () => {
    // Better Auth's default scopes of each provider, all of which the sign-in must ask for
    const expected = {
      github: { host: 'github.com', path: '/login/oauth/authorize', scopes: ['read:user', 'user:email'] },
      google: {
        host: 'accounts.google.com',
        path: /^\/o\/oauth2\/(v2\/)?auth$/,
        scopes: ['openid', 'email', 'profile'],
      },
      microsoft: {
        host: 'login.microsoftonline.com',
        path: '/common/oauth2/v2.0/authorize',
        scopes: ['openid', 'profile', 'email', 'User.Read', 'offline_access'],
      },
      discord: { host: 'discord.com', path: '/api/oauth2/authorize', scopes: ['identify', 'email'] },
      gitlab: { host: 'gitlab.com', path: '/oauth/authorize', scopes: ['read_user'] },
      apple: { host: 'appleid.apple.com', path: '/auth/authorize', scopes: ['email', 'name'] },
    }
    for (const [provider, want] of Object.entries(expected)) {
      const states: string[] = []
      // two sign-ins: each its own state
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await client.authApi('/sign-in/social', { provider, callbackURL: '/account' }, new CookieJar())
        expect(response.status, `${provider}: ${response.body}\n${server.log()}`).toBe(200)
        const url = new URL((response.json as { url: string }).url)
        expect(url.host, provider).toBe(want.host)
        expect(url.pathname, `${provider}: ${url}`).toMatch(want.path)
        const clientId = provider === 'apple' ? 'com.example.web' : `${provider}-client-id`
        expect(url.searchParams.get('client_id'), provider).toBe(clientId)
        expect(url.searchParams.get('redirect_uri'), provider).toBe(`${server.origin}/api/auth/callback/${provider}`)
        const scopes = (url.searchParams.get('scope') ?? '').split(/[ ,]+/)
        expect(scopes, `${provider}: ${url}`).toEqual(expect.arrayContaining(want.scopes))
        const state = url.searchParams.get('state') ?? ''
        expect(state, provider).toMatch(/^.{16,}$/)
        states.push(state)
      }
      expect(states[0], provider).not.toBe(states[1])
    }
  })

  it('the GitHub button on sign-in and sign-up asks for the safe redirect and sends Chromium to GitHub', async () => {
    const states: string[] = []
    for (const [pathname, heading] of [
      ['/sign-in', 'Sign in'],
      ['/sign-up', 'Create an account'],
    ] as const) {
      // the page's redirect, or the home page for one that leads to another site
      for (const [redirect, callbackURL] of [
        ['/account', '/account'],
        ['//evil.example/steal', '/'],
      ] as const) {
        // each click from a client address of its own: Better Auth allows 3 sign-ins per 10 s per client
        const context = await offlineContext(browser, server.origin)
        try {
          const page = await context.newPage()
          await page.goto(`${pathname}?redirect=${encodeURIComponent(redirect)}`)
          await page.getByRole('heading', { name: heading }).waitFor()
          await waitForHydration(page, '[data-testid="sign-in-providers"] button')
          for (const label of ['GitHub', 'Google', 'Microsoft', 'Apple', 'Discord', 'GitLab', 'Single sign-on'])
            await page.getByRole('button', { name: `Continue with ${label}` }).waitFor()
          const signIn = page.waitForRequest(
            (candidate) =>
              candidate.method() === 'POST' && new URL(candidate.url()).pathname === '/api/auth/sign-in/social',
          )
          const request = page.waitForRequest((candidate) => new URL(candidate.url()).host === 'github.com')
          await page.getByRole('button', { name: 'Continue with GitHub' }).click()
          const sent = (await signIn).postDataJSON() as { provider?: string; callbackURL?: string }
          expect(sent, `${pathname}?redirect=${redirect}`).toMatchObject({ provider: 'github', callbackURL })
          const authorize = new URL((await request).url())
          expect(authorize.pathname).toBe('/login/oauth/authorize')
          expect(authorize.searchParams.get('client_id')).toBe('github-client-id')
          expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.origin}/api/auth/callback/github`)
          states.push(authorize.searchParams.get('state') ?? '')
        } finally {
          await context.close()
        }
      }
    }
    // a fresh state on every click
    expect(states.every((state) => state.length >= 16)).toBe(true)
    expect(new Set(states).size).toBe(states.length)
  })

  it('OpenID Connect: Chromium signs in at the provider (PKCE) and comes back signed in to the page it asked for', async () => {
    oidc.accounts.set('ada', { email: 'ada@example.com', name: 'Ada Lovelace' })
    const context = await offlineContext(browser, server.origin)
    try {
      const page = await context.newPage()
      await page.goto('/account')
      await page.waitForURL(/\/sign-in\?redirect=/)
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor()
      await waitForHydration(page, '[data-testid="sign-in-providers"] button')
      await page.getByRole('button', { name: 'Continue with Single sign-on' }).click()
      await signInAtProvider(page, oidc, 'ada')
      await page.waitForURL(`${server.origin}/account`, { timeout: 20_000 })
      await page.getByRole('heading', { name: 'Account', exact: true }).waitFor()
      expect(await page.textContent('main')).toContain('ada@example.com')
      const authorization = oidc.authorizations.at(-1)
      expect(authorization?.get('code_challenge_method')).toBe('S256')
      expect(authorization?.get('redirect_uri')).toBe(`${server.origin}${OIDC_CALLBACK}`)
      expect(authorization?.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']))
      expect((await browserSession(page))?.user.email).toBe('ada@example.com')

      // the only sign-in method of this user: the account page offers no unlink, the server refuses one
      await waitForHydration(page, '[data-testid="linked-accounts"] button')
      await expect.poll(() => page.getByRole('button', { name: 'Unlink Single sign-on' }).isDisabled()).toBe(true)
      const cookies = await context.cookies(server.origin)
      const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join('; ')
      const accounts = (await client.authGet('/list-accounts', undefined, cookie)).json as {
        id: string
        providerId: string
        accountId: string
      }[]
      expect(accounts.map((account) => account.providerId)).toEqual(['oidc'])
      const account = accounts[0]!
      const unlink = await fetch(`${server.origin}/api/auth/unlink-account`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: server.origin,
          cookie,
          'x-forwarded-for': '198.51.100.200',
        },
        // from 1.7 the account row's id; before, the provider and the id the provider gave
        body: JSON.stringify(
          UNLINK_BY_ROW_ID ? { accountId: account.id } : { providerId: 'oidc', accountId: account.accountId },
        ),
      })
      adaCookie = cookie
      expect(unlink.status).toBe(400)
      expect(await unlink.text()).toMatch(/FAILED_TO_UNLINK_LAST_ACCOUNT|last account/i)
      expect((await browserSession(page))?.user.email).toBe('ada@example.com')
    } finally {
      await context.close()
    }
  })

  it('an OpenID Connect session works with the rest: API tokens, the organization context', async () => {
    expect(adaCookie).not.toBe('')
    await expectSessionWorksWithTheRest(
      client,
      CookieJar.fromHeader(adaCookie),
      'ada@example.com',
      'analytical-engines',
    )
  })

  it('a tampered state is refused: no session', async () => {
    oidc.accounts.set('mallory', { email: 'mallory@example.com', name: 'Mallory' })
    const context = await offlineContext(browser, server.origin)
    try {
      const page = await context.newPage()
      let tampered = ''
      // Between the provider and the app, the state of the provider's answer is changed.
      oidc.rewriteRedirect = (location) => {
        if (!location.startsWith(`${server.origin}${OIDC_CALLBACK}`)) return location
        const url = new URL(location)
        url.searchParams.set('state', `${url.searchParams.get('state')}x`)
        tampered = url.toString()
        return tampered
      }
      await openSignIn(page)
      await page.getByRole('button', { name: 'Continue with Single sign-on' }).click()
      await signInAtProvider(page, oidc, 'mallory')
      // the callback refuses it: an error page of the app (better-auth 1.3: its own /api/auth/error)
      await page.waitForURL((url) => url.origin === server.origin && url.searchParams.has('error'), {
        timeout: 20_000,
      })
      oidc.rewriteRedirect = null
      expect(tampered).not.toBe('')
      expect(new URL(page.url()).pathname).not.toBe(new URL(tampered).pathname)
      expect(await browserSession(page)).toBeNull()
    } finally {
      oidc.rewriteRedirect = null
      await context.close()
    }
  })

  it('an unsafe redirect is dropped: the provider brings the user back to the home page', async () => {
    oidc.accounts.set('grace', { email: 'grace@example.com', name: 'Grace Hopper' })
    const context = await offlineContext(browser, server.origin)
    try {
      const page = await context.newPage()
      await openSignIn(page, `?redirect=${encodeURIComponent('//evil.example/steal')}`)
      await page.getByRole('button', { name: 'Continue with Single sign-on' }).click()
      await signInAtProvider(page, oidc, 'grace')
      await page.waitForURL((url) => url.origin === server.origin && !url.pathname.startsWith('/api/'), {
        timeout: 20_000,
      })
      expect(new URL(page.url()).pathname).toBe('/')
      expect((await browserSession(page))?.user.email).toBe('grace@example.com')
    } finally {
      await context.close()
    }
  })

  it('a deactivated user coming back from the provider gets no session', async () => {
    oidc.accounts.set('ada', { email: 'ada@example.com', name: 'Ada Lovelace' })
    const db = openDatabase(app, path.join(app, 'data/auth.db'))
    try {
      const changed = db
        .prepare('UPDATE user SET deactivatedAt = ? WHERE email = ?')
        .run(new Date().toISOString(), 'ada@example.com')
      expect(changed.changes).toBe(1)
    } finally {
      db.close()
    }
    const context = await offlineContext(browser, server.origin)
    try {
      const page = await context.newPage()
      await openSignIn(page, '?redirect=/account')
      await page.getByRole('button', { name: 'Continue with Single sign-on' }).click()
      await signInAtProvider(page, oidc, 'ada')
      // every release: the refusal lands on the sign-in page with its message (before 1.7 Better Auth
      // answered the callback with its 403 JSON; kit-auth's signInErrorPage() redirects it)
      await page.waitForURL((url) => url.origin === server.origin && url.pathname === '/sign-in', { timeout: 20_000 })
      expect(new URL(page.url()).searchParams.get('error')).toBe('ACCOUNT_DEACTIVATED')
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor()
      await expect
        .poll(() => page.getByTestId('sign-in-providers').getByRole('alert').textContent())
        .toBe('This account is deactivated.')
      expect((await context.cookies(server.origin)).map((cookie) => cookie.name)).not.toContain(
        'better-auth.session_token',
      )
      expect(await browserSession(page)).toBeNull()
    } finally {
      await context.close()
    }
  })

  it('the account page links the provider to a password account (same verified email), then unlinks it', async () => {
    oidc.accounts.set('linus', { email: 'linus@example.com', name: 'Linus' })
    const jar = new CookieJar()
    const signUp = await client.authApi(
      '/sign-up/email',
      { name: 'Linus', email: 'linus@example.com', password: 'correct-horse-battery' },
      jar,
    )
    expect(signUp.status, signUp.body).toBe(200)
    const context = await offlineContext(browser, server.origin)
    try {
      const page = await context.newPage()
      await openSignIn(page)
      await page.fill('input[name="email"]', 'linus@example.com')
      await page.fill('input[name="password"]', 'correct-horse-battery')
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await page.waitForURL(`${server.origin}/`)
      await page.goto('/account')
      await page.getByRole('heading', { name: 'Account', exact: true }).waitFor()
      await waitForHydration(page, '[data-testid="linked-accounts"] button')
      await page.getByRole('button', { name: 'Link Single sign-on' }).click()
      await signInAtProvider(page, oidc, 'linus')
      await page.waitForURL(`${server.origin}/account`, { timeout: 20_000 })
      await page.getByRole('heading', { name: 'Account', exact: true }).waitFor()
      await waitForHydration(page, '[data-testid="linked-accounts"] button')
      const unlink = page.getByRole('button', { name: 'Unlink Single sign-on' })
      await expect.poll(() => unlink.isEnabled()).toBe(true)
      await unlink.click()
      await expect.poll(() => page.getByTestId('linked-accounts').getByRole('status').textContent()).toBe('Unlinked.')
      await page.getByRole('button', { name: 'Link Single sign-on' }).waitFor()
    } finally {
      await context.close()
    }
  })

  it('a password account registered in advance with the address does not capture the provider’s sign-in', async () => {
    // better-auth before 1.6 would link it (kit-auth's accountLinkingGuard() refuses); 1.6 and later refuse it themselves
    oidc.accounts.set('victor', { email: 'victor@example.com', name: 'Victor' })
    const signUp = await client.authApi(
      '/sign-up/email',
      { name: 'Not Victor', email: 'victor@example.com', password: 'attacker-password-1' },
      new CookieJar(),
    )
    expect(signUp.status, signUp.body).toBe(200)
    const context = await offlineContext(browser, server.origin)
    try {
      const page = await context.newPage()
      await openSignIn(page, '?redirect=/account')
      await page.getByRole('button', { name: 'Continue with Single sign-on' }).click()
      await signInAtProvider(page, oidc, 'victor')
      await page.waitForURL((url) => url.origin === server.origin && url.searchParams.has('error'), {
        timeout: 20_000,
      })
      expect(await browserSession(page)).toBeNull()
    } finally {
      await context.close()
    }
    const db = openDatabase(app, path.join(app, 'data/auth.db'))
    try {
      const providers = db
        .prepare('SELECT providerId FROM account WHERE userId = (SELECT id FROM user WHERE email = ?)')
        .all('victor@example.com') as { providerId: string }[]
      expect(providers.map((row) => row.providerId)).toEqual(['credential'])
    } finally {
      db.close()
    }
  })

  it('magic link: sent through SMTP, signs in once, then is refused; an expired link is refused', async () => {
    const email = 'magic@example.com'
    // a link or a provider never leads off the app: Better Auth refuses another origin as callback
    for (const [endpoint, body] of [
      ['/sign-in/magic-link', { email }],
      ['/sign-in/social', { provider: 'oidc' }],
    ] as const) {
      const offsite = await client.authApi(
        endpoint,
        { ...body, callbackURL: 'https://evil.example/steal' },
        new CookieJar(),
      )
      expect(offsite.status, `${endpoint}: ${offsite.body}`).toBe(403)
    }
    expect(mailbox.to(email)).toEqual([])
    const ask = () => client.authApi('/sign-in/magic-link', { email, callbackURL: '/account' }, new CookieJar())
    expect((await ask()).status).toBe(200)
    const first = linkIn((await mailbox.waitFor(email, 1)).text)
    expect(new URL(first).origin).toBe(server.origin)
    const used = await client.link(first)
    expect(used.status, server.log()).toBe(302)
    expect(used.location?.pathname).toBe('/account')
    const session = await client.authGet('/get-session', used.jar)
    expect((session.json as { user: { email: string } }).user.email).toBe(email)
    magicJar = used.jar.copy()

    const again = await client.link(first)
    expect(again.status).toBe(302)
    expect(again.location?.searchParams.get('error')).toBeTruthy()
    expect((await client.authGet('/get-session', again.jar)).json).toBeNull()

    expect((await ask()).status).toBe(200)
    const second = linkIn((await mailbox.waitFor(email, 2)).text)
    const db = openDatabase(app, path.join(app, 'data/auth.db'))
    try {
      // five minutes later, as far as the link is concerned
      const expired = db
        .prepare("UPDATE verification SET expiresAt = ? WHERE identifier NOT LIKE 'kit-auth-%'")
        .run(new Date(Date.now() - 1000).toISOString())
      expect(expired.changes).toBeGreaterThan(0)
    } finally {
      db.close()
    }
    const late = await client.link(second)
    expect(late.status).toBe(302)
    expect(late.location?.searchParams.get('error')).toBeTruthy()
    expect((await client.authGet('/get-session', late.jar)).json).toBeNull()
  })

  it('a magic-link session works with the rest: API tokens, the organization context', async () => {
    if (!magicJar) throw new Error('the magic-link test above opened no session by link')
    const email = 'magic@example.com'
    expect((await client.authGet('/get-session', magicJar)).json).toMatchObject({ user: { email } })
    await expectSessionWorksWithTheRest(client, magicJar, email, 'magic-links')
  })

  it('magic link from the sign-in form in Chromium; a deactivated user gets no session by link', async () => {
    const email = 'form@example.com'
    const context = await offlineContext(browser, server.origin)
    try {
      const page = await context.newPage()
      await page.goto('/sign-in?redirect=/account')
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor()
      await waitForHydration(page, '[data-testid="magic-link-form"] button')
      await page.fill('input[name="magic-link-email"]', email)
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
      await page.getByTestId('magic-link-sent').waitFor()
      await page.goto(linkIn((await mailbox.waitFor(email, 1)).text))
      await page.waitForURL(`${server.origin}/account`)
      await page.getByRole('heading', { name: 'Account', exact: true }).waitFor()
      expect((await browserSession(page))?.user.email).toBe(email)
    } finally {
      await context.close()
    }
    const db = openDatabase(app, path.join(app, 'data/auth.db'))
    try {
      db.prepare('UPDATE user SET deactivatedAt = ? WHERE email = ?').run(new Date().toISOString(), email)
    } finally {
      db.close()
    }
    expect(
      (await client.authApi('/sign-in/magic-link', { email, callbackURL: '/account' }, new CookieJar())).status,
    ).toBe(200)
    const link = linkIn((await mailbox.waitFor(email, 2)).text)
    const refused = await client.link(link)
    expect(refused.status).toBe(302)
    expect(refused.location?.pathname).toBe('/sign-in')
    expect(refused.location?.searchParams.get('error')).toBe('ACCOUNT_DEACTIVATED')
    expect((await client.authGet('/get-session', refused.jar)).json).toBeNull()
    // the browser following the link lands on the sign-in page with the reason, not on Better Auth's JSON
    const again = await offlineContext(browser, server.origin)
    try {
      const page = await again.newPage()
      expect(
        (await client.authApi('/sign-in/magic-link', { email, callbackURL: '/account' }, new CookieJar())).status,
      ).toBe(200)
      await page.goto(linkIn((await mailbox.waitFor(email, 3)).text))
      await page.waitForURL((url) => url.origin === server.origin && url.pathname === '/sign-in', { timeout: 20_000 })
      expect(new URL(page.url()).searchParams.get('error')).toBe('ACCOUNT_DEACTIVATED')
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor()
      await expect
        .poll(() => page.getByTestId('magic-link-form').getByRole('alert').textContent())
        .toBe('This account is deactivated.')
      expect(await page.textContent('body')).not.toContain('"code"')
      expect((await again.cookies(server.origin)).map((cookie) => cookie.name)).not.toContain(
        'better-auth.session_token',
      )
      expect(await browserSession(page)).toBeNull()
    } finally {
      await again.close()
    }
  })

  it('magic-link alone, then oidc without oauth (--id, --name), type-check and build on an app of their own', async () => {
    const solo = await copyFixture('default-npm', { installed: true, variant: { betterAuth: RELEASE } })
    try {
      cli(['init', '--yes'], solo)
      cli(['add', 'magic-link'], solo)
      typeCheckAndBuild('add magic-link alone', solo)
      const oidcOnly = cli(['add', 'oidc', '--id', 'okta', '--name', 'Okta'], solo)
      expect(oidcOnly).toContain(BEFORE_1_7 ? '/api/auth/oauth2/callback/okta' : '/api/auth/callback/okta')
      typeCheckAndBuild('add oidc --id okta after magic-link alone', solo)
    } finally {
      rmSync(solo, { recursive: true, force: true })
    }
  }, 900_000)
})
