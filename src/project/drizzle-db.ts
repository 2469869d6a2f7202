import ts from '../../lib/typescript.js'
import { parse } from '../codemods/js/parse.js'
import { unwrap, variableInitializer } from '../codemods/js/unwrap.js'

/** `drizzle(...)`, by that name. */
function isDrizzleCall(node: ts.Expression): boolean {
  const call = unwrap(node)
  if (!ts.isCallExpression(call)) return false
  const callee = unwrap(call.expression)
  return ts.isIdentifier(callee) && callee.text === 'drizzle'
}

/** What a function without parameters returns, when it is one expression: `() => x`, `() => { return x }`. */
function returned(node: ts.Expression): ts.Expression | null {
  const fn = unwrap(node)
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.length > 0) return null
  if (!ts.isBlock(fn.body)) return fn.body
  const last = fn.body.statements.at(-1)
  return last && ts.isReturnStatement(last) && last.expression ? last.expression : null
}

/**
 * Whether calling `callee` without arguments gives a Drizzle db: a function returning `drizzle(...)`,
 * or a wrapper such as `createServerOnlyFn(() => drizzle(...))` (the function it wraps), here or
 * through a const of the file.
 */
function makesDrizzle(sourceFile: ts.SourceFile, callee: ts.Expression): boolean {
  let node = unwrap(callee)
  if (ts.isIdentifier(node)) {
    const initializer = variableInitializer(sourceFile, node.text)
    if (!initializer) return false
    node = unwrap(initializer)
  }
  const body = returned(node)
  if (body) return isDrizzleCall(body)
  // createServerOnlyFn(() => drizzle(...)): a call whose one argument makes the db
  if (ts.isCallExpression(node) && node.arguments.length === 1) {
    const inner = returned(node.arguments[0]!)
    return !!inner && isDrizzleCall(inner)
  }
  return false
}

/**
 * The exported const that holds an app's Drizzle db in a module, or null: `export const db = drizzle(...)`,
 * or the db a function makes (`const getDatabase = createServerOnlyFn(() => drizzle({ client, schema }))`
 * then `export const db = getDatabase()`).
 *
 * @example drizzleDbExport("export const db = drizzle(client)", 'src/db/index.ts') // 'db'
 */
export function drizzleDbExport(text: string, fileName: string): string | null {
  if (!text.includes('drizzle')) return null
  const sourceFile = parse(text, fileName)
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue
      const value = unwrap(declaration.initializer)
      if (isDrizzleCall(value)) return declaration.name.text
      if (ts.isCallExpression(value) && value.arguments.length === 0 && makesDrizzle(sourceFile, value.expression))
        return declaration.name.text
    }
  }
  return null
}
