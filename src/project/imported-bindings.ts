import ts from '../../lib/typescript.js'
import { unwrapAwaited } from '../codemods/js/unwrap.js'
import { walk } from './ast.js'

/** A name a module binds to another module's export: statically, or by destructuring a dynamic import. */
export interface ImportedBinding {
  /** The local name (`appAuth` in `import { auth as appAuth }`). */
  local: string
  /** The export it names: an export name, `default`, or `*` (a namespace import). */
  imported: string
  /** The module specifier, as written. */
  specifier: string
  /**
   * Set for `const { env } = await import('cloudflare:workers')`: the binding is local to the function that
   * imports, but holds the same module-level value a static import would.
   */
  dynamic?: true
}

/**
 * The names a file imports: `import a, { b as c } from 'm'`, `import * as n from 'm'`, and destructured dynamic
 * imports (`const { env } = await import('cloudflare:workers')`) anywhere in it. Type-only imports are left out.
 *
 * @example importedBindings(parseSource("import { env } from 'cloudflare:workers'", 'a.ts'))
 *   // [{ local: 'env', imported: 'env', specifier: 'cloudflare:workers' }]
 */
export function importedBindings(sourceFile: ts.SourceFile): ImportedBinding[] {
  const found: ImportedBinding[] = []
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
    const clause = statement.importClause
    if (!clause || clause.isTypeOnly) continue
    const specifier = statement.moduleSpecifier.text
    if (clause.name) found.push({ local: clause.name.text, imported: 'default', specifier })
    const named = clause.namedBindings
    if (named && ts.isNamespaceImport(named)) found.push({ local: named.name.text, imported: '*', specifier })
    else if (named) {
      for (const element of named.elements) {
        if (element.isTypeOnly) continue
        found.push({ local: element.name.text, imported: (element.propertyName ?? element.name).text, specifier })
      }
    }
  }
  for (const node of walk(sourceFile)) {
    if (!ts.isVariableDeclaration(node) || !node.initializer || !ts.isObjectBindingPattern(node.name)) continue
    const value = unwrapAwaited(node.initializer)
    if (!ts.isCallExpression(value) || value.expression.kind !== ts.SyntaxKind.ImportKeyword) continue
    const argument = value.arguments[0]
    if (!argument || !ts.isStringLiteralLike(argument)) continue
    for (const element of node.name.elements) {
      if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue
      const property = element.propertyName
      const imported = property && (ts.isIdentifier(property) || ts.isStringLiteral(property)) ? property.text : null
      found.push({
        local: element.name.text,
        imported: imported ?? element.name.text,
        specifier: argument.text,
        dynamic: true,
      })
    }
  }
  return found
}

/**
 * True when the file serves Better Auth's handler through `local`: `local.handler(`, `local(...).handler(` for
 * a factory (`auth(env).handler(request)`), or through a variable that holds either
 * (`const auth = createAuth(); return auth.handler(request)`).
 */
export function callsHandlerOf(sourceFile: ts.SourceFile, local: string): boolean {
  const holders = new Set([local])
  for (const node of walk(sourceFile)) {
    if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.initializer) continue
    if (isMadeBy(node.initializer, local)) holders.add(node.name.text)
  }
  for (const node of walk(sourceFile)) {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) continue
    if (node.expression.name.text !== 'handler') continue
    const target = node.expression.expression
    if (isMadeBy(target, local) || (ts.isIdentifier(target) && holders.has(target.text))) return true
  }
  return false
}

/** `local`, or `local(...)` (awaited or not). */
function isMadeBy(expression: ts.Expression, local: string): boolean {
  let value = unwrapAwaited(expression)
  if (ts.isCallExpression(value)) value = value.expression
  return ts.isIdentifier(value) && value.text === local
}
