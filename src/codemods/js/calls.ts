import ts from '../../../lib/typescript.js'
import { constInitializer, declarationAround } from './bindings.js'
import { unwrap, unwrappedParent, variableInitializer } from './unwrap.js'

/**
 * The first call (depth first) whose callee is one of the identifiers `names`.
 *
 * @example findCall(sourceFile, new Set(['betterAuth']))
 */
export function findCall(node: ts.Node, names: ReadonlySet<string>): ts.CallExpression | undefined {
  return findCalls(node, names)[0]
}

/** Every call whose callee is one of the identifiers `names`, in source order. */
export function findCalls(node: ts.Node, names: ReadonlySet<string>): ts.CallExpression[] {
  const found: ts.CallExpression[] = []
  const visit = (child: ts.Node): void => {
    if (ts.isCallExpression(child) && ts.isIdentifier(child.expression) && names.has(child.expression.text))
      found.push(child)
    ts.forEachChild(child, visit)
  }
  visit(node)
  return found
}

/**
 * The variable a call initializes (`const auth = betterAuth(...)`, also through `satisfies`/`as`), or null.
 *
 * @example declarationOf(call)?.name.getText() // 'auth'
 */
export function declarationOf(call: ts.Expression): ts.VariableDeclaration | null {
  const owner = unwrappedParent(call)
  return ts.isVariableDeclaration(owner) ? owner : null
}

/**
 * The name of the function an expression calls, as imported (`admin()`, `plugins.admin()`, or
 * `adminPlugin()` when imported `{ admin as adminPlugin }`), or null when it is not a call.
 *
 * @example calleeName(element, importedNames(sourceFile)) // 'admin'
 */
export function calleeName(expression: ts.Expression, imports: ReadonlyMap<string, string>): string | null {
  const node = unwrap(expression)
  if (!ts.isCallExpression(node)) return null
  const callee = node.expression
  if (ts.isIdentifier(callee)) return imports.get(callee.text) ?? callee.text
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text
  return null
}

/**
 * `calleeName`, through the const a name holds (`const cookies = tanstackStartCookies() as BetterAuthPlugin`, then
 * `plugins: [cookies]`): in a scope around it, else at the file's top level.
 *
 * @example heldCalleeName(element, importedNames(sourceFile)) // 'tanstackStartCookies' for `cookies`
 */
export function heldCalleeName(expression: ts.Expression, imports: ReadonlyMap<string, string>): string | null {
  const node = unwrap(expression)
  if (!ts.isIdentifier(node)) return calleeName(node, imports)
  const declaration = declarationAround(node, node.text)
  const value =
    declaration === undefined ? variableInitializer(node.getSourceFile(), node.text) : constInitializer(declaration)
  return value ? calleeName(value, imports) : null
}

/** The statement of the file that holds `node`. */
export function topLevelStatementOf(node: ts.Node): ts.Node {
  let current = node
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent
  return current
}

/** A module-level function that makes and returns a value (`enclosingFactory`). */
export interface Factory {
  /** The binding that holds it: `createAuth` in `const createAuth = (env) => ...` or `function createAuth(env)`. */
  name: string
  /** Parameters a caller must pass (no default, not optional, not rest). */
  required: number
  /** Parameters a caller may leave out (a default, `?`, rest), when there are any. */
  optional?: number
  /** Set for an `async` function: what it returns is a promise of the instance. */
  async?: true
}

/**
 * The module-level function that returns `expression`, when it is made inside one:
 * `const f = (env) => make()`, `function f(db) { return make() }`, a wrapped function
 * (`const f = createServerOnlyFn(() => make())`, which is called the same way), or a memo
 * (`return (cached ??= make())`). Null for a value made at module level or anywhere else.
 *
 * @example enclosingFactory(call)
 *   // { name: 'getAuth', required: 1 } for `export function getAuth(db) { return betterAuth(...) }`
 */
export function enclosingFactory(expression: ts.Expression): Factory | null {
  let node: ts.Node = expression
  let owner = unwrappedParent(node)
  // `cached ??= make()`, `cached = make()`, `cached ?? make()`: the memo returns what it made.
  while (ts.isBinaryExpression(owner) && owner.right === unwrapped(node, owner)) {
    node = owner
    owner = unwrappedParent(owner)
  }
  let fn: ts.Node | undefined
  if (ts.isArrowFunction(owner) && owner.body === unwrapped(node, owner)) fn = owner
  else if (ts.isReturnStatement(owner)) fn = functionAround(owner)
  else {
    // `const auth = betterAuth(...); ...; return auth`, or a memo: `cached = make(env); ...; return cached`
    const held =
      ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)
        ? owner.name
        : ts.isExpressionStatement(owner) && ts.isBinaryExpression(node) && ts.isIdentifier(node.left)
          ? node.left
          : null
    const scope = held ? functionAround(owner) : undefined
    fn = scope && held && returnsName(scope, held.text) ? scope : undefined
  }
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn))) return null
  const required = fn.parameters.filter(
    (parameter) => !parameter.initializer && !parameter.questionToken && !parameter.dotDotDotToken,
  ).length
  const counts = {
    ...(fn.parameters.length > required ? { required, optional: fn.parameters.length - required } : { required }),
    ...(fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ? { async: true as const } : {}),
  }
  if (ts.isFunctionDeclaration(fn))
    return fn.name && ts.isSourceFile(fn.parent) ? { name: fn.name.text, ...counts } : null
  let holder = unwrappedParent(fn)
  // createServerOnlyFn(() => ...), memoize(() => ...): the wrapper is called like the function.
  if (ts.isCallExpression(holder) && holder.arguments.length === 1) holder = unwrappedParent(holder)
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return null
  const statement = holder.parent.parent
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent)
    ? { name: holder.name.text, ...counts }
    : null
}

/** The function whose body holds `node` (not counting the top level), or undefined. */
export function functionAround(node: ts.Node): ts.SignatureDeclaration | undefined {
  let scope: ts.Node = node.parent
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent
  return scope && ts.isFunctionLike(scope) ? scope : undefined
}

/** True when one of `fn`'s own `return`s gives back the variable `name`. */
function returnsName(fn: ts.SignatureDeclaration, name: string): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isFunctionLike(node)) return false
    if (ts.isReturnStatement(node) && node.expression) {
      const value = unwrap(node.expression)
      if (ts.isIdentifier(value) && value.text === name) return true
    }
    return ts.forEachChild(node, visit) ?? false
  }
  return 'body' in fn && !!fn.body && ts.forEachChild(fn.body, visit) === true
}

/** `node` as `owner` holds it: the outermost wrapper (parentheses, `as`...) of `node` directly under `owner`. */
function unwrapped(node: ts.Node, owner: ts.Node): ts.Node {
  let current = node
  while (current.parent && current.parent !== owner) current = current.parent
  return current
}
