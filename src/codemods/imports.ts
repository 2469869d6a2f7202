import ts from '../../lib/typescript.js'
import type { CodeStyle } from '../project/types.js'
import type { TextEdit } from './edits.js'

/** Prettier's default, which the generated files are formatted with too (core/format.ts). */
const PRINT_WIDTH = 80

export interface NamedImport {
  /** Module specifier, e.g. `#/lib/auth/guards`. */
  from: string
  names: string[]
}

/**
 * Edits that make `names` importable from `from` in a parsed file: reuses an existing
 * (non type-only, named) import of the same module, else adds an import line after the last
 * one. Names already imported from that module are not repeated.
 *
 * @example addNamedImports(sourceFile, { from: '#/lib/auth/guards', names: ['requireAuth'] }, style)
 */
export function addNamedImports(sourceFile: ts.SourceFile, wanted: NamedImport, style: CodeStyle): TextEdit[] {
  const imports = sourceFile.statements.filter(ts.isImportDeclaration)
  const sameModule = imports.filter(
    (declaration) =>
      ts.isStringLiteral(declaration.moduleSpecifier) && declaration.moduleSpecifier.text === wanted.from,
  )
  const present = new Set(
    sameModule.flatMap((declaration) => {
      const bindings = declaration.importClause?.namedBindings
      return bindings && ts.isNamedImports(bindings) && !declaration.importClause?.isTypeOnly
        ? bindings.elements.filter((element) => !element.isTypeOnly).map((element) => element.name.text)
        : []
    }),
  )
  const missing = wanted.names.filter((name) => !present.has(name))
  if (missing.length === 0) return []

  const reusable = sameModule.find((declaration) => {
    const clause = declaration.importClause
    return clause && !clause.isTypeOnly && clause.namedBindings && ts.isNamedImports(clause.namedBindings)
  })
  const bindings = reusable?.importClause?.namedBindings
  if (bindings && ts.isNamedImports(bindings)) {
    const last = bindings.elements.at(-1)
    if (last) {
      const trailingComma = bindings.elements.hasTrailingComma
      const text = trailingComma ? ` ${missing.join(', ')},` : `, ${missing.join(', ')}`
      const at = trailingComma ? bindings.elements.end + 1 : last.end
      return [{ start: at, end: at, text }]
    }
    // `import {} from 'x'`
    return [{ start: bindings.getStart(sourceFile) + 1, end: bindings.end - 1, text: ` ${missing.join(', ')} ` }]
  }

  const quote = style.quote === 'single' ? "'" : '"'
  const tail = ` from ${quote}${wanted.from}${quote}${style.semicolons ? ';' : ''}`
  // A new import is all ours: wrapped the way Prettier would when it passes 80 columns.
  const oneLine = `import { ${missing.join(', ')} }${tail}`
  // (Prettier keeps a single name on one line however long.)
  const line =
    oneLine.length <= PRINT_WIDTH || missing.length === 1
      ? oneLine
      : `import {\n${missing.map((name) => `${style.indent}${name},\n`).join('')}}${tail}`
  const lastImport = imports.at(-1)
  if (lastImport) return [{ start: lastImport.end, end: lastImport.end, text: `\n${line}` }]
  const start = firstStatementStart(sourceFile)
  return [{ start, end: start, text: `${line}\n${start < sourceFile.text.length ? '\n' : ''}` }]
}

/** Where a new first statement goes: after leading directives like 'use client' and the header comments they carry. */
function firstStatementStart(sourceFile: ts.SourceFile): number {
  const directives = sourceFile.statements.filter(
    (statement) => ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression),
  )
  const lastDirective = directives.at(-1)
  if (lastDirective && sourceFile.statements.indexOf(lastDirective) === directives.length - 1) {
    const end = lastDirective.end
    return sourceFile.text.indexOf('\n', end) === -1 ? end : sourceFile.text.indexOf('\n', end) + 1
  }
  return 0
}
