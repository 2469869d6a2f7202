import type ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { declaredAround, topLevelBindings } from '../js/bindings.js'
import { topLevelStatementOf } from '../js/calls.js'
import type { TextEdit } from '../js/edits.js'
import { addImportLine, quoted } from '../js/imports.js'
import type { SameModule } from '../js/import-as.js'
import { appModule, describeBinding, importOrRefuse, samePackage } from '../own-imports.js'
import { refuse } from '../transform.js'
import { addCallOptions, findProperty, hasSpread } from '../js/objects.js'
import { leadingCommentStart } from '../js/trivia.js'
import type { Transform } from '../transform.js'
import { instanceOf, type InstanceOptions } from './find-instance.js'

/** The database to give an instance that has none (the one kit-auth's own auth.ts would use). */
export type DatabaseChoice =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres' }
  /** The app's own Drizzle `db` (its export name, module) and the generated auth schema module. */
  | {
      kind: 'drizzle'
      provider: string
      dbExport: string
      dbFrom: string
      schemaFrom: string
      /** Whether a specifier of the instance's file names the module `dbFrom` does (the plan resolves paths). */
      sameModule: SameModule
    }

export interface AddDatabaseOptions extends InstanceOptions {
  /** null: never add one. */
  database: DatabaseChoice | null
  style: CodeStyle
}

/**
 * Gives an app's `betterAuth(...)` instance a `database` (first in its options) when it names none
 * and spreads nothing that may hold one, with what that needs: imports, and for SQLite the
 * database path and its folder, before the statement that holds the options.
 *
 * @example runTransform(text, 'src/lib/auth.ts', addDatabase, { database: { kind: 'postgres' }, style }, { style })
 */
export const addDatabase: Transform<AddDatabaseOptions> = (file, options) => {
  const { text, sourceFile } = file
  const { call, options: config } = instanceOf(file, options)
  const database = options.database
  if (!database || (config && (findProperty(config, 'database') || hasSpread(config)))) return { edits: [] }
  const { style } = options
  const semi = style.semicolons ? ';' : ''
  const bound = topLevelBindings(sourceFile)
  const edits: TextEdit[] = []
  // names used in the `database` property are checked against the locals around it (a factory's own);
  // `mkdirSync` and `dirname` go in a top-level statement, where only top-level names count
  const where = config ?? call
  const importNames = (from: string, names: string[], same = samePackage, at: ts.Node | null = where) =>
    edits.push(...importOrRefuse(sourceFile, { from, names }, style, { same, at: at ?? undefined }))
  /** A default (`default`) or namespace (`*`) import; a name the file binds to something else is refused. */
  const importLine = (local: string, imported: string, from: string, line: string, same: SameModule = appModule) => {
    if (declaredAround(where, local))
      throw refuse(
        file.fileName,
        `kit-auth's \`database\` uses \`${local}\` from ${from}, but a local \`${local}\` of the function around ` +
          'the betterAuth options would take its place.',
        `Rename yours so that \`${local}\` is free, then run the command again.`,
      )
    const binding = bound.get(local)
    if (!binding) return edits.push(...addImportLine(sourceFile, line, style))
    if (binding.kind === 'import' && binding.imported === imported && !binding.typeOnly && same(binding.from!, from))
      return
    throw refuse(
      file.fileName,
      `kit-auth's \`database\` uses \`${local}\` from ${from}, but this file already binds it to ` +
        `${describeBinding(local, binding)}.`,
      `Rename yours so that \`${local}\` is free, then run the command again.`,
    )
  }
  let property: string
  let change: string
  if (database.kind === 'sqlite') {
    // before the statement that holds the options (a `const options = {...}` may come before the call)
    const at = leadingCommentStart(text, topLevelStatementOf(config ?? call))
    edits.push({
      start: at,
      end: at,
      text:
        `const databasePath = process.env.DATABASE_PATH ?? ${quoted(database.path, style)}${semi}\n` +
        `mkdirSync(dirname(databasePath), { recursive: true })${semi}\n\n`,
    })
    property = 'database: new Database(databasePath)'
    importNames('node:fs', ['mkdirSync'], samePackage, null)
    importNames('node:path', ['dirname'], samePackage, null)
    importLine('Database', 'default', 'better-sqlite3', `import Database from ${quoted('better-sqlite3', style)}`)
    change = 'database (SQLite, better-sqlite3)'
  } else if (database.kind === 'drizzle') {
    const { provider, dbExport, dbFrom, schemaFrom } = database
    property = `database: drizzleAdapter(${dbExport}, { provider: ${quoted(provider, style)}, schema: authSchema })`
    importNames('better-auth/adapters/drizzle', ['drizzleAdapter'])
    // an app `db` imported from another module (a cache's, a KV's) is not the Drizzle db kit-auth found
    importNames(dbFrom, [dbExport], database.sameModule)
    const schemaLine = `import * as authSchema from ${quoted(schemaFrom, style)}`
    importLine('authSchema', '*', schemaFrom, schemaLine, database.sameModule)
    change = `database (your Drizzle ${dbExport}, ${provider})`
  } else {
    property = 'database: new Pool({ connectionString: process.env.DATABASE_URL })'
    importNames('pg', ['Pool'])
    change = 'database (PostgreSQL, pg)'
  }
  const unit = style.indent || '  '
  edits.push(...addCallOptions(text, sourceFile, call, config, [[property]], [], unit))
  return { edits, changes: [change] }
}
