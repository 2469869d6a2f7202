import path from 'node:path'
import type { ProjectInfo } from '../project/types.js'

/**
 * The import specifier `fromFile` (relative to the app root) uses to reach `target` (relative to
 * srcDirectory, no extension): through the app's alias when it covers the target, else relative.
 *
 * @example importSpecifier(project, 'src/routes/sign-in.tsx', 'lib/auth/guards') // '#/lib/auth/guards'
 */
export function importSpecifier(project: Pick<ProjectInfo, 'alias' | 'srcDirectory'>, fromFile: string, target: string): string {
  const targetPath = path.posix.join(project.srcDirectory, target)
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
export function routeFileFor(project: Pick<ProjectInfo, 'routesDirectory'>, routePath: string, extension = '.tsx'): string {
  return `${path.posix.join(project.routesDirectory, routePath.replace(/^\/+/, ''))}${extension}`
}
