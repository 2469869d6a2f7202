/**
 * Issue 7, cases 4 and 5: every package manager (yarn berry and classic, bun, npm, none, two
 * lockfiles) and an npm workspace. `init --yes --no-install` then `protect` on two routes, in a
 * temp copy of each fixture, checking: exit 0, every written file parses, local imports resolve,
 * nothing outside the planned files changed, the report names the package manager and why, the
 * install step names the right command, and `--package-manager` overrides detection.
 * These run the built CLI and never install anything.
 */
import { existsSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ts } from 'ts-morph'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles, copyFixture, init, parseDocument, type InitDocument } from '../init/support.js'

interface Case {
  name: string
  /** Where the Start app lives in the fixture. */
  app: string
  manager: 'npm' | 'yarn' | 'bun'
  /** Expected in the report's package-manager note (after `Package manager: <name>`). */
  reason: string
  /** Prepares the copy before the run (e.g. lockfile times). */
  prepare?: (root: string) => void
}

const setTimes = (file: string, seconds: number) => utimesSync(file, seconds, seconds)

const CASES: Case[] = [
  { name: 'yarn-berry', app: '.', manager: 'yarn', reason: 'package.json "packageManager" is yarn@4.12.0; yarn berry' },
  { name: 'yarn-classic', app: '.', manager: 'yarn', reason: 'found yarn.lock; yarn classic, as yarn.lock is in the v1 format' },
  { name: 'bun-text', app: '.', manager: 'bun', reason: 'found bun.lock' },
  { name: 'no-lockfile', app: '.', manager: 'npm', reason: 'no lockfile found; defaulting to npm; pass --package-manager to choose' },
  {
    name: 'two-lockfiles',
    app: '.',
    manager: 'yarn',
    reason: 'found yarn.lock and package-lock.json; picked yarn.lock, the most recently modified; pass --package-manager to choose; yarn classic, as yarn.lock is in the v1 format',
    prepare: (root) => {
      setTimes(path.join(root, 'package-lock.json'), 1_000_000)
      setTimes(path.join(root, 'yarn.lock'), 2_000_000)
    },
  },
  { name: 'npm-workspace', app: 'apps/web', manager: 'npm', reason: 'found package-lock.json' },
]

const ABOUT = `import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/about')({ component: About })

function About() {
  return <main>About</main>
}
`

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

/** A temp copy of the fixture with an extra `/about` route (a second route to protect). */
function prepared(fixture: Case): { root: string; appDir: string } {
  const root = copyFixture(fixture.name)
  copies.push(root)
  const appDir = path.join(root, fixture.app)
  writeFileSync(path.join(appDir, 'src/routes/about.tsx'), ABOUT)
  fixture.prepare?.(root)
  return { root, appDir }
}

type Document = InitDocument & { notes?: string[] }

function importsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text)
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) found.push(node.arguments[0].text)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function resolvesToFile(base: string): boolean {
  return ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].some((suffix) => existsSync(base + suffix) && statSync(base + suffix).isFile())
}

/** Parses every written TypeScript file and resolves its `#/`, `@/` and relative imports; returns how many local imports it checked. */
function checkCode(appDir: string, files: string[], contents: Record<string, string>): number {
  let local = 0
  for (const file of files.filter((name) => /\.tsx?$/.test(name))) {
    const text = contents[file]!
    const { diagnostics = [] } = ts.transpileModule(text, {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: { jsx: ts.JsxEmit.ReactJSX, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    expect(diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')), file).toEqual([])
    for (const specifier of importsOf(file, text)) {
      const alias = ['#/', '@/'].find((prefix) => specifier.startsWith(prefix))
      if (!alias && !specifier.startsWith('.')) continue
      local++
      const base = alias ? path.join(appDir, 'src', specifier.slice(alias.length)) : path.resolve(path.dirname(path.join(appDir, file)), specifier)
      expect(resolvesToFile(base), `${file} imports ${specifier}`).toBe(true)
    }
  }
  return local
}

describe.each(CASES)('$name', (fixture) => {
  it(`init --yes --no-install names ${fixture.manager} and why, writes only the planned files, and protect guards two routes`, () => {
    const { root, appDir } = prepared(fixture)
    const inRoot = (file: string) => path.posix.normalize(path.posix.join(fixture.app, file))
    const before = snapshotTree(root)

    const result = init(appDir, ['--yes', '--no-install', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const document = parseDocument(result.stdout) as Document
    expect(document.ok).toBe(true)
    const where = fixture.app === '.' ? '' : ` at the workspace root ${root}`
    expect(document.notes).toContain(`Package manager: ${fixture.manager}${where} (${fixture.reason}).`)
    const install = fixture.app === '.' ? `${fixture.manager} install` : `${fixture.manager} install (in ${root})`
    expect(document.nextSteps).toContain(`Install the new dependencies: \`${install}\``)

    const written = document.changes.filter((change) => change.action !== 'unchanged').map((change) => change.path)
    expect(written).toEqual(expect.arrayContaining(['src/lib/auth/auth.ts', 'src/lib/auth/guards.ts', 'package.json']))
    const afterInit = snapshotTree(root)
    expect(changedFiles(before, afterInit)).toEqual(written.map(inRoot).sort())
    const contents = Object.fromEntries(written.map((file) => [file, afterInit[inRoot(file)]!]))
    expect(checkCode(appDir, written, contents)).toBeGreaterThan(20)
    // the new deps land in the app's package.json, never the workspace root's
    expect(JSON.parse(afterInit[inRoot('package.json')]!).dependencies['better-auth']).toBeDefined()
    if (fixture.app !== '.') expect(afterInit['package.json']).toBe(before['package.json'])

    const protect = runCli(['protect', '/', '/about', '--json', '--cwd', appDir])
    expect(protect.stderr).toBe('')
    expect(protect.code).toBe(0)
    const guarded = JSON.parse(protect.stdout) as { routes: { id: string; status: string; file: string }[]; changes: { path: string; action: string }[] }
    expect(guarded.routes.map((route) => [route.id, route.status])).toEqual([
      ['/', 'added'],
      ['/about', 'added'],
    ])
    const afterProtect = snapshotTree(root)
    const edited = guarded.changes.map((change) => change.path)
    expect(edited.sort()).toEqual(['src/routes/about.tsx', 'src/routes/index.tsx'])
    expect(changedFiles(afterInit, afterProtect)).toEqual(edited.map(inRoot).sort())
    expect(checkCode(appDir, edited, Object.fromEntries(edited.map((file) => [file, afterProtect[inRoot(file)]!])))).toBe(2)
    for (const file of edited) expect(afterProtect[inRoot(file)]).toContain('beforeLoad: requireAuth')
  })

  it('--package-manager overrides detection (report and install step)', () => {
    const { appDir } = prepared(fixture)
    const override = fixture.manager === 'bun' ? 'pnpm' : 'bun'
    const result = init(appDir, ['--yes', '--no-install', '--json', '--package-manager', override])
    expect(result.code).toBe(0)
    const document = parseDocument(result.stdout) as Document
    expect(document.notes?.find((note) => note.startsWith('Package manager:'))).toMatch(new RegExp(`^Package manager: ${override}\\b.*\\(--package-manager ${override}\\)\\.$`))
    expect(document.nextSteps.join('\n')).toContain(`Install the new dependencies: \`${override} install`)
  })
})

describe('npm workspace root', () => {
  it('refuses with the --cwd apps/web candidate and writes nothing', () => {
    const root = copyFixture('npm-workspace')
    copies.push(root)
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${root} is a workspace root, not a TanStack Start app; Start app found: apps/web`)
    expect(result.stderr).toContain('--cwd apps/web')
    expect(snapshotTree(root)).toEqual(before)
  })

  it('rejects an unknown --package-manager as a usage error', () => {
    const root = copyFixture('no-lockfile')
    copies.push(root)
    const result = init(root, ['--yes', '--no-install', '--package-manager', 'deno'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Allowed choices are npm, pnpm, yarn, bun")
  })
})
