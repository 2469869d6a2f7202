/**
 * The app's own linters and formatters over what kit-auth writes (issue 18): fixtures made with
 * `@tanstack/cli create --toolchain eslint|biome`, one with type-aware oxlint and oxfmt added as
 * public apps add them, and one with a strict tsconfig; installed, then `kit-auth init --yes`, every
 * `add-guard` kind, `protect`, and every `kit-auth add` feature. Files kit-auth created are judged
 * whole; files it edited only on the lines it changed. Any problem there is a failure: ESLint
 * (@tanstack/eslint-config, type-aware) and Prettier for the ESLint app, `biome check` (lint, assist)
 * and Biome's formatter for the Biome app, `oxlint --type-aware` and oxfmt for the oxlint app, all
 * with the apps' own configuration; `tsc --noEmit` (TypeScript 5.9, the app's 6, and 7) for the
 * strict app.
 *
 * Formatting an edited file is judged only where the user's file was formatted that way before
 * (a fresh `create --toolchain biome` app's own routes are not Biome-formatted): kit-auth never
 * reformats a user's file, so its lines there follow the file.
 */
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
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
      const lines = written.get(problem.file)
      return lines === null || (lines !== undefined && lines.has(problem.line))
    })
    .map((problem) => `${problem.file}:${problem.line} ${problem.rule}: ${problem.message}`)
}

function run(
  dir: string,
  file: string,
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
    child.stdin?.end(stdin ?? '')
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

/** A formatter: the file's text as it would format it. */
type Format = (app: string, file: string, text: string) => Promise<string>

/**
 * Where the formatter would change what kit-auth wrote: created files whole; edited files on the
 * changed lines, when the user's file was formatted that way before.
 */
async function formatProblems(
  app: string,
  written: Written,
  pristine: Tree,
  format: Format,
  rule: string,
): Promise<Problem[]> {
  const problems: Problem[] = []
  for (const [file, lines] of written) {
    const before = pristine.get(file)
    if (lines !== null && before !== undefined && (await format(app, file, before)) !== before) continue
    const text = readFileSync(path.join(app, file), 'utf8')
    for (const line of formattingLines(text, await format(app, file, text)))
      problems.push({ file, line, rule, message: 'not formatted as the app formats it' })
  }
  return problems
}

async function eslintProblems(app: string, written: Written): Promise<Problem[]> {
  const result = await run(app, process.execPath, [
    path.join(app, 'node_modules/eslint/bin/eslint.js'),
    '--format',
    'json',
    ...written.keys(),
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

const prettierFormat: Format = async (app, file, text) => {
  const prettier = createRequire(path.join(app, 'package.json'))('prettier') as typeof import('prettier')
  const absolute = path.join(app, file)
  const options = (await prettier.resolveConfig(absolute)) ?? {}
  return prettier.format(text, { ...options, filepath: absolute })
}

/** `biome check` without its formatter (judged line by line through `biomeFormat`): lint and assist (organizeImports). */
async function biomeProblems(app: string, written: Written): Promise<Problem[]> {
  const biome = path.join(app, 'node_modules/.bin/biome')
  const result = await run(app, biome, ['check', '--formatter-enabled=false', '--reporter=json', ...written.keys()])
  const start = result.stdout.indexOf('{')
  if (start < 0) throw new Error(`biome failed: ${result.stderr}`)
  const report = JSON.parse(result.stdout.slice(start)) as {
    diagnostics: { category: string; message: string; location: { path: string; start?: { line: number } } }[]
  }
  return report.diagnostics.map((diagnostic) => ({
    file: diagnostic.location.path.split(path.sep).join('/'),
    line: diagnostic.location.start?.line ?? 1,
    rule: diagnostic.category,
    message: diagnostic.message,
  }))
}

const biomeFormat: Format = async (app, file, text) => {
  const result = await run(
    app,
    path.join(app, 'node_modules/.bin/biome'),
    ['format', `--stdin-file-path=${file}`],
    text,
  )
  if (result.code !== 0) throw new Error(`biome format ${file} failed: ${result.stderr}`)
  return result.stdout
}

/** `oxlint --type-aware` with the app's .oxlintrc.json; warnings count too. */
async function oxlintProblems(app: string, written: Written): Promise<Problem[]> {
  const result = await run(app, path.join(app, 'node_modules/.bin/oxlint'), [
    '--type-aware',
    '--format=json',
    ...written.keys(),
  ])
  const start = result.stdout.indexOf('{')
  if (start < 0) throw new Error(`oxlint failed: ${result.stdout}\n${result.stderr}`)
  const report = JSON.parse(result.stdout.slice(start)) as {
    diagnostics: { code?: string; message: string; filename: string; labels?: { span: { line?: number } }[] }[]
  }
  return report.diagnostics.map((diagnostic) => ({
    file: path.relative(app, path.resolve(app, diagnostic.filename)).split(path.sep).join('/'),
    line: diagnostic.labels?.[0]?.span.line ?? 1,
    rule: diagnostic.code ?? 'oxlint',
    message: diagnostic.message,
  }))
}

const oxfmtFormat: Format = async (app, file, text) => {
  const result = await run(app, path.join(app, 'node_modules/.bin/oxfmt'), [`--stdin-filepath=${file}`], text)
  if (result.code !== 0) throw new Error(`oxfmt ${file} failed: ${result.stdout}\n${result.stderr}`)
  return result.stdout
}

/** `tsc --noEmit` over the whole app with a given TypeScript (`npx -p typescript@<version>`) or the app's own. */
async function tscProblems(app: string, version?: string): Promise<string[]> {
  const result = version
    ? await run(app, 'npx', ['-y', '-p', `typescript@${version}`, 'tsc', '--noEmit', '-p', 'tsconfig.json'])
    : await run(app, process.execPath, [path.join(app, 'node_modules/typescript/bin/tsc'), '--noEmit'])
  return `${result.stdout}${result.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line))
}

/** Every add-guard kind, protect, and every add feature, in the order a user might run them. */
const STEPS: string[][] = [
  ['add-guard', 'admin'],
  ['add-guard', 'organization'],
  ['add-guard', 'role:editor'],
  ['add-guard', 'permission:project:create'],
  ['protect', '/about'],
  ['add', 'email'],
  ['add', 'email-verification'],
  ['add', 'password-reset'],
  ['add', 'two-factor'],
  ['add', 'passkey'],
  ['add', 'oauth', 'github'],
  ['add', 'oidc'],
  ['add', 'magic-link'],
]

/**
 * Runs STEPS with `--no-install`, then installs once and runs `kit-auth migrate` (which regenerates
 * the route tree), as a user who installs after the last step would: what kit-auth writes does not
 * depend on it (checked: the same files, the route tree aside), and one install instead of one a step
 * keeps this suite's four apps within the test budget.
 */
async function runSteps(app: string): Promise<void> {
  for (const step of STEPS) {
    const result = runCli([...step, '--no-install', '--cwd', app], { env: { CI: 'true' } })
    expect(result.code, `${step.join(' ')}: ${result.stderr}`).toBe(0)
  }
  const install = await run(app, 'npm', ['install', '--no-audit', '--no-fund'])
  expect(install.code, install.stderr).toBe(0)
  const migrate = runCli(['migrate', '--cwd', app], { env: { CI: 'true' } })
  expect(migrate.code, migrate.stderr).toBe(0)
}

const apps: string[] = []
afterAll(() => {
  for (const app of apps) rmSync(app, { recursive: true, force: true })
})

type Lint = (app: string, written: Written, pristine: Tree) => Promise<Problem[]>

describe.each<{ fixture: string; lint: Lint }>([
  {
    fixture: 'toolchain-eslint',
    lint: async (app, written, pristine) => [
      ...(await eslintProblems(app, written)),
      ...(await formatProblems(app, written, pristine, prettierFormat, 'prettier')),
    ],
  },
  {
    fixture: 'toolchain-biome',
    lint: async (app, written, pristine) => [
      ...(await biomeProblems(app, written)),
      ...(await formatProblems(app, written, pristine, biomeFormat, 'biome format')),
    ],
  },
  {
    fixture: 'toolchain-oxlint',
    lint: async (app, written, pristine) => [
      ...(await oxlintProblems(app, written)),
      ...(await formatProblems(app, written, pristine, oxfmtFormat, 'oxfmt')),
    ],
  },
])('$fixture: its own toolchain over what kit-auth writes', ({ fixture, lint }) => {
  let app: string
  let pristine: Tree

  it('after init --yes: no problem in the files kit-auth wrote', async () => {
    app = await copyFixture(fixture, { installed: true })
    apps.push(app)
    pristine = readTree(app)
    const init = runCli(['init', '--yes', '--cwd', app], { env: { CI: 'true' } })
    expect(init.code, init.stderr).toBe(0)
    // the created files went through the app's own formatter
    expect(init.stdout).toMatch(/Formatting the new files with (Prettier|Biome|oxfmt)/)
    const written = writtenSince(pristine, readTree(app))
    expect(written.size).toBeGreaterThan(10)
    expect(ours(await lint(app, written, pristine), written)).toEqual([])
  }, 900_000)

  it('after every add-guard kind, protect and every add feature: still none', async () => {
    await runSteps(app)
    const written = writtenSince(pristine, readTree(app))
    expect(ours(await lint(app, written, pristine), written)).toEqual([])
  }, 1_800_000)
})

describe('strict-tsconfig: noUncheckedIndexedAccess, exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature', () => {
  let app: string

  it('type-checks after init --yes', async () => {
    app = await copyFixture('strict-tsconfig', { installed: true })
    apps.push(app)
    const init = runCli(['init', '--yes', '--cwd', app], { env: { CI: 'true' } })
    expect(init.code, init.stderr).toBe(0)
    expect(await tscProblems(app)).toEqual([])
  }, 900_000)

  it('type-checks after every add-guard kind, protect and every add feature, with TypeScript 5.9, 6 and 7', async () => {
    await runSteps(app)
    expect(await tscProblems(app)).toEqual([])
    expect(await tscProblems(app, '5.9.3')).toEqual([])
    expect(await tscProblems(app, '7.0.2')).toEqual([])
  }, 1_800_000)
})
