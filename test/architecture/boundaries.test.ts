/**
 * The layers of src/, enforced on every import (parsed with the TypeScript API, type-only imports
 * included). Bottom up, each layer may import only its own and lower ones:
 *
 *   codemods/js < core < project < codemods < routes < audit < plans < doctor < commands < main.ts < cli.ts
 *
 * src/codemods/js is a toolkit that knows nothing of kit-auth (it may import lib/typescript and
 * other js/ files only). Transforms (the rest of src/codemods) get what they know of routes and
 * guards through their options; src/routes reads route files with the transforms' guard shape. src/tasks is the runner
 * kit-auth starts inside the app: it may import core and project, and nothing imports it. Plans
 * and codemods never touch the disk: no fs import.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { ts } from 'ts-morph'

const REPO = fileURLToPath(new URL('../../', import.meta.url))

/** Layers bottom up; a file belongs to the first whose prefix it starts with (codemods/js before codemods). */
const LAYERS = [
  'src/codemods/js/',
  'src/core/',
  'src/project/',
  'src/codemods/',
  'src/routes/',
  // reads the app's modules (through imports) to decide what authorizes its entry points
  'src/audit/',
  'src/plans/',
  // checks an app's setup with what plans know (env files, the migration runner)
  'src/doctor/',
  'src/commands/',
  // the program (commander) and the binary that runs it
  'src/main.ts',
  'src/cli.ts',
] as const

/** The in-app runner: beside the layers, importing only these, imported by nobody. */
const TASKS = 'src/tasks/'
const TASKS_MAY_IMPORT = ['src/core/', 'src/project/', TASKS]

/** Layers that only compute: everything they read comes in ProjectInfo or through the change set. */
const NO_DISK = ['src/plans/', 'src/codemods/']
const FS_MODULE = /^(node:)?fs(\/promises)?$/

/**
 * Imports that break the layering today, each with the change that removes it. A listed import that
 * no longer exists fails the test too: take it off this list then.
 */
const KNOWN_EXCEPTIONS: { from: string; to: string }[] = []

interface Import {
  /** The importing file, relative to the repository, posix. */
  from: string
  /** The module specifier as written. */
  specifier: string
  /** For a relative specifier: the imported file, relative to the repository (`.js` read as `.ts`). */
  to: string | null
  line: number
}

/** Every module a file imports: import and export-from declarations, `import = require()`, `import()`, `require()`. */
function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: Import[] = []
  const add = (node: ts.Node, literal: ts.Expression | undefined) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return
    const specifier = literal.text
    const to = specifier.startsWith('.')
      ? path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts')
      : null
    found.push({ from: file, specifier, to, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 })
  }
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier)
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node, node.moduleReference.expression)
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    )
      add(node, node.arguments[0])
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Index of the layer a file belongs to, -1 for src/tasks, null outside src/ (lib/, packages). */
function layerOf(file: string): number | null {
  if (file.startsWith(TASKS)) return -1
  const index = LAYERS.findIndex((layer) => file === layer || file.startsWith(layer))
  if (index >= 0) return index
  return file.startsWith('src/') ? Number.NaN : null
}

/** Why an import breaks the rules, or null when it is allowed. */
function violation(edge: Import): string | null {
  const where = `${edge.from}:${edge.line} imports ${edge.specifier}`
  if (NO_DISK.some((dir) => edge.from.startsWith(dir)) && FS_MODULE.test(edge.specifier))
    return `${where}: plans and codemods never touch the disk (take it from ProjectInfo or the ChangeSet)`
  const from = layerOf(edge.from)
  if (from === null || Number.isNaN(from)) return `${where}: ${edge.from} is in no layer (add it to LAYERS)`
  if (edge.to === null) return null
  if (edge.to.startsWith('lib/')) return null
  const to = layerOf(edge.to)
  if (to === null) return `${where}: relative import outside src/ and lib/`
  if (Number.isNaN(to)) return `${where}: ${edge.to} is in no layer (add it to LAYERS)`
  if (from === -1)
    return TASKS_MAY_IMPORT.some((dir) => edge.to!.startsWith(dir))
      ? null
      : `${where}: src/tasks may import only core and project`
  if (to === -1) return `${where}: src/tasks is started as its own process, never imported`
  if (from === 0 && to !== 0) return `${where}: src/codemods/js imports nothing of kit-auth but lib/ and js/ files`
  if (to > from) return `${where}: ${LAYERS[from]} must not import ${LAYERS[to]}, a higher layer`
  return null
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.[cm]?tsx?$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => path.posix.join(dir, file.split(path.sep).join('/')))
    .sort()
}

const FILES = sourceFiles('src')
const IMPORTS = FILES.flatMap((file) => importsOf(file, readFileSync(path.join(REPO, file), 'utf8')))
const isKnown = (edge: Import) => KNOWN_EXCEPTIONS.some((known) => known.from === edge.from && known.to === edge.to)

describe('import boundaries of src/', () => {
  test('every import respects the layers, and plans and codemods import no fs', () => {
    // A sanity floor: the walk really found the sources and their imports.
    expect(FILES.length).toBeGreaterThan(50)
    expect(IMPORTS.filter((edge) => edge.to !== null).length).toBeGreaterThan(150)
    const problems = IMPORTS.filter((edge) => !isKnown(edge))
      .map(violation)
      .filter((problem): problem is string => problem !== null)
    expect(problems).toEqual([])
  })

  test('every known exception still exists (remove the ones that were fixed)', () => {
    const stale = KNOWN_EXCEPTIONS.filter(
      (known) => !IMPORTS.some((edge) => edge.from === known.from && edge.to === known.to),
    )
    expect(stale).toEqual([])
    for (const known of KNOWN_EXCEPTIONS) {
      const edge = IMPORTS.find((candidate) => candidate.from === known.from && candidate.to === known.to)!
      expect(violation(edge), `${known.from} -> ${known.to} is a real violation`).not.toBeNull()
    }
  })

  test('the checker catches each kind of violation', () => {
    const edge = (from: string, specifier: string, to: string | null = null): Import => ({
      from,
      specifier,
      to,
      line: 1,
    })
    expect(violation(edge('src/core/report.ts', '../plans/env.js', 'src/plans/env.ts'))).toMatch(/higher layer/)
    expect(violation(edge('src/routes/guards.ts', '../plans/x.js', 'src/plans/x.ts'))).toMatch(/higher layer/)
    expect(violation(edge('src/project/a.ts', '../routes/b.js', 'src/routes/b.ts'))).toMatch(/higher layer/)
    expect(violation(edge('src/plans/init.ts', 'node:fs'))).toMatch(/never touch the disk/)
    expect(violation(edge('src/codemods/js/parse.ts', 'fs/promises'))).toMatch(/never touch the disk/)
    expect(violation(edge('src/codemods/js/parse.ts', '../../core/errors.js', 'src/core/errors.ts'))).toMatch(
      /imports nothing of kit-auth/,
    )
    expect(violation(edge('src/codemods/route/x.ts', '../../routes/guards.js', 'src/routes/guards.ts'))).toMatch(
      /higher layer/,
    )
    expect(violation(edge('src/tasks/app-runner.ts', '../plans/x.js', 'src/plans/x.ts'))).toMatch(/only core/)
    expect(violation(edge('src/plans/x.ts', '../tasks/app-runner.js', 'src/tasks/app-runner.ts'))).toMatch(
      /never imported/,
    )
    expect(violation(edge('src/other/x.ts', '../core/errors.js', 'src/core/errors.ts'))).toMatch(/no layer/)
    // allowed: downwards, sideways, lib/, packages, fs outside plans and codemods
    expect(violation(edge('src/plans/init.ts', '../core/errors.js', 'src/core/errors.ts'))).toBeNull()
    expect(violation(edge('src/codemods/a.ts', './js/parse.js', 'src/codemods/js/parse.ts'))).toBeNull()
    expect(violation(edge('src/codemods/js/a.ts', '../../../lib/typescript.js', 'lib/typescript.ts'))).toBeNull()
    expect(violation(edge('src/tasks/app-runner.ts', '../project/files.js', 'src/project/files.ts'))).toBeNull()
    expect(violation(edge('src/project/files.ts', 'node:fs/promises'))).toBeNull()
    expect(violation(edge('src/cli.ts', '../lib/typescript.js', 'lib/typescript.ts'))).toBeNull()
  })

  test('the parser sees every form of import', () => {
    const text = [
      "import a from './a.js'",
      "import type { B } from '../b.js'",
      "export { c } from './c.js'",
      "export * from 'node:fs'",
      "import d = require('fs')",
      "const e = await import('./e.js')",
      "const f = require('node:fs/promises')",
    ].join('\n')
    expect(importsOf('src/plans/x.ts', text).map((edge) => [edge.specifier, edge.to, edge.line])).toEqual([
      ['./a.js', 'src/plans/a.ts', 1],
      ['../b.js', 'src/b.ts', 2],
      ['./c.js', 'src/plans/c.ts', 3],
      ['node:fs', null, 4],
      ['fs', null, 5],
      ['./e.js', 'src/plans/e.ts', 6],
      ['node:fs/promises', null, 7],
    ])
  })
})
