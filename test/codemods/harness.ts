import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { diffLines } from 'diff'
import { describe, expect, it } from 'vitest'
import { parse, syntaxProblem } from '../../src/codemods/js/parse.js'
import { runTransform, type RunOptions, type Transform } from '../../src/codemods/transform.js'

/**
 * One loop for codemod case folders (sv-utils' `src/tests/js/index.ts`): every folder of `dir`
 * holds `input.<ext>`, `output.<ext>` and optionally `options.json`, and each case is checked the
 * same way: (a) the output matches `output.<ext>`, (b) it parses, (c) a second run changes nothing,
 * (d) line endings are kept (each case runs again with the other line ending and must give the same
 * output with that line ending), (e) what the user wrote is kept, and changes stay on the lines the
 * transform's edits touch.
 */

/**
 * How much of the input a case may change, for check (e):
 * - `every-byte`: pure insertions; the input is a subsequence of the output.
 * - `every-token`: whitespace may be reflowed around the edits (a one-line object spread over
 *   lines); the input without whitespace is a subsequence of the output without whitespace.
 * - `local`: code may be replaced or removed (unprotect, a moved element); only the locality check.
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
  /** Check (e); `every-byte` unless said otherwise, for every case or per case. */
  keeps?: Keeps | ((name: string, options: Options) => Keeps)
  /** What else a case's output must satisfy (order of elements, one import...). */
  check?: (output: string, context: { input: string; options: Options; name: string }) => void
}

/**
 * Declares one vitest test per case folder (and one per case with the other line ending).
 *
 * @example describeCases('mergeRequestMiddleware', { dir, fileName: 'src/start.ts', transform: mergeRequestMiddleware, options: (json) => ({ ...defaults, ...json }) })
 */
export function describeCases<Options>(title: string, suite: CaseSuite<Options>): void {
  const extension = path.extname(suite.fileName)
  const names = readdirSync(suite.dir)
    .filter((name) => existsSync(path.join(suite.dir, name, `input${extension}`)))
    .sort()
  const cases = names.map((name) => {
    const dir = path.join(suite.dir, name)
    const optionsFile = path.join(dir, 'options.json')
    const json = existsSync(optionsFile)
      ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Record<string, unknown>)
      : {}
    const options = suite.options(json, name)
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
        expect(keptProblems(input, output, keeps), 'what the user wrote is kept').toEqual([])
        const sourceFile = parse(input, suite.fileName)
        const { edits } = suite.transform({ text: input, fileName: suite.fileName, sourceFile }, options)
        expect(linesOutsideEdits(input, output, edits), 'changes stay on the edited lines').toEqual([])
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
 * What check (e) finds wrong with an output: the user's bytes (or code) that are gone, and changed
 * lines that only reformat (a hunk of the line diff that rewrites code to the same code, whitespace
 * aside: re-indented lines, trimmed trailing spaces, converted line endings).
 */
export function keptProblems(input: string, output: string, keeps: Keeps): string[] {
  const problems: string[] = []
  if (keeps === 'every-byte' && !isSubsequence(input, output)) problems.push('input bytes were removed or reordered')
  if (keeps === 'every-token' && !isSubsequence(bare(input), bare(output)))
    problems.push('input code (whitespace aside) was removed or reordered')
  for (const hunk of hunks(input, output)) {
    if (bare(hunk.removed) !== '' && bare(hunk.removed) === bare(hunk.added))
      problems.push(`${where(hunk)} only changes whitespace: ${JSON.stringify(hunk.removed)}`)
  }
  return problems
}

/** The code of a text without its whitespace. */
const bare = (text: string) => text.replace(/\s+/g, '')

interface Hunk {
  /** Input lines [from, to) the hunk replaces (from === to for lines inserted before line `from`). */
  from: number
  to: number
  removed: string
  added: string
}

const where = (hunk: Hunk) =>
  hunk.from === hunk.to ? `the insertion before input line ${hunk.from + 1}` : `input lines ${hunk.from + 1}-${hunk.to}`

/** The changed regions of a line diff, in input line numbers (0-based). */
function hunks(input: string, output: string): Hunk[] {
  const result: Hunk[] = []
  let line = 0
  let current: Hunk | null = null
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

/**
 * The changed regions of the output that no edit of the transform explains: every hunk of the line
 * diff must touch an input line that an edit touches (or border it, for a line inserted next to it).
 * What this catches is the runner's share: line endings converted elsewhere, imports wrapped that
 * the edit did not touch, a chain that rewrote more than its steps asked.
 */
export function linesOutsideEdits(
  input: string,
  output: string,
  edits: readonly { start: number; end: number }[],
): string[] {
  const lines = input.split('\n')
  const lineOf = (position: number) => input.slice(0, position).split('\n').length - 1
  const edited = edits.map((edit) => [lineOf(edit.start), lineOf(edit.end)] as const)
  const blank = (line: number) => line >= 0 && line < lines.length && bare(lines[line]!) === ''
  return hunks(input, output)
    .map((hunk) => {
      // the diff may slide a change through the blank lines around it (they match the blank lines it adds)
      let { from, to } = hunk
      while (blank(from - 1)) from--
      while (blank(to)) to++
      return { ...hunk, from, to }
    })
    .filter((hunk) => !edited.some(([first, last]) => hunk.from <= last + 1 && hunk.to >= first))
    .map((hunk) => `${where(hunk)} changed: ${JSON.stringify(hunk.removed || hunk.added)}`)
}
