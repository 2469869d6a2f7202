import ts from '../../../lib/typescript.js'
import type { ImportStyle } from '../js/imports.js'
import { quoted } from '../js/imports.js'
import { sameLineComment } from '../js/trivia.js'
import type { Transform } from '../transform.js'

export interface AddExportAllOptions {
  /** The module to re-export, written as the file should import it: `./auth-schema`. */
  from: string
  style: Pick<ImportStyle, 'quote' | 'semicolons'>
}

/** `./a`, `./a.ts` and `./a.js` name the same module. */
const withoutExtension = (specifier: string) => specifier.replace(/\.(?:[cm]?[jt]sx?)$/, '')

/**
 * Adds `export * from '<from>'` (a schema file that drizzle-kit reads must re-export the tables of
 * another): after the file's last `export ... from`, so that re-exports stay together, or else at
 * its end. Nothing changes when the file already re-exports everything from that module.
 *
 * @example runTransform(text, 'src/db/schema.ts', addExportAll, { from: './auth-schema', style })
 */
export const addExportAll: Transform<AddExportAllOptions> = ({ text, sourceFile }, options) => {
  const reexports = sourceFile.statements.filter(
    (statement): statement is ts.ExportDeclaration & { moduleSpecifier: ts.StringLiteral } =>
      ts.isExportDeclaration(statement) && !!statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier),
  )
  const present = reexports.some(
    (statement) =>
      !statement.exportClause &&
      !statement.isTypeOnly &&
      withoutExtension(statement.moduleSpecifier.text) === withoutExtension(options.from),
  )
  if (present) return { edits: [] }
  const line = `export * from ${quoted(options.from, options.style)}${options.style.semicolons ? ';' : ''}`
  const last = reexports.at(-1)
  if (last) {
    const at = sameLineComment(text, last.end).end
    return { edits: [{ start: at, end: at, text: `\n${line}` }] }
  }
  // a blank line after the last code or comment; the blank lines that end the file stay after it
  const end = text.replace(/\s+$/, '').length
  if (end === 0) return { edits: [{ start: 0, end: 0, text: `${line}\n` }] }
  return { edits: [{ start: end, end, text: `\n\n${line}${end === text.length ? '\n' : ''}` }] }
}
