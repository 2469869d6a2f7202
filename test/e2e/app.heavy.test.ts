/**
 * End to end: a real fixture app taken through `kit-auth init --yes`, built with `vite build`
 * and served by srvx, proves each behaviour of CONTRACT.md ("Behaviour the generated app must
 * show", 1-10) over HTTP and in headless Chromium. One app and one server for the whole file.
 *
 * The test-only routes and server functions (test/e2e/overlay) only call the generated helpers;
 * users are made admin / deactivated by writing the DB, exactly what an operator would do.
 */
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page, Request } from 'playwright-core'
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
import { AppClient, CookieJar, FN, nextClientIp, serverFnPath } from './helpers/http.js'
import { startMailbox, type Mailbox } from '../helpers/mailbox.js'
import { accountEmailSuite } from './suites/account-emails.js'
import { apiTokenSuite } from './suites/api-tokens.js'

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts', import.meta.url))
const PASSWORD = 'correct-horse-battery'
const SESSION_COOKIE = 'better-auth.session_token'
const EVIL_REDIRECTS = ['//evil.example', 'https://evil.example', 'javascript:alert(document.domain)']

let app: PreparedApp
let server: RunningServer
let client: AppClient
let dbPath: string
let secret: string
let mailbox: Mailbox

beforeAll(async () => {
  // every email the app sends lands here (lib/auth/email.ts through SMTP_URL)
  mailbox = await startMailbox()
  app = await prepareApp({ betterAuth: process.env.KIT_AUTH_E2E_BETTER_AUTH })
  secret = randomSecret()
  // `init` migrated the default SQLite file; the server gets it through DATABASE_PATH like a host would set.
  dbPath = path.join(app.dir, 'data/auth.db')
  server = await startServer(app.dir, { BETTER_AUTH_SECRET: secret, DATABASE_PATH: dbPath, SMTP_URL: mailbox.url })
  client = new AppClient(server.url, app.dir)
}, 600_000)

afterAll(async () => {
  await server?.stop()
  if (server) {
    // kept for CI debugging (test-artifacts/ is git-ignored)
    await mkdir(ARTIFACTS, { recursive: true })
    await writeFile(path.join(ARTIFACTS, 'e2e-server.log'), server.logs())
  }
  await app?.cleanup()
  await mailbox?.close()
})

let userCount = 0
/** A fresh user signed up through Better Auth's endpoint. */
async function newUser(tag: string): Promise<{ jar: CookieJar; email: string; id: string }> {
  const email = `${tag}-${++userCount}@example.com`
  const jar = new CookieJar()
  const response = await client.authApi('/sign-up/email', { name: tag, email, password: PASSWORD }, jar)
  expect(response.status, response.body).toBe(200)
  const id = (response.json as { user: { id: string } }).user.id
  return { jar, email, id }
}

function sql(statement: string, ...params: unknown[]): void {
  const db = openDatabase(app.dir, dbPath)
  try {
    db.prepare(statement).run(...params)
  } finally {
    db.close()
  }
}

function sqlAll(statement: string, ...params: unknown[]): unknown[] {
  const db = openDatabase(app.dir, dbPath)
  try {
    return db.prepare(statement).all(...params)
  } finally {
    db.close()
  }
}

function makeAdmin(email: string): void {
  sql("update user set role = 'admin' where email = ?", email)
}

async function createToken(jar: CookieJar, name = 'ci'): Promise<{ token: string; id: string }> {
  const response = await client.fn(FN.createApiToken, { jar, data: { name } })
  expect(response.status, response.body).toBe(200)
  const result = response.result as { token: string; apiToken: { id: string } }
  expect(result.token).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/)
  return { token: result.token, id: result.apiToken.id }
}

async function createOrganization(jar: CookieJar, slug: string): Promise<string> {
  const response = await client.authApi('/organization/create', { name: slug, slug }, jar)
  expect(response.status, response.body).toBe(200)
  return (response.json as { id: string }).id
}

function testId(html: string, id: string): string | undefined {
  return new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]
}

describe('the generated app builds and type-checks', () => {
  it('type-checks with the test routes using the helpers (context.user, organizationId, role are typed)', async () => {
    await inApp(app.dir, process.execPath, [path.join(app.dir, 'node_modules/typescript/bin/tsc'), '--noEmit'])
  }, 120_000)
})

describe('guards gate navigation (over HTTP)', () => {
  it('anonymous request to a layout-guarded page redirects to sign-in carrying the intended location', async () => {
    const dashboard = await client.page('/dashboard?tab=1')
    expect(dashboard.status).toBe(307)
    expect(dashboard.location).toBe('/sign-in?redirect=%2Fdashboard%3Ftab%3D1')
    const account = await client.page('/account') // the generated page under _authenticated
    expect(account.status).toBe(307)
    expect(account.location).toBe('/sign-in?redirect=%2Faccount')
  })

  it('anonymous request to a leaf-guarded page (requireAuth on the route) redirects to sign-in carrying the intended location', async () => {
    const settings = await client.page('/settings#top')
    expect(settings.status).toBe(307)
    expect(settings.location).toBe('/sign-in?redirect=%2Fsettings')
  })

  it('signed-in page renders', async () => {
    const { jar, email } = await newUser('reader')
    const dashboard = await client.page('/dashboard', { jar })
    expect(dashboard.status).toBe(200)
    expect(testId(dashboard.body, 'user-email')).toBe(email)
    expect(testId(dashboard.body, 'session-kind')).toBe('cookie')
    const settings = await client.page('/settings', { jar })
    expect(settings.status).toBe(200)
    expect(testId(settings.body, 'settings-email')).toBe(email)
    const account = await client.page('/account', { jar })
    expect(account.status).toBe(200)
    expect(account.body).toContain(email)
  })

  it('signed-in user is sent away from sign-in and sign-up to the app home', async () => {
    const { jar } = await newUser('returning')
    for (const page of ['/sign-in', '/sign-up']) {
      const response = await client.page(page, { jar })
      expect(response.status, page).toBe(307)
      expect(response.location, page).toBe('/')
    }
    // anonymous users get the forms
    expect((await client.page('/sign-in')).status).toBe(200)
    expect((await client.page('/sign-up')).status).toBe(200)
  })

  it('a malicious redirect parameter is never followed by the server (signed-in user goes to the app home)', async () => {
    const { jar } = await newUser('redirected')
    for (const target of EVIL_REDIRECTS) {
      for (const page of ['/sign-in', '/sign-up']) {
        const response = await client.page(`${page}?redirect=${encodeURIComponent(target)}`, { jar })
        expect(response.status, `${page} ${target}`).toBe(307)
        expect(response.location, `${page} ${target}`).toBe('/')
      }
    }
  })

  it('requireSession() in a loader: anonymous -> sign-in, signed in -> the page', async () => {
    const anonymous = await client.page('/whoami')
    expect(anonymous.status).toBe(307)
    expect(anonymous.location).toMatch(/^\/sign-in(\?|$)/)
    const direct = await client.fn(FN.fetchRequiredSession)
    expect(direct.json).toMatchObject({ isSerializedRedirect: true, statusCode: 307, href: '/sign-in' })
    const { jar, email } = await newUser('whoami')
    const signedIn = await client.page('/whoami', { jar })
    expect(signedIn.status).toBe(200)
    expect(testId(signedIn.body, 'whoami-email')).toBe(email)
  })

  it('requireAdminAuth: anonymous request is redirected to sign-in', async () => {
    const response = await client.page('/admin')
    expect(response.status).toBe(307)
    expect(response.location).toBe('/sign-in?redirect=%2Fadmin')
  })

  it('requireAdminAuth: signed-in non-admin gets 404 (the admin surface stays hidden)', async () => {
    const { jar } = await newUser('member')
    const response = await client.page('/admin', { jar })
    expect(response.status).toBe(404)
    expect(response.body).not.toContain('data-testid="admin-email"')
  })

  it('requireAdminAuth: admin gets the page', async () => {
    const { jar, email } = await newUser('admin')
    makeAdmin(email)
    const response = await client.page('/admin', { jar })
    expect(response.status).toBe(200)
    expect(testId(response.body, 'admin-email')).toBe(email)
  })
})

describe('session cookies', () => {
  it('sign-up sets an httpOnly, SameSite=Lax session cookie', async () => {
    const { jar } = await newUser('cookie')
    const cookie = jar.setCookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`))
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/;\s*HttpOnly/i)
    expect(cookie).toMatch(/;\s*SameSite=Lax/i)
    expect(cookie).toMatch(/;\s*Path=\//i)
  })

  it('sign-in sets an httpOnly, SameSite=Lax session cookie (and a wrong password sets none)', async () => {
    const { email } = await newUser('signin')
    const wrong = new CookieJar()
    const refused = await client.authApi('/sign-in/email', { email, password: 'not-the-password' }, wrong)
    expect(refused.status).toBe(401)
    expect(wrong.get(SESSION_COOKIE)).toBeUndefined()

    const jar = new CookieJar()
    const response = await client.authApi('/sign-in/email', { email, password: PASSWORD }, jar)
    expect(response.status).toBe(200)
    const cookie = jar.setCookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`))
    expect(cookie).toMatch(/;\s*HttpOnly/i)
    expect(cookie).toMatch(/;\s*SameSite=Lax/i)
    // the cookie is a working session
    expect((await client.fn(FN.whoAmI, { jar })).status).toBe(200)
  })

  it('served over https in production (https BETTER_AUTH_URL), the session cookie is also Secure', async () => {
    const origin = 'https://app.example.test'
    const secureDb = path.join(app.dir, 'data/secure.db')
    sql('vacuum into ?', secureDb) // same schema and rows, separate file
    const secure = await startServer(app.dir, {
      BETTER_AUTH_SECRET: secret,
      DATABASE_PATH: secureDb,
      BETTER_AUTH_URL: origin,
    })
    try {
      const secureClient = new AppClient(secure.url, app.dir)
      const jar = new CookieJar()
      const response = await secureClient.authApi(
        '/sign-up/email',
        { name: 'tls', email: 'tls@example.com', password: PASSWORD },
        jar,
        origin,
      )
      expect(response.status, response.body).toBe(200)
      const cookie = jar.setCookies.find((line) => line.startsWith(`__Secure-${SESSION_COOKIE}=`))
      expect(cookie, jar.setCookies.join('\n')).toBeDefined()
      expect(cookie).toMatch(/;\s*Secure/i)
      expect(cookie).toMatch(/;\s*HttpOnly/i)
      expect(cookie).toMatch(/;\s*SameSite=Lax/i)
    } finally {
      await secure.stop()
    }
  }, 90_000)

  it('the session token (the cookie credential) never reaches the SSR HTML', async () => {
    const { jar } = await newUser('leak')
    const token = decodeURIComponent(jar.get(SESSION_COOKIE) ?? '').split('.')[0] ?? ''
    expect(token.length).toBeGreaterThan(10)
    const dashboard = await client.page('/dashboard', { jar })
    expect(dashboard.status).toBe(200)
    expect(dashboard.body).not.toContain(token)
    const session = await client.fn(FN.fetchSession, { jar })
    expect(session.body).not.toContain(token)
  })
})

describe('server functions authorize themselves', () => {
  it('authAction: a direct anonymous call fails as unauthorized (401)', async () => {
    const response = await client.fn(FN.whoAmI)
    expect(response.status).toBe(401)
    expect(response.error?.message).toBe('Unauthorized')
    expect(response.result).toBeUndefined()
  })

  it('authAction: with a session the call succeeds with context.user', async () => {
    const { jar, email, id } = await newUser('caller')
    const response = await client.fn(FN.whoAmI, { jar })
    expect(response.status).toBe(200)
    expect(response.result).toEqual({ id, email, via: 'cookie', sessionIsNull: false })
  })

  it('organizationAction: without an active organization the call fails (403)', async () => {
    const { jar } = await newUser('orgless')
    const response = await client.fn(FN.orgInfo, { jar })
    expect(response.status).toBe(403)
    expect(response.error?.message).toBe('No active organization')
    expect((await client.fn(FN.orgInfo)).status).toBe(401) // anonymous
  })

  it('organizationAction: with an active organization provides organizationId and role', async () => {
    const { jar, id } = await newUser('founder')
    const organizationId = await createOrganization(jar, `acme-${userCount}`)
    const response = await client.fn(FN.orgInfo, { jar })
    expect(response.status, response.body).toBe(200)
    expect(response.result).toEqual({ userId: id, organizationId, role: 'owner' })
  })

  it('adminAction: anonymous 401, non-admin 403, admin succeeds', async () => {
    expect((await client.fn(FN.adminPing)).status).toBe(401)
    const { jar, email } = await newUser('operator')
    const refused = await client.fn(FN.adminPing, { jar })
    expect(refused.status).toBe(403)
    expect(refused.error?.message).toBe('Forbidden')
    makeAdmin(email)
    const allowed = await client.fn(FN.adminPing, { jar })
    expect(allowed.status).toBe(200)
    expect(allowed.result).toEqual({ ok: true, admin: email })
  })
})

describe('organization context', () => {
  it('getAccountContext(): personal without an active organization, organization with one', async () => {
    const { jar, email, id } = await newUser('context')
    const personal = await client.fn(FN.fetchAccountContext, { jar })
    expect(personal.status).toBe(200)
    expect(personal.result).toMatchObject({
      isPersonal: true,
      isOrganization: false,
      activeOrganizationId: null,
      user: { id, email },
    })

    const organizationId = await createOrganization(jar, `context-${userCount}`)
    const organization = await client.fn(FN.fetchAccountContext, { jar })
    expect(organization.result).toMatchObject({
      isPersonal: false,
      isOrganization: true,
      activeOrganizationId: organizationId,
      user: { id },
    })
  })

  it('requireActiveOrganizationId() redirects to the app home when no organization is active', async () => {
    const { jar } = await newUser('homeless')
    const page = await client.page('/org', { jar })
    expect(page.status).toBe(307)
    expect(page.location).toBe('/')
    // called directly (as the browser does on client navigation): a serialized redirect home
    const direct = await client.fn(FN.fetchActiveOrganization, { jar })
    expect(direct.json).toMatchObject({ isSerializedRedirect: true, statusCode: 307, href: '/' })
  })

  it('requireActiveOrganizationId() returns the active organization when there is one', async () => {
    const { jar } = await newUser('housed')
    const organizationId = await createOrganization(jar, `housed-${userCount}`)
    const page = await client.page('/org', { jar })
    expect(page.status).toBe(200)
    expect(testId(page.body, 'organization-id')).toBe(organizationId)
  })
})

describe('API tokens reach the same choke point', () => {
  it('a Bearer sk_live_ token reaches authAction server functions with session: null', async () => {
    const { jar, email, id } = await newUser('script')
    const { token } = await createToken(jar)
    // a script sends no Origin / Sec-Fetch-Site and no cookie
    const response = await client.fn(FN.whoAmI, { token, originHeaders: {} })
    expect(response.status, response.body).toBe(200)
    expect(response.result).toEqual({ id, email, via: 'token', sessionIsNull: true })
  })

  it('getSession() returns the same shape for a token as for a cookie, with session null', async () => {
    const { jar, email, id } = await newUser('shape')
    const { token } = await createToken(jar)
    const viaCookie = await client.fn(FN.inspectSession, { jar })
    const viaToken = await client.fn(FN.inspectSession, { token, originHeaders: {} })
    expect(viaCookie.result).toEqual({
      keys: ['apiToken', 'session', 'user'], // apiToken: null
      userId: id,
      email,
      sessionIsNull: false,
      sessionUserId: id,
    })
    expect(viaToken.result).toEqual({
      keys: ['apiToken', 'session', 'user'], // and the token's { id, scopes }
      userId: id,
      email,
      sessionIsNull: true,
      sessionUserId: null,
    })
    // and the page guards accept it too
    const dashboard = await client.page('/dashboard', { token })
    expect(dashboard.status).toBe(200)
    expect(testId(dashboard.body, 'session-kind')).toBe('token')
  })

  it('a wrong token is anonymous (even next to a valid cookie)', async () => {
    const { jar, email } = await newUser('forger')
    const { token } = await createToken(jar)
    const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    for (const wrong of ['sk_live_nope', tampered]) {
      const response = await client.fn(FN.whoAmI, { token: wrong, originHeaders: {} })
      expect(response.status, wrong).toBe(401)
      expect((await client.fn(FN.inspectSession, { token: wrong, originHeaders: {} })).result, wrong).toBeNull()
    }
    const mixed = await client.fn(FN.whoAmI, { token: 'sk_live_nope', jar })
    expect(mixed.status).toBe(401)
    expect(mixed.body).not.toContain(email)
  })

  it('a revoked token is anonymous', async () => {
    const { jar } = await newUser('revoker')
    const { token, id } = await createToken(jar)
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(200)
    const revoked = await client.fn(FN.revokeApiToken, { jar, data: { id } })
    expect(revoked.result).toEqual({ revoked: true })
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401)
    expect((await client.page('/dashboard', { token })).status).toBe(307)
  })

  it('an expired token is anonymous', async () => {
    const { jar } = await newUser('expiring')
    const response = await client.fn(FN.createApiToken, { jar, data: { name: 'short', expiresInDays: 1 } })
    const { token, apiToken } = response.result as { token: string; apiToken: { id: string } }
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(200)
    sql('update apiToken set expiresAt = ? where id = ?', new Date(Date.now() - 60_000).toISOString(), apiToken.id)
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401)
  })

  it('only a SHA-256 hash of a token is stored, never the token', async () => {
    const { jar } = await newUser('hashed')
    const { token, id } = await createToken(jar)
    const db = openDatabase(app.dir, dbPath)
    try {
      const row = db.prepare('select * from apiToken where id = ?').get(id) as Record<string, unknown>
      expect(row.keyHash).toBe(createHash('sha256').update(token).digest('hex'))
      expect(JSON.stringify(row)).not.toContain(token)
    } finally {
      db.close()
    }
  })

  it('a token cannot manage tokens (a leaked token cannot mint more)', async () => {
    const { jar } = await newUser('minter')
    const { token } = await createToken(jar)
    const response = await client.fn(FN.createApiToken, { token, originHeaders: {}, data: { name: 'more' } })
    expect(response.status).toBe(403)
    expect((await client.fn(FN.listApiTokens, { token, originHeaders: {} })).status).toBe(403)
  })
})

apiTokenSuite(() => ({ app, server, client, dbPath, secret, newUser, sql, makeAdmin, password: PASSWORD }))

accountEmailSuite(() => ({ app, server, client, dbPath, secret, newUser, sql, makeAdmin, password: PASSWORD, mailbox }))

describe('deactivation and bans', () => {
  it('deactivating a user (deactivatedAt) locks out both their cookie and their token on the very next request', async () => {
    const { jar, email } = await newUser('leaver')
    const { token } = await createToken(jar)
    expect((await client.fn(FN.whoAmI, { jar })).status).toBe(200)
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(200)

    sql('update user set deactivatedAt = ? where email = ?', new Date().toISOString(), email)

    expect((await client.fn(FN.whoAmI, { jar: jar.copy() })).status).toBe(401)
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401)
    expect((await client.fn(FN.inspectSession, { jar: jar.copy() })).result).toBeNull()
    const page = await client.page('/dashboard', { jar: jar.copy() })
    expect(page.status).toBe(307)
    expect(page.location).toMatch(/^\/sign-in\?/)

    // Reactivated: the token works again; the sessions were revoked the first time one was used.
    sql('update user set deactivatedAt = null where email = ?', email)
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(200)
    expect((await client.fn(FN.whoAmI, { jar })).status).toBe(401)
    const again = new CookieJar()
    expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, again)).status).toBe(200)
    expect((await client.fn(FN.whoAmI, { jar: again })).status).toBe(200)
  })

  it("Better Auth's own endpoints refuse a deactivated user: get-session, change-password, sign-in, and their sessions are revoked", async () => {
    const { jar, email, id } = await newUser('deactivated')
    expect(((await client.authGet('/get-session', jar)).json as { user: { id: string } }).user.id).toBe(id)
    sql('update user set deactivatedAt = ? where email = ?', new Date().toISOString(), email)
    const stolen = jar.copy()

    const session = await client.authGet('/get-session', jar)
    expect(session.json === null || session.status === 401, session.body).toBe(true)
    expect(session.body).not.toContain(email)
    expect(sqlAll('select id from session where userId = ?', id)).toEqual([])
    // The same cookie again: still no session (not even from a cache).
    expect((await client.authGet('/get-session', stolen.copy())).body).not.toContain(email)

    const change = await client.authApi(
      '/change-password',
      { currentPassword: PASSWORD, newPassword: 'another-horse-battery' },
      stolen.copy(),
    )
    expect(change.status, change.body).toBe(401)
    const update = await client.authApi('/update-user', { name: 'renamed' }, stolen.copy())
    expect(update.status, update.body).toBe(401)
    expect(sqlAll('select name from user where id = ?', id)).toEqual([{ name: 'deactivated' }])

    const signIn = await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())
    expect(signIn.status, signIn.body).toBe(403)
    expect(signIn.json).toMatchObject({ code: 'ACCOUNT_DEACTIVATED' })
    expect(sqlAll('select id from session where userId = ?', id)).toEqual([])
  })

  it('a deactivated admin cannot reactivate themselves through admin/update-user', async () => {
    const admin = await newUser('fallen-admin')
    makeAdmin(admin.email)
    sql('update user set deactivatedAt = ? where email = ?', new Date().toISOString(), admin.email)
    const response = await client.authApi(
      '/admin/update-user',
      { userId: admin.id, data: { deactivatedAt: null } },
      admin.jar,
    )
    expect(response.status, response.body).toBe(401)
    expect(sqlAll('select deactivatedAt from user where id = ?', admin.id)[0]).not.toEqual({ deactivatedAt: null })
  })

  it('a ban written straight to the database locks the user out of getSession(), get-session and sign-in', async () => {
    const { jar, email, id } = await newUser('db-banned')
    const { token } = await createToken(jar)
    sql('update user set banned = 1 where email = ?', email)
    expect((await client.fn(FN.whoAmI, { jar: jar.copy() })).status).toBe(401)
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401)
    expect((await client.authGet('/get-session', jar.copy())).body).not.toContain(email)
    const signIn = await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())
    expect(signIn.status, signIn.body).toBe(403)
    expect(sqlAll('select id from session where userId = ?', id)).toEqual([])
    // An expired ban no longer blocks.
    sql('update user set banExpires = ? where email = ?', new Date(Date.now() - 60_000).toISOString(), email)
    expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())).status).toBe(200)
  })

  it('deactivateUser() revokes sessions and API tokens at once; reactivateUser() lets the user sign in again', async () => {
    const admin = await newUser('operator')
    makeAdmin(admin.email)
    const { jar, email, id } = await newUser('offboarded')
    const { token } = await createToken(jar)
    const off = await client.fn(FN.setDeactivated, { jar: admin.jar, data: { userId: id, deactivated: true } })
    expect(off.status, off.body).toBe(200)
    expect(sqlAll('select id from session where userId = ?', id)).toEqual([])
    expect(sqlAll('select id from apiToken where userId = ?', id)).toEqual([])
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401)
    expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())).status).toBe(403)

    const on = await client.fn(FN.setDeactivated, { jar: admin.jar, data: { userId: id, deactivated: false } })
    expect(on.status, on.body).toBe(200)
    expect((await client.fn(FN.whoAmI, { jar })).status).toBe(401) // old sessions stay revoked
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401) // and tokens
    const back = new CookieJar()
    expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, back)).status).toBe(200)
    expect((await client.fn(FN.whoAmI, { jar: back })).status).toBe(200)
  })

  it('banning a user through the admin API locks out their token and their cookie', async () => {
    const admin = await newUser('moderator')
    makeAdmin(admin.email)
    const { jar, id } = await newUser('banned')
    const { token } = await createToken(jar)
    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(200)

    const ban = await client.authApi('/admin/ban-user', { userId: id }, admin.jar)
    expect(ban.status, ban.body).toBe(200)

    expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401)
    expect((await client.fn(FN.whoAmI, { jar })).status).toBe(401)
  })
})

describe('the session token never reaches app code', () => {
  it('a server function returning getSession() as it is sends no session token to the browser', async () => {
    const { jar } = await newUser('token-leak')
    const cookieToken = decodeURIComponent(jar.get(SESSION_COOKIE) ?? '').split('.')[0]!
    expect(cookieToken.length).toBeGreaterThan(10)
    const response = await client.fn(FN.rawSession, { jar })
    expect(response.status).toBe(200)
    const result = response.result as { session: Record<string, unknown>; user: { id: string } }
    expect(result.user.id).toBeTruthy()
    expect(result.session).not.toHaveProperty('token')
    expect(response.body).not.toContain(cookieToken)
  })
})

describe('getSession() is memoized per request', () => {
  it('several getSession() calls in one server-function request cause one session lookup', async () => {
    const { jar } = await newUser('memo')
    const signedIn = await client.fn(FN.sessionLookupProbe, { jar })
    expect(signedIn.result).toEqual({ lookups: 1, signedIn: true, sameUser: true })
    const anonymous = await client.fn(FN.sessionLookupProbe)
    expect(anonymous.result).toEqual({ lookups: 1, signedIn: false, sameUser: true })
    const { token } = await createToken(jar)
    const viaToken = await client.fn(FN.sessionLookupProbe, { token, originHeaders: {} })
    expect(viaToken.result).toEqual({ lookups: 1, signedIn: true, sameUser: true })
  })

  it('one SSR page request (layout guard + loader server functions) causes one session lookup', async () => {
    const { jar } = await newUser('ssr')
    const first = Number(testId((await client.page('/dashboard', { jar })).body, 'session-lookups'))
    const second = Number(testId((await client.page('/dashboard', { jar })).body, 'session-lookups'))
    expect(Number.isInteger(first)).toBe(true)
    expect(second - first).toBe(1)
  })
})

describe('rate limits key on the real client, and on the account', () => {
  it.each([
    ['served directly', ''],
    ['behind proxies that do not include the peer', '10.0.0.0/8, fd00::/8, 192.0.2.7'],
  ])(
    '%s, a client sending a new X-Forwarded-For per request keeps its one bucket (429 by the 4th sign-in)',
    async (_, proxies) => {
      const direct = await startServer(app.dir, {
        BETTER_AUTH_SECRET: secret,
        DATABASE_PATH: dbPath,
        AUTH_TRUSTED_PROXIES: proxies,
      })
      try {
        const statuses: number[] = []
        for (let i = 1; i <= 5; i++) {
          const response = await fetch(`${direct.url}/api/auth/sign-in/email`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: direct.url, 'x-forwarded-for': `192.0.2.${i}` },
            body: JSON.stringify({ email: 'nobody@example.com', password: `guess-number-${i}` }),
          })
          statuses.push(response.status)
        }
        expect(statuses.slice(0, 3)).toEqual([401, 401, 401])
        expect(statuses.slice(3)).toEqual([429, 429])
      } finally {
        await direct.stop()
      }
    },
  )

  it('a misspelt AUTH_TRUSTED_PROXIES entry fails auth requests loudly rather than trusting any X-Forwarded-For', async () => {
    const misconfigured = await startServer(app.dir, {
      BETTER_AUTH_SECRET: secret,
      DATABASE_PATH: dbPath,
      AUTH_TRUSTED_PROXIES: '127.0.0.0/33',
    })
    try {
      const response = await fetch(`${misconfigured.url}/api/auth/get-session`, {
        headers: { 'x-forwarded-for': '192.0.2.9' },
      })
      expect(response.status).toBe(500)
      await expect
        .poll(() => misconfigured.logs())
        .toContain('AUTH_TRUSTED_PROXIES: "127.0.0.0/33" is not an IP address or CIDR range')
    } finally {
      await misconfigured.stop()
    }
  })

  it('ten wrong passwords from ten addresses lock that account for a while (429 even with the right one), not its neighbour', async () => {
    const { email } = await newUser('guessed')
    const neighbour = await newUser('neighbour')
    for (let i = 0; i < 10; i++) {
      const wrong = await client.authApi('/sign-in/email', { email, password: `wrong-guess-${i}` }, new CookieJar())
      expect(wrong.status, wrong.body).toBe(401)
    }
    const right = await client.authApi('/sign-in/email', { email, password: PASSWORD }, new CookieJar())
    expect(right.status, right.body).toBe(429)
    expect(right.json).toMatchObject({ code: 'TOO_MANY_FAILED_SIGN_INS' })
    const other = await client.authApi(
      '/sign-in/email',
      { email: neighbour.email, password: PASSWORD },
      new CookieJar(),
    )
    expect(other.status, other.body).toBe(200)
  })
})

describe('CSRF protection of server functions', () => {
  it('a cross-site POST to a server function gets 403 (and does not run it)', async () => {
    const { jar, email } = await newUser('victim')
    const crossSite = await client.fn(FN.whoAmI, {
      jar,
      originHeaders: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    })
    expect(crossSite.status).toBe(403)
    expect(crossSite.body).not.toContain(email)
    // an older browser that sends only Origin
    expect((await client.fn(FN.whoAmI, { jar, originHeaders: { origin: 'https://evil.example' } })).status).toBe(403)
    // same-site but not same-origin (a sibling subdomain)
    expect((await client.fn(FN.whoAmI, { jar, originHeaders: { 'sec-fetch-site': 'same-site' } })).status).toBe(403)
    // a cookie-only request that proves no origin at all
    expect((await client.fn(FN.whoAmI, { jar, originHeaders: {} })).status).toBe(403)
  })

  it('a same-origin POST to a server function is not refused', async () => {
    const { jar, email } = await newUser('owner')
    const byOrigin = await client.fn(FN.whoAmI, { jar, originHeaders: { origin: server.url } })
    expect(byOrigin.status).toBe(200)
    expect(byOrigin.result).toMatchObject({ email })
    const byFetchMetadata = await client.fn(FN.whoAmI, { jar, originHeaders: { 'sec-fetch-site': 'same-origin' } })
    expect(byFetchMetadata.status).toBe(200)
  })
})

describe('security headers', () => {
  const REQUIRED = {
    'x-content-type-options': /^nosniff$/i,
    'referrer-policy': /\S/,
    'permissions-policy': /\S/,
  }

  function expectSecurityHeaders(headers: Headers, label: string): void {
    for (const [name, pattern] of Object.entries(REQUIRED))
      expect(headers.get(name), `${label}: ${name}`).toMatch(pattern)
    const frameOptions = headers.get('x-frame-options')
    const csp = headers.get('content-security-policy') ?? ''
    expect(
      /^(deny|sameorigin)$/i.test(frameOptions ?? '') || /frame-ancestors/i.test(csp),
      `${label}: X-Frame-Options or frame-ancestors`,
    ).toBe(true)
  }

  it('page responses carry X-Content-Type-Options, Referrer-Policy, X-Frame-Options and Permissions-Policy', async () => {
    const { jar } = await newUser('headers')
    const pages = [
      ['/', await client.page('/')],
      ['/sign-in', await client.page('/sign-in')],
      ['/dashboard (anonymous redirect)', await client.page('/dashboard')],
      ['/dashboard (signed in)', await client.page('/dashboard', { jar })],
      ['/admin (404)', await client.page('/admin', { jar })],
    ] as const
    for (const [label, response] of pages) expectSecurityHeaders(response.headers, label)
  })

  it('HSTS is sent when the request is https (X-Forwarded-Proto: https), never over plain http', async () => {
    const plain = await client.page('/')
    expect(plain.headers.get('strict-transport-security')).toBeNull()
    const https = await client.page('/', { headers: { 'x-forwarded-proto': 'https' } })
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/)
    expectSecurityHeaders(https.headers, 'https /')
  })
  const BASELINE_CSP = ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]

  function expectCspAndCoop(headers: Headers, label: string): void {
    const csp = headers.get('content-security-policy') ?? ''
    for (const directive of BASELINE_CSP) expect(csp, `${label}: CSP`).toContain(directive)
    // no script-src: the app's inline theme script and Start's scripts carry no nonce
    expect(csp, `${label}: CSP`).not.toMatch(/script-src/)
    expect(headers.get('cross-origin-opener-policy'), `${label}: COOP`).toBe('same-origin')
  }

  it('a baseline Content-Security-Policy and COOP on pages, auth API responses, CSRF refusals and 500s', async () => {
    const { jar } = await newUser('csp')
    const route500 = await client.page('/api/e2e/boom')
    expect(route500.status).toBe(500)
    // Start serializes a server function's error for its caller
    const fnError = await client.fn(FN.boom, { jar })
    expect(fnError.error?.message).toBe('e2e: a server function that throws')
    const forged = await client.fn(FN.whoAmI, { jar, originHeaders: { origin: 'https://evil.example' } })
    expect(forged.status).toBe(403)
    const responses = [
      ['/', await client.page('/')],
      ['/dashboard (signed in)', await client.page('/dashboard', { jar })],
      ['/dashboard (anonymous redirect)', await client.page('/dashboard')],
      ['GET /api/auth/get-session', await client.page('/api/auth/get-session', { jar })],
      [
        'POST /api/auth/sign-in/email',
        await client.authApi('/sign-in/email', { email: 'x@example.com', password: 'x' }),
      ],
      ['a throwing server route (500)', route500],
      ['a throwing server function (its error reply)', fnError],
      ['a cross-site server-function call (403)', forged],
    ] as const
    for (const [label, response] of responses) {
      expectCspAndCoop(response.headers, label)
      expectSecurityHeaders(response.headers, label)
    }
  })

  it('Cache-Control: no-store on server functions, /api/auth/* and signed-in pages; not needed on anonymous pages', async () => {
    const { jar } = await newUser('cache')
    const { token } = await createToken(jar, 'cache')
    const privateResponses = [
      ['fetchSession (a server function)', await client.fn(FN.fetchSession, { jar })],
      ['fetchSession, anonymous', await client.fn(FN.fetchSession)],
      ['GET /api/auth/get-session', await client.page('/api/auth/get-session', { jar })],
      ['GET /api/auth/get-session, anonymous', await client.page('/api/auth/get-session')],
      [
        'POST /api/auth/sign-in/email',
        await client.authApi('/sign-in/email', { email: 'x@example.com', password: 'x' }),
      ],
      ['/ signed in', await client.page('/', { jar })],
      ['/dashboard signed in', await client.page('/dashboard', { jar })],
      ['/ with an API token', await client.page('/', { token })],
    ] as const
    for (const [label, response] of privateResponses) {
      expect(response.status, label).toBeLessThan(500)
      expect(response.headers.get('cache-control'), label).toMatch(/\bno-store\b/)
    }
    const anonymous = await client.page('/')
    expect(anonymous.status).toBe(200)
    expect(anonymous.headers.get('cache-control') ?? '').not.toMatch(/no-store/)
  })
})

describe('in headless Chromium', () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const email = 'browser-user@example.com'
  const name = 'Browser User'
  /** Requests the page made, reset by `track()`. */
  let requests: Request[] = []
  /** Uncaught exceptions in the tab (hydration mismatches, failed handlers...). */
  const pageErrors: string[] = []
  /** Content-Security-Policy violations the tab reported (console and `securitypolicyviolation` events). */
  const cspViolations: string[] = []
  /** The CSP header of every document the tab loaded. */
  const documentCsp: string[] = []

  beforeAll(async () => {
    browser = await launchChromium()
    context = await offlineContext(browser, server.url)
    // Every CSP violation is logged to the console, where the listener below collects it.
    await context.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) => {
        console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + event.blockedURI)
      })`,
    })
    page = await context.newPage()
    page.on('request', (request) => requests.push(request))
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`))
    page.on('console', (message) => {
      if (/CSP violation|Content Security Policy/i.test(message.text()))
        cspViolations.push(`${page.url()}: ${message.text()}`)
    })
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame())
        documentCsp.push(response.headers()['content-security-policy'] ?? '(none)')
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  function track() {
    requests = []
    const sessionFn = serverFnPath(FN.fetchSession)
    return {
      /** Documents loaded by the tab (a full page load, as opposed to a client-side navigation). */
      documents: () =>
        requests
          .filter((request) => request.isNavigationRequest() && request.frame() === page.mainFrame())
          .map((r) => r.url()),
      /** fetchSession calls the browser itself made: the guard ran client-side. */
      sessionCalls: () => requests.filter((request) => new URL(request.url()).pathname === sessionFn),
      /** The calls guards make (fetchSession, fetchAuthState), by name. */
      guardCalls: () =>
        requests
          .map((request) => new URL(request.url()).pathname)
          .flatMap((pathname) =>
            pathname === sessionFn ? ['fetchSession'] : pathname === authStateFn ? ['fetchAuthState'] : [],
          ),
    }
  }
  const authStateFn = serverFnPath(FN.fetchAuthState)

  async function markDocument() {
    await page.evaluate(() => Object.assign(globalThis, { __e2eSameDocument: true }))
  }

  async function sameDocument(): Promise<boolean> {
    return page.evaluate(() => (globalThis as { __e2eSameDocument?: boolean }).__e2eSameDocument === true)
  }

  it('the sign-in page renders the generated form (screenshot in test-artifacts/sign-in.png)', async () => {
    await page.goto('/sign-in')
    await waitForHydration(page, 'form')
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true)
    await expect(page.getByLabel('Email').isVisible()).resolves.toBe(true)
    await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true)
    await expect(page.getByRole('button', { name: 'Sign in' }).isEnabled()).resolves.toBe(true)
    await mkdir(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in.png'), fullPage: true })
  }, 60_000)

  it('an anonymous client-side navigation to a guarded route is sent to sign-in by the guard in the browser', async () => {
    await page.goto('/')
    await waitForHydration(page, '[data-testid="nav-dashboard"]')
    await markDocument()
    const seen = track()
    await page.click('[data-testid="nav-dashboard"]')
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 15_000 })
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/dashboard')
    expect(await sameDocument()).toBe(true)
    expect(seen.documents()).toEqual([])
    expect(seen.sessionCalls().length).toBeGreaterThan(0)
  }, 60_000)

  it('signs up through the generated sign-up form and lands on the app home', async () => {
    await page.goto('/sign-up')
    await waitForHydration(page, 'form')
    await page.getByLabel('Name').fill(name)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign up' }).click()
    await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 })
    expect(new URL(page.url()).origin).toBe(server.url)
    const cookies = await context.cookies()
    expect(cookies.find((cookie) => cookie.name === SESSION_COOKIE)).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
  }, 60_000)

  it('navigates client-side to a guarded route; the guard runs in the browser and lets the user in', async () => {
    await waitForHydration(page, '[data-testid="nav-account"]')
    await markDocument()
    const seen = track()
    await page.click('[data-testid="nav-account"]')
    await page.waitForURL((url) => url.pathname === '/account', { timeout: 15_000 })
    await page.getByText(`Signed in as ${email}`).waitFor({ timeout: 15_000 })
    expect(await sameDocument()).toBe(true)
    expect(seen.documents()).toEqual([])
    expect(seen.sessionCalls().length).toBeGreaterThan(0)
  }, 60_000)

  it('authClient.useSession() shows the user ({ data, isPending, error })', async () => {
    // the generated account page renders useSession().data.user.name
    await page.getByTestId('client-session').getByText(name).waitFor({ timeout: 15_000 })
    // the test-only probe on /dashboard renders the hook's whole result
    await page.click('[data-testid="nav-dashboard"]')
    await page.waitForURL((url) => url.pathname === '/dashboard', { timeout: 15_000 })
    const probe = page.getByTestId('use-session')
    await probe.getByText(email).waitFor({ timeout: 15_000 })
    expect(JSON.parse((await probe.textContent()) ?? '')).toEqual({
      hasData: true,
      hasIsPending: true,
      hasError: true,
      isPending: false,
      error: null,
      email,
    })
  }, 60_000)

  it('signing out sends the user to sign-in; signing in brings them back to the page they first asked for', async () => {
    await page.click('[data-testid="nav-account"]')
    await page.waitForURL((url) => url.pathname === '/account', { timeout: 15_000 })
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 15_000 })
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/account')
    expect((await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)).toBeUndefined()

    // The URL changes before the sign-in page's code has loaded: until then the account page (and
    // its hydrated forms) is still on screen.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15_000 })
    await waitForHydration(page, 'form')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((url) => url.pathname === '/account', { timeout: 15_000 })
    await page.getByText(`Signed in as ${email}`).waitFor({ timeout: 15_000 })
  }, 60_000)

  it('one round trip per guard: moving between pages under the guarded layout asks nothing again', async () => {
    // signed in and on /account (the test above); the first client navigation in the layout
    // may ask (the page may have come from the server, which answered there)
    await markDocument()
    await page.click('[data-testid="nav-dashboard"]')
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 15_000 })
    const seen = track()
    await page.click('[data-testid="nav-account"]')
    await page.getByText(`Signed in as ${email}`).waitFor({ timeout: 15_000 })
    await page.click('[data-testid="nav-dashboard"]')
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 15_000 })
    await page.click('[data-testid="nav-account"]')
    await page.getByText(`Signed in as ${email}`).waitFor({ timeout: 15_000 })
    expect(await sameDocument()).toBe(true)
    expect(seen.guardCalls()).toEqual([])
  }, 60_000)

  it('one round trip per guard: requireAdminAuth asks once (fetchAuthState), on its own or under the layout', async () => {
    await markDocument()
    // A click without the pointer moving there first: the router preloads a link the pointer rests
    // on (defaultPreload 'intent', after 50 ms), and on a loaded machine a real click can come late
    // enough for that preload to ask too. What is measured here is the navigation's own ask.
    const navigate = (testId: string) => page.locator(`[data-testid="${testId}"]`).dispatchEvent('click')
    // a leaf route guarded by requireAdminAuth alone (not an admin: 404, rendered client-side)
    let seen = track()
    await navigate('nav-admin')
    await page.waitForURL((url) => url.pathname === '/admin', { timeout: 15_000 })
    await page
      .getByText(/not found/i)
      .first()
      .waitFor({ timeout: 15_000 })
    expect(seen.guardCalls()).toEqual(['fetchAuthState'])
    // requireAdminAuth on a child of the guarded layout: the layout's answer has no isAdmin
    await page.click('[data-testid="nav-account"]')
    await page.getByText(`Signed in as ${email}`).waitFor({ timeout: 15_000 })
    seen = track()
    await navigate('nav-staff')
    await page.waitForURL((url) => url.pathname === '/staff', { timeout: 15_000 })
    await page
      .getByText(/not found/i)
      .first()
      .waitFor({ timeout: 15_000 })
    expect(seen.guardCalls()).toEqual(['fetchAuthState'])
    expect(await sameDocument()).toBe(true)
  }, 60_000)

  it('the generated pages raised no uncaught errors in the browser during the flow above', () => {
    expect(pageErrors).toEqual([])
  })

  it('no Content-Security-Policy violation during the flow above, on pages that all carried the CSP', async () => {
    expect(documentCsp.length).toBeGreaterThan(0)
    for (const csp of documentCsp) expect(csp).toContain("object-src 'none'")
    expect(cspViolations).toEqual([])
    // the detector works: a plugin <object> (object-src 'none') on a throwaway tab is reported
    const probe = await context.newPage()
    const seen: string[] = []
    probe.on('console', (message) => seen.push(message.text()))
    await probe.goto('/')
    await probe.evaluate(`{
      const plugin = document.createElement('object')
      plugin.data = '/favicon.ico'
      document.body.append(plugin)
    }`)
    await expect.poll(() => seen.some((text) => text.startsWith('CSP violation: object-src'))).toBe(true)
    await probe.close()
  }, 60_000)

  it('a wrong password shows an error and stays on sign-in', async () => {
    const fresh = await offlineContext(browser, server.url)
    try {
      const tab = await fresh.newPage()
      await tab.goto('/sign-in')
      await waitForHydration(tab, 'form')
      await tab.getByLabel('Email').fill(email)
      await tab.getByLabel('Password').fill('not-the-password')
      await tab.getByRole('button', { name: 'Sign in' }).click()
      await tab.getByRole('alert').getByText(/\S/).waitFor({ timeout: 15_000 })
      expect(new URL(tab.url()).pathname).toBe('/sign-in')
    } finally {
      await fresh.close()
    }
  }, 60_000)

  it('signing in never follows a malicious redirect (//evil.example, https://evil.example, javascript:)', async () => {
    const victim = await newUser('phished')
    const fresh = await browser.newContext({ baseURL: server.url })
    try {
      const offsite: string[] = []
      const dialogs: string[] = []
      // Record any attempt to reach the attacker's host (all off-site requests are blocked anyway).
      await fresh.route(
        (url) => url.hostname !== 'localhost',
        (route) => {
          if (new URL(route.request().url()).hostname.endsWith('evil.example')) offsite.push(route.request().url())
          return route.abort()
        },
      )
      const landed: Record<string, string> = {}
      for (const target of EVIL_REDIRECTS) {
        await fresh.clearCookies()
        const tab = await fresh.newPage()
        await tab.setExtraHTTPHeaders({ 'x-forwarded-for': nextClientIp() })
        tab.on('dialog', (dialog) => {
          dialogs.push(dialog.message())
          void dialog.dismiss()
        })
        await tab.goto(`/sign-in?redirect=${encodeURIComponent(target)}`)
        await waitForHydration(tab, 'form')
        await tab.getByLabel('Email').fill(victim.email)
        await tab.getByLabel('Password').fill(PASSWORD)
        await tab.getByRole('button', { name: 'Sign in' }).click()
        await tab.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 15_000 }).catch(() => undefined)
        await tab.waitForLoadState('load')
        landed[target] = tab.url()
        await tab.close()
      }
      // every payload falls back to the app home; nothing reached the attacker's host or ran script
      expect({ landed, offsite, dialogs }).toEqual({
        landed: Object.fromEntries(EVIL_REDIRECTS.map((target) => [target, `${server.url}/`])),
        offsite: [],
        dialogs: [],
      })
    } finally {
      await fresh.close()
    }
  }, 90_000)
})
