/**
 * `kit-auth init` on an app with its own Drizzle data layer (fixtures/drizzle-sqlite): Better
 * Auth goes through `drizzleAdapter` with the app's `db`, its tables are written as a Drizzle
 * schema next to the app's, no driver or SQLite file is added and no migration runs (drizzle-kit
 * applies the tables). Every written file is snapshotted AND checked.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ts } from 'ts-morph'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles, copyFixture, expectedCreated, init, parseDocument, type InitDocument } from '../init/support.js'
import { generateAuthSchema } from '../../src/project/drizzle.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

function fixtureCopy(): string {
  const root = copyFixture('drizzle-sqlite')
  copies.push(root)
  return root
}

function parseErrors(file: string, text: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { jsx: ts.JsxEmit.ReactJSX, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
}

function importsOf(file: string, text: string): { specifier: string; names: string[] }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
  return source.statements.filter(ts.isImportDeclaration).map((node) => {
    const clause = node.importClause
    const names: string[] = []
    if (clause?.name) names.push(clause.name.text)
    if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings))
      names.push(...clause.namedBindings.elements.map((element) => element.name.text))
    if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings))
      names.push(`* as ${clause.namedBindings.name.text}`)
    return { specifier: (node.moduleSpecifier as ts.StringLiteral).text, names }
  })
}

/** `#/x` -> src/x, then the file it names (x.ts, x.tsx, x/index.ts). */
function resolvesThroughAlias(root: string, specifier: string): boolean {
  const base = path.join(root, 'src', specifier.slice(2))
  return ['.ts', '.tsx', '/index.ts'].some((extension) => existsSync(base + extension))
}

const AUTH_SCHEMA = 'src/db/auth-schema.ts'

describe('init --yes --no-install on drizzle-sqlite', () => {
  let root: string
  let before: Record<string, string>
  let after: Record<string, string>
  let document: InitDocument
  let written: string[]

  beforeAll(() => {
    root = fixtureCopy()
    before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    document = parseDocument(result.stdout)
    after = snapshotTree(root)
    written = document.changes
      .filter((change) => change.action === 'create' || change.action === 'update')
      .map((change) => change.path)
  })

  it('plans exactly the auth layer, the auth schema and its re-export, and writes only those', () => {
    const expected = [
      ...expectedCreated('src', 'src/routes').map((file) => ({ path: file, action: 'create' })),
      { path: AUTH_SCHEMA, action: 'create' },
      { path: 'src/db/schema.ts', action: 'update' },
      { path: 'src/start.ts', action: 'create' },
      { path: 'package.json', action: 'update' },
      // .env.local is already covered by `*.local`, /data/ by the app's own ignore: only the email outbox is added
      { path: '.gitignore', action: 'update' },
    ]
    const byPath = (list: { path: string; action: string }[]) => [...list].sort((a, b) => a.path.localeCompare(b.path))
    expect(byPath(document.changes)).toEqual(byPath(expected))
    expect(changedFiles(before, after)).toEqual([...written].sort())
  })

  it("uses drizzleAdapter with the app's own db, imported through the app's alias", () => {
    const auth = after['src/lib/auth/auth.ts']!
    const imports = importsOf('auth.ts', auth)
    expect(imports).toContainEqual({ specifier: 'better-auth/adapters/drizzle', names: ['drizzleAdapter'] })
    expect(imports).toContainEqual({ specifier: '#/db/index', names: ['db'] })
    expect(imports).toContainEqual({ specifier: '#/db/auth-schema', names: ['* as authSchema'] })
    for (const { specifier } of imports.filter((entry) => entry.specifier.startsWith('#/')))
      expect(resolvesThroughAlias(root, specifier), specifier).toBe(true)
    expect(auth).toContain("database: drizzleAdapter(db, { provider: 'sqlite', schema: authSchema }),")
    // no driver of its own, no database file
    expect(auth).not.toContain('better-sqlite3')
    expect(auth).not.toContain('DATABASE_PATH')
    expect(auth).not.toContain('new Pool')
  })

  it('writes the Better Auth tables as a Drizzle schema the app re-exports for drizzle-kit', () => {
    const schema = after[AUTH_SCHEMA]!
    expect(parseErrors(AUTH_SCHEMA, schema)).toEqual([])
    expect(importsOf(AUTH_SCHEMA, schema)).toEqual([
      { specifier: 'drizzle-orm/sqlite-core', names: ['sqliteTable', 'index', 'integer', 'text'] },
    ])
    const tables = [...schema.matchAll(/^export const (\w+) = sqliteTable\(\s*'(\w+)'/gm)].map((match) => [
      match[1],
      match[2],
    ])
    expect(tables).toEqual([
      ['user', 'user'],
      ['session', 'session'],
      ['account', 'account'],
      ['verification', 'verification'],
      ['organization', 'organization'],
      ['member', 'member'],
      ['invitation', 'invitation'],
      ['apiToken', 'api_token'],
    ])
    for (const column of [
      'role',
      'banned',
      'banReason',
      'banExpires',
      'deactivatedAt',
      'activeOrganizationId',
      'impersonatedBy',
      'keyHash',
    ])
      expect(schema).toMatch(new RegExp(`^\\s+${column}: `, 'm'))
    // the app's schema keeps its table and gains one re-export
    expect(after['src/db/schema.ts']).toBe(
      `${before['src/db/schema.ts']!.trimEnd()}\n\nexport * from './auth-schema'\n`,
    )
  })

  it('adds better-auth and the email transports only: no driver, no SQLite file, no /data/ ignore', () => {
    const pkg = (text: string) =>
      JSON.parse(text) as { dependencies: Record<string, string>; devDependencies: Record<string, string> }
    const was = pkg(before['package.json']!)
    const now = pkg(after['package.json']!)
    const range = expect.stringMatching(/^\^\d+\.\d+\.\d+$/)
    expect(now.dependencies).toEqual({
      ...was.dependencies,
      'better-auth': '^1.7.25',
      nodemailer: range,
      resend: range,
    })
    expect(now.devDependencies).toEqual(was.devDependencies)
    const added = after['.gitignore']!.slice(before['.gitignore']!.length)
    expect(after['.gitignore']!.startsWith(before['.gitignore']!)).toBe(true)
    expect(added.split('\n').filter((line) => line && !line.startsWith('#'))).toEqual(['/.kit-auth/'])
    expect(after['.env.local']).not.toMatch(/DATABASE_(PATH|URL)/)
    expect(Object.keys(after).filter((file) => file.endsWith('.db'))).toEqual([])
  })

  it('runs no migration and tells the user the drizzle-kit commands', () => {
    const steps = document.nextSteps.join('\n')
    expect(steps).toContain('`npx drizzle-kit generate && npx drizzle-kit migrate`')
    expect(steps).toContain('`npx drizzle-kit push`')
    expect(steps).toContain(AUTH_SCHEMA)
    expect(steps).not.toMatch(/kit-auth migrate` to create the auth tables/)
  })

  it('every written TypeScript file parses', () => {
    const code = written.filter((file) => /\.tsx?$/.test(file))
    expect(code.length).toBeGreaterThanOrEqual(19)
    for (const file of code) expect(parseErrors(file, after[file]!), file).toEqual([])
  })

  it('matches the reviewed snapshots', async () => {
    for (const file of written) {
      const content = after[file]!
      const shown = file === '.env.local' ? content.replace(/^(BETTER_AUTH_SECRET=).*$/m, '$1<random 64 hex>') : content
      await expect(shown, file).toMatchFileSnapshot(`./__snapshots__/drizzle-sqlite/${file}.snap`)
    }
  })

  it('a second run is "Nothing to do" and changes nothing', () => {
    const second = init(root, ['--yes', '--no-install'])
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('Nothing to do')
    expect(snapshotTree(root)).toEqual(after)
  })
})

describe('choosing the database on a Drizzle app', () => {
  it('finds the Drizzle setup with --cwd from another folder too', () => {
    const root = fixtureCopy()
    const result = runCli(['init', '--yes', '--no-install', '--dry-run', '--cwd', root])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^ {2}create +src\/db\/auth-schema\.ts$/m)
  })

  it('--db sqlite overrides Drizzle: a better-sqlite3 instance, no auth schema', () => {
    const root = fixtureCopy()
    const result = init(root, ['--yes', '--no-install', '--db', 'sqlite'])
    expect(result.code).toBe(0)
    const auth = snapshotTree(root)['src/lib/auth/auth.ts']!
    expect(auth).toContain("import Database from 'better-sqlite3'")
    expect(auth).not.toContain('drizzleAdapter')
    expect(existsSync(path.join(root, AUTH_SCHEMA))).toBe(false)
  })

  it('--db drizzle on an app without Drizzle is a usage error that writes nothing', () => {
    const root = copyFixture('default-npm')
    copies.push(root)
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--db', 'drizzle'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--db drizzle')
    expect(snapshotTree(root)).toEqual(before)
  })

  it("takes the db through a barrel under src/ that re-exports it from the app's db/ folder", () => {
    const root = fixtureCopy()
    const client = readFileSync(path.join(root, 'src/db/index.ts'), 'utf8').replace("'./schema'", "'../src/db/schema'")
    mkdirSync(path.join(root, 'db'))
    writeFileSync(path.join(root, 'db/client.ts'), client)
    writeFileSync(path.join(root, 'src/db/index.ts'), "export { db } from '../../db/client'\n")
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const auth = readFileSync(path.join(root, 'src/lib/auth/auth.ts'), 'utf8')
    expect(auth).toMatch(/^import \{ db \} from '#\/db(?:\/index)?'$/m)
    expect(auth).toContain("drizzleAdapter(db, { provider: 'sqlite', schema: authSchema })")
    expect(auth).not.toContain('better-sqlite3')
    expect(existsSync(path.join(root, AUTH_SCHEMA))).toBe(true)
  })

  it('without a `db = drizzle(...)` export, --yes falls back to SQLite and says why', () => {
    const root = fixtureCopy()
    writeFileSync(path.join(root, 'src/db/index.ts'), 'export const database = 1\n')
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'Not using your Drizzle (no file under src/ has `export const db = drizzle(...)`): Better Auth gets its own SQLite file.',
    )
    expect(existsSync(path.join(root, AUTH_SCHEMA))).toBe(false)
  })

  it('--db drizzle without a `db = drizzle(...)` export names what is missing', () => {
    const root = fixtureCopy()
    writeFileSync(path.join(root, 'src/db/index.ts'), 'export const database = 1\n')
    const result = init(root, ['--yes', '--no-install', '--db', 'drizzle'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no file under src/ has `export const db = drizzle(...)`')
  })
})

describe('generateAuthSchema', () => {
  it.each(['sqlite', 'pg', 'mysql'] as const)(
    '%s: parses, one export per model, only the enabled plugins',
    (provider) => {
      const all = generateAuthSchema(provider, { admin: true, organization: true, apiTokens: true })
      const none = generateAuthSchema(provider, { admin: false, organization: false, apiTokens: false })
      expect(parseErrors('s.ts', all)).toEqual([])
      expect(parseErrors('s.ts', none)).toEqual([])
      const exports = (text: string) => [...text.matchAll(/^export const (\w+)/gm)].map((match) => match[1])
      expect(exports(all)).toEqual([
        'user',
        'session',
        'account',
        'verification',
        'organization',
        'member',
        'invitation',
        'apiToken',
      ])
      expect(exports(none)).toEqual(['user', 'session', 'account', 'verification'])
      expect(none).not.toMatch(/banReason|activeOrganizationId|impersonatedBy/)
      expect(none).toContain('deactivatedAt')
    },
  )
})
