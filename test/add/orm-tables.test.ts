/**
 * `kit-auth add two-factor` and `add passkey` on apps whose instance uses the Drizzle or Prisma adapter:
 * the tables land in the app's own schema (the Drizzle auth schema init wrote, in the config's dialect;
 * schema.prisma), the next step names the app's migration tool, and a second run changes nothing.
 * test/add/orm-tables.heavy.test.ts applies them with drizzle-kit and prisma and runs two-factor over HTTP.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { passkeySchema, twoFactorSchema } from '../../src/project/auth-tables.js'
import { addPrismaModels } from '../../src/project/prisma.js'
import { syntaxErrors } from '../add-guard/support.js'
import { runCli, type CliResult } from '../helpers/cli.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles } from '../init/support.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function cli(app: string, args: string[]): CliResult {
  return runCli([...args, '--no-install', '--cwd', app])
}

function initialised(fixture: string, prepare: (root: string) => void = () => {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-orm-${fixture}-`))
  cpSync(path.join(FIXTURES_DIR, fixture), root, { recursive: true })
  temps.push(root)
  prepare(root)
  const result = cli(root, ['init', '--yes'])
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
  return root
}

interface AddDocument {
  changes: { path: string; action: string }[]
  notes?: string[]
  nextSteps: string[]
  nothingToDo?: boolean
}

function add(app: string, feature: string): AddDocument {
  const result = cli(app, ['add', feature, '--json'])
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as AddDocument
}

/** Adds both features; every file that changed parses, the second run of each changes nothing. */
function addBoth(app: string): { twoFactor: AddDocument; passkey: AddDocument } {
  const before = snapshotTree(app)
  const twoFactor = add(app, 'two-factor')
  const passkey = add(app, 'passkey')
  const after = snapshotTree(app)
  for (const file of changedFiles(before, after).filter((name) => /\.tsx?$/.test(name)))
    expect(syntaxErrors(file, after[file]!), file).toEqual([])
  for (const feature of ['two-factor', 'passkey']) {
    const again = add(app, feature)
    expect(again.changes.filter((change) => change.action !== 'unchanged')).toEqual([])
  }
  expect(snapshotTree(app)).toEqual(after)
  return { twoFactor, passkey }
}

const read = (app: string, file: string) => readFileSync(path.join(app, file), 'utf8')

describe('add two-factor and passkey on Drizzle', () => {
  it('SQLite (drizzle-sqlite): the tables and the user column in the auth schema, applied by the app’s drizzle-kit scripts', () => {
    const app = initialised('drizzle-sqlite')
    const schemaBefore = read(app, 'src/db/auth-schema.ts')
    const { twoFactor, passkey } = addBoth(app)
    const schema = read(app, 'src/db/auth-schema.ts')
    // what was there stays; the new code follows the file's style
    expect(schema.startsWith(schemaBefore.slice(0, schemaBefore.indexOf('  deactivatedAt')))).toBe(true)
    expect(schema).toContain("  twoFactorEnabled: integer('two_factor_enabled', { mode: 'boolean' }).default(")
    expect(schema).toContain("export const twoFactor = sqliteTable(\n  'two_factor',")
    expect(schema).toContain("    secret: text('secret').notNull(),")
    // better-auth 1.7.25's lockout columns
    expect(schema).toContain("    failedVerificationCount: integer('failed_verification_count').default(0),")
    expect(schema).toContain("    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),")
    expect(schema).toContain("    key: text('key').notNull().unique(),")
    expect(schema).toContain("    step: integer('step').notNull(),")
    expect(schema).toContain("export const passkey = sqliteTable(\n  'passkey',")
    expect(schema).toContain("    counter: integer('counter').notNull(),")
    expect(schema).toContain("    backedUp: integer('backed_up', { mode: 'boolean' }).notNull(),")
    expect(schema).not.toContain('"')
    // schema.ts already re-exports the auth schema: drizzle-kit sees the new tables
    expect(read(app, 'src/db/schema.ts')).toContain("export * from './auth-schema'")
    expect(twoFactor.changes).toContainEqual({ path: 'src/db/auth-schema.ts', action: 'update' })
    expect(twoFactor.notes).toContain('src/db/auth-schema.ts: added user.twoFactorEnabled, twoFactor, totpStep.')
    expect(twoFactor.nextSteps).toContain(
      'Apply the twoFactor and totpStep tables and the user.twoFactorEnabled column (in src/db/auth-schema.ts) with drizzle-kit: `npm run db:generate`, then `npm run db:migrate` (or `npx drizzle-kit push`).',
    )
    expect(twoFactor.nextSteps).toContain('Run `npx kit-auth migrate`: the route tree, for the new page.')
    expect(passkey.notes).toContain('src/db/auth-schema.ts: added passkey.')
    expect(passkey.nextSteps.join('\n')).toContain(
      'Apply the passkey table (in src/db/auth-schema.ts) with drizzle-kit',
    )
    for (const steps of [twoFactor.nextSteps, passkey.nextSteps])
      expect(steps.join('\n')).not.toMatch(/with your drizzle migrations|kit-auth migrate`: the (passkey|twoFactor)/)
  })

  it('Postgres (adopt-drizzle): pg columns, the pg-core import extended', () => {
    const app = initialised('adopt-drizzle')
    addBoth(app)
    const schema = read(app, 'src/db/auth-schema.ts')
    expect(schema).toContain("  twoFactorEnabled: boolean('two_factor_enabled').default(false),")
    expect(schema).toContain("export const twoFactor = pgTable(\n  'two_factor',")
    expect(schema).toContain("    verified: boolean('verified').default(true),")
    expect(schema).toContain("    lockedUntil: timestamp('locked_until'),")
    expect(schema).toContain("    step: integer('step').notNull(),")
    expect(schema).toContain("    createdAt: timestamp('created_at'),")
    expect(schema).toMatch(/import \{[^}]*\binteger,[^}]*\} from 'drizzle-orm\/pg-core'/)
    expect(schema.match(/from 'drizzle-orm\/pg-core'/g)).toHaveLength(1)
  })

  it('MySQL: keys as varchar(255), numbers as int', () => {
    const app = initialised('drizzle-sqlite', (root) => {
      const config = path.join(root, 'drizzle.config.ts')
      writeFileSync(config, readFileSync(config, 'utf8').replace("dialect: 'sqlite'", "dialect: 'mysql'"))
    })
    addBoth(app)
    const schema = read(app, 'src/db/auth-schema.ts')
    expect(schema).toContain("  twoFactorEnabled: boolean('two_factor_enabled').default(false),")
    expect(schema).toContain("    secret: varchar('secret', { length: 255 }).notNull(),")
    expect(schema).toContain("    backupCodes: text('backup_codes').notNull(),")
    expect(schema).toContain("    key: varchar('key', { length: 255 }).notNull().unique(),")
    expect(schema).toContain("    step: int('step').notNull(),")
    expect(schema).toContain("    credentialID: varchar('credential_id', { length: 255 }).notNull(),")
    expect(schema).toContain("    lockedUntil: timestamp('locked_until', { fsp: 3 }),")
  })
})

describe('add two-factor and passkey on Prisma', () => {
  it('prisma-app: the models and the User fields in schema.prisma, applied with the app’s prisma scripts', () => {
    const app = initialised('prisma-app')
    const before = read(app, 'prisma/schema.prisma')
    const { twoFactor, passkey } = addBoth(app)
    const schema = read(app, 'prisma/schema.prisma')
    expect(schema.startsWith(before.slice(0, before.indexOf('  @@map("user")')))).toBe(true)
    const user = /model User \{[^}]*\}/.exec(schema)?.[0] ?? ''
    for (const line of [
      'twoFactorEnabled Boolean @default(false)',
      'twoFactors TwoFactor[]',
      'totpSteps TotpStep[]',
      'passkeys Passkey[]',
    ])
      expect(user).toContain(`  ${line}\n`)
    expect(user.trimEnd().endsWith('@@map("user")\n}')).toBe(true)
    expect(schema).toContain(
      [
        'model TwoFactor {',
        '  id String @id',
        '  secret String',
        '  backupCodes String',
        '  userId String',
        '  user User @relation(fields: [userId], references: [id], onDelete: Cascade)',
        '  verified Boolean @default(true)',
        '  failedVerificationCount Int @default(0)',
        '  lockedUntil DateTime?',
      ].join('\n'),
    )
    expect(schema).toContain('model TotpStep {\n  id String @id\n  key String @unique\n')
    expect(schema).toContain('  step Int\n')
    expect(schema).toContain('  counter Int\n  deviceType String\n  backedUp Boolean\n')
    expect(schema.match(/^model TwoFactor \{/gm)).toHaveLength(1)
    expect(twoFactor.nextSteps).toContain(
      'Apply the twoFactor and totpStep tables and the user.twoFactorEnabled column (in prisma/schema.prisma) with Prisma: `npm run db:migrate`, then regenerate the client: `npm run db:generate`.',
    )
    expect(passkey.nextSteps.join('\n')).toContain('Apply the passkey table (in prisma/schema.prisma) with Prisma')
  })
})

describe('the schemas, per release', () => {
  const columns = (version: string, installed: boolean) =>
    twoFactorSchema(version, installed).tables[0]!.fields.map((field) => field.name)

  it('two-factor: the lockout columns from better-auth 1.6 on, and whenever the release is only declared', () => {
    const base = ['id', 'secret', 'backupCodes', 'userId']
    const lockout = [...base, 'verified', 'failedVerificationCount', 'lockedUntil']
    expect(columns('1.3.34', true)).toEqual(base)
    expect(columns('1.4.22', true)).toEqual(base)
    expect(columns('1.5.6', true)).toEqual(base)
    expect(columns('1.6.34', true)).toEqual(lockout)
    expect(columns('1.7.25', true)).toEqual(lockout)
    expect(columns('1.4.0', false)).toEqual(lockout)
    expect(twoFactorSchema('1.7.25', true).userFields.map((field) => field.name)).toEqual(['twoFactorEnabled'])
    expect(twoFactorSchema('1.3.34', true).tables[1]!.fields.map((field) => field.name)).toEqual([
      'id',
      'key',
      'userId',
      'step',
    ])
  })

  it('passkey: the same columns on every release', () => {
    expect(passkeySchema().tables[0]!.fields.map((field) => field.name)).toEqual([
      'id',
      'name',
      'publicKey',
      'userId',
      'credentialID',
      'counter',
      'deviceType',
      'backedUp',
      'transports',
      'createdAt',
      'aaguid',
    ])
  })

  it('schema.prisma without a User model is left to the app', () => {
    expect(addPrismaModels('model Account {\n  id String @id\n}\n', passkeySchema())).toBeNull()
  })
})
