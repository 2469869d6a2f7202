import ts from '../../lib/typescript.js'
import { importedNames } from '../codemods/js/bindings.js'
import { calleeName } from '../codemods/js/calls.js'
import { findProperty, propertyName, propertyValue } from '../codemods/js/objects.js'
import { unwrap } from '../codemods/js/unwrap.js'
import type { RouteEntry } from '../routes/discover.js'
import type { Finding } from './audit.js'
import type { Authorization } from './authorization.js'
import { declarationOf, isPublic, lineOf, middlewareAuthorizes } from './declarations.js'
import type { AppModules, Module } from './modules.js'

/** Methods a route-level `@public` covers: reads. A write needs its own tag on its handler. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const SERVER_ROUTE_FIX =
  'add an auth request middleware to server.middleware, or check the session in each handler ' +
  '(`const session = await getSession()`, 401 when null); mark it /** @public */ if anyone may call it'

interface ServerOptions {
  module: Module
  /** `createFileRoute(` (or `createServerFileRoute(`): where the finding points. */
  constructor: ts.Expression
  /** What holds `export const Route = ...` (for `@public`). */
  declaration: ts.Node
  id: string | null
  middleware: ts.Expression | undefined
  handlers: ts.Expression | undefined
}

/** The `server` options of each route call: `createFileRoute(id)({ server })`, `createServerFileRoute(id)`. */
export function routeServerOptions(module: Module, modules: AppModules): ServerOptions[] {
  const found: ServerOptions[] = []
  // both constructors end so, however they are imported (an alias names the original too): a file
  // without the word holds no route, and its tree is not walked again
  if (!module.sourceFile.text.includes('FileRoute')) return found
  const imports = importedNames(module.sourceFile)
  const visit = (node: ts.Node): void => {
    ts.forEachChild(node, visit)
    if (!ts.isCallExpression(node)) return
    const callee = unwrap(node.expression)
    // createFileRoute('/x')({ server: { middleware, handlers } })
    if (calleeName(callee, imports) === 'createFileRoute' && ts.isCallExpression(callee)) {
      const options = node.arguments[0] && modules.valueOf(module, node.arguments[0])
      const object = options?.module && ts.isObjectLiteralExpression(options.node) ? options.node : null
      const server = object && valueProperty(object, 'server')
      const value = server && modules.valueOf(module, server)
      if (!value?.module || !ts.isObjectLiteralExpression(value.node)) return
      found.push({
        module,
        constructor: callee.expression,
        declaration: declarationOf(node).anchor,
        id: literal(callee.arguments[0]),
        middleware: valueProperty(value.node, 'middleware'),
        handlers: valueProperty(value.node, 'handlers'),
      })
    }
    // createServerFileRoute('/x').middleware([...]).methods({...}) (Start before 1.132)
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'methods') {
      let middleware: ts.Expression | undefined
      let target = unwrap(callee.expression)
      while (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression)) {
        if (target.expression.name.text === 'middleware') middleware = target.arguments[0]
        target = unwrap(target.expression.expression)
      }
      if (!ts.isCallExpression(target) || calleeName(target, imports) !== 'createServerFileRoute') return
      found.push({
        module,
        constructor: target.expression,
        declaration: declarationOf(node).anchor,
        id: literal(target.arguments[0]),
        middleware,
        handlers: node.arguments[0],
      })
    }
  }
  visit(module.sourceFile)
  return found
}

/** What an object member holds: a value, or a method (`async GET({ request }) {...}`). */
type Member = ts.Expression | ts.MethodDeclaration

/** What an element of an object holds: its value, or itself when it is a method. */
function memberOf(element: ts.ObjectLiteralElementLike | undefined): Member | undefined {
  if (!element) return undefined
  return ts.isMethodDeclaration(element) ? element : (propertyValue(element) ?? undefined)
}

/** A member's value, when it is not a method. */
function valueProperty(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const found = findProperty(object, name)
  return (found && propertyValue(found)) ?? undefined
}

function literal(expression: ts.Expression | undefined): string | null {
  return expression && ts.isStringLiteralLike(expression) ? expression.text : null
}

/**
 * Each server route of a module: authorized by its own `server.middleware`, an ancestor's, start.ts's
 * request middleware, or by every handler (through its method middleware or its own session check).
 */
export function* serverRoutes(
  module: Module,
  authorization: Authorization,
  route: RouteEntry | null,
  ancestors: readonly RouteEntry[],
  ancestorAuthorizes: (id: string) => boolean,
  globallyAuthorized: boolean,
): Generator<Finding | null> {
  for (const server of routeServerOptions(module, authorization.modules)) {
    if (!server.handlers) continue
    const covered =
      globallyAuthorized ||
      middlewareAuthorizes(authorization, module, server.middleware) ||
      ancestors.some((ancestor) => ancestorAuthorizes(ancestor.id))
    if (covered) {
      yield null
      continue
    }
    // a route-level `@public` covers its reads; each write says so on its own handler
    const routePublic = isPublic(module, server.declaration)
    const open = methods(module, authorization, server.handlers, routePublic).filter((method) => !method.authorized)
    if (open.length === 0) {
      yield null
      continue
    }
    const name = route?.fullPath ?? server.id ?? module.file
    const read = open.filter((method) => method.read)
    const unread = open.filter((method) => !method.read)
    const reasons = [
      read.length === 0
        ? null
        : `${read.map((method) => method.name).join(', ')} ${read.length === 1 ? 'runs' : 'run'} for anyone: ` +
          `no auth middleware on the route and no session check in the handler${read.length === 1 ? '' : 's'}` +
          (routePublic ? ' (a route-level @public covers only GET, HEAD and OPTIONS)' : ''),
      unread.length === 0
        ? null
        : `the handlers of ${unread.map((method) => method.name).join(', ')} could not be read, ` +
          'and no auth middleware on the route covers them',
    ]
    yield {
      file: module.file,
      line: lineOf(module, server.constructor),
      kind: 'server-route',
      name,
      why: reasons.filter((reason) => reason !== null).join('; '),
      fix: SERVER_ROUTE_FIX,
    }
  }
}

/** A method of a server route: whether it authorizes (or is public); `read` false when its code is out of reach. */
interface Method {
  name: string
  authorized: boolean
  read: boolean
}

/** Each method of `server.handlers` (an object, or `({ createHandlers }) => createHandlers({})`): authorized? */
function methods(
  module: Module,
  authorization: Authorization,
  handlers: ts.Expression,
  routePublic: boolean,
): Method[] {
  const modules = authorization.modules
  let value = modules.valueOf(module, handlers)
  if (value.module && (ts.isArrowFunction(value.node) || ts.isFunctionExpression(value.node))) {
    // ({ createHandlers }) => createHandlers({ GET: { middleware, handler } })
    const body = value.node.body
    const returned = ts.isBlock(body) ? body.statements.filter(ts.isReturnStatement).at(-1)?.expression : body
    const call = returned && unwrap(returned)
    // createHandlers({...}), or a plain object
    const argument = call && ts.isCallExpression(call) ? call.arguments[0] : call
    value = argument ? modules.valueOf(value.module, argument) : { module: null, node: null, name: null }
  }
  if (!value.module || !ts.isObjectLiteralExpression(value.node))
    return [{ name: handlers.getText(module.sourceFile), authorized: false, read: false }]
  return handlerMembers(authorization, value.module, value.node, routePublic, 0)
}

/** The methods of one handlers object, spreads (`{ ...crud }`) followed to the object they spread. */
function handlerMembers(
  authorization: Authorization,
  owner: Module,
  object: ts.ObjectLiteralExpression,
  routePublic: boolean,
  depth: number,
): Method[] {
  const modules = authorization.modules
  return object.properties.flatMap((element): Method[] => {
    if (ts.isSpreadAssignment(element)) {
      const spread = depth < 10 ? modules.valueOf(owner, element.expression) : null
      if (spread?.module && ts.isObjectLiteralExpression(spread.node))
        return handlerMembers(authorization, spread.module, spread.node, routePublic, depth + 1)
      return [{ name: `...${element.expression.getText(owner.sourceFile)}`, authorized: false, read: false }]
    }
    if (!element.name) return []
    const name = propertyName(element.name) ?? element.name.getText(owner.sourceFile)
    if (isPublic(owner, element) || (routePublic && SAFE_METHODS.has(name.toUpperCase())))
      return [{ name, authorized: true, read: true }]
    const handler = memberOf(element)
    if (!handler) return [{ name, authorized: false, read: true }]
    const resolved = ts.isMethodDeclaration(handler) ? null : modules.valueOf(owner, handler)
    if (resolved?.module && ts.isObjectLiteralExpression(resolved.node)) {
      // { middleware: [...], handler }
      const options = resolved.node
      const authorized =
        middlewareAuthorizes(authorization, resolved.module, valueProperty(options, 'middleware')) ||
        authorizesHandler(authorization, resolved.module, memberOf(findProperty(options, 'handler')))
      return [{ name, authorized, read: true }]
    }
    return [{ name, authorized: authorizesHandler(authorization, owner, handler), read: true }]
  })
}

/** A handler authorizes its caller, or hands the request to Better Auth (whose endpoints authenticate themselves). */
function authorizesHandler(authorization: Authorization, module: Module, handler: Member | undefined): boolean {
  if (!handler) return false
  return authorization.authorizes(module, handler, 'entry') || authorization.forwardsToBetterAuth(module, handler)
}
