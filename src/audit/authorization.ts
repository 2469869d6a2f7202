import path from 'node:path'
import ts from '../../lib/typescript.js'
import { patternNames } from '../codemods/js/bindings.js'
import { findProperty, propertyValue } from '../codemods/js/objects.js'
import { nameOf } from '../codemods/route/auth-check.js'
import { unwrap } from '../codemods/js/unwrap.js'
import type { AppModules, Module, Value } from './modules.js'

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

/** kit-auth's helpers that throw (a redirect or a 404) when the caller may not go on. */
export const ENFORCING_CALLS = new Set([
  'requireSession',
  'requireAdmin',
  'getAccountContext',
  'requireActiveOrganizationId',
])

/** Assertion packages: what they export throws on a falsy first argument (`invariant(session)`, `assert.ok(s)`). */
const ASSERTION_MODULES = new Set(['tiny-invariant', 'node:assert', 'assert', 'node:assert/strict', 'assert/strict'])

/** Calls that change data (`db.insert(...)`, `createPost(...)`): a check after one comes too late. */
const WRITE = /^(?:insert|update|upsert|delete|remove|destroy|create|save|write|put|patch|drop|truncate|mutate|send)/i
/** Factories named like writes that change nothing (`createClient()`, `createHash('sha256')`). */
const NOT_WRITE = /^create(?:Client|Hash|Hmac|Logger|Error|Url|URL|Context|Router|Server|Middleware|Signal)$/

/** What reads the session: kit-auth's `getSession()`, Better Auth's `auth.api.getSession(...)`. */
const SESSION_READS = new Set(['getSession'])

/** kit-auth's middleware (and middleware factories), trusted by name only when their module cannot be read. */
const KIT_MIDDLEWARE = new Set([
  'authMiddleware',
  'organizationMiddleware',
  'adminMiddleware',
  'roleMiddleware',
  'roleAction',
  'permissionMiddleware',
])

/** Properties of a middleware's `context` that hold the signed-in caller. */
const CONTEXT_SESSION = new Set(['session', 'user', 'userId'])

/** What only kit-auth's generated modules hold, by module (under `lib/auth/`). */
const KIT_MARKERS: Record<'session' | 'session.functions', (text: string) => boolean> = {
  session: (text) => text.includes('createAuthSession') && text.includes('SIGN_IN_PATH'),
  'session.functions': (text) =>
    /export const fetchSession = createServerFn\(/.test(text) && /from '\.\/session(?:\.js)?'/.test(text),
}

/**
 * True when a module is one kit-auth generated in `<srcDirectory>/lib/auth/` (by its path and content).
 *
 * @example isKitAuthModule(module, 'src', 'session.functions') // true for src/lib/auth/session.functions.ts
 */
export function isKitAuthModule(module: Module, srcDirectory: string, name: keyof typeof KIT_MARKERS): boolean {
  const base = path.posix.join(srcDirectory, 'lib/auth', name)
  return module.file.replace(/\.[cm]?[jt]sx?$/, '') === base && KIT_MARKERS[name](module.sourceFile.text)
}

/** How code is used: an entry point (handler, middleware) may refuse by returning; a helper it calls must throw. */
type Mode = 'entry' | 'middleware' | 'callee'

type FunctionNode = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration

/** What deciding one function knows: its module, how it is used, its local functions and session names. */
interface Scope {
  module: Module
  mode: Mode
  depth: number
  locals: Map<string, FunctionNode>
  sessions: Set<string>
  isSession: (expression: ts.Expression) => boolean
}

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

function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node)
  )
}

/** Nodes of a function body, not descending into nested functions (their code may never run). */
function* ownNodes(fn: FunctionNode): Generator<ts.Node> {
  if (!fn.body) return
  // in source order: a variable is seen before the checks that use it
  const stack: ts.Node[] = [fn.body]
  while (stack.length > 0) {
    const node = stack.pop()!
    yield node
    // a nested function is seen (a local helper may be called) but not entered
    if (node !== fn.body && isFunctionNode(node)) continue
    const children: ts.Node[] = []
    ts.forEachChild(node, (child) => {
      children.push(child)
    })
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!)
  }
}

/** Names a binding pattern takes from the session-holding properties of `context`: `{ user }`, `{ session: s }`. */
function contextSessionNames(pattern: ts.ObjectBindingPattern): string[] {
  return pattern.elements.flatMap((element) => {
    const property = element.propertyName ?? element.name
    const key = ts.isIdentifier(property) ? property.text : null
    return key && CONTEXT_SESSION.has(key) && ts.isIdentifier(element.name) ? [element.name.text] : []
  })
}

/** `({ context: { user } }) => ...`: the session names a handler's first parameter destructures. */
function parameterSessionNames(fn: FunctionNode): string[] {
  const [first] = fn.parameters
  if (!first || !ts.isObjectBindingPattern(first.name)) return []
  return first.name.elements.flatMap((element) => {
    const property = element.propertyName ?? element.name
    const isContext = ts.isIdentifier(property) && property.text === 'context'
    return isContext && ts.isObjectBindingPattern(element.name) ? contextSessionNames(element.name) : []
  })
}

/** What a function returns: an arrow's expression body, or the values of its own `return`s. */
function returnedValues(fn: FunctionNode): ts.Expression[] {
  if (!fn.body) return []
  if (!ts.isBlock(fn.body)) return [fn.body]
  const found: ts.Expression[] = []
  for (const node of ownNodes(fn)) if (ts.isReturnStatement(node) && node.expression) found.push(node.expression)
  return found
}

/** `null`, `undefined`, `false`, `[]`, `{}`, or nothing: what a handler returns to an anonymous caller. */
function isEmptyValue(expression: ts.Expression | undefined): boolean {
  if (!expression) return true
  const node = unwrap(expression)
  return (
    node.kind === ts.SyntaxKind.NullKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(node) && node.text === 'undefined') ||
    (ts.isArrayLiteralExpression(node) && node.elements.length === 0) ||
    (ts.isObjectLiteralExpression(node) && node.properties.length === 0)
  )
}

/**
 * The analysis of one app, memoized per node: each builder, middleware and function is decided once
 * however many entry points use it.
 */
export class Authorization {
  // Weak: an entry point's module is dropped once audited, and its nodes with it.
  private readonly middlewareMemo = new WeakMap<ts.Node, boolean>()
  private readonly functionMemo = new Map<Mode, WeakMap<ts.Node, boolean>>()
  private readonly sessionMemo = new WeakMap<ts.Node, boolean>()

  /**
   * @param srcDirectory where kit-auth generated `lib/auth/` (its helpers there are trusted by name)
   */
  constructor(
    readonly modules: AppModules,
    private readonly srcDirectory = 'src',
  ) {}

  /**
   * True when a module is kit-auth's generated `lib/auth/session` (by its path and what it holds), whose
   * enforcing helpers are trusted by name.
   */
  private isKitSession(module: Module): boolean {
    return isKitAuthModule(module, this.srcDirectory, 'session')
  }

  /**
   * True when a call is one of kit-auth's enforcing helpers (`requireSession()`, `requireAdmin()`...), imported
   * (under any name) from kit-auth's session module or from a module that cannot be read. An app's own
   * function of that name is decided by its body instead.
   */
  private enforces(module: Module, call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression)
    if (!this.modules.isReference(module, callee)) return false
    // a name the module neither imports nor declares (a local, a global) comes from no module
    if (ts.isIdentifier(callee) && !module.bindings.has(callee.text)) return false
    const value = this.modules.valueOf(module, callee)
    if (!value.name || !ENFORCING_CALLS.has(value.name)) return false
    return !value.module || this.isKitSession(value.module)
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
   * The builder chain behind a `.handler()` call's receiver (or any builder expression).
   *
   * @example authorization.chain(module, handlerCall.expression).serverFn // true for `authAction().handler`
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

  /** kit-auth's builders (`authAction`...) imported from an auth module kit-auth could not read. */
  private trustBuilder(value: Value, chain: Chain): void {
    if (value.module || !value.name || !('from' in value) || !value.from) return
    if (/^(?:auth|organization|admin|createAdmin)Action$/.test(value.name) && /auth/i.test(value.from)) {
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

  /** kit-auth's middleware imported from an auth module kit-auth could not read. */
  private trustedMiddleware(value: Value): boolean {
    return !!value.name && KIT_MIDDLEWARE.has(value.name) && 'from' in value && !!value.from && /auth/i.test(value.from)
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
    const fn = this.functionOf(module, expression)
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

  /**
   * The function an expression stands for: inline, a `const` or import of one, a server function's
   * handler, or the function a wrapper call is given.
   */
  private functionOf(
    module: Module,
    expression: ts.Expression | ts.FunctionDeclaration | ts.MethodDeclaration,
    depth = 0,
  ): { module: Module; node: FunctionNode } | null {
    if (depth > 10) return null
    const node =
      ts.isFunctionDeclaration(expression) || ts.isMethodDeclaration(expression) ? expression : unwrap(expression)
    if (isFunctionNode(node)) return { module, node }
    if (this.modules.isReference(module, node)) {
      const value = this.modules.valueOf(module, node)
      return value.module ? this.functionOf(value.module, value.node, depth + 1) : null
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression)
      // a server function called from the server: its handler runs
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'handler' && node.arguments[0])
        return this.functionOf(module, node.arguments[0], depth + 1)
      // `withLogging(async () => ...)`: the function the wrapper is given
      for (const argument of node.arguments) {
        const inner = unwrap(argument)
        if (isFunctionNode(inner)) return { module, node: inner }
      }
    }
    return null
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
          this.readsSession(module, node.initializer, depth) ||
          this.isSessionValue(module, node.initializer, sessions, depth)
        )
          for (const name of patternNames(node.name)) sessions.add(name)
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(node.left) &&
        this.readsSession(module, node.right, depth)
      ) {
        sessions.add(node.left.text)
      }
    }
    const isSession = (expression: ts.Expression) => this.isSessionValue(module, expression, sessions, depth)
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
        if (depth < 20 && this.decideFunction(module, local, 'callee', depth + 1, new Set(sessions))) return true
        continue
      }
      if (this.enforces(module, call)) return true
      if (this.modules.isReference(module, callee) && this.authorizes(module, callee, 'callee', depth + 1)) return true
      // `assertSignedIn(session)`: a helper that throws when the session it is given is missing
      const index = call.arguments.findIndex((argument) => isSession(argument))
      if (index === -1) continue
      // `invariant(session)`, `assert(session)`: an assertion package throws on a falsy first argument
      if (index === 0 && this.isAssertion(module, callee)) return true
      if (!this.modules.isReference(module, callee)) continue
      const helper = this.functionOf(module, callee)
      const parameter = helper?.node.parameters[index]
      if (!helper || !parameter || !ts.isIdentifier(parameter.name) || depth > 20) continue
      const given = new Set([parameter.name.text])
      if (this.decideFunction(helper.module, helper.node, 'callee', depth + 1, given)) return true
    }
    return false
  }

  /**
   * Whether a request handler hands the request to Better Auth (`auth.handler(request)`): its
   * endpoints (sign-in, get-session...) authenticate the caller themselves.
   *
   * @example authorization.forwardsToBetterAuth(module, handler) // true for `({ request }) => auth.handler(request)`
   */
  forwardsToBetterAuth(module: Module, expression: ts.Expression | ts.MethodDeclaration): boolean {
    const fn = this.functionOf(module, expression)
    if (!fn) return false
    for (const node of ownNodes(fn.node)) {
      if (!ts.isCallExpression(node)) continue
      const callee = unwrap(node.expression)
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'handler')
        if (this.isBetterAuth(fn.module, callee.expression, 0)) return true
    }
    return false
  }

  /** True when an expression is a Better Auth instance: `betterAuth({...})`, a const or import of one, `getAuth()`. */
  private isBetterAuth(module: Module, expression: ts.Expression, depth: number): boolean {
    if (depth > 10) return false
    const value = this.modules.valueOf(module, expression)
    if (!value.module) return value.name === 'betterAuth'
    const node = value.node
    if (ts.isFunctionDeclaration(node) || isFunctionNode(node))
      return returnedValues(node).some((returned) => this.isBetterAuth(value.module!, returned, depth + 1))
    if (!ts.isCallExpression(node)) return false
    // `createServerOnlyFn(() => betterAuth(...))`, `memoize(() => ...)`: what the wrapped function returns
    for (const argument of node.arguments) {
      const fn = unwrap(argument)
      if (!isFunctionNode(fn)) continue
      if (returnedValues(fn).some((returned) => this.isBetterAuth(value.module!, returned, depth + 1))) return true
    }
    const callee = unwrap(node.expression)
    if (!this.modules.isReference(value.module, callee)) return false
    return this.isBetterAuth(value.module, callee, depth + 1)
  }

  /** True when an expression holds a session read: `await getSession()`, `(await getUser())?.id`. */
  private readsSession(module: Module, expression: ts.Expression, depth: number): boolean {
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
    const fn = this.functionOf(module, callee)
    if (!fn) return false
    const cached = this.sessionMemo.get(fn.node)
    if (cached !== undefined) return cached
    this.sessionMemo.set(fn.node, false)
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
    this.sessionMemo.set(fn.node, result)
    return result
  }

  /** True when an expression is (part of) the session: a session variable, `context.user`, a session read. */
  private isSessionValue(module: Module, expression: ts.Expression, sessions: Set<string>, depth: number): boolean {
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
    // `context.user`, `ctx.context.session`: what the middleware put there
    const chain = [node.text, ...names]
    const at = chain.indexOf('context')
    return at !== -1 && CONTEXT_SESSION.has(chain[at + 1] ?? '')
  }
}

function* identifiersIn(node: ts.Node): Generator<string> {
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

/** The branch leaves the function: it throws, or (outside `callee` mode) returns a refusal. */
function leaves(statement: ts.Statement, mode: Mode): boolean {
  if (ts.isThrowStatement(statement)) return true
  if (ts.isReturnStatement(statement)) return mode !== 'callee' && refuses(statement.expression)
  return ts.isBlock(statement) && statement.statements.some((inner) => leaves(inner, mode))
}

/**
 * What an anonymous caller may be given instead of data: nothing (`return`, null, undefined, [], {}),
 * a 401 or 403 response (`new Response(..., { status: 401 })`, `json(...)`, `Response.json(...)`),
 * `redirect(...)` or `notFound()`. `return next()` goes on, and is no refusal.
 */
function refuses(expression: ts.Expression | undefined): boolean {
  if (isEmptyValue(expression)) return true
  let node = unwrap(expression!)
  if (ts.isAwaitExpression(node)) node = unwrap(node.expression)
  if (ts.isNewExpression(node)) return nameOf(node.expression) === 'Response' && deniesStatus(node.arguments?.[1])
  if (!ts.isCallExpression(node)) return false
  const name = nameOf(node.expression)
  if (name === 'redirect' || name === 'notFound') return true
  return name === 'json' && deniesStatus(node.arguments[1])
}

/** Response options with `status: 401` or `403`. */
function deniesStatus(options: ts.Expression | undefined): boolean {
  const object = options && unwrap(options)
  if (!object || !ts.isObjectLiteralExpression(object)) return false
  const status = findProperty(object, 'status')
  const value = status && propertyValue(status)
  return !!value && ts.isNumericLiteral(value) && (value.text === '401' || value.text === '403')
}

/** `if (!session) throw ...`, `if (session) {...} else { throw ... }`, `if (session) { return data } return null`. */
function refusesByIf(statement: ts.IfStatement, mode: Mode, isSession: (e: ts.Expression) => boolean): boolean {
  if (missing(statement.expression, isSession) && leaves(statement.thenStatement, mode)) return true
  const otherwise = statement.elseStatement
  if (otherwise && present(statement.expression, isSession) && leaves(otherwise, mode)) return true
  return mode !== 'callee' && present(statement.expression, isSession) && onlyNothingAfter(statement)
}

/** `session ? data : null`, `!session ? null : data`: what a handler returns. */
function refusesByCondition(expression: ts.Expression, isSession: (e: ts.Expression) => boolean): boolean {
  let node = unwrap(expression)
  if (ts.isAwaitExpression(node)) node = unwrap(node.expression)
  if (!ts.isConditionalExpression(node)) return false
  if (present(node.condition, isSession) && refuses(node.whenFalse)) return true
  return missing(node.condition, isSession) && refuses(node.whenTrue)
}

/**
 * The statements of a body that run for every caller, in order: blocks opened, and a `try` whose catch
 * refuses (or that has none) opened too; a `try` whose catch swallows the error stays whole, and what it
 * checks does not count.
 */
function* unconditionalStatements(statements: readonly ts.Statement[], mode: Mode): Generator<ts.Statement> {
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
function unconditionalCalls(root: ts.Node): ts.CallExpression[] {
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

/** The nodes of a statement, not descending into nested functions. */
function* statementNodes(root: ts.Node): Generator<ts.Node> {
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
function returnsData(statement: ts.Statement, mode: Mode): boolean {
  for (const node of statementNodes(statement))
    if (ts.isReturnStatement(node) && (mode === 'callee' || !refuses(node.expression))) return true
  return false
}

/** A statement that changes data (`await db.delete(id)`): a check after it comes too late. */
function writes(statement: ts.Statement): boolean {
  for (const node of statementNodes(statement)) {
    if (!ts.isCallExpression(node)) continue
    const name = nameOf(node.expression)
    if (name && WRITE.test(name) && !NOT_WRITE.test(name)) return true
  }
  return false
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
