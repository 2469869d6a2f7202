import ts from '../../lib/typescript.js'
import { KitError } from '../core/errors.js'
import { parseSource } from '../project/ast.js'
import { PUBLIC_ONLY_GUARD } from '../routes/guards.js'
import type { CodeStyle } from '../project/types.js'
import { applyEdits, indentAt, type TextEdit } from './edits.js'
import { addNamedImports } from './imports.js'
import { eolOf, lineEndAfter, lineStart, skipTrivia, startsLine } from './trivia.js'

/**
 * `protect` / `unprotect` for one route file: attach a kit-auth guard to the options of its
 * `createFileRoute('/x')({...})` call, or take it off again, as minimal text edits (every byte
 * outside the options object and the import lines stays as it was).
 *
 * What protect writes, and unprotect recognises by its exact shape (no marker comments):
 *
 *   beforeLoad: requireAuth                                   (no beforeLoad before)
 *   beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (<theirs>)(ctx)) ?? {}) })
 *     (called as `(<theirs>)()` when it is a function of no parameters: TypeScript refuses extra arguments)
 *   async beforeLoad(ctx) { return { ...(await requireAuth(ctx)), ...((await (<their method as a function>)(ctx)) ?? {}) } }
 *
 * The guard runs first; the user's code runs next with the same arguments (its parameters are
 * still typed: TypeScript types an immediately called function from its arguments) and both
 * returned contexts are merged (`?? {}` lets a function that returns nothing through).
 */

/** Properties TanStack's type inference wants before `beforeLoad` (the router's ESLint property order). */
const BEFORE_GUARD = new Set(['params', 'validateSearch', 'search', 'loaderDeps', 'ssr', 'context'])

/** The kit-auth guard that keeps signed-in users off sign-in pages: never composed with a require guard. */

export interface GuardModuleOptions {
  /** Import specifier for a new import of the guards module, e.g. `#/lib/auth/guards`. */
  from: string
  /** True when an import specifier (alias, relative, with extension) points at the guards module. */
  isGuardsModule?: (specifier: string) => boolean
  /** Every guard the guards module exports (`requireAuth`, `requireAdminAuth`...): how kit-auth guards are told from user code. */
  kitGuards: readonly string[]
  style: CodeStyle
}

export interface ProtectOptions extends GuardModuleOptions {
  /** The export to attach, e.g. `requireAuth`. */
  guard: string
  /** Replace another kit-auth guard already on the route. */
  force?: boolean
  /** The route's `.lazy.tsx` half has the component (so `server` alone does not make it server-only). */
  lazyComponent?: boolean
}

export type ProtectStatus = 'added' | 'composed' | 'replaced' | 'already'

export interface ProtectResult {
  text: string
  status: ProtectStatus
  /** The kit-auth guard that was replaced (`replaced`). */
  previous?: string
  /** Things the user should know (e.g. server handlers a guard does not cover). */
  notes: string[]
}

export type UnprotectStatus = 'removed' | 'restored' | 'none'

export interface UnprotectResult {
  text: string
  status: UnprotectStatus
  /** The guard that was taken off. */
  guard?: string
  /** Why nothing was done (`none`). */
  reason?: string
}

interface RouteCall {
  call: ts.CallExpression
  /** `createFileRoute('/x')`, the callee of `call`. */
  inner: ts.CallExpression
  constructor: string
}

type BeforeLoadMember = ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration

/** What protect composed earlier: the guard call and the user's code it wraps. */
interface Composed {
  /** The guard identifier in `await G(ctx)`. */
  guard: ts.Identifier
  /** The user's original `beforeLoad` text, exactly as it was before protect. */
  original: string
  /** The span protect replaced (the property value, or the whole method). */
  start: number
  end: number
}

// ---------------------------------------------------------------------------------------------
// protect

/**
 * Attaches `options.guard` to the route in `text` (the file `fileName`). Throws a KitError (naming
 * the file) for what it must not or cannot do: no `createFileRoute` call, a lazy or root route,
 * a server-only route, options it cannot see (spread or built elsewhere), another kit-auth guard
 * without `force`, a sign-in page, a clashing `requireAuth` binding.
 *
 * @example protectRoute(text, 'src/routes/dashboard.tsx', { guard: 'requireAuth', from: '#/lib/auth/guards', kitGuards: ['requireAuth'], style })
 */
export function protectRoute(text: string, fileName: string, options: ProtectOptions): ProtectResult {
  const sourceFile = parseSource(text, fileName)
  const fail = (what: string, hint: string) => new KitError(`${fileName}: ${what}`, hint)
  const routeCall = findRouteCall(sourceFile, fileName)
  const target = optionsObject(sourceFile, routeCall, fileName)
  const notes: string[] = []
  const object = target.object
  if (object) checkServerOnly(object, fileName, options.lazyComponent ?? false, notes)

  const bindings = guardBindings(sourceFile, options)
  const local = guardLocalName(sourceFile, options.guard, bindings, fileName)
  const edits: TextEdit[] = []
  const eol = eolOf(text)
  const addImport = () => {
    if (bindings.has(local)) return
    for (const edit of addNamedImports(
      sourceFile,
      { from: guardsSpecifier(sourceFile, options), names: [local] },
      options.style,
    )) {
      edits.push({ ...edit, text: edit.text.replace(/\r?\n/g, eol) })
    }
  }
  const done = (status: ProtectStatus, previous?: string): ProtectResult => {
    let result = applyEdits(text, edits)
    if (previous) result = dropUnusedImport(result, fileName, previous, options)
    return { text: result, status, ...(previous ? { previous: bindings.get(previous) ?? previous } : {}), notes }
  }

  if (!object) {
    // createFileRoute('/x')()
    edits.push({ start: target.call.arguments.pos, end: target.call.arguments.end, text: `{ beforeLoad: ${local} }` })
    addImport()
    return done('added')
  }
  // a spread after (or without) an explicit beforeLoad may bring its own and win over the guard
  const explicit = findBeforeLoad(object)
  const spread = object.properties.find(
    (element, index) => ts.isSpreadAssignment(element) && (!explicit || index > object.properties.indexOf(explicit)),
  )
  if (spread) {
    throw fail(
      `the route options spread \`${spread.getText(sourceFile)}\`, which may set its own beforeLoad, so kit-auth cannot tell what a guard would override.`,
      `Add \`beforeLoad: ${options.guard}\` (imported from ${options.from}) by hand, after the spread.`,
    )
  }

  const member = explicit
  if (!member) {
    edits.push(...insertProperty(text, sourceFile, object, `beforeLoad: ${local}`, options.style.indent))
    addImport()
    return done('added')
  }

  // an existing beforeLoad: ours already, another kit-auth guard, or the user's code to compose with
  const existing = existingGuard(sourceFile, member, bindings)
  if (existing) {
    const exported = bindings.get(existing.identifier.text) ?? existing.identifier.text
    if (exported === options.guard) return { text, status: 'already', notes }
    if (exported === PUBLIC_ONLY_GUARD) {
      throw fail(
        `this route uses ${PUBLIC_ONLY_GUARD}: it is a sign-in or sign-up page, and requiring a session there would lock everyone out.`,
        'Protect the pages behind sign-in instead; `kit-auth routes` shows every route with its guard.',
      )
    }
    if (!options.force) {
      throw fail(
        `the route is already guarded by ${exported}; kit-auth will not swap it for ${options.guard} silently.`,
        `Pass --force to replace ${exported} with ${options.guard}, or leave it as it is.`,
      )
    }
    edits.push({ start: existing.identifier.getStart(sourceFile), end: existing.identifier.end, text: local })
    addImport()
    return done('replaced', existing.identifier.text)
  }

  edits.push(...composeEdits(text, sourceFile, member, local))
  addImport()
  return done('composed')
}

/** The guard already on a route: `beforeLoad: requireAuth`, or the guard inside a composition protect made. */
function existingGuard(
  sourceFile: ts.SourceFile,
  member: BeforeLoadMember,
  bindings: Map<string, string>,
): { identifier: ts.Identifier } | null {
  if (ts.isPropertyAssignment(member) && ts.isIdentifier(member.initializer) && bindings.has(member.initializer.text)) {
    return { identifier: member.initializer }
  }
  const composed = matchComposed(sourceFile, member)
  return composed && bindings.has(composed.guard.text) ? { identifier: composed.guard } : null
}

/** Edits that wrap the user's beforeLoad so the guard runs first and both contexts merge. */
function composeEdits(text: string, sourceFile: ts.SourceFile, member: BeforeLoadMember, guard: string): TextEdit[] {
  if (ts.isPropertyAssignment(member)) {
    const value = member.initializer
    const param = wrapperParam(value, guard)
    const start = value.getStart(sourceFile)
    const args = takesNoArguments(sourceFile, value) ? '' : param
    return [
      { start, end: start, text: `async (${param}) => ({ ...(await ${guard}(${param})), ...((await (` },
      { start: value.end, end: value.end, text: `)(${args})) ?? {}) })` },
    ]
  }
  if (ts.isShorthandPropertyAssignment(member)) {
    const name = member.name.text
    const param = wrapperParam(member.name, guard)
    const args = takesNoArguments(sourceFile, member.name) ? '' : param
    return [
      {
        start: member.getStart(sourceFile),
        end: member.end,
        text: `beforeLoad: async (${param}) => ({ ...(await ${guard}(${param})), ...((await (${name})(${args})) ?? {}) })`,
      },
    ]
  }
  // a method: keep it a method; its text becomes a function expression called with the same arguments
  if (member.asteriskToken) {
    throw new KitError(
      `${sourceFile.fileName}: beforeLoad is a generator method, which kit-auth cannot compose with.`,
      'Make beforeLoad a plain or async function, then run protect again.',
    )
  }
  const start = member.getStart(sourceFile)
  const modifiers = text.slice(start, member.name.getStart(sourceFile))
  const rest = text.slice(member.name.end, member.end)
  const param = wrapperParam(member, guard)
  const name = member.name.getText(sourceFile)
  const args = member.parameters.length === 0 ? '' : param
  return [
    {
      start,
      end: member.end,
      text: `async ${name}(${param}) { return { ...(await ${guard}(${param})), ...((await (${modifiers}function ${rest})(${args})) ?? {}) } }`,
    },
  ]
}

/**
 * True when the user's beforeLoad is a function of no parameters (inline, or declared in the file):
 * TypeScript refuses a call with more arguments than such a function takes, so it is called with none.
 * A function imported from elsewhere is assumed to take the route context.
 */
function takesNoArguments(sourceFile: ts.SourceFile, expression: ts.Expression): boolean {
  const value = unwrap(expression)
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value.parameters.length === 0
  if (!ts.isIdentifier(value)) return false
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === value.text)
      return statement.parameters.length === 0
  }
  const declared = topLevelInitializer(sourceFile, value.text)
  const fn = declared && unwrap(declared)
  return fn !== undefined && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters.length === 0
}

/** A parameter name for the wrapper that the wrapped code does not mention. */
function wrapperParam(node: ts.Node, guard: string): string {
  const used = new Set<string>([guard])
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child)) used.add(child.text)
    ts.forEachChild(child, visit)
  }
  visit(node)
  for (const candidate of ['ctx', 'routeCtx', 'guardCtx']) if (!used.has(candidate)) return candidate
  let index = 2
  while (used.has(`ctx${index}`)) index++
  return `ctx${index}`
}

/**
 * A property for the options object, as edits: on its own line after the properties TanStack
 * wants first (or as the first line) in a multi-line object, inline in a one-line object.
 */
function insertProperty(
  text: string,
  sourceFile: ts.SourceFile,
  object: ts.ObjectLiteralExpression,
  property: string,
  indentUnit: string,
): TextEdit[] {
  const properties = object.properties
  const open = object.getStart(sourceFile) + 1
  const close = object.end - 1
  const first = properties[0]
  const eol = eolOf(text)
  if (!first) {
    const inner = text.slice(open, close)
    if (inner.trim() === '') return [{ start: open, end: close, text: ` ${property} ` }]
    // only comments inside: keep them, the property goes first
    const end = lineEndAfter(text, open)
    if (end !== -1 && end < close)
      return [{ start: end + 1, end: end + 1, text: `${indentAt(text, open)}${indentUnit}${property},${eol}` }]
    return [{ start: open, end: open, text: ` ${property}` }]
  }
  let anchorIndex = -1
  properties.forEach((element, index) => {
    const name = element.name && propertyKey(element.name)
    if (name && BEFORE_GUARD.has(name)) anchorIndex = index
  })
  const anchor = anchorIndex >= 0 ? properties[anchorIndex] : undefined
  const multiline = text.slice(open, first.getStart(sourceFile)).includes('\n')

  if (multiline) {
    const indent = indentAt(text, first.getStart(sourceFile))
    if (!anchor) {
      const end = lineEndAfter(text, open)
      if (end !== -1) return [{ start: end + 1, end: end + 1, text: `${indent}${property},${eol}` }]
    } else {
      const comma = commaAfter(text, anchor)
      if (comma !== -1) {
        const end = lineEndAfter(text, comma + 1)
        if (end !== -1) return [{ start: end + 1, end: end + 1, text: `${indent}${property},${eol}` }]
      } else {
        const end = lineEndAfter(text, anchor.end)
        if (end !== -1) {
          return [
            { start: anchor.end, end: anchor.end, text: ',' },
            { start: end + 1, end: end + 1, text: `${indent}${property}${eol}` },
          ]
        }
      }
    }
  }
  if (!anchor) {
    const start = first.getStart(sourceFile)
    return [{ start, end: start, text: `${property}, ` }]
  }
  const comma = commaAfter(text, anchor)
  if (comma !== -1) return [{ start: comma + 1, end: comma + 1, text: ` ${property},` }]
  return [{ start: anchor.end, end: anchor.end, text: `, ${property}` }]
}

/** Position of the comma that follows an object member (across comments), or -1. */
function commaAfter(text: string, node: ts.Node): number {
  const next = skipTrivia(text, node.end)
  return text[next] === ',' ? next : -1
}

/** Refuses a route that only serves HTTP handlers: beforeLoad never runs for them. */
function checkServerOnly(
  object: ts.ObjectLiteralExpression,
  fileName: string,
  lazyComponent: boolean,
  notes: string[],
): void {
  const keys = new Set(object.properties.map((element) => (element.name ? propertyKey(element.name) : undefined)))
  if (!keys.has('server')) return
  if (keys.has('component') || lazyComponent) {
    notes.push(
      `${fileName} also has server handlers: beforeLoad guards page navigation only, so check the session inside each handler too.`,
    )
    return
  }
  throw new KitError(
    `${fileName} is a server-only route (server.handlers, no component): beforeLoad never runs for HTTP handlers, so a guard would protect nothing.`,
    'Check the session inside each handler instead (e.g. `const session = await auth.api.getSession({ headers: request.headers })`, 401 when null).',
  )
}

// ---------------------------------------------------------------------------------------------
// unprotect

/**
 * Takes a kit-auth guard off the route in `text`: removes `beforeLoad: <guard>`, or restores the
 * user's own beforeLoad exactly as it was before protect composed it, and drops the guard import
 * when nothing else uses it. A beforeLoad kit-auth did not write is left alone (`none`).
 *
 * @example unprotectRoute(protectRoute(text, file, options).text, file, options).text === text
 */
export function unprotectRoute(text: string, fileName: string, options: GuardModuleOptions): UnprotectResult {
  const sourceFile = parseSource(text, fileName)
  const routeCall = findRouteCall(sourceFile, fileName)
  const { object } = optionsObject(sourceFile, routeCall, fileName)
  const member = object ? findBeforeLoad(object) : undefined
  if (!object || !member) return { text, status: 'none', reason: 'the route has no beforeLoad' }
  const bindings = guardBindings(sourceFile, options)

  const composed = matchComposed(sourceFile, member)
  if (composed && bindings.has(composed.guard.text)) {
    const restored = applyEdits(text, [{ start: composed.start, end: composed.end, text: composed.original }])
    return {
      text: dropUnusedImport(restored, fileName, composed.guard.text, options),
      status: 'restored',
      guard: bindings.get(composed.guard.text),
    }
  }
  if (ts.isPropertyAssignment(member) && ts.isIdentifier(member.initializer) && bindings.has(member.initializer.text)) {
    const guard = member.initializer.text
    if (bindings.get(guard) === PUBLIC_ONLY_GUARD)
      return {
        text,
        status: 'none',
        reason: `its beforeLoad is ${PUBLIC_ONLY_GUARD} (a sign-in page), not a require guard`,
      }
    const removed = applyEdits(text, removeProperty(text, sourceFile, object, member))
    return { text: dropUnusedImport(removed, fileName, guard, options), status: 'removed', guard: bindings.get(guard) }
  }
  return { text, status: 'none', reason: 'its beforeLoad is not a kit-auth guard' }
}

/** Edits that delete an object member the way `insertProperty` added it (its line, or its inline span). */
function removeProperty(
  text: string,
  sourceFile: ts.SourceFile,
  object: ts.ObjectLiteralExpression,
  member: ts.ObjectLiteralElementLike,
): TextEdit[] {
  const properties = object.properties
  const index = properties.indexOf(member)
  const start = member.getStart(sourceFile)
  const comma = commaAfter(text, member)
  const afterMember = comma === -1 ? member.end : comma + 1
  const previous = properties[index - 1]
  const next = properties[index + 1]
  const end = /^[ \t]*\r?\n/.exec(text.slice(afterMember)) ? text.indexOf('\n', afterMember) : -1
  if (startsLine(text, start) && end !== -1) {
    const edits: TextEdit[] = [{ start: lineStart(text, start), end: end + 1, text: '' }]
    if (!next && comma === -1 && previous) {
      const previousComma = commaAfter(text, previous)
      if (previousComma !== -1) edits.push({ start: previousComma, end: previousComma + 1, text: '' })
    }
    return edits
  }
  if (next) {
    // `beforeLoad: x, ` up to what follows (comments included) on the line
    let end = afterMember
    while (text[end] === ' ' || text[end] === '\t') end++
    return [{ start, end, text: '' }]
  }
  if (previous) {
    const previousComma = commaAfter(text, previous)
    return comma !== -1 && previousComma !== -1
      ? [{ start: previousComma + 1, end: comma + 1, text: '' }]
      : [{ start: previous.end, end: member.end, text: '' }]
  }
  const open = object.getStart(sourceFile) + 1
  const close = object.end - 1
  const others = text.slice(open, start) + text.slice(afterMember, close)
  if (others.trim() === '') return [{ start: open, end: close, text: '' }]
  // comments share the braces: take the member and the space before it
  return [{ start: text[start - 1] === ' ' ? start - 1 : start, end: afterMember, text: '' }]
}

// ---------------------------------------------------------------------------------------------
// shapes

/** Recognises what `composeEdits` wrote, and what the user's beforeLoad was before it. */
function matchComposed(sourceFile: ts.SourceFile, member: BeforeLoadMember): Composed | null {
  if (ts.isPropertyAssignment(member)) {
    const value = member.initializer
    if (!ts.isArrowFunction(value) || !isAsyncOnly(value) || value.typeParameters || value.type) return null
    const param = singleParam(value.parameters)
    if (!param || !ts.isParenthesizedExpression(value.body) || !ts.isObjectLiteralExpression(value.body.expression))
      return null
    const parts = matchMerge(value.body.expression, param)
    if (!parts) return null
    const start = value.getStart(sourceFile)
    const inner = parts.wrapped
    // `beforeLoad` shorthand was composed as `(beforeLoad)(ctx)`: give the shorthand back
    if (ts.isIdentifier(inner) && inner.text === 'beforeLoad' && propertyKey(member.name) === 'beforeLoad') {
      return { guard: parts.guard, original: 'beforeLoad', start: member.getStart(sourceFile), end: member.end }
    }
    return { guard: parts.guard, original: inner.getText(sourceFile), start, end: value.end }
  }
  if (ts.isMethodDeclaration(member)) {
    if (!isAsyncOnly(member) || member.typeParameters || member.type || member.questionToken || !member.body)
      return null
    const param = singleParam(member.parameters)
    const [statement, ...others] = member.body.statements
    if (!param || others.length > 0 || !statement || !ts.isReturnStatement(statement) || !statement.expression)
      return null
    if (!ts.isObjectLiteralExpression(statement.expression)) return null
    const parts = matchMerge(statement.expression, param)
    const fn = parts?.wrapped
    if (!parts || !fn || !ts.isFunctionExpression(fn) || fn.name) return null
    const keyword = fn.getChildren(sourceFile).find((child) => child.kind === ts.SyntaxKind.FunctionKeyword)
    const text = sourceFile.text
    if (!keyword || text.slice(keyword.end, keyword.end + 1) !== ' ') return null
    const modifiers = text.slice(fn.getStart(sourceFile), keyword.getStart(sourceFile))
    const original = `${modifiers}${member.name.getText(sourceFile)}${text.slice(keyword.end + 1, fn.end)}`
    return { guard: parts.guard, original, start: member.getStart(sourceFile), end: member.end }
  }
  return null
}

/** `{ ...(await G(p)), ...((await (F)(p)) ?? {}) }` -> G and F. */
function matchMerge(
  object: ts.ObjectLiteralExpression,
  param: string,
): { guard: ts.Identifier; wrapped: ts.Expression } | null {
  const [first, second, ...more] = object.properties
  if (more.length > 0 || !first || !second || !ts.isSpreadAssignment(first) || !ts.isSpreadAssignment(second))
    return null
  const guardCall = awaitedCall(first.expression, param)
  if (!guardCall || guardCall.arguments.length !== 1 || !ts.isIdentifier(guardCall.expression)) return null
  const merged = second.expression
  if (!ts.isParenthesizedExpression(merged) || !ts.isBinaryExpression(merged.expression)) return null
  const binary = merged.expression
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
  if (
    !param ||
    more.length > 0 ||
    param.type ||
    param.initializer ||
    param.dotDotDotToken ||
    param.questionToken ||
    !ts.isIdentifier(param.name)
  )
    return null
  return param.name.text
}

// ---------------------------------------------------------------------------------------------
// finding the route options

const ROUTE_CONSTRUCTORS = new Set(['createFileRoute', 'createLazyFileRoute'])

/** Local names of TanStack's route constructors (`import { createFileRoute as route }`). */
function routeConstructorNames(sourceFile: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>(
    [...ROUTE_CONSTRUCTORS, 'createServerFileRoute', 'createRootRoute', 'createRootRouteWithContext'].map((name) => [
      name,
      name,
    ]),
  )
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

/** The `createFileRoute('/x')(...)` call of the file (the one exported as `Route` first). */
function findRouteCall(sourceFile: ts.SourceFile, fileName: string): RouteCall {
  const names = routeConstructorNames(sourceFile)
  const found: Array<RouteCall & { exported: boolean }> = []
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isCallExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression)
    ) {
      const constructor = names.get(node.expression.expression.text)
      if (constructor) {
        let owner: ts.Node = node.parent
        while (ts.isParenthesizedExpression(owner) || ts.isAsExpression(owner) || ts.isSatisfiesExpression(owner))
          owner = owner.parent
        const exported = ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name) && owner.name.text === 'Route'
        found.push({ call: node, inner: node.expression, constructor, exported })
      }
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      names.get(node.expression.text)?.startsWith('createRootRoute')
    ) {
      throw new KitError(
        `${fileName} is the root route: guarding it would guard the sign-in page too, and nobody could sign in.`,
        'Protect the pages (or a pathless layout such as _authenticated) instead.',
      )
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  const call = found.find((candidate) => candidate.exported) ?? found[0]
  if (!call) {
    throw new KitError(
      `${fileName}: no createFileRoute('<id>')({...}) call found, so kit-auth cannot attach a guard.`,
      'Is it a route file? Route files export `const Route = createFileRoute(...)({...})`.',
    )
  }
  if (call.constructor === 'createLazyFileRoute') {
    throw new KitError(
      `${fileName} is a lazy route file: createLazyFileRoute cannot take beforeLoad.`,
      'Protect the route by its path: kit-auth patches (or creates) the non-lazy route file next to it.',
    )
  }
  if (call.constructor === 'createServerFileRoute') {
    throw new KitError(
      `${fileName} is a server-only route (createServerFileRoute): beforeLoad never runs for HTTP handlers.`,
      'Check the session inside each handler instead (auth.api.getSession({ headers: request.headers }), 401 when null).',
    )
  }
  return call
}

/** Strips parentheses, `as` and `satisfies`. */
function unwrap(expression: ts.Expression): ts.Expression {
  let node = expression
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    node = node.expression
  return node
}

/** The options object literal the route call receives (inline, or through a `const` of the file); null when it gets none. */
function optionsObject(
  sourceFile: ts.SourceFile,
  routeCall: RouteCall,
  fileName: string,
): { call: ts.CallExpression; object: ts.ObjectLiteralExpression | null } {
  const [argument] = routeCall.call.arguments
  if (!argument) return { call: routeCall.call, object: null }
  let value = unwrap(argument)
  if (ts.isIdentifier(value)) {
    const declared = topLevelInitializer(sourceFile, value.text)
    if (declared) value = unwrap(declared)
  }
  if (ts.isObjectLiteralExpression(value)) return { call: routeCall.call, object: value }
  throw new KitError(
    `${fileName}: the route options are \`${argument.getText(sourceFile).slice(0, 60)}\`, not an object kit-auth can see in this file.`,
    'Pass an object literal to the route (or a const declared in the same file), or add beforeLoad by hand.',
  )
}

function topLevelInitializer(sourceFile: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer)
        return declaration.initializer
    }
  }
  return undefined
}

function findBeforeLoad(object: ts.ObjectLiteralExpression): BeforeLoadMember | undefined {
  for (const element of object.properties) {
    if (!element.name || propertyKey(element.name) !== 'beforeLoad') continue
    if (
      ts.isPropertyAssignment(element) ||
      ts.isShorthandPropertyAssignment(element) ||
      ts.isMethodDeclaration(element)
    )
      return element
    throw new KitError(
      `${object.getSourceFile().fileName}: beforeLoad is an accessor, which kit-auth cannot compose with.`,
      'Make beforeLoad a plain property or method, then run protect again.',
    )
  }
  return undefined
}

function propertyKey(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)
    ? name.text
    : undefined
}

// ---------------------------------------------------------------------------------------------
// imports of the guards module

function defaultIsGuardsModule(from: string): (specifier: string) => boolean {
  const strip = (value: string) => value.replace(/\.[cm]?[jt]sx?$/, '')
  return (specifier) => strip(specifier) === strip(from)
}

/** Local name -> exported guard name, for every value import of a kit guard from the guards module. */
function guardBindings(sourceFile: ts.SourceFile, options: GuardModuleOptions): Map<string, string> {
  const isGuardsModule = options.isGuardsModule ?? defaultIsGuardsModule(options.from)
  const known = new Set([...options.kitGuards, PUBLIC_ONLY_GUARD])
  const bindings = new Map<string, string>()
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !isGuardsModule(statement.moduleSpecifier.text)
    )
      continue
    const clause = statement.importClause
    if (!clause || clause.isTypeOnly || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue
    for (const element of clause.namedBindings.elements) {
      const imported = (element.propertyName ?? element.name).text
      if (!element.isTypeOnly && known.has(imported)) bindings.set(element.name.text, imported)
    }
  }
  return bindings
}

/** The specifier a new guard import should use: the file's existing import of the guards module, else `from`. */
function guardsSpecifier(sourceFile: ts.SourceFile, options: GuardModuleOptions): string {
  const isGuardsModule = options.isGuardsModule ?? defaultIsGuardsModule(options.from)
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !isGuardsModule(statement.moduleSpecifier.text)
    )
      continue
    const clause = statement.importClause
    if (clause && !clause.isTypeOnly && clause.namedBindings && ts.isNamedImports(clause.namedBindings))
      return statement.moduleSpecifier.text
  }
  return options.from
}

/** The name the guard goes by in this file: its existing (maybe renamed) import, else its own name if free. */
function guardLocalName(
  sourceFile: ts.SourceFile,
  guard: string,
  bindings: Map<string, string>,
  fileName: string,
): string {
  for (const [local, exported] of bindings) if (exported === guard) return local
  const clash = topLevelNames(sourceFile).get(guard)
  if (clash) {
    throw new KitError(
      `${fileName} already has its own \`${guard}\` (${clash}), so importing kit-auth's would clash.`,
      `Rename yours, or import kit-auth's under another name (import { ${guard} as ... }) and run protect again.`,
    )
  }
  return guard
}

/** Names bound at the top of the file, with where they come from. */
function topLevelNames(sourceFile: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>()
  const bind = (name: ts.BindingName, what: string) => {
    if (ts.isIdentifier(name)) names.set(name.text, what)
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name, what)
  }
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const from = ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : 'a module'
      const clause = statement.importClause
      if (clause?.name) names.set(clause.name.text, `imported from ${from}`)
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) names.set(bindings.name.text, `imported from ${from}`)
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) names.set(element.name.text, `imported from ${from}`)
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.set(statement.name.text, 'declared in the file')
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name, 'declared in the file')
    }
  }
  return names
}

/** Removes the import of `local` when the file no longer mentions it (the whole line when it was alone). */
function dropUnusedImport(text: string, fileName: string, local: string, options: GuardModuleOptions): string {
  const sourceFile = parseSource(text, fileName)
  const isGuardsModule = options.isGuardsModule ?? defaultIsGuardsModule(options.from)
  let specifier: ts.ImportSpecifier | undefined
  let declaration: ts.ImportDeclaration | undefined
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !isGuardsModule(statement.moduleSpecifier.text)
    )
      continue
    const bindings = statement.importClause?.namedBindings
    const found =
      bindings && ts.isNamedImports(bindings)
        ? bindings.elements.find((element) => element.name.text === local)
        : undefined
    if (found) {
      specifier = found
      declaration = statement
      break
    }
  }
  if (!specifier || !declaration || isReferenced(sourceFile, local, specifier)) return text

  const clause = declaration.importClause
  const elements = (clause?.namedBindings as ts.NamedImports).elements
  if (elements.length === 1 && !clause?.name) {
    const start = declaration.getStart(sourceFile)
    const from = lineStart(text, start)
    const newline = text.indexOf('\n', declaration.end)
    const restOfLine = newline === -1 ? text.slice(declaration.end) : text.slice(declaration.end, newline)
    if (/^[ \t;]*\r?$/.test(restOfLine) && /^[ \t]*$/.test(text.slice(from, start))) {
      // the last line of the file: take the line break before it instead
      if (newline === -1) return text.slice(0, Math.max(0, from - 1)).replace(/\r$/, '')
      let end = newline + 1
      // a file's first import was written with a blank line after it
      const onlyImport = sourceFile.statements.filter(ts.isImportDeclaration).length === 1
      const first = sourceFile.statements.find(
        (statement) => !(ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)),
      )
      if (onlyImport && first === declaration && /^\r?\n/.test(text.slice(end))) end = text.indexOf('\n', end) + 1
      return text.slice(0, from) + text.slice(end)
    }
    return applyEdits(text, [{ start, end: declaration.end, text: '' }])
  }
  const index = elements.indexOf(specifier)
  const next = elements[index + 1]
  const previous = elements[index - 1]
  if (next)
    return applyEdits(text, [{ start: specifier.getStart(sourceFile), end: next.getStart(sourceFile), text: '' }])
  if (previous) return applyEdits(text, [{ start: previous.end, end: specifier.end, text: '' }])
  return text
}

/** True when `name` is used anywhere but its own import specifier (property names do not count). */
function isReferenced(sourceFile: ts.SourceFile, name: string, own: ts.ImportSpecifier): boolean {
  let found = false
  const visit = (node: ts.Node): void => {
    if (found || node === own) return
    if (ts.isIdentifier(node) && node.text === name) {
      const parent = node.parent
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isMethodDeclaration(parent) && parent.name === node) ||
        (ts.isPropertySignature(parent) && parent.name === node)
      if (!isPropertyName) found = true
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return found
}
