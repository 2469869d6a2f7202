import ts from '../../../lib/typescript.js'
import { parse } from './parse.js'

/**
 * Names a module exports as values (`export function`, `export const`, `export { a as b }`).
 *
 * @example exportedNames("export const a = 1\nexport { b as c }", 'guards.ts') // ['a', 'c']
 */
export function exportedNames(text: string, fileName: string): string[] {
  const sourceFile = parse(text, fileName)
  const names: string[] = []
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && exported(statement)) names.push(statement.name.text)
    else if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text)
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.push(element.name.text)
    }
  }
  return names
}

/**
 * The import clause that binds `local` to a module's export `exportName`.
 *
 * @example importClause('myAuth', 'auth') // '{ myAuth as auth }' ('auth' -> '{ auth }', 'default' -> 'auth')
 */
export function importClause(exportName: string, local: string): string {
  if (exportName === 'default') return local
  return exportName === local ? `{ ${local} }` : `{ ${exportName} as ${local} }`
}
