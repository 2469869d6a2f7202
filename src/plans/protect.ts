import path from 'node:path'
import type { Plan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import { protectRoute } from '../codemods/route/protect-route.js'
import { runTransform } from '../codemods/transform.js'
import { KitError } from '../core/errors.js'
import { descendantsOf, routeTable, type RouteTable } from '../routes/discover.js'
import { guardsFile, PUBLIC_ONLY_GUARD, resolveGuard } from '../routes/guards.js'
import { describeProtection, type RouteProtection } from '../routes/protection.js'
import { loadGuards, moduleOptions, type Project } from './guards-module.js'
import { inlineSignIn, signedOutPage, signInPathOf } from './signed-out-pages.js'
import {
  appProtectionOf,
  escapees,
  guardOfFile,
  guardOnlyRouteFile,
  inheritedGuard,
  labelOf,
  resolveRoutes,
  siblingOfLazy,
} from './route-guards.js'

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

const RERUN = { rerun: 'run kit-auth protect again' }

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
  const signInPath = signInPathOf(changes, guardsFile(project))
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
    /** Protect adds nothing: the route is covered already (its file must still parse, as protect would refuse it). */
    const covered = (reason: string, coveredBy?: RouteProtection) => {
      if (route.file) runTransform(changes.read(route.file) ?? '', route.file, () => ({ edits: [] }), {}, RERUN)
      const file = route.file ?? route.lazyFile ?? route.id
      const base = { input, id: route.id, path: route.fullPath, label: labelOf(route), file }
      outcomes.push({ ...base, status: 'covered', reason, ...(coveredBy ? { protection: coveredBy } : {}), notes })
    }
    if (protection && guard === 'requireAuth' && !request.force) {
      const reason = describeProtection(protection, route.id)
      notes.push(
        `${labelOf(route)} is already protected by the app's own code (${reason}: ${protection.detail}, in ` +
          `${protection.file}), so kit-auth added no guard.` +
          (protection.kind === 'serverMiddleware'
            ? ' Server middleware runs for requests that reach the server, not for client-side navigation.'
            : '') +
          ` Pass --force to add ${guard} anyway (it runs before the app's own check).`,
      )
      covered(reason, protection)
      continue
    }
    if (protection)
      notes.push(
        `${labelOf(route)} is also protected by the app's own code (${describeProtection(protection, route.id)}, ` +
          `in ${protection.file}); ${guard} adds its own check.`,
      )
    // a guard on the sign-in page (or a page signed-out visitors use), or on a layout above one, would send
    // them to sign-in: from sign-in to itself
    const own = request.force ? null : signedOutPage(changes, route, signInPath)
    if (own)
      throw new KitError(
        `${labelOf(route)} (${route.file ?? route.lazyFile}) is ${own}: ${guard} on it would send signed-out ` +
          'visitors to sign-in, or sign-in to itself. Nothing was changed.',
        'Protect the pages signed-in users reach instead (--force to protect it anyway).',
      )
    const signIn = request.force
      ? undefined
      : descendantsOf(table, route.id).find(
          (child) =>
            guardOfFile(changes, child.file, guards) === PUBLIC_ONLY_GUARD || signedOutPage(changes, child, signInPath),
        )
    if (signIn) {
      throw new KitError(
        `${route.fullPath} contains ${signIn.fullPath} (${signIn.file}), a sign-in page: guarding ${route.id} ` +
          `would redirect sign-in to itself.`,
        'Protect the routes next to it instead, or move the sign-in route out of this layout (--force to protect ' +
          'anyway).',
      )
    }
    const inherited = inheritedGuard(changes, table, route, guards)
    // a parent's kit-auth guard covers it: the same guard, or any (each one signs in) for requireAuth
    if (inherited && (inherited.guard === guard || guard === 'requireAuth') && !request.force) {
      notes.push(
        `${labelOf(route)} inherits ${inherited.guard} from ${inherited.from.id} (${inherited.from.file}), so ` +
          `kit-auth added no second guard. Pass --force to add ${guard} to it anyway.`,
      )
      covered(`${inherited.guard} on ${inherited.from.id}`)
      continue
    }
    if (inherited)
      notes.push(
        `${labelOf(route)} already inherits ${inherited.guard} from ${inherited.from.id} (${inherited.from.file}).`,
      )

    // a private area that shows a sign-in form in place of its children: gated on the client only, so guard it
    const inline = inlineSignIn(changes, route)
    if (inline)
      notes.push(
        `${labelOf(route)} shows its own sign-in form (\`${inline}\`) to signed-out visitors in place of its child ` +
          `routes, on the client only: ${guard} now sends them to ${signInPath?.path ?? 'the sign-in page'} ` +
          'before its loaders and server rendering run.',
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
