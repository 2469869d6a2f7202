/**
 * `kit-auth init` on an app that already uses `pg` (default-npm plus `pg` in its dependencies),
 * and `--db postgres` on one that does not: a `pg` Pool from DATABASE_URL, a DATABASE_URL
 * placeholder in the env file, no SQLite file, and `npx kit-auth migrate` as the next step.
 */
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { snapshotTree } from '../helpers/tree.js'
import { copyFixture, editJson, init, parseDocument } from '../init/support.js'
import { planInit } from '../../src/plans/init.js'
import { inspectProject } from '../../src/project/inspect.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

function appWithPg(): string {
  const root = copyFixture('default-npm')
  copies.push(root)
  editJson(path.join(root, 'package.json'), (json) => {
    json.dependencies.pg = '^8.16.3'
  })
  return root
}

function expectPostgres(root: string, before: Record<string, string>, stdout: string) {
  const after = snapshotTree(root)
  const auth = after['src/lib/auth/auth.ts']!
  expect(auth).toContain("import { Pool } from 'pg'")
  expect(auth).toContain('database: postgresPool(),')
  // one pool per process, sized by DATABASE_POOL_MAX; PGSSLROOTCERT joins the URL as sslrootcert
  expect(auth).toContain('return new Pool({ connectionString, max })')
  expect(auth).toContain('const max = Number(process.env.DATABASE_POOL_MAX ?? 10)')
  expect(auth).toContain("url.searchParams.set('sslrootcert', rootCert)")
  expect(auth).not.toContain('better-sqlite3')
  expect(after['.env.local']).toMatch(/^DATABASE_URL=postgres:\/\/localhost:5432\/app$/m)
  // no SQLite folder to ignore (only the env file, which create's .gitignore does not cover)
  expect(after['.gitignore']).not.toContain('/data/')
  const pkg = JSON.parse(after['package.json']!) as {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  expect(pkg.dependencies).not.toHaveProperty('better-sqlite3')
  expect(pkg.dependencies.pg).toBeDefined()
  expect(pkg.devDependencies['@types/pg']).toBe('^8.15.6')
  const document = parseDocument(stdout)
  expect(document.ok).toBe(true)
  expect(document.nextSteps.join('\n')).toContain('set DATABASE_URL in .env.local, then run `npx kit-auth migrate`')
  expect(Object.keys(after).filter((file) => !(file in before) && /\.db$/.test(file))).toEqual([])
}

describe('Postgres', () => {
  it('an app that declares pg gets a Pool by default with --yes', () => {
    const root = appWithPg()
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expectPostgres(root, before, result.stdout)
    // its own pg range is kept
    expect(
      (JSON.parse(snapshotTree(root)['package.json']!) as { dependencies: Record<string, string> }).dependencies.pg,
    ).toBe('^8.16.3')
  })

  it('--db postgres on an app without pg adds pg and @types/pg', () => {
    const root = copyFixture('default-npm')
    copies.push(root)
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--json', '--db', 'postgres'])
    expect(result.code).toBe(0)
    expectPostgres(root, before, result.stdout)
  })

  it('--db sqlite overrides a declared pg', () => {
    const root = appWithPg()
    const result = init(root, ['--yes', '--no-install', '--db', 'sqlite'])
    expect(result.code).toBe(0)
    expect(snapshotTree(root)['src/lib/auth/auth.ts']).toContain("import Database from 'better-sqlite3'")
  })

  it('a re-run is "Nothing to do" and keeps the DATABASE_URL the user set', () => {
    const root = appWithPg()
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    const envFile = path.join(root, '.env.local')
    const tree = snapshotTree(root)
    const edited = tree['.env.local']!.replace(/^DATABASE_URL=.*$/m, 'DATABASE_URL=postgres://db.internal:5432/prod')
    writeFileSync(envFile, edited)
    const second = init(root, ['--yes', '--no-install'])
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('Nothing to do')
    expect(snapshotTree(root)['.env.local']).toBe(edited)
  })
})

describe('Postgres migration with install', () => {
  const answers = {
    db: 'postgres',
    dbPath: './data/auth.db',
    signInPath: '/sign-in',
    signUpPath: '/sign-up',
    admin: true,
    organization: true,
    apiTokens: true,
    emailVerification: true,
    passwordReset: true,
    requireEmailVerification: false,
    layout: true,
  } as const
  const titles = async () => {
    const root = appWithPg()
    const plan = await planInit(await inspectProject(root), answers, { install: true })
    return { tasks: plan.tasks.map((task) => task.title), manual: (plan.manualSteps ?? []).join('\n') }
  }

  it('skips the migration (route tree only) when DATABASE_URL is not in the environment', async () => {
    const saved = process.env.DATABASE_URL
    delete process.env.DATABASE_URL
    try {
      const { tasks, manual } = await titles()
      expect(tasks).toContain('Regenerating the route tree')
      expect(manual).toContain('Set DATABASE_URL in .env.local, then run `npx kit-auth migrate`')
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved
    }
  })

  it('migrates when DATABASE_URL is set', async () => {
    const saved = process.env.DATABASE_URL
    process.env.DATABASE_URL = 'postgres://localhost:5432/test'
    try {
      const { tasks, manual } = await titles()
      expect(tasks).toContain('Regenerating the route tree and creating the auth tables')
      expect(manual).not.toContain('kit-auth migrate')
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = saved
    }
  })
})
