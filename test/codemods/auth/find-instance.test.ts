import { describe, expect, it } from 'vitest'
import { findInstance } from '../../../src/codemods/auth/find-instance.js'
import { inspectAuthInstance, sqliteFileOf } from '../../../src/codemods/auth/inspect-instance.js'
import { parse } from '../../../src/codemods/js/parse.js'

const FILE = 'src/lib/auth.ts'
const IMPORT = "import { betterAuth } from 'better-auth'\n"

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
    ).toEqual({
      localName: 'instance',
      hasDatabase: true,
      adapter: 'prisma',
      emailAndPassword: true,
      passwordless: false,
      magicLink: false,
      emailOtp: false,
      passwordSpread: null,
      signUpFields: [],
      cookieCache: false,
      stateless: false,
    })
    expect(inspectAuthInstance(`${IMPORT}export const auth = betterAuth({ ...base })\n`, FILE)).toEqual({
      localName: 'auth',
      hasDatabase: true,
      adapter: null,
      emailAndPassword: false,
      passwordless: false,
      magicLink: false,
      emailOtp: false,
      // password sign-in may be in `base`: not claimed either way
      passwordSpread: '...base',
      signUpFields: [],
      cookieCache: false,
      stateless: false,
    })
  })

  it('reads emailAndPassword and the plugins of a same-file const the options spread (customSession pattern)', () => {
    const text =
      `${IMPORT}const options = { emailAndPassword: { enabled: true }, plugins: [magicLink({})] }\n` +
      'export const auth = betterAuth({ ...options, plugins: [...(options.plugins ?? []), customSession(f, options)] })\n'
    expect(inspectAuthInstance(text, FILE)).toMatchObject({ emailAndPassword: true, magicLink: true })
    const off = text.replace('enabled: true', 'enabled: false')
    expect(inspectAuthInstance(off, FILE)).toMatchObject({ emailAndPassword: false, passwordless: true })
  })

  it('tells password sign-in turned off (enabled false or absent) and a magic link', () => {
    const read = (options: string) => inspectAuthInstance(`${IMPORT}export const auth = betterAuth(${options})\n`, FILE)
    expect(read('{ emailAndPassword: { enabled: false }, plugins: [magicLink({})] }')).toMatchObject({
      emailAndPassword: false,
      passwordless: true,
      magicLink: true,
    })
    expect(read('{ emailAndPassword: { requireEmailVerification: true } }')).toMatchObject({ passwordless: true })
    // on, or not readable: not passwordless
    expect(read('{ emailAndPassword: { enabled: true } }')).toMatchObject({
      emailAndPassword: true,
      passwordless: false,
    })
    expect(read('{ emailAndPassword: { enabled: isProd } }')).toMatchObject({
      emailAndPassword: true,
      passwordless: false,
    })
    expect(read('{ emailAndPassword: { ...shared } }')).toMatchObject({ passwordless: false })
    expect(read('{ emailAndPassword }')).toMatchObject({ passwordless: false })
    // a spread after it may turn it on again; one before it cannot
    expect(read('{ emailAndPassword: { enabled: false }, ...shared }')).toMatchObject({ passwordless: false })
    expect(read('{ ...shared, emailAndPassword: { enabled: false } }')).toMatchObject({ passwordless: true })
    // which spread decides it, when what kit-auth read says off or unset
    expect(read('{ emailAndPassword: { enabled: false }, ...shared }')).toMatchObject({ passwordSpread: '...shared' })
    expect(read('{ ...shared, emailAndPassword: { enabled: false } }')).toMatchObject({ passwordSpread: null })
    expect(read('{ emailAndPassword: { enabled: true }, ...shared }')).toMatchObject({ passwordSpread: null })
    expect(read('{ ...shared }')).toMatchObject({ passwordSpread: '...shared', emailAndPassword: false })
    // a same-file object spread after it that sets no emailAndPassword cannot turn it on
    const extra = (options: string) =>
      inspectAuthInstance(
        `${IMPORT}const extra = { trustedOrigins: [] }\nexport const auth = betterAuth(${options})\n`,
        FILE,
      )
    expect(extra('{ emailAndPassword: { enabled: false }, ...extra }')).toMatchObject({
      passwordless: true,
      passwordSpread: null,
    })
  })

  it('tells a cookie cache, a stateless instance (no database, cookie cache on) and a Convex adapter', () => {
    const read = (options: string) => inspectAuthInstance(`${IMPORT}export const auth = betterAuth(${options})\n`, FILE)
    expect(read('{ session: { cookieCache: { enabled: true } } }')).toMatchObject({
      cookieCache: true,
      stateless: true,
    })
    expect(read('{ database: db, session: { cookieCache: { maxAge: 60 } } }')).toMatchObject({
      cookieCache: true,
      stateless: false,
    })
    expect(read('{ session: { cookieCache: { enabled: false } } }')).toMatchObject({
      cookieCache: false,
      stateless: false,
    })
    expect(read('{}')).toMatchObject({ cookieCache: false, stateless: false })
    expect(read('{ database: convexAdapter(component) }').adapter).toBe('convex')
  })

  it('tells a custom adapter (one Better Auth calls, its migrations cannot run on) from a connection', () => {
    const read = (database: string, before = '') =>
      inspectAuthInstance(`${IMPORT}${before}export const auth = betterAuth({ database: ${database} })\n`, FILE)
    const custom = (name: string) => ({ adapter: 'custom', customAdapter: name })
    // an adapter maker by its name, imported from anywhere (a third-party package, the app's own module)
    expect(read('storeAdapter(store)', "import { storeAdapter } from './store-adapter'\n")).toMatchObject(
      custom('storeAdapter'),
    )
    expect(read('surrealAdapter(db)', "import { surrealAdapter } from '@surrealdb/better-auth'\n")).toMatchObject(
      custom('surrealAdapter'),
    )
    expect(read('kv.adapter()')).toMatchObject(custom('kv.adapter'))
    // Better Auth's own adapter makers, inline, through a const, from better-auth/adapters by any name
    expect(read('createAdapterFactory({ config, adapter })')).toMatchObject(custom('createAdapterFactory'))
    expect(read('adapter', 'const adapter = memoryAdapter({})\n')).toMatchObject(custom('memoryAdapter'))
    expect(read('makeStore()', "import { makeStore } from 'better-auth/adapters/memory'\n")).toMatchObject(
      custom('makeStore'),
    )
    // a maker of the same file built with createAdapterFactory, whatever its name
    expect(
      read('documents(store)', 'const documents = (store: Store) => createAdapterFactory({ config, adapter })\n'),
    ).toMatchObject(custom('documents'))
    // connections Better Auth wraps in its Kysely adapter, and calls kit-auth cannot tell apart, stay `kysely`
    for (const [database, before] of [
      ["new Database('auth.db')", ''],
      ['env.DB', ''],
      ["{ dialect, type: 'sqlite' }", ''],
      ['createPool({ uri })', "import { createPool } from 'mysql2/promise'\n"],
      ['getDb()', "import { getDb } from './db'\n"],
      ['documents()', 'function documents() {\n  return new Database(path)\n}\n'],
    ]) {
      const found = read(database!, before)
      expect(found.adapter, database).toBe('kysely')
      expect(found.customAdapter, database).toBeUndefined()
    }
    // an ORM's adapter through a const is that ORM's
    expect(read('adapter', 'const adapter = drizzleAdapter(db, { provider })\n').adapter).toBe('drizzle')
  })

  it('refuses a file that does not parse', () => {
    expect(() => inspectAuthInstance(`${IMPORT}export const auth = betterAuth({\n`, FILE)).toThrow(
      /src\/lib\/auth\.ts:3:1 does not parse/,
    )
  })
})

describe('sqliteFileOf', () => {
  const SQLITE = "import Database from 'better-sqlite3'\n"
  const instance = (database: string, before = '') =>
    `${IMPORT}${SQLITE}${before}export const auth = betterAuth({ database: ${database} })\n`

  it("reads kit-auth's `process.env.DATABASE_PATH ?? 'data/auth.db'`, with the env's value first", () => {
    const text = instance(
      'new Database(databasePath)',
      "const databasePath = process.env.DATABASE_PATH ?? 'data/auth.db'\n",
    )
    expect(sqliteFileOf(text, FILE, {})).toBe('data/auth.db')
    expect(sqliteFileOf(text, FILE, { DATABASE_PATH: '/var/db/app.db' })).toBe('/var/db/app.db')
  })

  it('reads a literal path, and a driver imported under another name or from node:sqlite', () => {
    expect(sqliteFileOf(instance("new Database('./auth.sqlite')"), FILE, {})).toBe('./auth.sqlite')
    const nodeSqlite =
      `${IMPORT}import { DatabaseSync as Db } from 'node:sqlite'\n` +
      "export const auth = betterAuth({ database: new Db('x.db') })\n"
    expect(sqliteFileOf(nodeSqlite, FILE, {})).toBe('x.db')
  })

  it('tells nothing for an in-memory database, another driver, or a path it cannot compute', () => {
    expect(sqliteFileOf(instance("new Database(':memory:')"), FILE, {})).toBeNull()
    expect(sqliteFileOf(instance('new Pool({ connectionString: process.env.DATABASE_URL })'), FILE, {})).toBeNull()
    expect(sqliteFileOf(instance('new Database(path.join(dir, "auth.db"))'), FILE, {})).toBeNull()
    expect(sqliteFileOf(instance('new Database(process.env.DATABASE_PATH)'), FILE, {})).toBeNull()
  })
})
