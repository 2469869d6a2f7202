import type { ChangeSet } from '../core/change-set.js'
import { formatCode } from '../core/format.js'
import { addDrizzleTables, type DrizzlePiece } from '../codemods/schema/add-drizzle-tables.js'
import { runTransform } from '../codemods/transform.js'
import type { PluginSchema } from '../project/auth-tables.js'
import { drizzleColumn, drizzleModule, drizzleTable } from '../project/drizzle.js'
import { addPrismaModels } from '../project/prisma.js'
import type { ProjectInfo } from '../project/types.js'
import { toolCommand } from './app-tasks.js'
import { ownMigrationCommand } from './custom-adapter.js'

/** What the ORM schema step did: where the tables went (null: nowhere kit-auth can write), what it added. */
export interface OrmTables {
  orm: 'drizzle' | 'prisma' | null
  file: string | null
  added: string[]
  /** The command that applies the schema to the database, or what to do by hand. */
  step: string
}

/** A column property formatted in the app's style, as lines without the final comma (addProperties adds it). */
async function propertyLines(code: string, file: string, project: ProjectInfo): Promise<string[]> {
  // Prettier keeps an object spread over lines when its first property starts a line
  const formatted = await formatCode(`t({\n${code},\n})\n`, file, project.style)
  const lines = formatted.replace(/\n+$/, '').split('\n').slice(1, -1)
  const unit = project.style.indent || '  '
  const body = lines.map((line) => (line.startsWith(unit) ? line.slice(unit.length) : line))
  body[body.length - 1] = (body.at(-1) ?? '').replace(/,$/, '')
  return body
}

/**
 * A feature's tables in the app's own ORM schema, when its instance uses the Drizzle or Prisma adapter:
 * the Drizzle module that declares the `user` table (the auth schema init wrote, else the config's
 * single schema file) gets the new columns and tables in the config's dialect; schema.prisma gets
 * the models and the User fields. The step then names the ORM's own migration tool. Any other
 * adapter, or a schema kit-auth cannot find, keeps the step of applying `what` by hand.
 *
 * @example await planOrmTables(project, changes, 'drizzle', twoFactorSchema('1.7.25', true),
 *   'the twoFactor and totpStep tables')
 */
export async function planOrmTables(
  project: ProjectInfo,
  changes: ChangeSet,
  adapter: string | null,
  plugin: PluginSchema,
  what: string,
): Promise<OrmTables> {
  const drizzle = project.drizzle?.setup
  if (adapter === 'drizzle' && drizzle) {
    const candidates = [drizzle.authSchemaFile, drizzle.schemaEntry].filter(
      (file): file is string => file !== null && changes.read(file) !== null,
    )
    for (const file of candidates) {
      const columns: DrizzlePiece[] = []
      for (const field of plugin.userFields) {
        const column = drizzleColumn(drizzle.provider, field)
        columns.push({
          name: field.name,
          lines: await propertyLines(column.code, file, project),
          builders: column.builders,
        })
      }
      const tables: DrizzlePiece[] = []
      for (const table of plugin.tables) {
        const code = drizzleTable(drizzle.provider, table)
        const formatted = await formatCode(code.code, file, project.style)
        tables.push({ name: table.name, lines: formatted.replace(/\n+$/, '').split('\n'), builders: code.builders })
      }
      const result = runTransform(
        changes.read(file) ?? '',
        file,
        addDrizzleTables,
        { columns, tables, module: drizzleModule(drizzle.provider), style: project.style },
        { style: project.style, rerun: 'run the command again' },
      )
      if (result.data?.status !== 'done') continue
      changes.update(file, result.text)
      return {
        orm: 'drizzle',
        file,
        added: result.data.added,
        step:
          `Apply ${what} (in ${file}) with drizzle-kit: ${toolCommand(project, 'drizzle-kit', 'generate')}, then ` +
          `${toolCommand(project, 'drizzle-kit', 'migrate')} (or ${toolCommand(project, 'drizzle-kit', 'push')}).`,
      }
    }
  }
  const prisma = project.prisma?.setup
  if (adapter === 'prisma' && prisma) {
    const text = changes.read(prisma.schemaFile)
    const result = text === null ? null : addPrismaModels(text, plugin)
    if (result) {
      changes.update(prisma.schemaFile, result.text)
      return {
        orm: 'prisma',
        file: prisma.schemaFile,
        added: result.added,
        step:
          `Apply ${what} (in ${prisma.schemaFile}) with Prisma: ${toolCommand(project, 'prisma', 'migrate dev')}, ` +
          `then regenerate the client: ${toolCommand(project, 'prisma', 'generate')}.`,
      }
    }
  }
  // a custom adapter's tables: the app's own migration script, when it has one
  const custom = adapter === 'custom' ? ownMigrationCommand(project) : null
  return {
    orm: null,
    file: null,
    added: [],
    step: custom
      ? `Apply ${what} with your own migration, \`${custom}\` (kit-auth cannot migrate a custom adapter's database).`
      : `Apply ${what} with your ${adapter ?? 'database'} migrations.`,
  }
}
