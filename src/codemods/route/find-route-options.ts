import ts from '../../../lib/typescript.js'
import { propertyName } from '../js/objects.js'
import { walk } from '../js/parse.js'
import { unwrap, unwrappedParent, variableInitializer } from '../js/unwrap.js'
import { Refusal, refuse, type SourceInput } from '../transform.js'
import type { BeforeLoadMember } from './guard-shape.js'

/** The route call of a file and the options object it receives (null for `createFileRoute('/x')()`). */
export interface RouteOptions {
  /** `createFileRoute('/x')(...)`. */
  call: ts.CallExpression
  object: ts.ObjectLiteralExpression | null
}

const ROUTE_CONSTRUCTORS = ['createFileRoute', 'createLazyFileRoute', 'createServerFileRoute']
const ROOT_CONSTRUCTORS = ['createRootRoute', 'createRootRouteWithContext']

/**
 * The options object of the file's `createFileRoute('/x')({...})` call (the one exported as
 * `Route` first), inline or through a `const` of the file. Refuses what cannot take a guard:
 * no route call, the root route, a lazy or server file route, options it cannot see.
 *
 * @example findRouteOptions(file).object // the `{ component: Page }` of createFileRoute('/x')({ component: Page })
 */
export function findRouteOptions(file: SourceInput): RouteOptions {
  const { fileName, sourceFile } = file
  const names = routeConstructorNames(sourceFile)
  const found: Array<{ call: ts.CallExpression; constructor: string; exported: boolean }> = []
  for (const node of walk(sourceFile)) {
    if (!ts.isCallExpression(node)) continue
    const callee = node.expression
    if (ts.isCallExpression(callee) && ts.isIdentifier(callee.expression) && names.has(callee.expression.text)) {
      const owner = unwrappedParent(node)
      const exported = ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name) && owner.name.text === 'Route'
      found.push({ call: node, constructor: names.get(callee.expression.text)!, exported })
    } else if (ts.isIdentifier(callee) && names.get(callee.text)?.startsWith('createRootRoute')) {
      throw new Refusal(
        `${fileName} is the root route: guarding it would guard the sign-in page too, and nobody could sign in.`,
        'Protect the pages (or a pathless layout such as _authenticated) instead.',
      )
    }
  }
  const route = found.find((candidate) => candidate.exported) ?? found[0]
  if (!route) {
    throw refuse(
      fileName,
      "no createFileRoute('<id>')({...}) call found, so kit-auth cannot attach a guard.",
      'Is it a route file? Route files export `const Route = createFileRoute(...)({...})`.',
    )
  }
  if (route.constructor === 'createLazyFileRoute') {
    throw new Refusal(
      `${fileName} is a lazy route file: createLazyFileRoute cannot take beforeLoad.`,
      'Protect the route by its path: kit-auth patches (or creates) the non-lazy route file next to it.',
    )
  }
  if (route.constructor === 'createServerFileRoute') {
    throw new Refusal(
      `${fileName} is a server-only route (createServerFileRoute): beforeLoad never runs for HTTP handlers.`,
      'Check the session inside each handler instead ' +
        '(auth.api.getSession({ headers: request.headers }), 401 when null).',
    )
  }
  const [argument] = route.call.arguments
  if (!argument) return { call: route.call, object: null }
  let value = unwrap(argument)
  if (ts.isIdentifier(value)) {
    const declared = variableInitializer(sourceFile, value.text)
    if (declared) value = unwrap(declared)
  }
  if (ts.isObjectLiteralExpression(value)) return { call: route.call, object: value }
  throw refuse(
    fileName,
    `the route options are \`${argument.getText(sourceFile).slice(0, 60)}\`, ` +
      'not an object kit-auth can see in this file.',
    'Pass an object literal to the route (or a const declared in the same file), or add beforeLoad by hand.',
  )
}

/** Local names of TanStack's route constructors (`import { createFileRoute as route }`) -> their own names. */
function routeConstructorNames(sourceFile: ts.SourceFile): Map<string, string> {
  const names = new Map([...ROUTE_CONSTRUCTORS, ...ROOT_CONSTRUCTORS].map((name) => [name, name]))
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !statement.moduleSpecifier.text.startsWith('@tanstack/')
    )
      continue
    const bindings = statement.importClause?.namedBindings
    if (!bindings || !ts.isNamedImports(bindings)) continue
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text
      if (names.has(imported)) names.set(element.name.text, imported)
    }
  }
  return names
}

/** The options' `beforeLoad` member, if any; refuses an accessor (nothing to compose with). */
export function findBeforeLoad(file: SourceInput, object: ts.ObjectLiteralExpression): BeforeLoadMember | undefined {
  for (const element of object.properties) {
    if (!element.name || propertyName(element.name) !== 'beforeLoad') continue
    if (
      ts.isPropertyAssignment(element) ||
      ts.isShorthandPropertyAssignment(element) ||
      ts.isMethodDeclaration(element)
    )
      return element
    throw refuse(
      file.fileName,
      'beforeLoad is an accessor, which kit-auth cannot compose with.',
      'Make beforeLoad a plain property or method, then run protect again.',
    )
  }
  return undefined
}

/**
 * Refuses a route that only serves HTTP handlers (beforeLoad never runs for them); a note when
 * the route has a page too (its own component, or the lazy half's: `lazyComponent`).
 */
export function serverHandlerNotes(
  file: SourceInput,
  object: ts.ObjectLiteralExpression,
  lazyComponent: boolean,
): string[] {
  const keys = new Set(object.properties.map((element) => (element.name ? propertyName(element.name) : undefined)))
  if (!keys.has('server')) return []
  if (keys.has('component') || lazyComponent) {
    return [
      `${file.fileName} also has server handlers: beforeLoad guards page navigation only, ` +
        'so check the session inside each handler too.',
    ]
  }
  throw new Refusal(
    `${file.fileName} is a server-only route (server.handlers, no component): ` +
      'beforeLoad never runs for HTTP handlers, so a guard would protect nothing.',
    'Check the session inside each handler instead ' +
      '(e.g. `const session = await auth.api.getSession({ headers: request.headers })`, 401 when null).',
  )
}
