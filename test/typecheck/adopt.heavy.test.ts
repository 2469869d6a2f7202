import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
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

// The adopted app with its real dependencies: `init --yes` patches the app's own instance,
// client and /login page, installs, regenerates the route tree and migrates through the app's
// own src/lib/auth.ts; then the app must type-check and build with zero errors.
describe('adopting an existing Better Auth setup type-checks and builds', () => {
  it('existing-better-auth (instance in src/lib/auth.ts, client, handler, /login)', async () => {
    const app = await copyFixture('existing-better-auth', { installed: true })
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
    const tables = inApp(app, process.execPath, [
      '-e',
      "const D=require('better-sqlite3');console.log(new D('data/auth.db').prepare(\"select name from sqlite_master where type='table'\").all().map(r=>r.name).sort().join(','))",
    ]).trim()
    expect(tables.split(',')).toEqual(
      expect.arrayContaining(['account', 'apiToken', 'member', 'organization', 'session', 'user', 'verification']),
    )
    const columns = inApp(app, process.execPath, [
      '-e',
      "const D=require('better-sqlite3');console.log(new D('data/auth.db').prepare('pragma table_info(user)').all().map(r=>r.name).join(','))",
    ])
    expect(columns.trim().split(',')).toEqual(expect.arrayContaining(['role', 'banned', 'deactivatedAt']))
  }, 600_000)
})
