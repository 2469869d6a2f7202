import { randomBytes } from 'node:crypto'
import path from 'node:path'
import semver from 'semver'
import { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { formatCode } from '../core/format.js'
import type { Plan } from '../core/apply.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { adoptAuth } from '../codemods/auth/adopt-instance.js'
import { adoptAuthClient } from '../codemods/client/add-client-plugins.js'
import { importClause } from '../codemods/js/exports.js'
import { addExportAll } from '../codemods/module/add-export-all.js'
import { addRedirectSearch } from '../codemods/route/add-redirect-search.js'
import { runTransform } from '../codemods/transform.js'
import { protectRoute } from '../codemods/route/protect-route.js'
import { linkPathOf, routeTable } from '../routes/discover.js'
import { PUBLIC_ONLY_GUARD } from '../routes/guards.js'
import { devServerPort } from '../project/package-json.js'
import type { ProjectInfo } from '../project/types.js'
import { generateAuthSchema, type DrizzleSetup } from '../project/drizzle.js'
import { generatePrismaModels, PRISMA_MARKER } from '../project/prisma.js'
import { installTask, installStep, migrateTask, needsInstall, packageManagerNote } from './app-tasks.js'
import { addIgnores, isIgnored, mergeEnv } from './env.js'
import { addDependencies } from './package-json.js'
import { planStartFile } from './start-file.js'
import { planUpgrade, upgradedProject, upgradeNotes } from './upgrade.js'
import type { UpgradeResolution } from '../project/upgrade.js'
import { AUTH_DEPENDENCIES, betterAuthApi, MIN_BETTER_AUTH_VERSION, startApiFlags } from './versions.js'
import { planZodBundle } from './ssr-bundle.js'
import { clientIpHeaderOf } from '../project/hosting.js'

export { AUTH_DEPENDENCIES, MIN_BETTER_AUTH_VERSION }
import {
  allowBuild,
  allowBuildInPackageJson,
  allowBuildInYarnManifest,
  allowScriptsInNpmManifest,
} from './native-builds.js'
import { NO_ADOPTION, type Adoption } from './adopt.js'
import { planRedisStorage } from './add-redis.js'
import {
  ACCOUNT_PAGE_MARKER,
  accountEmailComponents,
  componentStep,
  NO_ACCOUNT_EMAILS,
  planAccountEmails,
  planInstanceEmails,
  type AccountEmailAnswers,
  type AccountEmailPlan,
} from './account-emails.js'
import { packageRange, planAuthPackageManifest } from './auth-package.js'
import { authModulePath, importSpecifier, importSpecifierOfFile, routeFileFor } from './paths.js'
import { loadGuards, moduleOptions } from './protect.js'

export interface InitAnswers extends AccountEmailAnswers {
  /** `drizzle`: the app's own Drizzle `db` (inspection's `project.drizzle`). */
  db: 'sqlite' | 'postgres' | 'drizzle' | 'prisma'
  /** SQLite file, relative to the app root (`./data/auth.db`). */
  dbPath: string
  signInPath: string
  signUpPath: string
  admin: boolean
  organization: boolean
  apiTokens: boolean
  /** Create the `_authenticated` pathless layout. */
  layout: boolean
  /**
   * Keep an adopted stateless instance (no database, `session.cookieCache`) without one: no database,
   * API tokens, organizations, admin or deactivation, which all store data.
   */
  stateless?: boolean
  /** `--redis`: sessions and rate limits in Redis (lib/auth/redis.ts), the database behind it. */
  redis?: boolean
}

/** The oldest Start whose APIs the templates use (createStart, getRequest, server route handlers). */
export const MIN_START_VERSION = '1.132.0'

/** Refuses apps kit-auth cannot generate for, with the reason. */
export function assertSupported(project: ProjectInfo): void {
  const version = project.framework.version
  if (version && semver.valid(version) && semver.lt(version, MIN_START_VERSION)) {
    throw new KitError(
      `${project.framework.name} ${version} is too old: kit-auth needs ${MIN_START_VERSION} or newer (createStart, server route handlers).`,
      `Upgrade TanStack Start (npm install ${project.framework.name}@latest), then run kit-auth init again.`,
    )
  }
  const betterAuth = project.versions['better-auth']
  const installed = betterAuth?.installed && semver.valid(betterAuth.installed) ? betterAuth.installed : null
  const declared = betterAuth?.declared && semver.validRange(betterAuth.declared) ? betterAuth.declared : null
  const tooOld = installed
    ? semver.lt(installed, MIN_BETTER_AUTH_VERSION)
    : declared
      ? !semver.intersects(declared, `>=${MIN_BETTER_AUTH_VERSION}`)
      : false
  if (tooOld) {
    throw new KitError(
      `This app uses better-auth ${installed ?? declared}; the code kit-auth generates needs ${MIN_BETTER_AUTH_VERSION} or newer.`,
      `Run kit-auth init --upgrade-better-auth to move it to ${AUTH_DEPENDENCIES['better-auth']} (with the packages that must move with it).`,
    )
  }
}

interface GeneratedFile {
  template: string
  /** Output path relative to the app root. */
  output: string
}

/**
 * Where the guarded layout and its account page go. An app's own `/_authenticated` layout is kept
 * (and guarded) instead of written over; the account page takes `/account` unless another route
 * already serves that URL, then `/account/api-tokens`, then `/api-tokens`.
 */
interface LayoutPlan {
  /** An existing `/_authenticated` layout file (the app's own, or a previous run's), guarded in place; null when kit-auth writes it. */
  existingLayout: string | null
  /** URL path of the account page, e.g. `/account`. */
  accountPath: string
  accountFile: string
}

function planLayout(project: ProjectInfo, changes: ChangeSet): LayoutPlan {
  const table = routeTable(project)
  // Any layout already there is kept: the app's own, or the one a previous run wrote (already guarded).
  const existingLayout = table.routes.find((route) => route.id === '/_authenticated')?.file ?? null
  const fileFor = (urlPath: string) =>
    path.posix.join(project.routesDirectory, '_authenticated', `${urlPath.slice(1)}.tsx`)
  const candidates = ['/account', '/account/api-tokens', '/api-tokens']
  // A URL is free when no route serves it, or only the page a previous run wrote there.
  const ownPage = (file: string | null) => file !== null && (changes.read(file) ?? '').includes(ACCOUNT_PAGE_MARKER)
  const free = candidates.find(
    (urlPath) =>
      !table.routes.some(
        (route) =>
          route.kind !== 'pathless' &&
          linkPathOf(route) === urlPath &&
          !(route.file === fileFor(urlPath) && ownPage(route.file)),
      ),
  )
  const accountPath = free ?? candidates[0]!
  return { existingLayout, accountPath, accountFile: fileFor(accountPath) }
}

function generatedFiles(
  project: ProjectInfo,
  answers: InitAnswers,
  adoption: Adoption,
  layout: LayoutPlan,
  emails: AccountEmailPlan,
): GeneratedFile[] {
  // the modules the instance imports go beside it when it lives in a workspace package
  const lib = (name: string) => ({
    template: `init/lib/auth/${name}.hbs`,
    output: `${authModulePath(project, `lib/auth/${name.replace(/\.tsx?$/, '')}`)}${path.posix.extname(name)}`,
  })
  const route = (template: string, routePath: string, extension = '.tsx') => ({
    template: `init/routes/${template}.hbs`,
    output: routeFileFor(project, routePath, extension),
  })
  return [
    // The app's own instance, client, handler and pages are reused, never written twice.
    ...(adoption.instance ? [] : [lib('auth.ts')]),
    ...(adoption.instance?.accessor ? [lib('instance.ts')] : []),
    ...(answers.apiTokens ? [lib('api-token-policy.ts'), lib('api-tokens.ts'), lib('api-tokens.functions.ts')] : []),
    ...(emails.flags.email ? [lib('email.ts')] : []),
    // what the sign-in and account pages render for each flow
    ...accountEmailComponents(project, answers),
    // Deactivation and bans enforced inside Better Auth (no database, nothing to lock).
    ...(answers.stateless ? [] : [lib('lockout.ts')]),
    lib('session.ts'),
    lib('session.functions.ts'),
    lib('account.functions.ts'),
    lib('guards.ts'),
    lib('action-middleware.ts'),
    ...(adoption.client ? [] : [lib('auth-client.ts')]),
    lib('redirect.ts'),
    lib('request-middleware.ts'),
    // The client address the rate limits key on (kit-auth's handler uses it; an app's own handler is kept).
    lib('client-ip.ts'),
    ...(adoption.handler ? [] : [route('api/auth/$.ts', '/api/auth/$', '.ts')]),
    // A pathless layout needs a child route, or the generator reads it as a second '/'.
    ...(answers.layout && !layout.existingLayout
      ? [
          {
            template: 'init/routes/_authenticated/route.tsx.hbs',
            output: path.posix.join(project.routesDirectory, '_authenticated', 'route.tsx'),
          },
        ]
      : []),
    ...(answers.layout ? [{ template: 'init/routes/_authenticated/account.tsx.hbs', output: layout.accountFile }] : []),
    ...(adoption.signIn ? [] : [route('sign-in.tsx', answers.signInPath)]),
    ...(adoption.signUp ? [] : [route('sign-up.tsx', answers.signUpPath)]),
    ...emails.pages,
  ]
}

/**
 * How `fromFile` imports a module: a generated sibling as `./name` (the generated lib/auth files
 * import each other that way), anything else through the app's alias or a relative path.
 */
function moduleFrom(project: ProjectInfo, fromFile: string, targetFile: string, generated: boolean): string {
  if (generated && path.posix.dirname(fromFile) === path.posix.dirname(targetFile))
    return `./${path.posix.basename(targetFile).replace(/\.(?:[cm]?[jt]sx?)$/, '')}`
  return importSpecifierOfFile(project, fromFile, targetFile)
}

/** How `fromFile` imports kit-auth's module `lib/auth/<name>`: `./name` beside it, else its path or package specifier. */
function libModule(project: ProjectInfo, fromFile: string, name: string): string {
  const target = authModulePath(project, `lib/auth/${name}`)
  if (path.posix.dirname(target) === path.posix.dirname(fromFile)) return `./${name}`
  return importSpecifier(project, fromFile, `lib/auth/${name}`)
}

/**
 * Everything `kit-auth init` changes, as a plan: the auth layer from templates in the app's
 * alias and style, start.ts created or merged, dependencies, env, .gitignore; then the tasks
 * (install, route tree, migration). It reads the app's files through `options.changes` (by
 * default a change set over the disk) and everything else from `project`.
 */
export async function planInit(
  appProject: ProjectInfo,
  answers: InitAnswers,
  options: { install: boolean; changes?: ChangeSet; upgrade?: UpgradeResolution | null },
  adoption: Adoption = NO_ADOPTION,
): Promise<Plan> {
  const changes = options.changes ?? new ChangeSet(appProject.root, appProject.workspaceRoot)
  // --upgrade-better-auth: the manifests move first, and everything after is written for the new release.
  const upgrade = options.upgrade ? planUpgrade(options.upgrade, changes) : null
  const project = options.upgrade ? upgradedProject(appProject, options.upgrade) : appProject
  // The app's own Drizzle db (never with an adopted instance: that one keeps its database).
  // An adopted instance that has no database yet may take the app's Drizzle db too.
  const drizzle = answers.db === 'drizzle' && !adoption.instance?.hasDatabase ? (project.drizzle?.setup ?? null) : null
  const prisma = answers.db === 'prisma' && !adoption.instance ? (project.prisma?.setup ?? null) : null
  if (answers.db === 'prisma' && !adoption.instance && !prisma)
    throw new KitError(
      '--db prisma needs a Prisma setup kit-auth can find, and this app has none.',
      'Add prisma/schema.prisma and `export const prisma = new PrismaClient(...)`, or pass --db sqlite or --db postgres.',
    )
  if (answers.db === 'drizzle' && !adoption.instance?.hasDatabase && !drizzle)
    throw new KitError(
      '--db drizzle needs a Drizzle setup kit-auth can find, and this app has none.',
      'Add a drizzle.config.ts (dialect, schema) and `export const db = drizzle(...)`, or pass --db sqlite or --db postgres.',
    )
  const lib = (name: string) => path.posix.join(project.srcDirectory, 'lib/auth', name)
  // Where the generated files find the auth instance and the client: kit-auth's own, or the app's.
  // An instance a function makes is used through kit-auth's lib/auth/instance.ts, which calls it.
  const accessor = adoption.instance?.accessor ?? null
  const authFile = accessor ? lib('instance.ts') : (adoption.instance?.file ?? lib('auth.ts'))
  const authImport = accessor ? '{ auth }' : importClause(adoption.instance?.exportName ?? 'auth', 'auth')
  const clientFile = adoption.client?.file ?? lib('auth-client.ts')
  const clientImport = importClause(adoption.client?.exportName ?? 'authClient', 'authClient')
  // Route discovery only when the layout is wanted (--no-layout writes neither layout nor account page).
  const layout: LayoutPlan = answers.layout
    ? planLayout(project, changes)
    : { existingLayout: null, accountPath: '/account', accountFile: '' }
  const otherNotes = otherAuthNotes(project.manifest)
  const betterAuth = betterAuthApi(project)
  // Email flows store their tokens: a stateless instance (no database) gets none.
  const emailAnswers = answers.stateless ? NO_ACCOUNT_EMAILS : answers
  const emails = planAccountEmails(project, changes, emailAnswers, answers.signInPath)
  otherNotes.push(...emails.notes)
  const context = {
    ...startApiFlags(project),
    // a string literal (prettier gives it the app's quotes)
    serverFnBase: JSON.stringify(project.serverFnBase),
    ...answers,
    cookiesPlugin: betterAuth.cookies.name,
    cookiesModule: betterAuth.cookies.from,
    adapterType: betterAuth.adapterType,
    deactivation: !answers.stateless,
    // lockout.ts locks deactivated and banned users out (a stateless app has neither: no database)
    lockout: !answers.stateless,
    fieldIndex: betterAuth.fieldIndex,
    ...clientIpHeaderOf(project),
    sqlite: answers.db === 'sqlite',
    postgres: answers.db === 'postgres',
    drizzle: drizzle !== null,
    drizzleProvider: drizzle?.provider,
    prisma: prisma !== null,
    prismaProvider: prisma?.provider,
    anyPlugin: answers.admin || answers.organization,
    pluginImports: [answers.admin && 'admin', answers.organization && 'organization'].filter(Boolean).join(', '),
    homePath: '/',
    apiRouteId: '/api/auth/$',
    layoutRouteId: '/_authenticated',
    accountPath: layout.accountPath,
    ...emails.paths,
    ...emails.flags,
    ...emailAnswers,
    changeEmailVerification: betterAuth.changeEmailVerification,
    verificationLinkOnce: betterAuth.verificationLinkOnce,
    // only kit-auth's own instance is known to allow it
    deleteAccount: !adoption.instance,
  }
  const render = async (template: string, output: string) => {
    const fileContext = {
      ...context,
      ...(drizzle
        ? {
            dbImport: importClause(drizzle.dbExport, 'db'),
            dbModule: importSpecifierOfFile(project, output, drizzle.dbFile),
            authSchemaModule: importSpecifierOfFile(project, output, drizzle.authSchemaFile),
          }
        : {}),
      ...(prisma
        ? {
            prismaImport: importClause(prisma.clientExport, 'prisma'),
            prismaModule: importSpecifierOfFile(project, output, prisma.clientFile),
          }
        : {}),
      authImport,
      authModule: moduleFrom(project, output, authFile, !adoption.instance || accessor !== null),
      ...(accessor && adoption.instance
        ? {
            accessorImport: importClause(accessor.exportName, 'appAuth'),
            accessorName: accessor.local,
            // relative: the migration runner's plain Vite server resolves no package.json `imports`
            accessorModule: project.authPackage
              ? importSpecifierOfFile(project, output, adoption.instance.file)
              : relativeModule(output, adoption.instance.file),
            accessorFile: adoption.instance.file,
          }
        : {}),
      clientImport,
      clientModule: moduleFrom(project, output, clientFile, !adoption.client),
      // kit-auth's own modules: siblings, or in the workspace package beside its instance
      apiTokensModule: libModule(project, output, 'api-tokens'),
      apiTokenPolicyModule: libModule(project, output, 'api-token-policy'),
      lockoutModule: libModule(project, output, 'lockout'),
    }
    const source = renderTemplate(template, fileContext, {
      import: (target: string) => importSpecifier(project, output, target),
    })
    return formatCode(source, output, project.style)
  }

  for (const file of generatedFiles(project, answers, adoption, layout, emails))
    changes.create(file.output, await render(file.template, file.output))
  if (answers.layout && layout.existingLayout) {
    // The app's own _authenticated layout is kept, and guarded the way `kit-auth protect` would.
    const text = changes.read(layout.existingLayout) ?? ''
    // guards.ts is already in the change set: the same options `kit-auth protect` uses
    const exports = [...loadGuards(project, changes), PUBLIC_ONLY_GUARD]
    const guarded = runTransform(text, layout.existingLayout, protectRoute, {
      ...moduleOptions(project, layout.existingLayout, exports),
      guard: 'requireAuth',
    })
    changes.update(layout.existingLayout, guarded.text)
    if (guarded.data?.status !== 'already') {
      otherNotes.push(
        `Kept your own /_authenticated layout (${layout.existingLayout}) and guarded it with requireAuth${guarded.data?.status === 'composed' ? ', before its own beforeLoad' : ''}.`,
      )
    }
  }
  if (answers.layout && layout.accountPath !== '/account') {
    otherNotes.push(
      `Your app already has a /account route: the account and API-token page is at ${layout.accountPath} (${layout.accountFile}).`,
    )
  }
  if (drizzle) {
    changes.create(
      drizzle.authSchemaFile,
      await formatCode(generateAuthSchema(drizzle.provider, answers), drizzle.authSchemaFile, project.style),
    )
    // drizzle-kit reads only the configured schema file: it must re-export the auth tables.
    const entry = drizzle.schemaEntry ? changes.read(drizzle.schemaEntry) : null
    if (drizzle.schemaEntry && entry !== null) {
      const from = relativeModule(drizzle.schemaEntry, drizzle.authSchemaFile)
      const rerun = 'run kit-auth init again'
      const reexported = runTransform(
        entry,
        drizzle.schemaEntry,
        addExportAll,
        { from, style: project.style },
        { rerun },
      )
      changes.update(drizzle.schemaEntry, reexported.text)
    }
  }
  const adopted = adoptExisting(
    project,
    answers,
    adoption,
    changes,
    { authFile, authImport },
    drizzle,
    upgrade !== null,
  )
  if (upgrade) otherNotes.unshift(...upgradeNotes(upgrade, adopted.rewroteCookies ? authFile : null))

  const startFile = await planStartFile(project, changes, render)
  otherNotes.push(...startFile.notes)

  // An adopted instance that has its own database keeps it: no driver, no local database file.
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

  const envEntries: Record<string, string> = {
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
    BETTER_AUTH_URL: `http://localhost:${devServerPort(project.manifest.scripts)}`,
    ...(postgres ? { DATABASE_URL: 'postgres://localhost:5432/app' } : {}),
  }
  const envText = fillEmptySecret(changes.read(project.envFile), envEntries.BETTER_AUTH_SECRET!)
  changes.update(
    project.envFile,
    mergeEnv(envText, envEntries, 'Better Auth (added by kit-auth): keep the secret out of git'),
    { sensitive: true },
  )

  // --redis: the same edit `kit-auth add redis` makes, on the instance written or adopted above.
  if (answers.redis) {
    const redis = await planRedisStorage(project, changes, adoption.instance?.file ?? lib('auth.ts'), {
      adopted: adoption.instance !== null,
      command: 'kit-auth init --redis',
    })
    if (adoption.instance) otherNotes.push(...redis.notes)
  }

  const gitignore = changes.read('.gitignore')
  const dbDir = sqlite ? path.posix.normalize(path.posix.dirname(answers.dbPath)) : null
  const toIgnore = [
    ...(isIgnored(gitignore, project.envFile) ? [] : [project.envFile]),
    ...(dbDir && dbDir !== '.' && !isIgnored(gitignore, dbDir) ? [`/${dbDir}/`] : []),
    ...(dbDir === '.' && !isIgnored(gitignore, answers.dbPath) ? [answers.dbPath.replace(/^\.\//, '/')] : []),
    // the development outbox of lib/auth/email.ts
    ...(emails.flags.email && !isIgnored(gitignore, '.kit-auth') ? ['/.kit-auth/'] : []),
  ]
  if (toIgnore.length > 0) changes.update('.gitignore', addIgnores(gitignore, toIgnore))
  const zodBundle = planZodBundle(project, changes)

  // the app runner's Vite server reaches a workspace package's instance the way the app does
  const authModule =
    !accessor && adoption.instance && project.betterAuth?.module ? project.betterAuth.module : `/${authFile}`
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
  // An adopted database gets its new tables the way the app migrates it, never behind its back.
  const ormAdapter = drizzle
    ? 'drizzle'
    : prisma
      ? 'prisma'
      : ownDatabase && adoption.instance?.adapter !== 'kysely'
        ? adoption.instance?.adapter
        : null
  const migrateLater = drizzle
    ? `apply the auth tables in ${drizzle.authSchemaFile} with drizzle-kit: \`npx drizzle-kit generate && npx drizzle-kit migrate\` (or \`npx drizzle-kit push\`)`
    : prisma
      ? `apply the Better Auth models appended to ${prisma.schemaFile}: ${prismaCommand(project, 'migrate dev')}, then regenerate the client: ${prismaCommand(project, 'generate')}`
      : ormAdapter === 'convex'
        ? "add the new plugins' tables and the `deactivatedAt` user field to your Better Auth component's schema the way @convex-dev/better-auth documents it (kit-auth does not migrate Convex), then deploy it with `npx convex dev`"
        : ormAdapter
          ? `generate the new auth tables and columns for your ${ormAdapter} schema (\`npx auth generate\`) and apply them with your own migration tool`
          : ownDatabase
            ? 'run `npx kit-auth migrate` to add the new auth tables and columns to your database'
            : postgres
              ? 'set DATABASE_URL in ' + project.envFile + ', then run `npx kit-auth migrate`'
              : 'run `npx kit-auth migrate` to create the auth tables'
  // "Then ..." only after another step; the first step is a sentence of its own.
  const thenStep = (text: string) =>
    manualSteps.length > 0 ? `Then ${text}` : `${text.charAt(0).toUpperCase()}${text.slice(1)}`
  // A stateless instance has no tables: no migration step, only the route tree.
  const tables = !answers.stateless
  if (answers.stateless) {
    otherNotes.push(
      `Your Better Auth instance keeps sessions in the cookie and has no database (stateless): left out API tokens, organizations, the admin plugin and deactivation, which store data. Pass --db sqlite or --db postgres to add a database and them.`,
    )
  }
  if (!options.install) {
    if (installNeeded) manualSteps.push(installStep(project))
    if (tables)
      manualSteps.push(
        thenStep(
          ormAdapter
            ? `${migrateLater}; \`npx kit-auth migrate\` regenerates the route tree.`
            : `${migrateLater} (it also regenerates the route tree).`,
        ),
      )
  } else {
    if (installNeeded) tasks.push(installTask(project, sqlite ? ['better-sqlite3'] : []))
    if (installNeeded || !changes.isEmpty()) {
      // Postgres is migrated only when the environment already points at it.
      const migrateNow = sqlite || (postgres && Boolean(process.env.DATABASE_URL))
      tasks.push(migrateTask(project, { authModule, exportName, migrate: migrateNow }))
      if (tables && !migrateNow) manualSteps.push(thenStep(`${migrateLater}.`))
    }
  }

  const run = scriptRunner(project)
  return {
    changeSet: changes,
    tasks,
    manualSteps: [...adopted.manualSteps, ...zodBundle.manualSteps, ...manualSteps],
    ...(startFile.warnings.length > 0 ? { warnings: startFile.warnings } : {}),
    ...(adopted.notes.length > 0 || otherNotes.length > 0 || zodBundle.notes.length > 0 || installNeeded
      ? {
          notes: [
            ...adopted.notes,
            ...otherNotes,
            ...zodBundle.notes,
            ...(installNeeded ? [packageManagerNote(project)] : []),
          ],
        }
      : {}),
    nextSteps: [
      `Start the dev server: \`${run} dev\`, then open ${envEntries.BETTER_AUTH_URL}${answers.signUpPath} to create an account.`,
      ...(emails.flags.email
        ? [
            `Account emails (verification, password reset) print to the server console and .kit-auth/outbox/ in development; in production set SMTP_URL (or RESEND_API_KEY) and EMAIL_FROM.`,
          ]
        : []),
      ...(answers.redis
        ? [
            `Set REDIS_URL in ${project.envFile} (and on every instance in production); without it sessions are read from the database and rate limits are counted per instance.`,
          ]
        : []),
      `Protect a route: \`npx kit-auth protect /dashboard\` (or put routes under ${path.posix.join(project.routesDirectory, '_authenticated/')}).`,
      `Protect server functions with \`authAction()\` from ${importSpecifier(project, path.posix.join(project.srcDirectory, 'x.ts'), 'lib/auth/action-middleware')}: guards gate navigation, not data.`,
    ],
    // dbPath only means something when kit-auth's own SQLite file is used.
    data: {
      answers: sqlite ? answers : withoutDbPath(answers),
      ...(upgrade ? { upgrade } : {}),
      ...(adopted.notes.length > 0 ? { adopted: adoptionSummary(adoption) } : {}),
    },
  }
}

/**
 * Fills a `BETTER_AUTH_SECRET=` line that is there but empty (what `create --add-ons better-auth`
 * writes: `BETTER_AUTH_SECRET= # Generate a secret key...`), keeping its comment. An app without a
 * secret would run on Better Auth's insecure default; any other value is left alone.
 */
function fillEmptySecret(text: string | null, secret: string): string | null {
  return (
    text?.replace(
      /^([ \t]*(?:export[ \t]+)?BETTER_AUTH_SECRET[ \t]*=)[ \t]*(?:""|'')?[ \t]*(#.*)?$/m,
      (_all, key: string, comment?: string) => `${key}${secret}${comment ? ` ${comment}` : ''}`,
    ) ?? null
  )
}

/** What a JSON consumer learns about the reused pieces. */
function adoptionSummary(adoption: Adoption) {
  return {
    instance: adoption.instance && { file: adoption.instance.file, exportName: adoption.instance.exportName },
    handler: adoption.handler,
    client: adoption.client,
    signIn: adoption.signIn,
    signUp: adoption.signUp,
  }
}

/**
 * Patches what the app already has instead of generating it: its Better Auth instance (missing
 * plugins, cookies plugin last, deactivatedAt, a database when it has none), its auth client
 * (client plugins) and its sign-in (and sign-up) page (a `validateSearch` that accepts the
 * guards' `redirect`). Returns what to tell the user.
 */
function adoptExisting(
  project: ProjectInfo,
  answers: InitAnswers,
  adoption: Adoption,
  changes: ChangeSet,
  auth: { authFile: string; authImport: string },
  drizzle: DrizzleSetup | null,
  upgrading = false,
): { notes: string[]; manualSteps: string[]; rewroteCookies: boolean } {
  let rewroteCookies = false
  const notes: string[] = []
  const manualSteps: string[] = []
  const run = { style: project.style, rerun: 'run kit-auth init again' }
  const instance = adoption.instance
  if (instance) {
    const result = runTransform(
      changes.read(instance.file) ?? '',
      instance.file,
      adoptAuth,
      {
        plugins: {
          admin: answers.admin,
          organization: answers.organization,
          apiTokens: answers.apiTokens,
          accountLockout: !answers.stateless,
        },
        apiTokensFrom: importSpecifier(project, instance.file, 'lib/auth/api-tokens'),
        lockoutFrom: importSpecifier(project, instance.file, 'lib/auth/lockout'),
        cookies: betterAuthApi(project).cookies,
        deactivation: !answers.stateless,
        database:
          instance.hasDatabase || answers.stateless
            ? null
            : drizzle
              ? {
                  kind: 'drizzle',
                  provider: drizzle.provider,
                  dbExport: drizzle.dbExport,
                  dbFrom: importSpecifierOfFile(project, instance.file, drizzle.dbFile),
                  schemaFrom: importSpecifierOfFile(project, instance.file, drizzle.authSchemaFile),
                }
              : answers.db === 'sqlite'
                ? { kind: 'sqlite', path: answers.dbPath }
                : { kind: 'postgres' },
        exportInstance: instance.exportNeeded,
        upgradeCookies: upgrading && betterAuthApi(project).cookies.name === 'tanstackStartCookies',
        style: project.style,
      },
      run,
    )
    changes.update(instance.file, result.text)
    // The account emails, merged the way `kit-auth add` merges them (an own callback is kept).
    const emails = planInstanceEmails(project, changes, instance.file, true, answers, 'kit-auth init')
    manualSteps.push(...emails.manualSteps)
    // The cookies rename is reported with the upgrade's breaking changes; the rest was added.
    const added = [...result.changes, ...emails.added].filter((change) => !change.startsWith('reactStartCookies ('))
    rewroteCookies = result.changes.some((change) => change.startsWith('reactStartCookies ('))
    notes.push(
      `Reused your Better Auth instance in ${instance.file}${added.length > 0 ? `: added ${added.join(', ')}` : ' (it already has what kit-auth needs)'}.`,
      ...emails.yours.map(
        (option) =>
          `Kept your own \`${option}\` in ${instance.file} (already configured by you): it sends those emails.`,
      ),
    )
    manualSteps.push(...result.notes)
    if (instance.cookieCache && !answers.stateless) {
      notes.push(
        `Your instance caches sessions in a cookie (session.cookieCache): kit-auth's getSession() still reads the session from the database (once per request), so deactivation and bans take effect on the next request.`,
      )
    }
    if (!instance.emailAndPassword && (!adoption.signIn || !adoption.signUp)) {
      manualSteps.push(
        `The generated sign-in and sign-up pages use email and password: enable \`emailAndPassword: { enabled: true }\` in ${instance.file} (or replace them with your own).`,
      )
    }
  }
  if (adoption.handler) {
    notes.push(`Reused your Better Auth handler route ${adoption.handler}.`)
    const clientIp = path.posix.join(project.srcDirectory, 'lib/auth/client-ip.ts')
    manualSteps.push(
      `Rate limits in ${adoption.handler} key on the X-Forwarded-For a client sends: pass \`await withClientIp(request)\` (from ${clientIp}) to \`auth.handler\` instead of \`request\`.`,
    )
  }
  if (adoption.client) {
    const result = runTransform(
      changes.read(adoption.client.file) ?? '',
      adoption.client.file,
      adoptAuthClient,
      {
        admin: answers.admin,
        organization: answers.organization,
        authType: {
          from: moduleFrom(project, adoption.client.file, auth.authFile, !instance),
          clause: auth.authImport,
        },
        style: project.style,
      },
      run,
    )
    changes.update(adoption.client.file, result.text)
    notes.push(
      `Reused your auth client in ${adoption.client.file}${result.changes.length > 0 ? `: added ${result.changes.join(', ')}` : ''}.`,
    )
  }
  if (!adoption.client && adoption.unusableClient) {
    notes.push(
      `Your \`createAuthClient()\` in ${adoption.unusableClient} is not exported as one object, so the generated pages use their own client (${path.posix.join(project.srcDirectory, 'lib/auth/auth-client.ts')}).`,
    )
  }
  // The generated sign-up page links to sign-in with `search: { redirect }`, and sign-in to sign-up.
  const pages = [
    adoption.signIn && { file: adoption.signIn, path: answers.signInPath, what: 'sign-in page', needed: true },
    adoption.signUp && {
      file: adoption.signUp,
      path: answers.signUpPath,
      what: 'sign-up page',
      needed: !adoption.signIn,
    },
  ]
  for (const page of pages) {
    if (!page) continue
    notes.push(
      `Reused your ${page.what} ${page.file} (${page.path})${page.what === 'sign-in page' ? " as the guards' redirect target" : ''}.`,
    )
    const linked = /\bForgotPasswordLink\b/.test(changes.read(page.file) ?? '')
    if (page.what === 'sign-in page' && answers.passwordReset && !linked)
      manualSteps.push(componentStep(project, 'forgotPasswordLink', page.file, `your sign-in page (${page.file})`))
    if (!page.needed) continue
    const { text, data: result } = runTransform(
      changes.read(page.file) ?? '',
      page.file,
      addRedirectSearch,
      { style: project.style },
      run,
    )
    if (result?.status === 'added') {
      changes.update(page.file, text)
      notes.push(
        `Added a \`validateSearch\` to ${page.file} so it accepts the \`redirect\` search param the guards send; send users back there after signing in (\`getSafeRedirect(Route.useSearch().redirect)\` from ${importSpecifier(project, page.file, 'lib/auth/redirect')}).`,
      )
    } else if (result?.status === 'present' && !result.mentionsRedirect) {
      manualSteps.push(
        `${page.file} has a \`validateSearch\` that does not mention \`redirect\`: make it accept an optional \`redirect\` string, or the guards that send \`search: { redirect }\` to ${page.path} will not type-check.`,
      )
    } else if (result?.status === 'unsupported') {
      manualSteps.push(
        `Add \`validateSearch\` accepting an optional \`redirect\` string to the route in ${page.file}: the guards send \`search: { redirect }\` to ${page.path}.`,
      )
    }
  }
  return { notes, manualSteps, rewroteCookies }
}

/**
 * Lets the package manager run `name`'s build script, which every current one blocks by default:
 * pnpm 10 (`allowBuilds` in pnpm-workspace.yaml, or package.json `pnpm.onlyBuiltDependencies`),
 * npm 12 (`allowScripts` in the root package.json), Yarn 4.14+ (`dependenciesMeta.<name>.built`).
 * Bun trusts better-sqlite3 out of the box and yarn classic runs every script.
 */
function allowNativeBuild(project: ProjectInfo, changes: ChangeSet, name: string): void {
  const workspaceRoot = path.relative(project.root, project.workspaceRoot).split(path.sep).join('/') || '.'
  const rootManifest = path.posix.join(workspaceRoot, 'package.json')
  const editManifest = (edit: (text: string, name: string) => string) => {
    const text = changes.read(rootManifest)
    if (text !== null) changes.update(rootManifest, edit(text, name))
  }
  const manager = project.packageManager
  if (manager.name === 'npm') return editManifest(allowScriptsInNpmManifest)
  if (manager.name === 'yarn' && manager.yarn === 'berry') return editManifest(allowBuildInYarnManifest)
  if (manager.name !== 'pnpm') return
  const workspaceFile = path.posix.join(workspaceRoot, 'pnpm-workspace.yaml')
  const yaml = changes.read(workspaceFile)
  if (yaml !== null) return changes.update(workspaceFile, allowBuild(yaml, name))
  editManifest(allowBuildInPackageJson)
}

/** Hosted or third-party auth libraries an app may be moving away from, by package name prefix. */
const OTHER_AUTH = [
  ['@clerk/', 'Clerk'],
  ['@workos-inc/', 'WorkOS'],
  ['@workos/', 'WorkOS'],
  ['@auth0/', 'Auth0'],
  ['@kinde-oss/', 'Kinde'],
  ['@auth/', 'Auth.js'],
  ['next-auth', 'Auth.js'],
  ['lucia', 'Lucia'],
  ['@supabase/ssr', 'Supabase Auth'],
  ['@stackframe/', 'Stack Auth'],
] as const

/** "Clerk is already set up" style notes: kit-auth adds Better Auth next to it and says so. */
function otherAuthNotes(manifest: ProjectInfo['manifest']): string[] {
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  const found = new Map<string, string[]>()
  for (const name of names) {
    const vendor = OTHER_AUTH.find(
      ([prefix]) => name === prefix || (prefix.endsWith('/') && name.startsWith(prefix)),
    )?.[1]
    if (vendor) found.set(vendor, [...(found.get(vendor) ?? []), name])
  }
  return [...found].map(
    ([vendor, packages]) =>
      `${vendor} (${packages.join(', ')}) is also set up in this app: Better Auth was added next to it, not in its place. Remove ${vendor}'s provider, middleware and routes once you switch over.`,
  )
}

/**
 * How the app runs a Prisma command: its own script when one wraps it (`create --add-ons prisma`
 * loads DATABASE_URL from .env.local that way: `npm run db:migrate`), else `npx prisma <command>`.
 */
function prismaCommand(project: ProjectInfo, command: string): string {
  const scripts = project.manifest.scripts
  const name = Object.keys(scripts).find((script) => new RegExp(`\\bprisma ${command}\\b`).test(scripts[script] ?? ''))
  return name ? `\`${scriptRunner(project)} ${name}\`` : `\`npx prisma ${command}\``
}

function withoutDbPath({ dbPath: _unused, ...rest }: InitAnswers): Omit<InitAnswers, 'dbPath'> {
  return rest
}

function scriptRunner(project: ProjectInfo): string {
  return project.packageManager.name === 'npm' ? 'npm run' : project.packageManager.name
}

/** `./auth-schema` from `src/db/schema.ts` to `src/db/auth-schema.ts`: relative, extension dropped. */
function relativeModule(fromFile: string, targetFile: string): string {
  // Folder first, then the name: src/lib/auth/x.ts -> src/lib/auth.ts is `../auth`, never `./`.
  const folder = path.posix.relative(path.posix.dirname(fromFile), path.posix.dirname(targetFile))
  const relative = path.posix.join(folder, path.posix.basename(targetFile).replace(/\.(?:[cm]?[jt]sx?)$/, ''))
  return relative.startsWith('.') ? relative : `./${relative}`
}
