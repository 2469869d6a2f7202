import path from 'node:path'
import type { ImportAlias } from './types.js'

/**
 * The app-relative path (posix, no extension) an import specifier of `file` points at: a relative
 * specifier, or one through an alias of the app (`#/lib/auth/session`). Null for packages.
 *
 * @example appModulePath(project.aliases, 'src/a.ts', '#/lib/auth/session.js') // 'src/lib/auth/session'
 */
export function appModulePath(
  aliases: readonly Pick<ImportAlias, 'prefix' | 'target'>[],
  file: string,
  specifier: string,
): string | null {
  const bare = specifier.replace(/\.(?:[cm]?[jt]sx?)$/, '')
  if (bare.startsWith('.')) return path.posix.join(path.posix.dirname(file), bare)
  for (const alias of aliases) {
    if (bare.startsWith(alias.prefix))
      return path.posix.join(alias.target === '.' ? '' : alias.target, bare.slice(alias.prefix.length))
  }
  return null
}

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs']

/**
 * The files an extension-less app module path may be, in the order bundlers try them: `base.ts`...,
 * then `base/index.ts`...
 *
 * @example moduleCandidates('src/lib/auth')[0] // 'src/lib/auth.ts'
 */
export function moduleCandidates(base: string): string[] {
  return [
    ...EXTENSIONS.map((extension) => base + extension),
    ...EXTENSIONS.map((extension) => `${base}/index${extension}`),
  ]
}

/**
 * Whether two import specifiers of `file` name the same module of the app: the same path once aliases and
 * relative paths are resolved (`dir` and `dir/index` alike), or the same specifier. Packages compare as written.
 *
 * @example sameAppModule(aliases, 'src/lib/auth.ts')('#/db', '../db/index') // true
 */
export function sameAppModule(
  aliases: readonly Pick<ImportAlias, 'prefix' | 'target'>[],
  file: string,
): (a: string, b: string) => boolean {
  const base = (specifier: string) =>
    appModulePath(aliases, file, specifier)
      ?.replace(/\/$/, '')
      .replace(/\/index$/, '') ?? null
  return (a, b) => a === b || (base(a) !== null && base(a) === base(b))
}
