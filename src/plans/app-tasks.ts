import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { onPath, runCommand, type Task } from '../core/tasks.js'
import { hasNativeBuild } from '../project/installed.js'
import type { ProjectInfo } from '../project/types.js'
import { betterAuthApi } from './versions.js'

const RUNNER = fileURLToPath(new URL('../tasks/app-runner.js', import.meta.url))

/** True when package.json changes or one of `packages` is not installed (inspection looked in node_modules). */
export function needsInstall(project: ProjectInfo, changes: ChangeSet, packages: string[]): boolean {
  const manifests = /(^|\/)(package\.json|pnpm-workspace\.yaml)$/
  if (changes.changes().some((change) => manifests.test(change.path) && change.action !== 'unchanged')) return true
  return packages.some((name) => !project.installed.includes(name))
}

/**
 * The package manager's binary and leading arguments; through npx when it is not on PATH (`onPath`,
 * which the task running it checks), at the version the `packageManager` field pins.
 */
export function packageManagerCommand(project: ProjectInfo, onPath: boolean): [string, string[]] {
  const name = project.packageManager.name
  if (name === 'npm' || onPath) return [name, []]
  const pinned = project.packageManager.version
  // Yarn 2+ is published as @yarnpkg/cli-dist (the `yarn` package stops at 1.x).
  if (name === 'yarn' && project.packageManager.yarn === 'berry')
    return ['npx', ['-y', '-p', `@yarnpkg/cli-dist@${pinned ?? '4'}`, 'yarn']]
  const version = pinned ?? (name === 'pnpm' ? '10' : name === 'yarn' ? '1' : 'latest')
  return ['npx', ['-y', `${name}@${version}`]]
}

/** The `--no-install` step: the command in backticks (copy-pasteable), then where to run it in a workspace. */
export function installStep(project: ProjectInfo): string {
  const where = project.workspaceRoot === project.root ? '' : ` at the workspace root ${project.workspaceRoot}`
  return `Install the new dependencies: \`${project.packageManager.name} install\`${where}`
}

/** How the app runs one of its package.json scripts: `npm run <name>`, `pnpm <name>`, ... */
export function scriptRunner(project: ProjectInfo): string {
  return project.packageManager.name === 'npm' ? 'npm run' : project.packageManager.name
}

/**
 * How the app runs an ORM command: its own script when one wraps it (`db:migrate` running
 * `drizzle-kit migrate`, or `prisma migrate dev` with the env file loaded: `create --add-ons prisma`
 * loads DATABASE_URL from .env.local that way), else `npx <tool> <command>`.
 */
export function toolCommand(project: ProjectInfo, tool: 'drizzle-kit' | 'prisma', command: string): string {
  const scripts = project.manifest.scripts
  const name = Object.keys(scripts).find((script) => new RegExp(`\\b${tool} ${command}\\b`).test(scripts[script] ?? ''))
  return name ? `\`${scriptRunner(project)} ${name}\`` : `\`npx ${tool} ${command}\``
}

/** The report's line on the package manager: which one, and why. */
export function packageManagerNote(project: ProjectInfo): string {
  const where = project.workspaceRoot === project.root ? '' : ` at the workspace root ${project.workspaceRoot}`
  return `Package manager: ${project.packageManager.name}${where} (${project.packageManager.reason}).`
}

/**
 * init has just changed package.json, so the lockfile must change too: pnpm (frozen lockfile) and
 * Yarn berry (immutable installs) refuse that by default when CI is set, so say it explicitly.
 */
function unfrozen(project: ProjectInfo): string[] {
  const manager = project.packageManager
  if (manager.name === 'pnpm') return ['--no-frozen-lockfile']
  if (manager.name === 'yarn' && manager.yarn === 'berry') return ['--no-immutable']
  return []
}

/**
 * Installs with the app's package manager at the workspace root. A native dependency whose
 * build script did not run (pnpm skips unapproved builds, even after approval when the package
 * was already installed) is rebuilt.
 */
export function installTask(project: ProjectInfo, nativeDependencies: string[] = []): Task {
  return {
    title: `Installing dependencies with ${project.packageManager.name}`,
    run: async () => {
      const [binary, prefix] = packageManagerCommand(project, onPath(project.packageManager.name))
      await runCommand(binary, [...prefix, 'install', ...unfrozen(project)], { cwd: project.workspaceRoot })
      const unbuilt = nativeDependencies.filter((name) => !hasNativeBuild(project, name))
      if (unbuilt.length > 0) await runCommand(binary, [...prefix, 'rebuild', ...unbuilt], { cwd: project.root })
    },
  }
}

/** Runs the app runner (src/tasks/app-runner.ts) in the app with the app's own packages; never rejects. */
async function runInApp(
  project: ProjectInfo,
  input: { authModule: string; exportName: string; migrate: boolean; check?: boolean },
) {
  const argument = JSON.stringify({
    root: project.root,
    ...input,
    migrationModule: betterAuthApi(project).migrationModule,
  })
  const { execa } = await import('execa')
  return execa(process.execPath, [RUNNER, argument], { cwd: project.root, all: true, reject: false, stdin: 'ignore' })
}

/**
 * Regenerates the route tree through the app's own Vite config, and (when `migrate`) creates
 * the auth tables with the app's own better-auth.
 */
export function migrateTask(
  project: ProjectInfo,
  options: { authModule: string; exportName?: string; migrate: boolean },
): Task {
  return {
    title: options.migrate ? 'Regenerating the route tree and creating the auth tables' : 'Regenerating the route tree',
    run: async () => {
      const result = await runInApp(project, {
        authModule: options.authModule,
        exportName: options.exportName ?? 'auth',
        migrate: options.migrate,
      })
      // The router generator logs its errors (duplicate routes...) instead of throwing: they
      // come first; the runner's own JSON line comes last.
      // Only a bare `Error:` line counts: plugins print warnings whose lines start with their own
      // `SomethingError:` (Paraglide offline), and those must not fail a run that worked.
      const errorLine = (result.all ?? '').split('\n').find((line) => /^(Error:|\{"ok":false)/.test(line))
      if (result.exitCode !== 0 || errorLine) {
        // Keep a multi-line cause readable (a native module lists the paths it tried) but bounded.
        const reason = (errorLine?.startsWith('{') ? (JSON.parse(errorLine) as { error: string }).error : errorLine)
          ?.split('\n')
          .slice(0, 8)
          .join('\n')
        throw new KitError(
          `Could not regenerate the route tree${options.migrate ? ' and migrate the auth database' : ''}: ` +
            `${reason ?? `exit code ${result.exitCode}`}`,
          `Fix the cause, then run \`npx kit-auth migrate\` in ${project.root}.`,
        )
      }
    },
  }
}

/**
 * The module the app runner loads the Better Auth instance from, and its export: the app's own
 * instance when init adopted one (through kit-auth's lib/auth/instance.ts when a function makes
 * it), else the generated lib/auth/auth.ts. `instanceFile` is where the `betterAuth({...})` call is.
 *
 * @example authModuleOf(project).authModule // '/src/lib/auth/auth.ts'
 */
export function authModuleOf(project: ProjectInfo): { authModule: string; exportName: string; instanceFile: string } {
  const ownAuth = path.posix.join(project.srcDirectory, 'lib/auth/auth.ts')
  const adopted = project.betterAuth && project.betterAuth.file !== ownAuth ? project.betterAuth : null
  const accessor = path.posix.join(project.srcDirectory, 'lib/auth/instance.ts')
  const viaAccessor = adopted?.factory !== undefined
  return {
    authModule: viaAccessor
      ? `/${accessor}`
      : adopted?.module !== undefined
        ? adopted.module
        : `/${adopted?.file ?? ownAuth}`,
    exportName: viaAccessor ? 'auth' : (adopted?.exportName ?? 'auth'),
    instanceFile: adopted?.file ?? ownAuth,
  }
}

/** What the database lacks of the instance's tables and columns, and how many API tokens never expire. */
export interface PendingMigration {
  created: string[]
  altered: string[]
  tokensWithoutExpiry: number | null
}

/**
 * Asks the app runner, with the app's own installed better-auth, what a migration would do,
 * changing nothing (no migration, no route tree). Needs the app's dependencies installed.
 */
export async function pendingMigration(project: ProjectInfo): Promise<PendingMigration> {
  const { authModule, exportName } = authModuleOf(project)
  const result = await runInApp(project, { authModule, exportName, migrate: true, check: true })
  const line = (result.stdout ?? '').split('\n').findLast((candidate) => candidate.startsWith('{"ok"'))
  const parsed = line ? (JSON.parse(line) as { ok: boolean; error?: string } & PendingMigration) : null
  if (!parsed?.ok) throw new Error(parsed?.error ?? `the app runner exited with ${result.exitCode}`)
  return { created: parsed.created, altered: parsed.altered, tokensWithoutExpiry: parsed.tokensWithoutExpiry }
}

/**
 * Installs `packages` when the manifest now declares some the app lacks: as a task when kit-auth
 * installs, else as the step the user runs.
 */
export function planInstall(
  project: ProjectInfo,
  changes: ChangeSet,
  packages: string[],
  install: boolean,
  out: { tasks: Task[]; manualSteps: string[] },
): void {
  if (!needsInstall(project, changes, packages)) return
  if (install) out.tasks.push(installTask(project))
  else out.manualSteps.push(`${installStep(project)}.`)
}

/**
 * True for an instance on kit-auth's default SQLite driver (`better-sqlite3` or `node:sqlite`): migrated by `add` at
 * once.
 */
export function onSqlite(authText: string): boolean {
  return /from\s+['"](?:better-sqlite3|node:sqlite)['"]/.test(authText)
}

/** Refuses a feature that stores rows when the instance keeps sessions in the cookie and has no database. */
export function requireDatabase(authFile: string, stateless: boolean, feature: string, why: string): void {
  if (stateless)
    throw new KitError(
      `${authFile} keeps sessions in the cookie and has no database: ${why}`,
      `Give the instance a database (\`npx kit-auth init --db sqlite\`), then run kit-auth add ${feature} again.`,
    )
}
