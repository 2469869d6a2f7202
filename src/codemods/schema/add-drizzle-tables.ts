import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { boundNames } from '../js/bindings.js'
import type { TextEdit } from '../js/edits.js'
import { importOrRefuse } from '../own-imports.js'
import { addProperties, findProperty } from '../js/objects.js'
import { unwrap } from '../js/unwrap.js'
import type { Transform } from '../transform.js'

/** Drizzle code to add, formatted in the app's style, with the column builders it calls. */
export interface DrizzlePiece {
  name: string
  /** A table: the whole `export const x = sqliteTable(...)`; a column: its property's lines (no comma). */
  lines: string[]
  builders: string[]
}

export interface AddDrizzleTablesOptions {
  /** Columns for the exported `user` table. */
  columns: DrizzlePiece[]
  /** Tables to append (their references name `user`). */
  tables: DrizzlePiece[]
  /** Where the builders come from: `drizzle-orm/sqlite-core`... */
  module: string
  style: CodeStyle
}

export interface AddDrizzleTablesData {
  /** `no-user-table`: the file declares no `export const user = <table>('...', { ... })` to build on. */
  status: 'no-user-table' | 'done'
  added: string[]
}

/** The columns object of `export const user = sqliteTable('user', { ... })`, or null. */
function userColumns(sourceFile: ts.SourceFile): ts.ObjectLiteralExpression | null {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== 'user' || !declaration.initializer) continue
      const call = unwrap(declaration.initializer)
      const columns = ts.isCallExpression(call) ? call.arguments[1] : undefined
      const object = columns ? unwrap(columns) : undefined
      if (object && ts.isObjectLiteralExpression(object)) return object
    }
  }
  return null
}

/**
 * Adds a Better Auth plugin's schema to a Drizzle schema module: each column the exported `user`
 * table lacks (after its last column), each table the module does not declare yet (appended at its
 * end), and the column builders they call (an existing import of the module is extended). What is
 * there is kept, so a second run adds nothing. A module without an exported `user` table is left
 * alone (`data.status`).
 *
 * @example runTransform(text, 'src/db/auth-schema.ts', addDrizzleTables, { columns, tables, module,
 *   style }).data?.added
 */
export const addDrizzleTables: Transform<AddDrizzleTablesOptions, AddDrizzleTablesData> = (file, options) => {
  const { text, sourceFile } = file
  const user = userColumns(sourceFile)
  if (!user) return { edits: [], data: { status: 'no-user-table', added: [] } }
  const bound = boundNames(sourceFile).values
  const columns = options.columns.filter((column) => !findProperty(user, column.name))
  const tables = options.tables.filter((table) => !bound.has(table.name))
  const added = [...columns.map((column) => `user.${column.name}`), ...tables.map((table) => table.name)]
  if (added.length === 0) return { edits: [], data: { status: 'done', added } }

  const builders = [...new Set([...columns, ...tables].flatMap((piece) => piece.builders))]
  const edits: TextEdit[] = [...importOrRefuse(sourceFile, { from: options.module, names: builders }, options.style)]
  const unit = options.style.indent || '  '
  edits.push(
    ...addProperties(
      text,
      sourceFile,
      user,
      [],
      columns.map((column) => column.lines),
      unit,
    ),
  )
  if (tables.length > 0) {
    const code = tables.map((table) => `${table.lines.join('\n').replace(/\n*$/, '')}\n`).join('\n')
    // one blank line between the file's last line and the code
    const breaks = (/(?:\r?\n)*$/.exec(text)?.[0] ?? '').split('\n').length - 1
    edits.push({ start: text.length, end: text.length, text: '\n'.repeat(Math.max(0, 2 - breaks)) + code })
  }
  return { edits, changes: added, data: { status: 'done', added } }
}
