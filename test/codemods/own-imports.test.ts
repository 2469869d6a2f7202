import { describe, expect, it } from 'vitest'
import { addDatabase } from '../../src/codemods/auth/add-database.js'
import { addPlugins } from '../../src/codemods/auth/add-plugins.js'
import { parse } from '../../src/codemods/js/parse.js'
import { appModule, importOrRefuse, samePackage } from '../../src/codemods/own-imports.js'
import { runTransform } from '../../src/codemods/transform.js'
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
})
