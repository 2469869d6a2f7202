import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inApp, startBuiltApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'

/** The auth tables and the user columns in the app's data/auth.db. */
function migrated(app: string): { tables: string[]; userColumns: string[] } {
  const query = (sql: string) =>
    inApp(app, process.execPath, [
      '-e',
      `const D=require('better-sqlite3');console.log(new D('data/auth.db').prepare(${JSON.stringify(sql)}).all().map(r=>r.name).sort().join(','))`,
    ])
      .trim()
      .split(',')
  return {
    tables: query("select name from sqlite_master where type='table'"),
    userColumns: query('pragma table_info(user)'),
  }
}

const AUTH_TABLES = ['account', 'apiToken', 'member', 'organization', 'session', 'user', 'verification']

describe('adopting an existing Better Auth setup type-checks and builds', () => {
  it('existing-better-auth (instance in src/lib/auth.ts, client, handler, /login; a conditional plugin spread)', async () => {
    const app = await copyFixture('existing-better-auth', { installed: true })
    // a plugin listed only when configured (0x0501's shape): TypeScript then reads the plugins as a plain array, which
    // hides every plugin's fields from the instance's type; kit-auth's session types name the ones it reads
    const authFile = path.join(app, 'src/lib/auth.ts')
    writeFileSync(
      authFile,
      readFileSync(authFile, 'utf8')
        .replace("import { admin } from 'better-auth/plugins'", "import { admin, captcha } from 'better-auth/plugins'")
        .replace(
          'plugins: [tanstackStartCookies(), admin()],',
          'plugins: [\n    tanstackStartCookies(),\n    admin(),\n' +
            "    ...(process.env.TURNSTILE_SECRET ? [captcha({ provider: 'cloudflare-turnstile', secretKey: process.env.TURNSTILE_SECRET })] : []),\n  ],",
        ),
    )
    expect(readFileSync(authFile, 'utf8')).toContain('...(process.env.TURNSTILE_SECRET ?')
    const init = runCli(['init', '--yes', '--cwd', app])
    expect(init.code, init.stderr).toBe(0)
    expect(existsSync(path.join(app, 'src/lib/auth/auth.ts'))).toBe(false)
    const routeTree = readFileSync(path.join(app, 'src/routeTree.gen.ts'), 'utf8')
    expect(routeTree).toContain("'/login'")
    expect(routeTree).not.toContain("'/sign-in'")
    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)
    // the migration ran against the app's own instance, with the plugins kit-auth added
    const { tables, userColumns } = migrated(app)
    expect(tables).toEqual(expect.arrayContaining(AUTH_TABLES))
    expect(userColumns).toEqual(expect.arrayContaining(['role', 'banned', 'deactivatedAt']))
  }, 600_000)

  it('better-auth-1-3 (an app still on better-auth 1.3.34): adopted on its own release; tsc, build, sign-up, /login redirect', async () => {
    const app = await copyFixture('better-auth-1-3', { installed: true })
    const init = runCli(['init', '--yes', '--cwd', app])
    expect(init.code, init.stderr).toBe(0)
    const version = (file: string) =>
      (JSON.parse(readFileSync(path.join(app, file), 'utf8')) as { version: string }).version
    expect(version('node_modules/better-auth/package.json')).toBe('1.3.34')
    const auth = readFileSync(path.join(app, 'src/lib/auth.ts'), 'utf8')
    expect(auth).toMatch(
      /plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*reactStartCookies\(\),?\s*\]/,
    )
    expect(auth).not.toContain('tanstack-start')
    // 1.3's getMigrations (better-auth/db) created the tables
    const { tables, userColumns } = migrated(app)
    expect(tables).toEqual(expect.arrayContaining(AUTH_TABLES))
    expect(userColumns).toEqual(expect.arrayContaining(['role', 'banned', 'deactivatedAt']))
    protectAboutAndBuild(app)

    const server = await startBuiltApp(app)
    try {
      const about = await fetch(`${server.origin}/about`, { redirect: 'manual' })
      expect(about.status, server.log()).toBe(307)
      expect(about.headers.get('location')).toMatch(/\/login\?redirect=%2Fabout$/)
      const signUp = await fetch(`${server.origin}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin },
        body: JSON.stringify({ name: 'Old', email: 'old@example.com', password: 'correct-horse-battery' }),
      })
      expect(signUp.status, await signUp.clone().text()).toBe(200)
      const cookie = signUp.headers.getSetCookie().find((line) => line.startsWith('better-auth.session_token='))
      expect(cookie).toBeDefined()
      const signedIn = await fetch(`${server.origin}/about`, {
        redirect: 'manual',
        headers: { cookie: cookie!.split(';')[0]! },
      })
      expect(signedIn.status, server.log()).toBe(200)
    } finally {
      await server.stop()
    }
  }, 600_000)

  it('auth-server-only-fn (createServerOnlyFn factory, cookie cache on) with --db sqlite: reached through getAuth() per request; deactivation beats the cookie cache', async () => {
    const app = await copyFixture('auth-server-only-fn', { installed: true })
    // --db sqlite: the stateless instance gets a database, and with it everything that needs one
    const init = runCli(['init', '--yes', '--db', 'sqlite', '--cwd', app])
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toContain("kit-auth's getSession() still reads the session from the database")
    expect(readFileSync(path.join(app, 'src/lib/auth.ts'), 'utf8')).toContain('database: new Database(databasePath)')
    expect(migrated(app).tables).toEqual(expect.arrayContaining(AUTH_TABLES))
    protectAboutAndBuild(app)
    const server = await startBuiltApp(app)
    try {
      const email = 'factory@example.com'
      const cookie = await signUp(server.origin, email)
      const page = (headers: Record<string, string> = {}) =>
        fetch(`${server.origin}/about`, { redirect: 'manual', headers })
      expect((await page()).status, server.log()).toBe(307)
      expect((await page({ cookie })).status, server.log()).toBe(200)
      inApp(app, process.execPath, [
        '-e',
        `const D=require('better-sqlite3');new D('data/auth.db').prepare('update user set deactivatedAt = ? where email = ?').run(new Date().toISOString(), ${JSON.stringify(email)})`,
      ])
      // the session cookie cache (5 minutes) still holds the user: the choke point must not trust it
      expect((await page({ cookie })).status, server.log()).toBe(307)
    } finally {
      await server.stop()
    }
  }, 600_000)

  it('auth-stateless (no database, sessions in the cookie): stays stateless; tsc, build, sign-up and the guard work', async () => {
    const app = await copyFixture('auth-stateless', { installed: true })
    const init = runCli(['init', '--yes', '--cwd', app])
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toContain('has no database (stateless)')
    expect(existsSync(path.join(app, 'data'))).toBe(false)
    protectAboutAndBuild(app)
    const server = await startBuiltApp(app)
    try {
      expect((await fetch(`${server.origin}/about`, { redirect: 'manual' })).status, server.log()).toBe(307)
      const cookie = await signUp(server.origin, 'stateless@example.com')
      const about = await fetch(`${server.origin}/about`, { redirect: 'manual', headers: { cookie } })
      expect(about.status, server.log()).toBe(200)
    } finally {
      await server.stop()
    }
  }, 600_000)
})

/** Signs up through Better Auth's endpoint and returns the Cookie header of the new session (all its cookies). */
async function signUp(origin: string, email: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ name: 'User', email, password: 'correct-horse-battery' }),
  })
  expect(response.status, await response.clone().text()).toBe(200)
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]!)
  expect(cookies.some((cookie) => cookie.startsWith('better-auth.session_token='))).toBe(true)
  return cookies.join('; ')
}

/** `protect /about`, `migrate` (the route tree then knows the guarded route), `tsc --noEmit`, `vite build`. */
function protectAboutAndBuild(app: string): void {
  expect(runCli(['protect', '/about', '--yes', '--cwd', app]).code).toBe(0)
  expect(runCli(['migrate', '--cwd', app]).code).toBe(0)
  inApp(app, 'npx', ['tsc', '--noEmit'])
  inApp(app, 'npx', ['vite', 'build'])
}
