import ts from '../../../lib/typescript.js'
import { findProperty } from '../js/objects.js'
import { walk } from '../js/parse.js'
import { unwrap, unwrapAwaited, variableInitializer } from '../js/unwrap.js'

/**
 * Whether a route's own `beforeLoad` or `loader` keeps signed-out visitors out (app-protection.ts):
 * it throws under a "not signed in" condition (`!session`, `!context.user`, `user == null`),
 * throws a redirect to a sign-in page from a condition or a catch, or calls an enforcing helper
 * (`requireUser()`, `ensureSession()`; `beforeLoad: authGuard` by name when imported).
 */

/** Names that mean the signed-in state; `user` alone may be any user (`getUser(params.userId)`), see mentionsAuth. */
// `auth` but not `author` (`authorize`, `authorization` are auth words)
const AUTH_WORD = /session|auth(?!or(?!i[sz]))|token|signedin|loggedin|login|signin|viewer|principal|currentuser/i
const USER_WORD = /^user$/i
const SIGN_IN_PATH = /log-?in|sign-?in|\/auth(?:\/|$)/i
const ENFORCING = new RegExp(
  '^(?:require|ensure|assert|enforce|protect|guard|check|verify|must)\\w*' +
    '(?:auth|session|user|login|signedin|loggedin)|^\\w*(?:auth|session|login)guard$|^authenticate$',
  'i',
)
/**
 * What makes a beforeLoad or loader member protective (`throws redirect to /login`, `calls requireUser`), or null.
 *
 * @example functionProtects(sourceFile, member) // 'throws redirect to /login'
 */
export function functionProtects(
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
        return target ? `throws redirect to ${target}` : `throws ${describeThrow(node.expression, sourceFile)}`
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
export function nameOf(expression: ts.Expression): string | null {
  let node = unwrapAwaited(expression)
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
  // `redirect({ to: appConfig.authRoutes.signin })`: the target as written
  const options = ts.isCallExpression(call) && call.arguments[0] ? unwrap(call.arguments[0]) : undefined
  const to = options && ts.isObjectLiteralExpression(options) ? findProperty(options, 'to') : undefined
  if (to && ts.isPropertyAssignment(to) && ts.isCallExpression(call) && nameOf(call.expression) === 'redirect')
    return `redirect to ${to.initializer.getText(sourceFile)}`
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

/**
 * True when an expression names the signed-in state: `session`, `isAuthenticated`, `context.user`,
 * or a `user` read without arguments (`await getUser()`); not a user looked up by id
 * (`const user = await getUser(params.userId)`: a missing one is a 404, not a sign-in check).
 */
function mentionsAuth(expression: ts.Node): boolean {
  for (const node of walk(expression)) {
    if (!ts.isIdentifier(node)) continue
    if (AUTH_WORD.test(node.text)) return true
    if (USER_WORD.test(node.text) && (fromContext(node) || currentUserVariable(node))) return true
    if (readFromAuth(node)) return true
  }
  return false
}

/** `context.user`, `ctx.context.user`: the router context, where apps keep the signed-in user. */
function fromContext(node: ts.Identifier): boolean {
  const parent = node.parent
  if (!ts.isPropertyAccessExpression(parent) || parent.name !== node) return false
  for (let object: ts.Expression = parent.expression; ;) {
    if (ts.isIdentifier(object)) return object.text === 'context'
    if (!ts.isPropertyAccessExpression(object)) return false
    if (object.name.text === 'context') return true
    object = object.expression
  }
}

/** A `user` variable of the enclosing function initialized by a call without arguments (`await getUser()`). */
function currentUserVariable(node: ts.Identifier): boolean {
  const value = callInitializer(node)
  return !!value && value.arguments.length === 0
}

/**
 * A variable of the enclosing function that an auth call reads (`const user = await
 * context.queryClient.ensureQueryData(authQueryOptions())`, `const result = await authClient.getSession()`):
 * a function called there names the signed-in state (`getUser(params.userId)` does not, and neither do
 * arguments: `getInvite({ data: { token } })`, `fetchReport({ headers: { Authorization } })`).
 */
function readFromAuth(node: ts.Identifier): boolean {
  const value = callInitializer(node)
  if (!value) return false
  return [...walk(value)].some(
    (call) =>
      ts.isCallExpression(call) &&
      [...walk(call.expression)].some((child) => ts.isIdentifier(child) && AUTH_WORD.test(child.text)),
  )
}

/** The call (awaited or not) that initializes the variable `node` reads, declared in its enclosing function. */
function callInitializer(node: ts.Identifier): ts.CallExpression | null {
  const parent = node.parent
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return null
  for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) {
    if (!ts.isFunctionLike(scope)) continue
    for (const child of walk(scope)) {
      if (!ts.isVariableDeclaration(child) || !ts.isIdentifier(child.name) || child.name.text !== node.text) continue
      const value = child.initializer ? unwrapAwaited(child.initializer) : null
      return value && ts.isCallExpression(value) ? value : null
    }
    return null
  }
  return null
}
