/**
 * Issue 12, item 5, with a real install: fixtures/workspace-auth-package keeps its Better Auth
 * instance in the workspace package `@repo/auth` (packages/auth, better-auth 1.6.34 from the pnpm
 * catalog). `init --yes` in apps/web adopts it where it is and installs through pnpm at the workspace
 * root; the app then type-checks (`tsc --noEmit`, which follows `@repo/auth` into the package's
 * sources, kit-auth's modules included) and builds (`vite build`), and `kit-auth migrate` creates the
 * tables of the plugins kit-auth added, in the instance's own SQLite database.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

/** The tables of a SQLite file and the columns of its user table, read with the package's better-sqlite3. */
function schemaOf(packageDir: string, database: string): { tables: string[]; userColumns: string[] } {
  const script = `const D=require('better-sqlite3');const db=new D(${JSON.stringify(database)},{readonly:true});console.log(JSON.stringify({tables:db.prepare("select name from sqlite_master where type='table'").all().map(r=>r.name),userColumns:db.prepare('pragma table_info(user)').all().map(r=>r.name)}))`
  return JSON.parse(inApp(packageDir, process.execPath, ['-e', script])) as { tables: string[]; userColumns: string[] }
}

describe('init --yes on an app whose instance is in the workspace package @repo/auth (pnpm)', () => {
  it('adopts it in place, installs, type-checks, builds, and migrate creates the new tables', async () => {
    const root = await copyFixture('workspace-auth-package', { installed: true })
    copies.push(root)
    const app = path.join(root, 'apps/web')
    const instanceBefore = readFileSync(path.join(root, 'packages/auth/src/index.ts'), 'utf8')

    const init = runCli(['init', '--yes'], { cwd: app, env: { CI: 'true' } })
    expect(init.code, `${init.stdout}\n${init.stderr}`).toBe(0)
    expect(init.stdout).toContain('Installing dependencies with pnpm')
    expect(init.stdout).toContain('Reused your Better Auth instance in ../../packages/auth/src/index.ts')
    expect(existsSync(path.join(app, 'src/lib/auth/auth.ts'))).toBe(false)
    const instance = readFileSync(path.join(root, 'packages/auth/src/index.ts'), 'utf8')
    expect(instance).not.toBe(instanceBefore)
    expect(instance).toContain("import { accountLockout } from './kit-auth/lockout'")
    // the app and the package run the same better-auth: the catalog's
    expect(JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')).dependencies['better-auth']).toBe(
      'catalog:',
    )
    expect(JSON.parse(readFileSync(path.join(app, 'node_modules/better-auth/package.json'), 'utf8')).version).toBe(
      '1.6.34',
    )

    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)

    const migrate = runCli(['migrate'], { cwd: app, env: { CI: 'true' } })
    expect(migrate.code, `${migrate.stdout}\n${migrate.stderr}`).toBe(0)
    expect(migrate.stdout).toContain('auth tables up to date')
    // `new Database('./auth.db')`: relative to where the app runs, apps/web
    const { tables, userColumns } = schemaOf(path.join(root, 'packages/auth'), path.join(app, 'auth.db'))
    expect(tables).toEqual(
      expect.arrayContaining(['user', 'session', 'account', 'verification', 'apiToken', 'member', 'organization']),
    )
    expect(userColumns).toEqual(expect.arrayContaining(['deactivatedAt', 'role', 'banned']))
  }, 900_000)
})
