/**
 * The copy of the TypeScript bundle `npm run build` writes to dist/vendor (scripts/vendor-typescript.mjs:
 * only the parser and what it reaches, minified) is what lib/typescript.js loads, and it parses exactly
 * as the original does.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import ts, { loadedFrom } from '../../lib/typescript.js'
import { REPO } from '../helpers/cli.js'

const require = createRequire(import.meta.url)
const originalFile = require.resolve('@ts-morph/common/dist/typescript.js')
const original = require(originalFile) as typeof ts

describe('the vendored TypeScript bundle', () => {
  it('falls back to the original when the copy is damaged (an interrupted build)', () => {
    const copy = path.join(REPO, '.tmp', `damaged-${process.pid}`)
    rmSync(copy, { recursive: true, force: true })
    cpSync(path.join(REPO, 'lib'), path.join(copy, 'lib'), { recursive: true })
    mkdirSync(path.join(copy, 'dist/vendor'), { recursive: true })
    symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'))
    writeFileSync(path.join(copy, 'dist/vendor', path.basename(loadedFrom)), 'var ts = {}; ((module) => {')
    try {
      const output = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const m = await import('./lib/typescript.js'); console.log(typeof m.default.createSourceFile)",
        ],
        { cwd: copy, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path.join(copy, 'cache') } },
      )
      expect(output.trim()).toBe('function')
    } finally {
      rmSync(copy, { recursive: true, force: true })
    }
  })

  it('keeps the newest four code caches in the user cache folder, removing older ones', () => {
    const home = path.join(REPO, '.tmp', `cache-${process.pid}`)
    const folder = path.join(home, 'kit-auth')
    rmSync(home, { recursive: true, force: true })
    mkdirSync(folder, { recursive: true })
    // six caches of earlier kit-auth builds, a day apart, and a file that is not a cache
    const old = Array.from({ length: 6 }, (_, index) => `typescript-1-old${index}-10-v20.0.0-x64.v8cache`)
    old.forEach((name, index) => {
      writeFileSync(path.join(folder, name), 'stale')
      const when = Date.now() / 1000 - (index + 1) * 86_400
      utimesSync(path.join(folder, name), when, when)
    })
    writeFileSync(path.join(folder, 'notes.txt'), 'kept')
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', "await import('./lib/typescript.js')"], {
        cwd: REPO,
        env: { ...process.env, XDG_CACHE_HOME: home, KIT_AUTH_NO_CODE_CACHE: '' },
      })
      const left = readdirSync(folder).sort()
      const written = left.filter((name) => name.endsWith('.v8cache') && !old.includes(name))
      expect(written).toHaveLength(1)
      // the new cache and the three newest old ones
      expect(left).toEqual([...old.slice(0, 3), ...written, 'notes.txt'].sort())
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })

  it('is loaded instead of the original, and is ASCII (decoded as latin1)', () => {
    expect(path.relative(REPO, loadedFrom)).toMatch(/^dist\/vendor\/typescript-\d+-[0-9a-f]{12}\.js$/)
    const bytes = readFileSync(loadedFrom)
    // only the parser and what it reaches (scripts/shake-typescript.mjs), minified
    expect(bytes.length).toBeLessThan(readFileSync(originalFile).length / 5)
    expect(bytes.every((byte) => byte < 0x80)).toBe(true)
  })

  it('has every ts.<name> kit-auth’s sources use, and not the checker', () => {
    const used = new Set<string>()
    for (const file of sourcesUnder('src', /\.ts$/))
      for (const match of readFileSync(file, 'utf8').matchAll(/\bts\.(\w+)/g)) used.add(match[1] ?? '')
    const values = [...used].filter((name) => (original as unknown as Record<string, unknown>)[name] !== undefined)
    expect(values).toContain('createSourceFile')
    for (const name of values)
      expect({ name, type: typeof (ts as unknown as Record<string, unknown>)[name] }).toEqual({
        name,
        type: typeof (original as unknown as Record<string, unknown>)[name],
      })
    expect((ts as unknown as Record<string, unknown>).createProgram).toBeUndefined()
  })

  it('parses kit-auth’s sources, templates, fixtures and audit corpus exactly as the original', () => {
    const files = [
      ...sourcesUnder('src', /\.ts$/),
      ...sourcesUnder('templates', /\.tsx?(\.hbs)?$/),
      ...sourcesUnder('fixtures', /\.(tsx?|jsx?|mjs|cjs)$/),
      ...sourcesUnder('test/audit/corpus', /\.tsx?$/),
    ]
    expect(files.length).toBeGreaterThan(400)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      expect({ file, tree: treeOf(ts, file, text) }).toEqual({ file, tree: treeOf(original, file, text) })
    }
  })

  it('reports syntax errors and reads JSON config as the original', () => {
    const broken = [
      'export const x = createServerFn({ method: "GET" }).handler(() => { return <div>é</div>',
      'const = 1',
      'let x: = ;;; class {',
      '/** @public shown on the pricing page */ export const a = 1 /* trailing */',
    ]
    for (const text of broken) expect(treeOf(ts, 'b.tsx', text)).toEqual(treeOf(original, 'b.tsx', text))
    expect(treeOf(ts, 'b.tsx', broken[0] ?? '')).toContain('"code":')
    const configs = [
      '{ // a comment\n "compilerOptions": { "paths": { "#/*": ["./src/*"] }, }, }',
      '{ "compilerOptions": }',
      ...sourcesUnder('fixtures', /tsconfig.*\.json$/).map((file) => readFileSync(file, 'utf8')),
    ]
    const read = (api: typeof ts, text: string) => {
      const { config, error } = api.parseConfigFileTextToJson('tsconfig.json', text)
      const message = error && api.flattenDiagnosticMessageText(error.messageText, ' ')
      return { config: config as unknown, error: error && { start: error.start, code: error.code, message } }
    }
    expect(read(ts, configs[1] ?? '').error?.message).toBeTruthy()
    for (const text of configs) expect(read(ts, text)).toEqual(read(original, text))
  })
})

/** Files under a folder of the repository (node_modules skipped) whose names match. */
function sourcesUnder(folder: string, pattern: RegExp): string[] {
  return readdirSync(path.join(REPO, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => pattern.test(file) && !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(REPO, folder, file))
}

/**
 * Everything kit-auth reads of a parse: each node's kind, range, flags, start, text, JSDoc, children
 * (services' getChildren) and modifiers, then the syntax errors, comments and line map.
 */
function treeOf(api: typeof ts, file: string, text: string): string {
  const kind = /\.(tsx|hbs)$/.test(file)
    ? api.ScriptKind.TSX
    : /\.jsx$/.test(file)
      ? api.ScriptKind.JSX
      : /\.[cm]?js$/.test(file)
        ? api.ScriptKind.JS
        : api.ScriptKind.TS
  const source = api.createSourceFile(file, text, api.ScriptTarget.Latest, true, kind)
  const lines: string[] = []
  const visit = (node: ts.Node, depth: number) => {
    const { text: value, escapedText } = node as unknown as { text?: string; escapedText?: string }
    const modifiers = api.canHaveModifiers(node) ? (api.getModifiers(node)?.length ?? 0) : 0
    const jsDoc = (node as unknown as { jsDoc?: ts.Node[] }).jsDoc ?? []
    lines.push(
      [depth, api.SyntaxKind[node.kind], node.pos, node.end, node.flags, node.getStart(), value, escapedText]
        .concat([node.getChildren().length, modifiers, jsDoc.length, node.getText().length])
        .join(' '),
    )
    for (const doc of jsDoc) visit(doc, depth + 1)
    api.forEachChild(node, (child) => visit(child, depth + 1))
  }
  visit(source, 0)
  const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics
  lines.push(
    JSON.stringify(
      diagnostics.map((d) => ({
        start: d.start,
        length: d.length,
        code: d.code,
        message: api.flattenDiagnosticMessageText(d.messageText, ' '),
      })),
    ),
    JSON.stringify(api.getLeadingCommentRanges(text, 0) ?? null),
    JSON.stringify(source.getLineAndCharacterOfPosition(text.length)),
  )
  return lines.join('\n')
}
