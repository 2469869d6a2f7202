/**
 * The app's own linters and formatters over what kit-auth writes (issue 18): fixtures made with
 * `@tanstack/cli create --toolchain eslint|biome`, installed, then `kit-auth init --yes`, every
 * `add-guard` kind, `protect`, and every `kit-auth add` feature. Files kit-auth created are judged
 * whole; files it edited only on the lines it changed. Any problem there is a failure: ESLint
 * (@tanstack/eslint-config, type-aware) and Prettier for the ESLint app, `biome check` (lint,
 * formatter, organizeImports) for the Biome app, with the apps' own configuration.
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { diffLines } from 'diff'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'

type Tree = Map<string, string>
/** What kit-auth wrote: a created file (null: judged whole) or the 1-based lines it changed in an edited one. */
type Written = Map<string, Set<number> | null>

const SOURCE = /\.(?:[cm]?[jt]sx?)$/

function readTree(root: string): Tree {
  const tree: Tree = new Map()
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir))) {
      if (entry === 'node_modules' || entry.startsWith('.') || entry === 'dist') continue
      const file = dir ? `${dir}/${entry}` : entry
      if (statSync(path.join(root, file)).isDirectory()) walk(file)
      else if (SOURCE.test(entry) && !entry.includes('routeTree.gen'))
        tree.set(file, readFileSync(path.join(root, file), 'utf8'))
    }
  }
  walk('')
  return tree
}

/** The lines of `after` that are not in `before` (added or changed), 1-based. */
function changedLines(before: string, after: string): Set<number> {
  const lines = new Set<number>()
  let line = 1
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0
    if (part.added) for (let i = 0; i < count; i++) lines.add(line + i)
    if (!part.removed) line += count
  }
  return lines
}

function writtenSince(before: Tree, after: Tree): Written {
  const written: Written = new Map()
  for (const [file, text] of after) {
    const old = before.get(file)
    if (old === undefined) written.set(file, null)
    else if (old !== text) written.set(file, changedLines(old, text))
  }
  return written
}

interface Problem {
  file: string
  line: number
  rule: string
  message: string
}

/** Problems in what kit-auth wrote: anywhere in a created file, on a changed line of an edited one. */
function ours(problems: Problem[], written: Written): string[] {
  return problems
    .filter((problem) => {
      if (!written.has(problem.file)) return false
      const lines = written.get(problem.file)
      return lines === null || lines!.has(problem.line)
    })
    .map((problem) => `${problem.file}:${problem.line} ${problem.rule}: ${problem.message}`)
}

function run(dir: string, file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}

/** Lines where formatting `text` changes it (the formatter's output differs there), 1-based. */
function formattingLines(text: string, formatted: string): Set<number> {
  const lines = new Set<number>()
  let line = 1
  for (const part of diffLines(text, formatted)) {
    const count = part.count ?? 0
    if (part.removed) for (let i = 0; i < Math.max(count, 1); i++) lines.add(line + i)
    if (!part.added) line += count
  }
  return lines
}

async function eslintProblems(app: string, written: Written): Promise<Problem[]> {
  const files = [...written.keys()]
  const result = await run(app, process.execPath, [
    path.join(app, 'node_modules/eslint/bin/eslint.js'),
    '--format',
    'json',
    ...files,
  ])
  if (!result.stdout.startsWith('[')) throw new Error(`eslint failed: ${result.stderr}`)
  const reports = JSON.parse(result.stdout) as {
    filePath: string
    messages: { line: number; ruleId: string | null; message: string }[]
  }[]
  return reports.flatMap((report) =>
    report.messages.map((message) => ({
      file: path.relative(app, report.filePath).split(path.sep).join('/'),
      line: message.line,
      rule: message.ruleId ?? 'eslint',
      message: message.message,
    })),
  )
}

async function prettierProblems(app: string, written: Written): Promise<Problem[]> {
  const { createRequire } = await import('node:module')
  const prettier = createRequire(path.join(app, 'package.json'))('prettier') as typeof import('prettier')
  const problems: Problem[] = []
  for (const file of written.keys()) {
    const absolute = path.join(app, file)
    const text = readFileSync(absolute, 'utf8')
    const options = (await prettier.resolveConfig(absolute)) ?? {}
    const formatted = await prettier.format(text, { ...options, filepath: absolute })
    for (const line of formattingLines(text, formatted))
      problems.push({ file, line, rule: 'prettier', message: 'not formatted as Prettier formats it' })
  }
  return problems
}

async function biomeProblems(app: string, written: Written): Promise<Problem[]> {
  const biome = path.join(app, 'node_modules/.bin/biome')
  const result = await run(app, biome, ['check', '--reporter=json', ...written.keys()])
  const start = result.stdout.indexOf('{')
  if (start < 0) throw new Error(`biome failed: ${result.stderr}`)
  const report = JSON.parse(result.stdout.slice(start)) as {
    diagnostics: { category: string; message: string; location: { path: string; start?: { line: number } } }[]
  }
  const problems: Problem[] = []
  for (const diagnostic of report.diagnostics) {
    const file = diagnostic.location.path.split(path.sep).join('/')
    if (diagnostic.category === 'format') {
      // where the formatter would change the file (the diagnostic itself names the whole file)
      const text = readFileSync(path.join(app, file), 'utf8')
      const stdin = await new Promise<string>((resolve) => {
        const child = execFile(biome, ['format', `--stdin-file-path=${file}`], { cwd: app }, (_error, stdout) =>
          resolve(stdout),
        )
        child.stdin?.end(text)
      })
      for (const line of formattingLines(text, stdin || text))
        problems.push({ file, line, rule: 'format', message: 'not formatted as Biome formats it' })
    } else {
      problems.push({
        file,
        line: diagnostic.location.start?.line ?? 1,
        rule: diagnostic.category,
        message: diagnostic.message,
      })
    }
  }
  return problems
}

const STEPS: string[][] = [
  ['add-guard', 'admin'],
  ['add-guard', 'organization'],
  ['add-guard', 'role:editor'],
  ['add-guard', 'permission:project:create'],
  ['protect', '/about'],
  ['add', 'two-factor'],
  ['add', 'passkey'],
  ['add', 'oauth', 'github'],
  ['add', 'oidc'],
  ['add', 'magic-link'],
]

const apps: string[] = []
afterAll(() => {
  for (const app of apps) rmSync(app, { recursive: true, force: true })
})

describe.each([
  {
    fixture: 'toolchain-eslint',
    lint: async (app: string, written: Written) => [
      ...(await eslintProblems(app, written)),
      ...(await prettierProblems(app, written)),
    ],
  },
  { fixture: 'toolchain-biome', lint: biomeProblems },
])('$fixture: its own toolchain over what kit-auth writes', ({ fixture, lint }) => {
  let app: string
  let pristine: Tree

  it('after init --yes: no problem in the files kit-auth wrote', async () => {
    app = await copyFixture(fixture, { installed: true })
    apps.push(app)
    pristine = readTree(app)
    const init = runCli(['init', '--yes', '--cwd', app], { env: { CI: 'true' } })
    expect(init.code, init.stderr).toBe(0)
    const written = writtenSince(pristine, readTree(app))
    expect(written.size).toBeGreaterThan(10)
    expect(ours(await lint(app, written), written)).toEqual([])
  }, 900_000)

  it('after every add-guard kind, protect and every add feature: still none', async () => {
    for (const step of STEPS) {
      const result = runCli([...step, '--cwd', app], { env: { CI: 'true' } })
      expect(result.code, `${step.join(' ')}: ${result.stderr}`).toBe(0)
    }
    const written = writtenSince(pristine, readTree(app))
    expect(ours(await lint(app, written), written)).toEqual([])
  }, 1_800_000)
})
