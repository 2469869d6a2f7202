/**
 * `kit-auth audit` against a labelled corpus (test/audit/corpus, copied into the `src/` of an
 * initialized app): every entry point carries `// expect: unprotected <kind>`, `// expect: protected`,
 * `// expect: public` (marked `@public`) or `// expect: ignored` (a test file's) on the line before
 * its declaration (JSDoc may sit in between). The audit
 * must report exactly the unprotected ones, at the declaration's line; SARIF must say the same; a
 * freshly initialized app audits clean; nothing on disk changes.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditApp } from '../../src/audit/audit.js'
import { AppModules } from '../../src/audit/modules.js'
import { auditFiles } from '../../src/audit/threads.js'
import { toSarif } from '../../src/audit/sarif.js'
import { inspectProject } from '../../src/project/inspect.js'
import { addGuard, copyApp, initApp } from '../add-guard/support.js'
import { runCli, type CliResult } from '../helpers/cli.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'

const CORPUS = path.join(import.meta.dirname, 'corpus')
const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

interface JsonFinding {
  file: string
  line: number
  kind: string
  name: string
  message: string
}

interface Label {
  file: string
  line: number
  expect: 'unprotected' | 'protected' | 'public' | 'ignored'
  kind: string | null
}

/** Every label of the corpus, at the line of the declaration it stands before (comment lines skipped). */
function corpusLabels(): Label[] {
  const labels: Label[] = []
  const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file))
  for (const file of files) {
    const lines = readFileSync(path.join(CORPUS, file), 'utf8').split('\n')
    lines.forEach((text, index) => {
      const match = /^\s*\/\/ expect: (unprotected|protected|public|ignored)(?: ([a-z-]+))?\s*$/.exec(text)
      if (!match) return
      let next = index + 1
      while (/^\s*(?:\/\/|\/\*\*|\*|\*\/|$)/.test(lines[next] ?? 'end')) next++
      labels.push({
        file: file.split(path.sep).join('/'),
        line: next + 1,
        expect: match[1] as Label['expect'],
        kind: match[2] ?? null,
      })
    })
  }
  return labels
}

function audit(app: string, flags: string[] = [], spawn = false): CliResult {
  return runCli(['audit', '--cwd', app, ...flags], { spawn })
}

function findingsOf(result: CliResult): JsonFinding[] {
  return (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings
}

/** For short sleeps (Atomics.wait on a buffer nothing else touches). */
const WAIT = new Int32Array(new SharedArrayBuffer(4))

const key = (finding: { file: string; line: number; kind: string | null }) =>
  `${finding.file}:${finding.line} ${finding.kind}`

/** An initialized default app with a role guard and a permission guard (every builder kit-auth generates). */
let guarded: string

beforeAll(() => {
  guarded = initApp()
  copies.push(guarded)
  for (const kind of ['role:editor', 'permission:project:create']) {
    const result = addGuard(guarded, [kind, '--yes'])
    if (result.code !== 0) throw new Error(`add-guard ${kind} failed: ${result.stderr}`)
  }
})

describe('a freshly initialized app', () => {
  it('audits clean with every builder and guard kit-auth generates, and changes nothing', () => {
    const before = snapshotTree(guarded)
    const result = audit(guarded, ['--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(findingsOf(result)).toEqual([])
    const table = audit(guarded)
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(
      /Every entry point authorizes its caller or is marked @public \(\d+ entry points checked\)/,
    )
    expect(snapshotTree(guarded)).toEqual(before)
  })

  it("takes kit-auth's own session functions as public without @public (an app an older kit-auth set up)", () => {
    const app = copyApp(guarded)
    copies.push(app)
    const file = path.join(app, 'src/lib/auth/session.functions.ts')
    const text = readFileSync(file, 'utf8')
    const untagged = text.replace(/@public/g, 'note:')
    expect(untagged).not.toBe(text)
    for (const name of ['fetchSession', 'fetchAuthState', 'fetchHasPermission']) expect(untagged).toContain(name)
    writeFileSync(file, untagged)
    const result = audit(app, ['--json'])
    expect(result.stderr).toBe('')
    expect(findingsOf(result)).toEqual([])
    expect(result.code).toBe(0)
  })

  it('audits clean without API tokens and organizations', () => {
    const app = initApp(['--no-api-tokens', '--no-organization'])
    copies.push(app)
    const result = audit(app, ['--json'])
    expect(result.code).toBe(0)
    expect(findingsOf(result)).toEqual([])
  })
})

describe('the labelled corpus in an initialized app', () => {
  let app: string
  let before: Record<string, string>
  let json: CliResult
  const labels = corpusLabels()

  beforeAll(() => {
    app = copyApp(guarded)
    copies.push(app)
    cpSync(CORPUS, app, { recursive: true })
    before = snapshotTree(app)
    json = audit(app, ['--json'])
  })

  it('has labels of every kind to check against', () => {
    const count = (expected: Label['expect'], kind?: string) =>
      labels.filter((label) => label.expect === expected && (kind === undefined || label.kind === kind)).length
    expect(count('unprotected', 'server-function')).toBeGreaterThanOrEqual(15)
    expect(count('unprotected', 'server-route')).toBeGreaterThanOrEqual(3)
    expect(count('unprotected', 'route')).toBeGreaterThanOrEqual(1)
    expect(count('protected')).toBeGreaterThanOrEqual(30)
    expect(count('public')).toBeGreaterThanOrEqual(3)
  })

  it('reports every unprotected entry point and nothing else (precision and recall)', () => {
    expect(json.stderr).toBe('')
    expect(json.code).toBe(1)
    const findings = findingsOf(json)
    const expected = new Set(labels.filter((label) => label.expect === 'unprotected').map(key))
    const reported = new Set(findings.map(key))
    const truePositives = [...reported].filter((finding) => expected.has(finding)).length
    const precision = truePositives / reported.size
    const recall = truePositives / expected.size
    console.info(
      `audit corpus: ${labels.length} labelled entry points, ${expected.size} unprotected; ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    )
    // what each side has that the other lacks, for a readable failure
    expect([...reported].filter((finding) => !expected.has(finding))).toEqual([])
    expect([...expected].filter((finding) => !reported.has(finding))).toEqual([])
    expect(precision).toBe(1)
    expect(recall).toBe(1)
  })

  it('prints exactly file, line, kind, name and message for each finding', () => {
    const document = JSON.parse(json.stdout) as Record<string, unknown>
    expect(Object.keys(document)).toEqual(['findings'])
    for (const finding of findingsOf(json)) {
      expect(Object.keys(finding)).toEqual(['file', 'line', 'kind', 'name', 'message'])
      expect(finding.file).not.toMatch(/\\|^\//)
      expect(['server-function', 'server-route', 'route']).toContain(finding.kind)
      expect(finding.message).toMatch(/; fix: /)
    }
    const byName = new Map(findingsOf(json).map((finding) => [finding.name, finding]))
    expect(byName.get('replacedMiddleware')?.message).toMatch(/replaces the builder's own middleware/)
    expect(byName.get('neverChecked')?.message).toMatch(/reads the session without refusing a missing one/)
    expect(byName.get('/api/items')?.message).toMatch(/^POST runs for anyone/)
    expect(byName.get('/api/catalog')?.message).toMatch(/^POST runs for anyone: .*route-level @public covers only GET/)
    expect(byName.get('/api/crud')?.message).toMatch(/^GET, DELETE run for anyone/)
    expect(byName.get('/api/package-crud')?.message).toMatch(/^the handlers of \.\.\.restHandlers could not be read/)
    expect(byName.get('/posts/$postId/edit')?.message).toMatch(/leaves \/posts \(guarded by requireAuth\)/)
    expect(byName.get('/posts/$postId/edit')?.message).toMatch(/kit-auth protect \/posts\/\$postId\/edit/)
  })

  it('says the same in SARIF 2.1.0, one result per finding', () => {
    const result = audit(app, ['--sarif'])
    expect(result.code).toBe(1)
    const sarif = JSON.parse(result.stdout) as {
      version: string
      runs: {
        originalUriBaseIds: { APPROOT: { uri: string } }
        tool: { driver: { name: string; rules: { id: string }[] } }
        results: {
          ruleId: string
          level: string
          message: { text: string }
          locations: {
            physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } }
          }[]
          properties: { kind: string; name: string }
        }[]
      }[]
    }
    expect(sarif.version).toBe('2.1.0')
    const [run] = sarif.runs
    expect(run?.tool.driver.name).toBe('kit-auth')
    const ruleIds = new Set(run?.tool.driver.rules.map((rule) => rule.id))
    const fromSarif = (run?.results ?? []).map((entry) => {
      expect(ruleIds.has(entry.ruleId)).toBe(true)
      expect(entry.level).toBe('error')
      const location = entry.locations[0]!.physicalLocation
      return key({ file: location.artifactLocation.uri, line: location.region.startLine, kind: entry.properties.kind })
    })
    expect(fromSarif.sort()).toEqual(findingsOf(json).map(key).sort())
    // code scanning places each alert through APPROOT: the app root's file URL, with a trailing slash
    const base = run!.originalUriBaseIds.APPROOT.uri
    expect(base).toBe(`${pathToFileURL(app).href}/`)
    for (const entry of run!.results) {
      const artifact = entry.locations[0]!.physicalLocation.artifactLocation
      expect(artifact.uriBaseId).toBe('APPROOT')
      expect(existsSync(fileURLToPath(new URL(artifact.uri, base)))).toBe(true)
    }
  })

  it('places an app inside a monorepo (apps/web) under its own root in SARIF', () => {
    const root = path.join(path.parse(app).root, 'repo', 'apps', 'web')
    const finding = {
      file: 'src/server/a.ts',
      line: 3,
      kind: 'server-function' as const,
      name: 'a',
      why: 'w',
      fix: 'f',
    }
    const sarif = toSarif([finding], '0.0.0', root) as {
      runs: { originalUriBaseIds: { APPROOT: { uri: string } }; results: unknown[] }[]
    }
    const base = sarif.runs[0]!.originalUriBaseIds.APPROOT.uri
    expect(base).toMatch(/^file:\/\/.*\/repo\/apps\/web\/$/)
    expect(new URL('src/server/a.ts', base).href).toBe(pathToFileURL(path.join(root, 'src/server/a.ts')).href)
    expect(JSON.stringify(sarif.runs[0]!.results)).toContain('"uri":"src/server/a.ts"')
  })

  it('prints a table grouped by file, with where, kind, name, why and the fix', () => {
    const result = audit(app)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^✖ \d+ unprotected entry points in \d+ files \(\d+ entry points checked\)/)
    const section = result.stdout.split('\n\n').find((part) => part.startsWith('src/routes/api/public-stats.ts\n'))
    expect(section).toBeDefined()
    expect(section).toMatch(/ {2}src\/routes\/api\/public-stats\.ts:5 +server-route +\/api\/public-stats\n/)
    expect(section).toMatch(/why: GET runs for anyone/)
    expect(section).toMatch(/fix: add an auth request middleware to server\.middleware/)
  })

  it('changes nothing on disk', () => {
    expect(snapshotTree(app)).toEqual(before)
  })

  it('parses only the files that can hold entry points and what they import', async () => {
    const project = await inspectProject(app, { auth: false })
    const result = await auditApp(project)
    expect(result.findings.length).toBe(findingsOf(json).length)
    // the components, styles and router of the fixture hold no entry point and are never parsed
    expect(result.filesParsed).toBeLessThan(result.filesListed)
  })
})

describe('a big app shared out to worker threads', () => {
  it('finds the same as one thread, the corpus included, with the workers auditing part of the files', () => {
    const app = copyApp(guarded)
    copies.push(app)
    cpSync(CORPUS, app, { recursive: true })
    // 1,500 more files: a second thread starts (250 files a thread) and surely joins before the first is done
    for (let i = 0; i < 1500; i++)
      writeFileSync(
        path.join(app, `src/server/filler${i}.ts`),
        [
          "import { createServerFn } from '@tanstack/react-start'",
          "import { authAction } from '#/lib/auth/action-middleware'",
          `export const open${i} = createServerFn({ method: 'GET' }).handler(() => ${i})`,
          `export const closed${i} = authAction({ method: 'GET' }).handler(() => ${i})`,
          '',
        ].join('\n'),
      )
    // each in its own process, as users run it: in the fast set's warm CLI thread, this thread
    // would be done before a worker had loaded
    const one = audit(app, ['--json', '--threads', '1', '--debug'], true)
    const two = audit(app, ['--json', '--threads', '2', '--debug'], true)
    expect(one.code).toBe(1)
    expect(two.code).toBe(1)
    expect(one.stderr).toMatch(/ 1 thread \(\d+ files\)\n/)
    // two threads, the worker auditing some
    const shared = / 2 threads \((\d+) \+ (\d+) files\)\n/.exec(two.stderr)
    expect(shared, two.stderr).not.toBeNull()
    expect(Number(shared?.[2])).toBeGreaterThan(0)
    // every listed file audited once, by one thread or the other
    expect(Number(shared?.[1]) + Number(shared?.[2])).toBe(Number(/ 1 thread \((\d+) files\)/.exec(one.stderr)?.[1]))
    const parsed = (result: CliResult) => /(\d+) parsed/.exec(result.stderr)?.[1]
    expect(parsed(two)).toBe(parsed(one))
    expect(two.stdout).toBe(one.stdout)
    const findings = findingsOf(two)
    expect(findings.filter((finding) => finding.file.startsWith('src/server/filler'))).toHaveLength(1500)
    for (const label of corpusLabels().filter((entry) => entry.expect === 'unprotected'))
      expect(findings.map(key)).toContain(key(label))
  })

  it('audits on this thread the files a failing worker took and never reported', async () => {
    const files = Array.from({ length: 600 }, (_, index) => `src/file${index}.ts`)
    const audited: string[] = []
    const dir = makeTree({})
    copies.push(dir)
    const claimed = path.join(dir, 'claimed')
    const auditor = {
      audit: (file: string) => {
        // the first file waits for the worker to have taken its five (so that it surely takes some)
        const until = Date.now() + 20_000
        while (audited.length === 0 && !existsSync(claimed) && Date.now() < until) Atomics.wait(WAIT, 0, 0, 10)
        audited.push(file)
        return { findings: [], entryPoints: Number(file.replace(/\D/g, '')) }
      },
      parsed: () => [],
      modules: new AppModules('/nowhere', []),
    }
    // a worker that takes five files, then dies
    writeFileSync(
      path.join(dir, 'worker.mjs'),
      [
        "import { writeFileSync } from 'node:fs'",
        "import { workerData } from 'node:worker_threads'",
        'for (let i = 0; i < 5; i++) Atomics.add(workerData.next, 0, 1)',
        `writeFileSync(${JSON.stringify(claimed)}, '')`,
        "throw new Error('worker died')",
      ].join('\n'),
    )
    const project = await inspectProject(guarded, { auth: false })
    const result = await auditFiles(project, files, auditor, 2, pathToFileURL(path.join(dir, 'worker.mjs')))
    expect(result.results.map((entry) => entry.entryPoints)).toEqual(files.map((_, index) => index))
    expect(existsSync(claimed)).toBe(true)
    // each file once: the five the worker took, after the rest
    expect(audited).toHaveLength(files.length)
    expect(audited.slice(-5)).toEqual(files.slice(1, 6))
    // this thread audited them all (the worker reported none)
    expect(result.filesPerThread).toEqual([600])
  })

  it('starts no worker for a small app, or with --threads 1', () => {
    const small = audit(guarded, ['--json', '--threads', '4', '--debug'])
    expect(small.stderr).toMatch(/ 1 thread \(\d+ files\)\n/)
  })
})

describe('bad input', () => {
  it('a folder that is not an app: one-line reason and hint, exit 2', () => {
    const dir = makeTree({ 'package.json': '{ "name": "not-start", "dependencies": { "react": "19.0.0" } }' })
    copies.push(dir)
    for (const flags of [[], ['--json'], ['--sarif']]) {
      const result = audit(dir, flags)
      expect(result.code).toBe(2)
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(/^✖ /)
      expect(lines[1]!.trim().length).toBeGreaterThan(0)
    }
  })

  it('a missing folder, and an unknown flag: exit 2', () => {
    expect(audit(path.join(guarded, 'no-such-dir')).code).toBe(2)
    expect(audit(guarded, ['--no-such-flag']).code).toBe(2)
  })

  it('--threads that is not a whole number from 1: one-line reason and hint, exit 2', () => {
    for (const value of ['0', '-1', 'two', '1.5']) {
      const result = audit(guarded, ['--threads', value])
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(2)
      expect(lines[0]).toContain(`--threads must be a whole number from 1, not "${value}"`)
    }
  })
})
