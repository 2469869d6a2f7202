import { describe, expect, it } from 'vitest'
import { addDatabase } from '../../src/codemods/auth/add-database.js'
import { addAccountEmails } from '../../src/codemods/auth/add-account-emails.js'
import { addPlugins } from '../../src/codemods/auth/add-plugins.js'
import { adoptAuthClient } from '../../src/codemods/client/add-client-plugins.js'
import { parse } from '../../src/codemods/js/parse.js'
import { appModule, importOrRefuse, samePackage } from '../../src/codemods/own-imports.js'
import { runTransform } from '../../src/codemods/transform.js'
import { sameAppModule } from '../../src/project/modules.js'
import type { CodeStyle } from '../../src/project/types.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const FILE = 'src/lib/auth.ts'

describe('importOrRefuse', () => {
  it('imports a free name, and leaves one imported from the same package (another better-auth home too)', () => {
    const free = parse("import { betterAuth } from 'better-auth'\n", FILE)
    expect(importOrRefuse(free, { from: 'better-auth/plugins', names: ['admin'] }, STYLE)).toHaveLength(1)
    const there = parse("import { drizzleAdapter } from '@better-auth/drizzle-adapter'\n", FILE)
    expect(importOrRefuse(there, { from: 'better-auth/adapters/drizzle', names: ['drizzleAdapter'] }, STYLE)).toEqual(
      [],
    )
  })

  it('refuses a name the file binds to its own thing, naming what it is bound to', () => {
    const own = parse("import { admin } from './admin'\nconst organization = () => null\n", FILE)
    expect(() => importOrRefuse(own, { from: 'better-auth/plugins', names: ['admin'] }, STYLE)).toThrow(
      /src\/lib\/auth\.ts: kit-auth's code calls `admin` from better-auth\/plugins, but this file already binds `admin` to `admin` from \.\/admin/,
    )
    expect(() => importOrRefuse(own, { from: 'better-auth/plugins', names: ['organization'] }, STYLE)).toThrow(
      /already binds `organization` to its own `organization`/,
    )
  })

  it('tells packages and the app’s own modules apart', () => {
    expect(samePackage('node:fs', 'fs')).toBe(true)
    expect(samePackage('better-auth/plugins', '@better-auth/core')).toBe(true)
    expect(samePackage('./mailer', '#/lib/auth/email')).toBe(false)
    expect(samePackage('@/lib/db', '@/db')).toBe(false)
    expect(appModule('@/db', '../db')).toBe(true)
    expect(appModule('@/db', 'drizzle-orm')).toBe(false)
  })

  it('addPlugins refuses rather than list the app’s own admin() as the plugin', () => {
    const input = [
      "import { betterAuth } from 'better-auth'",
      'const admin = () => ({ id: "mine" })',
      'export const auth = betterAuth({ plugins: [] })',
      '',
    ].join('\n')
    expect(() =>
      runTransform(input, FILE, addPlugins, { plugins: { admin: true }, style: STYLE }, { style: STYLE }),
    ).toThrow(/already binds `admin` to its own `admin`/)
  })

  it('addDatabase refuses a Database the file binds to something else, and keeps better-sqlite3’s', () => {
    const database = { kind: 'sqlite', path: 'data/auth.db' } as const
    const base = ["import { betterAuth } from 'better-auth'", 'export const auth = betterAuth({})', ''].join('\n')
    const mine = base.replace("'better-auth'", "'better-auth'\nimport { Database } from './my-db'")
    expect(() => runTransform(mine, FILE, addDatabase, { database, style: STYLE })).toThrow(
      /`database` uses `Database` from better-sqlite3, but this file already binds it to `Database` from \.\/my-db/,
    )
    const theirs = base.replace("'better-auth'", "'better-auth'\nimport Database from 'better-sqlite3'")
    const text = runTransform(theirs, FILE, addDatabase, { database, style: STYLE }).text
    expect(text.match(/import Database/g)).toHaveLength(1)
    expect(text).toContain('new Database(databasePath)')
  })

  it('addPlugins refuses a plugin name that a factory around betterAuth binds locally, not only top-level names', () => {
    const input = [
      "import { betterAuth } from 'better-auth'",
      'export function createAuth(env: { ADMIN: boolean }) {',
      '  const admin = env.ADMIN',
      '  return betterAuth({ plugins: [] })',
      '}',
      '',
    ].join('\n')
    expect(() =>
      runTransform(input, FILE, addPlugins, { plugins: { admin: true }, style: STYLE }, { style: STYLE }),
    ).toThrow(/already binds `admin` to a local `admin` of the function around the place kit-auth writes to/)
    // the same local outside the factory is no obstacle
    const elsewhere =
      input.replace('  const admin = env.ADMIN\n', '') + 'export function other() {\n  const admin = 1\n}\n'
    const text = runTransform(elsewhere, FILE, addPlugins, { plugins: { admin: true }, style: STYLE }).text
    expect(text).toContain("import { admin } from 'better-auth/plugins'")
  })

  it('importAs takes another name where a factory around the options binds sendEmail locally', () => {
    const input = [
      "import { betterAuth } from 'better-auth'",
      'export const createAuth = (sendEmail: (to: string) => void) =>',
      '  betterAuth({ emailAndPassword: { enabled: true } })',
      '',
    ].join('\n')
    const options = {
      passwordReset: true,
      emailVerification: false,
      requireEmailVerification: false,
      changeEmailVerification: false,
      verificationLinkOnce: true,
      emailFrom: '#/lib/auth/email',
      style: STYLE,
    }
    const text = runTransform(input, FILE, addAccountEmails, options).text
    expect(text).toContain("import { authEmails, sendEmail as kitAuthSendEmail } from '#/lib/auth/email'")
    expect(text).toContain('kitAuthSendEmail(authEmails.')
    expect(text).not.toMatch(/[^.\w]sendEmail\(/)
  })

  it('addDatabase takes the app’s db only from the module kit-auth found it in (paths resolved), not any app db', () => {
    const database = {
      kind: 'drizzle',
      provider: 'pg',
      dbExport: 'db',
      dbFrom: '#/db',
      schemaFrom: '#/db/auth-schema',
      sameModule: sameAppModule([{ prefix: '#/', target: 'src' }], FILE),
    } as const
    const base = ["import { betterAuth } from 'better-auth'", 'export const auth = betterAuth({})', ''].join('\n')
    const cache = base.replace("'better-auth'", "'better-auth'\nimport { db } from './cache'")
    expect(() => runTransform(cache, FILE, addDatabase, { database, style: STYLE })).toThrow(
      /calls `db` from #\/db, but this file already binds `db` to `db` from \.\/cache/,
    )
    const same = base.replace("'better-auth'", "'better-auth'\nimport { db } from '../db/index'")
    const text = runTransform(same, FILE, addDatabase, { database, style: STYLE }).text
    expect(text.match(/import \{ db \}/g)).toHaveLength(1)
    expect(text).toContain("drizzleAdapter(db, { provider: 'pg', schema: authSchema })")
  })

  it('adoptAuthClient types inferAdditionalFields with the server instance when the client itself is named auth', () => {
    const input = [
      "import { createAuthClient } from 'better-auth/react'",
      '',
      'export const auth = createAuthClient({ plugins: [] })',
      '',
    ].join('\n')
    const options = {
      admin: false,
      organization: false,
      authType: { from: '#/lib/auth', clause: '{ auth }' },
      style: STYLE,
    }
    const text = runTransform(input, 'src/lib/auth-client.ts', adoptAuthClient, options).text
    expect(text).toContain("import type { auth as ServerAuth } from '#/lib/auth'")
    expect(text).toContain('inferAdditionalFields<typeof ServerAuth>()')
    // an app that imports the instance's type as `auth` keeps it
    const typed = input
      .replace('export const auth =', 'export const authClient =')
      .replace("'better-auth/react'\n", "'better-auth/react'\nimport type { auth } from '#/lib/auth'\n")
    const kept = runTransform(typed, 'src/lib/auth-client.ts', adoptAuthClient, options).text
    expect(kept).toContain('inferAdditionalFields<typeof auth>()')
    expect(kept.match(/from '#\/lib\/auth'/g)).toHaveLength(1)
  })

  it('addDatabase checks the names of the database property against the factory’s locals, not mkdirSync and dirname', () => {
    const database = { kind: 'sqlite', path: 'data/auth.db' } as const
    const factory = (body: string, parameters = '') =>
      ["import { betterAuth } from 'better-auth'", `export function createAuth(${parameters}) {`, body, '}', ''].join(
        '\n',
      )
    const text = runTransform(factory("  const dirname = 'x'\n  return betterAuth({})"), FILE, addDatabase, {
      database,
      style: STYLE,
    }).text
    expect(text).toContain("import { dirname } from 'node:path'")
    expect(text).toContain('database: new Database(databasePath)')
    expect(() =>
      runTransform(factory('  return betterAuth({})', 'Database: unknown'), FILE, addDatabase, {
        database,
        style: STYLE,
      }),
    ).toThrow(/a local `Database` of the function around the betterAuth options would take its place/)
    expect(sameAppModule([{ prefix: '#/', target: 'src' }], FILE)('../db/', '#/db')).toBe(true)
  })

  it('adoptAuthClient reuses a type import of the instance the client named auth already has', () => {
    const input = [
      "import { createAuthClient } from 'better-auth/react'",
      "import type { auth as ServerAuth } from '#/lib/auth'",
      '',
      'export const auth = createAuthClient({ plugins: [] })',
      '',
    ].join('\n')
    const options = {
      admin: false,
      organization: false,
      authType: { from: '#/lib/auth', clause: '{ auth }' },
      style: STYLE,
    }
    const text = runTransform(input, 'src/lib/auth-client.ts', adoptAuthClient, options).text
    expect(text).toContain('inferAdditionalFields<typeof ServerAuth>()')
    expect(text.match(/from '#\/lib\/auth'/g)).toHaveLength(1)
  })
})
