import path from 'node:path'
import { authTables, type Field, type SchemaPlugins, type Table } from './auth-tables.js'
import { drizzleDbExport } from './drizzle-db.js'
import { firstFile, isInside, listFiles, readText, relPosix } from './files.js'
import { behindReExports } from './re-exports.js'

export type { SchemaPlugins }

export type DrizzleProvider = 'sqlite' | 'pg' | 'mysql'

/** An app's own Drizzle setup, as far as init needs it. All paths relative to the app root, posix. */
export interface DrizzleSetup {
  /** `drizzle.config.ts` etc. */
  configFile: string
  /** The Better Auth adapter provider for the config's `dialect`. */
  provider: DrizzleProvider
  /** The file exporting the app's `db = drizzle(...)`, and the export's name. */
  dbFile: string
  dbExport: string
  /** Where the auth tables go: `src/db/auth-schema.ts`. */
  authSchemaFile: string
  /**
   * The config's `schema` when it is one file (`src/db/schema.ts`): drizzle-kit reads only that
   * file, so it must re-export the auth tables. Null for a folder or glob (the new file is in it).
   */
  schemaEntry: string | null
}

/** drizzle-kit config file names. */
export const DRIZZLE_CONFIGS = [
  'drizzle.config.ts',
  'drizzle.config.mts',
  'drizzle.config.js',
  'drizzle.config.mjs',
  'drizzle.config.json',
] as const

const DIALECTS: Record<string, DrizzleProvider> = {
  sqlite: 'sqlite',
  turso: 'sqlite',
  postgresql: 'pg',
  mysql: 'mysql',
  singlestore: 'mysql',
}

/** The string value of `key: '...'` (or `"key": "..."`) in a config's text. */
function stringProperty(text: string, key: string): string | null {
  const match = new RegExp(`["']?\\b${key}["']?\\s*:\\s*(['"\`])([^'"\`]+)\\1`).exec(text)
  return match ? match[2]! : null
}

/** Why a Drizzle setup cannot be used, or the setup. */
export type DrizzleDetection = { setup: DrizzleSetup; reason?: never } | { setup?: never; reason: string }

/**
 * Finds the app's Drizzle setup: a drizzle config with a `dialect` and a `schema`, and a source
 * file under srcDirectory with `export const <name> = drizzle(`. Null when there is no config.
 * @example await findDrizzle('/app', 'src') // { setup: { provider: 'sqlite', dbFile: 'src/db/index.ts', ... } }
 */
export async function findDrizzle(root: string, srcDirectory: string): Promise<DrizzleDetection | null> {
  const configFile = await firstFile(root, DRIZZLE_CONFIGS)
  if (!configFile) return null
  const text = (await readText(path.join(root, configFile))) ?? ''
  const dialect = stringProperty(text, 'dialect')
  const provider = dialect ? DIALECTS[dialect] : undefined
  if (!provider)
    return {
      reason: dialect
        ? `${configFile} has dialect '${dialect}', which Better Auth's Drizzle adapter does not support`
        : `${configFile} has no literal \`dialect\``,
    }
  const schema = stringProperty(text, 'schema')
  if (!schema)
    return {
      reason: `${configFile} has no literal \`schema\` path (an array or a computed value is not supported yet)`,
    }

  const sources = await listFiles(
    path.join(root, srcDirectory),
    (file) => /\.[cm]?[jt]sx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file),
    2000,
  )
  let db: { file: string; name: string } | null = null
  // modules that re-export from others, kept for the barrel lookup below (no file is read twice)
  const barrels: { file: string; text: string }[] = []
  for (const file of sources) {
    const text = (await readText(file)) ?? ''
    const name = drizzleDbExport(text, file)
    if (name) {
      db = { file: relPosix(root, file), name }
      break
    }
    if (RE_EXPORT.test(text)) barrels.push({ file, text })
  }
  db ??= await reExportedDb(root, barrels)
  if (!db) return { reason: `no file under ${srcDirectory}/ has \`export const db = drizzle(...)\`` }

  const schemaPath = path.posix.normalize(schema.replace(/^\.\//, ''))
  const single = /\.[cm]?[jt]s$/.test(schemaPath) && !/[*?{]/.test(schemaPath)
  const folder = single
    ? path.posix.dirname(schemaPath)
    : schemaPath.replace(/\/?[^/]*[*?{].*$/, '') || path.posix.dirname(db.file)
  const extension = /\.js$/.test(db.file) ? '.js' : '.ts'
  return {
    setup: {
      configFile,
      provider,
      dbFile: db.file,
      dbExport: db.name,
      authSchemaFile: path.posix.join(folder, `auth-schema${extension}`),
      schemaEntry: single ? schemaPath : null,
    },
  }
}

/** `export ... from '...'`: a module that may re-export the db from another. */
const RE_EXPORT = /\bexport\b[^;]*\bfrom\b/

/**
 * A module under the source folder that re-exports the app's Drizzle db from a module of the app outside it
 * (`src/db.ts`: `export { db } from '../db/client'`, `export *`), as the app imports it; a module in node_modules
 * or outside the app is not followed.
 */
async function reExportedDb(
  root: string,
  barrels: { file: string; text: string }[],
): Promise<{ file: string; name: string } | null> {
  const dbOf = (text: string, file: string) => {
    const exportName = drizzleDbExport(text, file)
    return exportName ? { exportName } : null
  }
  for (const { file, text } of barrels) {
    const behind = await behindReExports(root, relPosix(root, file), text, (source, name) =>
      isInside(name) && !name.split('/').includes('node_modules') ? dbOf(source, name) : null,
    )
    if (behind?.found.exportName) return { file: relPosix(root, file), name: behind.found.exportName }
  }
  return null
}

const snake = (name: string) => name.replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase()

const DIALECT = {
  sqlite: { module: 'drizzle-orm/sqlite-core', table: 'sqliteTable' },
  pg: { module: 'drizzle-orm/pg-core', table: 'pgTable' },
  mysql: { module: 'drizzle-orm/mysql-core', table: 'mysqlTable' },
} as const

function column(provider: DrizzleProvider, field: Field): { code: string; builder: string } {
  const name = JSON.stringify(snake(field.name))
  if (field.type === 'string') {
    if (provider === 'mysql' && field.key) return { code: `varchar(${name}, { length: 255 })`, builder: 'varchar' }
    return { code: `text(${name})`, builder: 'text' }
  }
  if (field.type === 'number')
    return provider === 'mysql'
      ? { code: `int(${name})`, builder: 'int' }
      : { code: `integer(${name})`, builder: 'integer' }
  if (field.type === 'boolean')
    return provider === 'sqlite'
      ? { code: `integer(${name}, { mode: 'boolean' })`, builder: 'integer' }
      : { code: `boolean(${name})`, builder: 'boolean' }
  if (provider === 'sqlite') return { code: `integer(${name}, { mode: 'timestamp_ms' })`, builder: 'integer' }
  return provider === 'pg'
    ? { code: `timestamp(${name})`, builder: 'timestamp' }
    : { code: `timestamp(${name}, { fsp: 3 })`, builder: 'timestamp' }
}

/** The module a dialect's table and column builders come from (`drizzle-orm/sqlite-core`). */
export function drizzleModule(provider: DrizzleProvider): string {
  return DIALECT[provider].module
}

/** Drizzle code for one module: the code and the builders it calls (imported from `module`). */
export interface DrizzleCode {
  code: string
  builders: string[]
  module: string
}

/**
 * One column as a property of a Drizzle table (`twoFactorEnabled: integer('two_factor_enabled', ...)`,
 * without the comma): snake_case column, JS name as Better Auth's field.
 * @example drizzleColumn('sqlite', { name: 'step', type: 'number', required: true }).code
 *   // "step: integer('step').notNull()"
 */
export function drizzleColumn(provider: DrizzleProvider, field: Field): DrizzleCode {
  const { code, builder } = column(provider, field)
  let chain = code
  if (field.name === 'id') chain += '.primaryKey()'
  if (field.defaultValue !== undefined) chain += `.default(${JSON.stringify(field.defaultValue)})`
  if (field.defaultNow) chain += '.$defaultFn(() => new Date())'
  if (field.onUpdate) chain += '.$onUpdate(() => new Date())'
  if (field.required && field.name !== 'id') chain += '.notNull()'
  if (field.unique) chain += '.unique()'
  if (field.references) chain += `.references(() => ${field.references}.id, { onDelete: 'cascade' })`
  return { code: `${field.name}: ${chain}`, builders: [builder], module: DIALECT[provider].module }
}

/**
 * One table as an exported Drizzle declaration (`export const twoFactor = sqliteTable('two_factor', ...)`),
 * under the name `drizzleAdapter` looks it up by. Unformatted: run it through formatCode.
 */
export function drizzleTable(provider: DrizzleProvider, table: Table): DrizzleCode {
  const builders = new Set<string>([DIALECT[provider].table])
  const columns = table.fields.map((field) => {
    const column = drizzleColumn(provider, field)
    for (const builder of column.builders) builders.add(builder)
    return `  ${column.code},`
  })
  if (table.indexes.length > 0) builders.add('index')
  const indexes =
    table.indexes.length > 0
      ? `, (table) => ` +
        `[${table.indexes.map((name) => `index('${table.name}_${name}_idx').on(table.${name})`).join(', ')}]`
      : ''
  return {
    code:
      `export const ${table.name} = ${DIALECT[provider].table}('${snake(table.name)}', ` +
      `{\n${columns.join('\n')}\n}${indexes})`,
    builders: [...builders],
    module: DIALECT[provider].module,
  }
}

/**
 * The Better Auth tables as a Drizzle schema module for `provider`: one export per model (the
 * names `drizzleAdapter` looks up), snake_case columns. Unformatted: run it through formatCode.
 * @example generateAuthSchema('sqlite', { admin: true, organization: true, apiTokens: true })
 */
export function generateAuthSchema(provider: DrizzleProvider, plugins: SchemaPlugins): string {
  const tables = authTables(plugins).map((table) => drizzleTable(provider, table))
  const builders = new Set(tables.flatMap((table) => table.builders))
  builders.delete(DIALECT[provider].table)
  const imports = [DIALECT[provider].table, ...[...builders].sort()].join(', ')
  return [
    '// Better Auth tables (generated by kit-auth init). Apply them with drizzle-kit; regenerate with',
    '// `npx auth generate` when you add Better Auth plugins.',
    `import { ${imports} } from '${DIALECT[provider].module}'`,
    '',
    tables.map((table) => table.code).join('\n\n'),
    '',
  ].join('\n')
}
