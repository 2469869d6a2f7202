import ts from '../../lib/typescript.js'
import { declarationAround } from '../codemods/js/bindings.js'
import { unwrap, unwrapAwaited } from '../codemods/js/unwrap.js'
import { returnsData, statementNodes } from './control-flow.js'
import { ownNodes, returnedValues, type FunctionNode } from './function-shapes.js'
import { contextInstance } from './middleware-context.js'
import type { AppModules, Module } from './modules.js'
import { functionOf, isBetterAuth } from './resolve.js'

/**
 * Request handlers that packages built on Better Auth export: they hand the request to the
 * instance's handler (Convex's `reactStartHandler(request)`, and the `handler` that
 * `convexBetterAuthReactStart({...})` returns).
 */
const PACKAGE_HANDLERS: Record<string, { handlers: string[]; factories: string[] }> = {
  '@convex-dev/better-auth/react-start': {
    handlers: ['reactStartHandler'],
    factories: ['convexBetterAuthReactStart'],
  },
}

/**
 * Whether a request handler hands its request to Better Auth, whose endpoints (sign-in,
 * get-session...) authenticate the caller themselves: `auth.handler(request)` on the app's
 * instance, a package's handler for it (Convex), or a function of the app that is given the
 * request and does one of those (`authHandlerWithRateLimit(request)`, a rate limiter in front).
 *
 * @example forwardsToBetterAuth(modules, module, handler) // true for `({ request }) => limited(request)`
 */
export function forwardsToBetterAuth(
  modules: AppModules,
  module: Module,
  expression: ts.Expression | ts.MethodDeclaration | ts.FunctionDeclaration,
  depth = 0,
): boolean {
  const fn = functionOf(modules, module, expression)
  if (!fn || depth > 4) return false
  const request = requestNames(fn.node)
  // a function of the app forwards only from its last statement (`return auth.handler(request)` after a
  // rate limit's early 429): one that forwards under a condition and goes on to other work does not
  const tail = depth > 0 ? lastStatement(fn.node) : null
  for (const node of ownNodes(fn.node)) {
    if (!ts.isCallExpression(node) || (tail && (node.pos < tail.pos || node.end > tail.end))) continue
    const callee = unwrap(node.expression)
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'handler')
      if (
        isBetterAuth(modules, fn.module, callee.expression, 0) ||
        dynamicInstance(modules, fn, callee.expression) ||
        packageInstance(modules, fn.module, callee.expression) ||
        contextInstance(modules, fn.module, fn.node, callee.expression)
      )
        return !leaksBeside(fn.node, node)
    // only a call given the request forwards it
    if (!node.arguments.some((argument) => isRequest(argument, request))) continue
    if (packageHandler(modules, fn.module, callee)) return true
    if (!modules.isReference(fn.module, callee)) continue
    const inner = functionOf(modules, fn.module, callee)
    if (inner && inner.node !== fn.node && forwardsToBetterAuth(modules, inner.module, inner.node, depth + 1))
      return !leaksBeside(fn.node, node)
  }
  return false
}

/** What the handler calls its request: `request` of `({ request })`, `ctx.request`, or its first parameter. */
function requestNames(fn: FunctionNode): { names: Set<string>; holders: Set<string> } {
  const names = new Set<string>()
  const holders = new Set<string>()
  const first = fn.parameters[0]?.name
  if (first && ts.isObjectBindingPattern(first)) {
    for (const element of first.elements) {
      const key = element.propertyName ?? element.name
      if (ts.isIdentifier(key) && key.text === 'request' && ts.isIdentifier(element.name)) names.add(element.name.text)
    }
  } else if (first && ts.isIdentifier(first)) {
    // a wrapper's own parameter (`(request: Request) => ...`), or the handler's context (`(ctx) => ...ctx.request`)
    names.add(first.text)
    holders.add(first.text)
  }
  return { names, holders }
}

function isRequest(argument: ts.Expression, request: { names: Set<string>; holders: Set<string> }): boolean {
  const node = unwrap(argument)
  if (ts.isIdentifier(node)) return request.names.has(node.text)
  return (
    ts.isPropertyAccessExpression(node) &&
    node.name.text === 'request' &&
    ts.isIdentifier(node.expression) &&
    request.holders.has(node.expression.text)
  )
}

/**
 * A package's Better Auth handler: `reactStartHandler`, or the `handler` of
 * `const { handler } = convexBetterAuthReactStart(...)`.
 */
function packageHandler(modules: AppModules, module: Module, callee: ts.Expression): boolean {
  if (!modules.isReference(module, callee)) return false
  const value = modules.valueOf(module, callee)
  if (!value.module && value.from && PACKAGE_HANDLERS[value.from]?.handlers.includes(value.name ?? '')) return true
  if (!ts.isIdentifier(unwrap(callee))) return false
  // a name destructured from a factory's answer, here or in the module it is imported from
  const name = (unwrap(callee) as ts.Identifier).text
  const bound = module.bindings.get(name)
  let owner: Module | null = module
  let local = name
  if (bound?.kind === 'import' && bound.from !== undefined) {
    const target = modules.resolve(module.file, bound.from)
    owner = target ? modules.load(target) : null
    local = bound.imported
  }
  return !!owner && destructuredFromFactory(modules, owner, local)
}

/** `convexBetterAuthReactStart({...})`, or a name for it: the object whose `.handler(request)` forwards. */
function packageInstance(modules: AppModules, module: Module, made: ts.Expression): boolean {
  const value = modules.valueOf(module, made)
  const call = value.node && ts.isCallExpression(value.node) ? value.node : null
  return !!value.module && !!call && isPackageFactory(modules, value.module, call)
}

/** `convexBetterAuthReactStart(...)`: a call of a factory a package in PACKAGE_HANDLERS exports. */
function isPackageFactory(modules: AppModules, module: Module, call: ts.CallExpression): boolean {
  const factory = modules.valueOf(module, call.expression)
  return !factory.module && !!factory.from && !!PACKAGE_HANDLERS[factory.from]?.factories.includes(factory.name ?? '')
}

/** `const { handler } = convexBetterAuthReactStart({...})` in `module`, `local` being `handler`. */
function destructuredFromFactory(modules: AppModules, module: Module, local: string): boolean {
  for (const statement of module.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isObjectBindingPattern(declaration.name) || !declaration.initializer) continue
      const element = declaration.name.elements.find(
        (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === local,
      )
      const key = element && (element.propertyName ?? element.name)
      if (!key || !ts.isIdentifier(key) || key.text !== 'handler') continue
      const call = unwrap(declaration.initializer)
      if (ts.isCallExpression(call) && isPackageFactory(modules, module, call)) return true
    }
  }
  return false
}

/**
 * `createAuth(env)` where the function imported `createAuth` itself: `const { createAuth } = await
 * import('~/lib/auth-server')` (Cloudflare apps load the instance's module per request).
 */
function dynamicInstance(
  modules: AppModules,
  fn: { module: Module; node: FunctionNode },
  made: ts.Expression,
): boolean {
  const call = unwrap(made)
  const callee = ts.isCallExpression(call) ? unwrap(call.expression) : call
  if (!ts.isIdentifier(callee)) return false
  for (const node of ownNodes(fn.node)) {
    if (!ts.isVariableDeclaration(node) || !ts.isObjectBindingPattern(node.name) || !node.initializer) continue
    const element = node.name.elements.find((item) => ts.isIdentifier(item.name) && item.name.text === callee.text)
    const key = element && (element.propertyName ?? element.name)
    const value = unwrapAwaited(node.initializer)
    if (!key || !ts.isIdentifier(key) || !ts.isCallExpression(value)) continue
    const [specifier] = value.arguments
    if (value.expression.kind !== ts.SyntaxKind.ImportKeyword || !specifier || !ts.isStringLiteral(specifier)) continue
    const target = modules.resolve(fn.module.file, specifier.text)
    const imported = target ? modules.load(target) : null
    const exported = imported ? modules.exported(imported, key.text) : null
    if (!exported?.module || !exported.node) return false
    const found = exported.node
    if (ts.isFunctionDeclaration(found) || ts.isFunctionExpression(found) || ts.isArrowFunction(found))
      return returnedValues(found).some((returned) => isBetterAuth(modules, exported.module!, returned, 1))
    return ts.isExpression(found) && isBetterAuth(modules, exported.module, found, 1)
  }
  return false
}

/**
 * A statement of the function's body other than the one that forwards returns data (`if (path === '/export')
 * return Response.json(rows)` before `return auth.handler(request)`): that branch is no Better Auth endpoint. A
 * response another handler of the app made from the request (`const scim = await handleScim(request.clone()); if
 * (scim) return scim`, a rate limiter's 429) is that handler's to authorize, as before.
 */
function leaksBeside(fn: FunctionNode, forwarding: ts.Node): boolean {
  const body = fn.body
  if (!body || !ts.isBlock(body)) return false
  const request = requestNames(fn)
  return body.statements.some(
    (statement) =>
      !(forwarding.pos >= statement.pos && forwarding.end <= statement.end) &&
      returnsData(statement, 'entry') &&
      [...statementNodes(statement)].some(
        (node) => ts.isReturnStatement(node) && !!node.expression && !delegated(node.expression, request),
      ),
  )
}

/** A response another handler made from the request: `handle(request)`, or a const holding its awaited result. */
function delegated(expression: ts.Expression, request: ReturnType<typeof requestNames>): boolean {
  let node = unwrapAwaited(expression)
  if (ts.isIdentifier(node)) {
    const declaration = declarationAround(node, node.text)
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false
    node = unwrapAwaited(declaration.initializer)
  }
  return ts.isCallExpression(node) && node.arguments.some((argument) => isRequest(requestOf(argument), request))
}

/** `request.clone()` hands over the request too. */
function requestOf(argument: ts.Expression): ts.Expression {
  const node = unwrap(argument)
  return ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 'clone'
    ? node.expression.expression
    : node
}

/** The last statement of a function's block body, or its expression body. */
function lastStatement(fn: FunctionNode): ts.Node | null {
  const body = fn.body
  if (!body) return null
  return ts.isBlock(body) ? (body.statements.at(-1) ?? null) : body
}
