import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { diffLines } from 'diff'
import { describe, expect, it } from 'vitest'
import ts from '../../lib/typescript.js'
import { applyEdits, type TextEdit, withLineEndings } from '../../src/codemods/js/edits.js'
import { parse, syntaxProblem } from '../../src/codemods/js/parse.js'
import { eolOf } from '../../src/codemods/js/trivia.js'
import { runTransform, type RunOptions, type Transform } from '../../src/codemods/transform.js'

/**
 * One loop for codemod case folders (sv-utils' `src/tests/js/index.ts`): every folder of `dir`
 * holds `input.<ext>`, `output.<ext>` and optionally `options.json`, and each case is checked the
 * same way: (a) the output matches `output.<ext>`, (b) it parses, (c) a second run changes nothing,
 * (d) line endings are kept (each case also runs with the other line ending and must give the same
 * output with that line ending), (e) the bytes outside the edits are unchanged, the edits are no
 * bigger than the change, and what the user wrote is kept (see `Keeps`).
 */

/**
 * What a case may do to the user's text, for check (e):
 * - `every-byte`: only insert; the input is a subsequence of the output.
 * - `every-token`: insert and reflow whitespace (a one-line object spread over lines); the input
 *   without whitespace is a subsequence of the output without whitespace.
 * - `local`: also replace, move or remove code (unprotect, an element moved last).
 */
export type Keeps = 'every-byte' | 'every-token' | 'local'

export interface CaseSuite<Options> {
  /** The folder that holds one folder per case. */
  dir: string
  /** The name the input is parsed as (`src/start.ts`); its extension names the case files. */
  fileName: string
  transform: Transform<Options, unknown>
  /** The transform's options for a case, from its `options.json` (`{}` when it has none). */
  options: (json: Record<string, unknown>, name: string) => Options
  /** How the command runs it (import wrapping, rerun hint). */
  run?: RunOptions
  /** `every-byte` unless said otherwise, for every case or per case. */
  keeps?: Keeps | ((name: string, options: Options) => Keeps)
  /** What else a case's output must satisfy (order of elements, one import...). */
  check?: (output: string, context: { input: string; options: Options; name: string }) => void
}

/**
 * Declares one vitest test per case folder, and one per case with the other line ending.
 *
 * @example describeCases('addExportAll cases', { dir, fileName: 'src/db/schema.ts', transform: addExportAll, options })
 */
export function describeCases<Options>(title: string, suite: CaseSuite<Options>): void {
  const extension = path.extname(suite.fileName)
  const cases = readdirSync(suite.dir)
    .filter((name) => existsSync(path.join(suite.dir, name, `input${extension}`)))
    .sort()
    .map((name) => {
      const dir = path.join(suite.dir, name)
      const optionsFile = path.join(dir, 'options.json')
      const json = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as object) : {}
      const options = suite.options(json as Record<string, unknown>, name)
      const input = readFileSync(path.join(dir, `input${extension}`), 'utf8')
      const keeps = typeof suite.keeps === 'function' ? suite.keeps(name, options) : (suite.keeps ?? 'every-byte')
      return { name, dir, input, options, keeps }
    })
  const run = (input: string, options: Options) =>
    runTransform(input, suite.fileName, suite.transform, options, suite.run).text

  describe(title, () => {
    it('has cases', () => {
      expect(cases.length).toBeGreaterThan(0)
    })
    for (const { name, dir, input, options, keeps } of cases) {
      it(name, async () => {
        const output = run(input, options)
        await expect(output).toMatchFileSnapshot(path.join(dir, `output${extension}`))
        expect(syntaxProblem(parse(output, suite.fileName)), 'the output parses').toBeNull()
        expect(run(output, options), 'a second run changes nothing').toBe(output)
        const ending = lineEnding(input)
        if (ending === 'CRLF' || ending === 'LF') expect(lineEnding(output), 'the line ending is kept').toBe(ending)
        const sourceFile = parse(input, suite.fileName)
        const { edits } = suite.transform({ text: input, fileName: suite.fileName, sourceFile }, options)
        expect(outsideEdits(input, output, edits, suite.fileName), 'bytes outside the edits').toEqual([])
        expect(oversizedEdits(input, edits), 'edits no bigger than the change').toEqual([])
        expect(keptProblems(input, output, keeps), 'what the user wrote is kept').toEqual([])
        suite.check?.(output, { input, options, name })
      })

      // a mixed or single-line input has no other line ending to try
      const ending = lineEnding(input)
      if (ending !== 'LF' && ending !== 'CRLF') continue
      it(`${name} (${ending === 'LF' ? 'CRLF' : 'LF'})`, () => {
        const convert = (text: string) => (ending === 'LF' ? toCRLF(text) : toLF(text))
        expect(run(convert(input), options)).toBe(convert(run(input, options)))
      })
    }
  })
}

/** `LF`, `CRLF`, `mixed`, or `none` for a text without line breaks. */
export function lineEnding(text: string): 'LF' | 'CRLF' | 'mixed' | 'none' {
  const crlf = (text.match(/\r\n/g) ?? []).length
  const all = (text.match(/\n/g) ?? []).length
  if (all === 0) return 'none'
  return crlf === all ? 'CRLF' : crlf === 0 ? 'LF' : 'mixed'
}

export const toCRLF = (text: string) => text.replace(/\r?\n/g, '\r\n')
export const toLF = (text: string) => text.replace(/\r\n/g, '\n')

/** True when the characters of `small` appear in `large` in order. */
export function isSubsequence(small: string, large: string): boolean {
  let index = 0
  for (let position = 0; position < large.length && index < small.length; position++)
    if (large[position] === small[index]) index++
  return index === small.length
}

/**
 * Where the output differs from the transform's edits applied to the input (with the input's line
 * ending): nowhere, or only inside import declarations (the runner wraps the imports an edit made
 * too long). Everything else of the input must be there byte for byte.
 */
export function outsideEdits(input: string, output: string, edits: readonly TextEdit[], fileName: string): string[] {
  const direct = applyEdits(input, withLineEndings(edits, eolOf(input)))
  if (direct === output) return []
  const withoutImports = (text: string) => {
    const spans = parse(text, fileName)
      .statements.filter(ts.isImportDeclaration)
      .map((statement) => [statement.getStart(), statement.end] as const)
    return applyEdits(
      text,
      spans.map(([start, end]) => ({ start, end, text: '<import>' })),
    )
  }
  if (withoutImports(direct) === withoutImports(output)) return []
  return ['the output differs from the edits applied outside import declarations']
}

/**
 * Edits that replace more than they change: an edit whose old text starts or ends with a whole
 * non-blank line that its new text starts or ends with too re-writes user code it could have left
 * alone (a re-printed object, a whole file written back), so a later change in that code would be
 * lost or re-formatted.
 */
export function oversizedEdits(input: string, edits: readonly TextEdit[]): string[] {
  const problems: string[] = []
  for (const edit of edits) {
    const before = toLF(input.slice(edit.start, edit.end)).split(/(?<=\n)/)
    const after = toLF(edit.text).split(/(?<=\n)/)
    const atLineStart = edit.start === 0 || input[edit.start - 1] === '\n'
    const first = before[0]!
    const last = before.at(-1)!
    const whole = (line: string) => line.endsWith('\n') && line.trim() !== ''
    if (atLineStart && whole(first) && after[0] === first)
      problems.push(`the edit at ${edit.start} re-writes its first line unchanged: ${JSON.stringify(first)}`)
    else if ((before.length > 1 || atLineStart) && whole(last) && after.at(-1) === last)
      problems.push(`the edit at ${edit.start} re-writes its last line unchanged: ${JSON.stringify(last)}`)
  }
  return problems
}

/**
 * What is wrong with the user's text in an output: bytes (or code) gone that the case does not
 * allow to go (see `Keeps`), and lines that only change whitespace (a hunk of the line diff that
 * re-writes code to the same code: re-indented lines, trimmed trailing spaces, other line endings).
 */
export function keptProblems(input: string, output: string, keeps: Keeps): string[] {
  const problems: string[] = []
  if (keeps === 'every-byte' && !isSubsequence(input, output)) problems.push('input bytes were removed or reordered')
  if (keeps === 'every-token' && !isSubsequence(bare(input), bare(output)))
    problems.push('input code (whitespace aside) was removed or reordered')
  for (const hunk of hunks(input, output)) {
    if (bare(hunk.removed) !== '' && bare(hunk.removed) === bare(hunk.added))
      problems.push(`input lines ${hunk.from + 1}-${hunk.to} only change whitespace: ${JSON.stringify(hunk.removed)}`)
  }
  return problems
}

/** The code of a text without its whitespace. */
const bare = (text: string) => text.replace(/\s+/g, '')

/** The changed regions of a line diff: the input lines [from, to) (0-based) and what replaces them. */
function hunks(input: string, output: string): { from: number; to: number; removed: string; added: string }[] {
  const result: { from: number; to: number; removed: string; added: string }[] = []
  let line = 0
  let current: (typeof result)[number] | null = null
  for (const change of diffLines(input, output)) {
    const count = change.count ?? 0
    if (!change.added && !change.removed) {
      if (current) result.push(current)
      current = null
      line += count
      continue
    }
    current ??= { from: line, to: line, removed: '', added: '' }
    if (change.removed) {
      current.removed += change.value
      current.to += count
      line += count
    } else {
      current.added += change.value
    }
  }
  if (current) result.push(current)
  return result
}
