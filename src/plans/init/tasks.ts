import type { ChangeSet } from '../../core/change-set.js'
import type { Task } from '../../core/tasks.js'
import type { DrizzleSetup } from '../../project/drizzle.js'
import type { PrismaSetup } from '../../project/prisma.js'
import type { ProjectInfo } from '../../project/types.js'
import type { Adoption } from '../adopt.js'
import { installTask, installStep, migrateTask, needsInstall, toolCommand } from '../app-tasks.js'
import { customAdapterStep } from '../custom-adapter.js'
import { AUTH_DEPENDENCIES } from '../versions.js'
import { workersImport, workersMigrationStep } from '../workers-only.js'
import type { InitAnswers } from './checks.js'
import type { DatabasePlan } from './database.js'

/** What applies the auth tables later, in the words of the step that says so (no capital, no period). */
function migrateLater(
  project: ProjectInfo,
  database: DatabasePlan,
  orm: {
    drizzle: DrizzleSetup | null
    prisma: PrismaSetup | null
    adapter: string | null | undefined
    /** The file through which the instance takes its database from cloudflare:workers. */
    workers: string | null
  },
): string {
  const { drizzle, prisma, adapter, workers } = orm
  return drizzle
    ? `apply the auth tables in ${drizzle.authSchemaFile} with drizzle-kit: ` +
        '`npx drizzle-kit generate && npx drizzle-kit migrate` (or `npx drizzle-kit push`)'
    : prisma
      ? `apply the Better Auth models appended to ${prisma.schemaFile}: ` +
        `${toolCommand(project, 'prisma', 'migrate dev')}, then regenerate the client: ` +
        `${toolCommand(project, 'prisma', 'generate')}`
      : adapter === 'convex'
        ? "add the new plugins' tables and the `deactivatedAt` user field to your Better Auth component's schema " +
          'the way @convex-dev/better-auth documents it (kit-auth does not migrate Convex), then deploy it with ' +
          '`npx convex dev`'
        : workers
          ? workersMigrationStep(workers)
          : adapter
            ? `generate the new auth tables and columns for your ${adapter} schema (\`npx auth generate\`) and ` +
              `apply them with your own migration tool`
            : database.ownDatabase
              ? 'run `npx kit-auth migrate` to add the new auth tables and columns to your database'
              : database.postgres
                ? 'set DATABASE_URL in ' + project.envFile + ', then run `npx kit-auth migrate`'
                : 'run `npx kit-auth migrate` to create the auth tables'
}

/**
 * The install and migration tasks `init` runs, or with --no-install the steps that say how to run
 * them. An adopted database gets its new tables the way the app migrates it, never behind its back.
 */
export function planInitTasks(
  project: ProjectInfo,
  changes: ChangeSet,
  answers: InitAnswers,
  setup: {
    install: boolean
    adoption: Adoption
    drizzle: DrizzleSetup | null
    prisma: PrismaSetup | null
    database: DatabasePlan
    authFile: string
  },
): { tasks: Task[]; manualSteps: string[]; installNeeded: boolean } {
  const { adoption, drizzle, prisma, database } = setup
  const { ownDatabase, sqlite, postgres, driver } = database
  const accessor = adoption.instance?.accessor ?? null
  // the app runner's Vite server reaches a workspace package's instance the way the app does
  const authModule =
    !accessor && adoption.instance && project.betterAuth?.module ? project.betterAuth.module : `/${setup.authFile}`
  const exportName = accessor ? 'auth' : (adoption.instance?.exportName ?? 'auth')
  const tasks: Task[] = []
  const manualSteps: string[] = []
  const installNeeded = needsInstall(
    project,
    changes,
    Object.keys(AUTH_DEPENDENCIES).filter(
      (name) => name === 'better-auth' || (driver?.includes(name as never) ?? false),
    ),
  )
  const ormAdapter = drizzle
    ? 'drizzle'
    : prisma
      ? 'prisma'
      : ownDatabase && adoption.instance?.adapter !== 'kysely'
        ? adoption.instance?.adapter
        : null
  // an instance that takes its database from cloudflare:workers cannot be loaded by the runner (Vite in Node)
  const workers =
    adoption.instance && !ormAdapter
      ? workersImport(project, (file) => changes.read(file), adoption.instance.file, accessor?.call)
      : null
  const later =
    ormAdapter === 'custom' && adoption.instance
      ? customAdapterStep(project, adoption.instance.customAdapter, adoption.instance.file)
      : migrateLater(project, database, { drizzle, prisma, adapter: ormAdapter, workers })
  // "Then ..." only after another step; the first step is a sentence of its own.
  const thenStep = (text: string) =>
    manualSteps.length > 0 ? `Then ${text}` : `${text.charAt(0).toUpperCase()}${text.slice(1)}`
  // A stateless instance has no tables: no migration step, only the route tree.
  const tables = !answers.stateless
  if (!setup.install) {
    if (installNeeded) manualSteps.push(installStep(project))
    if (tables)
      manualSteps.push(
        thenStep(
          ormAdapter || workers
            ? `${later}; \`npx kit-auth migrate\` regenerates the route tree.`
            : `${later} (it also regenerates the route tree).`,
        ),
      )
  } else {
    if (installNeeded) tasks.push(installTask(project, sqlite ? ['better-sqlite3'] : []))
    if (installNeeded || !changes.isEmpty()) {
      // Postgres is migrated only when the environment already points at it.
      const migrateNow = sqlite || (postgres && Boolean(process.env.DATABASE_URL))
      tasks.push(migrateTask(project, { authModule, exportName, migrate: migrateNow }))
      if (tables && !migrateNow) manualSteps.push(thenStep(`${later}.`))
    }
  }
  return { tasks, manualSteps, installNeeded }
}
