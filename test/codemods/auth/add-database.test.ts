import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { addDatabase, type AddDatabaseOptions } from '../../../src/codemods/auth/add-database.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { sameAppModule } from '../../../src/project/modules.js'
import { describeCases } from '../harness.js'

/** options.json cannot hold a function: the Drizzle choice resolves paths the way init's plan does. */
const withSameModule = (database: AddDatabaseOptions['database']): AddDatabaseOptions['database'] =>
  database?.kind === 'drizzle'
    ? { ...database, sameModule: sameAppModule([{ prefix: '#/', target: 'src' }], 'src/lib/auth.ts') }
    : database

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

describeCases('addDatabase cases', {
  dir: fileURLToPath(new URL('./add-database/', import.meta.url)),
  fileName: 'src/lib/auth.ts',
  transform: addDatabase,
  options: (json): AddDatabaseOptions => ({
    database: withSameModule((json.database as AddDatabaseOptions['database'] | undefined) ?? { kind: 'postgres' }),
    style: (json.style as CodeStyle | undefined) ?? STYLE,
  }),
  // a one-line options object is spread over lines
  keeps: (name) => (name.endsWith('-double-quotes') ? 'every-token' : 'every-byte'),
  check(output) {
    // one database, unless the options spread an object that may hold one
    expect(output.match(/\bdatabase:/g) ?? []).toHaveLength(/\{ \.\.\.\w+ \}/.test(output) ? 0 : 1)
  },
})
