import ts from '../../../lib/typescript.js'
import { findProperty } from '../js/objects.js'
import { walk } from '../js/parse.js'
import { unwrap, variableInitializer } from '../js/unwrap.js'
import type { SourceInput } from '../transform.js'
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

const AUTH_WORD = /session|user|auth|token|signedin|loggedin|login|signin|viewer|principal/i
const SIGN_IN_PATH = /log-?in|sign-?in|auth/i
const ENFORCING =
  /^(?:require|ensure|assert|enforce|protect|guard|check|verify|must)\w*(?:auth|session|user|login|signedin|loggedin)|^\w*(?:auth|session|login)guard$|^authenticate$/i
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

/** What makes a beforeLoad or loader member protective, or null. */
function functionProtects(
  sourceFile: ts.SourceFile,
  member: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration,
): string | null {
  let value: ts.Node = ts.isPropertyAssignment(member) ? unwrap(member.initializer) : member
  if (ts.isShorthandPropertyAssignment(member)) value = member.name
  if (ts.isIdentifier(value)) {
    // a function of this file is read; an imported one only by its name
    const local = localFunction(sourceFile, value.text)
    if (!local) return ENFORCING.test(value.text) ? `uses ${value.text}` : null
    value = local
  }
  if (ts.isCallExpression(value)) {
    const name = nameOf(value)
    return name && ENFORCING.test(name) ? `uses ${name}(...)` : null
  }
  for (const node of walk(value)) {
    if (ts.isThrowStatement(node) && node.expression) {
      const target = redirectTarget(node.expression)
      const guarded = enclosingCondition(node, value)
      if (guarded && (notSignedIn(guarded) || (target !== null && SIGN_IN_PATH.test(target))))
        return target !== null ? `throws redirect to ${target}` : `throws ${describeThrow(node.expression, sourceFile)}`
      if (target !== null && SIGN_IN_PATH.test(target) && isInCatch(node, value)) return `throws redirect to ${target}`
    }
    if (ts.isCallExpression(node)) {
      const name = nameOf(node)
      if (name && ENFORCING.test(name)) return `calls ${name}`
    }
  }
  return null
}

/** A function the file declares under `name` (function declaration or const), or null. */
function localFunction(sourceFile: ts.SourceFile, name: string): ts.Node | null {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement
  }
  const initializer = variableInitializer(sourceFile, name)
  return initializer ? unwrap(initializer) : null
}

/** `authMiddleware`, `auth.middleware` -> `middleware`... the last name of an identifier, member or call. */
function nameOf(expression: ts.Expression): string | null {
  let node = unwrap(expression)
  if (ts.isAwaitExpression(node)) node = unwrap(node.expression)
  if (ts.isCallExpression(node)) node = unwrap(node.expression)
  if (ts.isIdentifier(node)) return node.text
  if (ts.isPropertyAccessExpression(node)) return node.name.text
  return null
}

/** The `to` (or `href`) of a thrown `redirect({...})`: its text, `''` when not a literal; null for other throws. */
function redirectTarget(thrown: ts.Expression): string | null {
  const call = unwrap(thrown)
  if (!ts.isCallExpression(call) || nameOf(call.expression) !== 'redirect') return null
  const [options] = call.arguments
  if (!options || !ts.isObjectLiteralExpression(unwrap(options))) return ''
  const object = unwrap(options) as ts.ObjectLiteralExpression
  const to = findProperty(object, 'to') ?? findProperty(object, 'href')
  const value = to && ts.isPropertyAssignment(to) ? unwrap(to.initializer) : null
  return value && ts.isStringLiteralLike(value) ? value.text : ''
}

function describeThrow(thrown: ts.Expression, sourceFile: ts.SourceFile): string {
  const call = unwrap(thrown)
  if (ts.isCallExpression(call) || ts.isNewExpression(call)) return `${call.expression.getText(sourceFile)}(...)`
  return 'when not signed in'
}

/** The condition of the nearest `if` (or `?:`) whose taken branch holds `node`, inside `scope`. */
function enclosingCondition(node: ts.Node, scope: ts.Node): ts.Expression | null {
  for (let child = node, parent = node.parent; parent && child !== scope; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) return parent.expression
    if (ts.isConditionalExpression(parent) && child !== parent.condition) return parent.condition
  }
  return null
}

function isInCatch(node: ts.Node, scope: ts.Node): boolean {
  for (let current = node.parent; current && current !== scope; current = current.parent)
    if (ts.isCatchClause(current)) return true
  return false
}

/** `!session`, `!context.user`, `user == null`, `!a || !b`: a condition that holds when nobody is signed in. */
function notSignedIn(condition: ts.Expression): boolean {
  const node = unwrap(condition)
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken)
    return mentionsAuth(node.operand)
  if (!ts.isBinaryExpression(node)) return false
  const operator = node.operatorToken.kind
  if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken)
    return notSignedIn(node.left) || notSignedIn(node.right)
  const equality = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(operator)
  const empty = (side: ts.Expression) =>
    side.kind === ts.SyntaxKind.NullKeyword ||
    side.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(side) && side.text === 'undefined')
  if (equality && empty(node.right)) return mentionsAuth(node.left)
  if (equality && empty(node.left)) return mentionsAuth(node.right)
  return false
}

/** True when an expression names the session or user (`session`, `context.user`, `await getSession()`). */
function mentionsAuth(expression: ts.Node): boolean {
  for (const node of walk(expression)) if (ts.isIdentifier(node) && AUTH_WORD.test(node.text)) return true
  return false
}
