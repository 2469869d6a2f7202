/**
 * `kit-auth add two-factor` planned on (a) kit-auth's own layer (default-npm after init) and (b) the
 * app's own instance and client (existing-better-auth, adopted by init; its own /login page). The
 * diffs are snapshotted and checked: exactly the planned files change, they parse, a second run plans
 * nothing, --dry-run writes nothing, an instance without a database is refused with nothing written.
 * test/e2e/mfa.heavy.test.ts type-checks, builds and runs what default-npm gets here.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
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

function initialised(fixture: string, args: string[] = []): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-2fa-${fixture}-`))
  cpSync(path.join(FIXTURES_DIR, fixture), root, { recursive: true })
  temps.push(root)
  const result = cli(root, ['init', '--yes', ...args])
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
  return root
}

interface AddDocument {
  ok: boolean
  dryRun: boolean
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

const NEW_FILES = [
  'src/lib/auth/two-factor.ts',
  'src/lib/auth/components/two-factor-settings.tsx',
  'src/routes/two-factor.tsx',
]

const CASES = [
  {
    name: 'own-layer',
    prepare: () => initialised('default-npm'),
    auth: 'src/lib/auth/auth.ts',
    client: 'src/lib/auth/auth-client.ts',
    files: [
      ...NEW_FILES,
      'src/lib/auth/auth.ts',
      'src/lib/auth/auth-client.ts',
      'src/routes/sign-in.tsx',
      'src/routes/_authenticated/account.tsx',
      'package.json',
    ],
  },
  {
    name: 'adopted',
    prepare: () => initialised('existing-better-auth'),
    auth: 'src/lib/auth.ts',
    client: 'src/lib/auth-client.ts',
    // its own /login page is not edited: the next steps say what to change
    files: [
      ...NEW_FILES,
      'src/lib/auth.ts',
      'src/lib/auth-client.ts',
      'src/routes/_authenticated/account.tsx',
      'package.json',
    ],
  },
]

describe.each(CASES)('add two-factor: $name', (testCase) => {
  let app: string
  let document: AddDocument
  let before: Record<string, string>
  let after: Record<string, string>

  beforeAll(() => {
    app = testCase.prepare()
    before = snapshotTree(app)
    const run = add(app, ['two-factor'])
    if (run.result.code !== 0) throw new Error(`add two-factor failed: ${run.result.stderr}`)
    document = run.document
    after = snapshotTree(app)
  })

  it('plans exactly the expected files, writes exactly those, and they parse', () => {
    const planned = document.changes.filter((change) => change.action !== 'unchanged').map((change) => change.path)
    expect(planned.sort()).toEqual([...testCase.files].sort())
    expect(changedFiles(before, after)).toEqual([...testCase.files].sort())
    for (const file of testCase.files.filter((name) => /\.tsx?$/.test(name)))
      expect(syntaxErrors(file, after[file]!), file).toEqual([])
  })

  it('matches the reviewed diffs', async () => {
    for (const file of changedFiles(before, after)) {
      await expect(diffOf(file, before[file], after[file]!)).toMatchFileSnapshot(
        `./__snapshots__/two-factor/${testCase.name}/${file}.diff.snap`,
      )
    }
  })

  it('lists twoFactor() and the replay guard before the cookies plugin, and the client plugin', () => {
    const auth = read(app, testCase.auth)
    expect(auth).toMatch(/twoFactor\(\{ issuer: TOTP_ISSUER, totpOptions: TOTP \}\),\s+totpReplayGuard\(\),/)
    expect(auth.indexOf('totpReplayGuard()')).toBeLessThan(auth.indexOf('tanstackStartCookies()'))
    expect(auth).toMatch(
      /import \{ TOTP, TOTP_ISSUER, totpReplayGuard \} from '(\.\/two-factor|#\/lib\/auth\/two-factor)'/,
    )
    const client = read(app, testCase.client)
    expect(client).toContain('twoFactorClient({')
    expect(client).toContain('window.location.assign(`/two-factor${window.location.search}`)')
    expect(read(app, 'package.json')).toContain('"uqr": "^0.1.3"')
    // the server module decides at run time: the key of the running release, the live TOTP options,
    // Better Auth's own session lookup, the code as sent (test/e2e/mfa.heavy.test.ts runs them)
    const server = read(app, 'src/lib/auth/two-factor.ts')
    expect(server).toContain('return context.secretConfig ?? context.secret')
    expect(server).toContain("candidate.id === 'two-factor'")
    expect(server).toContain('const session = await getSessionFromCtx(ctx)')
    expect(server).not.toContain('findSession')
    expect(server).toContain('const step = stepOf(secret, code, totp)')
    expect(server).not.toContain('.trim()')
    expect(server).toMatch(
      /if \(user\?\.twoFactorEnabled\)\s+throw new APIError\('FORBIDDEN', SECOND_FACTOR_REQUIRED\)/,
    )
  })

  it('stops kit-auth’s sign-in page at the second step; says what to change on the app’s own', () => {
    const steps = document.nextSteps.join('\n')
    if (testCase.name === 'own-layer') {
      const signIn = read(app, 'src/routes/sign-in.tsx')
      expect(signIn).toContain('const { data, error: failed } = await authClient.signIn.email({')
      expect(signIn).toContain("if ('twoFactorRedirect' in data) return")
      expect(steps).not.toContain('twoFactorRedirect')
    } else {
      expect(read(app, 'src/routes/login.tsx')).not.toContain('twoFactorRedirect')
      expect(steps).toContain('Your sign-in page (src/routes/login.tsx): when `authClient.signIn.email` answers')
    }
    expect(read(app, 'src/routes/_authenticated/account.tsx')).toContain('<TwoFactorSettings />')
  })

  it('a second run plans no change and says two-factor is on; --list shows it on', () => {
    const again = snapshotTree(app)
    const { result, document: second } = add(app, ['two-factor'])
    expect(result.code).toBe(0)
    expect(second.nothingToDo).toBe(true)
    expect(second.notes?.[0]).toBe('two-factor is already on in this app.')
    expect(snapshotTree(app)).toEqual(again)
    const { document: list } = add(app, ['--list'])
    expect(list.features?.find((feature) => feature.name === 'two-factor')?.on).toBe(true)
  })
})

describe('add two-factor across releases', () => {
  it('writes the same server module on 1.4 as on 1.7: the secret key is chosen when it runs, not when written', () => {
    const written = (betterAuth: string) => {
      const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-2fa-${betterAuth}-`))
      cpSync(path.join(FIXTURES_DIR, 'default-npm'), root, { recursive: true })
      temps.push(root)
      const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>
      }
      manifest.dependencies['better-auth'] = betterAuth
      writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest, null, 2))
      const init = cli(root, ['init', '--yes'])
      if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`)
      const run = add(root, ['two-factor'])
      if (run.result.code !== 0) throw new Error(`add two-factor failed: ${run.result.stderr}`)
      return read(root, 'src/lib/auth/two-factor.ts')
    }
    const on14 = written('1.4.22')
    expect(on14).toContain('return context.secretConfig ?? context.secret')
    expect(written('1.7.25')).toBe(on14)
  })
})

describe("add two-factor in the app's style", () => {
  it('the client edit follows the app: tabs and semicolons on a Biome app, none on a semicolon-free one', () => {
    const biome = initialised('toolchain-biome')
    expect(add(biome, ['two-factor']).result.code).toBe(0)
    expect(read(biome, 'src/lib/auth/auth-client.ts')).toContain(
      '\t\ttwoFactorClient({\n\t\t\tonTwoFactorRedirect() {\n' +
        '\t\t\t\twindow.location.assign(`/two-factor${window.location.search}`);\n\t\t\t},\n\t\t}),',
    )
    const plain = initialised('default-npm')
    expect(add(plain, ['two-factor']).result.code).toBe(0)
    expect(read(plain, 'src/lib/auth/auth-client.ts')).toContain(
      '      onTwoFactorRedirect() {\n        window.location.assign(`/two-factor${window.location.search}`)\n      },',
    )
  })
})

describe('add two-factor refusals', () => {
  it('--dry-run plans the files and writes nothing', () => {
    const app = initialised('default-npm')
    const before = snapshotTree(app)
    const { result, document } = add(app, ['two-factor', '--dry-run'])
    expect(result.code).toBe(0)
    expect(document.changes.map((change) => change.path)).toContain('src/routes/two-factor.tsx')
    expect(snapshotTree(app)).toEqual(before)
    expect(add(app, ['--list']).document.features?.find((feature) => feature.name === 'two-factor')?.on).toBe(false)
  })

  it('an instance without a database (stateless): one-line reason and hint, exit 1, nothing written', () => {
    const app = initialised('auth-stateless')
    const before = snapshotTree(app)
    const result = cli(app, ['add', 'two-factor'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('has no database: two-factor stores each user')
    expect(result.stderr.trim().split('\n')).toHaveLength(2)
    expect(snapshotTree(app)).toEqual(before)
  })
})
