/**
 * The minified TypeScript bundle `npm run build` writes to dist/vendor (scripts/vendor-typescript.mjs)
 * is what lib/typescript.js loads, and it parses and prints exactly as the original does.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
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

  it('is loaded instead of the original, and is ASCII (decoded as latin1)', () => {
    expect(path.relative(REPO, loadedFrom)).toMatch(/^dist\/vendor\/typescript-\d+-[0-9a-f]{12}\.js$/)
    const bytes = readFileSync(loadedFrom)
    expect(bytes.length).toBeLessThan(readFileSync(originalFile).length / 2)
    expect(bytes.every((byte) => byte < 0x80)).toBe(true)
  })

  it('parses, reports syntax errors and prints kit-auth’s own sources exactly as the original', () => {
    const files = readdirSync(path.join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(REPO, 'src', file))
    const templates = readdirSync(path.join(REPO, 'templates'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file))
      .map((file) => path.join(REPO, 'templates', file))
    expect(files.length).toBeGreaterThan(100)
    const outputOf = (api: typeof ts, file: string) => {
      const text = readFileSync(file, 'utf8')
      const source = api.createSourceFile(file, text, api.ScriptTarget.Latest, true, api.ScriptKind.TSX)
      const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics
      return {
        printed: api.createPrinter().printFile(source),
        nodes: api.SyntaxKind[source.statements[0]?.kind ?? 0],
        errors: diagnostics.map((d) => `${d.start}: ${api.flattenDiagnosticMessageText(d.messageText, ' ')}`),
      }
    }
    for (const file of [...files, ...templates.slice(0, 40)])
      expect(outputOf(ts, file)).toEqual(outputOf(original, file))
    // a broken file's messages too
    const broken = 'export const x = createServerFn({ method: "GET" }).handler(() => { return <div>é</div>'
    const parse = (api: typeof ts) =>
      (
        api.createSourceFile('b.tsx', broken, api.ScriptTarget.Latest, true, api.ScriptKind.TSX) as unknown as {
          parseDiagnostics: ts.Diagnostic[]
        }
      ).parseDiagnostics.map((d) => api.flattenDiagnosticMessageText(d.messageText, ' '))
    expect(parse(ts).length).toBeGreaterThan(0)
    expect(parse(ts)).toEqual(parse(original))
  })
})
