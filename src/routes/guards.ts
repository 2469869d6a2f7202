import path from 'node:path'
import { importedNames } from '../codemods/js/bindings.js'
import { parse } from '../codemods/js/parse.js'
import { appProtections, type AppProtection } from '../codemods/route/app-protection.js'
import { beforeLoadGuards, PUBLIC_ONLY_GUARD } from '../codemods/route/guard-shape.js'
import { KitError, UsageError } from '../core/errors.js'
import { guardExportName } from './guard-kinds.js'
import type { ProjectInfo } from '../project/types.js'

/** Where `kit-auth init` writes the guards, relative to srcDirectory (no extension). */
export const GUARDS_MODULE = 'lib/auth/guards'

// defined with the guard shape (codemods/route); plans read every guard name from here
export { PUBLIC_ONLY_GUARD }

/** The guards file of the app, relative to its root: `src/lib/auth/guards.ts`. */
export function guardsFile(project: Pick<ProjectInfo, 'srcDirectory'>): string {
  return path.posix.join(project.srcDirectory, `${GUARDS_MODULE}.ts`)
}

/**
 * The guards a route can require: `requireAuth`, `requireAdminAuth`, `require<Name>Auth` (not the factories
 * `requireRoleAuth`, `requirePermissionAuth`).
 */
export function requireGuards(exports: readonly string[]): string[] {
  return exports.filter(
    (name) => /^require\w*Auth$/.test(name) && name !== 'requireRoleAuth' && name !== 'requirePermissionAuth',
  )
}

/**
 * The guard `--guard` names (through add-guard's `guardExportName`, so both commands agree; an
 * export name is taken as is), checked against what guards.ts exports: a UsageError listing the
 * available ones when it is missing.
 */
export function resolveGuard(flag: string, exports: readonly string[], file: string): string {
  // an export name is taken as is; anything else reads like add-guard's kinds
  const guard = exports.includes(flag.trim()) ? flag.trim() : guardExportName(flag)
  if (exports.includes(guard)) return guard
  const available = requireGuards(exports)
  const shown = available.map((name) => `${name}${shortFlag(name) ? ` (--guard ${shortFlag(name)})` : ''}`)
  throw new UsageError(
    `${file} has no ${guard} guard for --guard ${flag}.`,
    available.length > 0
      ? `Available: ${shown.join(', ')}. Add more with \`kit-auth add-guard\`.`
      : 'It exports no require guards: run `kit-auth init` (or `kit-auth add-guard`) again.',
    { guard, available },
  )
}

/** `requireAdminAuth` -> `admin`, `requireAuth` -> `auth`. */
function shortFlag(name: string): string | null {
  if (name === 'requireAuth') return 'auth'
  if (/PermissionAuth$/.test(name)) return name
  const inner = /^require(\w+)Auth$/.exec(name)?.[1]
  return inner
    ? inner.replace(/[A-Z]/g, (char, index: number) => (index === 0 ? char.toLowerCase() : `-${char.toLowerCase()}`))
    : null
}

/** The KitError for a command that needs the guards before `init` wrote them. */
export function noGuardsError(file: string): KitError {
  return new KitError(
    `No guards yet: ${file} does not exist.`,
    'Run `kit-auth init` first: it creates the guards that protect attaches.',
  )
}

/**
 * Guard names a guards file exports, by a cheap text scan (for listing routes; protect reads the
 * exports from the AST): `export (async) function requireX`, `export const requireX`.
 */
export function scanGuardNames(text: string): string[] {
  return [...text.matchAll(/^export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+)([A-Za-z_$][\w$]*)/gm)].map(
    (match) => match[1] ?? '',
  )
}

/** True for names shaped like kit-auth guards, for apps whose guards file is missing. */
export function looksLikeGuard(name: string): boolean {
  return /^require\w*Auth$/.test(name) || name === PUBLIC_ONLY_GUARD
}

/** What a route file says about its protection: kit-auth's guard, its own beforeLoad, the app's own protections. */
export interface RouteScan {
  guard: string | null
  /** A beforeLoad that is not a kit-auth guard. */
  custom: boolean
  /** How the file protects itself without kit-auth (app-protection.ts), nearest kind first. */
  protections: AppProtection[]
}

/**
 * The guard a route file attaches, read the way protect reads it (guard-shape.ts):
 * `beforeLoad: requireAuth`, or the guard inside a composition kit-auth wrote. `custom` when the
 * file has a beforeLoad that is not a known guard. Only a file that mentions beforeLoad is parsed.
 *
 * @example scanGuard(text, new Set(['requireAuth']), 'src/routes/a.tsx') // { guard: 'requireAuth', custom: false }
 */
export function scanGuard(
  text: string,
  guards: { has(name: string): boolean },
  fileName = 'route.tsx',
): { guard: string | null; custom: boolean } {
  const { guard, custom } = scanRoute(text, guards, fileName, { protections: false })
  return { guard, custom }
}

/**
 * scanGuard plus the app's own protections (an auth check in beforeLoad, auth server middleware,
 * a sign-in redirect in the loader). Only a file that mentions one of them is parsed.
 *
 * @example scanRoute(text, new Set(['requireAuth']), 'src/routes/_authed.tsx').protections[0]?.kind // 'beforeLoad'
 */
export function scanRoute(
  text: string,
  guards: { has(name: string): boolean },
  fileName = 'route.tsx',
  options: { protections?: boolean } = {},
): RouteScan {
  const wanted = options.protections !== false && /beforeLoad|loader|middleware/.test(text)
  if (!text.includes('beforeLoad') && !wanted) return { guard: null, custom: false, protections: [] }
  const sourceFile = parse(text, fileName)
  // `import { requireAuth as mustSignIn } ...; beforeLoad: mustSignIn` attaches requireAuth
  const imported = importedNames(sourceFile)
  const found = (text.includes('beforeLoad') ? beforeLoadGuards(sourceFile) : []).map((name) =>
    name === null ? null : (imported.get(name) ?? name),
  )
  const protections = wanted ? appProtections({ text, fileName, sourceFile }, (name) => guards.has(name)) : []
  const guard = found.find((name) => name !== null && guards.has(name))
  return guard ? { guard, custom: false, protections } : { guard: null, custom: found.length > 0, protections }
}

/** Only `server` handlers and no component (its own or a `.lazy.tsx` half's): beforeLoad never runs for it. */
export function looksServerOnly(text: string, hasLazyFile: boolean): boolean {
  return /\bserver\s*:/.test(text) && !/\bcomponent\s*[:,}(]/.test(text) && !hasLazyFile
}
