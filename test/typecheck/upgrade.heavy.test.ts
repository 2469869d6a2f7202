/**
 * `init --upgrade-better-auth` for real: an installed app on better-auth 1.3.34 ends on 1.7.x,
 * rewritten to tanstackStartCookies, migrated, type-checked and built; and, asking the live npm
 * registry, the drizzle-orm peer cascade of a public app's shape (better-auth 1.4.4 with drizzle-orm
 * 0.44.7, where `npm install better-auth@^1.7.25` fails with ERESOLVE).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

describe('init --upgrade-better-auth', () => {
  it('better-auth-1-3: ends on better-auth 1.7.x with tanstackStartCookies; migrate, tsc and vite build pass', async () => {
    const app = await copyFixture('better-auth-1-3', { installed: true })
    temps.push(app)
    const init = runCli(['init', '--yes', '--upgrade-better-auth', '--json', '--cwd', app])
    expect(init.code, init.stderr).toBe(0)
    const document = JSON.parse(init.stdout) as {
      upgrade: { moved: Array<{ name: string; from: string; to: string }> }
    }
    expect(document.upgrade.moved).toEqual([
      expect.objectContaining({ name: 'better-auth', from: '^1.3.34', to: '^1.7.25' }),
    ])
    const json = (file: string) =>
      JSON.parse(readFileSync(path.join(app, file), 'utf8')) as {
        version: string
        dependencies: Record<string, string>
      }
    expect(json('package.json').dependencies['better-auth']).toBe('^1.7.25')
    expect(json('node_modules/better-auth/package.json').version).toMatch(/^1\.7\.\d+$/)
    const auth = readFileSync(path.join(app, 'src/lib/auth.ts'), 'utf8')
    expect(auth).toContain("import { tanstackStartCookies } from 'better-auth/tanstack-start'")
    expect(auth).toMatch(
      /plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
    )
    expect(auth).not.toContain('react-start')
    // 1.7's getMigrations (better-auth/db/migration) created the tables, with 1.7's columns
    const tables = inApp(app, process.execPath, [
      '-e',
      "const D=require('better-sqlite3');console.log(new D('data/auth.db').prepare(\"select name from sqlite_master where type='table'\").all().map(r=>r.name).sort().join(','))",
    ])
    expect(tables.trim().split(',')).toEqual(expect.arrayContaining(['account', 'apiToken', 'session', 'user']))
    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)
  }, 600_000)

  it('asks the live registry: better-auth 1.4.4 with drizzle-orm 0.44.7 moves drizzle-orm to 0.45.2 (dry run, nothing written)', () => {
    const root = makeTree({
      'package.json': `${JSON.stringify(
        {
          name: 'drizzle-public-shape',
          private: true,
          type: 'module',
          dependencies: {
            '@tanstack/react-router': '1.170.46',
            '@tanstack/react-start': '1.169.5',
            'better-auth': '1.4.4',
            'drizzle-orm': '0.44.7',
            react: '^19.2.0',
            'react-dom': '^19.2.0',
          },
          devDependencies: { 'drizzle-kit': '^0.31.4' },
        },
        null,
        2,
      )}\n`,
      'src/routes/__root.tsx':
        "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n",
    })
    temps.push(root)
    const before = snapshotTree(root)
    const result = runCli(['init', '--yes', '--upgrade-better-auth', '--dry-run', '--json', '--cwd', root])
    expect(result.code, result.stderr).toBe(0)
    const document = JSON.parse(result.stdout) as {
      upgrade: { release: string; moved: Array<{ name: string; from: string; to: string }>; breakingChanges: unknown[] }
    }
    expect(document.upgrade.release).toMatch(/^1\.7\.\d+$/)
    expect(document.upgrade.moved.map(({ name, from, to }) => ({ name, from, to }))).toEqual([
      { name: 'better-auth', from: '1.4.4', to: '^1.7.25' },
      { name: 'drizzle-orm', from: '0.44.7', to: '0.45.2' },
    ])
    expect(document.upgrade.breakingChanges).toEqual([expect.objectContaining({ id: 'migrations' })])
    expect(snapshotTree(root)).toEqual(before)
  }, 120_000)
})
