import path from 'node:path'
import { firstFile, listFiles, readText, relPosix } from './files.js'

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

const CONFIGS = [
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
  const configFile = await firstFile(root, CONFIGS)
  if (!configFile) return null
  const text = (await readText(path.join(root, configFile))) ?? ''
  const dialect = stringProperty(text, 'dialect')
  const provider = dialect ? DIALECTS[dialect] : undefined
  if (!provider)
    return {
      reason: `${configFile} has ${dialect ? `dialect '${dialect}', which Better Auth's Drizzle adapter does not support` : 'no literal `dialect`'}`,
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
  for (const file of sources) {
    const match = /^export\s+const\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*drizzle\s*\(/m.exec(
      (await readText(file)) ?? '',
    )
    if (match) {
      db = { file: relPosix(root, file), name: match[1]! }
      break
    }
  }
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

/** The plugins whose tables and columns the schema carries. */
export interface SchemaPlugins {
  admin: boolean
  organization: boolean
  apiTokens: boolean
}

export type FieldType = 'string' | 'boolean' | 'date'
export interface Field {
  name: string
  type: FieldType
  required?: boolean
  unique?: boolean
  /** A key (id, reference, unique or indexed): a bounded varchar on MySQL. */
  key?: boolean
  references?: string
  defaultValue?: string | boolean
  defaultNow?: boolean
  onUpdate?: boolean
}
export interface Table {
  name: string
  fields: Field[]
  indexes: string[]
}

const id: Field = { name: 'id', type: 'string', required: true, key: true }
const createdAt: Field = { name: 'createdAt', type: 'date', required: true, defaultNow: true }
const updatedAt: Field = { name: 'updatedAt', type: 'date', required: true, defaultNow: true, onUpdate: true }
const userId: Field = { name: 'userId', type: 'string', required: true, key: true, references: 'user' }

/** The Better Auth 1.7 tables for email and password plus kit-auth's plugins (as `npx auth generate` writes them). */
export function authTables(plugins: SchemaPlugins): Table[] {
  return [
    {
      name: 'user',
      fields: [
        id,
        { name: 'name', type: 'string', required: true },
        { name: 'email', type: 'string', required: true, unique: true, key: true },
        { name: 'emailVerified', type: 'boolean', required: true, defaultValue: false },
        { name: 'image', type: 'string' },
        createdAt,
        updatedAt,
        ...(plugins.admin
          ? ([
              { name: 'role', type: 'string' },
              { name: 'banned', type: 'boolean', defaultValue: false },
              { name: 'banReason', type: 'string' },
              { name: 'banExpires', type: 'date' },
            ] satisfies Field[])
          : []),
        { name: 'deactivatedAt', type: 'date' },
      ],
      indexes: [],
    },
    {
      name: 'session',
      fields: [
        id,
        { name: 'expiresAt', type: 'date', required: true },
        { name: 'token', type: 'string', required: true, unique: true, key: true },
        createdAt,
        updatedAt,
        { name: 'ipAddress', type: 'string' },
        { name: 'userAgent', type: 'string' },
        userId,
        ...(plugins.admin ? [{ name: 'impersonatedBy', type: 'string' } satisfies Field] : []),
        ...(plugins.organization ? [{ name: 'activeOrganizationId', type: 'string' } satisfies Field] : []),
      ],
      indexes: ['userId'],
    },
    {
      name: 'account',
      fields: [
        id,
        { name: 'accountId', type: 'string', required: true },
        { name: 'providerId', type: 'string', required: true },
        userId,
        { name: 'accessToken', type: 'string' },
        { name: 'refreshToken', type: 'string' },
        { name: 'idToken', type: 'string' },
        { name: 'accessTokenExpiresAt', type: 'date' },
        { name: 'refreshTokenExpiresAt', type: 'date' },
        { name: 'scope', type: 'string' },
        { name: 'password', type: 'string' },
        createdAt,
        updatedAt,
      ],
      indexes: ['userId'],
    },
    {
      name: 'verification',
      fields: [
        id,
        { name: 'identifier', type: 'string', required: true, key: true },
        { name: 'value', type: 'string', required: true },
        { name: 'expiresAt', type: 'date', required: true },
        createdAt,
        updatedAt,
      ],
      indexes: ['identifier'],
    },
    ...(plugins.organization
      ? [
          {
            name: 'organization',
            fields: [
              id,
              { name: 'name', type: 'string', required: true },
              { name: 'slug', type: 'string', required: true, unique: true, key: true },
              { name: 'logo', type: 'string' },
              { name: 'createdAt', type: 'date', required: true },
              { name: 'metadata', type: 'string' },
            ],
            indexes: [],
          } satisfies Table,
          {
            name: 'member',
            fields: [
              id,
              { name: 'organizationId', type: 'string', required: true, key: true, references: 'organization' },
              userId,
              { name: 'role', type: 'string', required: true, defaultValue: 'member' },
              { name: 'createdAt', type: 'date', required: true },
            ],
            indexes: ['organizationId', 'userId'],
          } satisfies Table,
          {
            name: 'invitation',
            fields: [
              id,
              { name: 'organizationId', type: 'string', required: true, key: true, references: 'organization' },
              { name: 'email', type: 'string', required: true, key: true },
              { name: 'role', type: 'string' },
              { name: 'status', type: 'string', required: true, defaultValue: 'pending' },
              { name: 'expiresAt', type: 'date', required: true },
              createdAt,
              { name: 'inviterId', type: 'string', required: true, key: true, references: 'user' },
            ],
            indexes: ['organizationId', 'email'],
          } satisfies Table,
        ]
      : []),
    ...(plugins.apiTokens
      ? [
          {
            name: 'apiToken',
            fields: [
              id,
              userId,
              { name: 'name', type: 'string', required: true },
              { name: 'start', type: 'string', required: true },
              { name: 'keyHash', type: 'string', required: true, unique: true, key: true },
              { name: 'expiresAt', type: 'date' },
              { name: 'lastUsedAt', type: 'date' },
              { name: 'createdAt', type: 'date', required: true },
            ],
            indexes: ['userId'],
          } satisfies Table,
        ]
      : []),
  ]
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
  if (field.type === 'boolean')
    return provider === 'sqlite'
      ? { code: `integer(${name}, { mode: 'boolean' })`, builder: 'integer' }
      : { code: `boolean(${name})`, builder: 'boolean' }
  if (provider === 'sqlite') return { code: `integer(${name}, { mode: 'timestamp_ms' })`, builder: 'integer' }
  return provider === 'pg'
    ? { code: `timestamp(${name})`, builder: 'timestamp' }
    : { code: `timestamp(${name}, { fsp: 3 })`, builder: 'timestamp' }
}

/**
 * The Better Auth tables as a Drizzle schema module for `provider`: one export per model (the
 * names `drizzleAdapter` looks up), snake_case columns. Unformatted: run it through formatCode.
 * @example generateAuthSchema('sqlite', { admin: true, organization: true, apiTokens: true })
 */
export function generateAuthSchema(provider: DrizzleProvider, plugins: SchemaPlugins): string {
  const tables = authTables(plugins)
  const builders = new Set<string>()
  const bodies = tables.map((table) => {
    const columns = table.fields.map((field) => {
      const { code, builder } = column(provider, field)
      builders.add(builder)
      let chain = code
      if (field.name === 'id') chain += '.primaryKey()'
      if (field.defaultValue !== undefined) chain += `.default(${JSON.stringify(field.defaultValue)})`
      if (field.defaultNow) chain += '.$defaultFn(() => new Date())'
      if (field.onUpdate) chain += '.$onUpdate(() => new Date())'
      if (field.required && field.name !== 'id') chain += '.notNull()'
      if (field.unique) chain += '.unique()'
      if (field.references) chain += `.references(() => ${field.references}.id, { onDelete: 'cascade' })`
      return `  ${field.name}: ${chain},`
    })
    if (table.indexes.length > 0) builders.add('index')
    const indexes =
      table.indexes.length > 0
        ? `, (table) => [${table.indexes.map((name) => `index('${table.name}_${name}_idx').on(table.${name})`).join(', ')}]`
        : ''
    return `export const ${table.name} = ${DIALECT[provider].table}('${snake(table.name)}', {\n${columns.join('\n')}\n}${indexes})`
  })
  const imports = [DIALECT[provider].table, ...[...builders].sort()].join(', ')
  return [
    '// Better Auth tables (generated by kit-auth init). Apply them with drizzle-kit; regenerate with',
    '// `npx auth generate` when you add Better Auth plugins.',
    `import { ${imports} } from '${DIALECT[provider].module}'`,
    '',
    bodies.join('\n\n'),
    '',
  ].join('\n')
}
