import ts from '../../lib/typescript.js'
import { localConstValue } from '../codemods/js/bindings.js'
import { unwrap, unwrapAwaited } from '../codemods/js/unwrap.js'
import { isFunctionNode, ownNodes, returnedValues, type FunctionNode } from './function-shapes.js'
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
  const node0 = unwrap(expression)
  // `return (cached ??= createAuth(env))`: what is assigned
  if (ts.isBinaryExpression(node0) && ASSIGNMENTS.has(node0.operatorToken.kind))
    return isBetterAuth(modules, module, node0.right, depth + 1)
  // `const auth = betterAuth(...)` in a function (returned, or passed on as context): its value
  const local = ts.isIdentifier(node0) ? localConstValue(node0) : null
  if (local) return isBetterAuth(modules, module, unwrapAwaited(local), depth + 1)
  const value = modules.valueOf(module, expression)
  // `let cached: Auth | undefined` set later (`cached ??= createAuth(env)`): what the module assigns it
  if (!value.module && ts.isIdentifier(node0) && module.bindings.get(node0.text)?.kind === 'declaration')
    return assignedValues(module, node0.text).some((assigned) => isBetterAuth(modules, module, assigned, depth + 1))
  if (!value.module) return value.name === 'betterAuth'
  const node = value.node
  if (ts.isFunctionDeclaration(node) || isFunctionNode(node))
    return returnedValues(node).some((returned) => isBetterAuth(modules, value.module!, returned, depth + 1))
  if (ts.isNewExpression(node)) return proxiesBetterAuth(modules, value.module, node, depth)
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

const ASSIGNMENTS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
])

/** The values a module assigns to its top-level variable `name` anywhere in its code (`name = x`, `name ??= x`). */
function assignedValues(module: Module, name: string): ts.Expression[] {
  const values: ts.Expression[] = []
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      ASSIGNMENTS.has(node.operatorToken.kind) &&
      ts.isIdentifier(unwrap(node.left)) &&
      (unwrap(node.left) as ts.Identifier).text === name
    )
      values.push(node.right)
    ts.forEachChild(node, visit)
  }
  visit(module.sourceFile)
  return values
}

/**
 * `new Proxy({} as Auth, { get: (_target, property) => Reflect.get(current(), property) })`, the per-request
 * instance kit-auth's lib/auth/instance.ts exports for an app whose instance a factory makes: a Better Auth
 * instance when what its `get` reads from is one.
 */
function proxiesBetterAuth(modules: AppModules, module: Module, node: ts.NewExpression, depth: number): boolean {
  const callee = unwrap(node.expression)
  if (!ts.isIdentifier(callee) || callee.text !== 'Proxy' || module.bindings.has('Proxy')) return false
  const handler = node.arguments?.[1] && unwrap(node.arguments[1])
  if (!handler || !ts.isObjectLiteralExpression(handler)) return false
  for (const property of handler.properties) {
    const name = property.name && ts.isIdentifier(property.name) ? property.name.text : null
    const fn = ts.isMethodDeclaration(property)
      ? property
      : ts.isPropertyAssignment(property)
        ? unwrap(property.initializer)
        : null
    if (name !== 'get' || !fn || !isFunctionNode(fn)) continue
    for (const inner of ownNodes(fn)) {
      if (!ts.isCallExpression(inner) || !isReflectGet(unwrap(inner.expression))) continue
      const target = inner.arguments[0]
      if (target && isBetterAuth(modules, module, target, depth + 1)) return true
    }
  }
  return false
}

function isReflectGet(callee: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Reflect' &&
    callee.name.text === 'get'
  )
}
