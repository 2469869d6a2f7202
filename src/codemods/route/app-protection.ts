import ts from '../../../lib/typescript.js'
import { findProperty } from '../js/objects.js'
import { unwrap } from '../js/unwrap.js'
import type { SourceInput } from '../transform.js'
import { functionProtects, nameOf } from './auth-check.js'
import { findRouteOptions } from './find-route-options.js'
import { matchGuard } from './guard-shape.js'

/**
 * How a route file protects itself without kit-auth (read only; protect and `kit-auth routes`
 * use it so they neither guard such a route twice nor call it unprotected):
 *
 *   beforeLoad: ({ context }) => { if (!context.user) throw redirect({ to: '/login' }) }     (beforeLoad)
 *   server: { middleware: [authMiddleware] }                                                (serverMiddleware)
 *   loader: async () => { if (!(await getSession())) throw redirect({ to: '/login' }) }     (loaderRedirect)
 *
 * A function counts when it throws under a "not signed in" condition (`!session`, `user == null`),
 * throws a redirect to a sign-in page from a condition or a catch, or calls an enforcing helper
 * (`requireUser()`, `ensureSession()`, `authGuard`). Reading the session without throwing is not
 * protection, and neither is `if (context.user) throw redirect(...)` (a sign-in page's guard).
 */
export type AppProtectionKind = 'beforeLoad' | 'serverMiddleware' | 'loaderRedirect'

export interface AppProtection {
  kind: AppProtectionKind
  /** What was seen: `throws redirect to /login`, `calls requireUser`, `authMiddleware`. */
  detail: string
}

const AUTH_MIDDLEWARE = /auth|session|user|login|protect|guard|signedin/i

/**
 * The app's own protections in a route file's `createFileRoute` options, in the order
 * beforeLoad, server middleware, loader. `isKitGuard` tells a kit-auth guard (not the app's own).
 *
 * @example appProtections(file, (name) => name === 'requireAuth')[0]?.kind // 'beforeLoad'
 */
export function appProtections(file: SourceInput, isKitGuard: (name: string) => boolean): AppProtection[] {
  let object: ts.ObjectLiteralExpression | null
  try {
    object = findRouteOptions(file).object
  } catch {
    return [] // no route call kit-auth can read: nothing to report
  }
  if (!object) return []
  const found: AppProtection[] = []
  const beforeLoad = findProperty(object, 'beforeLoad')
  if (beforeLoad && !ts.isSpreadAssignment(beforeLoad) && !ts.isAccessor(beforeLoad)) {
    const shape = matchGuard(file.sourceFile, beforeLoad)
    if (!shape || !isKitGuard(shape.guard.text)) {
      const detail = functionProtects(file.sourceFile, beforeLoad)
      if (detail) found.push({ kind: 'beforeLoad', detail })
    }
  }
  const server = findProperty(object, 'server')
  const serverValue = server && ts.isPropertyAssignment(server) ? unwrap(server.initializer) : null
  if (serverValue && ts.isObjectLiteralExpression(serverValue)) {
    const middleware = findProperty(serverValue, 'middleware')
    const list = middleware && ts.isPropertyAssignment(middleware) ? unwrap(middleware.initializer) : null
    const names = list && ts.isArrayLiteralExpression(list) ? list.elements.map((element) => nameOf(element)) : []
    const auth = names.filter((name): name is string => name !== null && AUTH_MIDDLEWARE.test(name))
    if (auth.length > 0) found.push({ kind: 'serverMiddleware', detail: auth.join(', ') })
  }
  const loader = findProperty(object, 'loader')
  if (loader && !ts.isSpreadAssignment(loader) && !ts.isAccessor(loader)) {
    const detail = functionProtects(file.sourceFile, loader)
    if (detail) found.push({ kind: 'loaderRedirect', detail })
  }
  return found
}
