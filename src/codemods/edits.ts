import ts from '../../lib/typescript.js'
import { KitError } from '../core/errors.js'

/** A replacement of the span [start, end) of a text. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/**
 * Applies non-overlapping edits to a text; every byte outside the edited spans stays as it was.
 * Edits at the same position keep their order.
 *
 * @example applyEdits('a c', [{ start: 2, end: 2, text: 'b ' }]) // 'a b c'
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.index - b.index)
  let result = ''
  let cursor = 0
  for (const { edit } of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at ${edit.start}`)
    result += text.slice(cursor, edit.start) + edit.text
    cursor = edit.end
  }
  return result + text.slice(cursor)
}

/** The whitespace at the start of the line holding `position`. */
export function indentAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? ''
}

/**
 * Parses a file kit-auth is about to edit; a syntax error is a KitError naming the file and
 * position (`rerun` completes the hint: "run the command again"), because kit-auth edits
 * only files it can read.
 *
 * @example parseForEdit(text, 'src/lib/auth/guards.ts', 'run the command again')
 */
export function parseForEdit(text: string, fileName: string, rerun = 'run the command again'): ts.SourceFile {
  const sourceFile = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const [first] = (sourceFile as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? []
  if (first) {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0)
    throw new KitError(
      `${fileName}:${line + 1}:${character + 1} does not parse: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`,
      `Fix the syntax error, then ${rerun}; kit-auth edits only files it can read.`,
    )
  }
  return sourceFile
}
