/**
 * doctor's database checks against a real installed app (the same runner `migrate` uses, with the
 * app's own better-auth and SQLite): tables pending after `init --no-install`, none after `migrate`,
 * and a warning for API tokens made without an expiry. doctor changes no source file.
 */
import { createRequire } from 'node:module'
import { rmSync } from 'node:fs'
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

function doctor(): { code: number; checks: Map<string, Check> } {
  const result = runCli(['doctor', '--json', '--cwd', app])
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

describe('doctor on an installed app', () => {
  it('finds the tables a migration would create, and changes no source file', () => {
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

    const Database = createRequire(path.join(app, 'package.json'))('better-sqlite3') as new (file: string) => {
      prepare(sql: string): { run(): unknown }
      close(): void
    }
    const db = new Database(path.join(app, 'data/auth.db'))
    const user = "('u1', 'U', 'u@example.com', 0, 0, 0)"
    db.prepare(`insert into user (id, name, email, emailVerified, createdAt, updatedAt) values ${user}`).run()
    // a token of before expiry: no expiresAt
    const token = "('t1', 'u1', 'old', 'sk_live_ab', 'h1', 0)"
    db.prepare(`insert into apiToken (id, userId, name, start, keyHash, createdAt) values ${token}`).run()
    db.close()
    ;({ code, checks } = doctor())
    expect(code).toBe(0)
    expect(checks.get('api-token-expiry')).toMatchObject({ ok: false, severity: 'warning' })
    expect(checks.get('api-token-expiry')?.message).toMatch(/^1 API token never expires/)
  })
})
