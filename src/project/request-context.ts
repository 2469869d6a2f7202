import ts from '../../lib/typescript.js'
import { constInitializer, declarationAround } from '../codemods/js/bindings.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { walk } from './ast.js'

/** An expression of one of the app's files that sets a request-context key. */
export interface ContextSource {
  file: string
  sourceFile: ts.SourceFile
  /** The value, or null when kit-auth cannot read it (a spread, a `let`, a parameter). */
  value: ts.Expression | null
}

/** The key under which `contextSources` lists a context it cannot read: it may set any key. */
export const ANY_KEY = '*'

/** Method names of a builder whose function argument runs on the server with the request context. */
const SERVER_CALLBACKS = new Set(['server', 'handler'])

/**
 * The request-context key an expression reads in a Start server callback (a middleware's `.server`, a server
 * function's `.handler`, a server route's `handlers`): `context.db` -> `db`, `opts.context.env` -> `env`, and through
 * a const that holds the context (`const context_ = context as ServerRequestContext`). Null for anything else: a
 * route's `beforeLoad` context is the router's, not the request's.
 *
 * @example contextKey(node) // 'db' for `context.db` in `.server(({ next, context }) => createAuth(context.db))`
 */
export function contextKey(node: ts.PropertyAccessExpression): string | null {
  return holdsContext(node.expression, 0) ? node.name.text : null
}

/**
 * `contextKey`, and a name destructured from the context in a server callback's parameter: `auth` in
 * `({ context: { auth } }) => auth.handler(request)` (or `{ context: { auth: instance } }`, `instance`) -> `auth`.
 */
export function contextKeyOf(expression: ts.Expression): string | null {
  const node = unwrap(expression)
  if (ts.isPropertyAccessExpression(node)) return contextKey(node)
  if (!ts.isIdentifier(node)) return null
  const declaration = declarationAround(node, node.text)
  if (!declaration || !ts.isParameter(declaration) || !isServerCallback(declaration.parent)) return null
  if (!ts.isObjectBindingPattern(declaration.name)) return null
  for (const element of declaration.name.elements) {
    const key = element.propertyName ?? element.name
    if (!ts.isIdentifier(key) || key.text !== 'context' || !ts.isObjectBindingPattern(element.name)) continue
    for (const inner of element.name.elements) {
      const property = inner.propertyName ?? inner.name
      if (ts.isIdentifier(inner.name) && inner.name.text === node.text && ts.isIdentifier(property))
        return property.text
    }
  }
  return null
}

function holdsContext(expression: ts.Expression, hops: number): boolean {
  const node = unwrap(expression)
  if (hops > 3) return false
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'context' && ts.isIdentifier(node.expression)) {
    const declaration = declarationAround(node.expression, node.expression.text)
    return (
      !!declaration &&
      ts.isParameter(declaration) &&
      ts.isIdentifier(declaration.name) &&
      isServerCallback(declaration.parent)
    )
  }
  if (!ts.isIdentifier(node)) return false
  const declaration = declarationAround(node, node.text)
  if (!declaration) return false
  if (ts.isVariableDeclaration(declaration)) {
    const value = constInitializer(declaration)
    return !!value && holdsContext(value, hops + 1)
  }
  if (!ts.isParameter(declaration) || !ts.isObjectBindingPattern(declaration.name)) return false
  const element = declaration.name.elements.find(
    (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === node.text,
  )
  const property = element && (element.propertyName ?? element.name)
  return !!property && ts.isIdentifier(property) && property.text === 'context' && isServerCallback(declaration.parent)
}

/**
 * A function Start calls on the server with the request context: `.server(fn)`, `.handler(fn)`, `handlers: { GET }`,
 * `handlers: ({ createHandlers }) => createHandlers({ GET })`.
 */
function isServerCallback(fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isMethodDeclaration(fn)) return false
  let holder: ts.Node = fn.parent
  while (ts.isParenthesizedExpression(holder)) holder = holder.parent
  if (ts.isCallExpression(holder))
    return (
      holder.arguments.some((argument) => unwrap(argument) === fn) &&
      ts.isPropertyAccessExpression(holder.expression) &&
      SERVER_CALLBACKS.has(holder.expression.name.text)
    )
  const object = ts.isPropertyAssignment(holder) ? holder.parent : ts.isMethodDeclaration(fn) ? fn.parent : null
  if (!object || !ts.isObjectLiteralExpression(object)) return false
  const owner = object.parent
  if (ts.isCallExpression(owner)) return nameOfCallee(owner.expression) === 'createHandlers'
  return ts.isPropertyAssignment(owner) && ts.isIdentifier(owner.name) && owner.name.text === 'handlers'
}

/**
 * What the app's files put into the request context, by key: a middleware's `next({ context: { db } })` (a
 * shorthand's value is its const's initializer), and what a server entry passes to Start's handler inside its
 * Workers `fetch(request, env)` (`startHandler(request, { context: { env } })`).
 *
 * @example contextSources(files).get('db') // [{ file: 'src/middlewares/database.ts', value: <createDB(env.HYPERDRIVE)> }]
 */
export function contextSources(
  files: readonly { file: string; sourceFile: ts.SourceFile }[],
): Map<string, ContextSource[]> {
  const sources = new Map<string, ContextSource[]>()
  for (const { file, sourceFile } of files) {
    for (const node of walk(sourceFile)) {
      const shorthand = ts.isShorthandPropertyAssignment(node) && node.name.text === 'context'
      if (!shorthand && (!ts.isPropertyAssignment(node) || !ts.isIdentifier(node.name) || node.name.text !== 'context'))
        continue
      if (!(passedToNext(node) || insideFetch(node))) continue
      const object = ts.isPropertyAssignment(node) ? unwrap(node.initializer) : null
      // `next({ context })`, `next({ context: build() })`: what it holds is unknown, for every key
      if (!object || !ts.isObjectLiteralExpression(object)) {
        sources.set(ANY_KEY, [...(sources.get(ANY_KEY) ?? []), { file, sourceFile, value: null }])
        continue
      }
      for (const property of object.properties) {
        const key = property.name && ts.isIdentifier(property.name) ? property.name.text : null
        if (key === null) continue
        const value = ts.isPropertyAssignment(property)
          ? property.initializer
          : ts.isShorthandPropertyAssignment(property)
            ? shorthandValue(property.name)
            : null
        sources.set(key, [...(sources.get(key) ?? []), { file, sourceFile, value }])
      }
    }
  }
  return sources
}

/** `next({ context: {...} })` (or `opts.next(...)`): the object a middleware passes on. */
function passedToNext(property: ts.ObjectLiteralElementLike): boolean {
  const call = unwrappedHolder(property.parent)
  if (!ts.isCallExpression(call)) return false
  const callee = call.expression
  return (
    (ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : null)?.text === 'next'
  )
}

/** Inside a Workers `fetch(request, env, ctx)` handler (a method or property named `fetch`). */
function insideFetch(node: ts.Node): boolean {
  return workersFetchOf(node) !== null
}

/** The `fetch(request, env)` function around `node`, or null. */
function workersFetchOf(node: ts.Node): ts.SignatureDeclaration | null {
  for (let scope: ts.Node | undefined = node.parent; scope && !ts.isSourceFile(scope); scope = scope.parent) {
    if (!ts.isFunctionLike(scope)) continue
    const name = ts.isMethodDeclaration(scope)
      ? scope.name
      : ts.isPropertyAssignment(scope.parent) && scope.parent.initializer === scope
        ? scope.parent.name
        : undefined
    if (name && ts.isIdentifier(name) && name.text === 'fetch' && scope.parameters.length >= 2) return scope
  }
  return null
}

/**
 * True for the `env` parameter of a Workers `fetch(request, env, ctx)` handler: the value `cloudflare:workers`
 * exports as `env` (the same bindings).
 */
export function isWorkersEnvParameter(declaration: ts.Node): boolean {
  if (!ts.isParameter(declaration) || !ts.isIdentifier(declaration.name)) return false
  const fetch = workersFetchOf(declaration)
  return fetch === declaration.parent && fetch.parameters[1] === declaration
}

function unwrappedHolder(node: ts.Node): ts.Node {
  let holder = node.parent
  while (holder && (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder))) holder = holder.parent
  return holder
}

/** `{ db }`: the initializer of the const `db` names there, the parameter itself for a parameter, else null. */
function shorthandValue(name: ts.Identifier): ts.Expression | null {
  const declaration = declarationAround(name, name.text)
  return declaration && ts.isParameter(declaration) ? name : constInitializer(declaration)
}

function nameOfCallee(callee: ts.Expression): string | null {
  const node = unwrap(callee)
  return ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : null
}
