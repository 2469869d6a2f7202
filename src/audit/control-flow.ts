// Where a check counts: statements that run for every caller, calls that always run, what leaves
// (a throw, an empty value, a response with no data in it, a redirect), what returns data or writes.
import ts from '../../lib/typescript.js'
import { declaredAround } from '../codemods/js/bindings.js'
import { findProperty, propertyValue } from '../codemods/js/objects.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { nameOf } from '../codemods/route/auth-check.js'
import {
  carriesNoData,
  isFunctionNode,
  NOT_WRITE,
  returnedValues,
  WRITE,
  type FunctionNode,
  type Mode,
} from './function-shapes.js'

export function* identifiersIn(node: ts.Node): Generator<string> {
  if (ts.isIdentifier(node)) yield node.text
  const children: ts.Node[] = []
  ts.forEachChild(node, (child) => {
    children.push(child)
  })
  for (const child of children) yield* identifiersIn(child)
}

const EQUALS = new Set([ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken])
const NOT_EQUALS = new Set([ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken])

function isNothing(node: ts.Expression): boolean {
  const value = unwrap(node)
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined')
}

/** A condition that holds when nobody is signed in: `!session`, `!session?.user`, `user == null`, `!a || b`. */
function missing(condition: ts.Expression, isSession: (expression: ts.Expression) => boolean): boolean {
  const node = unwrap(condition)
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
    // `!session`, and predicates on it: `!isAdminUser(session.user)`, `!hasRole(context.user, ['editor'])`
    const operand = unwrap(node.operand)
    if (ts.isCallExpression(operand) && operand.arguments.some((argument) => isSession(argument))) return true
    return isSession(node.operand)
  }
  if (!ts.isBinaryExpression(node)) return false
  const operator = node.operatorToken.kind
  if (operator === ts.SyntaxKind.BarBarToken) return missing(node.left, isSession) || missing(node.right, isSession)
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken)
    return missing(node.left, isSession) && missing(node.right, isSession)
  // `session?.user.role !== 'admin'`: true without a session too
  if (NOT_EQUALS.has(operator))
    return (isLiteral(node.right) && isSession(node.left)) || (isLiteral(node.left) && isSession(node.right))
  if (!EQUALS.has(operator)) return false
  return (isNothing(node.right) && isSession(node.left)) || (isNothing(node.left) && isSession(node.right))
}

/** A string, number or boolean literal (a value a missing session's fields never equal). */
function isLiteral(node: ts.Expression): boolean {
  const value = unwrap(node)
  return (
    ts.isStringLiteralLike(value) ||
    ts.isNumericLiteral(value) ||
    value.kind === ts.SyntaxKind.TrueKeyword ||
    value.kind === ts.SyntaxKind.FalseKeyword
  )
}

/** A condition that holds only when someone is signed in: `session`, `session?.user && x`, `user != null`. */
function present(condition: ts.Expression, isSession: (expression: ts.Expression) => boolean): boolean {
  const node = unwrap(condition)
  if (!ts.isBinaryExpression(node)) return !ts.isPrefixUnaryExpression(node) && isSession(node)
  const operator = node.operatorToken.kind
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken)
    return present(node.left, isSession) || present(node.right, isSession)
  // `session?.user.role === 'admin'`
  if (EQUALS.has(operator))
    return (isLiteral(node.right) && isSession(node.left)) || (isLiteral(node.left) && isSession(node.right))
  if (!NOT_EQUALS.has(operator)) return false
  return (isNothing(node.right) && isSession(node.left)) || (isNothing(node.left) && isSession(node.right))
}

/**
 * The branch leaves the function: it throws, or (outside `callee` mode) returns a refusal. A refusing status
 * set first changes nothing: `setResponseStatus(401); return db.list()` still hands over the data.
 */
function leaves(statement: ts.Statement, mode: Mode): boolean {
  if (ts.isThrowStatement(statement)) return true
  if (ts.isReturnStatement(statement)) return mode !== 'callee' && refuses(statement.expression)
  return ts.isBlock(statement) && statement.statements.some((inner) => leaves(inner, mode))
}

/**
 * What an anonymous caller may be given instead of data: a value that carries none (`return`, null, [],
 * `{ signedIn: false }`, `{ error: 'Sign in' }`), a response whose body carries none (`new Response(null,
 * { status: 302, headers: { Location } })`, `json({ error: 'Sign in' }, { status: 401 })`), `redirect(...)`
 * or `notFound()`. A response's status does not matter: a 401, 404 or redirect with data in its body still
 * hands the data over. `return next()` goes on, and is no refusal.
 */
function refuses(expression: ts.Expression | undefined): boolean {
  if (carriesNoData(expression)) return true
  let node = unwrap(expression!)
  if (ts.isAwaitExpression(node)) node = unwrap(node.expression)
  if (ts.isNewExpression(node)) return nameOf(node.expression) === 'Response' && bodyCarriesNoData(node.arguments?.[0])
  if (!ts.isCallExpression(node)) return false
  const name = nameOf(node.expression)
  if (name === 'redirect' || name === 'notFound') return true
  return name === 'json' && bodyCarriesNoData(node.arguments[0])
}

/** A response body with no data in it: no body, null, a literal, `JSON.stringify({ error: 'Unauthorized' })`. */
function bodyCarriesNoData(body: ts.Expression | undefined): boolean {
  const node = body && unwrap(body)
  if (!node || !ts.isCallExpression(node) || node.arguments.length !== 1) return carriesNoData(body)
  const callee = unwrap(node.expression)
  const stringify =
    ts.isPropertyAccessExpression(callee) && callee.name.text === 'stringify' && nameOf(callee.expression) === 'JSON'
  return stringify && carriesNoData(node.arguments[0])
}

/** `if (!session) throw ...`, `if (session) {...} else { throw ... }`, `if (session) { return data } return null`. */
export function refusesByIf(statement: ts.IfStatement, mode: Mode, isSession: (e: ts.Expression) => boolean): boolean {
  if (missing(statement.expression, isSession) && leaves(statement.thenStatement, mode)) return true
  const otherwise = statement.elseStatement
  if (otherwise && present(statement.expression, isSession) && leaves(otherwise, mode)) return true
  return mode !== 'callee' && present(statement.expression, isSession) && onlyNothingAfter(statement)
}

/**
 * `if (session) return toView(session)` with no `else`: a caller with a session gets back only what its own session
 * holds (values made from it alone, through functions: `normalize(context.authSession)`), and one without goes on to
 * the checks below. Nothing there hands over anyone's data, or writes.
 */
export function returnsOwnSession(statement: ts.IfStatement, isSession: (e: ts.Expression) => boolean): boolean {
  if (statement.elseStatement || !present(statement.expression, isSession) || writes(statement)) return false
  const returns = [...statementNodes(statement.thenStatement)].filter(ts.isReturnStatement)
  return returns.length > 0 && returns.every((node) => !node.expression || madeOfSession(node.expression, isSession))
}

/** An expression whose values all come from the session: its names are the session's, or functions it calls. */
function madeOfSession(expression: ts.Expression, isSession: (e: ts.Expression) => boolean): boolean {
  if (isSession(expression)) return true
  const node = unwrap(expression)
  if (ts.isAwaitExpression(node)) return madeOfSession(node.expression, isSession)
  if (ts.isCallExpression(node))
    return node.arguments.length > 0 && node.arguments.every((argument) => madeOfSession(argument, isSession))
  if (ts.isObjectLiteralExpression(node))
    return node.properties.every(
      (property) => ts.isPropertyAssignment(property) && madeOfSession(property.initializer, isSession),
    )
  return carriesNoData(node)
}

/** `session ? data : null`, `!session ? null : data`, `session && data`: what a handler returns. */
export function refusesByCondition(expression: ts.Expression, isSession: (e: ts.Expression) => boolean): boolean {
  let node = unwrap(expression)
  if (ts.isAwaitExpression(node)) node = unwrap(node.expression)
  // `session && data` gives an anonymous caller the missing session itself (null, undefined or false)
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    return present(node.left, isSession)
  if (!ts.isConditionalExpression(node)) return false
  if (present(node.condition, isSession) && refuses(node.whenFalse)) return true
  return missing(node.condition, isSession) && refuses(node.whenTrue)
}

/**
 * The statements of a body that run for every caller, in order: blocks opened, and a `try` whose catch
 * refuses (or that has none) opened too; a `try` whose catch swallows the error stays whole, and what it
 * checks does not count.
 */
export function* unconditionalStatements(statements: readonly ts.Statement[], mode: Mode): Generator<ts.Statement> {
  for (const statement of statements) {
    if (ts.isBlock(statement)) yield* unconditionalStatements(statement.statements, mode)
    else if (ts.isTryStatement(statement) && (!statement.catchClause || leaves(statement.catchClause.block, mode)))
      yield* unconditionalStatements(statement.tryBlock.statements, mode)
    else yield statement
  }
}

const SHORT_CIRCUIT = new Set([
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
])

/**
 * The calls a statement always makes: not under an `if` branch, a loop, a `switch`, a swallowing `try`,
 * the right of `&&`/`||`/`??`, a branch of `?:`, an optional call, or a nested function.
 */
export function unconditionalCalls(root: ts.Node): ts.CallExpression[] {
  const found: ts.CallExpression[] = []
  const visit = (node: ts.Node): void => {
    if (node !== root && (isFunctionNode(node) || ts.isClassLike(node))) return
    if (ts.isIfStatement(node)) return visit(node.expression)
    if (ts.isConditionalExpression(node)) return visit(node.condition)
    if (ts.isBinaryExpression(node) && SHORT_CIRCUIT.has(node.operatorToken.kind)) return visit(node.left)
    if (ts.isIterationStatement(node, false) || ts.isSwitchStatement(node) || ts.isTryStatement(node)) return
    if (ts.isCallExpression(node) && node.questionDotToken) return
    ts.forEachChild(node, visit)
    if (ts.isCallExpression(node)) found.push(node)
  }
  visit(root)
  return found
}

/**
 * A call whose failure never reaches the caller: `void check()`, `check().catch(...)`,
 * `check().then(ok, onError)`, or (`floating`, asked only then) a promise nobody awaits: `check()` as a statement.
 */
export function failureIgnored(call: ts.CallExpression, floating: () => boolean): boolean {
  let node: ts.Node = call
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent
  const parent = node.parent
  if (ts.isVoidExpression(parent)) return true
  if (ts.isExpressionStatement(parent) && floating()) return true
  if (!ts.isPropertyAccessExpression(parent) || parent.expression !== node) return false
  const outer = parent.parent
  if (!ts.isCallExpression(outer) || outer.expression !== parent) return false
  return parent.name.text === 'catch' || (parent.name.text === 'then' && outer.arguments.length > 1)
}

/**
 * Whether calling `fn` gives a promise whose failure its caller must await: it is async, or it returns,
 * unawaited, a call that gives one (`() => requireSession()`, `() => check().then(log)`); `givesPromise`
 * decides the calls it returns.
 */
export function returnsPromise(fn: FunctionNode, givesPromise: (call: ts.CallExpression) => boolean): boolean {
  if (ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return true
  return returnedValues(fn).some((value) => {
    let node = unwrap(value)
    // `check().then(...)`, `.catch(...)`, `.finally(...)`: still the promise of `check()`
    while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text
      if (method !== 'then' && method !== 'catch' && method !== 'finally') break
      node = unwrap(node.expression.expression)
    }
    return ts.isCallExpression(node) && givesPromise(node)
  })
}

/** The nodes of a statement, not descending into nested functions. */
export function* statementNodes(root: ts.Node): Generator<ts.Node> {
  const stack: ts.Node[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    yield node
    if (node !== root && isFunctionNode(node)) continue
    ts.forEachChild(node, (child) => {
      stack.push(child)
    })
  }
}

/** A statement that may return something other than a refusal (`if (cached) return cached`). */
export function returnsData(statement: ts.Statement, mode: Mode): boolean {
  for (const node of statementNodes(statement))
    if (ts.isReturnStatement(node) && (mode === 'callee' || !refuses(node.expression))) return true
  return false
}

/**
 * A statement that changes data (`await db.delete(id)`, `await kv.set(key, value)`, a `fetch` that POSTs):
 * a check after it comes too late.
 */
export function writes(statement: ts.Statement): boolean {
  for (const node of statementNodes(statement)) {
    if (!ts.isCallExpression(node)) continue
    const name = nameOf(node.expression)
    if (name && WRITE.test(name) && !NOT_WRITE.test(name)) return true
    if (writesStore(node) || sendsWrite(node)) return true
  }
  return false
}

/** What a key-value store or queue changes data with: `kv.set`, `redis.incr`, `queue.add`, `list.push`. */
const STORE_WRITE = new RegExp(
  `^(?:${[
    'set|add|push|append|incr|incrBy|decr|decrBy|del|expire|unlink|rename|enqueue|publish',
    'hset|hdel|hincrBy|sadd|srem|zadd|zrem|lpush|rpush',
  ].join('|')})$`,
  'i',
)
/** Globals whose methods of those names change no stored data. */
const PURE_GLOBALS = new Set(['console', 'Math', 'JSON', 'Object', 'Array', 'Reflect', 'Promise', 'URL', 'Date'])

/**
 * `kv.set(key, value)` on a client the handler did not make itself (imported or module-level): a local
 * `headers.set(...)` or `parts.push(...)` changes nothing stored.
 */
function writesStore(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression)
  if (!ts.isPropertyAccessExpression(callee) || !STORE_WRITE.test(callee.name.text)) return false
  let root: ts.Expression = unwrap(callee.expression)
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root) || ts.isElementAccessExpression(root))
    root = unwrap(root.expression)
  return ts.isIdentifier(root) && !PURE_GLOBALS.has(root.text) && !declaredAround(call, root.text)
}

/** `fetch(url, { method: 'POST' })`: a request that changes something elsewhere. */
function sendsWrite(call: ts.CallExpression): boolean {
  const options = call.arguments[1] && unwrap(call.arguments[1])
  if (nameOf(call.expression) !== 'fetch' || !options || !ts.isObjectLiteralExpression(options)) return false
  const method = findProperty(options, 'method')
  const value = method && propertyValue(method)
  return !!value && ts.isStringLiteralLike(value) && !/^(?:GET|HEAD|OPTIONS)$/i.test(value.text)
}

/** `if (session) { ... return data }` followed only by refusals: anonymous callers get nothing. */
function onlyNothingAfter(statement: ts.IfStatement): boolean {
  const then = statement.thenStatement
  const returnsInside = ts.isReturnStatement(then) || (ts.isBlock(then) && then.statements.some(ts.isReturnStatement))
  if (!returnsInside) return false
  const parent = statement.parent
  if (!ts.isBlock(parent) || !isFunctionNode(parent.parent)) return false
  const after = parent.statements.slice(parent.statements.indexOf(statement) + 1)
  const elseBranch = statement.elseStatement ? [statement.elseStatement] : []
  const refusal = (inner: ts.Statement) =>
    ts.isThrowStatement(inner) || (ts.isReturnStatement(inner) && refuses(inner.expression))
  return [...elseBranch, ...after].every(
    (next) => refusal(next) || (ts.isBlock(next) && next.statements.every(refusal)),
  )
}
