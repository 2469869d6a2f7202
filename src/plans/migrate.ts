import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'
import type { ProjectInfo } from '../project/types.js'
import { authModuleOf } from './app-tasks.js'
import { convexDevCommand, isConvexInstance } from './convex.js'
import { customAdapterStep } from './custom-adapter.js'
import { workersImport, workersMigrationStep } from './workers-only.js'

const APPLY_WITH: Record<string, string> = {
  drizzle: '`npx drizzle-kit generate && npx drizzle-kit migrate` (or `npx drizzle-kit push`)',
  prisma: '`npx prisma migrate dev`',
}

/** What `kit-auth migrate` does: the module the runner loads, whether it migrates, and what it says when done. */
export interface MigratePlan {
  authModule: string
  exportName: string
  migrate: boolean
  /** The file through which the instance loads cloudflare:workers (not loadable in Node), or null. */
  workers: string | null
  /** Better Auth runs in Convex: its component's tables deploy with Convex. */
  convex: boolean
  /** The line printed after the run (after a check mark). */
  done: string
}

/**
 * Whether kit-auth migrates the app's auth tables itself. Not when an ORM adapter's own migrations apply them
 * (drizzle-kit, prisma migrate, Convex), when the instance has no database (stateless), or when it takes its
 * database from cloudflare:workers (only the Workers runtime can load it): the route tree is regenerated and the
 * line says how the tables are applied.
 *
 * @example planMigrate(project, read).done // 'Route tree regenerated, auth tables up to date.'
 */
export function planMigrate(project: ProjectInfo, read: (file: string) => string | null): MigratePlan {
  const { authModule, exportName, instanceFile } = authModuleOf(project)
  const text = read(instanceFile) ?? ''
  const instance = inspectAuthInstance(text, instanceFile)
  // Better Auth in Convex: its tables are its component's, deployed by Convex; only the route tree is here
  const convex = instance.adapter === 'convex' || isConvexInstance(text, instanceFile)
  const ormAdapter = instance.adapter === 'kysely' ? null : instance.adapter
  const workers = ormAdapter || convex ? null : workersOf(project, read)
  const migrate = !ormAdapter && !instance.stateless && !workers && !convex
  const custom = ormAdapter === 'custom' ? customAdapterStep(project, instance.customAdapter, instanceFile) : null
  const done = convex
    ? `Route tree regenerated. Your Better Auth runs in Convex: kit-auth does not migrate it; its component's ` +
      `tables deploy with \`${convexDevCommand(project)}\`.`
    : instance.stateless
      ? 'Route tree regenerated. Your Better Auth instance has no database (stateless): no tables to migrate.'
      : custom
        ? `Route tree regenerated; no tables migrated: ${custom}.`
        : ormAdapter
          ? `Route tree regenerated. The auth tables are in your ${ormAdapter} schema: apply them with ` +
            `${APPLY_WITH[ormAdapter] ?? 'your own migration tool'}.`
          : workers
            ? `Route tree regenerated; no tables migrated. A${workersMigrationStep(workers).slice(1)}.`
            : 'Route tree regenerated, auth tables up to date.'
  return { authModule, exportName, migrate, workers, convex, done }
}

/**
 * The file through which the module migrate loads (lib/auth/instance.ts, or the instance itself) imports
 * cloudflare:workers, or null (see workersImport).
 */
export function workersOf(project: ProjectInfo, read: (file: string) => string | null): string | null {
  const { authModule, instanceFile } = authModuleOf(project)
  return (
    (authModule.startsWith('/') ? workersImport(project, read, authModule.slice(1)) : null) ??
    workersImport(project, read, instanceFile)
  )
}
