import type { ChangeSet } from '../core/change-set.js'
import { ancestorsOf, type RouteEntry, type RouteTable } from '../routes/discover.js'
import { GUARDS_MODULE, looksServerOnly, PUBLIC_ONLY_GUARD, scanGuard, scanRoute } from '../routes/guards.js'
import { findRoute } from '../routes/lookup.js'
import { coveringProtection, type RouteProtection } from '../routes/protection.js'
import type { Project } from './guards-module.js'
import { importSpecifier } from './paths.js'

/** Every input resolved to its route before anything is planned (one bad input fails the whole command). */
export function resolveRoutes(
  table: RouteTable,
  inputs: readonly string[],
): Array<{ input: string; route: RouteEntry }> {
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

export function labelOf(route: RouteEntry): string {
  return route.kind === 'pathless' ? route.id : route.fullPath
}

/** The route file a `.lazy.tsx`-only route gets: its non-lazy sibling. */
export function siblingOfLazy(lazyFile: string): string {
  return lazyFile.replace(/\.lazy(\.[cm]?[jt]sx?)$/, '$1')
}

/** A new route file that only carries the guard (the `.lazy.tsx` half keeps the component). */
export function guardOnlyRouteFile(project: Project, file: string, id: string, guard: string): string {
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
export function guardOfFile(changes: ChangeSet, file: string | null, guards: ReadonlySet<string>): string | null {
  if (!file) return null
  const text = changes.read(file)
  return text === null ? null : scanGuard(text, guards, file).guard
}

/** The nearest ancestor that carries a require guard. */
export function inheritedGuard(
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
export function appProtectionOf(
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
export function escapees(table: RouteTable, route: RouteEntry): RouteEntry[] {
  if (route.index) return []
  return table.routes.filter((other) =>
    other.unnestedFrom.some((parent) => parent === route.id || parent.startsWith(`${route.id}/`)),
  )
}
