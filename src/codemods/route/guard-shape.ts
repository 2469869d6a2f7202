import ts from '../../../lib/typescript.js'
import { walk } from '../js/parse.js'
import { propertyName } from '../js/objects.js'

/**
 * The one definition of what protect writes into a route's options, and how it is read back
 * (protect, unprotect and `kit-auth routes` all go through here; no marker comments):
 *
 *   beforeLoad: requireAuth                                   (no beforeLoad before)
 *   beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (<theirs>)(ctx)) ?? {}) })
 *   async beforeLoad(ctx) { return { ...(await requireAuth(ctx)), ...((await (<their method>)(ctx)) ?? {}) } }
 *     (their method rewritten as a function expression)
 *
 * The guard runs first; the user's code runs next with the same arguments (or none, see
 * compose-guard.ts) and both returned contexts are merged (`?? {}` lets a function that returns
 * nothing through).
 */

/** The kit-auth guard that keeps signed-in users off sign-in pages: never composed with a require guard. */
export const PUBLIC_ONLY_GUARD = 'redirectIfAuthenticated'

/** The forms a route's `beforeLoad` can take that protect can compose with. */
export type BeforeLoadMember = ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration

/** `beforeLoad: requireAuth`: the property protect adds when the route has no beforeLoad. */
export function guardProperty(guard: string): string {
  return `beforeLoad: ${guard}`
}

/** The object both compositions return: the guard's context, then the wrapped code's. */
function merged(guard: string, param: string, wrapped: string, args: string): string {
  return `{ ...(await ${guard}(${param})), ...((await (${wrapped})(${args})) ?? {}) }`
}

/**
 * The arrow that runs `guard`, then the user's `wrapped` code called with `args`.
 *
 * @example composedArrow('requireAuth', 'ctx', 'load', 'ctx') // async (ctx) => ({ ...(await requireAuth(ctx)), ... })
 */
export function composedArrow(guard: string, param: string, wrapped: string, args: string): string {
  return `async (${param}) => (${merged(guard, param, wrapped, args)})`
}

/**
 * The method form, for a `beforeLoad` that was a method (`fn` is it rewritten as a function expression).
 *
 * @example composedMethod('beforeLoad', 'requireAuth', 'ctx', 'function () {}', '')
 */
export function composedMethod(name: string, guard: string, param: string, fn: string, args: string): string {
  return `async ${name}(${param}) { return ${merged(guard, param, fn, args)} }`
}

/** A beforeLoad in protect's shape: the guard identifier and, for a composition, what the user had before. */
export interface GuardShape {
  guard: ts.Identifier
  /** The user's original beforeLoad text and the span protect replaced (the property value, or the member). */
  composed?: { original: string; start: number; end: number }
}

/**
 * Reads a `beforeLoad` member back as protect writes it: `beforeLoad: X` (any identifier: the
 * caller tells guards from user code) or one of the compositions; null for anything else.
 *
 * @example matchGuard(sourceFile, member)?.guard.text // 'requireAuth'
 */
export function matchGuard(sourceFile: ts.SourceFile, member: BeforeLoadMember): GuardShape | null {
  if (ts.isPropertyAssignment(member) && ts.isIdentifier(member.initializer)) return { guard: member.initializer }
  if (ts.isPropertyAssignment(member)) {
    const value = member.initializer
    if (!ts.isArrowFunction(value) || !isAsyncOnly(value) || value.typeParameters || value.type) return null
    const param = singleParam(value.parameters)
    if (!param || !ts.isParenthesizedExpression(value.body) || !ts.isObjectLiteralExpression(value.body.expression))
      return null
    const parts = matchMerged(value.body.expression, param)
    if (!parts) return null
    const inner = parts.wrapped
    // `beforeLoad` shorthand was composed as `(beforeLoad)(ctx)`: give the shorthand back
    if (ts.isIdentifier(inner) && inner.text === 'beforeLoad' && propertyName(member.name) === 'beforeLoad') {
      const span = { start: member.getStart(sourceFile), end: member.end }
      return { guard: parts.guard, composed: { original: 'beforeLoad', ...span } }
    }
    const span = { start: value.getStart(sourceFile), end: value.end }
    return { guard: parts.guard, composed: { original: inner.getText(sourceFile), ...span } }
  }
  if (!ts.isMethodDeclaration(member)) return null
  if (!isAsyncOnly(member) || member.typeParameters || member.type || member.questionToken || !member.body) return null
  const param = singleParam(member.parameters)
  const [statement, ...others] = member.body.statements
  if (!param || others.length > 0 || !statement || !ts.isReturnStatement(statement) || !statement.expression)
    return null
  if (!ts.isObjectLiteralExpression(statement.expression)) return null
  const parts = matchMerged(statement.expression, param)
  const fn = parts?.wrapped
  if (!parts || !fn || !ts.isFunctionExpression(fn) || fn.name) return null
  const keyword = fn.getChildren(sourceFile).find((child) => child.kind === ts.SyntaxKind.FunctionKeyword)
  const text = sourceFile.text
  if (!keyword || text.slice(keyword.end, keyword.end + 1) !== ' ') return null
  const modifiers = text.slice(fn.getStart(sourceFile), keyword.getStart(sourceFile))
  const original = `${modifiers}${member.name.getText(sourceFile)}${text.slice(keyword.end + 1, fn.end)}`
  return { guard: parts.guard, composed: { original, start: member.getStart(sourceFile), end: member.end } }
}

/**
 * The guard every `beforeLoad` of the file's object literals attaches in protect's shape (null
 * for the user's own code), in source order.
 *
 * @example beforeLoadGuards(parse(text, 'page.tsx')) // ['requireAuth']
 */
export function beforeLoadGuards(sourceFile: ts.SourceFile): Array<string | null> {
  const found: Array<string | null> = []
  for (const node of walk(sourceFile)) {
    if (!ts.isObjectLiteralExpression(node)) continue
    for (const member of node.properties) {
      if (ts.isSpreadAssignment(member) || !member.name || propertyName(member.name) !== 'beforeLoad') continue
      const shape = ts.isAccessor(member) ? null : matchGuard(sourceFile, member)
      found.push(shape ? shape.guard.text : null)
    }
  }
  return found
}

/** `{ ...(await G(p)), ...((await (F)(p)) ?? {}) }` -> G and F. */
function matchMerged(
  object: ts.ObjectLiteralExpression,
  param: string,
): { guard: ts.Identifier; wrapped: ts.Expression } | null {
  const [first, second, ...more] = object.properties
  if (more.length > 0 || !first || !second || !ts.isSpreadAssignment(first) || !ts.isSpreadAssignment(second))
    return null
  const guardCall = awaitedCall(first.expression, param)
  if (!guardCall || guardCall.arguments.length !== 1 || !ts.isIdentifier(guardCall.expression)) return null
  const spread = second.expression
  if (!ts.isParenthesizedExpression(spread) || !ts.isBinaryExpression(spread.expression)) return null
  const binary = spread.expression
  if (binary.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken) return null
  if (!ts.isObjectLiteralExpression(binary.right) || binary.right.properties.length > 0) return null
  const userCall = awaitedCall(binary.left, param)
  if (!userCall || !ts.isParenthesizedExpression(userCall.expression)) return null
  return { guard: guardCall.expression, wrapped: userCall.expression.expression }
}

/** `(await X(p))` or `(await X())` -> the call. */
function awaitedCall(expression: ts.Expression, param: string): ts.CallExpression | null {
  if (!ts.isParenthesizedExpression(expression) || !ts.isAwaitExpression(expression.expression)) return null
  const call = expression.expression.expression
  if (!ts.isCallExpression(call) || call.typeArguments || call.arguments.length > 1) return null
  const [argument] = call.arguments
  return !argument || (ts.isIdentifier(argument) && argument.text === param) ? call : null
}

function isAsyncOnly(node: ts.ArrowFunction | ts.MethodDeclaration): boolean {
  const modifiers = node.modifiers ?? []
  return modifiers.length === 1 && modifiers[0]?.kind === ts.SyntaxKind.AsyncKeyword
}

/** The name of a lone plain parameter (`(ctx)`), or null. */
function singleParam(parameters: ts.NodeArray<ts.ParameterDeclaration>): string | null {
  const [param, ...more] = parameters
  const plain = param && !param.type && !param.initializer && !param.dotDotDotToken && !param.questionToken
  return plain && more.length === 0 && ts.isIdentifier(param.name) ? param.name.text : null
}
