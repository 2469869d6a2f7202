import ts from '../../lib/typescript.js'
import { patternNames } from '../codemods/js/bindings.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { BuilderChains, type Chain } from './builder-chains.js'
import {
  failureIgnored,
  refusesByCondition,
  refusesByIf,
  returnsData,
  returnsOwnSession,
  returnsPromise,
  unconditionalCalls,
  unconditionalStatements,
  writes,
} from './control-flow.js'
import {
  ASSERTION_MODULES,
  contextSessionNames,
  ENFORCING_CALLS,
  isFunctionNode,
  isKitAuthModule,
  KIT_MIDDLEWARE,
  ownNodes,
  parameterSessionNames,
  returnedValues,
  type FunctionNode,
  type Mode,
  type Scope,
} from './function-shapes.js'
import type { AppModules, Module, Value } from './modules.js'
import { forwardsToBetterAuth } from './better-auth-handler.js'
import { functionOf } from './resolve.js'
import { SessionReads } from './session-reads.js'

export { isKitAuthModule } from './function-shapes.js'
export type { Chain } from './builder-chains.js'

/**
 * Whether code authorizes its caller, decided by what it calls, across the app's modules:
 *
 *   - kit-auth's enforcing helpers (`requireSession()`, `requireAdmin()`, `getAccountContext()`,
 *     `requireActiveOrganizationId()`), and any function of the app that calls one or throws when
 *     `getSession()` finds nobody (an adopted instance's own `requireUser()`);
 *   - middleware whose `.server()` does that, or that composes such middleware
 *     (`.middleware([authMiddleware])`), and builders whose chain lists it (`authAction()`);
 *   - a handler (or middleware) that reads the session and leaves on a missing one:
 *     `if (!session) throw ...` or `return ...` before returning data.
 *
 * Reading the session without checking it, or middleware that only logs, authorizes nothing.
 */

/**
 * The analysis of one app, memoized per node: each builder, middleware and function is decided once
 * however many entry points use it.
 */
export class Authorization {
  // Weak: an entry point's module is dropped once audited, and its nodes with it.
  private readonly middlewareMemo = new WeakMap<ts.Node, boolean>()
  private readonly functionMemo = new Map<Mode, WeakMap<ts.Node, boolean>>()
  private readonly chains: BuilderChains
  private readonly sessionReads: SessionReads

  /**
   * @param srcDirectory where kit-auth generated `lib/auth/` (its helpers there are trusted by name)
   */
  constructor(
    readonly modules: AppModules,
    private readonly srcDirectory = 'src',
  ) {
    this.chains = new BuilderChains(modules)
    this.sessionReads = new SessionReads(modules)
  }

  /**
   * The builder chain behind a `.handler()` call's receiver (or any builder expression).
   *
   * @example authorization.chain(module, handlerCall.expression).serverFn // true for `authAction().handler`
   */
  chain(module: Module, expression: ts.Expression): Chain {
    return this.chains.chain(module, expression)
  }

  /** The elements of a middleware list (an array, a `const` holding one, spreads of those). */
  elements(module: Module, expression: ts.Expression | undefined): { module: Module; node: ts.Expression }[] {
    return this.chains.elements(module, expression)
  }

  /**
   * True when a module is kit-auth's generated `lib/auth/session` (by its path and what it holds), whose
   * enforcing helpers are trusted by name.
   */
  private isKitSession(module: Module): boolean {
    return isKitAuthModule(module, this.srcDirectory, 'session')
  }

  /**
   * True when a call is one of kit-auth's enforcing helpers (`requireSession()`, `requireAdmin()`...), imported
   * (under any name) from kit-auth's session module or from a module of the app that cannot be read. An app's
   * own function of that name is decided by its body instead; one from a registry package is not kit-auth's.
   */
  private enforces(module: Module, call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression)
    if (!this.modules.isReference(module, callee)) return false
    // a name the module neither imports nor declares (a local, a global) comes from no module
    if (ts.isIdentifier(callee) && !module.bindings.has(callee.text)) return false
    const value = this.modules.valueOf(module, callee)
    if (!value.name || !ENFORCING_CALLS.has(value.name)) return false
    if (value.module) return this.isKitSession(value.module)
    // `export const { requireSession } = createAuthSession(auth)`: trusted only in kit-auth's session module
    if (value.declaredIn) return this.isKitSession(value.declaredIn)
    return !!value.from && this.modules.mayBeOwn(value.from)
  }

  /** `invariant`, `assert`, `assert.ok` imported from an assertion package. */
  private isAssertion(module: Module, callee: ts.Expression): boolean {
    const member = ts.isPropertyAccessExpression(callee)
    const base = member ? unwrap(callee.expression) : callee
    if (member && callee.name.text !== 'ok') return false
    if (!ts.isIdentifier(base)) return false
    const bound = module.bindings.get(base.text)
    return bound?.kind === 'import' && ASSERTION_MODULES.has(bound.from ?? '')
  }

  /**
   * Whether a middleware (an element of `.middleware([...])` or `server.middleware`) authorizes:
   * its `.server()` refuses anonymous callers, or it composes middleware that does.
   *
   * @example authorization.middleware(module, element) // true for `authMiddleware`, false for a logger
   */
  middleware(module: Module, expression: ts.Expression, depth = 0): boolean {
    const node = unwrap(expression)
    const cached = this.middlewareMemo.get(node)
    if (cached !== undefined) return cached
    this.middlewareMemo.set(node, false) // a cycle authorizes nothing
    const result = depth < 30 && this.decideMiddleware(module, node, depth)
    this.middlewareMemo.set(node, result)
    return result
  }

  private decideMiddleware(module: Module, node: ts.Expression, depth: number): boolean {
    if (this.modules.isReference(module, node)) {
      const value = this.modules.valueOf(module, node)
      if (!value.module) return this.trustedMiddleware(value)
      return !isFunctionNode(value.node) && this.middleware(value.module, value.node as ts.Expression, depth + 1)
    }
    if (!ts.isCallExpression(node)) return false
    const callee = unwrap(node.expression)
    if (ts.isPropertyAccessExpression(callee) && !this.modules.isReference(module, callee)) {
      const method = callee.name.text
      if (
        method === 'middleware' &&
        this.elements(module, node.arguments[0]).some((m) => this.middleware(m.module, m.node, depth + 1))
      )
        return true
      if (method === 'server' && node.arguments[0] && this.authorizes(module, node.arguments[0], 'middleware'))
        return true
      return this.middleware(module, callee.expression, depth + 1)
    }
    if (!this.modules.isReference(module, callee)) return false
    // a middleware factory: `roleMiddleware('editor')`, `permissionMiddleware({ project: ['create'] })`
    const value = this.modules.valueOf(module, callee)
    if (!value.module) return this.trustedMiddleware(value)
    if (!isFunctionNode(value.node)) return false
    return returnedValues(value.node).some((returned) => this.middleware(value.module!, returned, depth + 1))
  }

  /** kit-auth's middleware imported from an auth module of the app kit-auth could not read. */
  private trustedMiddleware(value: Value): boolean {
    if (!value.name || !KIT_MIDDLEWARE.has(value.name) || !('from' in value) || !value.from) return false
    return /auth/i.test(value.from) && this.modules.mayBeOwn(value.from)
  }

  /**
   * Whether a function (a handler, a middleware's `.server()`, or a helper they call) authorizes:
   * it calls an enforcing helper, or reads the session and leaves when there is none. In `callee`
   * mode only a throw leaves (a helper's `return` goes back to its caller).
   *
   * @example authorization.authorizes(module, handlerArgument, 'entry')
   */
  authorizes(
    module: Module,
    expression: ts.Expression | ts.FunctionDeclaration | ts.MethodDeclaration,
    mode: Mode,
    depth = 0,
  ): boolean {
    const fn = functionOf(this.modules, module, expression)
    if (!fn) return false
    let memo = this.functionMemo.get(mode)
    if (!memo) this.functionMemo.set(mode, (memo = new WeakMap()))
    const cached = memo.get(fn.node)
    if (cached !== undefined) return cached
    memo.set(fn.node, false)
    const result = depth < 30 && this.decideFunction(fn.module, fn.node, mode, depth)
    memo.set(fn.node, result)
    return result
  }

  private decideFunction(
    module: Module,
    fn: FunctionNode,
    mode: Mode,
    depth: number,
    sessions = new Set<string>(),
  ): boolean {
    // functions the body declares (`const check = async () => { ... }; await check()`), and the names that
    // hold the session, wherever they are declared: where a check counts is decided below
    const locals = new Map<string, FunctionNode>()
    for (const name of parameterSessionNames(fn)) sessions.add(name)
    for (const node of ownNodes(fn)) {
      if (ts.isFunctionDeclaration(node) && node.name) locals.set(node.name.text, node)
      else if (ts.isVariableDeclaration(node) && node.initializer) {
        // `const session = await getSession()`, `const user = session?.user`, `const { user } = context`
        const initializer = unwrap(node.initializer)
        if (isFunctionNode(initializer) && ts.isIdentifier(node.name)) locals.set(node.name.text, initializer)
        else if (ts.isIdentifier(initializer) && initializer.text === 'context' && ts.isObjectBindingPattern(node.name))
          for (const name of contextSessionNames(node.name)) sessions.add(name)
        else if (
          this.sessionReads.readsSession(module, node.initializer, depth) ||
          this.sessionReads.isSessionValue(module, node.initializer, sessions, depth)
        )
          for (const name of patternNames(node.name)) sessions.add(name)
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(node.left) &&
        this.sessionReads.readsSession(module, node.right, depth)
      ) {
        sessions.add(node.left.text)
      }
    }
    const isSession = (expression: ts.Expression) =>
      this.sessionReads.isSessionValue(module, expression, sessions, depth)
    const scope: Scope = { module, mode, depth, locals, sessions, isSession }
    if (!fn.body) return false
    if (!ts.isBlock(fn.body))
      return this.checks(scope, fn.body) || (mode === 'entry' && refusesByCondition(fn.body, isSession))
    // A check counts only where it runs for every caller before any data leaves: a statement of the body
    // itself (not under an `if`, a loop, `&&`, or a `try` whose catch swallows the error), before the first
    // `return` of data and before the first write.
    for (const statement of unconditionalStatements(fn.body.statements, mode)) {
      if (this.checks(scope, statement)) return true
      if (ts.isIfStatement(statement) && refusesByIf(statement, mode, isSession)) return true
      // `if (session) return toView(session)`: what follows decides for the callers without one
      if (mode === 'entry' && ts.isIfStatement(statement) && returnsOwnSession(statement, isSession)) continue
      if (ts.isReturnStatement(statement))
        return mode === 'entry' && !!statement.expression && refusesByCondition(statement.expression, isSession)
      if (returnsData(statement, mode) || writes(statement)) return false
    }
    return false
  }

  /** Whether what a statement (or an expression body) always runs authorizes: an enforcing call, a throwing helper. */
  private checks(scope: Scope, node: ts.Node): boolean {
    const { module, depth, locals, sessions, isSession } = scope
    for (const call of unconditionalCalls(node)) {
      const callee = unwrap(call.expression)
      const local = ts.isIdentifier(callee) ? locals.get(callee.text) : undefined
      if (local) {
        if (failureIgnored(call, () => this.givesPromise(scope, call))) continue
        if (depth < 20 && this.decideFunction(module, local, 'callee', depth + 1, new Set(sessions))) return true
        continue
      }
      // kit-auth's helpers are async: one nobody awaits refuses no one
      if (this.enforces(module, call)) {
        if (failureIgnored(call, () => true)) continue
        return true
      }
      if (this.modules.isReference(module, callee) && this.authorizes(module, callee, 'callee', depth + 1)) {
        if (failureIgnored(call, () => this.givesPromise(scope, call))) continue
        return true
      }
      // `assertSignedIn(session)`: a helper that throws when the session it is given is missing
      const index = call.arguments.findIndex((argument) => isSession(argument))
      if (index === -1) continue
      // `invariant(session)`, `assert(session)`: an assertion package throws on a falsy first argument
      if (index === 0 && this.isAssertion(module, callee)) return true
      if (!this.modules.isReference(module, callee)) continue
      const helper = functionOf(this.modules, module, callee)
      const parameter = helper?.node.parameters[index]
      if (!helper || !parameter || !ts.isIdentifier(parameter.name) || depth > 20) continue
      const given = new Set([parameter.name.text])
      if (failureIgnored(call, () => this.givesPromise(scope, call))) continue
      if (this.decideFunction(helper.module, helper.node, 'callee', depth + 1, given)) return true
    }
    return false
  }

  /** Whether a call gives a promise: an enforcing helper's, an async function's, or one returning such a call. */
  private givesPromise(scope: Scope, call: ts.CallExpression, depth = 0): boolean {
    if (this.enforces(scope.module, call)) return true
    const callee = unwrap(call.expression)
    const local = ts.isIdentifier(callee) && scope.locals.get(callee.text)
    const fn = local ? { module: scope.module, node: local } : functionOf(this.modules, scope.module, callee)
    if (!fn || depth > 20) return false
    const inner = fn.module === scope.module ? scope : { ...scope, module: fn.module, locals: new Map() }
    return returnsPromise(fn.node, (returned) => this.givesPromise(inner, returned, depth + 1))
  }

  /**
   * Whether a request handler hands the request to Better Auth (better-auth-handler.ts): its
   * endpoints (sign-in, get-session...) authenticate the caller themselves.
   *
   * @example authorization.forwardsToBetterAuth(module, handler) // true for `({ request }) => auth.handler(request)`
   */
  forwardsToBetterAuth(module: Module, expression: ts.Expression | ts.MethodDeclaration): boolean {
    return forwardsToBetterAuth(this.modules, module, expression)
  }
}
