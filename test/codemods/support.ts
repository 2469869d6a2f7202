/**
 * The checks every transform's cases run (the ones protect's cases started with): the output
 * parses, a second run changes nothing, the input survives byte for byte around the edits, and a
 * CRLF copy of the input comes out as the same output with CRLF line endings only.
 */
import { ts } from 'ts-morph'
import { expect } from 'vitest'
import { runTransform, type RunOptions, type RunResult, type Transform } from '../../src/codemods/transform.js'

export function syntaxErrors(text: string, fileName = 'file.tsx'): string[] {
  const diagnostics =
    ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve } })
      .diagnostics ?? []
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '))
}

export function isSubsequence(small: string, large: string): boolean {
  let index = 0
  for (const char of large) if (char === small[index]) index++
  return index === small.length
}

export const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n')

/** True when a text has a `\n` that is not part of a `\r\n`. */
export const hasLoneLineFeed = (text: string): boolean => /(^|[^\r])\n/.test(text)

export interface CaseCheck {
  /**
   * What of the input must survive in order: every byte (the default), every byte but whitespace
   * (a one-line object spread over lines), or nothing checked here (the transform moves or
   * replaces code: the case checks what it keeps).
   */
  survives?: 'bytes' | 'non-whitespace' | 'unchecked'
}

/**
 * Runs a transform on `input` through the runner and checks what every case must hold; returns
 * the result for the case's own expectations.
 *
 * @example const { text } = checkTransform(addPlugins, input, 'src/lib/auth.ts', options, { style })
 */
export function checkTransform<Options, Data>(
  transform: Transform<Options, Data>,
  input: string,
  fileName: string,
  options: Options,
  run: RunOptions = {},
  check: CaseCheck = {},
): RunResult<Data> {
  const result = runTransform(input, fileName, transform, options, run)
  expect(syntaxErrors(result.text, fileName), 'the output parses').toEqual([])

  const again = runTransform(result.text, fileName, transform, options, run)
  expect(again.text, 'a second run changes nothing').toBe(result.text)
  expect(again.changes, 'a second run reports nothing').toEqual([])

  const survives = check.survives ?? 'bytes'
  if (survives === 'bytes') expect(isSubsequence(input, result.text), 'every byte of the input survives').toBe(true)
  const solid = (text: string) => text.replace(/\s+/g, '')
  if (survives === 'non-whitespace')
    expect(isSubsequence(solid(input), solid(result.text)), 'all but whitespace survives').toBe(true)

  // (a file without a line break has no line endings to keep)
  if (!input.includes('\n')) return result
  const windows = runTransform(crlf(input), fileName, transform, options, run)
  expect(windows.text, 'a CRLF file gets the same edit, in CRLF').toBe(crlf(result.text))
  expect(hasLoneLineFeed(windows.text), 'a CRLF file stays CRLF').toBe(false)
  expect(windows.changes).toEqual(result.changes)
  return result
}
