/**
 * Issue 7, cases 1 and 2 beyond the first fixtures, with real installed dependencies:
 * - adopt-guest-login: Better Auth already configured in src/server/auth.server.ts with its own
 *   SQLite database, a flat `api.auth.$.ts` handler and a `_guest/login` page. After `init --yes`
 *   and `kit-auth migrate` the app's own database has the new tables and columns, the app
 *   type-checks and builds, and the built app sends a protected route to `/login`.
 * - prisma-app (`create --add-ons prisma`): after `init --yes` and `prisma generate` (the schema
 *   engine is not needed to generate the client; its download host is unreachable here, hence the
 *   stand-in binary), the app type-checks with the Better Auth models in the Prisma client and builds.
 * - adopt-drizzle (`create --add-ons better-auth,drizzle`): the instance has no database, so it
 *   gets the app's Drizzle db; the app type-checks and builds.
 * No fixture here is in global-setup's preinstall list: each installs inside its test (cached).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inApp, startBuiltApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'

function cli(args: string[]): string {
  const result = runCli(args)
  expect(result.code, `kit-auth ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result.stdout
}

const sqlite = (app: string, database: string, query: string) =>
  inApp(app, process.execPath, [
    '-e',
    `const D=require('better-sqlite3');console.log(JSON.stringify(new D(${JSON.stringify(database)}).prepare(${JSON.stringify(query)}).all()))`,
  ])

describe('existing setups with real dependencies', () => {
  it('adopt-guest-login: the app’s own instance and database get the new plugins and tables; tsc, build, /login redirect', async () => {
    const app = await copyFixture('adopt-guest-login', { installed: true })
    const init = cli(['init', '--yes', '--cwd', app])
    expect(init).toContain('Reused your Better Auth instance')
    expect(existsSync(path.join(app, 'src/lib/auth/auth.ts'))).toBe(false)
    expect(existsSync(path.join(app, 'data'))).toBe(false) // no second database
    // the app's own database is migrated by `kit-auth migrate`, never behind its back
    cli(['migrate', '--cwd', app])
    const tables = (
      JSON.parse(sqlite(app, 'sqlite.db', "select name from sqlite_master where type='table'")) as { name: string }[]
    ).map((row) => row.name)
    expect(tables).toEqual(
      expect.arrayContaining(['account', 'apiToken', 'member', 'organization', 'session', 'user', 'verification']),
    )
    const columns = (JSON.parse(sqlite(app, 'sqlite.db', 'pragma table_info(user)')) as { name: string }[]).map(
      (row) => row.name,
    )
    expect(columns).toEqual(expect.arrayContaining(['role', 'banned', 'deactivatedAt']))

    cli(['protect', '/about', '--cwd', app])
    cli(['migrate', '--cwd', app]) // the route tree knows the new routes before tsc
    expect(readFileSync(path.join(app, 'src/routeTree.gen.ts'), 'utf8')).toContain("'/_guest/login'")
    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])

    const server = await startBuiltApp(app)
    try {
      const response = await fetch(`${server.origin}/about`, { redirect: 'manual' })
      expect(response.status, server.log()).toBe(307)
      expect(response.headers.get('location')).toMatch(/\/login\?redirect=%2Fabout$/)
    } finally {
      await server.stop()
    }
  }, 600_000)

  it('adopt-drizzle: the adopted instance without a database gets the app’s Drizzle db; tsc and build', async () => {
    const app = await copyFixture('adopt-drizzle', { installed: true })
    const init = cli(['init', '--yes', '--cwd', app])
    expect(init).toContain('database (your Drizzle db, pg)')
    expect(init).toContain('npx drizzle-kit generate && npx drizzle-kit migrate')
    expect(existsSync(path.join(app, 'data'))).toBe(false)
    expect(readFileSync(path.join(app, 'src/db/auth-schema.ts'), 'utf8')).toContain('export const apiToken = pgTable(')
    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)
  }, 600_000)

  it('prisma-app: prismaAdapter with the app’s client; the generated Prisma client has the auth models; tsc and build', async () => {
    const app = await copyFixture('prisma-app', { installed: true })
    const init = cli(['init', '--yes', '--cwd', app])
    expect(init).toContain('`npm run db:migrate`, then regenerate the client: `npm run db:generate`')
    expect(readFileSync(path.join(app, 'src/lib/auth/auth.ts'), 'utf8')).toContain(
      "prismaAdapter(prisma, { provider: 'postgresql' })",
    )
    inApp(app, 'npx', ['prisma', 'generate'], {
      DATABASE_URL: 'postgres://localhost:5432/app',
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
    })
    const client = readFileSync(path.join(app, 'src/generated/prisma/client.ts'), 'utf8')
    for (const model of ['User', 'Session', 'Account', 'Verification', 'Organization', 'Member', 'ApiToken'])
      expect(client).toContain(`export type ${model} =`)
    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)
  }, 600_000)
})
