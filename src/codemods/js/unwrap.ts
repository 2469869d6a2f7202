import ts from '../../../lib/typescript.js'
import { walk } from './parse.js'

/** How many identifier hops `resolveConst` follows before giving up (guards against cycles). */
const MAX_HOPS = 10

/**
 * Strips what does not change a value: parentheses, `as`, `satisfies`, `<T>x` and `x!`.
 *
 * @example unwrap(parse('({ a: 1 } satisfies A)')) // the object literal
 */
export function unwrap(expression: ts.Expression): ts.Expression {
  let node = expression
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isNonNullExpression(node)
  ) {
    node = node.expression
  }
  return node
}

/**
 * `unwrap`, through `await` too: the value an awaited expression stands for.
 *
 * @example unwrapAwaited(initializer) // the `import('m')` call of `await (import('m'))`
 */
export function unwrapAwaited(expression: ts.Expression): ts.Expression {
  let node = unwrap(expression)
  while (ts.isAwaitExpression(node)) node = unwrap(node.expression)
  return node
}

/** The nearest ancestor that is not a wrapper `unwrap` strips: what really holds `node`. */
export function unwrappedParent(node: ts.Node): ts.Node {
  let owner = node.parent
  while (
    ts.isParenthesizedExpression(owner) ||
    ts.isAsExpression(owner) ||
    ts.isSatisfiesExpression(owner) ||
    ts.isTypeAssertionExpression(owner) ||
    ts.isNonNullExpression(owner)
  ) {
    owner = owner.parent
  }
  return owner
}

export interface ResolveOptions {
  /**
   * Where a variable may be declared: `top-level` (a statement of the file, the default: what a
   * module-level `const options = {...}` is) or `anywhere` in the file (config files whose
   * object is built inside a function).
   */
  scope?: 'top-level' | 'anywhere'
}

/**
 * The initializer of the variable `name` the file declares (see `ResolveOptions.scope`), or undefined.
 *
 * @example variableInitializer(sourceFile, 'options')
 */
export function variableInitializer(
  sourceFile: ts.SourceFile,
  name: string,
  options: ResolveOptions = {},
): ts.Expression | undefined {
  if (options.scope === 'anywhere') {
    for (const node of walk(sourceFile)) {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer)
        return node.initializer
    }
    return undefined
  }
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer)
        return declaration.initializer
    }
  }
  return undefined
}

/**
 * `unwrap`s an expression and follows identifiers to the initializers of the variables they name,
 * in the same file, as far as that goes.
 *
 * @example resolveConst(call.arguments[0]) // `{...}` for `const options = {...}; betterAuth(options)`
 */
export function resolveConst(expression: ts.Expression, options: ResolveOptions = {}): ts.Expression {
  let node = unwrap(expression)
  for (let hops = 0; ts.isIdentifier(node) && hops < MAX_HOPS; hops++) {
    const initializer = variableInitializer(node.getSourceFile(), node.text, options)
    if (!initializer) break
    node = unwrap(initializer)
  }
  return node
}

/** The object literal an expression resolves to (see `resolveConst`), or null. */
export function objectLiteralOf(
  expression: ts.Expression | undefined,
  options: ResolveOptions = {},
): ts.ObjectLiteralExpression | null {
  if (!expression) return null
  const value = resolveConst(expression, options)
  return ts.isObjectLiteralExpression(value) ? value : null
}

/**
 * The value of a string constant the file declares at its top level, or null.
 *
 * @example stringConstant(parse("export const HOME = '/app'", 'a.ts'), 'HOME') // '/app'
 */
export function stringConstant(sourceFile: ts.SourceFile, name: string): string | null {
  const initializer = variableInitializer(sourceFile, name)
  return initializer && ts.isStringLiteralLike(initializer) ? initializer.text : null
}

/** `||` and `??`: the operators whose right side is the value when the left one is missing. */
export function isFallback(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken
}
