import { randomBytes } from 'node:crypto'
import path from 'node:path'
import semver from 'semver'
import { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { formatCode } from '../core/format.js'
import type { Plan } from '../core/apply.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { mergeStart } from '../codemods/merge-start.js'
import type { ProjectInfo } from '../project/types.js'
import { installTask, installCommand, migrateTask, needsInstall } from './app-tasks.js'
import { addIgnores, isIgnored, mergeEnv } from './env.js'
import { addDependencies } from './package-json.js'
import { allowBuild, allowBuildInPackageJson } from './pnpm.js'
import { importSpecifier, routeFileFor } from './paths.js'

export interface InitAnswers {
  db: 'sqlite' | 'postgres'
  /** SQLite file, relative to the app root (`./data/auth.db`). */
  dbPath: string
  signInPath: string
  signUpPath: string
  admin: boolean
  organization: boolean
  apiTokens: boolean
  /** Create the `_authenticated` pathless layout. */
  layout: boolean
}

/** The oldest Start whose APIs the templates use (createStart, getRequest, server route handlers). */
export const MIN_START_VERSION = '1.132.0'

/** Versions kit-auth adds; the generated code is written against these. */
export const AUTH_DEPENDENCIES = {
  'better-auth': '^1.7.25',
  'better-sqlite3': '^12.6.2',
  '@types/better-sqlite3': '^7.6.13',
  pg: '^8.16.3',
  '@types/pg': '^8.15.6',
} as const

/** Refuses apps kit-auth cannot generate for, with the reason. */
export function assertSupported(project: ProjectInfo): void {
  const version = project.framework.version
  if (version && semver.valid(version) && semver.lt(version, MIN_START_VERSION)) {
    throw new KitError(
      `${project.framework.name} ${version} is too old: kit-auth needs ${MIN_START_VERSION} or newer (createStart, server route handlers).`,
      `Upgrade TanStack Start (npm install ${project.framework.name}@latest), then run kit-auth init again.`,
    )
  }
  const ownAuth = path.posix.join(project.srcDirectory, 'lib/auth/auth.ts')
  if (project.betterAuth && project.betterAuth.file !== ownAuth) {
    throw new KitError(
      `This app already configures Better Auth in ${project.betterAuth.file}; kit-auth does not adopt an existing instance yet.`,
      `Move that instance aside (or to ${ownAuth}) and run kit-auth init again.`,
    )
  }
}

/** Template variables that depend on the installed framework version. */
function versionFlags(project: ProjectInfo) {
  const version = project.framework.version && semver.valid(project.framework.version) ? project.framework.version : '999.0.0'
  return {
    // `.validator` came back in 1.168.25; 1.132 - 1.168.24 spell it `.inputValidator`.
    validator: semver.gte(version, '1.168.25') ? 'validator' : 'inputValidator',
    builtinCsrf: semver.gte(version, '1.168.0'),
  }
}

interface GeneratedFile {
  template: string
  /** Output path relative to the app root. */
  output: string
}

function generatedFiles(project: ProjectInfo, answers: InitAnswers): GeneratedFile[] {
  const lib = (name: string) => ({ template: `init/lib/auth/${name}.hbs`, output: path.posix.join(project.srcDirectory, 'lib/auth', name) })
  const route = (template: string, routePath: string, extension = '.tsx') => ({ template: `init/routes/${template}.hbs`, output: routeFileFor(project, routePath, extension) })
  return [
    lib('auth.ts'),
    ...(answers.apiTokens ? [lib('api-tokens.ts'), lib('api-tokens.functions.ts')] : []),
    lib('session.ts'),
    lib('session.functions.ts'),
    lib('account.functions.ts'),
    lib('guards.ts'),
    lib('action-middleware.ts'),
    lib('auth-client.ts'),
    lib('redirect.ts'),
    lib('request-middleware.ts'),
    route('api/auth/$.ts', '/api/auth/$', '.ts'),
    // A pathless layout needs a child route, or the generator reads it as a second '/'.
    ...(answers.layout
      ? ['route.tsx', 'account.tsx'].map((name) => ({ template: `init/routes/_authenticated/${name}.hbs`, output: path.posix.join(project.routesDirectory, '_authenticated', name) }))
      : []),
    route('sign-in.tsx', answers.signInPath),
    route('sign-up.tsx', answers.signUpPath),
  ]
}

/** The port the dev server uses (`vite dev --port 3000`), for BETTER_AUTH_URL. */
function devPort(packageJson: string | null): number {
  const scripts = packageJson ? ((JSON.parse(packageJson) as { scripts?: Record<string, string> }).scripts ?? {}) : {}
  const match = /--port[= ](\d+)/.exec(scripts.dev ?? '')
  return match ? Number(match[1]) : 3000
}

/**
 * Everything `kit-auth init` changes, as a plan: the auth layer from templates in the app's
 * alias and style, start.ts created or merged, dependencies, env, .gitignore; then the tasks
 * (install, route tree, migration).
 */
export async function planInit(project: ProjectInfo, answers: InitAnswers, options: { install: boolean }): Promise<Plan> {
  const changes = new ChangeSet(project.root, project.workspaceRoot)
  const context = {
    ...versionFlags(project),
    ...answers,
    sqlite: answers.db === 'sqlite',
    postgres: answers.db === 'postgres',
    anyPlugin: answers.admin || answers.organization,
    pluginImports: [answers.admin && 'admin', answers.organization && 'organization'].filter(Boolean).join(', '),
    homePath: '/',
    apiRouteId: '/api/auth/$',
    layoutRouteId: '/_authenticated',
  }
  const render = async (template: string, output: string) => {
    const source = renderTemplate(template, context, { import: (target: string) => importSpecifier(project, output, target) })
    return formatCode(source, output, project.style)
  }

  for (const file of generatedFiles(project, answers)) changes.create(file.output, await render(file.template, file.output))

  const middlewareModule = 'lib/auth/request-middleware'
  if (project.startFile) {
    const current = changes.read(project.startFile) ?? ''
    changes.update(
      project.startFile,
      mergeStart(current, project.startFile, {
        from: importSpecifier(project, project.startFile, middlewareModule),
        middleware: ['securityHeadersMiddleware', 'csrfMiddleware'],
        // The app's own CSRF middleware already protects its server functions.
        skipWhenPresent: { csrfMiddleware: (text) => text.includes('createCsrfMiddleware(') },
        style: project.style,
      }),
    )
  } else {
    const startFile = path.posix.join(project.srcDirectory, 'start.ts')
    changes.create(startFile, await render('init/start.ts.hbs', startFile))
  }

  const packageJson = changes.read('package.json') ?? '{}'
  const driver = answers.db === 'sqlite' ? (['better-sqlite3', '@types/better-sqlite3'] as const) : (['pg', '@types/pg'] as const)
  changes.update(
    'package.json',
    addDependencies(packageJson, {
      dependencies: { 'better-auth': AUTH_DEPENDENCIES['better-auth'], [driver[0]]: AUTH_DEPENDENCIES[driver[0]] },
      devDependencies: { [driver[1]]: AUTH_DEPENDENCIES[driver[1]] },
    }),
  )

  if (project.packageManager.name === 'pnpm' && answers.db === 'sqlite') allowNativeBuild(project, changes, 'better-sqlite3')

  const envEntries: Record<string, string> = {
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
    BETTER_AUTH_URL: `http://localhost:${devPort(packageJson)}`,
    ...(answers.db === 'postgres' ? { DATABASE_URL: 'postgres://localhost:5432/app' } : {}),
  }
  changes.update(project.envFile, mergeEnv(changes.read(project.envFile), envEntries, 'Better Auth (added by kit-auth): keep the secret out of git'), { sensitive: true })

  const gitignore = changes.read('.gitignore')
  const dbDir = answers.db === 'sqlite' ? path.posix.normalize(path.posix.dirname(answers.dbPath)) : null
  const toIgnore = [
    ...(isIgnored(gitignore, project.envFile) ? [] : [project.envFile]),
    ...(dbDir && dbDir !== '.' && !isIgnored(gitignore, dbDir) ? [`/${dbDir}/`] : []),
    ...(dbDir === '.' && !isIgnored(gitignore, answers.dbPath) ? [answers.dbPath.replace(/^\.\//, '/')] : []),
  ]
  if (toIgnore.length > 0) changes.update('.gitignore', addIgnores(gitignore, toIgnore))

  const authModule = `/${path.posix.join(project.srcDirectory, 'lib/auth/auth.ts')}`
  const tasks: Task[] = []
  const manualSteps: string[] = []
  const installNeeded = needsInstall(project, changes, Object.keys(AUTH_DEPENDENCIES).filter((name) => name === 'better-auth' || driver.includes(name as never)))
  const migrateLater = answers.db === 'postgres' ? 'set DATABASE_URL in ' + project.envFile + ', then run `npx kit-auth migrate`' : 'run `npx kit-auth migrate` to create the auth tables'
  if (!options.install) {
    if (installNeeded) manualSteps.push(`Install the new dependencies: \`${installCommand(project)}\``)
    manualSteps.push(`Then ${migrateLater} (it also regenerates the route tree).`)
  } else {
    if (installNeeded) tasks.push(installTask(project, answers.db === 'sqlite' ? ['better-sqlite3'] : []))
    if (installNeeded || !changes.isEmpty()) {
      tasks.push(migrateTask(project, { authModule, migrate: answers.db === 'sqlite' }))
      if (answers.db === 'postgres') manualSteps.push(`Then ${migrateLater}.`)
    }
  }

  const run = scriptRunner(project)
  return {
    changeSet: changes,
    tasks,
    manualSteps,
    nextSteps: [
      `Start the dev server: \`${run} dev\`, then open ${envEntries.BETTER_AUTH_URL}${answers.signUpPath} to create an account.`,
      `Protect a route: \`npx kit-auth protect /dashboard\` (or put routes under ${path.posix.join(project.routesDirectory, '_authenticated/')}).`,
      `Protect server functions with \`authAction()\` from ${importSpecifier(project, path.posix.join(project.srcDirectory, 'x.ts'), 'lib/auth/action-middleware')}: guards gate navigation, not data.`,
    ],
    data: { answers },
  }
}

/** Lets pnpm 10 build a native dependency: in pnpm-workspace.yaml when there is one, else in the root package.json. */
function allowNativeBuild(project: ProjectInfo, changes: ChangeSet, name: string): void {
  const workspaceRoot = path.relative(project.root, project.workspaceRoot).split(path.sep).join('/') || '.'
  const workspaceFile = path.posix.join(workspaceRoot, 'pnpm-workspace.yaml')
  const yaml = changes.read(workspaceFile)
  if (yaml !== null) return changes.update(workspaceFile, allowBuild(yaml, name))
  const packageFile = path.posix.join(workspaceRoot, 'package.json')
  const packageJson = changes.read(packageFile)
  if (packageJson !== null) changes.update(packageFile, allowBuildInPackageJson(packageJson, name))
}

function scriptRunner(project: ProjectInfo): string {
  return project.packageManager.name === 'npm' ? 'npm run' : project.packageManager.name
}
