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
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
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

/**
 * The same edits with every line break of their new text written as `eol`: transforms write `\n`,
 * and a CRLF file stays CRLF.
 *
 * @example withLineEndings([{ start: 0, end: 0, text: 'a\nb' }], '\r\n')[0].text // 'a\r\nb'
 */
export function withLineEndings(edits: readonly TextEdit[], eol: string): TextEdit[] {
  return edits.map((edit) => ({ ...edit, text: edit.text.replace(/\r?\n/g, eol) }))
}
