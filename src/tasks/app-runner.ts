// Runs inside the user's app, with the app's own installed packages: starts the app's Vite
// config in middleware mode (which makes TanStack's router plugin regenerate the route tree),
// then, when asked, loads the app's auth module through Vite and runs Better Auth's
// migrations with the app's own better-auth. Imports nothing from kit-auth's dependencies.
//
// Usage: node app-runner.js '{"root":"/app","authModule":"/src/lib/auth/auth.ts","migrate":true}'
// Prints one JSON line: { ok, created: string[], altered: string[] } or { ok: false, error }.
// With `"check": true` (kit-auth doctor) it changes nothing: no route tree (the app's Vite config
// is not loaded), no migration; it prints what a migration would create or alter, and how many
// API tokens have no expiry: { ok, created, altered, tokensWithoutExpiry: number | null }.
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { postgresMigrationLock } from './migration-lock.js'

interface RunnerInput {
  root: string
  authModule: string
  /** The name the module exports the instance under (`auth`, `default`); `auth` when absent. */
  exportName?: string
  migrate: boolean
  /** Where the installed better-auth exports `getMigrations` (`better-auth/db` before 1.5). */
  migrationModule?: string
  /** Only report: pending tables and columns, API tokens without an expiry. */
  check?: boolean
}

interface ViteServer {
  ssrLoadModule(id: string): Promise<Record<string, unknown>>
  close(): Promise<void>
  environments?: Record<string, unknown>
  config: { resolve: { alias: unknown } }
}

interface Vite {
  createServer(config: object): Promise<ViteServer>
  isRunnableDevEnvironment?(environment: unknown): boolean
}

const SERVER_OPTIONS = {
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
}

/**
 * The server that loads the auth module in Node. A deploy plugin can make the app's SSR
 * environment run elsewhere (Cloudflare's workerd, Nitro's): then a plain Vite server with the
 * app's aliases (and tsconfig paths) loads it instead.
 */
async function moduleLoader(vite: Vite, server: ViteServer): Promise<ViteServer> {
  const ssr = server.environments?.ssr
  if (!ssr || !vite.isRunnableDevEnvironment || vite.isRunnableDevEnvironment(ssr)) return server
  return vite.createServer({
    ...SERVER_OPTIONS,
    root: input.root,
    configFile: false,
    resolve: { alias: server.config.resolve.alias, tsconfigPaths: true },
  })
}

interface Migrations {
  toBeCreated: { table: string }[]
  toBeAdded: { table: string; fields?: Record<string, unknown> }[]
  runMigrations(): Promise<void>
}

type GetMigrations = (options: object) => Promise<Migrations>

const input = JSON.parse(process.argv[2] ?? '{}') as RunnerInput
const require = createRequire(path.join(input.root, 'package.json'))

interface Adapter {
  count(query: { model: string; where?: { field: string; value: unknown }[] }): Promise<number>
  findMany(query: { model: string; limit?: number; offset?: number }): Promise<Record<string, unknown>[]>
}

/** Rows `findMany` reads at a time (adapters default to 100). */
const PAGE = 1000

async function main(): Promise<{ created: string[]; altered: string[]; tokensWithoutExpiry?: number | null }> {
  const vite = (await import(pathToFileURL(require.resolve('vite')).href)) as Vite
  // A check loads only the auth module: the app's config (and its router plugin, which writes the
  // route tree) stays unloaded; tsconfig paths and package.json imports still resolve.
  const server = await vite.createServer(
    input.check
      ? { ...SERVER_OPTIONS, root: input.root, configFile: false, resolve: { tsconfigPaths: true } }
      : { ...SERVER_OPTIONS, root: input.root },
  )
  const servers = [server]
  try {
    if (!input.migrate) return { created: [], altered: [] }
    const loader = await moduleLoader(vite, server)
    if (loader !== server) servers.push(loader)
    const exportName = input.exportName ?? 'auth'
    const auth = (
      (await loader.ssrLoadModule(input.authModule)) as Record<
        string,
        { options: object; $context: Promise<unknown> } | undefined
      >
    )[exportName]
    if (!auth) throw new Error(`${input.authModule} does not export \`${exportName}\``)
    // Let the instance finish its own start-up (it imports its database adapter lazily)
    // before the server that loads those imports closes.
    await auth.$context
    // A Drizzle or Prisma adapter (a function, not a driver): the app's own migration tool applies the tables.
    if (typeof (auth.options as { database?: unknown }).database === 'function') return { created: [], altered: [] }
    const { getMigrations } = await migrationsModule(loader)
    // Deploys run migrate on every instance at once: on PostgreSQL one waits for the other, then
    // finds nothing left to do (a check only reads, and takes no lock).
    const lock = input.check ? null : await postgresMigrationLock((auth.options as { database?: unknown }).database)
    try {
      const { toBeCreated, toBeAdded, runMigrations } = await getMigrations(auth.options)
      const pending = { created: toBeCreated.map((t) => t.table), altered: toBeAdded.map((t) => t.table) }
      if (input.check) return { ...pending, tokensWithoutExpiry: await tokensWithoutExpiry(auth, pending, toBeAdded) }
      if (toBeCreated.length > 0 || toBeAdded.length > 0) await runMigrations()
      return pending
    } finally {
      await lock?.release()
    }
  } finally {
    for (const open of servers) await open.close()
  }
}

/**
 * better-auth's `getMigrations`: from `better-auth/db/migration` (1.5 and later) or `better-auth/db`
 * (1.3, 1.4); the plan names the one the installed release has, the other is the fallback.
 */
async function migrationsModule(loader: Pick<ViteServer, 'ssrLoadModule'>) {
  const candidates = [
    ...new Set([input.migrationModule ?? 'better-auth/db/migration', 'better-auth/db/migration', 'better-auth/db']),
  ]
  let firstError: unknown
  for (const specifier of candidates) {
    try {
      const loaded = (await loader.ssrLoadModule(specifier)) as { getMigrations?: GetMigrations }
      if (typeof loaded.getMigrations === 'function') return { getMigrations: loaded.getMigrations }
    } catch (error) {
      firstError ??= error
    }
  }
  throw firstError ?? new Error(`better-auth exports no getMigrations (tried ${candidates.join(', ')})`)
}

/** API tokens (kit-auth's `apiToken` table) made before tokens expired: null when there is no such table yet. */
async function tokensWithoutExpiry(
  auth: { options: object; $context: Promise<unknown> },
  pending: { created: string[]; altered: string[] },
  added: Migrations['toBeAdded'],
): Promise<number | null> {
  const plugins = (auth.options as { plugins?: { id?: string }[] }).plugins ?? []
  if (!plugins.some((plugin) => plugin.id === 'api-tokens') || pending.created.includes('apiToken')) return null
  const { adapter } = (await auth.$context) as { adapter: Adapter }
  const columns = added
    .filter((entry) => entry.table === 'apiToken')
    .flatMap((entry) => Object.keys(entry.fields ?? {}))
  // no expiresAt column yet: no token has an expiry
  if (columns.includes('expiresAt')) return adapter.count({ model: 'apiToken' })
  // other columns pending: reading the rows would select them
  if (pending.altered.includes('apiToken')) return null
  // counted here: a `where expiresAt = null` matches no row on better-auth 1.3 to 1.5 (their kysely adapter
  // writes `= NULL`, not `IS NULL`)
  let count = 0
  for (let offset = 0; ; offset += PAGE) {
    const rows = await adapter.findMany({ model: 'apiToken', limit: PAGE, offset })
    count += rows.filter((row) => row.expiresAt === null || row.expiresAt === undefined).length
    if (rows.length < PAGE) return count
  }
}

function fail(error: unknown): never {
  process.stdout.write(
    `${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`,
  )
  process.exit(1)
}

// Better Auth starts its database work in the background; a failure there must still end
// this process with a readable error.
process.on('unhandledRejection', fail)

main().then((result) => {
  process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`)
  process.exit(0)
}, fail)
