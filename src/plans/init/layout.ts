import path from 'node:path'
import type { ChangeSet } from '../../core/change-set.js'
import { exportedNames } from '../../codemods/js/exports.js'
import { runTransform } from '../../codemods/transform.js'
import { protectRoute } from '../../codemods/route/protect-route.js'
import { linkPathOf, routeTable, type RouteEntry, type RouteTable } from '../../routes/discover.js'
import { guardsFile, PUBLIC_ONLY_GUARD } from '../../routes/guards.js'
import { rendersChildRoutes } from '../../routes/outlet.js'
import { describeProtection, type RouteProtection } from '../../routes/protection.js'
import type { ProjectInfo } from '../../project/types.js'
import { ACCOUNT_PAGE_MARKER } from '../account-emails.js'
import { loadGuards, moduleOptions } from '../guards-module.js'
import { appProtectionOf, guardOfFile } from '../route-guards.js'

/**
 * Where the guarded layout and its account page go. An app's own `/_authenticated` layout is kept instead of
 * written over: guarded with requireAuth, unless it keeps signed-out visitors out by its own check (then it is
 * left as it is, and the account page runs requireAuth itself for its session). The account page takes
 * `/account` unless another route already serves that URL, then `/account/api-tokens`, then `/api-tokens`: the
 * first free URL whose file would not nest under a page of the app's that renders no `<Outlet />` (where it
 * would never show).
 */
export interface LayoutPlan {
  /**
   * An existing `/_authenticated` layout file (the app's own, or a previous run's), guarded in place; null when
   * kit-auth writes it.
   */
  existingLayout: string | null
  /**
   * The app's own check on that layout, as `protect` reads it (an auth check in its beforeLoad...): the layout is
   * left as it is, and the pages kit-auth writes under it run requireAuth themselves (their `context.session`).
   */
  appProtection?: RouteProtection
  /** URL path of the account page, e.g. `/account`. */
  accountPath: string
  accountFile: string
  /** A page of the app's the account page would have nested under, though it renders no outlet (for the report). */
  leafSkipped?: string
}

/** Route discovery only when the layout is wanted (--no-layout writes neither layout nor account page). */
export function planLayout(project: ProjectInfo, changes: ChangeSet, wanted: boolean): LayoutPlan {
  if (!wanted) return { existingLayout: null, accountPath: '/account', accountFile: '' }
  const table = routeTable(project)
  // Any layout already there is kept: the app's own, or the one a previous run wrote (already guarded).
  const layoutRoute = table.routes.find((route) => route.id === '/_authenticated')
  const existingLayout = layoutRoute?.file ?? null
  const appProtection = layoutRoute?.file ? ownProtection(project, changes, table, layoutRoute) : null
  const fileFor = (urlPath: string) =>
    path.posix.join(project.routesDirectory, '_authenticated', `${urlPath.slice(1)}.tsx`)
  const candidates = ['/account', '/account/api-tokens', '/api-tokens']
  // A URL is free when no route serves it, or only the page a previous run wrote there.
  const ownPage = (file: string | null) => file !== null && (changes.read(file) ?? '').includes(ACCOUNT_PAGE_MARKER)
  const taken = (urlPath: string) =>
    table.routes.some(
      (route) =>
        route.kind !== 'pathless' &&
        linkPathOf(route) === urlPath &&
        !(route.file === fileFor(urlPath) && ownPage(route.file)),
    )
  const leaves = new Map(candidates.map((urlPath) => [urlPath, leafParent(table, changes, urlPath)]))
  const free = candidates.find((urlPath) => !taken(urlPath) && !leaves.get(urlPath))
  const accountPath = free ?? candidates[0]!
  const skipped = candidates.slice(0, candidates.indexOf(accountPath)).find((urlPath) => leaves.get(urlPath))
  const leafSkipped = skipped && leaves.get(skipped)
  return {
    existingLayout,
    ...(appProtection ? { appProtection } : {}),
    accountPath,
    accountFile: fileFor(accountPath),
    ...(leafSkipped ? { leafSkipped } : {}),
  }
}

/**
 * The app's own protection of its layout, read as `protect` reads it: none when the layout carries a kit-auth
 * guard (a previous run's). Before init writes guards.ts its guards are known by name.
 */
function ownProtection(
  project: ProjectInfo,
  changes: ChangeSet,
  table: RouteTable,
  layout: RouteEntry,
): RouteProtection | null {
  const file = guardsFile(project)
  const text = changes.read(file)
  const guards = new Set(['requireAuth', PUBLIC_ONLY_GUARD, ...(text === null ? [] : exportedNames(text, file))])
  return guardOfFile(changes, layout.file, guards) ? null : appProtectionOf(changes, table, layout, guards)
}

/**
 * The file of the route `_authenticated/<urlPath>.tsx` would nest under (the longest route id above it, as the
 * generator finds it), when that is an app page that renders no outlet: kit-auth's page there would never render.
 * kit-auth's own layout and a page kit-auth wrote before (its account page) do not count.
 */
function leafParent(table: RouteTable, changes: ChangeSet, urlPath: string): string | undefined {
  let id = `/_authenticated${urlPath}`
  for (let slash = id.lastIndexOf('/'); slash > 0; slash = id.lastIndexOf('/')) {
    id = id.slice(0, slash)
    const parent = table.byId.get(id)
    if (!parent) continue
    if (id === '/_authenticated') return undefined
    const texts = [parent.file, parent.lazyFile].map((file) => (file ? changes.read(file) : null))
    if (texts.some((text) => text?.includes(ACCOUNT_PAGE_MARKER))) return undefined
    return rendersChildRoutes(texts) ? undefined : (parent.file ?? parent.lazyFile ?? undefined)
  }
  return undefined
}

/**
 * The app's own _authenticated layout is kept: left as it is when it has its own check (planLayout), else guarded
 * the way `kit-auth protect` would (guards.ts is already in the change set). Returns what to tell the user about
 * the layout and the account page.
 */
export function guardExistingLayout(project: ProjectInfo, changes: ChangeSet, layout: LayoutPlan): string[] {
  const notes: string[] = []
  if (layout.existingLayout && layout.appProtection) {
    const protection = layout.appProtection
    notes.push(
      `Kept your own /_authenticated layout (${layout.existingLayout}) as it is: it already keeps signed-out ` +
        `visitors out (${describeProtection(protection, '/_authenticated')}: ${protection.detail}), so kit-auth ` +
        `added no second check there. The account page (${layout.accountFile}) runs requireAuth itself for ` +
        `the session it shows.` +
        (protection.kind === 'serverMiddleware'
          ? ' Server middleware runs for requests that reach the server, not for client-side navigation: ' +
            '`kit-auth protect /_authenticated --force` adds requireAuth in front of it.'
          : ''),
    )
  } else if (layout.existingLayout) {
    const text = changes.read(layout.existingLayout) ?? ''
    // the same options `kit-auth protect` uses
    const exports = [...loadGuards(project, changes), PUBLIC_ONLY_GUARD]
    const guarded = runTransform(text, layout.existingLayout, protectRoute, {
      ...moduleOptions(project, layout.existingLayout, exports),
      guard: 'requireAuth',
    })
    changes.update(layout.existingLayout, guarded.text)
    if (guarded.data?.status !== 'already') {
      notes.push(
        `Kept your own /_authenticated layout (${layout.existingLayout}) and guarded it with ` +
          `requireAuth${guarded.data?.status === 'composed' ? ', before its own beforeLoad' : ''}.`,
      )
    }
  }
  if (layout.accountPath !== '/account') {
    notes.push(
      `Your app already has a /account route: the account and API-token page is at ${layout.accountPath} ` +
        `(${layout.accountFile})` +
        (layout.leafSkipped
          ? `, not under ${layout.leafSkipped}, which renders no <Outlet /> (a page nested there would never show).`
          : '.'),
    )
  }
  return notes
}
