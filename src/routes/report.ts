import type { RouteEntry, RouteTable } from './discover.js'
import type { AppProtection } from '../codemods/route/app-protection.js'
import { looksLikeGuard, looksServerOnly, PUBLIC_ONLY_GUARD, scanRoute } from './guards.js'
import { coveringProtection, type RouteProtection } from './protection.js'

/** One route as `kit-auth routes` shows it. */
export interface RouteReport {
  id: string
  path: string
  kind: RouteEntry['kind']
  index: boolean
  file: string | null
  lazyFile: string | null
  parent: string | null
  depth: number
  /** The guard the route's own file attaches. */
  guard: string | null
  /** The guard it gets from an ancestor (when it has none of its own). */
  inherited: { guard: string; from: string } | null
  /** Its own beforeLoad is not a kit-auth guard. */
  customBeforeLoad: boolean
  /**
   * The app's own protection (auth check in beforeLoad, server middleware, loader redirect), its own or an ancestor's.
   */
  protection: RouteProtection | null
  /** Only `server` handlers, no component: a guard cannot cover it. */
  serverOnly: boolean
  /** It un-nests (`posts_`) out of a guarded route and has no guard itself. */
  escapes: { from: string; guard: string } | null
  /** More than one file claims this id. */
  conflict: string[] | null
}

/**
 * Guards of every route from its file (parsed only when it mentions beforeLoad, loader or
 * middleware): own guard, inherited guard, the app's own protection (its own or an ancestor's),
 * and routes that leave a guarded parent through `x_` un-nesting.
 * `read` returns a file's text (null when missing); `guardNames` what guards.ts exports (null: unknown, go by shape).
 */
export function reportRoutes(
  table: RouteTable,
  read: (file: string) => string | null,
  guardNames: readonly string[] | null,
): RouteReport[] {
  const known = guardNames ? new Set([...guardNames, PUBLIC_ONLY_GUARD]) : { has: looksLikeGuard }
  const own = new Map<
    string,
    { guard: string | null; custom: boolean; protections: AppProtection[]; serverOnly: boolean }
  >()
  for (const route of table.routes) {
    const text = route.file ? (read(route.file) ?? '') : ''
    const scanned = scanRoute(text, known, route.file ?? undefined)
    own.set(route.id, { ...scanned, serverOnly: looksServerOnly(text, route.lazyFile !== null) })
  }
  const protectionsOf = (route: RouteEntry) => own.get(route.id)?.protections ?? []
  const effective = (id: string | null): { guard: string; from: string } | null => {
    for (let current = id; current; current = table.byId.get(current)?.parent ?? null) {
      const guard = own.get(current)?.guard
      if (guard && guard !== PUBLIC_ONLY_GUARD) return { guard, from: current }
    }
    return null
  }
  const depthOf = (route: RouteEntry): number => {
    let depth = 0
    for (let current = route.parent; current; current = table.byId.get(current)?.parent ?? null) depth++
    return depth
  }
  return table.routes.map((route): RouteReport => {
    const mine = own.get(route.id) ?? { guard: null, custom: false, protections: [], serverOnly: false }
    const inherited = mine.guard ? null : effective(route.parent)
    const protection = coveringProtection(table, route, protectionsOf, mine.serverOnly)
    let escapes: RouteReport['escapes'] = null
    if (!mine.guard && !inherited && !protection) {
      for (const parent of route.unnestedFrom) {
        const guarded = effective(table.byId.has(parent) ? parent : nearestExisting(table, parent))
        if (guarded) {
          escapes = { from: parent, guard: guarded.guard }
          break
        }
      }
    }
    return {
      id: route.id,
      path: route.fullPath,
      kind: route.kind,
      index: route.index,
      file: route.file,
      lazyFile: route.lazyFile,
      parent: route.parent,
      depth: depthOf(route),
      guard: mine.guard,
      inherited,
      customBeforeLoad: mine.custom,
      protection,
      serverOnly: mine.serverOnly,
      escapes,
      conflict: route.files.length > 1 ? route.files : null,
    }
  })
}

/** The closest existing route id that is a prefix of `id` (`/posts/$id` when `/posts/$id/x` is no route). */
function nearestExisting(table: RouteTable, id: string): string | null {
  for (let search = id; search.lastIndexOf('/') > 0;) {
    search = search.substring(0, search.lastIndexOf('/'))
    if (table.byId.has(search)) return search
  }
  return null
}

/** The reports in tree order: each route followed by its children, siblings sorted by id. */
export function treeOrder(reports: RouteReport[]): RouteReport[] {
  const children = new Map<string | null, RouteReport[]>()
  for (const report of reports) {
    const list = children.get(report.parent) ?? []
    list.push(report)
    children.set(report.parent, list)
  }
  const ordered: RouteReport[] = []
  const visit = (parent: string | null) => {
    for (const child of (children.get(parent) ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      ordered.push(child)
      visit(child.id)
    }
  }
  visit(null)
  return ordered
}
