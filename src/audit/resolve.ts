import ts from '../../lib/typescript.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { isFunctionNode, returnedValues, type FunctionNode } from './function-shapes.js'
import type { AppModules, Module } from './modules.js'

/**
 * The function an expression stands for: inline, a `const` or import of one, a server function's
 * handler, or the function a wrapper call is given.
 */
export function functionOf(
  modules: AppModules,
  module: Module,
  expression: ts.Expression | ts.FunctionDeclaration | ts.MethodDeclaration,
  depth = 0,
): { module: Module; node: FunctionNode } | null {
  if (depth > 10) return null
  const node =
    ts.isFunctionDeclaration(expression) || ts.isMethodDeclaration(expression) ? expression : unwrap(expression)
  if (isFunctionNode(node)) return { module, node }
  if (modules.isReference(module, node)) {
    const value = modules.valueOf(module, node)
    return value.module ? functionOf(modules, value.module, value.node, depth + 1) : null
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression)
    // a server function called from the server: its handler runs
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'handler' && node.arguments[0])
      return functionOf(modules, module, node.arguments[0], depth + 1)
    // `withLogging(async () => ...)`: the function the wrapper is given
    for (const argument of node.arguments) {
      const inner = unwrap(argument)
      if (isFunctionNode(inner)) return { module, node: inner }
    }
  }
  return null
}

/** True when an expression is a Better Auth instance: `betterAuth({...})`, a const or import of one, `getAuth()`. */
export function isBetterAuth(modules: AppModules, module: Module, expression: ts.Expression, depth: number): boolean {
  if (depth > 10) return false
  const value = modules.valueOf(module, expression)
  if (!value.module) return value.name === 'betterAuth'
  const node = value.node
  if (ts.isFunctionDeclaration(node) || isFunctionNode(node))
    return returnedValues(node).some((returned) => isBetterAuth(modules, value.module!, returned, depth + 1))
  if (!ts.isCallExpression(node)) return false
  // `createServerOnlyFn(() => betterAuth(...))`, `memoize(() => ...)`: what the wrapped function returns
  for (const argument of node.arguments) {
    const fn = unwrap(argument)
    if (!isFunctionNode(fn)) continue
    if (returnedValues(fn).some((returned) => isBetterAuth(modules, value.module!, returned, depth + 1))) return true
  }
  const callee = unwrap(node.expression)
  if (!modules.isReference(value.module, callee)) return false
  return isBetterAuth(modules, value.module, callee, depth + 1)
}
