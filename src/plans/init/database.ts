import type { ChangeSet } from '../../core/change-set.js'
import { formatCode } from '../../core/format.js'
import { addExportAll } from '../../codemods/module/add-export-all.js'
import { runTransform } from '../../codemods/transform.js'
import { generateAuthSchema, type DrizzleSetup } from '../../project/drizzle.js'
import { generatePrismaModels, PRISMA_MARKER, type PrismaSetup } from '../../project/prisma.js'
import type { ProjectInfo } from '../../project/types.js'
import type { AccountEmailPlan } from '../account-emails.js'
import type { Adoption } from '../adopt.js'
import { packageRange, planAuthPackageManifest } from '../auth-package.js'
import { allowNativeBuild } from '../native-builds.js'
import { addDependencies } from '../package-json.js'
import { AUTH_DEPENDENCIES } from '../versions.js'
import type { InitAnswers } from './checks.js'
import { relativeModule } from './files.js'

/** The auth tables for the app's own Drizzle db, re-exported from the schema drizzle-kit reads. */
export async function planDrizzleSchema(
  project: ProjectInfo,
  changes: ChangeSet,
  drizzle: DrizzleSetup,
  answers: InitAnswers,
): Promise<void> {
  changes.create(
    drizzle.authSchemaFile,
    await formatCode(generateAuthSchema(drizzle.provider, answers), drizzle.authSchemaFile, project.style),
  )
  // drizzle-kit reads only the configured schema file: it must re-export the auth tables.
  const entry = drizzle.schemaEntry ? changes.read(drizzle.schemaEntry) : null
  if (drizzle.schemaEntry && entry !== null) {
    const from = relativeModule(drizzle.schemaEntry, drizzle.authSchemaFile)
    const rerun = 'run kit-auth init again'
    const reexported = runTransform(entry, drizzle.schemaEntry, addExportAll, { from, style: project.style }, { rerun })
    changes.update(drizzle.schemaEntry, reexported.text)
  }
}

/** Which database the auth layer ends up on, and the driver kit-auth adds for it (none for the app's own). */
export interface DatabasePlan {
  /** The app brings its own (an adopted instance's, its Drizzle or Prisma setup) or none (stateless). */
  ownDatabase: boolean
  sqlite: boolean
  postgres: boolean
  driver: readonly ['better-sqlite3', '@types/better-sqlite3'] | readonly ['pg', '@types/pg'] | null
}

/**
 * The Prisma models appended to the app's schema, better-auth and the database driver in package.json,
 * and better-sqlite3 allowed to build. An adopted instance that has its own database keeps it: no
 * driver, no local database file.
 */
export function planDatabase(
  project: ProjectInfo,
  changes: ChangeSet,
  answers: InitAnswers,
  setup: { adoption: Adoption; drizzle: DrizzleSetup | null; prisma: PrismaSetup | null; emails: AccountEmailPlan },
): DatabasePlan {
  const { adoption, drizzle, prisma, emails } = setup
  if (prisma) {
    const schema = changes.read(prisma.schemaFile) ?? ''
    if (!schema.includes(PRISMA_MARKER))
      changes.update(prisma.schemaFile, `${schema.replace(/\s*$/, '')}\n\n${generatePrismaModels(answers)}`)
  }
  const ownDatabase =
    (adoption.instance?.hasDatabase ?? false) || drizzle !== null || prisma !== null || answers.stateless === true
  const sqlite = answers.db === 'sqlite' && !ownDatabase
  const postgres = answers.db === 'postgres' && !ownDatabase
  const packageJson = changes.read('package.json') ?? '{}'
  const driver = ownDatabase
    ? null
    : answers.db === 'sqlite'
      ? (['better-sqlite3', '@types/better-sqlite3'] as const)
      : (['pg', '@types/pg'] as const)
  // An instance in a workspace package: its modules' packages go to that package, and the app declares
  // better-auth (its files import the client's subpaths) with the package's own specifier (`catalog:`).
  const authPackage = adoption.instance ? project.authPackage : undefined
  if (authPackage) planAuthPackageManifest(authPackage, changes, emails.dependencies)
  changes.update(
    'package.json',
    addDependencies(packageJson, {
      dependencies: {
        'better-auth': packageRange(authPackage, 'better-auth', AUTH_DEPENDENCIES['better-auth']),
        ...(driver ? { [driver[0]]: AUTH_DEPENDENCIES[driver[0]] } : {}),
        ...(authPackage ? {} : emails.dependencies),
      },
      devDependencies: driver ? { [driver[1]]: AUTH_DEPENDENCIES[driver[1]] } : {},
    }),
  )

  if (sqlite) allowNativeBuild(project, changes, 'better-sqlite3')
  return { ownDatabase, sqlite, postgres, driver }
}
