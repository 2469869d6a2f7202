import ts from '../../../lib/typescript.js'
import { unwrap, unwrappedParent } from './unwrap.js'

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

/** The statement of the file that holds `node`. */
export function topLevelStatementOf(node: ts.Node): ts.Node {
  let current = node
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent
  return current
}
