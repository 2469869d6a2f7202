/**
 * `kit-auth add redis` (and `init --redis`) planned on (a) kit-auth's own layer (default-npm after
 * init) and (b) the app's own instance adopted by init (existing-better-auth). The diffs are
 * snapshotted and checked: exactly the planned files change, they parse, a second run plans nothing,
 * `init --redis` writes what `init` then `add redis` write, each release gets the options it has, bad
 * input is refused with nothing written. test/databases/redis.heavy.test.ts type-checks, builds and
 * runs it as two instances against real PostgreSQL and Redis.
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

function copied(fixture: string, betterAuth?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-redis-${fixture}-`))
  cpSync(path.join(FIXTURES_DIR, fixture), root, { recursive: true })
  temps.push(root)
  if (betterAuth) {
    const file = path.join(root, 'package.json')
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { dependencies: Record<string, string> }
    manifest.dependencies['better-auth'] = betterAuth
    writeFileSync(file, JSON.stringify(manifest, null, 2))
  }
  return root
}

function initialised(fixture: string, args: string[] = [], betterAuth?: string): string {
  const root = copied(fixture, betterAuth)
  const result = cli(root, ['init', '--yes', ...args])
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
  return root
}

interface AddDocument {
  ok: boolean
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

const CASES = [
  {
    name: 'own-layer',
    prepare: () => initialised('default-npm', ['--db', 'postgres']),
    auth: 'src/lib/auth/auth.ts',
    from: './redis',
  },
  {
    name: 'adopted',
    prepare: () => initialised('existing-better-auth'),
    auth: 'src/lib/auth.ts',
    from: '#/lib/auth/redis',
  },
]

describe.each(CASES)('add redis: $name', (testCase) => {
  let app: string
  let document: AddDocument
  let before: Record<string, string>
  let after: Record<string, string>
  const files = [testCase.auth, 'src/lib/auth/redis.ts', 'package.json', '.env.local'].sort()

  beforeAll(() => {
    app = testCase.prepare()
    before = snapshotTree(app)
    const run = add(app, ['redis'])
    if (run.result.code !== 0) throw new Error(`add redis failed: ${run.result.stderr}`)
    document = run.document
    after = snapshotTree(app)
  })

  it('plans exactly the instance, lib/auth/redis.ts, package.json and the env file, writes exactly those, and they parse', () => {
    const planned = document.changes.filter((change) => change.action !== 'unchanged').map((change) => change.path)
    expect(planned.sort()).toEqual(files)
    expect(changedFiles(before, after)).toEqual(files)
    for (const file of files.filter((name) => name.endsWith('.ts')))
      expect(syntaxErrors(file, after[file]!), file).toEqual([])
  })

  it('matches the reviewed diffs (the env file without its secret)', async () => {
    for (const file of changedFiles(before, after).filter((name) => name !== '.env.local')) {
      await expect(diffOf(file, before[file], after[file]!)).toMatchFileSnapshot(
        `./__snapshots__/redis/${testCase.name}/${file}.diff.snap`,
      )
    }
    expect(after['.env.local']!.slice(before['.env.local']!.length)).toBe(
      '\n# Redis (added by kit-auth)\nREDIS_URL=redis://localhost:6379\n',
    )
  })

  it('puts the instance on redisStorage with sessions kept in the database and rate limits in Redis', () => {
    const auth = read(app, testCase.auth)
    expect(auth).toContain(`import { redisStorage } from '${testCase.from}'`)
    expect(auth).toMatch(/secondaryStorage: redisStorage,/)
    expect(auth).toMatch(/session: \{\s+storeSessionInDatabase: true,\s+\}/)
    expect(auth).toMatch(/rateLimit: \{\s+storage: 'secondary-storage',\s+\}/)
    expect(auth).toMatch(/verification: \{\s+storeInDatabase: true,\s+\}/)
    expect(read(app, 'package.json')).toContain('"ioredis": "^6.1.0"')
    const redis = read(app, 'src/lib/auth/redis.ts')
    expect(redis).toContain("export const REDIS_KEY_PREFIX = process.env.REDIS_KEY_PREFIX ?? 'kit-auth:'")
    expect(redis).toContain('const url = process.env.REDIS_URL')
    expect(document.nextSteps.join('\n')).toContain('Set REDIS_URL in .env.local')
  })

  it('a second run plans no change and says redis is already set up; --list shows it on', () => {
    const again = snapshotTree(app)
    const { result, document: second } = add(app, ['redis'])
    expect(result.code).toBe(0)
    expect(second.nothingToDo).toBe(true)
    expect(second.notes).toEqual(['redis is already set up in this app.'])
    expect(snapshotTree(app)).toEqual(again)
    const { document: list } = add(app, ['--list'])
    expect(list.features?.find((feature) => feature.name === 'redis')?.on).toBe(true)
  })
})

describe('init --redis', () => {
  it('writes what init and then add redis write (the env secret aside)', () => {
    const both = initialised('default-npm', ['--db', 'postgres', '--redis'])
    const twoSteps = initialised('default-npm', ['--db', 'postgres'])
    expect(add(twoSteps, ['redis']).result.code).toBe(0)
    const [one, two] = [snapshotTree(both), snapshotTree(twoSteps)]
    const withoutSecret = (env: string) => env.replace(/BETTER_AUTH_SECRET=\w+/, '')
    expect(withoutSecret(one['.env.local']!)).toBe(withoutSecret(two['.env.local']!))
    delete one['.env.local']
    delete two['.env.local']
    expect(one).toEqual(two)
    expect(add(both, ['--list']).document.features?.find((feature) => feature.name === 'redis')?.on).toBe(true)
  })
})

describe('add redis across releases', () => {
  it.each([
    ['1.3.34', false],
    ['1.4.22', false],
    ['1.5.6', true],
    ['1.6.34', true],
    ['1.7.25', true],
  ])(
    'better-auth %s: verification.storeInDatabase only where verification values would move to Redis (%s)',
    (release, verification) => {
      const app = initialised('default-npm', [], release)
      expect(add(app, ['redis']).result.code).toBe(0)
      const auth = read(app, 'src/lib/auth/auth.ts')
      expect(auth).toContain('secondaryStorage: redisStorage')
      expect(auth).toContain('storeSessionInDatabase: true')
      expect(auth).toContain("storage: 'secondary-storage'")
      expect(auth.includes('verification: {')).toBe(verification)
      // one storage module for every release: no template variable, no release-specific API
      expect(read(app, 'src/lib/auth/redis.ts')).toBe(
        readFileSync(new URL('../../templates/add/redis/lib/auth/redis.ts.hbs', import.meta.url), 'utf8'),
      )
    },
  )
})

describe('add redis refusals', () => {
  it('an instance without a database (stateless): one-line reason and hint, exit 1, nothing written', () => {
    const app = initialised('auth-stateless')
    const before = snapshotTree(app)
    const result = cli(app, ['add', 'redis'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('has no database: with Redis, kit-auth keeps sessions in the database too')
    expect(result.stderr.trim().split('\n')).toHaveLength(2)
    expect(snapshotTree(app)).toEqual(before)
  })

  it('init --redis on a stateless instance is refused the same way, nothing written', () => {
    const app = copied('auth-stateless')
    const before = snapshotTree(app)
    const result = cli(app, ['init', '--yes', '--redis'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('has no database')
    expect(snapshotTree(app)).toEqual(before)
  })

  it('an instance with a secondaryStorage of its own: refused, it is not replaced, nothing written', () => {
    const app = initialised('default-npm')
    const file = path.join(app, 'src/lib/auth/auth.ts')
    const text = readFileSync(file, 'utf8')
    writeFileSync(
      file,
      text.replace(
        'export const auth = betterAuth({',
        'const upstash = { get: async () => null, set: async () => {}, delete: async () => {} }\n\nexport const auth = betterAuth({\n  secondaryStorage: upstash,',
      ),
    )
    const before = snapshotTree(app)
    const result = cli(app, ['add', 'redis'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('already has a secondaryStorage of its own: kit-auth will not replace it')
    expect(result.stderr.trim().split('\n')).toHaveLength(2)
    expect(snapshotTree(app)).toEqual(before)
  })

  it('extra arguments are a usage error (exit 2), nothing written', () => {
    const app = initialised('default-npm')
    const before = snapshotTree(app)
    const result = cli(app, ['add', 'redis', 'localhost'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('kit-auth add redis takes no other arguments (got localhost).')
    expect(snapshotTree(app)).toEqual(before)
  })

  it('--dry-run plans the files and writes nothing', () => {
    const app = initialised('default-npm')
    const before = snapshotTree(app)
    const { result, document } = add(app, ['redis', '--dry-run'])
    expect(result.code).toBe(0)
    expect(document.changes.map((change) => change.path)).toContain('src/lib/auth/redis.ts')
    expect(snapshotTree(app)).toEqual(before)
  })
})
