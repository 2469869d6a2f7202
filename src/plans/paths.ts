import path from 'node:path'
import type { ProjectInfo } from '../project/types.js'

/**
 * The import specifier `fromFile` (relative to the app root) uses to reach `target` (relative to
 * srcDirectory, no extension): through the app's alias when it covers the target, else relative.
 *
 * @example importSpecifier(project, 'src/routes/sign-in.tsx', 'lib/auth/guards') // '#/lib/auth/guards'
 */
export function importSpecifier(
  project: Pick<ProjectInfo, 'alias' | 'srcDirectory'>,
  fromFile: string,
  target: string,
): string {
  return moduleSpecifier(project, fromFile, path.posix.join(project.srcDirectory, target))
}

/**
 * Like `importSpecifier`, for a target file given relative to the app root, extension included
 * (an existing file of the app): the extension is dropped.
 *
 * @example importSpecifierOfFile(project, 'src/lib/auth/session.ts', 'src/lib/auth.ts') // '#/lib/auth'
 */
export function importSpecifierOfFile(
  project: Pick<ProjectInfo, 'alias' | 'srcDirectory'>,
  fromFile: string,
  targetFile: string,
): string {
  return moduleSpecifier(project, fromFile, targetFile.replace(/\.(?:[cm]?[jt]sx?)$/, ''))
}

/** The specifier for `targetPath` (relative to the app root, no extension) from `fromFile`. */
function moduleSpecifier(project: Pick<ProjectInfo, 'alias'>, fromFile: string, targetPath: string): string {
  const alias = project.alias
  if (alias) {
    const base = alias.target === '.' ? '' : alias.target
    if (base === '' || targetPath === base || targetPath.startsWith(`${base}/`)) {
      return alias.prefix + (base === '' ? targetPath : path.posix.relative(base, targetPath))
    }
  }
  const relative = path.posix.relative(path.posix.dirname(fromFile), targetPath)
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
