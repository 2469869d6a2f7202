import ts from '../../../lib/typescript.js'
import { topLevelBindings } from '../js/bindings.js'
import type { TextEdit } from '../js/edits.js'
import { addNamedImports, type ImportStyle } from '../js/imports.js'
import { insertElements } from '../js/arrays.js'
import { findProperty, insertProperty } from '../js/objects.js'
import { unwrap } from '../js/unwrap.js'
import { refuse, type Transform } from '../transform.js'
import { findStartOptions } from './find-start-options.js'
import { type ListedCsrf, listedCsrf } from './listed-csrf.js'

export interface MergeRequestMiddlewareOptions {
  /** Module that exports the middleware, e.g. `#/lib/auth/request-middleware`. */
  from: string
  /** Request middleware to run first, in order, e.g. `['securityHeadersMiddleware', 'csrfMiddleware']`. */
  middleware: string[]
  /**
   * The one of `middleware` that is a CSRF check (`csrfMiddleware`): left out when the list already
   * has a CSRF middleware that checks every server-function call (see `listedCsrf`).
   */
  csrf?: string
  style: ImportStyle
}

export interface MergeRequestMiddlewareData {
  /** The middleware left out because the app's own does its job. */
  skipped: string[]
  /** The CSRF middleware the app lists already (kept, or weakened and why). */
  csrf: ListedCsrf[]
}

/** Global middleware that documents "add it as the first entry" (Sentry's request and function middleware). */
const MUST_STAY_FIRST = /^sentry/i

/**
 * Puts request middleware first in the `requestMiddleware` list of an existing start file (after
 * Sentry's, which must stay first), creating the property when missing and spreading the app's
 * value when it is not a list literal, and imports them. Everything else stays byte-identical.
 *
 * @example runTransform(text, 'src/start.ts', mergeRequestMiddleware, { from, middleware: ['csrfMiddleware'], style })
 */
export const mergeRequestMiddleware: Transform<MergeRequestMiddlewareOptions, MergeRequestMiddlewareData> = (
  { text, fileName, sourceFile },
  options,
) => {
  const start = findStartOptions(sourceFile)
  if ('problem' in start) {
    throw refuse(
      fileName,
      `${start.problem}, so kit-auth cannot add its CSRF and security-headers middleware safely.`,
      `Add them by hand: import { ${options.middleware.join(', ')} } from '${options.from}' ` +
        'and list them first in requestMiddleware.',
    )
  }
  const object = start.object
  const csrf = options.csrf ? listedCsrf(sourceFile, object, { from: options.from, name: options.csrf }) : []
  // An app CSRF middleware that checks every server-function call does kit-auth's job; a weakened one does not.
  const covered = csrf.some((found) => found.kind === 'createCsrfMiddleware' && found.weakened.length === 0)
  const skipped = options.middleware.filter((name) => name === options.csrf && covered)
  const property = findProperty(object, 'requestMiddleware')
  const value = property && ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined
  const list = value && ts.isArrayLiteralExpression(value) ? value : null
  const bindings = topLevelBindings(sourceFile)
  const ours = (name: string) => {
    const binding = bindings.get(name)
    return binding?.kind === 'import' && binding.from === options.from
  }
  const missing = options.middleware.filter((name) => {
    if (skipped.includes(name)) return false
    if (name === options.csrf) return !csrf.some((found) => found.kind === 'kit-auth')
    return !list?.elements.some((element) => ts.isIdentifier(element) && element.text === name)
  })
  if (missing.length === 0) return { edits: [], data: { skipped, csrf } }
  // A name the file already gives to something else (its own `const csrfMiddleware`) gets ours under an alias.
  const local = (name: string) =>
    bindings.has(name) && !ours(name) ? `kitAuth${name[0]!.toUpperCase()}${name.slice(1)}` : name
  const listed = missing.map(local)
  const imported = missing.map((name) => (local(name) === name ? name : `${name} as ${local(name)}`))

  const edits: TextEdit[] = []
  if (list) {
    // Ours run first, except after middleware whose vendor requires it first (Sentry's).
    const first = list.elements.findIndex((element) => !MUST_STAY_FIRST.test(middlewareName(element) ?? ''))
    edits.push(...insertElements(text, sourceFile, list, first === -1 ? list.elements.length : first, listed))
  } else if (property && (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) {
    // `requestMiddleware: someList` or shorthand: keep theirs, put ours first.
    const theirs = ts.isPropertyAssignment(property) ? property.initializer : property.name
    edits.push({
      start: property.getStart(sourceFile),
      end: property.end,
      text: `requestMiddleware: [${listed.join(', ')}, ...${theirs.getText(sourceFile)}]`,
    })
  } else if (property) {
    throw refuse(
      fileName,
      'requestMiddleware is a method or accessor, so kit-auth cannot add its middleware to it safely.',
      `Make it a list (requestMiddleware: [...]), or list ${missing.join(', ')} first in it by hand.`,
    )
  } else {
    const code = `requestMiddleware: [${listed.join(', ')}]`
    edits.push(...insertProperty(text, sourceFile, object, code, options.style.indent))
  }
  edits.push(...addNamedImports(sourceFile, { from: options.from, names: imported }, options.style))
  return { edits, data: { skipped, csrf } }
}

/** `name` for `name`, `name()`, `ns.name` and `ns.name()`. */
function middlewareName(element: ts.Expression): string | null {
  const target = ts.isCallExpression(element) ? element.expression : element
  if (ts.isIdentifier(target)) return target.text
  if (ts.isPropertyAccessExpression(target)) return target.name.text
  return null
}
