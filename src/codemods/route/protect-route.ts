import ts from '../../../lib/typescript.js'
import type { TextEdit } from '../js/edits.js'
import { insertProperty } from '../js/objects.js'
import { refuse, type Transform, type TransformResult } from '../transform.js'
import { composeGuard } from './compose-guard.js'
import { findBeforeLoad, findRouteOptions, serverHandlerNotes } from './find-route-options.js'
import {
  addGuardImport,
  type GuardModuleOptions,
  guardBindings,
  guardLocalName,
  withoutUnusedGuard,
} from './guard-imports.js'
import { guardProperty, matchGuard, PUBLIC_ONLY_GUARD } from './guard-shape.js'

/** Properties TanStack's type inference wants before `beforeLoad` (the router's ESLint property order). */
const BEFORE_GUARD = new Set(['params', 'validateSearch', 'search', 'loaderDeps', 'ssr', 'context'])

export interface ProtectOptions extends GuardModuleOptions {
  /** The export to attach, e.g. `requireAuth`. */
  guard: string
  /** Replace another kit-auth guard already on the route. */
  force?: boolean
  /** The route's `.lazy.tsx` half has the component (so `server` alone does not make it server-only). */
  lazyComponent?: boolean
}

export type ProtectStatus = 'added' | 'composed' | 'replaced' | 'already'

export interface ProtectData {
  status: ProtectStatus
  /** The kit-auth guard that was replaced (`replaced`), by its exported name. */
  previous?: string
}

/**
 * `protect` for one route file: attaches `options.guard` to the options of its
 * `createFileRoute('/x')({...})` call in the shape of guard-shape.ts, composed with a beforeLoad
 * the route already has, and imports it. Refuses what it must not or cannot do (see
 * findRouteOptions), another kit-auth guard without `force`, a sign-in page, a clashing binding.
 *
 * @example runTransform(text, 'src/routes/x.tsx', protectRoute, { guard: 'requireAuth', from, kitGuards, style })
 */
export const protectRoute: Transform<ProtectOptions, ProtectData> = (file, options) => {
  const { sourceFile, fileName } = file
  const { call, object } = findRouteOptions(file)
  const notes = object ? serverHandlerNotes(file, object, options.lazyComponent ?? false) : []
  const bindings = guardBindings(sourceFile, options)
  const local = guardLocalName(file, options.guard, bindings)
  const done = (edits: TextEdit[], data: ProtectData): TransformResult<ProtectData> => ({
    edits: [...edits, ...addGuardImport(sourceFile, local, bindings, options)],
    notes,
    data,
  })

  // createFileRoute('/x')()
  if (!object) {
    const text = `{ ${guardProperty(local)} }`
    return done([{ start: call.arguments.pos, end: call.arguments.end, text }], { status: 'added' })
  }
  // a spread after (or without) an explicit beforeLoad may bring its own and win over the guard
  const member = findBeforeLoad(file, object)
  const spread = object.properties.find(
    (element, index) => ts.isSpreadAssignment(element) && (!member || index > object.properties.indexOf(member)),
  )
  if (spread) {
    throw refuse(
      fileName,
      `the route options spread \`${spread.getText(sourceFile)}\`, which may set its own beforeLoad, ` +
        'so kit-auth cannot tell what a guard would override.',
      `Add \`beforeLoad: ${options.guard}\` (imported from ${options.from}) by hand, after the spread.`,
    )
  }
  if (!member) {
    const property = guardProperty(local)
    const edits = insertProperty(file.text, sourceFile, object, property, options.style.indent, BEFORE_GUARD)
    return done(edits, { status: 'added' })
  }

  // a beforeLoad already: ours, another kit-auth guard, or the user's code to compose with
  const shape = matchGuard(sourceFile, member)
  const existing = shape && bindings.has(shape.guard.text) ? shape.guard : null
  if (!existing) return done(composeGuard(file, member, local), { status: 'composed' })
  const exported = bindings.get(existing.text) ?? existing.text
  if (exported === options.guard) return { edits: [], notes, data: { status: 'already' } }
  if (exported === PUBLIC_ONLY_GUARD) {
    throw refuse(
      fileName,
      `this route uses ${PUBLIC_ONLY_GUARD}: it is a sign-in or sign-up page, ` +
        'and requiring a session there would lock everyone out.',
      'Protect the pages behind sign-in instead; `kit-auth routes` shows every route with its guard.',
    )
  }
  if (!options.force) {
    throw refuse(
      fileName,
      `the route is already guarded by ${exported}; kit-auth will not swap it for ${options.guard} silently.`,
      `Pass --force to replace ${exported} with ${options.guard}, or leave it as it is.`,
    )
  }
  const swap = { start: existing.getStart(sourceFile), end: existing.end, text: local }
  const replaced = done([swap], { status: 'replaced', previous: exported })
  return withoutUnusedGuard(file, replaced, existing.text, options)
}
