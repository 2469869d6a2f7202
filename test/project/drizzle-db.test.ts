import { describe, expect, it } from 'vitest'
import { findDrizzle } from '../../src/project/drizzle.js'
import { drizzleDbExport } from '../../src/project/drizzle-db.js'
import { makeTree } from './helpers.js'

const CONFIG = "export default { dialect: 'postgresql', schema: './src/db/schema.ts' }\n"

describe('the Drizzle db an app exports', () => {
  it('reads drizzle(...) itself, and the db a wrapped function makes (createServerOnlyFn)', () => {
    expect(drizzleDbExport('export const db = drizzle(client)\n', 'a.ts')).toBe('db')
    expect(drizzleDbExport('export const db: Db = drizzle({ client })\n', 'a.ts')).toBe('db')
    const wrapped = [
      "import { createServerOnlyFn } from '@tanstack/react-start'",
      'const getDatabase = createServerOnlyFn(() => drizzle({ client, schema }))',
      'export const database = getDatabase()',
      '',
    ].join('\n')
    expect(drizzleDbExport(wrapped, 'a.ts')).toBe('database')
    expect(drizzleDbExport('const make = () => {\n  return drizzle(pool)\n}\nexport const db = make()\n', 'a.ts')).toBe(
      'db',
    )
    expect(drizzleDbExport('export const db = createServerOnlyFn(() => drizzle(pool))()\n', 'a.ts')).toBe('db')
  })

  it('leaves what is not a db: the wrapper itself, a function with arguments, another call', () => {
    // the exported wrapper is a function, not the db drizzleAdapter takes
    expect(drizzleDbExport('export const getDb = createServerOnlyFn(() => drizzle(pool))\n', 'a.ts')).toBeNull()
    expect(drizzleDbExport('const make = (url) => drizzle(url)\nexport const db = make()\n', 'a.ts')).toBeNull()
    expect(
      drizzleDbExport('const make = () => postgres(url)\nexport const sql = make()\n// drizzle\n', 'a.ts'),
    ).toBeNull()
    expect(drizzleDbExport('let db = drizzle(pool)\nexport { db }\n', 'a.ts')).toBeNull()
  })

  it('findDrizzle finds a db made through createServerOnlyFn', async () => {
    const root = await makeTree({
      'drizzle.config.ts': CONFIG,
      'src/db/schema.ts': 'export {}\n',
      'src/db/index.ts':
        'const getDatabase = createServerOnlyFn(() => drizzle({ client, schema }))\nexport const db = getDatabase()\n',
    })
    expect((await findDrizzle(root, 'src'))?.setup).toMatchObject({ dbFile: 'src/db/index.ts', dbExport: 'db' })
  })

  it('findDrizzle follows a barrel under src/ to the db a module of the app outside it exports', async () => {
    const tree = (barrel: string, client = 'db/client.ts') =>
      makeTree({
        'drizzle.config.ts': CONFIG,
        'src/db/schema.ts': 'export {}\n',
        [client]: "import { drizzle } from 'drizzle-orm/node-postgres'\nexport const db = drizzle(process.env.URL!)\n",
        'src/db/index.ts': barrel,
      })
    const setup = async (barrel: string, client?: string) => await findDrizzle(await tree(barrel, client), 'src')
    expect((await setup("export { db } from '../../db/client'\n"))?.setup).toMatchObject({
      dbFile: 'src/db/index.ts',
      dbExport: 'db',
    })
    expect((await setup("export * from '../../db/client.js'\n"))?.setup).toMatchObject({ dbExport: 'db' })
    expect((await setup("export { db as database } from '../../db/client'\n"))?.setup).toMatchObject({
      dbExport: 'database',
    })
    // two levels: a barrel of a barrel
    const twice = await makeTree({
      'drizzle.config.ts': CONFIG,
      'src/db/schema.ts': 'export {}\n',
      'db/client.ts': "import { drizzle } from 'drizzle-orm/node-postgres'\nexport const db = drizzle(pool)\n",
      'db/index.ts': "export * from './client'\n",
      'src/db/index.ts': "export * from '../../db'\n",
    })
    expect((await findDrizzle(twice, 'src'))?.setup).toMatchObject({ dbFile: 'src/db/index.ts', dbExport: 'db' })
    // another name than the one the module exports, node_modules: not the app's db
    expect((await setup("export { pool } from '../../db/client'\n"))?.reason).toMatch(/no file under src\//)
    expect(
      (await setup("export * from '../../node_modules/shared-db/client'\n", 'node_modules/shared-db/client.ts'))
        ?.reason,
    ).toMatch(/no file under src\//)
  })
})
