import ts from '../../../lib/typescript.js'
import type { TextEdit } from './edits.js'
import { isReferenced, topLevelBindings } from './bindings.js'
import { compareImports, naturalCompare } from './sort-imports.js'
import { commaAfter, indentAt, lineStart, sameLineComment, startsLine } from './trivia.js'

/** Prettier's default, which the generated files are formatted with too. */
const PRINT_WIDTH = 80

/** How new import lines are written: the app's quotes, semicolons and indent unit. */
export interface ImportStyle {
  quote: 'single' | 'double'
  semicolons: boolean
  indent: string
  /** Imports kept in Biome's order (sort-imports.ts): new ones go where it puts them. */
  sortImports?: boolean
  /** The formatter's line width (80 when unset). */
  printWidth?: number
}

export interface NamedImport {
  /** Module specifier, e.g. `#/lib/auth/guards`. */
  from: string
  names: string[]
}

/**
 * Edits that make `names` importable from `from` in a parsed file: reuses an existing
 * (non type-only, named) import of the same module, else adds an import line after the last
 * one. Names already imported from that module are not repeated. A name may be `x as y`.
 *
 * @example addNamedImports(sourceFile, { from: '#/lib/auth/guards', names: ['requireAuth'] }, style)
 */
export function addNamedImports(sourceFile: ts.SourceFile, wanted: NamedImport, style: ImportStyle): TextEdit[] {
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
  if (bindings && ts.isNamedImports(bindings) && style.sortImports && bindings.elements.length > 0)
    return [sortedNamedImports(sourceFile, bindings, missing, style)]
  if (bindings && ts.isNamedImports(bindings)) {
    const last = bindings.elements.at(-1)
    if (last && bindings.elements.hasTrailingComma) {
      // after the trailing comma: on lines of their own when the import is spread over lines (as Prettier wraps it)
      const text = sourceFile.text
      const comma = commaAfter(text, last)
      const start = last.getStart(sourceFile)
      if (!startsLine(text, start)) return [{ start: comma + 1, end: comma + 1, text: ` ${missing.join(', ')},` }]
      const at = sameLineComment(text, comma + 1).end
      const indent = indentAt(text, start)
      return [{ start: at, end: at, text: missing.map((name) => `\n${indent}${name},`).join('') }]
    }
    if (last) return [{ start: last.end, end: last.end, text: `, ${missing.join(', ')}` }]
    // `import {} from 'x'`
    return [{ start: bindings.getStart(sourceFile) + 1, end: bindings.end - 1, text: ` ${missing.join(', ')} ` }]
  }

  const quote = style.quote === 'single' ? "'" : '"'
  const tail = ` from ${quote}${wanted.from}${quote}${style.semicolons ? ';' : ''}`
  // A new import is all ours: wrapped the way Prettier would when it passes 80 columns.
  const oneLine = `import { ${missing.join(', ')} }${tail}`
  // (Prettier keeps a single name on one line however long.)
  const line =
    oneLine.length <= (style.printWidth ?? PRINT_WIDTH) || missing.length === 1
      ? oneLine
      : `import {\n${missing.map((name) => `${style.indent}${name},\n`).join('')}}${tail}`
  const before = style.sortImports ? importAfter(sourceFile, wanted.from) : undefined
  if (before) {
    const at = lineStart(sourceFile.text, before.getStart(sourceFile))
    return [{ start: at, end: at, text: `${line}\n` }]
  }
  const lastImport = imports.at(-1)
  if (lastImport) return [{ start: lastImport.end, end: lastImport.end, text: `\n${line}` }]
  const start = firstStatementStart(sourceFile)
  return [{ start, end: start, text: `${line}\n${start < sourceFile.text.length ? '\n' : ''}` }]
}

/** The first import of the leading block that Biome's order puts after a value import of `from`. */
function importAfter(sourceFile: ts.SourceFile, from: string): ts.ImportDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return undefined
    const other = { source: statement.moduleSpecifier.text, typeOnly: statement.importClause?.isTypeOnly ?? false }
    if (compareImports({ source: from, typeOnly: false }, other) < 0) return statement
  }
  return undefined
}

/** The edit that rewrites an import's braces with `added` among its names, all in natural order, wrapped as before. */
function sortedNamedImports(
  sourceFile: ts.SourceFile,
  bindings: ts.NamedImports,
  added: string[],
  style: ImportStyle,
): TextEdit {
  const names = [
    ...bindings.elements.map((element) => ({
      key: (element.propertyName ?? element.name).text,
      text: element.getText(sourceFile),
    })),
    // (`sendEmail as kitAuthSendEmail` sorts by the export's name, as Biome sorts it)
    ...added.map((name) => ({ key: name.split(' ')[0]!, text: name })),
  ].sort((a, b) => naturalCompare(a.key, b.key))
  const text = sourceFile.text
  const declaration = bindings.parent.parent
  const oneLine = `{ ${names.map((name) => name.text).join(', ')} }`
  const width = declaration.getText(sourceFile).length - bindings.getText(sourceFile).length + oneLine.length
  const multiline = bindings.getText(sourceFile).includes('\n') || width > (style.printWidth ?? PRINT_WIDTH)
  const indent = multiline ? indentAt(text, bindings.elements[0]?.getStart(sourceFile) ?? 0) || style.indent : ''
  return {
    start: bindings.getStart(sourceFile),
    end: bindings.end,
    text: multiline ? `{\n${names.map((name) => `${indent}${name.text},`).join('\n')}\n}` : oneLine,
  }
}

/**
 * `addNamedImports` for the names the file does not bind yet in any way: a name it declares or
 * imports from elsewhere is left to the file.
 *
 * @example addMissingImports(sourceFile, { from: 'better-auth/plugins', names: ['admin'] }, style)
 */
export function addMissingImports(sourceFile: ts.SourceFile, wanted: NamedImport, style: ImportStyle): TextEdit[] {
  const bound = topLevelBindings(sourceFile)
  return addNamedImports(
    sourceFile,
    { from: wanted.from, names: wanted.names.filter((name) => !bound.has(name)) },
    style,
  )
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

/**
 * Adds a whole import line (`import Database from 'better-sqlite3'`, given without its semicolon)
 * after the last import, or at the top of the file.
 *
 * @example addImportLine(sourceFile, "import * as authSchema from './auth-schema'", style)
 */
export function addImportLine(sourceFile: ts.SourceFile, line: string, style: ImportStyle): TextEdit[] {
  const statement = `${line}${style.semicolons ? ';' : ''}`
  const from = /\bfrom\s*['"]([^'"]+)['"]\s*$/.exec(line)?.[1]
  const before = style.sortImports && from !== undefined ? importAfter(sourceFile, from) : undefined
  if (before) {
    const at = lineStart(sourceFile.text, before.getStart(sourceFile))
    return [{ start: at, end: at, text: `${statement}\n` }]
  }
  const lastImport = sourceFile.statements.filter(ts.isImportDeclaration).at(-1)
  if (lastImport) return [{ start: lastImport.end, end: lastImport.end, text: `\n${statement}` }]
  return [{ start: 0, end: 0, text: `${statement}\n\n` }]
}

/** A module specifier quoted in the app's style. */
export function quoted(value: string, style: Pick<ImportStyle, 'quote'>): string {
  const quote = style.quote === 'single' ? "'" : '"'
  return `${quote}${value}${quote}`
}

/**
 * Edits that break named imports over several lines, as Prettier prints them, when an import
 * that is new or changed since `before` no longer fits in 80 columns. Imports that were already
 * there, byte for byte, stay as they were however long.
 *
 * @example wrapLongImports(parse(after, file), before, style)
 */
export function wrapLongImports(sourceFile: ts.SourceFile, before: string, style: ImportStyle): TextEdit[] {
  const text = sourceFile.text
  const edits: TextEdit[] = []
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue
    const source = statement.getText(sourceFile)
    const bindings = statement.importClause?.namedBindings
    if (source.includes('\n') || before.includes(source) || !bindings || !ts.isNamedImports(bindings)) continue
    const start = lineStart(text, statement.getStart(sourceFile))
    const end = text.indexOf('\n', statement.end) === -1 ? text.length : text.indexOf('\n', statement.end)
    if (text.slice(start, end).replace(/\r$/, '').length <= (style.printWidth ?? PRINT_WIDTH)) continue
    const elements = bindings.elements.map((element) => `${style.indent || '  '}${element.getText(sourceFile)},`)
    edits.push({ start: bindings.getStart(sourceFile), end: bindings.end, text: `{\n${elements.join('\n')}\n}` })
  }
  return edits
}

/**
 * Edits that remove the named import `local` from the import of a module `fromModule` accepts,
 * when nothing else in the file mentions it: the whole line when it was the import's only name
 * (with the blank line a first import was written with), else just the name.
 *
 * @example removeUnusedImport(sourceFile, 'requireAuth', (m) => m === '#/lib/auth/guards')
 */
export function removeUnusedImport(
  sourceFile: ts.SourceFile,
  local: string,
  fromModule: (specifier: string) => boolean,
): TextEdit[] {
  const text = sourceFile.text
  let specifier: ts.ImportSpecifier | undefined
  let declaration: ts.ImportDeclaration | undefined
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !fromModule(statement.moduleSpecifier.text)
    )
      continue
    const bindings = statement.importClause?.namedBindings
    const found =
      bindings && ts.isNamedImports(bindings)
        ? bindings.elements.find((element) => element.name.text === local)
        : undefined
    if (found) {
      specifier = found
      declaration = statement
      break
    }
  }
  if (!specifier || !declaration || isReferenced(sourceFile, local, specifier)) return []

  const clause = declaration.importClause
  const elements = (clause?.namedBindings as ts.NamedImports).elements
  if (elements.length === 1 && !clause?.name) {
    const start = declaration.getStart(sourceFile)
    const from = lineStart(text, start)
    const newline = text.indexOf('\n', declaration.end)
    const restOfLine = newline === -1 ? text.slice(declaration.end) : text.slice(declaration.end, newline)
    if (/^[ \t;]*\r?$/.test(restOfLine) && /^[ \t]*$/.test(text.slice(from, start))) {
      // the last line of the file: take the line break before it instead
      if (newline === -1) {
        const cut = Math.max(0, from - 1)
        return [{ start: text[cut - 1] === '\r' ? cut - 1 : cut, end: text.length, text: '' }]
      }
      let end = newline + 1
      // a file's first import was written with a blank line after it
      const onlyImport = sourceFile.statements.filter(ts.isImportDeclaration).length === 1
      const first = sourceFile.statements.find(
        (statement) => !(ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)),
      )
      if (onlyImport && first === declaration && /^\r?\n/.test(text.slice(end))) end = text.indexOf('\n', end) + 1
      return [{ start: from, end, text: '' }]
    }
    return [{ start, end: declaration.end, text: '' }]
  }
  const index = elements.indexOf(specifier)
  const next = elements[index + 1]
  const previous = elements[index - 1]
  const start = specifier.getStart(sourceFile)
  const comma = commaAfter(text, specifier)
  const after = comma === -1 ? specifier.end : comma + 1
  if (startsLine(text, start) && /^[ \t]*\r?\n/.test(text.slice(after))) {
    // a name on a line of its own (an import spread over lines) goes with its line, comments of others stay
    const edits = [{ start: lineStart(text, start), end: text.indexOf('\n', after) + 1, text: '' }]
    const previousComma = previous && !next && comma === -1 ? commaAfter(text, previous) : -1
    if (previousComma !== -1) edits.push({ start: previousComma, end: previousComma + 1, text: '' })
    return edits
  }
  if (next) return [{ start, end: next.getStart(sourceFile), text: '' }]
  if (previous) return [{ start: previous.end, end: specifier.end, text: '' }]
  return []
}
