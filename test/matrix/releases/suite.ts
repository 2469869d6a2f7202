/**
 * The real-install matrix of better-auth releases (issue 12): an app that already declares one
 * release of each minor goes through `kit-auth init --yes`, type-checks, builds and serves, and
 * over HTTP signs up, is redirected by a guarded route, uses an API token, is locked out by
 * deactivation and gets its account emails (verification, reset, email change) over real SMTP; then add-guard (every kind), protect and migrate run on the same app and it still
 * type-checks. One file per release (test/matrix/better-auth-*.heavy.test.ts) so they run in
 * parallel; 1.7 is the release of the full end-to-end suite (test/e2e/app.heavy.test.ts), which
 * also runs on any other release with KIT_AUTH_E2E_BETTER_AUTH=<release>.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli.js'
import { inApp, openDatabase, prepareApp, randomSecret, startServer } from '../../e2e/helpers/app.js'
import type { PreparedApp, RunningServer } from '../../e2e/helpers/app.js'
import { AppClient, CookieJar, FN } from '../../e2e/helpers/http.js'
import { linkIn, startMailbox, type Mailbox } from '../../helpers/mailbox.js'

export interface Release {
  version: string
  /** The cookies plugin that release ships (read from its package exports). */
  cookies: 'reactStartCookies' | 'tanstackStartCookies'
  /** Where it exports getMigrations. */
  migrations: 'better-auth/db' | 'better-auth/db/migration'
}

const PASSWORD = 'correct-horse-battery'

export function releaseSuite(release: Release): void {
  describe(`better-auth ${release.version}`, () => {
    let app: PreparedApp
    let server: RunningServer
    let client: AppClient
    let dbPath: string
    let mailbox: Mailbox
    let users = 0

    beforeAll(async () => {
      mailbox = await startMailbox()
      app = await prepareApp({ betterAuth: release.version })
      dbPath = path.join(app.dir, 'data/auth.db')
      server = await startServer(app.dir, {
        BETTER_AUTH_SECRET: randomSecret(),
        DATABASE_PATH: dbPath,
        SMTP_URL: mailbox.url,
      })
      client = new AppClient(server.url, app.dir)
    }, 900_000)

    afterAll(async () => {
      await server?.stop()
      await app?.cleanup()
      await mailbox?.close()
    })

    /** GETs an emailed link without following its redirect, storing cookies in `jar`. */
    async function follow(link: string, jar: CookieJar) {
      return (await client.link(link, jar)).location ?? new URL(server.url)
    }

    const kitAuth = (...args: string[]) => {
      const result = runCli([...args, '--cwd', app.dir], { env: { CI: 'true' } })
      expect(result.code, `kit-auth ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0)
      return result
    }
    const tsc = () =>
      inApp(app.dir, process.execPath, [path.join(app.dir, 'node_modules/typescript/bin/tsc'), '--noEmit'])

    async function signUp(): Promise<{ jar: CookieJar; email: string }> {
      const email = `user-${++users}@example.com`
      const jar = new CookieJar()
      const response = await client.authApi('/sign-up/email', { name: 'Matrix', email, password: PASSWORD }, jar)
      expect(response.status, response.body).toBe(200)
      return { jar, email }
    }

    it("keeps the app on its release and writes that release's spelling", async () => {
      const installed = JSON.parse(await readFile(path.join(app.dir, 'node_modules/better-auth/package.json'), 'utf8'))
      expect(installed.version).toBe(release.version)
      const manifest = JSON.parse(await readFile(path.join(app.dir, 'package.json'), 'utf8'))
      expect(manifest.dependencies['better-auth']).toBe(`^${release.version}`)
      const auth = await readFile(path.join(app.dir, 'src/lib/auth/auth.ts'), 'utf8')
      expect(auth).toMatch(new RegExp(`${release.cookies}\\(\\),\\n  \\],`))
    })

    it('type-checks, the test routes included', async () => {
      await tsc()
    }, 180_000)

    it('sign-up sets an httpOnly session cookie; a guarded page redirects anonymous and serves the user', async () => {
      const anonymous = await client.page('/dashboard')
      expect(anonymous.status).toBe(307)
      expect(anonymous.location).toBe('/sign-in?redirect=%2Fdashboard')
      const { jar, email } = await signUp()
      expect(jar.setCookies.some((line) => /^better-auth\.session_token=.+HttpOnly/i.test(line))).toBe(true)
      const page = await client.page('/dashboard', { jar })
      expect(page.status).toBe(200)
      expect(page.body).toContain(email)
    })

    it('an API token reaches authAction server functions; a revoked one is anonymous', async () => {
      const { jar, email } = await signUp()
      const created = await client.fn(FN.createApiToken, { jar, data: { name: 'ci' } })
      expect(created.status, created.body).toBe(200)
      const { token, apiToken } = created.result as { token: string; apiToken: { id: string } }
      const whoAmI = await client.fn(FN.whoAmI, { token, originHeaders: {} })
      expect(whoAmI.status, whoAmI.body).toBe(200)
      expect(whoAmI.result).toMatchObject({ email, via: 'token', sessionIsNull: true })
      await client.fn(FN.revokeApiToken, { jar, data: { id: apiToken.id } })
      expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401)
    })

    it('deactivation locks out both the cookie and the token on the next request', async () => {
      const { jar, email } = await signUp()
      const { token } = (await client.fn(FN.createApiToken, { jar, data: { name: 'ci' } })).result as { token: string }
      expect((await client.fn(FN.whoAmI, { jar })).status).toBe(200)
      const db = openDatabase(app.dir, dbPath)
      try {
        db.prepare('update user set deactivatedAt = ? where email = ?').run(new Date().toISOString(), email)
      } finally {
        db.close()
      }
      expect((await client.fn(FN.whoAmI, { jar })).status).toBe(401)
      expect((await client.fn(FN.whoAmI, { token, originHeaders: {} })).status).toBe(401)
      expect((await client.page('/dashboard', { jar })).status).toBe(307)
    })

    it('account emails on this release: verification, a once-only reset, an email change through the new address', async () => {
      const { jar, email } = await signUp()
      await follow(linkIn((await mailbox.waitFor(email)).text), jar)
      const verified = (await client.authGet('/get-session', jar)).json as { user: { emailVerified: boolean } }
      expect(verified.user.emailVerified).toBe(true)

      // a verified user's new address gets the link (1.3 through changeEmail.sendChangeEmailVerification)
      const newEmail = `moved-${users}@example.com`
      const change = await client.authApi('/change-email', { newEmail, callbackURL: '/verify-email' }, jar)
      expect(change.status, change.body).toBe(200)
      await follow(linkIn((await mailbox.waitFor(newEmail)).text), jar)
      const moved = (await client.authGet('/get-session', jar)).json as { user: { email: string } }
      expect(moved.user.email).toBe(newEmail)

      const requested = await client.authApi('/request-password-reset', {
        email: newEmail,
        redirectTo: '/reset-password',
      })
      expect(requested.status, requested.body).toBe(200)
      const landed = await follow(
        linkIn((await mailbox.waitFor(newEmail, /^Reset your password/)).text),
        new CookieJar(),
      )
      expect(landed.pathname).toBe('/reset-password')
      const token = landed.searchParams.get('token')
      const newPassword = 'matrix-new-passphrase'
      expect((await client.authApi('/reset-password', { newPassword, token })).status).toBe(200)
      expect((await client.authApi('/reset-password', { newPassword, token })).status).toBe(400)
      expect((await client.authGet('/get-session', jar)).json).toBeNull()
      const signIn = await client.authApi('/sign-in/email', { email: newEmail, password: newPassword }, new CookieJar())
      expect(signIn.status, signIn.body).toBe(200)
    })

    it('add-guard (every kind), protect and migrate work on this release; the app still type-checks', async () => {
      for (const kind of ['admin', 'organization', 'role:editor', 'permission:project:create'])
        kitAuth('add-guard', kind, '--yes', '--no-install')
      kitAuth('protect', '/about', '--yes')
      const migrate = kitAuth('migrate')
      expect(migrate.stdout + migrate.stderr).not.toMatch(/fail/i)
      const about = await readFile(path.join(app.dir, 'src/routes/about.tsx'), 'utf8')
      expect(about).toContain('beforeLoad')
      await tsc()
    }, 300_000)
  })
}
