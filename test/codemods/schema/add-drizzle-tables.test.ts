import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addDrizzleTables, type AddDrizzleTablesOptions } from '../../../src/codemods/schema/add-drizzle-tables.js'
import { runTransform } from '../../../src/codemods/transform.js'
import { passkeySchema, twoFactorSchema, type PluginSchema } from '../../../src/project/auth-tables.js'
import { drizzleColumn, drizzleModule, drizzleTable, type DrizzleProvider } from '../../../src/project/drizzle.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

/** The options the plan builds (unformatted here: the cases show where each piece lands). */
function optionsFor(provider: DrizzleProvider, plugin: PluginSchema): AddDrizzleTablesOptions {
  return {
    columns: plugin.userFields.map((field) => {
      const column = drizzleColumn(provider, field)
      return { name: field.name, lines: [column.code], builders: column.builders }
    }),
    tables: plugin.tables.map((table) => {
      const code = drizzleTable(provider, table)
      return { name: table.name, lines: code.code.split('\n'), builders: code.builders }
    }),
    module: drizzleModule(provider),
    style: STYLE,
  }
}

describeCases('addDrizzleTables cases', {
  dir: fileURLToPath(new URL('./add-drizzle-tables/', import.meta.url)),
  fileName: 'src/db/auth-schema.ts',
  transform: addDrizzleTables,
  // `provider` (default sqlite) and `plugin`: two-factor (1.7.25) or passkey
  options: (json) =>
    optionsFor(
      (json.provider as DrizzleProvider | undefined) ?? 'sqlite',
      json.plugin === 'passkey' ? passkeySchema() : twoFactorSchema('1.7.25', true),
    ),
  run: { style: STYLE },
})

describe('addDrizzleTables', () => {
  it('leaves a module without an exported user table alone, saying so', () => {
    const text =
      "import { sqliteTable, text } from 'drizzle-orm/sqlite-core'\n\nexport const todos = sqliteTable('todos', { id: text('id') })\n"
    const result = runTransform(text, 'src/db/schema.ts', addDrizzleTables, optionsFor('sqlite', passkeySchema()))
    expect(result.text).toBe(text)
    expect(result.data).toEqual({ status: 'no-user-table', added: [] })
  })

  it('a second run adds nothing', () => {
    const text =
      "import { sqliteTable, text } from 'drizzle-orm/sqlite-core'\n\nexport const user = sqliteTable('user', {\n  id: text('id').primaryKey(),\n})\n"
    const options = optionsFor('sqlite', twoFactorSchema('1.7.25', true))
    const once = runTransform(text, 'src/db/auth-schema.ts', addDrizzleTables, options)
    expect(once.data?.added).toEqual(['user.twoFactorEnabled', 'twoFactor', 'totpStep'])
    const twice = runTransform(once.text, 'src/db/auth-schema.ts', addDrizzleTables, options)
    expect(twice.changed).toBe(false)
    expect(twice.data).toEqual({ status: 'done', added: [] })
  })
})
