import ts from '../../lib/typescript.js'
import { declarationAround, patternNames } from '../codemods/js/bindings.js'
import { nameOf } from '../codemods/route/auth-check.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { identifiersIn } from './control-flow.js'
import { isContextSessionKey, isFunctionNode, ownNodes, returnedValues, SESSION_READS } from './function-shapes.js'
import type { AppModules, Module } from './modules.js'
import { functionOf } from './resolve.js'

/**
 * Where code reads the session: `getSession()` and the app's functions that return what it read
 * (`currentUser()`), the names that hold it, `context.user`. Memoized per function.
 */
export class SessionReads {
  private readonly memo = new WeakMap<ts.Node, boolean>()

  constructor(private readonly modules: AppModules) {}

  /** True when an expression holds a session read: `await getSession()`, `(await getUser())?.id`. */
  readsSession(module: Module, expression: ts.Expression, depth: number): boolean {
    const stack: ts.Node[] = [expression]
    while (stack.length > 0) {
      const node = stack.pop()!
      if (ts.isCallExpression(node) && this.isSessionRead(module, node, depth)) return true
      ts.forEachChild(node, (child) => {
        if (!isFunctionNode(child)) stack.push(child)
      })
    }
    return false
  }

  /**
   * True when a call's function is one of `names`, by the name it is called (`requireSession()`,
   * `session.requireSession()`) or the name it was imported under (`import { requireSession as mustSignIn }`).
   */
  private calls(module: Module, call: ts.CallExpression, names: ReadonlySet<string>): boolean {
    const name = nameOf(call.expression)
    if (name && names.has(name)) return true
    const callee = unwrap(call.expression)
    if (!this.modules.isReference(module, callee)) return false
    const value = this.modules.valueOf(module, callee)
    return !value.module && value.name !== null && names.has(value.name)
  }

  /** `getSession(...)`, or a call of an app function that returns what it read (`currentUser()`). */
  private isSessionRead(module: Module, call: ts.CallExpression, depth: number): boolean {
    if (this.calls(module, call, SESSION_READS)) return true
    const callee = unwrap(call.expression)
    if (!this.modules.isReference(module, callee) || depth > 20) return false
    const fn = functionOf(this.modules, module, callee)
    if (!fn) return false
    const cached = this.memo.get(fn.node)
    if (cached !== undefined) return cached
    this.memo.set(fn.node, false)
    const sessions = new Set<string>()
    for (const node of ownNodes(fn.node)) {
      if (
        ts.isVariableDeclaration(node) &&
        node.initializer &&
        this.readsSession(fn.module, node.initializer, depth + 1)
      )
        for (const name of patternNames(node.name)) sessions.add(name)
    }
    const result = returnedValues(fn.node).some(
      (value) =>
        this.readsSession(fn.module, value, depth + 1) || [...identifiersIn(value)].some((name) => sessions.has(name)),
    )
    this.memo.set(fn.node, result)
    return result
  }

  /** True when an expression is (part of) the session: a session variable, `context.user`, a session read. */
  isSessionValue(module: Module, expression: ts.Expression, sessions: Set<string>, depth: number): boolean {
    let node = unwrap(expression)
    const names: string[] = []
    for (;;) {
      if (ts.isAwaitExpression(node)) node = unwrap(node.expression)
      else if (ts.isPropertyAccessExpression(node)) {
        names.unshift(node.name.text)
        node = unwrap(node.expression)
      } else if (ts.isElementAccessExpression(node)) node = unwrap(node.expression)
      else break
    }
    if (ts.isCallExpression(node)) return this.isSessionRead(module, node, depth)
    if (!ts.isIdentifier(node)) return false
    if (sessions.has(node.text)) return true
    // `context.user`, `ctx.context.session`, `c.authSession` (`const c = context as T`): what the middleware put there
    const chain = [contextAlias(node) ? 'context' : node.text, ...names]
    const at = chain.indexOf('context')
    return at !== -1 && isContextSessionKey(chain[at + 1] ?? '')
  }
}

/** `c` of `const c = context as ServerRequestContext`: a name for the function's request context. */
function contextAlias(name: ts.Identifier): boolean {
  const declaration = declarationAround(name, name.text)
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false
  const value = unwrap(declaration.initializer)
  return ts.isIdentifier(value) && value.text === 'context'
}
