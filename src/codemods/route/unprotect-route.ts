import { removeProperty } from '../js/objects.js'
import type { Transform, TransformResult } from '../transform.js'
import { findBeforeLoad, findRouteOptions } from './find-route-options.js'
import { type GuardModuleOptions, guardBindings, withoutUnusedGuard } from './guard-imports.js'
import { matchGuard, PUBLIC_ONLY_GUARD } from './guard-shape.js'

export type UnprotectStatus = 'removed' | 'restored' | 'none'

export interface UnprotectData {
  status: UnprotectStatus
  /** The guard that was taken off, by its exported name. */
  guard?: string
  /** Why nothing was done (`none`). */
  reason?: string
}

/**
 * `unprotect` for one route file: takes a kit-auth guard off the route, removing
 * `beforeLoad: <guard>` or giving the user's own beforeLoad back exactly as it was before
 * protect composed it, and drops the guard import when nothing else uses it. A beforeLoad
 * kit-auth did not write is left alone (`none`).
 *
 * @example runTransform(protected, file, unprotectRoute, options).text === original
 */
export const unprotectRoute: Transform<GuardModuleOptions, UnprotectData> = (file, options) => {
  const { sourceFile } = file
  const none = (reason: string): TransformResult<UnprotectData> => ({ edits: [], data: { status: 'none', reason } })
  const { object } = findRouteOptions(file)
  const member = object ? findBeforeLoad(file, object) : undefined
  if (!object || !member) return none('the route has no beforeLoad')
  const bindings = guardBindings(sourceFile, options)
  const shape = matchGuard(sourceFile, member)
  const guard = shape && bindings.get(shape.guard.text)
  if (!shape || !guard) return none('its beforeLoad is not a kit-auth guard')

  let result: TransformResult<UnprotectData>
  if (shape.composed) {
    const { start, end, original } = shape.composed
    result = { edits: [{ start, end, text: original }], data: { status: 'restored', guard } }
  } else if (guard === PUBLIC_ONLY_GUARD) {
    return none(`its beforeLoad is ${PUBLIC_ONLY_GUARD} (a sign-in page), not a require guard`)
  } else {
    result = { edits: removeProperty(file.text, sourceFile, object, member), data: { status: 'removed', guard } }
  }
  return withoutUnusedGuard(file, result, shape.guard.text, options)
}
