/**
 * `kit-auth add passkey` planned on kit-auth's own layer (default-npm after init and add two-factor,
 * with better-auth 1.7's manifest where npm installs it) and on an adopted better-auth 1.3.34 instance
 * (better-auth-1-3, which still ships the plugin itself). The own layer's diffs are snapshotted and
 * checked; test/e2e/mfa.heavy.test.ts type-checks, builds and runs the same app with Chromium.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliResult } from '../helpers/cli.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles } from '../init/support.js'
import { diffOf, read, syntaxErrors } from '../add-guard/support.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function cli(app: string, args: string[]): CliResult {
  return runCli([...args, '--no-install', '--cwd', app])
}

function initialised(fixture: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-passkey-${fixture}-`))
  cpSync(path.join(FIXTURES_DIR, fixture), root, { recursive: true })
  temps.push(root)
  const result = cli(root, ['init', '--yes'])
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
  return root
}

interface AddDocument {
  nothingToDo?: boolean
  changes: { path: string; action: string }[]
  notes?: string[]
  nextSteps: string[]
  features?: { name: string; on: boolean }[]
}

function add(app: string, args: string[]): { result: CliResult; document: AddDocument } {
  const result = cli(app, ['add', ...args, '--json'])
  return { result, document: JSON.parse(result.stdout) as AddDocument }
}

/** better-auth 1.7.25 as npm installs it: the versions it depends on, which @better-auth/passkey pins otherwise. */
const BETTER_AUTH_1_7 = {
  name: 'better-auth',
  version: '1.7.25',
  dependencies: { 'better-call': '1.4.5', '@better-auth/utils': '0.5.1', '@better-fetch/fetch': '1.3.3' },
}

const FILES = [
  'src/lib/auth/passkey.ts',
  'src/lib/auth/components/passkey-settings.tsx',
  'src/lib/auth/components/passkey-sign-in.tsx',
  'src/lib/auth/auth.ts',
  'src/lib/auth/auth-client.ts',
  'src/routes/sign-in.tsx',
  'src/routes/_authenticated/account.tsx',
  'package.json',
]

describe('add passkey on kit-auth’s own layer (better-auth 1.7, npm)', () => {
  let app: string
  let document: AddDocument
  let before: Record<string, string>
  let after: Record<string, string>

  beforeAll(() => {
    app = initialised('default-npm')
    expect(add(app, ['two-factor']).result.code).toBe(0)
    mkdirSync(path.join(app, 'node_modules/better-auth'), { recursive: true })
    writeFileSync(path.join(app, 'node_modules/better-auth/package.json'), JSON.stringify(BETTER_AUTH_1_7))
    before = snapshotTree(app)
    const run = add(app, ['passkey'])
    if (run.result.code !== 0) throw new Error(`add passkey failed: ${run.result.stderr}`)
    document = run.document
    after = snapshotTree(app)
  })

  it('plans exactly the expected files, writes exactly those, and they parse', () => {
    const planned = document.changes.filter((change) => change.action !== 'unchanged').map((change) => change.path)
    expect(planned.sort()).toEqual([...FILES].sort())
    expect(changedFiles(before, after).filter((file) => !file.startsWith('node_modules/'))).toEqual([...FILES].sort())
    for (const file of FILES.filter((name) => /\.tsx?$/.test(name)))
      expect(syntaxErrors(file, after[file]!), file).toEqual([])
  })

  it('matches the reviewed diffs', async () => {
    for (const file of FILES) {
      await expect(diffOf(file, before[file], after[file]!)).toMatchFileSnapshot(
        `./__snapshots__/passkey/own-layer/${file}.diff.snap`,
      )
    }
  })

  it('uses @better-auth/passkey of the app’s minor, with npm overrides for its exact peer pins', () => {
    const manifest = JSON.parse(read(app, 'package.json')) as {
      dependencies: Record<string, string>
      overrides: Record<string, Record<string, string>>
    }
    expect(manifest.dependencies['@better-auth/passkey']).toBe('>=1.7.0 <=1.7.25')
    expect(manifest.overrides['@better-auth/passkey']).toEqual(BETTER_AUTH_1_7.dependencies)
    const auth = read(app, 'src/lib/auth/auth.ts')
    expect(auth).toContain("import { passkey } from '@better-auth/passkey'")
    expect(auth).toMatch(/passkey\(PASSKEY_OPTIONS\),\s+\/\/ Must stay last[^\n]*\n\s+tanstackStartCookies\(\)/)
    expect(read(app, 'src/lib/auth/auth-client.ts')).toContain(
      "import { passkeyClient } from '@better-auth/passkey/client'",
    )
    expect(read(app, 'src/lib/auth/passkey.ts')).toContain('rpID: appURL.hostname')
    const signIn = read(app, 'src/routes/sign-in.tsx')
    expect(signIn).toContain('<PasskeySignIn redirect={redirect} />')
    expect(signIn).toContain('autoComplete="email webauthn"')
    expect(read(app, 'src/routes/_authenticated/account.tsx')).toMatch(/<TwoFactorSettings \/>\s+<PasskeySettings \/>/)
  })

  it('a second run plans no change; --list shows passkey and two-factor on', () => {
    const again = snapshotTree(app)
    const { result, document: second } = add(app, ['passkey'])
    expect(result.code).toBe(0)
    expect(second.nothingToDo).toBe(true)
    expect(second.notes?.[0]).toBe('passkey is already on in this app.')
    expect(snapshotTree(app)).toEqual(again)
    const on = add(app, ['--list'])
      .document.features?.filter((feature) => feature.on)
      .map((feature) => feature.name)
    expect(on).toEqual(['email', 'email-verification', 'password-reset', 'two-factor', 'passkey'])
  })
})

describe('add passkey on an adopted better-auth 1.3.34 instance', () => {
  it('imports the plugin from better-auth itself and adds no package', () => {
    const app = initialised('better-auth-1-3')
    const before = snapshotTree(app)
    const { result, document } = add(app, ['passkey'])
    expect(result.code, result.stderr).toBe(0)
    const after = snapshotTree(app)
    expect(changedFiles(before, after)).not.toContain('package.json')
    const auth = Object.keys(after).find(
      (file) => after[file]!.includes('passkey(PASSKEY_OPTIONS)') && file.endsWith('.ts'),
    )
    expect(auth).toBeDefined()
    expect(after[auth!]).toContain("import { passkey } from 'better-auth/plugins/passkey'")
    const client = Object.entries(after).find(([, text]) => text.includes('passkeyClient()'))
    expect(client?.[1]).toMatch(/passkeyClient,?[\s\S]*from 'better-auth\/client\/plugins'/)
    const steps = document.nextSteps.join('\n')
    expect(steps).toContain('Run `npx kit-auth migrate`: the passkey table.')
    // its own /login page is not edited: the two lines to add, imported as that page would
    expect(steps).toContain(
      'Add to your sign-in page (src/routes/login.tsx), with its safe redirect: ' +
        "`import { PasskeySignIn } from '#/lib/auth/components/passkey-sign-in'` and `<PasskeySignIn redirect={redirect} />`.",
    )
    expect(steps).toContain('Your sign-in page: put `webauthn` last in the email field’s autoComplete')
  })

  it('an instance without a database (stateless): one-line reason and hint, exit 1, nothing written', () => {
    const app = initialised('auth-stateless')
    const before = snapshotTree(app)
    const result = cli(app, ['add', 'passkey'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('has no database: passkeys are stored in one.')
    expect(result.stderr.trim().split('\n')).toHaveLength(2)
    expect(snapshotTree(app)).toEqual(before)
  })
})

describe("the passkey options fall back to the dev server's URL", () => {
  it('at the port `npm run dev` serves on (5173 for a plain `vite dev`), and the module type-checks', () => {
    const app = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-passkey-port-'))
    cpSync(path.join(FIXTURES_DIR, 'default-npm'), app, { recursive: true })
    temps.push(app)
    const pkg = path.join(app, 'package.json')
    writeFileSync(pkg, readFileSync(pkg, 'utf8').replace('"vite dev --port 3000"', '"vite dev"'))
    expect(cli(app, ['init', '--yes']).code).toBe(0)
    mkdirSync(path.join(app, 'node_modules/better-auth'), { recursive: true })
    writeFileSync(path.join(app, 'node_modules/better-auth/package.json'), JSON.stringify(BETTER_AUTH_1_7))
    expect(add(app, ['passkey']).result.code).toBe(0)
    const text = read(app, 'src/lib/auth/passkey.ts')
    expect(text).toContain("const appURL = new URL(process.env.BETTER_AUTH_URL ?? 'http://localhost:5173')")
    expect(text).toContain('(http://localhost:5173, the dev server, in development)')
    expect(typeErrors(text)).toEqual([])
    // the check sees errors: a number where URL wants a string
    expect(typeErrors(text.replace("'http://localhost:5173'", '5173'))).not.toEqual([])
  })
})

/** The strict type errors of a server module that reads only `process.env` and the platform's URL. */
function typeErrors(text: string): string[] {
  const files: Record<string, string> = {
    '/app/passkey.ts': text,
    '/app/env.d.ts': 'declare const process: { env: Record<string, string | undefined> }\n',
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  }
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  host.readFile = (file) => files[file] ?? readFile(file)
  host.fileExists = (file) => file in files || ts.sys.fileExists(file)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (file, language) =>
    files[file] !== undefined ? ts.createSourceFile(file, files[file]!, language) : getSourceFile(file, language)
  const program = ts.createProgram(Object.keys(files), options, host)
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
}
