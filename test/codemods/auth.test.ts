/**
 * The transforms of an app's Better Auth instance on their own (adoptAuth chains them; its cases
 * are in adopt-auth.test.ts). Every case runs the shared checks: parses, idempotent, the input
 * survives, CRLF stays CRLF.
 */
import { describe, expect, it } from 'vitest'
import { addDatabase } from '../../src/codemods/auth/add-database.js'
import { addPlugins, type AddPluginsOptions } from '../../src/codemods/auth/add-plugins.js'
import { addUserField } from '../../src/codemods/auth/add-user-field.js'
import { exportInstance } from '../../src/codemods/auth/export-instance.js'
import { findInstance } from '../../src/codemods/auth/find-instance.js'
import { inspectAuthInstance } from '../../src/codemods/auth/inspect-instance.js'
import { parse } from '../../src/codemods/js/parse.js'
import { runTransform } from '../../src/codemods/transform.js'
import type { CodeStyle } from '../../src/project/types.js'
import { checkTransform } from './support.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const FILE = 'src/lib/auth.ts'
const IMPORT = "import { betterAuth } from 'better-auth'\n"
const CANNOT = 'so kit-auth cannot adopt this Better Auth instance.'

describe('findInstance', () => {
  const optionsOf = (text: string) => findInstance(parse(text, FILE))?.options?.getText()

  it('finds the options inline, through satisfies/as, in a same-file const, under an aliased import', () => {
    expect(optionsOf(`${IMPORT}export const auth = betterAuth({ a: 1 })`)).toBe('{ a: 1 }')
    expect(optionsOf(`${IMPORT}export const auth = betterAuth({ a: 1 } satisfies BetterAuthOptions)`)).toBe('{ a: 1 }')
    expect(optionsOf(`${IMPORT}export const auth = betterAuth(({ a: 1 }) as BetterAuthOptions)`)).toBe('{ a: 1 }')
    expect(optionsOf(`${IMPORT}const options = { a: 1 } satisfies X\nexport const auth = betterAuth(options)`)).toBe(
      '{ a: 1 }',
    )
    const aliased =
      "import { betterAuth as createAuth } from 'better-auth/minimal'\nexport const auth = createAuth({ a: 1 })"
    expect(optionsOf(aliased)).toBe('{ a: 1 }')
  })

  it('names what it cannot read', () => {
    const instance = findInstance(parse(`${IMPORT}export default betterAuth(makeOptions())`, FILE))
    expect(instance?.call.getText()).toBe('betterAuth(makeOptions())')
    expect(instance?.options).toBeNull()
    expect(instance?.declaration).toBeNull()
    expect(findInstance(parse("import { createAuth } from './auth'\ncreateAuth({})", FILE))).toBeUndefined()
  })
})

describe('inspectAuthInstance', () => {
  it('reads the variable, the database and its adapter, and emailAndPassword', () => {
    expect(
      inspectAuthInstance(
        `${IMPORT}const options = { database: prismaAdapter(prisma, {}), emailAndPassword: { enabled: true } }
const instance = betterAuth(options)
`,
        FILE,
      ),
    ).toEqual({ localName: 'instance', hasDatabase: true, adapter: 'prisma', emailAndPassword: true })
    expect(inspectAuthInstance(`${IMPORT}export const auth = betterAuth({ ...base })\n`, FILE)).toEqual({
      localName: 'auth',
      hasDatabase: true,
      adapter: null,
      emailAndPassword: false,
    })
  })

  it('refuses a file that does not parse', () => {
    expect(() => inspectAuthInstance(`${IMPORT}export const auth = betterAuth({\n`, FILE)).toThrow(
      /src\/lib\/auth\.ts:3:1 does not parse/,
    )
  })
})

describe('addPlugins', () => {
  const add = (text: string, plugins: AddPluginsOptions['plugins'], moves = false) =>
    checkTransform(
      addPlugins,
      text,
      FILE,
      { plugins, apiTokensFrom: '#/lib/auth/api-tokens', command: 'kit-auth add-guard', style: STYLE },
      { style: STYLE },
      { survives: moves ? 'unchecked' : 'bytes' },
    )

  it('puts a plugin before the one that must stay last, under its comment', () => {
    const input = `${IMPORT}import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  plugins: [
    apiTokens(),
    // Must stay last.
    tanstackStartCookies(),
  ],
})
`
    const { text, changes, data } = add(input, { admin: true })
    expect(text).toBe(`${IMPORT}import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { admin } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [
    apiTokens(),
    admin(),
    // Must stay last.
    tanstackStartCookies(),
  ],
})
`)
    expect(changes).toEqual(['admin()'])
    expect(data).toEqual({ added: ['admin'] })
  })

  it('extends an existing import of the plugins module and keeps a listed plugin once', () => {
    const input = `${IMPORT}import { organization } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [organization(), tanstackStartCookies()],
})
`
    const { text, data } = add(input, { organization: true, admin: true })
    expect(text).toBe(`${IMPORT}import { organization, admin } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [organization(), admin(), tanstackStartCookies()],
})
`)
    expect(data).toEqual({ added: ['admin'] })
  })

  it('adds organization() to options kept in a `satisfies` const (what add-guard could not do)', () => {
    const input = `import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { admin } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

const options = {
  emailAndPassword: { enabled: true },
  plugins: [
    admin(),
    tanstackStartCookies(),
  ],
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
`
    expect(add(input, { organization: true }).text).toBe(
      input
        .replace(
          "import { admin } from 'better-auth/plugins'",
          "import { admin, organization } from 'better-auth/plugins'",
        )
        .replace('    admin(),\n', '    admin(),\n    organization(),\n'),
    )
  })

  it('recognises plugins imported under other names, and moves reactStartCookies() last', () => {
    const input = `import { betterAuth as createAuth } from 'better-auth/minimal'
import { organization as org } from 'better-auth/plugins'
import { reactStartCookies } from 'better-auth/react-start'

export const auth = createAuth({
  plugins: [
    reactStartCookies(),
    org(),
  ],
})
`
    const { text, changes } = add(input, { organization: true }, true)
    expect(text).toBe(input.replace('    reactStartCookies(),\n    org(),\n', '    org(),\n    reactStartCookies(),\n'))
    expect(changes).toEqual(['reactStartCookies() moved last'])
  })

  it('appends to a multi-line list without a trailing comma, keeping that style; the cookies plugin last', () => {
    const input = `${IMPORT}
export const auth = betterAuth({
  plugins: [
    apiTokens()
  ]
})
`
    expect(add(input, { admin: true }).text).toBe(`${IMPORT}import { admin } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  plugins: [
    apiTokens(),
    admin(),
    tanstackStartCookies()
  ]
})
`)
  })

  it('creates the plugins list on lines of its own (as init writes it), or the options themselves', () => {
    const input = `${IMPORT}
export const auth = betterAuth({
  emailAndPassword: { enabled: true },
})
`
    const list = `  plugins: [
    admin(),
    apiTokens(),
    tanstackStartCookies(),
  ],
`
    const imports = `import { admin } from 'better-auth/plugins'
import { apiTokens } from '#/lib/auth/api-tokens'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
`
    expect(add(input, { admin: true, apiTokens: true }).text).toBe(
      `${IMPORT}${imports}\nexport const auth = betterAuth({\n  emailAndPassword: { enabled: true },\n${list}})\n`,
    )
    expect(add(`${IMPORT}\nexport const auth = betterAuth()\n`, { admin: true, apiTokens: true }).text).toBe(
      `${IMPORT}${imports}\nexport const auth = betterAuth({\n${list}})\n`,
    )
  })

  it('refuses plugins it cannot read, with what to do and the command to run again', () => {
    const run = (text: string) =>
      runTransform(text, FILE, addPlugins, { plugins: { admin: true }, command: 'kit-auth add-guard', style: STYLE })
    expect(() => run(`${IMPORT}export const auth = betterAuth({ plugins: list })\n`)).toThrow(
      expect.objectContaining({
        message: `${FILE}: its \`plugins\` are not an array literal, ${CANNOT}`,
        hint:
          'Add admin() and tanstackStartCookies() (last) to its plugins by hand, ' +
          'then run kit-auth add-guard again.',
      }),
    )
    expect(() => run(`${IMPORT}export const auth = betterAuth({ ...shared })\n`)).toThrow(/spread another object/)
    expect(() => run('export const auth = createAuth()\n')).toThrow(/no betterAuth\(\.\.\.\) call found/)
  })
})

describe('addUserField', () => {
  const add = (text: string) => checkTransform(addUserField, text, FILE, { style: STYLE }, { style: STYLE })
  const field = [
    '// Set it to lock a user out: getSession() treats them as anonymous.',
    "deactivatedAt: { type: 'date', required: false, input: false },",
  ]

  it('merges into the user and additionalFields objects that are there', () => {
    const input = `${IMPORT}export const auth = betterAuth({\n  user: { modelName: 'users' },\n})\n`
    const { text, changes } = add(input)
    expect(text).toBe(`${IMPORT}export const auth = betterAuth({
  user: {
    modelName: 'users',
    additionalFields: {
${field.map((line) => `      ${line}`).join('\n')}
    },
  },
})
`)
    expect(changes).toEqual(['user.additionalFields.deactivatedAt'])
  })

  it('asks for it by hand where it cannot read the user options', () => {
    const { text, notes } = add(`${IMPORT}export const auth = betterAuth({ user: makeUser() })\n`)
    expect(text).toBe(`${IMPORT}export const auth = betterAuth({ user: makeUser() })\n`)
    expect(notes).toEqual([
      expect.stringMatching(/^src\/lib\/auth\.ts: add `deactivatedAt: .*` to `user\.additionalFields` by hand/),
    ])
  })
})

describe('addDatabase', () => {
  const add = (text: string, semicolons = false) => {
    const style = { ...STYLE, semicolons }
    const options = { database: { kind: 'sqlite', path: './data/auth.db' } as const, style }
    return checkTransform(addDatabase, text, FILE, options, { style }).text
  }

  it('adds SQLite before the statement that holds the options, first in them', () => {
    const input = `${IMPORT}
// the options
const options = {
  emailAndPassword: { enabled: true },
}

export const auth = betterAuth(options)
`
    expect(add(input, true)).toBe(`${IMPORT}import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

const databasePath = process.env.DATABASE_PATH ?? './data/auth.db';
mkdirSync(dirname(databasePath), { recursive: true });

// the options
const options = {
  database: new Database(databasePath),
  emailAndPassword: { enabled: true },
}

export const auth = betterAuth(options)
`)
  })

  it("adds the app's own Drizzle db, or Postgres, in the app's quotes", () => {
    const input = `${IMPORT}\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } })\n`
    const style = { ...STYLE, quote: 'double' as const }
    const drizzle = {
      kind: 'drizzle',
      provider: 'pg',
      dbExport: 'db',
      dbFrom: '#/db',
      schemaFrom: '#/db/auth-schema',
    } as const
    // the one-line options are spread over lines
    const reflow = { survives: 'non-whitespace' } as const
    const withDrizzle = checkTransform(addDatabase, input, FILE, { database: drizzle, style }, { style }, reflow)
    expect(withDrizzle.text).toBe(`${IMPORT}import { drizzleAdapter } from "better-auth/adapters/drizzle"
import { db } from "#/db"
import * as authSchema from "#/db/auth-schema"

export const auth = betterAuth({
  database: drizzleAdapter(db, { provider: "pg", schema: authSchema }),
  emailAndPassword: { enabled: true },
})
`)
    expect(withDrizzle.changes).toEqual(['database (your Drizzle db, pg)'])
    const postgres = checkTransform(
      addDatabase,
      input,
      FILE,
      { database: { kind: 'postgres' }, style },
      { style },
      reflow,
    )
    expect(postgres.text).toBe(`${IMPORT}import { Pool } from "pg"

export const auth = betterAuth({
  database: new Pool({ connectionString: process.env.DATABASE_URL }),
  emailAndPassword: { enabled: true },
})
`)
  })

  it('leaves an instance that names a database, or may spread one, alone', () => {
    const own = `${IMPORT}export const auth = betterAuth({ database: pool })\n`
    expect(add(own)).toBe(own)
    const spread = `${IMPORT}export const auth = betterAuth({ ...base })\n`
    expect(add(spread)).toBe(spread)
  })
})

describe('exportInstance', () => {
  it('exports the const that holds the instance, once', () => {
    const input = `${IMPORT}\n/** Ours. */\nconst auth = betterAuth({})\n`
    const { text, changes } = checkTransform(exportInstance, input, FILE, {})
    expect(text).toBe(`${IMPORT}\n/** Ours. */\nexport const auth = betterAuth({})\n`)
    expect(changes).toEqual(['export auth'])
  })

  it('refuses an instance that is not a module-level const', () => {
    const input = `${IMPORT}export function make() {\n  return betterAuth({})\n}\n`
    expect(() => runTransform(input, FILE, exportInstance, {})).toThrow(
      expect.objectContaining({
        message: `${FILE}: the instance is not a module-level \`const\`, ${CANNOT}`,
        hint: 'Export it: `export const auth = betterAuth({ ... })`, then run kit-auth init again.',
      }),
    )
  })
})
