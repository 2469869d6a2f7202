import ts from '../../../lib/typescript.js'
import type { TextEdit } from './edits.js'
import { indentAt, lineEnd, lineStart, sameLineComment } from './trivia.js'

/** Prettier's default print width, which the generated code is formatted with too. */
const MAX_WIDTH = 80

/** The element that must end the list: the one already there (moved last when it is not), or code to add. */
export interface LastElement {
  element: ts.Expression | undefined
  code: string
}

/**
 * Edits that add `calls` to an array literal and leave `last` as its last element: an existing
 * element that is not last is moved there with its comments; a missing one is added.
 */
export function addElements(
  text: string,
  sourceFile: ts.SourceFile,
  list: ts.ArrayLiteralExpression,
  calls: string[],
  last: LastElement | null,
  unit: string,
): TextEdit[] {
  const elements = list.elements
  const final = elements.at(-1)
  const lastInPlace = !!last?.element && last.element === final
  if (calls.length === 0 && (!last || lastInPlace)) return []
  if (elements.length === 0)
    return [
      {
        start: list.getStart(sourceFile),
        end: list.end,
        text: arrayText(text, sourceFile, list, [...calls, ...(last ? [last.code] : [])], unit),
      },
    ]
  const multiline = text.slice(list.getStart(sourceFile), elements[0]!.getStart(sourceFile)).includes('\n')
  if (!multiline) {
    const items = elements.filter((element) => element !== last?.element).map((element) => element.getText(sourceFile))
    items.push(...calls)
    if (last) items.push(last.element ? last.element.getText(sourceFile) : last.code)
    return [{ start: list.getStart(sourceFile), end: list.end, text: arrayText(text, sourceFile, list, items, unit) }]
  }
  const indent = indentAt(text, elements[0]!.getStart(sourceFile))
  if (lastInPlace) {
    // before the element's leading comments ("Must stay last: ..."), on lines of their own
    const element = last!.element!
    const lead = text.slice(element.pos, element.getStart(sourceFile))
    const lineBreak = /\r?\n/.exec(lead)
    if (!lineBreak)
      return [
        {
          start: element.getStart(sourceFile),
          end: element.getStart(sourceFile),
          text: calls.map((item) => `${item}, `).join(''),
        },
      ]
    const at = element.pos + lineBreak.index
    return [{ start: at, end: at, text: calls.map((item) => `\n${indent}${item},`).join('') }]
  }
  const edits: TextEdit[] = []
  /** Lines to append: the code (possibly several lines, indented) and a same-line comment. */
  const tail: { code: string; comment: string }[] = calls.map((item) => ({ code: `${indent}${item}`, comment: '' }))
  if (last?.element) {
    const element = last.element
    const next = elements[elements.indexOf(element) + 1]!
    const lead = text.slice(element.pos, element.getStart(sourceFile))
    // from the line break that starts its comments (`\r\n` in a CRLF file), or from the element itself
    const lineBreak = /\r?\n/.exec(lead)
    const from = lineBreak ? element.pos + lineBreak.index : element.getStart(sourceFile)
    const trailing = sameLineComment(text, next.pos)
    edits.push({ start: from, end: trailing.end, text: '' })
    const code = lineBreak
      ? text.slice(from + lineBreak[0].length, element.end)
      : `${indent}${element.getText(sourceFile)}`
    tail.push({ code, comment: trailing.comment })
  } else if (last) {
    tail.push({ code: `${indent}${last.code}`, comment: '' })
  }
  const trailingComma = elements.hasTrailingComma
  if (!trailingComma) edits.push({ start: final!.end, end: final!.end, text: ',' })
  const at = sameLineComment(text, elements.end).end
  const added = tail.map((item, index) => {
    const comma = trailingComma || index < tail.length - 1 ? ',' : ''
    return `\n${item.code}${comma}${item.comment ? ` ${item.comment}` : ''}`
  })
  edits.push({ start: at, end: at, text: added.join('') })
  return edits
}

/** `[a, b]` when it fits on its line in 80 columns, else one element a line (what Prettier prints). */
function arrayText(
  text: string,
  sourceFile: ts.SourceFile,
  list: ts.ArrayLiteralExpression,
  items: string[],
  unit: string,
): string {
  const before = list.getStart(sourceFile) - lineStart(text, list.getStart(sourceFile))
  const after = text.slice(list.end, lineEnd(text, list.end)).replace(/\r$/, '').length
  const oneLine = `[${items.join(', ')}]`
  if (before + oneLine.length + after <= MAX_WIDTH) return oneLine
  const indent = indentAt(text, list.getStart(sourceFile))
  return `[\n${items.map((item) => `${indent}${unit}${item},`).join('\n')}\n${indent}]`
}

/**
 * Edits that insert `items` into an array literal before its element at `index` (after the last
 * one when `index` is past it): one a line in a multi-line array, with its indent and trailing
 * comma style, inline in a one-line array, `[a, b]` in an empty one.
 *
 * @example insertElements(text, sourceFile, list, 0, ['csrfMiddleware']) // [csrfMiddleware, logging]
 */
export function insertElements(
  text: string,
  sourceFile: ts.SourceFile,
  list: ts.ArrayLiteralExpression,
  index: number,
  items: readonly string[],
): TextEdit[] {
  if (items.length === 0) return []
  const elements = list.elements
  const open = list.getStart(sourceFile) + 1
  const first = elements[0]
  if (!first) {
    const close = list.end - 1
    // comments inside stay, after the new elements
    if (text.slice(open, close).trim() !== '') return [{ start: open, end: open, text: `${items.join(', ')} ` }]
    return [{ start: open, end: close, text: items.join(', ') }]
  }
  const multiline = text.slice(open, first.getStart(sourceFile)).includes('\n')
  const before = elements[index]
  if (before) {
    const start = before.getStart(sourceFile)
    const separator = multiline ? `\n${indentAt(text, start)}` : ' '
    return [{ start, end: start, text: items.map((item) => `${item},${separator}`).join('') }]
  }
  const last = elements.at(-1)!
  if (!multiline) return [{ start: last.end, end: last.end, text: items.map((item) => `, ${item}`).join('') }]
  // after the last element's same-line comment, which stays with it
  const indent = indentAt(text, last.getStart(sourceFile))
  const trailingComma = elements.hasTrailingComma
  const at = sameLineComment(text, elements.end).end
  const added = items.map((item, position) =>
    trailingComma || position < items.length - 1 ? `\n${indent}${item},` : `\n${indent}${item}`,
  )
  const edits: TextEdit[] = trailingComma ? [] : [{ start: last.end, end: last.end, text: ',' }]
  edits.push({ start: at, end: at, text: added.join('') })
  return edits
}
