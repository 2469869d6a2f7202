import type { AppProtection, AppProtectionKind } from '../codemods/route/app-protection.js'
import { ancestorsOf, type RouteEntry, type RouteTable } from './discover.js'

/** A route the app protects by its own means, itself or through an ancestor (not with a kit-auth guard). */
export interface RouteProtection {
  kind: AppProtectionKind
  /** `own beforeLoad`, `server middleware`, `redirect in loader`. */
  label: string
  /** Id of the route whose file has it (the route's own id when it is its own). */
  from: string
  /** That route's file, relative to the app root. */
  file: string | null
  /** What was seen there: `throws redirect to /login`, `authMiddleware`. */
  detail: string
}

const LABELS: Record<AppProtectionKind, string> = {
  beforeLoad: 'own beforeLoad',
  serverMiddleware: 'server middleware',
  loaderRedirect: 'redirect in loader',
}

/**
 * The app's own protection that covers `route`: its own, else its nearest ancestor's (a parent's
 * beforeLoad, loader and server middleware run for its children too). A server-only route (HTTP
 * handlers, no page) is covered by server middleware only: beforeLoad and loaders never run for it.
 * `protectionsOf` gives a route's own protections (app-protection.ts), e.g. through scanRoute.
 *
 * @example coveringProtection(table, route, own, false)?.from // '/_authed'
 */
export function coveringProtection(
  table: RouteTable,
  route: RouteEntry,
  protectionsOf: (route: RouteEntry) => readonly AppProtection[],
  serverOnly: boolean,
): RouteProtection | null {
  for (const entry of [route, ...ancestorsOf(table, route.id)]) {
    const found = protectionsOf(entry).find((protection) => !serverOnly || protection.kind === 'serverMiddleware')
    if (found)
      return { kind: found.kind, label: LABELS[found.kind], from: entry.id, file: entry.file, detail: found.detail }
  }
  return null
}

/**
 * How reports name a protection: `own beforeLoad` on the route itself, `own beforeLoad (from /_authed)` below it.
 *
 * @example describeProtection(protection, '/_authed/account') // 'own beforeLoad (from /_authed)'
 */
export function describeProtection(protection: RouteProtection, id: string): string {
  return protection.from === id ? protection.label : `${protection.label} (from ${protection.from})`
}
