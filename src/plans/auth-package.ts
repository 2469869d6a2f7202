import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import { isObject } from '../project/json.js'
import type { AuthPackage } from '../project/types.js'
import { addDependencies, rewriteJson } from './package-json.js'
import { packageLibDir } from './paths.js'

/**
 * The range the app declares a package with when the workspace auth package already declares it:
 * the same specifier (`catalog:`, `^1.6.34`), so the app's generated files get the package's release.
 *
 * @example packageRange(project.authPackage, 'better-auth', '^1.7.25') // 'catalog:'
 */
export function packageRange(pkg: AuthPackage | undefined, name: string, fallback: string): string {
  return pkg?.manifest.dependencies[name] ?? pkg?.manifest.devDependencies[name] ?? fallback
}

/**
 * Edits the workspace auth package's package.json: the dependencies of kit-auth's modules that went
 * beside its instance (the email senders), and, when it lists `exports`, the `./kit-auth/*` subpath
 * the app imports them through (`@repo/auth/kit-auth/lockout`).
 */
export function planAuthPackageManifest(
  pkg: AuthPackage,
  changes: ChangeSet,
  dependencies: Record<string, string>,
): void {
  const file = path.posix.join(pkg.dir, 'package.json')
  const text = changes.read(file)
  if (text === null) return
  let next = addDependencies(text, { dependencies })
  const libFiles = changes
    .changes()
    .some((change) => change.path.startsWith(`${packageLibDir(pkg)}/`) && change.action !== 'unchanged')
  if (pkg.hasExports && libFiles) {
    const json = JSON.parse(next) as Record<string, unknown>
    // a string, an array or a conditions object is the package's `.` entry: kept as that
    const subpaths = isObject(json.exports) && Object.keys(json.exports).some((key) => key.startsWith('.'))
    const exports = subpaths ? (json.exports as Record<string, unknown>) : { '.': json.exports }
    const target = `./${path.posix.relative(pkg.dir, packageLibDir(pkg))}/*.ts`
    if (!('./kit-auth/*' in exports)) {
      json.exports = { ...exports, './kit-auth/*': target }
      next = rewriteJson(next, json)
    }
  }
  changes.update(file, next)
}
