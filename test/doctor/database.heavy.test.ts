/**
 * doctor's database checks against a real installed app (the same runner `migrate` uses, with the
 * app's own better-auth and SQLite): tables pending after `init --no-install`, none after `migrate`,
 * and a warning for API tokens made without an expiry. doctor changes no source file.
 */
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'

interface Check {
  id: string
  ok: boolean
  severity: string
  message: string
}

let app: string

function doctor(cwd = app): { code: number; checks: Map<string, Check> } {
  const result = runCli(['doctor', '--json', '--cwd', cwd])
  const checks = (JSON.parse(result.stdout) as { checks: Check[] }).checks
  return { code: result.code, checks: new Map(checks.map((check) => [check.id, check])) }
}

beforeAll(async () => {
  app = await copyFixture('default-npm', { installed: true })
  const init = runCli(['init', '--yes', '--no-install', '--cwd', app])
  expect(init.code, init.stderr).toBe(0)
}, 600_000)

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true })
})

/** Inserts a user and an API token made before tokens had an expiry (no expiresAt) into the app's SQLite file. */
function insertTokenWithoutExpiry(root: string): void {
  const Database = createRequire(path.join(root, 'package.json'))('better-sqlite3') as new (file: string) => {
    prepare(sql: string): { run(): unknown }
    close(): void
  }
  const db = new Database(path.join(root, 'data/auth.db'))
  const user = "('u1', 'U', 'u@example.com', 0, 0, 0)"
  db.prepare(`insert into user (id, name, email, emailVerified, createdAt, updatedAt) values ${user}`).run()
  const token = "('t1', 'u1', 'old', 'sk_live_ab', 'h1', 0)"
  db.prepare(`insert into apiToken (id, userId, name, start, keyHash, createdAt) values ${token}`).run()
  db.close()
}

describe('doctor on an installed app', () => {
  it('says there is no database yet without loading the instance (which would create it)', () => {
    const { code, checks } = doctor()
    expect(code).toBe(1)
    expect(checks.get('database')).toMatchObject({ ok: false, severity: 'error' })
    expect(checks.get('database')?.message).toBe('No database yet (data/auth.db does not exist): run kit-auth migrate.')
    expect(existsSync(path.join(app, 'data'))).toBe(false)
  })

  it('finds the tables a migration would create, and changes no source file', () => {
    // an empty SQLite file: a database without the auth tables
    mkdirSync(path.join(app, 'data'))
    writeFileSync(path.join(app, 'data/auth.db'), '')
    const before = snapshotTree(path.join(app, 'src'))
    const { code, checks } = doctor()
    expect(code).toBe(1)
    expect(checks.get('database')).toMatchObject({ ok: false, severity: 'error' })
    expect(checks.get('database')?.message).toMatch(/lacks table user, table session, .*table apiToken/)
    expect(checks.get('api-token-expiry')).toMatchObject({ ok: true, message: 'Skipped: no API tokens table to read.' })
    // the check loads no Vite config, so the router plugin writes no route tree
    expect(snapshotTree(path.join(app, 'src'))).toEqual(before)
  })

  it('passes after migrate, and warns about API tokens that never expire', () => {
    const migrate = runCli(['migrate', '--cwd', app])
    expect(migrate.code, migrate.stderr).toBe(0)
    let { code, checks } = doctor()
    expect(code).toBe(0)
    expect([...checks.values()].filter((check) => !check.ok)).toEqual([])
    expect(checks.get('database')?.message).toBe('The auth tables and columns are all in the database.')
    expect(checks.get('api-token-expiry')?.message).toBe('Every API token has an expiry.')

    insertTokenWithoutExpiry(app)
    ;({ code, checks } = doctor())
    expect(code).toBe(0)
    expect(checks.get('api-token-expiry')).toMatchObject({ ok: false, severity: 'warning' })
    expect(checks.get('api-token-expiry')?.message).toMatch(/^1 API token never expires/)
  })
})

describe('doctor on an app on better-auth 1.3 (whose adapter matches no row for `expiresAt = null`)', () => {
  let old: string
  beforeAll(async () => {
    old = await copyFixture('default-npm', { installed: true, variant: { betterAuth: '1.3.34' } })
    const init = runCli(['init', '--yes', '--no-install', '--cwd', old])
    expect(init.code, init.stderr).toBe(0)
    const migrate = runCli(['migrate', '--cwd', old])
    expect(migrate.code, migrate.stderr).toBe(0)
  }, 600_000)

  afterAll(() => {
    if (old) rmSync(old, { recursive: true, force: true })
  })

  it('still counts the API tokens that never expire', () => {
    insertTokenWithoutExpiry(old)
    const { code, checks } = doctor(old)
    expect(code).toBe(0)
    expect(checks.get('api-token-expiry')).toMatchObject({ ok: false, severity: 'warning' })
    expect(checks.get('api-token-expiry')?.message).toMatch(/^1 API token never expires/)
  })
})
