import path from 'node:path'
import type { Plan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import { exportedNames } from '../codemods/js/exports.js'
import { protectRoute } from '../codemods/route/protect-route.js'
import { unprotectRoute } from '../codemods/route/unprotect-route.js'
import { runTransform } from '../codemods/transform.js'
import { KitError } from '../core/errors.js'
import { appModulePath } from '../project/modules.js'
import type { ProjectInfo } from '../project/types.js'
import { ancestorsOf, descendantsOf, routeTable, type RouteEntry, type RouteTable } from '../routes/discover.js'
import {
  GUARDS_MODULE,
  guardsFile,
  looksServerOnly,
  noGuardsError,
  PUBLIC_ONLY_GUARD,
  resolveGuard,
  scanGuard,
  scanRoute,
} from '../routes/guards.js'
import { findRoute } from '../routes/lookup.js'
import { coveringProtection, describeProtection, type RouteProtection } from '../routes/protection.js'
import { importSpecifier } from './paths.js'

type Project = Pick<
  ProjectInfo,
  | 'root'
  | 'srcDirectory'
  | 'routesDirectory'
  | 'routeFiles'
  | 'routeNaming'
  | 'alias'
  | 'aliases'
  | 'style'
  | 'framework'
>

export interface ProtectRequest {
  /** URL paths or route ids, as typed. */
  routes: string[]
  /** `--guard`: auth, admin, a name, or an export name. */
  guard: string
  /** `--force`: replace another kit-auth guard. */
  force: boolean
}

export interface RouteOutcome {
  input: string
  id: string
  /** URL path (`fullPath`). */
  path: string
  /** How reports name it: the URL path, or the id of a pathless layout. */
  label: string
  file: string
  /** `covered`: the app protects it by its own means (`protection`), so protect added nothing. */
  status: 'added' | 'composed' | 'replaced' | 'already' | 'covered' | 'created' | 'removed' | 'restored' | 'none'
  guard?: string
  previous?: string
  reason?: string
  /** The app's own protection that covers the route (`covered`, or noted next to a stronger guard). */
  protection?: RouteProtection
  notes: string[]
}

/**
 * True when `specifier`, imported from `fromFile`, is the guards module (through an alias, or relative, with or without
 * extension).
 */
export function pointsAtGuards(project: Project, fromFile: string, specifier: string): boolean {
  const target = path.posix.join(project.srcDirectory, GUARDS_MODULE)
  return appModulePath(project.aliases, fromFile, specifier) === target
}

/**
 * How a route file reaches the guards module (protectRoute's options), shared with init's guarding of an existing
 * layout.
 */
export function moduleOptions(project: Project, file: string, exports: readonly string[]) {
  return {
    from: importSpecifier(project, file, GUARDS_MODULE),
    isGuardsModule: (specifier: string) => pointsAtGuards(project, file, specifier),
    kitGuards: exports,
    style: project.style,
  }
}

/** Reads guards.ts through the change set: its exports (KitError "run init first" when missing). */
export function loadGuards(project: Project, changes: ChangeSet): string[] {
  const file = guardsFile(project)
  const text = changes.read(file)
  if (text === null) throw noGuardsError(file)
  return exportedNames(text, file)
}

const RERUN = { rerun: 'run kit-auth protect again' }

/** Every input resolved to its route before anything is planned (one bad input fails the whole command). */
function resolveRoutes(table: RouteTable, inputs: readonly string[]): Array<{ input: string; route: RouteEntry }> {
  const seen = new Set<string>()
  const resolved: Array<{ input: string; route: RouteEntry }> = []
  for (const input of inputs) {
    const route = findRoute(table, input)
    if (seen.has(route.id)) continue
    seen.add(route.id)
    resolved.push({ input, route })
  }
  return resolved
}

function labelOf(route: RouteEntry): string {
  return route.kind === 'pathless' ? route.id : route.fullPath
}

/** The route file a `.lazy.tsx`-only route gets: its non-lazy sibling. */
export function siblingOfLazy(lazyFile: string): string {
  return lazyFile.replace(/\.lazy(\.[cm]?[jt]sx?)$/, '$1')
}

/** A new route file that only carries the guard (the `.lazy.tsx` half keeps the component). */
function guardOnlyRouteFile(project: Project, file: string, id: string, guard: string): string {
  const q = project.style.quote === 'single' ? "'" : '"'
  const semi = project.style.semicolons ? ';' : ''
  const router = project.framework.flavor === 'solid' ? '@tanstack/solid-router' : '@tanstack/react-router'
  const from = importSpecifier(project, file, GUARDS_MODULE)
  return [
    `import { createFileRoute } from ${q}${router}${q}${semi}`,
    `import { ${guard} } from ${q}${from}${q}${semi}`,
    '',
    `export const Route = createFileRoute(${q}${id}${q})({`,
    `${project.style.indent}beforeLoad: ${guard},`,
    `})${semi}`,
    '',
  ].join('\n')
}

/** The guard a route file attaches (read as protect writes it), or null. */
function guardOfFile(changes: ChangeSet, file: string | null, guards: ReadonlySet<string>): string | null {
  if (!file) return null
  const text = changes.read(file)
  return text === null ? null : scanGuard(text, guards, file).guard
}

/** The nearest ancestor that carries a require guard. */
function inheritedGuard(
  changes: ChangeSet,
  table: RouteTable,
  route: RouteEntry,
  guards: ReadonlySet<string>,
): { from: RouteEntry; guard: string } | null {
  for (const ancestor of ancestorsOf(table, route.id)) {
    const guard = guardOfFile(changes, ancestor.file, guards)
    if (guard && guard !== PUBLIC_ONLY_GUARD) return { from: ancestor, guard }
  }
  return null
}

/**
 * The app's own protection covering `route` (an auth check in its or an ancestor's beforeLoad,
 * auth server middleware, a sign-in redirect in a loader), read through the change set.
 */
function appProtectionOf(
  changes: ChangeSet,
  table: RouteTable,
  route: RouteEntry,
  guards: ReadonlySet<string>,
): RouteProtection | null {
  const scan = (entry: RouteEntry) => {
    const text = entry.file ? changes.read(entry.file) : null
    return text === null ? [] : scanRoute(text, guards, entry.file ?? undefined).protections
  }
  const text = route.file ? (changes.read(route.file) ?? '') : ''
  return coveringProtection(table, route, scan, looksServerOnly(text, route.lazyFile !== null))
}

/** Routes that would sit under `route` but leave its subtree through `x_` un-nesting. */
function escapees(table: RouteTable, route: RouteEntry): RouteEntry[] {
  if (route.index) return []
  return table.routes.filter((other) =>
    other.unnestedFrom.some((parent) => parent === route.id || parent.startsWith(`${route.id}/`)),
  )
}

/**
 * Plans `kit-auth protect`: resolves every route, then attaches the guard to each route file
 * (composing with an existing beforeLoad), or creates the route file of a `.lazy.tsx`-only route.
 * Throws before planning anything when one route cannot be protected. Files are read through
 * `changes` (by default a change set over the disk).
 */
export function planProtect(
  project: Project,
  request: ProtectRequest,
  table: RouteTable = routeTable(project),
  changes: ChangeSet = new ChangeSet(project.root),
): Plan & { outcomes: RouteOutcome[] } {
  const exports = loadGuards(project, changes)
  const guard = resolveGuard(request.guard, exports, guardsFile(project))
  const guards = new Set([...exports, PUBLIC_ONLY_GUARD])
  const outcomes: RouteOutcome[] = []

  const resolved = resolveRoutes(table, request.routes)
  const requested = new Set(resolved.map(({ route }) => route.id))
  for (const { input, route } of resolved) {
    const notes: string[] = []
    for (const other of escapees(table, route)) {
      // protected in this same run, or guarded already: nothing left uncovered
      const own = guardOfFile(changes, other.file, guards)
      if (requested.has(other.id) || (own && own !== PUBLIC_ONLY_GUARD)) continue
      notes.push(
        `${other.file ?? other.lazyFile} (${other.fullPath}) un-nests out of ${route.id} with \`_\`, so this guard ` +
          `does not cover it: protect it too.`,
      )
    }
    // the app protects it already (itself or a parent): a second sign-in check adds nothing,
    // unless --force or a stronger guard (admin, a role) than the app's sign-in check
    const protection = guardOfFile(changes, route.file, guards) ? null : appProtectionOf(changes, table, route, guards)
    if (protection && guard === 'requireAuth' && !request.force) {
      const file = route.file ?? route.lazyFile ?? route.id
      // a covered route file must still parse, as protect would refuse it otherwise
      if (route.file) runTransform(changes.read(route.file) ?? '', route.file, () => ({ edits: [] }), {}, RERUN)
      const reason = describeProtection(protection, route.id)
      notes.push(
        `${labelOf(route)} is already protected by the app's own code (${reason}: ${protection.detail}, in ` +
          `${protection.file}), so kit-auth added no guard.` +
          (protection.kind === 'serverMiddleware'
            ? ' Server middleware runs for requests that reach the server, not for client-side navigation.'
            : '') +
          ` Pass --force to add ${guard} anyway (it runs before the app's own check).`,
      )
      const base = { input, id: route.id, path: route.fullPath, label: labelOf(route), file }
      outcomes.push({ ...base, status: 'covered', reason, protection, notes })
      continue
    }
    if (protection)
      notes.push(
        `${labelOf(route)} is also protected by the app's own code (${describeProtection(protection, route.id)}, ` +
          `in ${protection.file}); ${guard} adds its own check.`,
      )
    // a guarded layout above the sign-in page would redirect it to itself
    const signIn = descendantsOf(table, route.id).find(
      (child) => guardOfFile(changes, child.file, guards) === PUBLIC_ONLY_GUARD,
    )
    if (signIn && !request.force) {
      throw new KitError(
        `${route.fullPath} contains ${signIn.fullPath} (${signIn.file}), a sign-in page: guarding ${route.id} ` +
          `would redirect sign-in to itself.`,
        'Protect the routes next to it instead, or move the sign-in route out of this layout (--force to protect ' +
          'anyway).',
      )
    }
    const inherited = inheritedGuard(changes, table, route, guards)
    if (inherited)
      notes.push(
        `${labelOf(route)} already inherits ${inherited.guard} from ${inherited.from.id} (${inherited.from.file}).`,
      )

    if (!route.file) {
      const lazyFile = route.lazyFile ?? ''
      const file = siblingOfLazy(lazyFile)
      changes.create(file, guardOnlyRouteFile(project, file, route.id, guard))
      notes.push(
        `${lazyFile} is lazy (createLazyFileRoute cannot take beforeLoad): the guard goes in a new ` +
          `${path.posix.basename(file)} next to it.`,
      )
      outcomes.push({
        input,
        id: route.id,
        path: route.fullPath,
        label: labelOf(route),
        file,
        status: 'created',
        guard,
        notes,
      })
      continue
    }
    const text = changes.read(route.file)
    if (text === null)
      throw new KitError(`${route.file} vanished while kit-auth was reading the routes.`, 'Run the command again.')
    const options = {
      ...moduleOptions(project, route.file, exports),
      guard,
      force: request.force,
      lazyComponent: route.lazyFile !== null,
    }
    const result = runTransform(text, route.file, protectRoute, options, RERUN)
    changes.update(route.file, result.text)
    notes.push(...result.notes)
    outcomes.push({
      input,
      id: route.id,
      path: route.fullPath,
      label: labelOf(route),
      file: route.file,
      status: result.data!.status,
      guard,
      ...(result.data?.previous ? { previous: result.data.previous } : {}),
      notes,
    })
  }

  return {
    changeSet: changes,
    tasks: [],
    nextSteps: outcomes.some((outcome) => outcome.status === 'created')
      ? ['Start the dev server (or build) once so TanStack regenerates the route tree with the new route file.']
      : [],
    data: { guard, routes: outcomes },
    outcomes,
  }
}

/**
 * Plans `kit-auth unprotect`: takes the kit-auth guard off each route, restoring a beforeLoad the
 * user had exactly as it was. Routes without a kit-auth guard are reported, not refused.
 */
export function planUnprotect(
  project: Project,
  request: Omit<ProtectRequest, 'guard' | 'force'>,
  table: RouteTable = routeTable(project),
  changes: ChangeSet = new ChangeSet(project.root),
): Plan & { outcomes: RouteOutcome[] } {
  const exports = loadGuards(project, changes)
  const guards = new Set([...exports, PUBLIC_ONLY_GUARD])
  const outcomes: RouteOutcome[] = []
  for (const { input, route } of resolveRoutes(table, request.routes)) {
    const notes: string[] = []
    const file = route.file ?? route.lazyFile ?? route.id
    const base = { input, id: route.id, path: route.fullPath, label: labelOf(route), file, notes }
    if (!route.file) {
      outcomes.push({ ...base, status: 'none', reason: 'a lazy-only route has no route file, so no guard' })
      continue
    }
    const text = changes.read(route.file) ?? ''
    const options = moduleOptions(project, route.file, exports)
    const result = runTransform(text, route.file, unprotectRoute, options, { rerun: 'run kit-auth unprotect again' })
    changes.update(route.file, result.text)
    const inherited = inheritedGuard(changes, table, route, guards)
    if (inherited)
      notes.push(
        `${labelOf(route)} still inherits ${inherited.guard} from ${inherited.from.id} (${inherited.from.file}): ` +
          `unprotect that route or move this one out of it.`,
      )
    outcomes.push({
      ...base,
      status: result.data!.status,
      ...(result.data?.guard ? { guard: result.data.guard } : {}),
      ...(result.data?.reason ? { reason: result.data.reason } : {}),
    })
  }
  return { changeSet: changes, tasks: [], nextSteps: [], data: { routes: outcomes }, outcomes }
}
