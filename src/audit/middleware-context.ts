import ts from '../../lib/typescript.js'
import { findProperty, propertyValue } from '../codemods/js/objects.js'
import { walk } from '../codemods/js/parse.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { isFunctionNode, ownNodes, type FunctionNode } from './function-shapes.js'
import type { AppModules, Module } from './modules.js'
import { isBetterAuth } from './resolve.js'

/**
 * `context.auth.handler(request)` in a server route's handler, where a request middleware of that route puts a
 * Better Auth instance into the context (`next({ context: { auth: createAuth(env) } })`, the Cloudflare shape):
 * `made` is the `context.auth` the handler calls `.handler` on.
 *
 * @example contextInstance(modules, module, handler, callee.expression) // true for repro's context.auth
 */
export function contextInstance(modules: AppModules, module: Module, fn: FunctionNode, made: ts.Expression): boolean {
  const key = contextKey(fn, unwrap(made))
  if (!key) return false
  return routeMiddleware(fn).some((element) => providesInstance(modules, module, element, key))
}

/** `auth` for `context.auth` (`({ context })`, `({ context: ctx })`) or `args.context.auth` (`(args)`). */
function contextKey(fn: FunctionNode, made: ts.Expression): string | null {
  if (!ts.isPropertyAccessExpression(made)) return null
  const holder = unwrap(made.expression)
  const first = fn.parameters[0]?.name
  if (!first) return null
  if (ts.isIdentifier(holder) && ts.isObjectBindingPattern(first)) {
    const bound = first.elements.some((element) => {
      const key = element.propertyName ?? element.name
      return (
        ts.isIdentifier(key) &&
        key.text === 'context' &&
        ts.isIdentifier(element.name) &&
        element.name.text === holder.text
      )
    })
    return bound ? made.name.text : null
  }
  const fromParameter =
    ts.isPropertyAccessExpression(holder) &&
    holder.name.text === 'context' &&
    ts.isIdentifier(holder.expression) &&
    ts.isIdentifier(first) &&
    holder.expression.text === first.text
  return fromParameter ? made.name.text : null
}

/** The `middleware: [...]` beside the `handlers` the function is one of (`server: { middleware, handlers }`). */
function routeMiddleware(fn: FunctionNode): ts.Expression[] {
  let node: ts.Node | undefined = fn
  for (let level = 0; node && level < 5; level++, node = node.parent) {
    if (!ts.isObjectLiteralExpression(node) || !findProperty(node, 'handlers')) continue
    const middleware = findProperty(node, 'middleware')
    const list = middleware && propertyValue(middleware)
    return list && ts.isArrayLiteralExpression(list) ? [...list.elements] : []
  }
  return []
}

/** A middleware whose server function passes `context: { [key]: <a Better Auth instance> }` to `next`. */
function providesInstance(modules: AppModules, module: Module, element: ts.Expression, key: string): boolean {
  if (!modules.isReference(module, element) && !ts.isCallExpression(unwrap(element))) return false
  const value = modules.valueOf(module, element)
  if (!value.module || !value.node) return false
  for (const node of walk(value.node)) {
    if (!isFunctionNode(node)) continue
    for (const inner of ownNodes(node)) {
      if (!ts.isCallExpression(inner)) continue
      const argument = inner.arguments[0] && unwrap(inner.arguments[0])
      if (!argument || !ts.isObjectLiteralExpression(argument)) continue
      const context = findProperty(argument, 'context')
      const object = context && propertyValue(context)
      const entry = object && ts.isObjectLiteralExpression(object) ? findProperty(object, key) : undefined
      const provided =
        entry &&
        (ts.isShorthandPropertyAssignment(entry)
          ? entry.name
          : ts.isPropertyAssignment(entry)
            ? entry.initializer
            : null)
      if (provided && isBetterAuth(modules, value.module, provided, 1)) return true
    }
  }
  return false
}
