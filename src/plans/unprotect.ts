import type { Plan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import { unprotectRoute } from '../codemods/route/unprotect-route.js'
import { runTransform } from '../codemods/transform.js'
import { routeTable, type RouteTable } from '../routes/discover.js'
import { PUBLIC_ONLY_GUARD } from '../routes/guards.js'
import { loadGuards, moduleOptions, type Project } from './guards-module.js'
import type { ProtectRequest, RouteOutcome } from './protect.js'
import { inheritedGuard, labelOf, resolveRoutes } from './route-guards.js'

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
