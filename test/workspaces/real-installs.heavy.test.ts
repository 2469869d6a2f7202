/**
 * Issue 7, case 4 with real installs, the way a user runs it in a workspace: `init --yes` inside
 * `apps/web` installs through the workspace's own package manager at the workspace root, lets
 * better-sqlite3 build its addon (pnpm `allowBuilds`, Yarn 4.14+ `dependenciesMeta`), and migrates.
 * CI=true is set on purpose: pnpm then defaults to a frozen lockfile and Yarn berry to immutable
 * installs, which must not stop an install whose whole point is new dependencies.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture as copyInstalled } from '../helpers/fixtures.js'
import { copyFixture } from '../init/support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

function authTables(app: string): string[] {
  const rows = inApp(app, process.execPath, [
    '-e',
    "const D=require('better-sqlite3');console.log(JSON.stringify(new D('data/auth.db').prepare(\"select name from sqlite_master where type='table'\").all()))",
  ])
  return (JSON.parse(rows) as { name: string }[]).map((row) => row.name)
}

const TABLES = ['account', 'apiToken', 'member', 'organization', 'session', 'user', 'verification']

describe('init --yes in apps/web of a workspace, with CI=true', () => {
  it('pnpm-monorepo: pnpm install at the root (not frozen), better-sqlite3 built, auth tables created', async () => {
    const root = await copyInstalled('pnpm-monorepo', { installed: true })
    copies.push(root)
    const app = path.join(root, 'apps/web')
    const init = runCli(['init', '--yes'], { cwd: app, env: { CI: 'true' } })
    expect(init.code, `${init.stdout}\n${init.stderr}`).toBe(0)
    expect(init.stdout).toContain('Installing dependencies with pnpm')
    expect(readFileSync(path.join(root, 'pnpm-lock.yaml'), 'utf8')).toMatch(/better-auth/)
    expect(authTables(app)).toEqual(expect.arrayContaining(TABLES))
  }, 600_000)

  it('yarn-workspace (Yarn 4.18, scripts off by default): yarn install at the root (not immutable), better-sqlite3 built, auth tables created', () => {
    const root = copyFixture('yarn-workspace')
    copies.push(root)
    const app = path.join(root, 'apps/web')
    const init = runCli(['init', '--yes'], { cwd: app, env: { CI: 'true' } })
    expect(init.code, `${init.stdout}\n${init.stderr}`).toBe(0)
    expect(init.stdout).toContain('Installing dependencies with yarn')
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).dependenciesMeta).toEqual({
      'better-sqlite3': { built: true },
    })
    expect(readFileSync(path.join(root, 'yarn.lock'), 'utf8')).toMatch(/^"better-auth@npm:/m)
    // hoisted to the workspace root, and compiled
    expect(existsSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true)
    expect(authTables(app)).toEqual(expect.arrayContaining(TABLES))
  }, 600_000)
})
