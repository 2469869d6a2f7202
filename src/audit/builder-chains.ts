import ts from '../../lib/typescript.js'
import { findProperty } from '../codemods/js/objects.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { isFunctionNode, returnedValues } from './function-shapes.js'
import type { AppModules, Module, Value } from './modules.js'

/** What a server-function chain is built from. */
export interface Chain {
  /** It starts at `createServerFn` (directly, through builder variables, builder calls or imports). */
  serverFn: boolean
  /** The middleware it runs, each with its module. */
  middleware: { module: Module; node: ts.Expression }[]
  /** A builder called with `{ middleware }`, which replaces the builder's own (and its auth check). */
  replaced: string | null
  /** A kit-auth builder whose module could not be read, trusted by name. */
  trusted: string | null
}

/**
 * Builder chains (`createServerFn().middleware([...])`, `authAction({ method })`, builder variables
 * and imports) followed to `createServerFn` and the middleware they run.
 */
export class BuilderChains {
  constructor(private readonly modules: AppModules) {}

  /**
   * The builder chain behind a `.handler()` call's receiver (or any builder expression).
   *
   * @example chains.chain(module, handlerCall.expression).serverFn // true for `authAction().handler`
   */
  chain(module: Module, expression: ts.Expression): Chain {
    const chain: Chain = { serverFn: false, middleware: [], replaced: null, trusted: null }
    this.walkChain(module, expression, chain, true, 0)
    return chain
  }
  private walkChain(module: Module, expression: ts.Expression, chain: Chain, collect: boolean, depth: number): void {
    if (depth > 40 || chain.serverFn) return
    const node = unwrap(expression)
    if (this.modules.isReference(module, node)) {
      const value = this.modules.valueOf(module, node)
      if (value.module) this.walkChain(value.module, value.node as ts.Expression, chain, collect, depth + 1)
      else this.trustBuilder(value, chain)
      return
    }
    if (!ts.isCallExpression(node)) return
    const callee = unwrap(node.expression)
    if (!this.modules.isReference(module, callee)) {
      if (!ts.isPropertyAccessExpression(callee)) return
      if (callee.name.text === 'middleware' && collect)
        chain.middleware.push(...this.elements(module, node.arguments[0]))
      this.walkChain(module, callee.expression, chain, collect, depth + 1)
      return
    }
    const value = this.modules.valueOf(module, callee)
    if (!value.module) {
      if (value.name === 'createServerFn') chain.serverFn = true
      else this.trustBuilder(value, chain)
      return
    }
    // A builder is callable: `authAction()`, `authAction({ method: 'GET' })` give a fresh builder with its
    // middleware, unless the options bring their own `middleware`, which replaces it.
    const options = node.arguments[0] && unwrap(node.arguments[0])
    const own = options && ts.isObjectLiteralExpression(options) ? findProperty(options, 'middleware') : undefined
    let inner = collect
    if (own && collect) {
      if (ts.isPropertyAssignment(own)) chain.middleware.push(...this.elements(module, own.initializer))
      chain.replaced = value.name
      inner = false
    }
    if (isFunctionNode(value.node)) {
      for (const returned of returnedValues(value.node)) this.walkChain(value.module, returned, chain, inner, depth + 1)
    } else this.walkChain(value.module, value.node, chain, inner, depth + 1)
  }
  /** kit-auth's builders (`authAction`...) imported from an auth module of the app kit-auth could not read. */
  private trustBuilder(value: Value, chain: Chain): void {
    if (value.module || !value.name || !('from' in value) || !value.from) return
    if (!/auth/i.test(value.from) || !this.modules.mayBeOwn(value.from)) return
    if (/^(?:auth|organization|admin|createAdmin)Action$/.test(value.name)) {
      chain.serverFn = true
      chain.trusted = value.name
    }
  }
  /** The elements of a middleware list (an array, a `const` holding one, spreads of those). */
  elements(
    module: Module,
    expression: ts.Expression | undefined,
    depth = 0,
  ): { module: Module; node: ts.Expression }[] {
    if (!expression || depth > 10) return []
    const value = this.modules.valueOf(module, expression)
    if (!value.module || !ts.isArrayLiteralExpression(value.node)) return []
    const found: { module: Module; node: ts.Expression }[] = []
    for (const element of value.node.elements) {
      if (ts.isSpreadElement(element)) found.push(...this.elements(value.module, element.expression, depth + 1))
      else found.push({ module: value.module, node: element })
    }
    return found
  }
}
