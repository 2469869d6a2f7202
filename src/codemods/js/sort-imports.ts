import ts from '../../../lib/typescript.js'
import { parse } from './parse.js'

/**
 * Import order as Biome's organizeImports (Biome 2, its defaults) sorts it: by "distance" (URLs,
 * packages with a protocol such as `node:`, packages, aliases (`@/`, `#`, `~`, `$`, `%`), then
 * paths), then by source in natural order; a type-only import before the value import of the
 * same source; named specifiers in natural order. Apps with Biome lint that order.
 */

/** Biome's distance group of a module source: lower comes first. */
export function importGroup(source: string): number {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return 0
  if (/^[a-z][a-z0-9+.-]*:/i.test(source)) return 1
  if (/^(@\/|[#~$%])/.test(source)) return 3
  if (source.startsWith('/') || source.startsWith('.')) return 4
  return 2
}

/**
 * Natural order as Biome applies it: runs of digits compare as numbers, letters compare ignoring
 * case first and then upper case first (`A < a < a9 < a10 < B < b`).
 *
 * @example ['b', 'B', 'a10', 'a9'].sort(naturalCompare) // ['a9', 'a10', 'B', 'b']
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const digitsA = /^\d+/.exec(a.slice(i))?.[0]
    const digitsB = /^\d+/.exec(b.slice(j))?.[0]
    if (digitsA && digitsB) {
      const difference = Number(digitsA) - Number(digitsB)
      if (difference !== 0) return difference
      i += digitsA.length
      j += digitsB.length
      continue
    }
    const charA = a.charAt(i)
    const charB = b.charAt(j)
    if (charA !== charB) {
      const lowerA = charA.toLowerCase()
      const lowerB = charB.toLowerCase()
      if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1
      return charA < charB ? -1 : 1
    }
    i++
    j++
  }
  return a.length - i - (b.length - j)
}

/** Where `source` goes among imports: group, then source, then a type-only import first. */
export function compareImports(
  a: { source: string; typeOnly: boolean },
  b: { source: string; typeOnly: boolean },
): number {
  return (
    importGroup(a.source) - importGroup(b.source) ||
    naturalCompare(a.source, b.source) ||
    Number(b.typeOnly) - Number(a.typeOnly)
  )
}

/** The name a specifier sorts by: what it imports (`a` in `a as b`). */
function specifierName(element: ts.ImportSpecifier): string {
  return (element.propertyName ?? element.name).text
}

/**
 * The file with its leading block of imports in Biome's order and each import's named
 * specifiers sorted; each import keeps its own text otherwise (a formatter wraps it after).
 * Left as it is when the block holds a side-effect import (`import './styles.css'`, whose
 * place can matter) or comments between imports.
 *
 * @example sortImportBlock("import b from './b'\nimport a from 'a'\n", 'x.ts')
 *   // "import a from 'a'\nimport b from './b'\n"
 */
export function sortImportBlock(text: string, fileName: string): string {
  const sourceFile = parse(text, fileName)
  const block: ts.ImportDeclaration[] = []
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) break
    block.push(statement)
  }
  const first = block[0]
  const last = block.at(-1)
  if (!first || !last) return text
  if (block.some((declaration) => !declaration.importClause || !ts.isStringLiteral(declaration.moduleSpecifier)))
    return text
  const start = first.getStart(sourceFile)
  for (let index = 1; index < block.length; index++) {
    const between = text.slice(block[index - 1]?.end ?? 0, block[index]?.getStart(sourceFile) ?? 0)
    if (between.trim() !== '') return text
  }
  const entries = block.map((declaration) => ({
    source: (declaration.moduleSpecifier as ts.StringLiteral).text,
    typeOnly: declaration.importClause?.isTypeOnly ?? false,
    text: sortedSpecifiers(declaration, sourceFile),
  }))
  const sorted = [...entries].sort(compareImports)
  return `${text.slice(0, start)}${sorted.map((entry) => entry.text).join('\n')}${text.slice(last.end)}`
}

/** An import's text with its named specifiers in natural order. */
function sortedSpecifiers(declaration: ts.ImportDeclaration, sourceFile: ts.SourceFile): string {
  const text = declaration.getText(sourceFile)
  const bindings = declaration.importClause?.namedBindings
  if (!bindings || !ts.isNamedImports(bindings) || bindings.elements.length < 2) return text
  const offset = declaration.getStart(sourceFile)
  const elements = [...bindings.elements].sort((a, b) => naturalCompare(specifierName(a), specifierName(b)))
  const names = elements.map((element) => element.getText(sourceFile)).join(', ')
  return `${text.slice(0, bindings.getStart(sourceFile) - offset)}{ ${names} }${text.slice(bindings.end - offset)}`
}
