/**
 * What `kit-auth migrate` does with an app's instance: kit-auth migrates a database it can load in Node, and
 * otherwise only regenerates the route tree and says how the tables are applied (an ORM's migrations, none for a
 * stateless instance, wrangler for an instance that takes its database from cloudflare:workers).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { planMigrate } from '../../src/plans/migrate.js'
import { inspectProject } from '../../src/project/inspect.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { makeTree } from '../helpers/tree.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

/** default-npm (with better-auth declared) and `files` added, planned. */
async function planFor(files: Record<string, string>) {
  const root = makeTree({})
  copies.push(root)
  cpSync(path.join(FIXTURES_DIR, 'default-npm'), root, { recursive: true })
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  manifest.dependencies['better-auth'] = '^1.7.25'
  writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest, null, 2))
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  const project = await inspectProject(root)
  return planMigrate(project, (file) => {
    try {
      return readFileSync(path.join(root, file), 'utf8')
    } catch {
      return null
    }
  })
}

const KYSELY_D1 = "import { Kysely } from 'kysely'\nimport { D1Dialect } from 'kysely-d1'\n"

describe('planMigrate', () => {
  it('migrates an instance it can load in Node', async () => {
    const plan = await planFor({
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\nimport Database from 'better-sqlite3'\n\n" +
        "export const auth = betterAuth({ database: new Database('auth.db') })\n",
    })
    expect(plan).toMatchObject({ migrate: true, authModule: '/src/lib/auth.ts', exportName: 'auth' })
    expect(plan.done).toBe('Route tree regenerated, auth tables up to date.')
  })

  it('does not load an instance that takes its database from cloudflare:workers, and says to use wrangler', async () => {
    const direct = await planFor({
      'src/lib/auth.ts':
        `import { env } from 'cloudflare:workers'\nimport { betterAuth } from 'better-auth'\n${KYSELY_D1}\n` +
        "export const auth = betterAuth({ database: { db: new Kysely({ dialect: new D1Dialect({ database: env.DB }) }), type: 'sqlite' } })\n",
    })
    expect(direct.migrate).toBe(false)
    expect(direct.done).toContain(
      'Route tree regenerated; no tables migrated. Apply the auth tables yourself: your instance loads ' +
        'cloudflare:workers (through src/lib/auth.ts), which exists only inside the Workers runtime',
    )
    expect(direct.done).toContain('`npx auth@latest generate --config <that file> --output migrations/0001_auth.sql`')
    expect(direct.done).toContain('(D1: `npx wrangler d1 migrations apply <database>`).')
    // kit-auth's accessor (lib/auth/instance.ts) copies the app's createAuth(env) with env from cloudflare:workers
    const accessor = await planFor({
      'src/lib/auth.ts':
        `import { betterAuth } from 'better-auth'\n${KYSELY_D1}\n` +
        'export const createAuth = (env: { DB: D1Database }) =>\n' +
        "  betterAuth({ database: { db: new Kysely({ dialect: new D1Dialect({ database: env.DB }) }), type: 'sqlite' } })\n",
      'src/lib/auth/instance.ts':
        "import { env } from 'cloudflare:workers'\nimport { createAuth as createAppAuth } from '../auth'\n\n" +
        'const appAuth = () => createAppAuth(env)\nexport const auth = appAuth()\n',
      'src/routes/api/auth/$.ts':
        "import { createFileRoute } from '@tanstack/react-router'\nimport { env } from 'cloudflare:workers'\n" +
        "import { createAuth } from '#/lib/auth'\n\nexport const Route = createFileRoute('/api/auth/$')({\n" +
        '  server: { handlers: { GET: ({ request }) => createAuth(env).handler(request) } },\n})\n',
    })
    expect(accessor.migrate).toBe(false)
    expect(accessor.authModule).toBe('/src/lib/auth/instance.ts')
    expect(accessor.done).toContain('your instance loads cloudflare:workers (through src/lib/auth/instance.ts)')
  })

  it('follows re-exports and modules a few levels down; a dynamic import inside a function does not count', async () => {
    const instance =
      `import { betterAuth } from 'better-auth'\n${KYSELY_D1}import { bindings } from './cf'\n\n` +
      "export const auth = betterAuth({ database: { db: new Kysely({ dialect: new D1Dialect({ database: bindings.DB }) }), type: 'sqlite' } })\n"
    const reexport = await planFor({
      'src/lib/auth.ts': instance,
      'src/lib/cf.ts': "export { bindings } from './env'\n",
      'src/lib/env.ts': "export { env as bindings } from 'cloudflare:workers'\n",
    })
    expect(reexport.migrate).toBe(false)
    expect(reexport.done).toContain('through src/lib/env.ts')
    const lazy = await planFor({
      'src/lib/auth.ts': instance,
      'src/lib/cf.ts':
        'export const bindings = { DB: null as unknown as D1Database }\n' +
        "export async function later() {\n  const { waitUntil } = await import('cloudflare:workers')\n  return waitUntil\n}\n",
    })
    expect(lazy.migrate).toBe(true)
  })

  it('leaves an ORM adapter’s tables to its migrations', async () => {
    const plan = await planFor({
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\nimport { prismaAdapter } from 'better-auth/adapters/prisma'\n" +
        "import { prisma } from '../db'\n\nexport const auth = betterAuth({ database: prismaAdapter(prisma, { provider: 'sqlite' }) })\n",
    })
    expect(plan.migrate).toBe(false)
    expect(plan.done).toContain('The auth tables are in your prisma schema: apply them with `npx prisma migrate dev`.')
  })
})

describe('planMigrate on a custom adapter', () => {
  const instance =
    "import { betterAuth } from 'better-auth'\nimport { storeAdapter } from './store-adapter'\n\n" +
    'export const auth = betterAuth({ database: storeAdapter(new Map()) })\n'

  it("does not run Better Auth's migrations on it; names the app's own migration script", async () => {
    const plan = await planFor({
      'src/lib/auth.ts': instance,
      'package.json': JSON.stringify({
        name: 'app',
        type: 'module',
        scripts: { dev: 'vite dev', 'db:push': 'node push.mjs', 'db:migrate': 'node migrate.mjs' },
        dependencies: { '@tanstack/react-start': '1.169.5', 'better-auth': '^1.7.25' },
      }),
    })
    expect(plan.migrate).toBe(false)
    expect(plan.done).toBe(
      'Route tree regenerated; no tables migrated: add the new auth tables and columns with your own migration, ' +
        '`npm run db:migrate` (kit-auth cannot migrate the database behind your custom adapter, storeAdapter(...) ' +
        "in src/lib/auth.ts: Better Auth's migrations run only on its built-in Kysely adapter).",
    )
  })

  const DEPENDENCIES = { '@tanstack/react-start': '1.169.5', 'better-auth': '^1.7.25' }

  it('names the script that applies migrations, not one that writes or undoes them', async () => {
    const scripts = {
      'migration:generate': 'node generate.mjs',
      'migration:revert': 'node revert.mjs',
      'migration:run': 'node run.mjs',
    }
    const plan = await planFor({
      'src/lib/auth.ts': instance,
      'package.json': JSON.stringify({ name: 'app', type: 'module', scripts, dependencies: DEPENDENCIES }),
    })
    expect(plan.done).toContain('your own migration, `npm run migration:run`')
    const generateOnly = await planFor({
      'src/lib/auth.ts': instance,
      'package.json': JSON.stringify({
        name: 'app',
        type: 'module',
        scripts: { 'db:generate-migration': 'x' },
        dependencies: DEPENDENCIES,
      }),
    })
    expect(generateOnly.done).toContain("with your adapter's own migration")
  })

  it('without such a script, points at the adapter’s own migration', async () => {
    const plan = await planFor({ 'src/lib/auth.ts': instance })
    expect(plan.migrate).toBe(false)
    expect(plan.done).toContain("with your adapter's own migration (`npx auth generate` writes them out")
    expect(plan.done).not.toContain('npm run')
  })
})
