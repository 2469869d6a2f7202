import path from 'node:path'
import ts from '../../lib/typescript.js'
import { unwrap } from '../codemods/js/unwrap.js'
import type { Module } from './modules.js'

/** kit-auth's helpers that throw (a redirect or a 404) when the caller may not go on. */
export const ENFORCING_CALLS = new Set([
  'requireSession',
  'requireAdmin',
  'getAccountContext',
  'requireActiveOrganizationId',
])

/** Assertion packages: what they export throws on a falsy first argument (`invariant(session)`, `assert.ok(s)`). */
export const ASSERTION_MODULES = new Set([
  'tiny-invariant',
  'invariant',
  // `invariant(session, ...)` and `invariantResponse(session, ..., { status: 401 })` (the Epic Stack's)
  '@epic-web/invariant',
  'node:assert',
  'assert',
  'node:assert/strict',
  'assert/strict',
])

/** Calls that change data (`db.insert(...)`, `createPost(...)`): a check after one comes too late. */
export const WRITE =
  /^(?:insert|update|upsert|delete|remove|destroy|create|save|write|put|patch|drop|truncate|mutate|send)/i
/** Factories named like writes that change nothing (`createClient()`, `createHash('sha256')`). */
export const NOT_WRITE = /^create(?:Client|Hash|Hmac|Logger|Error|Url|URL|Context|Router|Server|Middleware|Signal)$/

/** What reads the session: kit-auth's `getSession()`, Better Auth's `auth.api.getSession(...)`. */
export const SESSION_READS = new Set(['getSession'])

/** kit-auth's middleware (and middleware factories), trusted by name only when their module cannot be read. */
export const KIT_MIDDLEWARE = new Set([
  'authMiddleware',
  'organizationMiddleware',
  'adminMiddleware',
  'roleMiddleware',
  'roleAction',
  'permissionMiddleware',
])

/** Properties of a middleware's `context` that hold the signed-in caller. */
const CONTEXT_SESSION = new Set(['session', 'user', 'userId'])

/**
 * A request-context key that holds the caller's session: `session`, `user`, `userId`, and the few names app
 * middleware give it after reading the session (`authSession`, `currentUser`).
 */
export function isContextSessionKey(key: string): boolean {
  return CONTEXT_SESSION.has(key) || SESSION_KEYS.has(key)
}

/** The names middleware give the caller's session besides those (`profileUser`, `checkoutSession` are not it). */
const SESSION_KEYS = new Set(['authSession', 'authUser', 'currentSession', 'currentUser', 'sessionUser', 'viewer'])

/** What only kit-auth's generated modules hold, by module (under `lib/auth/`). */
const KIT_MARKERS: Record<'session' | 'session.functions', (text: string) => boolean> = {
  session: (text) => text.includes('createAuthSession') && text.includes('SIGN_IN_PATH'),
  'session.functions': (text) =>
    /export const fetchSession = createServerFn\(/.test(text) && /from '\.\/session(?:\.js)?'/.test(text),
}

/**
 * True when a module is one kit-auth generated in `<srcDirectory>/lib/auth/` (by its path and content).
 *
 * @example isKitAuthModule(module, 'src', 'session.functions') // true for src/lib/auth/session.functions.ts
 */
export function isKitAuthModule(module: Module, srcDirectory: string, name: keyof typeof KIT_MARKERS): boolean {
  const base = path.posix.join(srcDirectory, 'lib/auth', name)
  return module.file.replace(/\.[cm]?[jt]sx?$/, '') === base && KIT_MARKERS[name](module.sourceFile.text)
}

/** How code is used: an entry point (handler, middleware) may refuse by returning; a helper it calls must throw. */
export type Mode = 'entry' | 'middleware' | 'callee'

export type FunctionNode = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration

/** What deciding one function knows: its module, how it is used, its local functions and session names. */
export interface Scope {
  module: Module
  mode: Mode
  depth: number
  locals: Map<string, FunctionNode>
  sessions: Set<string>
  isSession: (expression: ts.Expression) => boolean
}

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node)
  )
}

/** Nodes of a function body, not descending into nested functions (their code may never run). */
export function* ownNodes(fn: FunctionNode): Generator<ts.Node> {
  if (!fn.body) return
  // in source order: a variable is seen before the checks that use it
  const stack: ts.Node[] = [fn.body]
  while (stack.length > 0) {
    const node = stack.pop()!
    yield node
    // a nested function is seen (a local helper may be called) but not entered
    if (node !== fn.body && isFunctionNode(node)) continue
    const children: ts.Node[] = []
    ts.forEachChild(node, (child) => {
      children.push(child)
    })
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!)
  }
}

/** Names a binding pattern takes from the session-holding properties of `context`: `{ user }`, `{ session: s }`. */
export function contextSessionNames(pattern: ts.ObjectBindingPattern): string[] {
  return pattern.elements.flatMap((element) => {
    const property = element.propertyName ?? element.name
    const key = ts.isIdentifier(property) ? property.text : null
    return key && isContextSessionKey(key) && ts.isIdentifier(element.name) ? [element.name.text] : []
  })
}

/** `({ context: { user } }) => ...`: the session names a handler's first parameter destructures. */
export function parameterSessionNames(fn: FunctionNode): string[] {
  const [first] = fn.parameters
  if (!first || !ts.isObjectBindingPattern(first.name)) return []
  return first.name.elements.flatMap((element) => {
    const property = element.propertyName ?? element.name
    const isContext = ts.isIdentifier(property) && property.text === 'context'
    return isContext && ts.isObjectBindingPattern(element.name) ? contextSessionNames(element.name) : []
  })
}

/** What a function returns: an arrow's expression body, or the values of its own `return`s. */
export function returnedValues(fn: FunctionNode): ts.Expression[] {
  if (!fn.body) return []
  if (!ts.isBlock(fn.body)) return [fn.body]
  const found: ts.Expression[] = []
  for (const node of ownNodes(fn)) if (ts.isReturnStatement(node) && node.expression) found.push(node.expression)
  return found
}

/**
 * A value that carries no data an anonymous caller could want: nothing (`return`, null, undefined), a
 * literal, or arrays and objects of those (`[]`, `{}`, `{ signedIn: false as const }`, `{ error: 'Sign in' }`).
 */
export function carriesNoData(expression: ts.Expression | undefined, depth = 0): boolean {
  if (!expression) return true
  const node = unwrap(expression)
  if (depth > 8) return false
  if (
    node.kind === ts.SyntaxKind.NullKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    (ts.isIdentifier(node) && node.text === 'undefined') ||
    ts.isStringLiteralLike(node) ||
    ts.isNumericLiteral(node) ||
    (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand))
  )
    return true
  if (ts.isArrayLiteralExpression(node))
    return node.elements.every((element) => !ts.isSpreadElement(element) && carriesNoData(element, depth + 1))
  if (!ts.isObjectLiteralExpression(node)) return false
  return node.properties.every(
    (property) =>
      ts.isPropertyAssignment(property) &&
      !ts.isComputedPropertyName(property.name) &&
      carriesNoData(property.initializer, depth + 1),
  )
}
