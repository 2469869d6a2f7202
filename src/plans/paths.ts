import path from 'node:path'
import type { AuthPackage, ProjectInfo } from '../project/types.js'

/**
 * The import specifier `fromFile` (relative to the app root) uses to reach `target` (relative to
 * srcDirectory, no extension): through the app's alias when it covers the target, else relative.
 *
 * @example importSpecifier(project, 'src/routes/sign-in.tsx', 'lib/auth/guards') // '#/lib/auth/guards'
 */
export function importSpecifier(
  project: Pick<ProjectInfo, 'alias' | 'srcDirectory' | 'authPackage'>,
  fromFile: string,
  target: string,
): string {
  return moduleSpecifier(project, fromFile, authModulePath(project, target))
}

/**
 * Like `importSpecifier`, for a target file given relative to the app root, extension included
 * (an existing file of the app): the extension is dropped.
 *
 * @example importSpecifierOfFile(project, 'src/lib/auth/session.ts', 'src/lib/auth.ts') // '#/lib/auth'
 */
export function importSpecifierOfFile(
  project: Pick<ProjectInfo, 'alias' | 'srcDirectory' | 'authPackage'>,
  fromFile: string,
  targetFile: string,
): string {
  return moduleSpecifier(project, fromFile, targetFile.replace(/\.(?:[cm]?[jt]sx?)$/, ''))
}

/** The specifier for `targetPath` (relative to the app root, no extension) from `fromFile`. */
function moduleSpecifier(
  project: Pick<ProjectInfo, 'alias' | 'authPackage'>,
  fromFile: string,
  targetPath: string,
): string {
  const pkg = project.authPackage
  // the package's own files import each other relatively (the app's alias means nothing there)
  const inPackage = pkg !== undefined && fromFile.startsWith(`${pkg.dir}/`)
  const fromPackage = pkg && !inPackage ? packageSpecifier(pkg, targetPath) : null
  if (fromPackage) return fromPackage
  const alias = inPackage ? null : project.alias
  if (alias) {
    const base = alias.target === '.' ? '' : alias.target
    if (base === '' || targetPath === base || targetPath.startsWith(`${base}/`)) {
      return alias.prefix + (base === '' ? targetPath : path.posix.relative(base, targetPath))
    }
  }
  // folder first, then the name: from src/lib/auth/session.ts, src/lib/auth is `../auth`, never `./`
  const folder = path.posix.relative(path.posix.dirname(fromFile), path.posix.dirname(targetPath))
  const relative = path.posix.join(folder, path.posix.basename(targetPath))
  return relative.startsWith('.') ? relative : `./${relative}`
}

/** The route file (relative to the app root) for a URL path: `/sign-in` -> `src/routes/sign-in.tsx`. */
export function routeFileFor(
  project: Pick<ProjectInfo, 'routesDirectory'>,
  routePath: string,
  extension = '.tsx',
): string {
  return `${path.posix.join(project.routesDirectory, routePath.replace(/^\/+/, ''))}${extension}`
}

/** kit-auth's modules the Better Auth instance itself imports (its plugins, its emails), relative to srcDirectory. */
const INSTANCE_MODULES = new Set([
  'lib/auth/api-token-policy',
  'lib/auth/api-tokens',
  'lib/auth/lockout',
  'lib/auth/email',
  'lib/auth/redis',
  'lib/auth/magic-link-email',
  'lib/auth/account-linking-guard',
  'lib/auth/sign-in-errors',
  'lib/auth/passkey',
  'lib/auth/two-factor',
])

/** The folder (relative to the app root) kit-auth's instance-side modules go to inside a workspace auth package. */
export function packageLibDir(authPackage: AuthPackage): string {
  return path.posix.join(path.posix.dirname(authPackage.instance.file), 'kit-auth')
}

/**
 * Where kit-auth's module `target` (relative to srcDirectory, no extension) lives, relative to the
 * app root: in the app's srcDirectory, except the modules the instance imports when the instance
 * lives in a workspace package (`packages/auth/src/kit-auth/lockout`): the package must not import the app.
 *
 * @example authModulePath(project, 'lib/auth/lockout') // '../../packages/auth/src/kit-auth/lockout'
 */
export function authModulePath(project: Pick<ProjectInfo, 'srcDirectory' | 'authPackage'>, target: string): string {
  const pkg = project.authPackage
  if (pkg && INSTANCE_MODULES.has(target)) return path.posix.join(packageLibDir(pkg), path.posix.basename(target))
  return path.posix.join(project.srcDirectory, target)
}

/**
 * `authModulePath` for a file named with its extension (`lib/auth/lockout.ts`), relative to the app root.
 *
 * @example authModuleFile(project, 'lib/auth/email.ts') // 'src/lib/auth/email.ts'
 */
export function authModuleFile(project: Pick<ProjectInfo, 'srcDirectory' | 'authPackage'>, file: string): string {
  const extension = path.posix.extname(file)
  return `${authModulePath(project, extension ? file.slice(0, -extension.length) : file)}${extension}`
}

/**
 * How an app file imports a file of the workspace auth package (`targetPath` without extension): the
 * package's own specifier (`@repo/auth`, `@repo/auth/client`, `@repo/auth/kit-auth/lockout`), never a
 * relative path across packages. Null when the target is not in the package.
 */
function packageSpecifier(pkg: AuthPackage, targetPath: string): string | null {
  if (!targetPath.startsWith(`${pkg.dir}/`)) return null
  const bare = (file: string) => file.replace(/\.(?:[cm]?[jt]sx?)$/, '')
  for (const entry of [pkg.instance, pkg.client]) if (entry && bare(entry.file) === targetPath) return entry.specifier
  const libDir = packageLibDir(pkg)
  if (pkg.hasExports && targetPath.startsWith(`${libDir}/`))
    return `${pkg.name}/kit-auth/${path.posix.relative(libDir, targetPath)}`
  return `${pkg.name}/${path.posix.relative(pkg.dir, targetPath)}`
}
