import path from 'node:path'
import { authTables, type Field, type PluginSchema, type SchemaPlugins, type Table } from './auth-tables.js'
import { listFiles, readText, relPosix } from './files.js'

export type PrismaProvider = 'sqlite' | 'postgresql' | 'mysql' | 'sqlserver' | 'cockroachdb'

/** An app's own Prisma setup, as far as init needs it. Paths relative to the app root, posix. */
export interface PrismaSetup {
  /** `prisma/schema.prisma`. */
  schemaFile: string
  /** The datasource provider, passed to `prismaAdapter`. */
  provider: PrismaProvider
  /** The file exporting the app's client (`export const prisma = new PrismaClient(...)`), and the export's name. */
  clientFile: string
  clientExport: string
}

export type PrismaDetection = { setup: PrismaSetup; reason?: never } | { setup?: never; reason: string }

/** The first line of the block of models init appends. */
export const PRISMA_MARKER = '// Better Auth models (added by kit-auth init)'

const PROVIDERS: readonly string[] = ['sqlite', 'postgresql', 'mysql', 'sqlserver', 'cockroachdb']

/**
 * Finds the app's Prisma setup: `prisma/schema.prisma` with a datasource provider and none of the
 * Better Auth models yet, and a source file under srcDirectory exporting a `PrismaClient`. Null
 * when there is no schema file.
 * @example await findPrisma('/app', 'src')
 *   // { setup: { provider: 'postgresql', clientFile: 'src/db.ts', clientExport: 'prisma', ... } }
 */
export async function findPrisma(root: string, srcDirectory: string): Promise<PrismaDetection | null> {
  const schemaFile = 'prisma/schema.prisma'
  const schema = await readText(path.join(root, schemaFile))
  if (schema === null) return null
  const datasource = /datasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*"(\w+)"/.exec(schema)
  const provider = datasource?.[1]
  if (!provider || !PROVIDERS.includes(provider)) {
    return {
      reason:
        `${schemaFile} has ` +
        `${provider ? `provider "${provider}", which kit-auth does not support` : 'no datasource provider'}`,
    }
  }
  // Models kit-auth appended on an earlier run are its own: a re-run finds them and leaves them.
  const taken = schema.includes(PRISMA_MARKER)
    ? []
    : prismaModelNames({ admin: true, organization: true, apiTokens: true }).filter((name) =>
        new RegExp(`^\\s*model\\s+${name}\\s*\\{`, 'm').test(schema),
      )
  if (taken.length > 0)
    return {
      reason:
        `${schemaFile} already has model ${taken.join(', ')}: merge Better Auth's fields into it by hand (\`npx ` +
        `auth generate\`)`,
    }

  const sources = await listFiles(
    path.join(root, srcDirectory),
    (file) => /\.[cm]?[jt]sx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file),
    2000,
  )
  for (const file of sources) {
    const match = /^export\s+const\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=[^;\n]*\bPrismaClient\b/m.exec(
      (await readText(file)) ?? '',
    )
    if (match)
      return {
        setup: {
          schemaFile,
          provider: provider as PrismaProvider,
          clientFile: relPosix(root, file),
          clientExport: match[1]!,
        },
      }
  }
  return { reason: `no file under ${srcDirectory}/ has \`export const prisma = new PrismaClient(...)\`` }
}

const modelName = (name: string) => name[0]!.toUpperCase() + name.slice(1)

function prismaModelNames(plugins: SchemaPlugins): string[] {
  return authTables(plugins).map((table) => modelName(table.name))
}

const snake = (name: string) => name.replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase()

const PRISMA_TYPES = { string: 'String', boolean: 'Boolean', date: 'DateTime', number: 'Int' } as const

/** The field's line in a model (`  twoFactorEnabled Boolean @default(false)`). */
function prismaField(field: Field): string {
  const optional = field.required || field.defaultValue !== undefined ? '' : '?'
  const attributes = [
    field.name === 'id' ? '@id' : '',
    field.unique ? '@unique' : '',
    field.defaultValue !== undefined ? `@default(${JSON.stringify(field.defaultValue)})` : '',
    field.defaultNow && !field.onUpdate ? '@default(now())' : '',
    field.onUpdate ? '@updatedAt' : '',
  ].filter(Boolean)
  return (
    `  ${field.name} ` +
    `${PRISMA_TYPES[field.type]}${optional}${attributes.length > 0 ? ` ${attributes.join(' ')}` : ''}`
  )
}

/** The back-relation lines each referenced table gets (`twoFactors TwoFactor[]` on User). */
function backRelationsOf(tables: Table[]): Map<string, string[]> {
  const backRelations = new Map<string, string[]>()
  for (const table of tables) {
    for (const field of table.fields) {
      if (!field.references) continue
      const list = backRelations.get(field.references) ?? []
      list.push(`${table.name}s ${modelName(table.name)}[]`)
      backRelations.set(field.references, list)
    }
  }
  return backRelations
}

function prismaModel(table: Table, backRelations: Map<string, string[]>): string {
  const lines: string[] = []
  for (const field of table.fields) {
    lines.push(prismaField(field))
    if (field.references) {
      const relation = field.name === 'inviterId' ? 'inviter' : field.references
      lines.push(
        `  ${relation} ${modelName(field.references)} @relation(fields: [${field.name}], references: [id], ` +
          `onDelete: Cascade)`,
      )
    }
  }
  for (const back of backRelations.get(table.name) ?? []) lines.push(`  ${back}`)
  for (const index of table.indexes) lines.push(`  @@index([${index}])`)
  lines.push(`  @@map("${table.name === 'apiToken' ? snake(table.name) : table.name}")`)
  return `model ${modelName(table.name)} {\n${lines.join('\n')}\n}`
}

/**
 * The Better Auth models to append to schema.prisma: PascalCase models (`prisma.user`,
 * `prisma.apiToken` are what `prismaAdapter` calls) mapped to the same table names as the
 * built-in adapter, with both sides of every relation.
 */
export function generatePrismaModels(plugins: SchemaPlugins): string {
  const tables = authTables(plugins)
  const backRelations = backRelationsOf(tables)
  return (
    `${PRISMA_MARKER}. Apply them with \`npx prisma migrate ` +
    `dev\`.\n\n${tables.map((table) => prismaModel(table, backRelations)).join('\n\n')}\n`
  )
}

/** The span of `model <name> { ... }` in a schema (its body between the braces), or null. */
function modelBlock(schema: string, name: string): { open: number; close: number } | null {
  const match = new RegExp(`^[ \\t]*model\\s+${name}\\s*\\{`, 'm').exec(schema)
  if (!match) return null
  const open = match.index + match[0].length
  const close = schema.indexOf('\n}', open)
  return close === -1 ? null : { open, close: close + 1 }
}

/**
 * Adds a plugin's models and user fields to schema.prisma: each missing model appended at the end
 * (with its relation to User), each missing field and back relation into `model User` before its
 * `@@` attributes. What is there is kept; a second run adds nothing. Null when there is no `model
 * User` to extend (the app's own schema names it otherwise).
 * @example addPrismaModels(schema, twoFactorSchema('1.7.25', true))?.added
 *   // ['User.twoFactorEnabled', 'TwoFactor', 'TotpStep']
 */
export function addPrismaModels(schema: string, plugin: PluginSchema): { text: string; added: string[] } | null {
  const user = modelBlock(schema, 'User')
  if (!user) return null
  const added: string[] = []
  const body = schema.slice(user.open, user.close)
  const has = (pattern: string) => new RegExp(`^\\s*${pattern}`, 'm').test(body)
  const userLines: string[] = []
  for (const field of plugin.userFields) {
    if (has(`${field.name}\\s`)) continue
    userLines.push(prismaField(field))
    added.push(`User.${field.name}`)
  }
  const missing = plugin.tables.filter((table) => !modelBlock(schema, modelName(table.name)))
  for (const back of backRelationsOf(missing).get('user') ?? []) {
    const [field = '', type = ''] = back.split(' ')
    if (!has(`\\w+\\s+${type.replace(/[[\]]/g, '\\$&')}`) && !has(`${field}\\s`)) userLines.push(`  ${back}`)
  }
  let text = schema
  if (userLines.length > 0) {
    // before the block attributes (`@@map`, `@@index`), else before the closing brace
    const attribute = /^[ \t]*@@/m.exec(body)
    const at = attribute ? user.open + attribute.index : user.close
    text = `${text.slice(0, at)}${userLines.join('\n')}\n${text.slice(at)}`
  }
  if (missing.length > 0) {
    const backRelations = backRelationsOf(missing)
    backRelations.delete('user')
    text = `${text.replace(/\s*$/, '')}\n\n${missing.map((table) => prismaModel(table, backRelations)).join('\n\n')}\n`
    added.push(...missing.map((table) => modelName(table.name)))
  }
  return { text, added }
}
