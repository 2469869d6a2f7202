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

/**
 * The name a local binding is exported under by a later statement (`export { x as y }`,
 * `export default x`), or null.
 *
 * @example exportNameOf(parse('const x = 1\nexport { x as y }', 'a.ts'), 'x') // 'y'
 */
export function exportNameOf(sourceFile: ts.SourceFile, local: string): string | null {
  for (const statement of sourceFile.statements) {
    if (
      ts.isExportAssignment(statement) &&
      ts.isIdentifier(statement.expression) &&
      statement.expression.text === local
    )
      return 'default'
    if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      const specifier = statement.exportClause.elements.find(
        (element) => (element.propertyName ?? element.name).getText(sourceFile) === local,
      )
      if (specifier) return specifier.name.getText(sourceFile)
    }
  }
  return null
}

/**
 * The name a module-level binding is exported under (`export const`, `export function`,
 * `export default function`, `export { x as y }`, `export default x`), or null.
 *
 * @example exportedName(parse('export function getAuth() {}', 'a.ts'), 'getAuth') // 'getAuth'
 */
export function exportedName(sourceFile: ts.SourceFile, local: string): string | null {
  for (const statement of sourceFile.statements) {
    const exported = (ts.isVariableStatement(statement) || ts.isFunctionDeclaration(statement)) && hasExport(statement)
    if (!exported) continue
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === local)
      return statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) ? 'default' : local
    if (
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === local)
    )
      return local
  }
  return exportNameOf(sourceFile, local)
}

/** True when a statement carries `export`. */
function hasExport(statement: ts.VariableStatement | ts.FunctionDeclaration): boolean {
  return statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false
}
