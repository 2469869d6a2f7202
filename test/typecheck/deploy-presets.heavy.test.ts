/**
 * `create --deployment nitro` (also what vercel, railway and render write): Nitro makes the app's
 * SSR environment non-runnable from Node, so the migration loads the auth module through a plain
 * Vite server. With real dependencies: `init --yes` exits 0 and creates the tables, the app
 * type-checks and builds, and the built Nitro server signs a user up and guards /account.
 * Not in global-setup's preinstall list: installs inside the test on first use (cached).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inApp, startBuiltApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'

describe('deploy presets with real dependencies', () => {
  it('nitro-app: init migrates despite the non-runnable SSR environment; tsc, build, sign-up on .output/server', async () => {
    const app = await copyFixture('nitro-app', { installed: true })
    const init = runCli(['init', '--yes', '--cwd', app])
    expect(init.code, `${init.stdout}\n${init.stderr}`).toBe(0)
    expect(init.stdout).toContain('Regenerating the route tree and creating the auth tables')
    const tables = inApp(app, process.execPath, [
      '-e',
      "const D=require('better-sqlite3');console.log(new D('data/auth.db').prepare(\"select name from sqlite_master where type='table'\").all().map(r=>r.name).join(','))",
    ])
    expect(tables.trim().split(',')).toEqual(
      expect.arrayContaining(['account', 'apiToken', 'member', 'organization', 'session', 'user', 'verification']),
    )
    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, '.output/server/index.mjs'))).toBe(true)

    const server = await startBuiltApp(app, {}, { entry: '.output/server/index.mjs' })
    try {
      const signUp = await fetch(`${server.origin}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin },
        body: JSON.stringify({ email: 'nitro@example.com', password: 'correct horse battery', name: 'Nitro' }),
      })
      expect(signUp.status, `${await signUp.clone().text()}\n${server.log()}`).toBe(200)
      const account = await fetch(`${server.origin}/account`, { redirect: 'manual' })
      expect(account.status).toBe(307)
      expect(account.headers.get('location')).toMatch(/\/sign-in\?redirect=%2Faccount$/)
    } finally {
      await server.stop()
    }
  }, 600_000)
})
