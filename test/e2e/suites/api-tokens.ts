/**
 * API tokens beyond the choke point (issue 13, item 5): scopes by HTTP method and for admin and
 * role middleware, expiry, minting only from a fresh, non-impersonated session, revocation on
 * password change, reset and an admin's set-user-password, and the `scopes` column reaching a
 * database migrated before it existed. Item 8: `.middleware([...])` keeps the auth middleware (the
 * options' `middleware` is a type error: test/e2e/overlay/src/lib/e2e/action-options.typecheck.ts).
 * Runs inside app.heavy.test.ts, on its app and server.
 */
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli.js'
import { openDatabase, startServer, type PreparedApp, type RunningServer } from '../helpers/app.js'
import { AppClient, CookieJar, FN, nextClientIp } from '../helpers/http.js'

export interface SuiteEnv {
  app: PreparedApp
  server: RunningServer
  client: AppClient
  dbPath: string
  secret: string
  password: string
  newUser(tag: string): Promise<{ jar: CookieJar; email: string; id: string }>
  sql(statement: string, ...params: unknown[]): void
  makeAdmin(email: string): void
}

/** Registers the suite; `env` is read when the tests run (after the suite's beforeAll). */
export function apiTokenSuite(env: () => SuiteEnv): void {
  let client: AppClient
  let server: RunningServer
  let newUser: SuiteEnv['newUser']
  let sql: SuiteEnv['sql']
  let makeAdmin: SuiteEnv['makeAdmin']
  let PASSWORD: string
  beforeAll(() => {
    ;({ client, server, newUser, sql, makeAdmin, password: PASSWORD } = env())
  })

  describe('API token scopes, expiry and revocation', () => {
    async function tokenWith(jar: CookieJar, data: Record<string, unknown>) {
      const response = await client.fn(FN.createApiToken, { jar, data: { name: 'scoped', ...data } })
      expect(response.status, response.body).toBe(200)
      return response.result as { token: string; apiToken: { id: string; scopes: string[]; expiresAt: Date } }
    }
    const asToken = (token: string) => ({ token, originHeaders: {} })
    async function route(method: 'GET' | 'POST', token: string) {
      const response = await fetch(`${server.url}/api/e2e/tokens`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': nextClientIp() },
      })
      return { status: response.status, body: await response.text() }
    }

    it("an admin's default (read, write) token gets 403 on an admin action; an admin-scoped one passes", async () => {
      const { jar, email } = await newUser('operator')
      makeAdmin(email)
      expect((await client.fn(FN.adminPing, { jar })).status).toBe(200)
      const plain = await tokenWith(jar, {})
      expect(plain.apiToken.scopes).toEqual(['read', 'write'])
      const refused = await client.fn(FN.adminPing, asToken(plain.token))
      expect(refused.status).toBe(403)
      expect(refused.error?.message).toMatch(/admin scope/)
      expect((await client.fn(FN.whoAmI, asToken(plain.token))).status).toBe(200)
      const admin = await tokenWith(jar, { scopes: ['read', 'write', 'admin'] })
      const passed = await client.fn(FN.adminPing, asToken(admin.token))
      expect(passed.status, passed.body).toBe(200)
      expect(passed.result).toEqual({ ok: true, admin: email })
    })

    it("requireAdminAuth pages (requireAdmin) treat an admin's token without the admin scope as a non-admin (404)", async () => {
      const { jar, email } = await newUser('page-operator')
      makeAdmin(email)
      const plain = await tokenWith(jar, {})
      const admin = await tokenWith(jar, { scopes: ['read', 'write', 'admin'] })
      expect((await client.page('/admin', { jar })).status).toBe(200)
      expect((await client.page('/admin', { token: plain.token })).status).toBe(404)
      expect((await client.page('/admin', { token: admin.token })).status).toBe(200)
    })

    it('the admin scope grants nothing the user lacks: a non-admin admin-scoped token still gets 403', async () => {
      const { jar } = await newUser('pretender')
      const { token } = await tokenWith(jar, { scopes: ['read', 'write', 'admin'] })
      expect((await client.fn(FN.adminPing, asToken(token))).status).toBe(403)
    })

    it('a read token calls GET server functions and GET routes, and gets 403 on POST ones', async () => {
      const { jar, id } = await newUser('reader-token')
      const read = await tokenWith(jar, { scopes: ['read'] })
      const get = await client.fn(FN.readProbe, asToken(read.token))
      expect(get.status, get.body).toBe(200)
      expect(get.result).toEqual({ id, apiToken: { id: read.apiToken.id, scopes: ['read'] } })
      expect((await client.fn(FN.writeProbe, asToken(read.token))).status).toBe(403)
      expect((await client.fn(FN.whoAmI, asToken(read.token))).status).toBe(403)
      expect((await route('GET', read.token)).status).toBe(200)
      expect(await route('POST', read.token)).toMatchObject({ status: 403 })
      // a write-only token is the mirror image
      const write = await tokenWith(jar, { scopes: ['write'] })
      expect((await client.fn(FN.readProbe, asToken(write.token))).status).toBe(403)
      expect((await client.fn(FN.writeProbe, asToken(write.token))).status).toBe(200)
      expect((await route('GET', write.token)).status).toBe(403)
      expect((await route('POST', write.token)).status).toBe(200)
      // a cookie session is not scoped
      expect((await client.fn(FN.writeProbe, { jar })).result).toEqual({ id, apiToken: null })
    })

    it('a token made before scopes existed (scopes null) reads and writes, but is no admin token', async () => {
      const { jar, email } = await newUser('legacy')
      makeAdmin(email)
      const { token, apiToken } = await tokenWith(jar, { scopes: ['read', 'write', 'admin'] })
      sql('update apiToken set scopes = null where id = ?', apiToken.id)
      expect((await client.fn(FN.readProbe, asToken(token))).status).toBe(200)
      expect((await client.fn(FN.writeProbe, asToken(token))).result).toMatchObject({
        apiToken: { scopes: ['read', 'write'] },
      })
      expect((await client.fn(FN.adminPing, asToken(token))).status).toBe(403)
    })

    it('unknown or empty scopes are refused (400) and create nothing', async () => {
      const { jar } = await newUser('scopeless')
      for (const scopes of [[], ['root'], 'admin']) {
        const response = await client.fn(FN.createApiToken, { jar, data: { name: 'bad', scopes } })
        expect(response.status, JSON.stringify(scopes)).toBe(400)
      }
      expect((await client.fn(FN.listApiTokens, { jar })).result).toEqual([])
    })

    it('tokens expire in 90 days by default, 365 at most (400 beyond); the account page shows expiry', async () => {
      const { jar } = await newUser('expiry')
      const before = Date.now()
      const { apiToken } = await tokenWith(jar, {})
      const days = (new Date(apiToken.expiresAt).getTime() - before) / 86_400_000
      expect(days).toBeGreaterThan(89.99)
      expect(days).toBeLessThan(90.01)
      const year = await tokenWith(jar, { expiresInDays: 365 })
      expect(new Date(year.apiToken.expiresAt).getTime()).toBeGreaterThan(before + 364.9 * 86_400_000)
      for (const expiresInDays of [366, 10_000, 0, -1, 1.5]) {
        const response = await client.fn(FN.createApiToken, { jar, data: { name: 'long', expiresInDays } })
        expect(response.status, String(expiresInDays)).toBe(400)
      }
      const listed = (await client.fn(FN.listApiTokens, { jar })).result as { expiresAt: Date }[]
      expect(listed).toHaveLength(2)
      expect(listed.every((token) => token.expiresAt)).toBe(true)
      const account = await client.page('/account', { jar })
      expect(account.body.match(/data-testid="token-expires"[^>]*>expires /g)).toHaveLength(2)
      expect(account.body).toMatch(/<option value="365">365 days<\/option>/)
    })

    it('creating a token needs a recent sign-in: a session older than freshAge (1 day) is refused', async () => {
      const { jar, email, id } = await newUser('stale')
      sql('update session set createdAt = ? where userId = ?', new Date(Date.now() - 2 * 86_400_000).toISOString(), id)
      expect((await client.fn(FN.whoAmI, { jar })).status).toBe(200) // still signed in
      const stale = await client.fn(FN.createApiToken, { jar, data: { name: 'stale' } })
      expect(stale.status).toBe(403)
      expect(stale.error?.message).toMatch(/sign in again/i)
      const fresh = new CookieJar()
      expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, fresh)).status).toBe(200)
      expect((await client.fn(FN.createApiToken, { jar: fresh, data: { name: 'fresh' } })).status).toBe(200)
    })

    it('an admin impersonating a user cannot create a token for them', async () => {
      const admin = await newUser('impersonator')
      makeAdmin(admin.email)
      const target = await newUser('impersonated')
      const impersonate = await client.authApi('/admin/impersonate-user', { userId: target.id }, admin.jar)
      expect(impersonate.status, impersonate.body).toBe(200)
      expect((await client.fn(FN.whoAmI, { jar: admin.jar })).result).toMatchObject({ id: target.id })
      const refused = await client.fn(FN.createApiToken, { jar: admin.jar, data: { name: 'backdoor' } })
      expect(refused.status).toBe(403)
      expect(refused.error?.message).toMatch(/impersonating/)
      expect((await client.fn(FN.listApiTokens, { jar: target.jar })).result).toEqual([])
    })

    it("changing the password revokes the user's tokens (and nobody else's)", async () => {
      const { jar } = await newUser('rotator')
      const other = await newUser('bystander')
      const mine = await tokenWith(jar, {})
      const theirs = await tokenWith(other.jar, {})
      const change = await client.authApi(
        '/change-password',
        { currentPassword: PASSWORD, newPassword: 'another-horse-battery' },
        jar,
      )
      expect(change.status, change.body).toBe(200)
      expect((await client.fn(FN.whoAmI, asToken(mine.token))).status).toBe(401)
      expect((await client.fn(FN.whoAmI, asToken(theirs.token))).status).toBe(200)
      // a wrong current password changes nothing and revokes nothing
      const kept = await tokenWith(other.jar, {})
      const wrong = await client.authApi(
        '/change-password',
        { currentPassword: 'not-the-password', newPassword: 'another-horse-battery' },
        other.jar,
      )
      expect(wrong.status).toBe(400)
      expect((await client.fn(FN.whoAmI, asToken(kept.token))).status).toBe(200)
    })

    it("a password reset and an admin's set-user-password revoke the user's tokens", async () => {
      const { jar, id } = await newUser('forgetful')
      const { token } = await tokenWith(jar, {})
      // the reset link's token, as the reset email would carry it
      const now = new Date().toISOString()
      const expires = new Date(Date.now() + 3_600_000).toISOString()
      sql(
        'insert into verification (id, identifier, value, expiresAt, createdAt, updatedAt) values (?, ?, ?, ?, ?, ?)',
        `reset-${id}`,
        `reset-password:link-${id}`,
        id,
        expires,
        now,
        now,
      )
      const reset = await client.authApi('/reset-password', { newPassword: 'reset-horse-battery', token: `link-${id}` })
      expect(reset.status, reset.body).toBe(200)
      expect((await client.fn(FN.whoAmI, asToken(token))).status).toBe(401)

      const admin = await newUser('helpdesk')
      makeAdmin(admin.email)
      const user = await newUser('locked-out')
      const second = await tokenWith(user.jar, {})
      const set = await client.authApi(
        '/admin/set-user-password',
        { userId: user.id, newPassword: 'helpdesk-horse-battery' },
        admin.jar,
      )
      expect(set.status, set.body).toBe(200)
      expect((await client.fn(FN.whoAmI, asToken(second.token))).status).toBe(401)
    })
  })

  describe('the scopes column reaches a database migrated before it existed', () => {
    it('`kit-auth migrate` adds it; a token from before (scopes null) still reads and writes', async () => {
      const { app, dbPath, secret } = env()
      const { jar, id } = await newUser('pre-scopes')
      const created = await client.fn(FN.createApiToken, { jar, data: { name: 'old' } })
      const { token } = created.result as { token: string }
      // The same database as an app init'd before scopes existed had it: no scopes column.
      const legacyDb = path.join(app.dir, 'data/pre-scopes.db')
      sql('vacuum into ?', legacyDb)
      const columns = () => {
        const db = openDatabase(app.dir, legacyDb)
        try {
          return (db.prepare('pragma table_info(apiToken)').all() as { name: string }[]).map((c) => c.name)
        } finally {
          db.close()
        }
      }
      const db = openDatabase(app.dir, legacyDb)
      try {
        db.prepare('alter table apiToken drop column scopes').run()
      } finally {
        db.close()
      }
      expect(columns()).not.toContain('scopes')

      const migrate = runCli(['migrate', '--cwd', app.dir], { env: { CI: 'true', DATABASE_PATH: legacyDb } })
      expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0)
      expect(columns()).toContain('scopes')

      const migrated = await startServer(app.dir, { BETTER_AUTH_SECRET: secret, DATABASE_PATH: legacyDb })
      try {
        const legacy = new AppClient(migrated.url, app.dir)
        const read = await legacy.fn(FN.readProbe, { token, originHeaders: {} })
        expect(read.status, read.body).toBe(200)
        expect(read.result).toMatchObject({ id, apiToken: { scopes: ['read', 'write'] } })
        expect((await legacy.fn(FN.writeProbe, { token, originHeaders: {} })).status).toBe(200)
      } finally {
        await migrated.stop()
      }
    }, 180_000)
  })

  describe('the action builders keep their auth middleware', () => {
    it('.middleware([...]) appends: the auth check still runs and the added middleware too', async () => {
      expect((await client.fn(FN.appendedProbe)).status).toBe(401)
      const { jar, id } = await newUser('appender')
      const response = await client.fn(FN.appendedProbe, { jar })
      expect(response.status, response.body).toBe(200)
      expect(response.result).toEqual({ id, tag: 'appended' })
    })
  })
}
