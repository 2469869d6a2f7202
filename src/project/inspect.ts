import path from 'node:path'
import { rankAliases } from './alias.js'
import { findAuthPackage } from './auth-package.js'
import { locateAuthClients, locateBetterAuth } from './better-auth.js'
import { detectDatabases } from './databases.js'
import { devServerOf } from './dev-server.js'
import { findDrizzle } from './drizzle.js'
import { firstFile, foldersUpTo, readText, relPosix } from './files.js'
import { notStartError, solidError, startFramework, workspaceRootError, type Framework } from './framework.js'
import { onFly, serverlessHost } from './hosting.js'
import { installedPackages } from './installed.js'
import { asObject } from './json.js'
import { loadLockfile, type LockedVersion } from './lockfile.js'
import { declaredDependencies, readPackageJson, requirePackageJson } from './package-json.js'
import { detectPackageManager, lockfileOf, withPinnedVersion } from './package-manager.js'
import { appPaths, readTsrConfig } from './paths.js'
import { findPrisma } from './prisma.js'
import { listRouteCandidates } from './route-files.js'
import { importSpecifiers, listSourceFiles } from './sources.js'
import { detectStyle } from './style.js'
import { configuredFormatter, usesOxlint } from './style-config.js'
import { readTsconfig } from './tsconfig.js'
import type { PackageManagerName, ProjectInfo } from './types.js'
import { collectVersions, minVersion, packageVersion } from './versions.js'
import { readViteConfig, serverFnBaseOf } from './vite-config.js'
import { findWorkspaceRoot, startAppsIn, workspaceCatalogs, workspacePatterns } from './workspace.js'

/** How many source files (under srcDirectory, name order) are scanned to count alias uses. */
const ALIAS_SAMPLE = 200
/** How many of those files are sampled for the code style when no formatter config says it. */
const STYLE_SAMPLE = 20

/** The Start framework the app at `root` declares; KitError for Solid, a workspace root or another framework. */
async function requireStartApp(root: string, declared: Record<string, string>): Promise<Framework> {
  const framework = startFramework(declared)
  if (framework === '@tanstack/solid-start') throw solidError()
  if (framework) return framework
  const patterns = await workspacePatterns(root)
  if (patterns) throw workspaceRootError(root, await startAppsIn(root, patterns))
  throw notStartError(path.join(root, 'package.json'), declared)
}

/** The version lookup of the workspace's lockfile (the one that decided the package manager, else that manager's). */
async function workspaceLockfile(
  workspaceRoot: string,
  root: string,
  manager: PackageManagerName,
  decided: string | null,
): Promise<LockedVersion | null> {
  const name = decided ?? (await lockfileOf(workspaceRoot, manager))
  return name ? loadLockfile(path.join(workspaceRoot, name), relPosix(workspaceRoot, root)) : null
}

export interface InspectOptions {
  /**
   * Search the app's sources for its auth setup (default true): the Better Auth instance, the auth
   * clients, the Drizzle and Prisma setups. Commands that never use them (protect, unprotect,
   * routes) skip it: on a big app it reads thousands of files. When false, `betterAuth`, `drizzle`
   * and `prisma` are null and `authClients` is empty.
   */
  auth?: boolean
  /** The `--package-manager` flag: overrides detection. */
  packageManager?: PackageManagerName
}

/**
 * Inspects the TanStack Start app in `cwd` (read only) and returns everything later steps need.
 * Throws a KitError when `cwd` has no package.json, is not a React Start app (listing the Start apps
 * of a workspace root), or has a vite config / tsconfig that does not parse.
 * @example const project = await inspectProject(process.cwd()); project.alias?.prefix // '#/'
 */
export async function inspectProject(cwd: string, options: InspectOptions = {}): Promise<ProjectInfo> {
  const root = path.resolve(cwd)
  const packageJson = await requirePackageJson(root)
  const declared = declaredDependencies(packageJson)
  const framework = await requireStartApp(root, declared)
  const workspaceRoot = await findWorkspaceRoot(root)
  const workspacePackageJson = workspaceRoot === root ? packageJson : await readPackageJson(workspaceRoot)
  const packageManager = withPinnedVersion(
    await detectPackageManager(workspaceRoot, workspacePackageJson, options.packageManager),
    workspacePackageJson,
  )
  const versionSources = {
    root,
    workspaceRoot,
    declared,
    workspaceDeclared: new Set(Object.keys(declaredDependencies(workspacePackageJson ?? {}))),
    // `catalog:` ranges resolve through pnpm-workspace.yaml, or bun's catalogs in the root package.json
    pnpmWorkspace: await workspaceCatalogs(workspaceRoot),
    lockfile: await workspaceLockfile(workspaceRoot, root, packageManager.name, packageManager.lockfile),
  }
  const versions = await collectVersions(versionSources)
  const zod = await packageVersion('zod', versionSources)
  const zodVersion = zod.installed ?? minVersion(zod.declared)
  const vite = await readViteConfig(root)
  const tsr = await readTsrConfig(root)
  const paths = appPaths(root, vite?.start ?? { relativeTo: 'srcDirectory' }, tsr)
  const tsconfig = await readTsconfig(root, paths.srcDirectory)
  const sources = await listSourceFiles(path.join(root, paths.srcDirectory), ALIAS_SAMPLE)
  const texts = await Promise.all(sources.map(async (file) => (await readText(file)) ?? ''))
  const aliases = rankAliases({ root, packageJson, tsconfig, vite }, texts.flatMap(importSpecifiers))
  const formatter = await configuredFormatter(foldersUpTo(root, workspaceRoot))
  const startFile = await firstFile(path.join(root, paths.srcDirectory), ['start.ts', 'start.tsx'])
  const databases = await detectDatabases(root, declared)
  const auth = options.auth !== false
  const ownInstance = auth ? await locateBetterAuth(root, { srcDirectory: paths.srcDirectory, aliases }) : null
  // no instance of its own: one in a workspace package the app imports (`@repo/auth`)
  const authPackage =
    auth && !ownInstance
      ? await findAuthPackage({ root, workspaceRoot, srcDirectory: paths.srcDirectory }, declared)
      : null
  if (authPackage) {
    // the instance runs on the better-auth its own package declares (`catalog:` resolved), not the app's
    const dir = path.join(root, authPackage.dir)
    const declaredThere = { ...authPackage.manifest.devDependencies, ...authPackage.manifest.dependencies }
    const version = await packageVersion('better-auth', {
      ...versionSources,
      root: dir,
      declared: declaredThere,
      lockfile: await workspaceLockfile(workspaceRoot, dir, packageManager.name, packageManager.lockfile),
    })
    if (version.source !== 'none') versions['better-auth'] = version
  }
  const authClients = auth ? await locateAuthClients(root, paths.srcDirectory) : []
  if (authPackage?.client) authClients.push(authPackage.client.file)
  const frameworkVersion = versions[framework]
  const scripts = stringValues(packageJson.scripts)
  return {
    root,
    workspaceRoot,
    packageName: typeof packageJson.name === 'string' ? packageJson.name : null,
    manifest: {
      dependencies: stringValues(packageJson.dependencies),
      devDependencies: stringValues(packageJson.devDependencies),
      scripts,
    },
    framework: {
      name: framework,
      flavor: framework === '@tanstack/react-start' ? 'react' : 'solid',
      version: frameworkVersion?.installed ?? minVersion(frameworkVersion?.declared ?? null),
    },
    versions,
    ...paths,
    routeFiles: listRouteCandidates(path.join(root, paths.routesDirectory)),
    routeNaming: tsr.naming,
    alias: aliases[0] ?? null,
    aliases,
    tsconfig: tsconfig && relPosix(root, tsconfig.file),
    ...(tsconfig?.noPropertyAccessFromIndexSignature ? { processEnvTyping: true as const } : {}),
    viteConfig: vite?.file ?? null,
    devServer: devServerOf(scripts, vite),
    // better-auth needs zod 4; a server build importing the app's zod 3 fails at run time
    // (a version's major is its first number: semver itself costs every command ~20 ms to load)
    ...(zodVersion && Number.parseInt(zodVersion, 10) < 4 ? { olderZod: zodVersion } : {}),
    packageManager,
    style: await detectStyle(foldersUpTo(root, workspaceRoot), texts.slice(0, STYLE_SAMPLE)),
    ...(formatter ? { formatter } : {}),
    ...((await usesOxlint(foldersUpTo(root, workspaceRoot))) || 'oxlint' in declared ? { oxlint: true } : {}),
    serverFnBase: serverFnBaseOf(vite),
    startFile: startFile && relPosix(root, path.join(root, paths.srcDirectory, startFile)),
    betterAuth: authPackage
      ? {
          file: authPackage.instance.file,
          exportName: authPackage.instance.exportName,
          ...(authPackage.instance.factory ? { factory: authPackage.instance.factory } : {}),
          module: authPackage.instance.specifier,
        }
      : ownInstance,
    ...(authPackage ? { authPackage } : {}),
    authClients,
    databases,
    drizzle: auth && databases.includes('drizzle-orm') ? await findDrizzle(root, paths.srcDirectory) : null,
    prisma:
      auth && (databases.includes('prisma') || databases.includes('@prisma/client'))
        ? await findPrisma(root, paths.srcDirectory)
        : null,
    envFile: (await firstFile(root, ['.env.local', '.env'])) ?? '.env.local',
    host: serverlessHost([root, workspaceRoot], Object.keys(declared)),
    ...(onFly([root, workspaceRoot]) ? { fly: true } : {}),
    installed: installedPackages(root, workspaceRoot),
  }
}

/** The string-valued entries of a package.json field (`dependencies`, `scripts`), in file order. */
function stringValues(field: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asObject(field)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
}
