import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { startBuiltApp } from '../helpers/app-server.js'
import { copyFixture } from '../helpers/fixtures.js'

/** Runs a command in the app, returning its combined output; throws with that output on failure. */
function inApp(app: string, file: string, args: string[]): string {
  try {
    return execFileSync(file, args, {
      cwd: app,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true' },
    })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`)
  }
}

// The Drizzle app with its real dependencies (drizzle-orm, drizzle-kit, better-sqlite3): `init --yes`
// wires drizzleAdapter to the app's db, writes src/db/auth-schema.ts, installs and regenerates the
// route tree without migrating; the app must then type-check and build, and drizzle-kit must create
// the auth tables from the generated schema. Not in global-setup's preinstall list: the first run
// installs the fixture (slow), later runs reuse the cache.
describe('init on a Drizzle app type-checks, builds and migrates with drizzle-kit', () => {
  it('drizzle-sqlite', async () => {
    const app = await copyFixture('drizzle-sqlite', { installed: true })
    const init = runCli(['init', '--yes', '--cwd', app])
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toContain('npx drizzle-kit generate && npx drizzle-kit migrate')
    expect(existsSync(path.join(app, 'data'))).toBe(false) // nothing migrated behind drizzle-kit's back
    expect(readFileSync(path.join(app, 'src/routeTree.gen.ts'), 'utf8')).toContain("'/sign-in'")
    // `kit-auth migrate` regenerates the route tree and leaves the tables to drizzle-kit
    const migrate = runCli(['migrate', '--cwd', app])
    expect(migrate.code, migrate.stderr).toBe(0)
    expect(migrate.stdout).toContain('apply them with `npx drizzle-kit generate && npx drizzle-kit migrate`')
    expect(existsSync(path.join(app, 'data'))).toBe(false)
    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)
    // the app's db module creates ./data at run time; drizzle-kit does not
    mkdirSync(path.join(app, 'data'))
    inApp(app, 'npx', ['drizzle-kit', 'push', '--force'])
    const tables = inApp(app, process.execPath, [
      '-e',
      "const D=require('better-sqlite3');console.log(new D('data/app.db').prepare(\"select name from sqlite_master where type='table'\").all().map(r=>r.name).sort().join(','))",
    ]).trim()
    expect(tables.split(',')).toEqual(
      expect.arrayContaining([
        'account',
        'api_token',
        'invitation',
        'member',
        'organization',
        'session',
        'todos',
        'user',
        'verification',
      ]),
    )

    // the built app signs a user up through drizzleAdapter into those tables
    const server = await startBuiltApp(app, { DATABASE_PATH: path.join(app, 'data/app.db') })
    try {
      const response = await fetch(`${server.origin}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin },
        body: JSON.stringify({ email: 'drizzle@example.com', password: 'correct horse battery', name: 'Drizzle' }),
      })
      expect(response.status, `${await response.clone().text()}\n${server.log()}`).toBe(200)
      expect(response.headers.get('set-cookie')).toMatch(/better-auth\.session_token=/)
    } finally {
      await server.stop()
    }
    const users = inApp(app, process.execPath, [
      '-e',
      "const D=require('better-sqlite3');console.log(JSON.stringify(new D('data/app.db').prepare('select email, role, banned from user').all()))",
    ])
    expect(JSON.parse(users)).toEqual([{ email: 'drizzle@example.com', role: 'user', banned: 0 }])
  }, 900_000)
})
