import path from 'node:path'
import { authTables, type SchemaPlugins, type Table } from './auth-tables.js'
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
 * @example await findPrisma('/app', 'src') // { setup: { provider: 'postgresql', clientFile: 'src/db.ts', clientExport: 'prisma', ... } }
 */
export async function findPrisma(root: string, srcDirectory: string): Promise<PrismaDetection | null> {
  const schemaFile = 'prisma/schema.prisma'
  const schema = await readText(path.join(root, schemaFile))
  if (schema === null) return null
  const datasource = /datasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*"(\w+)"/.exec(schema)
  const provider = datasource?.[1]
  if (!provider || !PROVIDERS.includes(provider)) {
    return {
      reason: `${schemaFile} has ${provider ? `provider "${provider}", which kit-auth does not support` : 'no datasource provider'}`,
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
      reason: `${schemaFile} already has model ${taken.join(', ')}: merge Better Auth's fields into it by hand (\`npx auth generate\`)`,
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

/**
 * The Better Auth models to append to schema.prisma: PascalCase models (`prisma.user`,
 * `prisma.apiToken` are what `prismaAdapter` calls) mapped to the same table names as the
 * built-in adapter, with both sides of every relation.
 */
export function generatePrismaModels(plugins: SchemaPlugins): string {
  const tables = authTables(plugins)
  const backRelations = new Map<string, string[]>()
  for (const table of tables) {
    for (const field of table.fields) {
      if (!field.references) continue
      const list = backRelations.get(field.references) ?? []
      list.push(`${table.name}s ${modelName(table.name)}[]`)
      backRelations.set(field.references, list)
    }
  }
  const model = (table: Table) => {
    const lines: string[] = []
    for (const field of table.fields) {
      const type = field.type === 'string' ? 'String' : field.type === 'boolean' ? 'Boolean' : 'DateTime'
      const optional = field.required || field.defaultValue !== undefined ? '' : '?'
      const attributes = [
        field.name === 'id' ? '@id' : '',
        field.unique ? '@unique' : '',
        field.defaultValue !== undefined ? `@default(${JSON.stringify(field.defaultValue)})` : '',
        field.defaultNow && !field.onUpdate ? '@default(now())' : '',
        field.onUpdate ? '@updatedAt' : '',
      ].filter(Boolean)
      lines.push(`  ${field.name} ${type}${optional}${attributes.length > 0 ? ` ${attributes.join(' ')}` : ''}`)
      if (field.references) {
        const relation = field.name === 'inviterId' ? 'inviter' : field.references
        lines.push(
          `  ${relation} ${modelName(field.references)} @relation(fields: [${field.name}], references: [id], onDelete: Cascade)`,
        )
      }
    }
    for (const back of backRelations.get(table.name) ?? []) lines.push(`  ${back}`)
    for (const index of table.indexes) lines.push(`  @@index([${index}])`)
    lines.push(`  @@map("${table.name === 'apiToken' ? snake(table.name) : table.name}")`)
    return `model ${modelName(table.name)} {\n${lines.join('\n')}\n}`
  }
  return `${PRISMA_MARKER}. Apply them with \`npx prisma migrate dev\`.\n\n${tables.map(model).join('\n\n')}\n`
}
